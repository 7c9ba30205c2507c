"""Table layouts seen in plans from other provinces, each in its own small fixture under
tests/data/layouts (written for these tests, not cut from the sample plans); cells are checked
field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecociv.importers import read_plan
from ecociv.model import Indicator, Plan

LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "layouts"


def _plan(name: str) -> Plan:
    return read_plan(LAYOUTS / name)


def _base(ind: Indicator) -> tuple[int | None, str | None] | None:
    return (ind.baseline.year, ind.baseline.value) if ind.baseline else None


def _slugs(plan: Plan) -> list[str]:
    return [w.slug for w in plan.warnings]


def test_year_headers_with_notes_and_starred_values_keep_their_year() -> None:
    plan = _plan("year-notes.txt")
    t1, t2, t3 = plan.indicator_tables
    got = [(r.seq, r.name, r.unit, _base(r), r.targets, r.attribute) for r in t1.rows]
    assert got == [
        ("1", "集中式饮用水水源地水质优良比例", "%", (2020, "100"), {2025: "100", 2030: "100"}, "约束性"),
        ("2", "细颗粒物（PM2.5）浓度", "微克/立方米", (2021, "31"), {2025: "≤30", 2030: "≤28"}, "约束性"),
        ("3", "受污染耕地安全利用率", "%", (2021, "93.5"), {2025: "≥95", 2030: "≥95"}, "约束性"),
        ("4", "生态环境状况指数", "—", (2020, "66.8"), {2025: "≥67", 2030: "≥68"}, "约束性"),
    ]
    # the mark is kept beside the value, not inside it
    assert t1.rows[1].extra == {"2020年（*为2021年）（标注）": "*"}
    assert [(_base(r), r.targets) for r in t2.rows] == [
        ((2021, "88.9"), {2025: "≥90"}),
        ((2021, "85.2"), {2025: "≥86"}),
        ((2021, "62.3"), {2025: "63"}),
    ]
    assert [(r.name, r.unit, _base(r), r.targets) for r in t3.rows] == [
        ("化肥利用率（%）", "%", (2022, "40.2"), {2025: "43"}),
        ("畜禽粪污综合利用率（%）", "%", (2022, "80"), {2025: "≥80"}),
    ]
    assert (plan.region, plan.period) == ("滦平县", (2022, 2030))


def test_trailing_tabs_and_uneven_rows_keep_every_value_in_its_column() -> None:
    plan = _plan("trailing-cells.txt")
    (table,) = plan.indicator_tables
    assert table.columns == ["类别", "序号", "指标名称", "单位", "2020年现状", "2025年目标", "属性"]
    got = [(r.domain, r.seq, r.name, r.unit, _base(r), r.targets, r.attribute, r.sub_indicators) for r in table.rows]
    assert got == [
        ("环境治理", "1", "地表水达到或好于Ⅲ类水体比例", "%", (2020, "80"), {2025: "85"}, "约束性", []),
        ("环境治理", "2", "地表水劣Ⅴ类水体比例", "%", (2020, "0"), {2025: "0"}, "约束性", []),
        ("环境治理", "3", "城市空气质量优良天数比率", "%", (2020, "72.4"), {2025: "≥75"}, None, []),
        ("环境治理", "4", "细颗粒物（PM2.5）浓度", "μg/m³", (2020, "42"), {2025: "≤38"}, "约束性", []),
        ("应对气候变化", "5", "单位地区生产总值二氧化碳排放降低", "%", (2020, "—"), {2025: "完成省下达任务"}, "约束性", []),
        ("应对气候变化", "6", "单位地区生产总值能源消耗降低", "%", (2020, "—"), {2025: "完成省下达任务"}, None, []),
    ]


def test_misaligned_export_name_in_the_category_column_is_read_as_the_name() -> None:
    plan = _plan("misaligned-export.txt")
    (table,) = plan.indicator_tables
    got = [(r.domain, r.name, r.unit, _base(r), r.targets, r.attribute) for r in table.rows]
    assert got == [
        ("生态空间", "生态保护红线面积（平方公里）", "平方公里", (2020, "312.6"), {2025: "不减少", 2030: "不减少"}, "约束性"),
        ("生态空间", "林草覆盖率（%）", "%", (2020, "78.1"), {2025: "≥78", 2030: "≥78"}, "约束性"),
        ("生态经济", "单位GDP能耗降低率", "%", (2020, "4.1"), {2025: "完成上级下达任务", 2030: "完成上级下达任务"}, "约束性"),
        ("绿色生活", "城镇新建绿色建筑比例", "%", (2020, "60"), {2025: "100", 2030: "100"}, "预期性"),
    ]
    # realigned rows are reported, none is dropped
    assert _slugs(plan).count("row-shifted") == 4 and "row-unplaced" not in _slugs(plan)


def test_sub_rows_use_their_own_unit_and_values_never_become_names() -> None:
    plan = _plan("sub-row-units.txt")
    (table,) = plan.indicator_tables
    cut = table.rows[1]
    assert (cut.seq, cut.name, cut.unit) == ("2", "主要污染物重点工程减排量", "吨")
    assert [(s.name, s.unit, _base(s), s.targets, s.cumulative) for s in cut.sub_indicators] == [
        ("化学需氧量", "吨", (2020, "—"), {2025: "〔1200〕"}, "〔1200〕"),
        ("挥发性有机物（千克）", "千克", (2020, "—"), {2025: "〔6000〕"}, "〔6000〕"),
        ("氮氧化物（吨）", "吨", (2020, "—"), {2025: "〔800〕"}, "〔800〕"),
    ]
    sea = table.rows[3]
    assert (sea.seq, sea.name, sea.unit, _base(sea), sea.targets, sea.attribute) == (
        "4", "近岸海域水质优良比例", "%", (2020, "—"), {2025: "≥95"}, "约束性"
    )
    names = [i.name for r in table.rows for i in r.walk()]
    assert not any(n in ("—", "100", "≥95", "%") for n in names)
    water = table.rows[4]
    assert (water.name, water.sub_indicators) == ("地表水达到或好于Ⅲ类水体比例", [])
    # the row of dashes is kept as written and reported
    assert [w.line for w in plan.warnings if w.slug == "row-unplaced"] == [12]


def test_decimal_marks_full_width_digits_and_footnote_marks() -> None:
    plan = _plan("decimal-marks.txt")
    (table,) = plan.indicator_tables
    got = [(r.seq, r.name, _base(r), r.targets) for r in table.rows]
    assert got == [
        ("１", "城市空气质量优良天数比率", (2020, "96.7"), {2025: "≥97"}),
        # the note under the table (*为2021年数值) dates the starred value
        ("２", "细颗粒物（PM2.5）浓度", (2021, "22.4"), {2025: "≤22"}),
        ("３", "地表水国控断面达到或好于Ⅲ类水体比例", (2020, "100"), {2025: "100"}),
        ("４", "森林覆盖率", (2020, "76.7"), {2025: "≥77.2"}),
    ]
    assert [r.extra for r in table.rows] == [{}, {"２０２０年（标注）": "*"}, {"２０２０年（标注）": "▲"}, {}]


def test_extra_columns_are_named_fields() -> None:
    plan = _plan("extra-columns.txt")
    (table,) = plan.indicator_tables
    got = [(r.seq, r.unit, r.targets, r.cumulative, r.outlook, r.lead_unit, r.extra) for r in table.rows]
    assert got == [
        ("1", "微克/立方米", {2025: "≤43"}, "—", {2035: "达到国家二级标准"}, "市生态环境局", {}),
        ("2", "%", {2025: "≥65"}, "—", {2035: "持续改善"}, "市生态环境局", {}),
        ("3", "吨", {2025: "—"}, "〔1800〕", {2035: "—"}, "市生态环境局、市住建局", {}),
        ("4", "%", {2025: "—"}, "〔18〕", {2035: "碳排放达峰后稳中有降"}, "市发展改革局", {}),
    ]


def test_goal_layer_layout_with_hyphenated_sequence_numbers() -> None:
    plan = _plan("zhejiang-goal-layer.txt")
    (table,) = plan.indicator_tables
    got = [(r.domain, r.seq, r.name, r.unit, r.attribute, _base(r)) for r in table.rows]
    assert got == [
        ("生态制度", "1-1", "生态文明建设规划", "—", "约束性", (2021, "制定实施")),
        ("生态制度", "1-2", "党委政府对生态文明建设重大目标任务部署情况", "—", "约束性", (2021, "有效开展")),
        ("生态安全", "2-1", "环境空气质量优良天数比例", "%", "约束性", (2021, "93.2")),
        ("生态安全", "2-2", "PM2.5浓度", "μg/m³", "约束性", (2021, "24")),
        ("生态空间", "3-1", "生态保护红线", "—", "约束性", (2021, "面积不减少，性质不改变，功能不降低")),
    ]
    assert table.rows[3].targets == {2025: "≤23", 2035: "≤20"}
    assert (plan.region, plan.period) == ("安吉县", (2022, 2035))


def test_merged_cells_repeated_on_every_row() -> None:
    plan = _plan("guangdong-merged-cells.txt")
    (table,) = plan.indicator_tables
    assert [(r.seq, r.domain, r.name) for r in table.rows] == [
        ("1", "环境治理", "地级及以上城市细颗粒物（PM2.5）浓度"),
        ("2", "环境治理", "地表水国考断面水质优良比例"),
        ("3", "环境治理", "主要污染物减排量"),
        ("4", "环境治理", "主要污染物减排量"),
        ("5", "生态保护", "森林覆盖率"),
    ]
    cod = table.rows[2].sub_indicators
    assert [(s.name, s.unit, s.targets, s.cumulative) for s in cod] == [("化学需氧量", "吨", {2025: "〔2100〕"}, "〔2100〕")]


def test_name_column_with_unit_in_its_header_and_units_in_brackets() -> None:
    plan = _plan("sichuan-new-area.txt")
    (table,) = plan.indicator_tables
    assert [(r.domain, r.seq, r.unit, _base(r), r.targets) for r in table.rows] == [
        ("环境质量", "1", "μg/m³", (2020, "39"), {2025: "35"}),
        ("环境质量", "2", "%", (2020, "75.3"), {2025: "80"}),
        ("环境质量", "3", "%", (2020, "100"), {2025: "100"}),
        ("生态保护", "4", "km²", (2020, "86.4"), {2025: "不减少"}),
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in LAYOUTS.glob("*.txt")))
def test_every_layout_fixture_imports_without_error(name: str) -> None:
    plan = read_plan(LAYOUTS / name)
    assert plan.region
    assert not [w for w in plan.warnings if w.severity == "error"]


def test_named_extra_fields_survive_the_store(database_url: str) -> None:
    from ecociv.store import open_store

    plan = _plan("extra-columns.txt")
    store = open_store(database_url)
    back = store.get_plan(store.save_plan(plan))
    got = [(r.cumulative, r.outlook, r.lead_unit) for r in back.indicator_tables[0].rows]
    assert got == [(r.cumulative, r.outlook, r.lead_unit) for r in plan.indicator_tables[0].rows]
    assert got[3] == ("〔18〕", {2035: "碳排放达峰后稳中有降"}, "市发展改革局")


def test_space_aligned_header_wrapped_over_three_lines_and_cells_wrapped_around_their_row() -> None:
    plan = _plan("spaced-wrapped-header.txt")
    (table,) = plan.indicator_tables
    assert table.columns == ["序号", "指标名称", "单位", "2020年 现状值", "2025年 目标值", "2030年 目标值", "指标 属性", "说明"]
    got = [(r.seq, r.name, r.unit, _base(r), r.targets, r.attribute, r.extra) for r in table.rows]
    assert got == [
        ("1", "生态保护红线面积 （平方公里）", "平方公里", (2020, "312.6"), {2025: "不减少", 2030: "不减少"}, "约束性",
         {"说明": "面积不减少、 性质不改变、 功能不降低"}),
        ("2", "生态环境状况指数 （EI）", "—", (2020, "75.3"), {2025: "≥75", 2030: "≥75"}, "约束性", {}),
        ("3", "受污染耕地安全利用率", "%", (2020, "93.1"), {2025: "≥93", 2030: "≥95"}, "约束性", {}),
        ("4", "重点河湖生态流量达标率", "%", (2020, "—"), {2025: "≥90", 2030: "≥95"}, "预期性", {"说明": "以年度考核断面 为准"}),
        ("5", "城镇生活污水处理率", "%", (2020, "95.2"), {2025: "≥96", 2030: "≥97"}, "约束性", {}),
    ]
    assert table.explain["reader"] == "spaced" and table.explain["header_line"] == 5
    assert plan.table_coverage["rate"] == 1.0
    assert not [w for w in plan.warnings if w.slug.startswith(("row-", "table-"))]


def test_space_aligned_top_aligned_cells_and_a_wrapped_header_repeated_after_a_page_break() -> None:
    plan = _plan("spaced-top-aligned.txt")
    (table,) = plan.indicator_tables
    got = [(r.domain, r.seq, r.name, r.unit, _base(r), r.targets, r.attribute) for r in table.rows]
    assert got == [
        ("生态安全", "1", "环境空气质量优良天数 比例", "%", (2020, "90.4"), {2025: "≥92", 2035: "≥95"}, "约束性"),
        ("生态安全", "2", "地表水国控、省控断面 达到或好于Ⅲ类水体 比例", "%", (2020, "85.7"), {2025: "≥90", 2035: "100"},
         "约束性"),
        ("生态经济", "3", "单位地区生产总值能耗", "吨标准煤/ 万元", (2020, "0.52"), {2025: "完成省下达 任务", 2035: "—"},
         "约束性"),
        ("生态经济", "4", "农药使用量", "吨", (2020, "1250"), {2025: "≤1200", 2035: "≤1100"}, "预期性"),
    ]
    assert not [w for w in plan.warnings if w.slug.startswith(("row-", "table-"))]


def test_one_cell_per_line_with_pipe_markers_and_a_header_over_several_lines() -> None:
    plan = _plan("cell-per-line-pipes.txt")
    (table,) = plan.indicator_tables
    assert table.columns == ["序号", "指标名称", "单位", "2022年 现状值", "2025年 目标值", "2030年 目标值", "指标 属性"]
    got = [(r.seq, r.name, r.unit, _base(r), r.targets, r.attribute) for r in table.rows]
    assert got == [
        ("1", "森林覆盖率", "%", (2022, "63.2"), {2025: "≥63.5", 2030: "≥64"}, "约束性"),
        ("2", "城市生活污水集中收集率", "%", (2022, "61.5"), {2025: "≥70", 2030: "≥75"}, "约束性"),
        ("3", "生活垃圾无害化处理率", "%", (2022, "100"), {2025: "100", 2030: "100"}, "预期性"),
    ]


def test_numbered_lead_sentence_is_the_task_title_and_the_body_follows() -> None:
    plan = _plan("tasks-lead-sentence.txt")
    got = [(t.section, t.title, t.text, t.units) for t in plan.tasks]
    assert got == [
        (
            "7. 固定源排污许可证覆盖率100%",
            "固定源排污许可证覆盖率100%",
            "全面落实排污许可制度，对全局固定污染源实施全覆盖管理，依证监管。",
            ["局生态环境科"],
        ),
        (
            "8. 城镇生活污水处理率达到95%以上",
            "城镇生活污水处理率达到95%以上",
            "推进林场（所）污水收集管网建设，2024年底前完成老旧管网改造。",
            ["局住建科"],
        ),
    ]
    # the lead's figure is a quantity of the task
    assert [(q.value, q.unit) for q in plan.tasks[0].quantities][:1] == [(100.0, "%")]


@pytest.mark.parametrize(
    ("title", "region", "parent"),
    [
        ("山东省潍坊市寿光市“十四五”生态环境保护规划", "寿光市", "潍坊市"),
        ("四川省成都市天府新区生态环境保护规划（2021—2025年）", "天府新区", "成都市"),
        ("内蒙古自治区呼伦贝尔市鄂温克族自治旗生态环境保护规划", "鄂温克族自治旗", "呼伦贝尔市"),
        ("黑龙江省大兴安岭林业集团公司松岭林业局生态环境保护工作方案", "松岭林业局", "大兴安岭林业集团公司"),
        ("湖北省神农架林区生态文明建设规划（2021-2030年）", "神农架林区", "湖北省"),
        ("吉林省长白山保护开发区管理委员会生态环境保护规划", "长白山保护开发区", "吉林省"),
        ("广西壮族自治区百色市靖西市生态环境保护规划", "靖西市", "百色市"),
        ("重庆市两江新区生态环境保护“十四五”规划", "两江新区", "重庆市"),
        ("贵州省黔东南苗族侗族自治州雷山县生态环境保护规划", "雷山县", "黔东南苗族侗族自治州"),
        ("甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县生态文明建设规划", "积石山保安族东乡族撒拉族自治县", "临夏回族自治州"),
    ],
)
def test_region_levels_from_titles(tmp_path: Path, title: str, region: str, parent: str) -> None:
    f = tmp_path / "plan.txt"
    f.write_text(f"{title}\n\n第一章 总则\n", encoding="utf-8")
    plan = read_plan(f)
    assert plan.region_info is not None
    assert (plan.region, plan.region_info.parent) == (region, parent)


def test_region_period_and_base_year_from_the_first_pages() -> None:
    plan = _plan("region-from-front-pages.txt")
    assert plan.region_info is not None
    assert (plan.region, plan.region_info.parent) == ("安图县", "延边朝鲜族自治州")
    assert (plan.period, plan.base_year, plan.stage_years) == ((2022, 2035), 2021, [2025, 2035])
    assert "region-unknown" not in _slugs(plan)


def test_the_table_line_rate_counts_unplaced_rows_as_not_read() -> None:
    plan = _plan("sub-row-units.txt")
    # nine table-like lines (header and eight rows); the row of dashes could not be placed
    assert plan.table_coverage == {
        "table_like_blocks": 1,
        "table_like_lines": 9,
        "read_lines": 8,
        "rate": 0.8889,
        "unread_blocks": 0,
    }


def test_tab_header_whose_cells_hold_line_breaks() -> None:
    plan = _plan("tab-header-cells-with-line-breaks.txt")
    (table,) = plan.indicator_tables
    assert table.columns == ["序号", "指标名称", "单位", "2021年 现状值", "2025年 目标值", "2030年 目标值", "指标 属性"]
    assert [(r.seq, r.name, r.unit, _base(r), r.targets, r.attribute) for r in table.rows] == [
        ("1", "森林覆盖率", "%", (2021, "81.2"), {2025: "≥81.5", 2030: "≥82"}, "约束性"),
        ("2", "空气质量优良天数比例", "%", (2021, "97.5"), {2025: "≥97", 2030: "≥97"}, "约束性"),
    ]
    assert table.explain["header_line"] == 4
    assert not [w for w in plan.warnings if w.slug.startswith(("row-", "table-"))]


def test_plain_header_words_and_a_target_column_without_a_year() -> None:
    # 项目 | 基础年份 | 期末 | 性质: the 期末 targets are for the end of the plan period
    plan = _plan("plain-words-header.txt")
    assert (plan.region, plan.period) == ("雷山县", (2021, 2025))
    (table,) = plan.indicator_tables
    assert [(r.name, _base(r), r.targets, r.attribute, r.extra) for r in table.rows] == [
        ("空气质量优良天数比例", (None, "92"), {2025: "95"}, "约束", {}),
        ("集中式饮用水水源水质达标率", (None, "100"), {2025: "100"}, "约束", {}),
        ("城镇污水处理率", (None, "90"), {2025: "95"}, "预期", {}),
    ]
    assert table.explain["columns"][2] == {"header": "期末", "role": "target", "field": "目标值", "year": 2025}


def test_a_caption_over_an_unread_table_is_named_in_one_warning(tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text(
        "某某县生态环境保护规划（2021-2025年）\n\n表3 某某县主要生态环境指标\n"
        "名目\t起点\t终点\t类别\n甲\t1\t2\t丙\n乙\t3\t4\t丁\n\n第三章\n",
        encoding="utf-8",
    )
    plan = read_plan(f)
    assert [(w.slug, w.line) for w in plan.warnings if w.slug.startswith("table-")] == [("table-unread", 4)]
    assert plan.warnings[-1].message.startswith("表题“表3 某某县主要生态环境指标”下第4—6行有 3 行表格样式的内容（首行：名目 | 起点 | 终点 | 类别）")


def test_a_name_with_its_unit_in_brackets_is_never_a_category_nor_a_continued_name(tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text(
        "某某县生态环境保护规划（2021-2025年）\n\n表1 某某县主要指标\n序号\t指标名称\t2020年\t2025年\t属性\n环境质量\n"
        "1\t细颗粒物浓度（微克/立方米）\t30\t28\t约束性\n\t林草覆盖率（%）\n生态保护\n2\t森林覆盖率（%）\t60\t61\t约束性\n\n第二章\n",
        encoding="utf-8",
    )
    (table,) = read_plan(f).indicator_tables
    assert [(r.domain, r.seq, r.name, r.unit, _base(r)) for r in table.rows] == [
        ("环境质量", "1", "细颗粒物浓度（微克/立方米）", "微克/立方米", (2020, "30")),
        ("环境质量", None, "林草覆盖率（%）", "%", (2020, None)),
        ("生态保护", "2", "森林覆盖率（%）", "%", (2020, "60")),
    ]


def test_a_value_dated_in_brackets_keeps_its_year_and_name_marks_are_dropped() -> None:
    plan = _plan("dated-values-and-name-marks.txt")
    (table,) = plan.indicator_tables
    assert [(r.name, _base(r)) for r in table.rows] == [
        ("受污染耕地安全利用率", (2021, "93.5")),
        ("森林覆盖率", (None, "60")),
    ]
    # one value dated apart does not make the plan's base year
    assert (plan.region, plan.period, plan.base_year) == ("宁晋县", (2021, 2025), 2020)


def test_names_exported_into_the_sequence_or_category_column_are_read_as_names() -> None:
    plan = _plan("misaligned-seq-and-category.txt")
    assert (plan.region, plan.region_info.parent if plan.region_info else None) == ("和田县", "和田地区")
    (table,) = plan.indicator_tables
    assert [(r.domain, r.seq, r.name, r.unit, _base(r), r.targets) for r in table.rows] == [
        ("环境质量", "1", "细颗粒物浓度", "微克/立方米", (2020, "30"), {2025: "28"}),
        ("环境质量", "2", "空气质量优良天数比率（%）", "%", (2020, "90"), {2025: "92"}),
        ("环境质量", "3", "地表水优良比例（%）", "%", (2020, "80"), {2025: "85"}),
        ("生态保护", "4", "森林覆盖率", "%", (2020, "60"), {2025: "61"}),
        ("生态保护", None, "生态保护红线面积（平方公里）", "平方公里", (2020, "100"), {2025: "不减少"}),
    ]
    assert [(w.slug, w.line) for w in plan.warnings if w.slug.startswith("row-")] == [("row-shifted", 6), ("row-shifted", 9)]
