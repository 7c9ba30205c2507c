"""assess_plan on real plans saved in a real SQLite store, and the 可达性分析 text."""

from __future__ import annotations

import json

import pytest
from tests.conftest import HUICHANG
from typer.testing import CliRunner

from ecociv.assess import Assessment, assess_plan, assessment_to_dict, reachability_text
from ecociv.assess._lint import written_status
from ecociv.cli import app
from ecociv.importers import read_plan
from ecociv.model import Observation, Plan
from ecociv.store import Store, open_store


@pytest.fixture()
def store() -> Store:
    return open_store()


@pytest.fixture(scope="module")
def huichang_plan() -> Plan:
    return read_plan(HUICHANG)


def _key(plan: Plan, name: str, table: int) -> str:
    return next(k for k, ind in plan.indicators() if k.startswith(f"{table}/") and ind.name == name)


def test_huichang_base_year_matches_the_plan_statuses(store: Store, huichang_plan: Plan) -> None:
    plan_id = store.save_plan(huichang_plan)
    plan = store.get_plan(plan_id)
    a = assess_plan(plan, store.observations(plan_id), plan.base_year)
    assert a.year == 2022
    rows = a.rows()
    assert len(rows) == 64
    decided = [i for i in rows if i.standard.status in ("met", "not_met")]
    undecided = [i for i in rows if i.standard.status not in ("met", "not_met")]
    # Every row judged from its figures agrees with the 达标情况 column ...
    by_key = dict(plan.indicators())
    for i in decided:
        assert (i.standard.status == "met") == written_status(by_key[i.key]), (i.key, i.name, i.standard.reason)
        assert i.agrees_with_plan is True
    assert len(decided) >= 45
    # ... the rest are 待核定 with the reason (terrain unknown, higher-level targets), never 无数据
    assert all(i.standard.status == "needs_review" and "待核定" in i.standard.reason for i in undecided)
    # the plan's own inconsistency about its base year is named: 能耗 0.4704 in 表3.1, 0.4837 in 表3.2
    assert [f.slug for f in a.findings] == ["baseline-mismatch-tables"]
    assert "单位地区生产总值能耗" in a.findings[0].message
    unmet = {(i.table.split()[1], i.name) for i in rows if i.standard.status == "not_met"}
    assert unmet == {
        ("3.1", "生态文明建设规划及重大目标任务部署情况"),
        ("3.2", "生态文明建设规划"),
        ("3.2", "农村生活污水治理率"),
    }
    # binding (约束性) unmet indicators come first
    assert a.binding_not_met == [_key(plan, "生态文明建设规划及重大目标任务部署情况", 0)]
    assert a.indicators[0].key == a.binding_not_met[0]
    assert a.by_attribute["约束性"]["not_met"] == 1
    assert sum(v["total"] for v in a.by_domain.values()) == 64
    assert a.by_table["表3.1会昌县省级生态文明建设示范县指标体系"]["total"] == 29


def test_a_contradicting_figure_is_named(store: Store, huichang_plan: Plan) -> None:
    plan_id = store.save_plan(huichang_plan)
    plan = store.get_plan(plan_id)
    key = _key(plan, "城镇污水处理率", 1)
    store.add_observations(plan_id, [Observation(key, 2022, value=80.0, source="住建局")], user="测试")
    a = assess_plan(plan, store.observations(plan_id), 2022)
    [f] = [f for f in a.findings if f.slug == "status-differs-from-plan"]
    assert f.data["key"] == key
    assert "城镇污水处理率" in f.message and "未达标" in f.message


