"""Layouts the samples use, written the way other plans write them: the reader must not depend
on the samples' wording or line numbers."""

from __future__ import annotations

from pathlib import Path

from ecociv.importers import read_plan
from ecociv.model import Plan


def _read(tmp_path: Path, text: str, name: str = "plan.txt") -> Plan:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return read_plan(f)


def test_tab_rows_with_category_lines_seq_in_name_and_unit_in_name(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "吉安市青原区“十四五”生态环境保护规划\n\n"
        "表4-1 青原区“十四五”生态环境保护主要指标\n"
        "指标名称\t2020年现状值\t2025年目标值\t指标属性\n"
        "（一）环境质量\n"
        "1.细颗粒物浓度（微克/立方米）\t28\t25\t约束性\n"
        "2.空气质量优良天数比率（%）\t95.1\t≥96\t约束性\n"
        "（二）生态保护\n"
        "3.森林覆盖率（%）\t67.2\t≥67.5\t约束性\n"
        "\n"
        "注：[ ]内为五年累计数。\n",
    )
    assert plan.region == "青原区"
    assert plan.region_info is not None and plan.region_info.parent == "吉安市"
    assert plan.period == (2021, 2025)
    (table,) = plan.indicator_tables
    assert table.title == "表4-1 青原区“十四五”生态环境保护主要指标"
    got = [(r.domain, r.seq, r.name, r.unit, r.baseline.value if r.baseline else None, r.targets) for r in table.rows]
    assert got == [
        ("环境质量", "1", "细颗粒物浓度（微克/立方米）", "微克/立方米", "28", {2025: "25"}),
        ("环境质量", "2", "空气质量优良天数比率（%）", "%", "95.1", {2025: "≥96"}),
        ("生态保护", "3", "森林覆盖率（%）", "%", "67.2", {2025: "≥67.5"}),
    ]


HEADER = "领域\t序号\t指标名称\t单位\t指标值\t2023年现状值\t达标情况\t2027年目标值\t指标属性\n"


def test_shifted_rows_are_realigned_and_reported(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "某某县生态文明建设示范县规划（2024-2027年）\n\n表2 某某县生态文明建设示范县指标\n"
        + HEADER
        + "生态制度\t1\t河长制\t—\t全面实施\t全面实施\t达标\t全面实施\t约束性\n"
        # domain cell missing: every cell one column to the left
        + "2\t生态环境信息公开率\t%\t100\t100\t达标\t100\t参考性\n"
        # one cell too many at the start: shifted to the right
        + "\t\t3\t城镇污水处理率\t%\t≥85\t93\t达标\t≥95\t约束性\n"
        # the unit cell missing in the middle
        + "\t4\t农村生活污水治理率\t≥50\t32\t未达标\t≥60\t约束性\n"
        + "\n以上指标为约束性或参考性指标。\n",
    )
    rows = plan.indicator_tables[0].rows
    got = [(r.domain, r.seq, r.name, r.unit, r.standard, r.status, r.targets, r.attribute) for r in rows]
    assert got == [
        ("生态制度", "1", "河长制", "—", "全面实施", "达标", {2027: "全面实施"}, "约束性"),
        ("生态制度", "2", "生态环境信息公开率", "%", "100", "达标", {2027: "100"}, "参考性"),
        ("生态制度", "3", "城镇污水处理率", "%", "≥85", "达标", {2027: "≥95"}, "约束性"),
        ("生态制度", "4", "农村生活污水治理率", None, "≥50", "未达标", {2027: "≥60"}, "约束性"),
    ]
    shifted = [w.line for w in plan.warnings if w.slug == "row-shifted"]
    assert shifted == [6, 8]


def test_one_cell_per_line_without_blank_lines(tmp_path: Path) -> None:
    cells = ["类别", "序号", "指标名称", "基期值（2015）", "规划目标值（2020）", "2020年"]
    rows = [
        ["环境质量", "1", "空气优良天数比率（%）", "88", "＞90", "93.1"],
        ["", "2", "地表水达标率（%）", "80", "≥85", "90"],
        ["生态状况", "3", "森林覆盖率（%）", "60", "＞61", "62.3"],
    ]
    body = "".join(f"\t{c}\n" for c in cells) + "".join(f"\t{c}\n" for r in rows for c in r)
    plan = _read(tmp_path, "某某市“十三五”环境保护规划\n\n表1 某某市“十三五”规划指标完成情况\n\n" + body + "\n备注：无。\n")
    (table,) = plan.indicator_tables
    assert table.kind == "completion"
    got = [(r.domain, r.seq, r.baseline.value if r.baseline else None, r.targets, r.actual) for r in table.rows]
    assert got == [
        ("环境质量", "1", "88", {2020: "＞90"}, {2020: "93.1"}),
        ("环境质量", "2", "80", {2020: "≥85"}, {2020: "90"}),
        ("生态状况", "3", "60", {2020: "＞61"}, {2020: "62.3"}),
    ]


