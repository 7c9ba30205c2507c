"""Huichang plan: both indicator tables (tab rows, repeated headers, a row split across a page
break, multi-value cells), cell by cell, and its metadata."""

from __future__ import annotations

import pytest

from conftest import HUICHANG
from ecociv.importers import read_plan
from ecociv.model import Indicator, Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(HUICHANG)


def _row(plan: Plan, table: int, seq: str) -> Indicator:
    rows = [r for r in plan.indicator_tables[table].rows if r.seq == seq]
    assert len(rows) == 1, f"seq {seq}: {len(rows)} rows"
    return rows[0]


def test_metadata(plan: Plan) -> None:
    assert plan.title.startswith("会昌县生态文明建设示范区规划")
    assert plan.region == "会昌县"
    assert plan.region_info is not None and plan.region_info.level == "县区"
    assert plan.kind == "生态文明建设示范区规划"
    assert plan.base_year == 2022
    assert plan.period == (2023, 2030)
    assert plan.stage_years == [2025, 2030]
    assert plan.encoding == "utf-8"
    assert plan.source_file == HUICHANG.name


def test_tables_and_row_counts(plan: Plan) -> None:
    titles = [t.title for t in plan.indicator_tables]
    assert titles == ["表 3.1 会昌县省级生态文明建设示范县指标体系", "表 3.2 会昌县国家生态文明建设示范区指标体系"]
    t1, t2 = plan.indicator_tables
    assert len(t1.rows) == 29
    assert len(t2.rows) == 35
    assert [r.seq for r in t1.rows] == [str(k) for k in range(1, 30)]
    assert [r.seq for r in t2.rows] == [str(k) for k in range(1, 36)]
    assert t1.kind == t2.kind == "system"
    assert t1.columns[0] == "领域" and t1.columns[-1] == "指标属性"
    assert len(t2.columns) == 9  # 表3.2 has no 指标属性 column


# (seq, domain, name, unit, standard, baseline, status, 2025, 2030, attribute)
T31 = [
    ("1", "生态制度", "生态文明建设规划及重大目标任务部署情况", "—", "制定实施有效开展", "规划待评审", "未达标",
     "制定实施有效开展", "制定实施有效开展", "约束性"),
    ("2", "生态制度", "生态文明建设工作占党政实绩考核的比例", "%", "≥20", "≥20", "达标", "≥20", "≥20", "约束性"),
    ("5", "生态制度", "生态环境信息公开率", "%", "100", "100", "达标", "100", "100", "参考性"),
    ("6", "生态环境", "环境空气质量 PM2.5 浓度下降幅度", "%", "完成上级规定的考核任务", "完成上级规定的考核任务", "达标",
     "完成上级规定的考核任务", "完成上级规定的考核任务", "约束性"),
    ("9", "生态环境", "生态质量指数（EQI）", "—", "ΔEQI≥-1", "-0.16", "达标", "≥-1", "≥-1", "约束性"),
    ("14", "生态空间", "湿地保护率", "%", "≥52", "61.08", "达标", "巩固提升", "巩固提升", "参考性"),
    ("18", "生态经济", "单位地区生产总值能耗", "吨标准煤 /万元", "完成上级规定的 目标任务", "0.4704", "达标",
     "完成上级规定的 目标任务", "完成上级规定的 目标任务", "约束性"),
    ("19", "生态经济", "单位地区生产总值用水量", "立方米 /万元", "完成上级规定的 目标任务", "107.7", "达标", "≤128.0",
     "完成上级规定的 目标任务", "约束性"),
    ("21", "生态经济", "绿色有机农产品基地面积比例", "%", ">25", "47", "达标", "巩固提升", "巩固提升", "参考性"),
    ("26", "生态生活", "中央和地方生态环保资金绩效目标完成情况", "—", "完成", "完成", "达标", "完成", "完成", "约束性"),
    ("27", "生态文化", "城镇人均公园绿地面积", "平方米/人", "≥12", "13.03", "达标", "≥13.5", "≥14", "参考性"),
    ("29", "生态文化", "公众对生态文明建设的参与度和满意度", "%", "≥85", "参与度 100 满意度 91.25", "达标", "≥92", "≥95",
     "参考性"),
]