def test_progress_over_years_and_reachability_text(store: Store, huichang_plan: Plan) -> None:
    plan_id = store.save_plan(huichang_plan)
    plan = store.get_plan(plan_id)
    rural = _key(plan, "农村生活污水治理率", 1)  # 32 % in 2022, ≥50 by 2025, ≥60 by 2030
    store.add_observations(
        plan_id,
        [Observation(rural, 2023, value=36.0, source="农业农村局"), Observation(rural, 2024, value=40.0, source="农业农村局")],
    )
    a = assess_plan(plan, store.observations(plan_id), 2024)
    item = next(i for i in a.indicators if i.key == rural)
    assert item.value == 40.0 and item.standard.status == "not_met"
    p2025, p2030 = item.progress
    assert p2025.target_year == 2025 and p2025.target_value == 50.0
    assert p2025.observed_cagr == pytest.approx((40 / 32) ** 0.5 - 1)
    assert p2025.required_cagr == pytest.approx((50 / 32) ** (1 / 3) - 1)
    assert p2025.ratio == pytest.approx(p2025.observed_cagr / p2025.required_cagr)
    assert p2025.status == "moderate" and p2025.label == "进展一般"  # ratio 0.72
    # linear trend: 32, 36, 40 -> +4/yr: 44 in 2025, reaches 50 in 2027, 60 in 2029
    assert p2025.projected_value == pytest.approx(44.0)
    assert p2025.projected_year == 2027
    assert p2030.projected_year == 2029 and p2030.status == "on_track"
    text = reachability_text(a)
    assert "未达标指标" in text and "农村生活污水治理率：现状值40%" in text
    assert "预计2027年达到目标" in text and "进展一般" in text
    assert "距2025年目标50还差10个百分点" in text


def test_json_is_what_assess_plan_returns(store: Store, huichang_plan: Plan) -> None:
    plan_id = store.save_plan(huichang_plan)
    plan = store.get_plan(plan_id)
    expected = assessment_to_dict(assess_plan(plan, store.observations(plan_id), 2022))
    res = CliRunner().invoke(app, ["assess", str(plan_id), "--year", "2022", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == json.loads(json.dumps(expected, ensure_ascii=False, default=str))
    text = CliRunner().invoke(app, ["assess", str(plan_id), "--text"])
    # 25: 森林覆盖率 is judged for 丘陵区, the terrain the plan states in its baseline (丘陵区 80.87)
    assert text.output.startswith("【表3.1") and "已达标指标25项" in text.output


def test_qualitative_target_needs_confirmation(huichang_plan: Plan) -> None:
    key = next(k for k, ind in huichang_plan.indicators() if ind.name == "生态文明建设规划")
    a: Assessment = assess_plan(huichang_plan, [], 2022)
    item = next(i for i in a.indicators if i.key == key)
    assert [p.status for p in item.progress] == ["needs_review", "needs_review"]
    confirmed = assess_plan(huichang_plan, [Observation(key, 2024, text="已完成", source="县生态环境局")], 2024)
    item = next(i for i in confirmed.indicators if i.key == key)
    assert item.standard.status == "met"
    assert [p.status for p in item.progress] == ["achieved", "achieved"]


def test_plan_without_standard_column_is_judged_against_its_target() -> None:
    from tests.conftest import YICHUN

    plan = read_plan(YICHUN)  # 生态环境保护规划: no 指标值 column, 2025 targets
    a = assess_plan(plan, [], 2020)
    assert a.year == 2020 and a.by_table and len(a.by_table) == 1  # the 十三五 completion table is not assessed
    by_key = {i.key: i for i in a.indicators}
    pm_row = next(i for i in a.rows() if "细颗粒物" in i.name)
    pm = by_key[f"{pm_row.key}/0"]
    assert pm.name == "中心城区"
    assert pm.direction == "lower"  # inferred from the row's name 细颗粒物（PM2.5）浓度
    assert pm.value == 37.0 and pm.standard.status == "not_met"
    assert "按2025年目标值" in pm.standard.reason
    forest = next(i for i in a.rows() if "森林覆盖率" in i.name)
    assert forest.standard.status == "met"  # 57.12 against ≥57.12
    text = reachability_text(a)
    assert "细颗粒物" in text and "中心城区现状值37微克/立方米" in text