def test_tab_rows_with_unnamed_scope_column(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "某某市“十四五”生态环境保护规划\n\n表3 主要指标\n"
        "序号\t指标\t\t2020年\t2025年\t属性\n"
        "1\t细颗粒物浓度（微克/立方米）\t中心城区\t35\t30\t约束性\n"
        "\t\t县城\t33\t28\t预期性\n"
        "2\t森林覆盖率（%）\t\t61\t≥61\t约束性\n"
        "3\t国控断面水质优良比例（%）\t国考断面\t100\t100\t约束性\n"
        "\t\t省考断面\t95\t100\t预期性\n",
    )
    (table,) = plan.indicator_tables
    assert [r.name for r in table.rows] == ["细颗粒物浓度（微克/立方米）", "森林覆盖率（%）", "国控断面水质优良比例（%）"]
    pm = table.rows[0]
    assert [(s.name, s.targets, s.attribute, s.unit) for s in pm.sub_indicators] == [
        ("中心城区", {2025: "30"}, "约束性", "微克/立方米"),
        ("县城", {2025: "28"}, "预期性", "微克/立方米"),
    ]
    assert table.rows[1].targets == {2025: "≥61"} and table.rows[1].sub_indicators == []
    assert [s.name for s in table.rows[2].sub_indicators] == ["国考断面", "省考断面"]


def test_markdown_pipe_table_and_residue(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "# 某某县生态文明建设规划（2025-2030年）\n\n规划基准年为2024年。\n\n"
        "**表1 某某县生态文明建设指标体系**\n\n"
        "| 领域 | 序号 | 指标名称 | 单位 | 指标值 | 2030年目标值 |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 生态安全 | 1 | [bookmark: _Toc3]PM <sub>2.5</sub> 浓度 | 微克/m<sup>3</sup> | ≤35 | ≤30 |\n"
        "|  | 2 | 生态质量指数（EQI） | — | $\\Delta EQI \\geq -1$ | **稳中向好** |\n",
        name="plan.md",
    )
    assert plan.base_year == 2024
    assert plan.period == (2025, 2030)
    (table,) = plan.indicator_tables
    assert table.title == "表1 某某县生态文明建设指标体系"
    got = [(r.domain, r.seq, r.name, r.unit, r.standard, r.targets) for r in table.rows]
    assert got == [
        ("生态安全", "1", "PM2.5 浓度", "微克/m3", "≤35", {2030: "≤30"}),
        ("生态安全", "2", "生态质量指数（EQI）", "—", "ΔEQI≥-1", {2030: "稳中向好"}),
    ]


def test_unplaceable_row_is_kept_and_reported(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "某某县生态环境保护规划（2021-2025年）\n\n表1 指标\n"
        "序号\t指标名称\t单位\t2020年现状值\t2025年目标值\n"
        "1\t城镇污水处理率\t%\t90\t95\n"
        "\t\t%\t88\t93\n"
        "2\t森林覆盖率\t%\t60\t61\n",
    )
    rows = plan.indicator_tables[0].rows
    assert [r.name for r in rows] == ["城镇污水处理率", "", "森林覆盖率"]
    assert rows[1].targets == {2025: "93"}
    (w,) = [w for w in plan.warnings if w.slug == "row-unplaced"]
    assert w.line == 6 and "88" in w.message and w.file == "plan.txt"


