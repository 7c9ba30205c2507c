"""Judging values: 达标 / 未达标 / 待核定 / 无数据, with one Chinese reason."""

from __future__ import annotations

import pytest

from ecociv.standards import evaluate, infer_direction, parse


def test_comparison_reason_and_labels() -> None:
    j = evaluate("≥20", 24.5)
    assert (j.status, j.label, j.reason) == ("met", "达标", "24.5 ≥ 20，达标")
    j = evaluate("≥20", 15)
    assert (j.status, j.label, j.reason) == ("not_met", "未达标", "15 < 20，未达标")
    assert evaluate("<1", "0").reason == "0 < 1，达标"
    assert evaluate("不低于80", "79.9%").status == "not_met"


def test_no_value_is_no_data_and_unknown_text_needs_review() -> None:
    assert evaluate("≥20", None).label == "无数据"
    assert evaluate("≥20", "—").status == "no_data"
    j = evaluate("按某某办法另行规定", 3)
    assert j.status == "needs_review" and "无法识别" in j.reason
    assert evaluate("—", 3).status == "needs_review"


def test_bare_number_uses_direction() -> None:
    assert evaluate("85", 90, name="城镇污水处理率").reason == "90 ≥ 85，达标"
    assert evaluate("12.8", 13, name="地下水水质极差比例").reason == "13 > 12.8，未达标"
    assert evaluate("85", 90, direction="lower").status == "not_met"
    j = evaluate("85", 90)
    assert j.status == "needs_review" and "越高越好" in j.reason


@pytest.mark.parametrize(
    ("name", "unit", "direction"),
    [
        ("细颗粒物（PM2.5）浓度", "微克/立方米", "lower"),
        ("单位地区生产总值能耗", "吨标准煤/万元", "lower"),
        ("单位地区生产总值用水量", None, "lower"),
        ("地表水质量劣Ⅴ类水质比例", "%", "lower"),
        ("农作物受灾成灾率", "%", "lower"),
        ("主要农作物化肥亩均施用量", "千克/亩", "lower"),
        ("二氧化硫排放量", "万吨", "lower"),
        ("化学需氧量排放量减少", "%", "higher"),
        ("单位国内生产总值建设用地使用面积下降率", "%", "higher"),
        ("森林覆盖率", "%", "higher"),
        ("生态质量指数（EQI）", None, "higher"),
        ("河长制", None, None),
        (None, "ug/m3", "lower"),
    ],
)
def test_infer_direction(name: str | None, unit: str | None, direction: str | None) -> None:
    assert infer_direction(name, unit) == direction


def test_range_and_approx() -> None:
    assert evaluate("3~5", 4).status == "met"
    assert evaluate("3~5", 6).reason == "6 不在 3~5 之间，未达标"
    assert evaluate("93.00左右", 94, name="受污染耕地安全利用率").status == "met"


def test_delta_against_baseline_and_eqi_names() -> None:
    assert evaluate("ΔEQI≥-1", 70, baseline=71.5).reason == "变化量 70 − 71.5 = -1.5 < -1，未达标"
    assert evaluate("ΔEQI≥-1", 70.6, baseline=71.5).reason == "变化量 70.6 − 71.5 = -0.9 ≥ -1，达标"
    # ≥ -1 under an EQI name means the same change
    assert evaluate("≥ -1", 70, baseline=71.5, name="生态质量指数（EQI）").status == "not_met"
    assert evaluate("≥ -1", "-0.16", name="生态质量指数（EQI）").status == "met"


def test_trends_need_the_baseline() -> None:
    j = evaluate("保持稳定或持续改善", 30, name="PM2.5浓度")
    assert j.status == "needs_review" and "基准值" in j.reason
    assert evaluate("保持稳定或持续改善", 30, baseline=32, name="PM2.5浓度").status == "met"
    assert evaluate("保持稳定或持续改善", 34, baseline=32, name="PM2.5浓度").status == "not_met"
    assert evaluate("持续改善", 96, baseline=95, name="优良天数比例").status == "met"
    assert evaluate("持续改善", 95, baseline=95, name="优良天数比例").status == "not_met"
    assert evaluate("减少", 27.0, baseline=27.5).status == "met"
    assert evaluate("不降低", 60, baseline=61).status == "not_met"
    assert evaluate("稳中向好", 50, baseline=50).status == "needs_review"  # direction unknown
    assert evaluate("减少", "27.5 0.92 减少").status == "met"  # the value says so


def test_invariance() -> None:
    std = "面积不减少，性质不改变，功能不降低"
    assert evaluate(std, "面积不减少，性 质不改变，功能 不降低").status == "met"
    assert evaluate(std, 120.0, baseline=125.0).status == "not_met"
    assert evaluate(std, 125.0, baseline=125.0).status == "needs_review"
    assert evaluate("面积不减少", 125.0, baseline=125.0).status == "met"


