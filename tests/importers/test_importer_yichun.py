"""Yichun plan: one-cell-per-line tables (continuation lines, blank lines inside cells), the
completion table 表1 and 表2 with an unnamed sub-indicator column and category rows."""

from __future__ import annotations

import pytest

from conftest import YICHUN
from ecociv.importers import read_plan
from ecociv.model import Indicator, Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(YICHUN)


def _row(plan: Plan, table: int, seq: str) -> Indicator:
    rows = [r for r in plan.indicator_tables[table].rows if r.seq == seq]
    assert len(rows) == 1
    return rows[0]


def test_metadata(plan: Plan) -> None:
    assert plan.title == "宜春市“十四五”生态环境保护规划"
    assert plan.region == "宜春市"
    assert plan.region_info is not None and plan.region_info.level == "市"
    assert plan.kind == "生态环境保护规划"
    assert plan.period == (2021, 2025)
    assert plan.base_year == 2020
    assert plan.stage_years == [2025]


def test_tables(plan: Plan) -> None:
    t1, t2 = plan.indicator_tables
    assert t1.title == "表1 宜春市“十三五”生态环境保护规划指标完成情况"
    assert t1.kind == "completion"
    assert t1.columns == ["类别", "序号", "指标名称", "基期值（2015）", "规划目标值（2020）", "指标 属性", "2020年"]
    assert len(t1.rows) == 21
    assert [r.seq for r in t1.rows] == [str(k) for k in range(1, 22)]
    assert t2.title == "表2 宜春市“十四五”生态环境保护规划主要指标"
    assert t2.kind == "system"
    assert len(t2.rows) == 20
    assert [r.seq for r in t2.rows] == [str(k) for k in range(1, 21)]
    leaves = sum(len(r.sub_indicators) or 1 for r in t2.rows)
    assert leaves == 27


# (seq, domain, name, unit, baseline 2015, target 2020, attribute, actual 2020)
T1 = [
    ("1", "环境质量", "县级及以上城市集中式饮用水水源地达标率（％）", "％", "100", "100", "约束性", "100"),
    ("2", "环境质量", "全市主要河流监测断面Ⅲ类以上水质比例（％）", "％", "85.7", "＞95", "约束性", "100"),
    ("6", "环境质量", "县级城市空气优良天数比率（％）", "％", None, "＞85", "约束性", "96.2"),
    ("7", "环境质量", "宜春中心城区细颗粒物浓度（微克/立方）", "微克/立方", "41", "[36]", "——", "31"),
    ("9", "环境质量", "受污染耕地安全利用率（％）", "％", "——", "按照省下达指标要求", "约束性", "——"),
    ("11", "主要污染物减排", "化学需氧量排放量减少（％）", "％", "10.25", "[4.3]", "约束性", "[8.68]"),
    ("14", "主要污染物减排", "氮氧化物排放量减少（％）", "％", "10.59", "[24.75]", "约束性", "[25.68]"),
    ("15", "污染防治", "生活污水集中处理率（％）", "％", "城镇75.1", "县城85 城市95 中心城区100", "约束性", "城镇95.82"),
    ("18", "污染防治", "闲置、废旧废放射源和普通放射性废物收贮率（％）", "％", "——", "达到监管要求", "预期性", None),
    ("19", "生态状况", "森林覆盖率（％）", "％", "55", "＞55", "预期性", "57.12"),
    ("21", "生态状况", "全市生态环境状况指数（EI）", None, "——", "达到省考核要求", "预期性", "75"),
]


@pytest.mark.parametrize("row", T1, ids=[r[0] for r in T1])
def test_completion_table_cells(plan: Plan, row: tuple[str | None, ...]) -> None:
    seq, domain, name, unit, base, target, attribute, actual = row
    assert seq is not None
    ind = _row(plan, 0, seq)
    assert (ind.domain, ind.name, ind.unit) == (domain, name, unit)
    assert ind.baseline is not None and (ind.baseline.year, ind.baseline.value) == (2015, base)
    assert ind.targets == {2020: target}
    assert ind.attribute == attribute
    assert ind.actual == {2020: actual}
    assert ind.standard is None and ind.status is None