def test_two_row_header_wrapped_row_and_scope_rows(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "某某市生态文明建设规划（2021-2030年）\n\n表5 某某市生态文明建设指标\n"
        "序号\t指标名称\t单位\t现状值\t目标值\t\t指标属性\n"
        "\t\t\t\t2025年\t2030年\t\n"
        "环境质量\n"
        "1\t细颗粒物年均浓度\t微克/立方米\t\t\t\t\n"
        "\t中心城区\t微克/立方米\t30\t≤28\t≤25\t约束性\n"
        "\t各县城\t微克/立方米\t26\t≤25\t≤24\t预期性\n"
        "2\t城镇生活污水集中收集率\t%\t55\n"
        "\t≥60\t≥70\t预期性\n"
        "生态保护\n"
        "3\t森林覆盖率\t%\t67\t≥67\t≥67.5\t约束性\n"
        "\n注：现状值为2020年数据。\n\n"
        "序号\t指标名称\t单位\t现状值\t目标值\t\t指标属性\n"
        "\t\t\t\t2025年\t2030年\t\n"
        "4\t湿地保护率\t%\t50\t≥52\t≥55\t参考性\n",
    )
    (table,) = plan.indicator_tables
    assert table.columns == ["序号", "指标名称", "单位", "现状值", "目标值 2025年", "目标值 2030年", "指标属性"]
    got = [(r.domain, r.seq, r.name, r.targets, r.attribute) for r in table.rows]
    assert got == [
        ("环境质量", "1", "细颗粒物年均浓度", {2025: None, 2030: None}, None),
        ("环境质量", "2", "城镇生活污水集中收集率", {2025: "≥60", 2030: "≥70"}, "预期性"),
        ("生态保护", "3", "森林覆盖率", {2025: "≥67", 2030: "≥67.5"}, "约束性"),
        ("生态保护", "4", "湿地保护率", {2025: "≥52", 2030: "≥55"}, "参考性"),
    ]
    pm = table.rows[0]
    assert [(s.name, s.baseline.value if s.baseline else None, s.targets, s.attribute) for s in pm.sub_indicators] == [
        ("中心城区", "30", {2025: "≤28", 2030: "≤25"}, "约束性"),
        ("各县城", "26", {2025: "≤25", 2030: "≤24"}, "预期性"),
    ]
    assert table.rows[1].baseline is not None and table.rows[1].baseline.value == "55"
    assert not [w for w in plan.warnings if w.slug.startswith("row-") and w.severity == "warning"]


def test_target_column_without_year_takes_the_caption_year(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "某某县“十四五”生态环境保护规划\n\n表1 某某县“十四五”生态环境保护指标\n"
        "序号\t指标名称\t单位\t现状值\t目标值\t属性\n"
        "1\t森林覆盖率\t%\t70.1\t≥70.5\t约束性\n",
    )
    ind = plan.indicator_tables[0].rows[0]
    assert ind.targets == {2025: "≥70.5"}
    assert ind.baseline is not None and ind.baseline.year is None and ind.baseline.value == "70.1"
    assert plan.base_year is None or plan.base_year == 2020


def test_two_level_indicator_names_and_completion_status(tmp_path: Path) -> None:
    plan = _read(
        tmp_path,
        "某某县“十四五”生态环境保护规划\n\n表1 某某县“十三五”规划主要指标完成情况\n"
        "一级指标\t二级指标\t单位\t2015年基期值\t2020年目标值\t2020年实际值\t完成情况\n"
        "环境质量\t（1）空气质量优良天数比率\t%\t85\t≥88\t93.2\t完成\n"
        "\t（2）细颗粒物浓度\t微克/立方米\t45\t≤38\t33\t完成\n"
        "生态保护\t（3）森林覆盖率\t%\t66\t≥67\t66.8\t未完成\n",
    )
    (table,) = plan.indicator_tables
    assert table.kind == "completion"
    got = [(r.domain, r.seq, r.name, r.baseline.year if r.baseline else None, r.targets, r.actual, r.status) for r in table.rows]
    assert got == [
        ("环境质量", "1", "空气质量优良天数比率", 2015, {2020: "≥88"}, {2020: "93.2"}, "完成"),
        ("环境质量", "2", "细颗粒物浓度", 2015, {2020: "≤38"}, {2020: "33"}, "完成"),
        ("生态保护", "3", "森林覆盖率", 2015, {2020: "≥67"}, {2020: "66.8"}, "未完成"),
    ]