@pytest.mark.parametrize("row", T31, ids=[r[0] for r in T31])
def test_table_3_1_cells(plan: Plan, row: tuple[str, ...]) -> None:
    seq, domain, name, unit, standard, baseline, status, t25, t30, attribute = row
    ind = _row(plan, 0, seq)
    assert (ind.domain, ind.name, ind.unit, ind.standard) == (domain, name, unit, standard)
    assert ind.baseline is not None and (ind.baseline.year, ind.baseline.value) == (2022, baseline)
    assert ind.status == status
    assert ind.targets == {2025: t25, 2030: t30}
    assert ind.attribute == attribute
    assert ind.actual == {}


def test_table_3_1_domains_carried_down(plan: Plan) -> None:
    domains = [r.domain for r in plan.indicator_tables[0].rows]
    assert domains[:5] == ["生态制度"] * 5
    assert domains[5:11] == ["生态环境"] * 6
    assert domains[11:17] == ["生态空间"] * 6
    assert domains[17:21] == ["生态经济"] * 4  # row 20 follows a repeated header, still 生态经济
    assert domains[21:26] == ["生态生活"] * 5
    assert domains[26:] == ["生态文化"] * 3


def test_source_lines_point_at_the_rows(plan: Plan) -> None:
    lines = HUICHANG.read_text(encoding="utf-8").split("\n")
    for table in plan.indicator_tables:
        for ind in table.rows:
            assert ind.source_line is not None
            cells = lines[ind.source_line - 1].split("\t")
            assert cells[1].strip() == ind.seq


def test_multi_value_cells_named_in_name_cell(plan: Plan) -> None:
    ind = _row(plan, 0, "20")
    assert ind.name == "农业废弃物综合利用率 (1) 秸秆综合利用率 (2) 畜禽粪污综合利用率"
    assert ind.standard == "≥90 ≥85"  # the parent keeps the cell as written
    assert ind.baseline is not None and ind.baseline.value == "95.62 98.09"
    subs = [(s.name, s.standard, s.baseline.value if s.baseline else None, s.targets) for s in ind.sub_indicators]
    assert subs == [
        ("秸秆综合利用率", "≥90", "95.62", {2025: "≥96", 2030: "≥97"}),
        ("畜禽粪污综合利用率", "≥85", "98.09", {2025: "≥98", 2030: "≥99"}),
    ]
    bio = _row(plan, 0, "13")
    assert [(s.name, s.unit, s.standard) for s in bio.sub_indicators] == [
        ("国家、省级重点保护 野生动植物保护率", "%", "≥95"),
        ("外来物种入侵", "—", "不明显"),
    ]
    water = _row(plan, 0, "7")
    assert [(s.name, s.standard) for s in water.sub_indicators] == [
        ("水质达到或优于Ⅲ类比例提高幅度", "完成上级规定的考核任务"),
        ("V类及劣 V类水体", "无"),
    ]


def test_terrain_sub_indicators(plan: Plan) -> None:
    forest = _row(plan, 0, "12")
    assert forest.name == "森林覆盖率 山区 丘陵区 平原地区"
    assert forest.standard == ">60 >40 >18"
    assert [(s.name, s.standard) for s in forest.sub_indicators] == [("山区", ">60"), ("丘陵区", ">40"), ("平原地区", ">18")]
    # the baseline names the county's terrain: only that sub-indicator gets the value
    assert [s.baseline.value if s.baseline else None for s in forest.sub_indicators] == [None, "80.87", None]


def test_single_value_rows_have_no_sub_indicators(plan: Plan) -> None:
    for seq in ("6", "8", "15", "16", "17", "29"):
        assert _row(plan, 0, seq).sub_indicators == [], seq


def test_row_split_across_page_break_is_merged(plan: Plan) -> None:
    ind = _row(plan, 1, "10")
    assert ind.name == "林草覆盖率 山区 丘陵地区 平原地区 干旱半干旱地区 青藏高原地区"
    assert ind.standard == "≥60 ≥40 ≥18 ≥35 ≥70"
    assert ind.baseline is not None and ind.baseline.value == "80.87 丘陵地区"
    assert ind.status == "达标"
    assert ind.targets == {2025: "≥80.87", 2030: "≥80.87"}
    assert [(s.name, s.standard) for s in ind.sub_indicators] == [
        ("山区", "≥60"),
        ("丘陵地区", "≥40"),
        ("平原地区", "≥18"),
        ("干旱半干旱地区", "≥35"),
        ("青藏高原地区", "≥70"),
    ]
    assert ind.sub_indicators[1].baseline is not None and ind.sub_indicators[1].baseline.value == "80.87"
    merged = [w for w in plan.warnings if w.slug == "row-continued"]
    assert [(w.line, w.severity) for w in merged] == [(304, "info")]
    assert _row(plan, 1, "11").name.startswith("生物多样性保护")


