"""Reader faults found on the second set of hand-made plans (tests/data/plans_unseen,
build_more_plans.py): Latin area/volume units, the year of a work plan, cells of several
paragraphs, numbered items whose text and 〔〕 clause follow on the next paragraph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecociv.importers import read_plan
from ecociv.importers._tasks_quantities import parse_quantities
from ecociv.model import Plan
from ecociv.standards import parse


def _plan(tmp_path: Path, name: str, text: str) -> Plan:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_plan(path)


def _tasks(plan: Plan) -> list[tuple[str | None, list[str], dt.date | None]]:
    return [(t.title, t.units, t.deadline) for t in plan.tasks]


def _problems(plan: Plan) -> list[str]:
    return [w.slug for w in plan.warnings if w.severity != "info"]


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [("≥16m2", 16.0, "m2"), ("≤80m3/万元", 80.0, "m3/万元"), ("≥28.6km2", 28.6, "km2"), ("≥3万m3/d", 3.0, "万m3/d")],
)
def test_square_and_cubic_metres_written_with_a_digit_are_units(cell: str, value: float, unit: str) -> None:
    expr = parse(cell)
    assert (expr.kind, expr.value, expr.unit) == ("compare", value, unit)


def test_task_quantities_in_m2_m3_and_km2() -> None:
    got = [
        (q.value, q.unit, q.subject)
        for text in ("完成河道清淤30万m3。", "建设生态缓冲带20000m2。", "新增水土流失治理面积12km2。")
        for q in parse_quantities(text, 2024)
    ]
    assert got == [(30.0, "万m3", "河道清淤"), (20000.0, "m2", "生态缓冲带"), (12.0, "km2", "水土流失治理面积")]


def test_unit_in_name_written_m2(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "某县“十四五”生态环境保护规划\n\n表1 主要指标\n序号\t指标\t2020年\t2025年\t属性\n"
        "1\t城区人均公园绿地面积（m2）\t14.6\t16\t预期性\n2\t森林蓄积量（万m3）\t152\t165\t预期性\n",
        encoding="utf-8",
    )
    rows = read_plan(path).indicator_tables[0].rows
    assert [r.unit for r in rows] == ["m2", "万m3"]


def _work_plan(tmp_path: Path, title: str, body: str) -> list[tuple[str, dt.date | None]]:
    path = tmp_path / "plan.txt"
    path.write_text(f"{title}\n\n二、重点任务\n\n{body}\n", encoding="utf-8")
    return [(t.title, t.deadline) for t in read_plan(path).tasks]


def test_yearless_deadline_in_a_work_plan_over_several_years_is_none(tmp_path: Path) -> None:
    """A 实施方案（2023—2027年） with a 2022 base year: 6月底前 names no year, nor does a task
    without deadline run out in the base year."""
    got = _work_plan(
        tmp_path,
        "某县美丽河湖建设实施方案（2023—2027年）\n\n以2022年为基准年，到2027年建成美丽河湖120公里。",
        "1.建设生态缓冲带。在主要河道两侧建设生态缓冲带。〔责任单位：县水利局〕",
    )
    assert got == [("建设生态缓冲带", None)]


def test_yearless_deadline_in_a_yearly_work_plan_is_in_its_year_not_its_baseline(tmp_path: Path) -> None:
    got = _work_plan(
        tmp_path,
        "某市2024年污染防治攻坚工作要点\n\n表1 主要目标\n指标\t单位\t2023年\t2024年\n"
        "城市生活污水集中收集率\t%\t68\t72\n新增污水管网\tkm\t12\t15\n",
        "1.开展臭氧污染防治攻坚。6月底前完成方案编制。〔市生态环境局牵头〕",
    )
    assert got == [("开展臭氧污染防治攻坚", dt.date(2024, 6, 30))]


def test_html_cell_paragraphs_join_as_a_phrase_or_stay_a_list_of_units(tmp_path: Path) -> None:
    """A cell's paragraphs (<br>, <p>) stay apart as items (units one to a <p>), but one that plainly
    goes on with the paragraph above (``（县级及以上）``, ``且持续改善``) joins it."""
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><p>某县生态文明建设示范县规划（2021—2030年）</p><p>表1 建设指标</p><table border=1>"
        "<tr><td>序号</td><td>指标名称</td><td>单位</td><td>2020年</td><td>2025年</td><td>指标属性</td></tr>"
        "<tr><td>1</td><td>集中式饮用水水源地水质优良比例<br>（县级及以上）</td><td>%</td><td>100</td><td>100</td><td>约束性</td></tr>"
        "<tr><td>2</td><td>环境空气质量优良天数比例</td><td>%</td><td>98.9</td><td><p>≥98</p><p>且持续改善</p></td><td>约束性</td></tr>"
        "</table><p>表2 重点任务分工表</p><table border=1>"
        "<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>"
        "<tr><td>1</td><td>深化水土流失综合治理</td><td>县水保局</td><td><p>县林业局</p><p>县农业农村局</p></td>"
        "<td>2025年12月底前</td></tr></table></body></html>",
        encoding="utf-8",
    )
    plan = read_plan(path)
    assert [(r.name, r.targets) for r in plan.indicator_tables[0].rows] == [
        ("集中式饮用水水源地水质优良比例（县级及以上）", {2025: "100"}),
        ("环境空气质量优良天数比例", {2025: "≥98且持续改善"}),
    ]
    assert [(t.title, t.units) for t in plan.tasks] == [("深化水土流失综合治理", ["县水保局", "县林业局", "县农业农村局"])]


@pytest.mark.parametrize(
    ("clause", "units", "deadline"),
    [
        ("〔县住建局、县综合执法局按职责分工负责〕", ["县住建局", "县综合执法局"], dt.date(2025, 12, 31)),
        ("〔市公安局、市交通运输局按职责分工负责；2025年9月底前完成〕", ["市公安局", "市交通运输局"], dt.date(2025, 9, 30)),
        ("〔县水利局牵头，县住建局配合；2025年6月底前完成〕", ["县水利局", "县住建局"], dt.date(2025, 6, 30)),
        ("（县农业农村局牵头；长期坚持）", ["县农业农村局"], None),
    ],
)
def test_clauses_of_shared_units_and_with_a_deadline(tmp_path: Path, clause: str, units: list[str], deadline: dt.date | None) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(f"某县2025年生态环境保护工作方案\n\n二、重点任务\n\n1.加强扬尘管控。落实施工工地扬尘防治措施。{clause}\n", encoding="utf-8")
    assert [(t.title, t.units, t.deadline) for t in read_plan(path).tasks] == [("加强扬尘管控", units, deadline)]


def test_numbered_title_alone_on_its_line_titles_the_task_below(tmp_path: Path) -> None:
    """``1.开展臭氧污染防治攻坚。`` on a line, its measures and 〔〕 clause on the next paragraph."""
    got = _work_plan(
        tmp_path,
        "某市2024年污染防治攻坚工作要点",
        "（一）蓝天保卫战\n\n1.开展臭氧污染防治攻坚。\n实施挥发性有机物综合治理，完成20家企业源头替代。〔市生态环境局牵头，市经信局配合〕\n\n"
        "2.加强柴油货车污染治理\n开展路检路查，淘汰老旧柴油货车150辆。〔责任单位：市公安局；完成时限：2024年10月底前〕\n",
    )
    assert got == [("开展臭氧污染防治攻坚", dt.date(2024, 12, 31)), ("加强柴油货车污染治理", dt.date(2024, 10, 31))]


def test_libreoffice_text_export_with_cells_of_several_paragraphs(tmp_path: Path) -> None:
    """LibreOffice writes each paragraph of a cell on a line of its own: a row then has more lines
    than the table has columns; it runs to the next 序号 and its pieces join where they belong."""
    cells = [
        "表1 建设指标", "序号", "指标名称", "单位", "2020年", "2025年", "指标属性",
        "1", "集中式饮用水水源地水质优良比例", "（县级及以上）", "%", "100", "100", "约束性",
        "2", "环境空气质量优良天数比例", "%", "98.9", "≥98", "且持续改善", "约束性",
        "3", "水土流失治理面积", "km2", "1120.5", "1180", "预期性",
        "表2 重点任务分工表", "序号", "重点任务", "牵头单位", "配合单位", "完成时限",
        "1", "深化水土流失综合治理", "县水保局", "县林业局", "县农业农村局", "2025年12月底前",
        "2", "开展生态文明宣传教育", "县委宣传部", "县教育局", "持续推进",
        "三、保障措施", "成立创建工作领导小组，统筹推进规划实施。",
    ]
    path = tmp_path / "plan.txt"
    path.write_text("某县生态文明建设示范县规划（2021—2030年）\n" + "\n".join(cells) + "\n", encoding="utf-8")
    plan = read_plan(path)
    assert [(r.seq, r.name, r.unit, r.targets) for r in plan.indicator_tables[0].rows] == [
        ("1", "集中式饮用水水源地水质优良比例（县级及以上）", "%", {2025: "100"}),
        ("2", "环境空气质量优良天数比例", "%", {2025: "≥98且持续改善"}),
        ("3", "水土流失治理面积", "km2", {2025: "1180"}),
    ]
    assert [(t.title, t.units) for t in plan.tasks] == [
        ("深化水土流失综合治理", ["县水保局", "县林业局", "县农业农村局"]),
        ("开展生态文明宣传教育", ["县委宣传部", "县教育局"]),
    ]
    assert [w.slug for w in plan.warnings if w.severity != "info"] == []


def test_libreoffice_text_export_of_a_task_list_without_seq_lines_up_on_the_deadline(tmp_path: Path) -> None:
    cells = [
        "附表 任务分工", "工作任务", "责任单位", "配合单位", "完成时限",
        "推进农村生活污水治理", "县生态环境局", "县住建局、各乡镇", "2024年11月底前",
        "开展村庄清洁行动", "县农业农村局", "各乡镇", "持续推进",
        "三、保障措施", "县领导小组办公室每季度通报一次工作进展。",
    ]
    path = tmp_path / "plan.txt"
    path.write_text("某县2024年美丽乡村建设工作方案\n" + "\n".join(cells) + "\n", encoding="utf-8")
    plan = read_plan(path)
    assert [(t.title, t.units, t.deadline) for t in plan.tasks] == [
        ("推进农村生活污水治理", ["县生态环境局", "县住建局", "各乡镇"], dt.date(2024, 11, 30)),
        ("开展村庄清洁行动", ["县农业农村局", "各乡镇"], None),
    ]
    assert [w.slug for w in plan.warnings if w.severity != "info"] == []


def test_untitled_indicator_table_ends_at_a_task_list_header_under_a_heading(tmp_path: Path) -> None:
    """指标 | 2023年 | 2024年 (no caption, no 序号, no 现状值) then ``二、重点任务清单`` and a task list
    (工作任务和内容 | 责任单位 | 配合单位 | 完成时间): the heading is no group row of the indicators,
    the task list no indicator rows; a task cell's first short sentence is the task's title."""
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><p>某市2024年美丽河湖建设工作方案</p><p>一、工作目标</p><table border=1>"
        "<tr><td>指标</td><td>2023年</td><td>2024年</td></tr>"
        "<tr><td>河道清淤量（万m3）</td><td>18</td><td>25</td></tr>"
        "<tr><td>新建生态护岸（km）</td><td>6.5</td><td>10</td></tr></table>"
        "<p>二、重点任务清单</p><table border=1>"
        "<tr><td>工作任务和内容</td><td>责任单位</td><td>配合单位</td><td>完成时间</td></tr>"
        "<tr><td>整治入河排污口。完成36个入河排污口规范化整治。</td><td>市生态环境局</td><td>市住建局</td><td>2024年9月底前</td></tr>"
        "<tr><td>建设滨水绿道。沿浏阳河新建滨水绿道8km。</td><td>市住建局</td><td>市自然资源局</td><td>2024年12月底前</td></tr>"
        "</table><p>三、保障措施</p><p>每月调度工作进展。</p></body></html>",
        encoding="utf-8",
    )
    plan = read_plan(path)
    assert [(r.domain, r.name, r.unit, r.baseline and r.baseline.value, r.targets) for t in plan.indicator_tables for r in t.rows] == [
        (None, "河道清淤量（万m3）", "万m3", "18", {2024: "25"}),
        (None, "新建生态护岸（km）", "km", "6.5", {2024: "10"}),
    ]
    assert [(t.title, t.units, t.deadline) for t in plan.tasks] == [
        ("整治入河排污口", ["市生态环境局", "市住建局"], dt.date(2024, 9, 30)),
        ("建设滨水绿道", ["市住建局", "市自然资源局"], dt.date(2024, 12, 31)),
    ]


def test_space_aligned_table_under_a_centred_caption_ends_at_a_heading(tmp_path: Path) -> None:
    """Text converted with its layout: the centred 表题 is no line of the header, and the heading
    after the table (二、重点任务, then prose) is no row of it."""
    path = tmp_path / "plan.txt"
    path.write_text(
        "                某区美丽乡村建设三年行动方案（2024—2026年）\n\n"
        "                      表1  主要目标指标\n"
        "    指标                      单位        2023年        2024年       2026年\n"
        "    农村生活污水治理率        %           35            40           50\n"
        "    村庄绿化面积              万m2        12.5          16           22\n\n"
        "    二、重点任务\n\n"
        "    1.推进农村生活污水治理。新建农村污水管网25km。〔区生态环境分局牵头〕\n",
        encoding="utf-8",
    )
    plan = read_plan(path)
    (table,) = plan.indicator_tables
    assert table.title == "表1 主要目标指标"
    assert [(r.name, r.unit, r.targets) for r in table.rows] == [
        ("农村生活污水治理率", "%", {2024: "40", 2026: "50"}),
        ("村庄绿化面积", "万m2", {2024: "16", 2026: "22"}),
    ]
    assert [t.title for t in plan.tasks] == ["推进农村生活污水治理"]


def test_column_box_with_bulleted_items(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "plan.txt",
        "某市“十四五”生态环境保护规划\n\n专栏1 生态修复重点工程\n"
        "● 绵江河生态修复工程：修复河岸带15km。总投资：12000万元。实施年限：2022—2025年。责任单位：市水利局。\n"
        "◆ 废弃矿山治理工程：治理面积2.5km2。总投资：8000万元。责任单位：市自然资源局。\n\n三、保障措施\n加强组织领导。\n",
    )
    assert [(p.name, p.investment_wan_yuan, p.responsible) for p in plan.projects] == [
        ("绵江河生态修复工程", 12000.0, ["市水利局"]),
        ("废弃矿山治理工程", 8000.0, ["市自然资源局"]),
    ]
    assert _problems(plan) == []


def test_task_list_of_work_content_with_a_leader_column(tmp_path: Path) -> None:
    """工作内容 | 牵头领导 | 责任单位 | 完成时限: the content is the task (its first clause the
    title), the leader a person and no unit."""
    plan = _plan(
        tmp_path,
        "plan.txt",
        "某县2025年生态环境保护工作要点\n\n附件\n2025年重点工作任务分解表\n"
        "序号\t工作内容\t牵头领导\t责任单位\t完成时限\n"
        "1\t开展秸秆禁烧巡查，确保不发生大面积焚烧。\t张副县长\t县农业农村局\t2025年11月底前\n"
        "2\t完成县城污水处理厂提标改造。\t李副县长\t县住建局、县生态环境局\t2025年9月\n",
    )
    assert _tasks(plan) == [
        ("开展秸秆禁烧巡查", ["县农业农村局"], dt.date(2025, 11, 30)),
        ("完成县城污水处理厂提标改造", ["县住建局", "县生态环境局"], dt.date(2025, 9, 30)),
    ]
    assert _problems(plan) == []


def test_libreoffice_text_export_of_an_annexed_task_table_with_units_one_to_a_paragraph(tmp_path: Path) -> None:
    """Under ``附件 …分解表``: 类别 merged down (an empty line on the rows below), units one to a
    paragraph in the 责任单位 cell; the number of the next row shows where each row ends."""
    cells = [
        "附件 重点工作任务分解表", "类别", "序号", "工作内容", "牵头领导", "责任单位", "完成时限",
        "蓝天保卫战", "1", "开展秸秆禁烧巡查。", "王副市长", "市农业农村局", "各乡镇人民政府", "2025年11月底前",
        "", "2", "完成钢铁企业超低排放评估监测。", "王副市长", "市工信局", "2025年6月",
        "碧水保卫战", "3", "完成城区污水处理厂提标改造。", "李副市长", "市住建局（牵头）", "市生态环境局", "2025年9月底前",
        "二、保障措施", "市生态环境保护委员会办公室每月通报工作进展。",
    ]
    plan = _plan(tmp_path, "plan.txt", "某市2025年生态环境保护工作要点\n" + "\n".join(cells) + "\n")
    assert _tasks(plan) == [
        ("开展秸秆禁烧巡查", ["市农业农村局", "各乡镇人民政府"], dt.date(2025, 11, 30)),
        ("完成钢铁企业超低排放评估监测", ["市工信局"], dt.date(2025, 6, 30)),
        ("完成城区污水处理厂提标改造", ["市住建局", "市生态环境局"], dt.date(2025, 9, 30)),
    ]
    assert _problems(plan) == []


def test_libreoffice_text_export_of_scope_rows_reads_as_the_word_table(tmp_path: Path) -> None:
    """A row whose name lists its scopes and whose values stand one a paragraph (草地植被覆盖度 /
    高寒区 / 丘陵区 beside 3 / 4): more lines than four beyond the columns, and a value equal to
    the next 序号 (3) that starts no row. LibreOffice's own text export of the Word table reads
    field for field like the table, and the short rows around it stay rows."""
    import shutil
    import subprocess

    docx = pytest.importorskip("docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (libreoffice-writer-nogui) is not installed")
    rows = [["序号", "指标名称", "单位", "现状值（2020年）", "2025年目标", "2030年目标", "指标属性"],
            ["1", "森林覆盖率", "%", "62.5", "≥62", "≥63", "约束性"],
            ["2", "草地植被覆盖度\n高寒区\n丘陵区", "%", "3\n4", "≥3\n≥4", "≥3\n≥5", "参考性"],
            ["3", "城镇污水处理率", "%", "95", "≥95", "≥96", "约束性"],
            ["4", "农村生活污水治理率", "%", "4", "≥5", "≥6", "参考性"],
            ["5", "集中式饮用水水源地\n水质优良比例", "%", "100", "100", "100", "约束性"]]
    document = docx.Document()
    document.add_paragraph("某某县生态文明建设示范县规划（2021—2030年）")
    document.add_paragraph("表1 某某县生态文明建设示范县建设指标")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            first, *more = text.split("\n")
            table.cell(i, j).text = first
            for paragraph in more:
                table.cell(i, j).add_paragraph(paragraph)
    document.add_paragraph("三、保障措施")
    word = tmp_path / "plan.docx"
    document.save(str(word))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=240)

    def fields(plan: Plan) -> list[tuple[object, ...]]:
        return [(r.seq, r.name, r.unit, r.baseline.value if r.baseline else None, r.targets, r.attribute,
                 [(s.name, s.baseline.value if s.baseline else None, s.targets) for s in r.sub_indicators])
                for t in plan.indicator_tables for r in t.rows]

    want, got = read_plan(word), read_plan(tmp_path / "plan.txt")
    assert len(fields(want)) == 5 and fields(want)[1][6] == [("高寒区", "3", {2025: "≥3", 2030: "≥3"}),
                                                             ("丘陵区", "4", {2025: "≥4", 2030: "≥5"})]
    assert fields(got) == fields(want)
    assert _problems(got) == _problems(want) == []