def test_one_cell_per_line_with_repeated_header(tmp_path: Path) -> None:
    header = ["指标", "2020年基准值", "2025年目标值", "指标属性"]
    rows = [
        ["1.森林覆盖率（%）", "57.1", "≥57.1", "约束性"],
        ["2.湿地保护率（%）", "50", "≥52", "预期性"],
    ]

    def block(cells: list[str]) -> str:
        return "".join(f"\t{c}\n" for c in cells) + "\n"

    text = (
        "某某市“十四五”生态环境保护规划\n\n表3 某某市主要指标\n\n"
        + block(header)
        + block(rows[0])
        + "\n"
        + block(header)
        + block(rows[1])
        + "\t备注：无。\n\n第三章 推进绿色发展\n"
    )
    plan = _read(tmp_path, text)
    (table,) = plan.indicator_tables
    assert [(r.seq, r.name, r.targets, r.attribute) for r in table.rows] == [
        ("1", "森林覆盖率（%）", {2025: "≥57.1"}, "约束性"),
        ("2", "湿地保护率（%）", {2025: "≥52"}, "预期性"),
    ]


def test_one_cell_per_line_row_split_by_repeated_header(tmp_path: Path) -> None:
    header = ["指标", "2020年基准值", "2025年目标值", "指标属性"]
    text = (
        "某某市“十四五”生态环境保护规划\n\n表3 某某市主要指标\n\n"
        + "".join(f"\t{c}\n" for c in header)
        + "\n\t1.森林覆盖率（%）\n\t57.1\n\t≥57.1\n\t约束性\n\n"
        + "\t2.湿地保护率（%）\n\t50\n"  # the page ends inside row 2
        + "".join(f"\t{c}\n" for c in header)
        + "\n\t≥52\n\t预期性\n\n"
        + "\t3.城市黑臭水体比例（%）\n\t0\n\t0\n\t预期性\n\n\t备注：无。\n"
    )
    plan = _read(tmp_path, text)
    (table,) = plan.indicator_tables
    got = [(r.seq, r.baseline.value if r.baseline else None, r.targets, r.attribute) for r in table.rows]
    assert got == [
        ("1", "57.1", {2025: "≥57.1"}, "约束性"),
        ("2", "50", {2025: "≥52"}, "预期性"),
        ("3", "0", {2025: "0"}, "预期性"),
    ]


def test_a_scope_alone_on_a_row_goes_on_with_the_row_above(tmp_path: Path) -> None:
    """A cell's last paragraph on a row of its own (丘陵区, as a borderless PDF table or a
    converter leaves it) belongs to the row above and is said; it is no category of the rows
    below (it was taken for one, silently: the text was lost and the next rows got 丘陵区 as
    their domain). A category line (（二）生态保护) still is one."""
    plan = _read(
        tmp_path,
        "某某县生态文明建设示范县规划（2021—2030年）\n表1 建设指标\n\n"
        "序号\t指标名称\t单位\t现状值（2020年）\t2025年目标\t指标属性\n"
        "1\t森林覆盖率\t%\t62.5\t≥62\t约束性\n"
        "2\t草地植被覆盖度高寒区\t%\t3 4\t≥3≥4\t参考性\n"
        "\t丘陵区\t\t\t\t\n"
        "（二）生态保护\n"
        "3\t城镇污水处理率\t%\t95\t≥95\t约束性\n",
    )
    (table,) = plan.indicator_tables
    assert [(r.domain, r.seq, r.name) for r in table.rows] == [
        (None, "1", "森林覆盖率"), (None, "2", "草地植被覆盖度高寒区丘陵区"), ("生态保护", "3", "城镇污水处理率")]
    assert [(w.slug, w.line) for w in plan.warnings if w.slug == "row-continued"] == [("row-continued", 7)]


def test_a_name_alone_after_the_last_row_ends_that_row(tmp_path: Path) -> None:
    """A name alone on the table's last row has no rows under it, so it is no category: it is the
    end of the last row's name (it was dropped without a word)."""
    plan = _read(
        tmp_path,
        "某某县生态文明建设示范县规划（2021—2030年）\n表1 建设指标\n\n"
        "序号\t指标名称\t单位\t现状值（2020年）\t2025年目标\t指标属性\n"
        "1\t森林覆盖率\t%\t62.5\t≥62\t约束性\n"
        "2\t集中式饮用水水源地\t%\t100\t100\t约束性\n"
        "\t水质优良比例\t\t\t\t\n"
        "\n一、主要任务\n",
    )
    (table,) = plan.indicator_tables
    assert [(r.domain, r.name) for r in table.rows] == [(None, "森林覆盖率"), (None, "集中式饮用水水源地水质优良比例")]
    assert [(w.slug, w.line) for w in plan.warnings if w.slug == "row-continued"] == [("row-continued", 7)]
