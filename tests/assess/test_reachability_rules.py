"""Reachability that makes sense: no growth ratio from a zero base, ratio projections kept
within 0–100 %, year-on-year trend standards judged on every year of the series."""

from __future__ import annotations

from ecociv.assess import assess_plan, progress_to_target, progress_without_target
from ecociv.model import Indicator, IndicatorTable, Observation, Plan
from ecociv.standards import evaluate_series


def test_zero_base_uses_the_absolute_yearly_change() -> None:
    # 0 -> 10 in two years towards 100 by 2025: +5 a year against +20 needed (ratio 0.25)
    p = progress_to_target([(2020, 0.0), (2022, 10.0)], 100.0, ">=", 2025, "higher", 100.0)
    assert p.method == "absolute-change" and p.ratio == 0.25 and p.label == "进展缓慢"
    assert "基准值为 0" in p.reason and "年均绝对变化" in p.reason and p.observed_cagr is None


def test_zero_target_uses_the_absolute_yearly_change() -> None:
    p = progress_to_target([(2020, 6.0), (2022, 2.0)], 0.0, "<=", 2024, "lower")
    assert p.method == "absolute-change" and p.ratio == 4 / 3 and p.label == "按期可达"


def test_zero_base_without_target_is_not_a_growth_rate() -> None:
    p = progress_without_target([(2020, 0.0), (2023, 3.0)], "higher", 100.0)
    assert p.status == "needs_review" and "不能按增长率评估" in p.reason


def test_percentage_projection_is_capped_at_100_and_floored_at_0() -> None:
    up = progress_to_target([(2020, 60.0), (2021, 80.0), (2022, 95.0)], 99.0, ">=", 2030, "higher", 100.0)
    assert up.projected_value == 100.0
    down = progress_to_target([(2020, 30.0), (2021, 20.0), (2022, 8.0)], 1.0, "<=", 2030, "lower", 100.0)
    assert down.projected_value == 0.0


def test_series_names_the_year_that_broke_a_yearly_rule() -> None:
    j = evaluate_series("逐年提高", [(2021, 70), (2022, 72), (2023, 71), (2024, 75)])
    assert j is not None and j.label == "未达标" and "2023年 71 低于 2022年 72" in j.reason
    ok = evaluate_series("逐年提高", [(2021, 70), (2022, 72), (2023, 73)])
    assert ok is not None and ok.label == "达标" and "2021—2023年逐年均符合" in ok.reason
    j = evaluate_series("不降低", [(2021, 95), (2022, 96), (2023, 95.5)])
    assert j is not None and j.label == "未达标" and "2023年" in j.reason
    j = evaluate_series("持续改善", [(2021, 38), (2022, 35), (2023, 36)], direction="lower")
    assert j is not None and j.label == "未达标" and "2023年 36 高于 2022年 35" in j.reason


def test_assessment_judges_a_yearly_trend_on_every_year() -> None:
    ind = Indicator(name="公众生态文明知识普及率", unit="%", standard="逐年提高")
    plan = Plan(title="测试规划", region="测试县", base_year=2021, period=(2021, 2025), stage_years=[2025],
                indicator_tables=[IndicatorTable("表1 指标体系", [ind])])
    obs = [Observation("0/0", y, value=v) for y, v in ((2021, 80.0), (2022, 83.0), (2023, 82.0), (2024, 85.0))]
    a = assess_plan(plan, obs, 2024)
    row = a.indicators[0]
    # against the base year alone 85 > 80 would pass; 2023 broke the rule
    assert row.standard.status == "not_met" and "2023年 82 低于 2022年 83" in row.standard.reason


def test_judgement_reason_cites_the_catalog_its_standard_comes_from() -> None:
    inds = [Indicator(name="城镇污水处理率", unit="%", standard="≥85"), Indicator(name="自定义指标", unit="%", standard="≥85")]
    plan = Plan(title="测试规划", region="测试县", base_year=2021, period=(2021, 2025), stage_years=[2025],
                indicator_tables=[IndicatorTable("表1 指标体系", inds)])
    a = assess_plan(plan, [Observation("0/0", 2023, value=86.0), Observation("0/1", 2023, value=86.0)], 2023)
    cited, plain = a.indicators[0].standard.reason, a.indicators[1].standard.reason
    assert "依据：" in cited and "建设指标" in cited and "未从官方文本核实" in cited
    assert "依据" not in plain