def test_higher_level_targets_need_the_figure_or_a_confirmation() -> None:
    std = "完成上级规定的目标任务"
    j = evaluate(std, 0.47, name="单位地区生产总值能耗")
    assert j.status == "needs_review" and "上级" in j.reason
    assert evaluate(std, 0.47, name="单位地区生产总值能耗", higher_level=0.5).reason == "对照上级下达值：0.47 ≤ 0.5，达标"
    assert evaluate(std, 0.52, name="单位地区生产总值能耗", higher_level=0.5).status == "not_met"
    assert evaluate(std, 0.47, confirmed=True).status == "met"
    assert evaluate(std, 0.47, confirmed=False).status == "not_met"
    assert evaluate(std, "98.81 完成上级规定的目标任务").status == "met"
    assert evaluate(std, "未完成").status == "not_met"
    assert evaluate("不低于国家下发数据", 21, higher_level=20.79).status == "met"


def test_states() -> None:
    assert evaluate("建立", "建立").status == "met"
    assert evaluate("制定实施", "规划待评审").status == "not_met"
    assert evaluate("制定实施", None, confirmed=True).status == "met"
    assert evaluate("无", 0).status == "met"
    assert evaluate("无", 2).status == "not_met"
    assert evaluate("建立", 1).status == "needs_review"
    assert evaluate("建立", "已建立").status == "met"
    assert evaluate("建立实施落实到位", "落实到位 建立实施").status == "met"
    # a different state is not silently taken for the required one
    j = evaluate("全面实施", "开展")
    assert j.status == "needs_review" and "不同" in j.reason


def test_terrain_lists_use_the_region_terrain() -> None:
    name = "森林覆盖率 山区 丘陵区 平原地区"
    assert evaluate(">60 >40 >18", 45, name=name, terrain="丘陵区").reason == "丘陵区：45 > 40，达标"
    assert evaluate(">60 >40 >18", 45, name=name, terrain="山区").status == "not_met"
    assert evaluate(">60 >40 >18", "80.87 丘陵地区", name=name).status == "met"
    j = evaluate(">60 >40 >18", 45, name=name)
    assert j.status == "needs_review" and "地形" in j.reason
    assert evaluate("山区≥60 丘陵区≥40 平原地区≥18", 20, terrain="平原地区").status == "met"


def test_composites_judge_each_part() -> None:
    j = evaluate("≥90 ≥85", "95.62 84")
    assert j.status == "not_met" and [p.status for p in j.parts] == ["met", "not_met"]
    j = evaluate("≥85", "参与度 100 满意度 91.25")
    assert j.reason == "参与度：100 ≥ 85，达标；满意度：91.25 ≥ 85，达标"
    j = evaluate("县城85 城市95 中心城区100", "县城 88 中心城区 99", name="生活污水集中处理率")
    assert [p.status for p in j.parts] == ["met", "not_met"]
    assert evaluate("县城85 城市95 中心城区100", "城镇95.82").status == "needs_review"


def test_conditional_picks_the_branch_by_baseline() -> None:
    std = "综合利用率≤60%的地区 ≥2 综合利用率>60%的地区 保持稳定或持续改善"
    assert evaluate(std, 3, baseline=55).status == "met"
    assert evaluate(std, 1, baseline=55).status == "not_met"
    assert evaluate(std, 95, baseline=93.73, direction="higher").status == "met"
    assert evaluate(std, 3).status == "needs_review"
    # the conditions written in the name column, as 表3.2 does
    name = "一般工业固体废物综合利用率提 高幅度: 综合利用率 ≤ 60%的地区 综合利用率 > 60%的地区"
    j = evaluate("≥ 2 保持稳定或持续改善", 1.5, baseline=55, name=name)
    assert j.status == "not_met" and j.expression is not None and j.expression.kind == "conditional"
    assert j.reason.startswith("适用“综合利用率≤60%的地区”")
    assert evaluate("≥ 2 保持稳定或持续改善", 94, baseline=93.73, name=name, direction="higher").status == "met"


def test_cumulative_targets() -> None:
    assert evaluate("[4.3]", "[8.68]", name="化学需氧量排放量减少（％）").reason == "五年累计：8.68 ≥ 4.3，达标"
    assert evaluate("[36]", 31, name="细颗粒物浓度").status == "needs_review"


def test_expression_is_given_and_serialisable() -> None:
    j = evaluate(parse("≥20"), 24.5)
    d = j.to_dict()
    assert d["expression"]["kind"] == "compare" and d["expression"]["rendered"] == "≥20"