def test_footnote_markers_removed(plan: Plan) -> None:
    names = [r.name for r in plan.indicator_tables[0].rows]
    assert not any(n.endswith(("(2)", "（3）", "（4）")) for n in names)
    assert _row(plan, 0, "4").name == "地下水水质极差比例（％）"
    assert _row(plan, 0, "12").baseline is not None
    assert _row(plan, 0, "12").baseline.value == "1.21"  # type: ignore[union-attr]  # 1.21（5）


def test_sub_rows_nest_under_their_parent(plan: Plan) -> None:
    pm = _row(plan, 1, "1")
    assert pm.name == "细颗粒物（PM2.5）浓度（微克/立方米）"
    assert pm.unit == "微克/立方米"
    assert pm.domain == "环境治理"
    got = [
        (s.name, s.baseline.value if s.baseline else None, s.targets, s.attribute, s.cumulative, s.extra)
        for s in pm.sub_indicators
    ]
    # the 五年累计 column is the named cumulative field, not an extra cell
    assert got == [
        ("中心城区", "37.0", {2025: "29.0"}, "约束性", "—", {}),
        ("县（市、区）城市", "41.0", {2025: "24.9"}, "预期性", "—", {}),
    ]
    assert all(s.baseline is not None and s.baseline.year == 2020 for s in pm.sub_indicators)
    water = _row(plan, 1, "3")
    assert [(s.name, s.baseline.value if s.baseline else None, s.attribute) for s in water.sub_indicators] == [
        ("国考监测断面", "100.00", "约束性"),
        ("省考监测断面", "92.5", "预期性"),
    ]
    cuts = _row(plan, 1, "7")
    assert cuts.name == "主要污染物减排量（万吨）"
    assert [s.name for s in cuts.sub_indicators] == ["氮氧化物", "挥发性有机物", "化学需氧量", "氨氮"]
    assert {s.targets[2025] for s in cuts.sub_indicators} == {"完成省下达目标"}
    sewage = _row(plan, 1, "18")
    assert [(s.name, s.targets) for s in sewage.sub_indicators] == [
        ("城镇生活污水处理率", {2025: "96.00"}),
        ("农村生活污水治理率", {2025: "30.00"}),
    ]
    assert [len(r.sub_indicators) for r in plan.indicator_tables[1].rows] == [
        2, 2, 2, 1, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0,
    ]


def test_category_rows_carried_as_domain(plan: Plan) -> None:
    domains = [r.domain for r in plan.indicator_tables[1].rows]
    assert domains == (
        ["环境治理"] * 7 + ["应对气候变化"] * 3 + ["环境风险防控"] * 3 + ["生态保护"] * 3 + ["人居环境改善"] * 4
    )


# (seq, name, baseline 2020, target 2025, 五年累计, attribute)
T2 = [
    ("6", "地下水环境质量（区域）V类水比例（%）", "50.00", "稳中向好", "—", "预期性"),
    ("8", "单位地区生产总值二氧化碳排放降低（%）", "[19.5]", "—", "[完成省下达目标]", "约束性"),
    ("10", "非化石能源占一次能源消费比重（%）", "—", "—", "[完成省下达目标]", "预期性"),
    ("11", "受污染耕地安全利用率（%）", "—", "93.00左右", "—", "约束性"),
    ("13", "放射辐射源事故年发生率（起/万枚）", "0", "<1.3", "—", "预期性"),
    ("15", "森林覆盖率（%）", "57.12", "≥57.12", "—", "约束性"),
    ("20", "城市黑臭水体比例（%）", "0", "0", "—", "预期性"),
]


@pytest.mark.parametrize("row", T2, ids=[r[0] for r in T2])
def test_table_2_single_rows(plan: Plan, row: tuple[str, ...]) -> None:
    seq, name, base, target, cumulative, attribute = row
    ind = _row(plan, 1, seq)
    assert ind.name == name
    assert ind.baseline is not None and (ind.baseline.year, ind.baseline.value) == (2020, base)
    assert ind.targets == {2025: target}
    assert (ind.cumulative, ind.extra) == (cumulative, {})
    assert ind.attribute == attribute
    assert ind.sub_indicators == []


def test_table_ends_at_note(plan: Plan) -> None:
    t1, t2 = plan.indicator_tables
    assert t1.rows[-1].source_line == 217  # the row starts with its empty 类别 cell
    assert t2.rows[-1].source_line == 488
    assert not any(w.slug in ("row-unplaced", "row-shifted", "row-incomplete") for w in plan.warnings)