# (seq, domain, name, unit, standard, baseline, status, 2025, 2030)
T32 = [
    ("2", "生态制度", "党委政府对生态文明建设重大目标任务部署情况", "—", "有效开展", "有效开展", "达标", "有效开展", "有效开展"),
    ("9", "生态安全", "生态质量指数（EQI）", "—", "ΔEQI ≥ -1", "-0.16", "达标", "ΔEQI ≥ -1", "ΔEQI ≥ -1"),
    ("15", "生态空间", "自然生态空间 生态保护红线 自然保护地", "—", "面积不减少，性质不 改变，功能不降低",
     "面积不减少，性 质不改变，功能 不降低", "达标", "面积不减少，性 质不改变，功能 不降低", "面积不减少，性 质不改变，功能 不降低"),
    ("17", "生态 经济", "单位地区生产总值能耗", "吨标准 煤/万 元", "完成上级规定的目标 任务;保持稳定或持续 改善",
     "0.4837吨标准煤 /万元,完成上级 规定的目标任务", "达标", "完成上级规定的 目标任务", "完成上级规定的 目标任务"),
    ("19", "生态 经济", "单位国内生产总值建设用地使用 面积下降率", "%", "≥ 4.5", "5.6", "达标", "≥ 4.5", "≥ 4.5"),
    ("26", "生态 生活", "农村生活污水治理率", "%", "≥ 50", "32", "未达标", "≥ 50", "≥ 60"),
    ("27", "生态 生活", "城镇生活垃圾无害化处理率", "%", "≥80", "100", "达标", "100", "100"),
    ("35", "生态 文化", "公众对生态文明建设的参与度", "%", "≥80", "100", "达标", "≥95", "≥95"),
]


@pytest.mark.parametrize("row", T32, ids=[r[0] for r in T32])
def test_table_3_2_cells(plan: Plan, row: tuple[str, ...]) -> None:
    seq, domain, name, unit, standard, baseline, status, t25, t30 = row
    ind = _row(plan, 1, seq)
    assert (ind.domain, ind.name, ind.unit, ind.standard) == (domain, name, unit, standard)
    assert ind.baseline is not None and (ind.baseline.year, ind.baseline.value) == (2022, baseline)
    assert (ind.status, ind.targets, ind.attribute) == (status, {2025: t25, 2030: t30}, None)


def test_table_3_2_residue_removed(plan: Plan) -> None:
    air = _row(plan, 1, "7")
    assert air.name == "环境空气质量 优良天数比例 PM2.5 浓度"  # <sub>2.5</sub>
    assert air.baseline is not None and air.baseline.value == "98.6% 17ug/m3"  # <sup>3</sup>
    assert [(s.name, s.unit, s.baseline.value if s.baseline else None) for s in air.sub_indicators] == [
        ("优良天数比例", "%", "98.6%"),
        ("PM2.5 浓度", "微克/ 立方米", "17ug/m3"),
    ]
    agri = _row(plan, 1, "21")
    assert [(s.name, s.standard, s.targets[2030]) for s in agri.sub_indicators] == [
        ("秸秆综合利用率", "≥ 90", "≥ 97"),
        ("畜禽粪污综合利用率", "≥ 75", "≥ 99"),
        ("农膜回收利用率", "≥ 80", "≥ 90"),
    ]
    for table in plan.indicator_tables:
        for _, ind in [(0, i) for r in table.rows for i in r.walk()]:
            for text in (ind.name, ind.standard or "", *(v or "" for v in ind.targets.values())):
                assert "<sub>" not in text and "$" not in text and "**" not in text and "\\" not in text


def test_no_warnings_but_the_merge(plan: Plan) -> None:
    table_slugs = {w.slug for w in plan.warnings if w.slug.startswith(("row-", "table-"))}
    assert table_slugs == {"row-continued"}
