"""``ecociv assess --all`` counts every plan as ``ecociv assess PLAN`` does."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ecociv.assess import assess_plan
from ecociv.model import Indicator, IndicatorTable, Plan
from ecociv.store import Store


def _plan(r: int) -> Plan:
    rows = [
        Indicator(name="城镇污水处理率", unit="%", standard="≥85", targets={2025: "≥95", 2030: "≥96"}, attribute="约束性"),
        Indicator(name="细颗粒物（PM2.5）浓度", unit="微克/立方米", standard="≤35", targets={2025: "≤29"}),
        Indicator(name="森林覆盖率", unit="%", standard="≥60", targets={2025: "巩固提升"}),
        Indicator(name="单位地区生产总值能耗", unit="吨标准煤/万元", standard="完成上级规定的目标任务", targets={2025: "完成上级规定的目标任务"}),
        Indicator(name="农村生活污水治理率", unit="%", standard="≥50", targets={2025: "≥50"}),
    ]
    return Plan(title=f"测试区{r}规划", region=f"测试区{r}", base_year=2020, period=(2021, 2025), stage_years=[2025], indicator_tables=[IndicatorTable("表1 指标体系", rows)])


_LABELS = {"met": "达标", "not_met": "未达标", "needs_review": "待核定", "no_data": "无数据"}


def _expected(a: Any) -> dict[str, int]:
    return {label: a.counts[k] for k, label in _LABELS.items()}


def test_assess_all_command_counts_every_plan(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ecociv assess --all``: one row per plan with the counts ``assess PLAN`` gives, on both
    backends; a changed figure changes its plan's row at once."""
    import json

    from typer.testing import CliRunner

    from ecociv.cli import app
    from ecociv.model import Observation

    monkeypatch.setenv("ECOCIV_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    plan_ids = [store.save_plan(_plan(r)) for r in range(3)]
    for pid in plan_ids:
        store.add_observations(pid, [Observation("0/0", 2023, value=90.0), Observation("0/1", 2023, value=40.0)])
    out = runner.invoke(app, ["assess", "--all", "--json"])
    assert out.exit_code == 0, out.output
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert sorted(rows) == sorted(plan_ids)
    for pid in plan_ids:
        full = assess_plan(store.get_plan(pid), store.observations(pid))
        assert rows[pid]["counts"] == _expected(full) and rows[pid]["year"] == 2023 == full.year
        assert rows[pid]["counts"]["未达标"] == 1  # PM2.5 40 against ≤35
    store.add_observations(plan_ids[1], [Observation("0/1", 2023, value=30.0)])  # PM2.5 now ≤35: met
    again = {r["id"]: r for r in json.loads(runner.invoke(app, ["assess", "--all", "--json"]).stdout)}
    assert again[plan_ids[1]]["counts"]["达标"] == rows[plan_ids[1]]["counts"]["达标"] + 1
    assert again[plan_ids[0]] == rows[plan_ids[0]]
    text = runner.invoke(app, ["assess", "--all"]).stdout
    assert text.startswith("评估各规划最新有数据的年份（与 ecociv assess 规划 相同）：3 个规划，15 项指标") and "测试区2规划" in text
    text = runner.invoke(app, ["assess", "--all", "--year", "2022"]).stdout
    assert text.startswith("评估2022年：3 个规划，15 项指标") and "无数据 15" in text
    bad = runner.invoke(app, ["assess", "1", "--all"])
    assert bad.exit_code != 0 and "--all" in str(bad.exception)


def test_assess_all_equals_assess_plan_on_real_plans(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the real sample plans with figures (texts, corrections, a withdrawn figure, sub-indicators,
    completion tables), each plan's row of ``assess --all`` is what ``assess PLAN`` counts, for its
    own latest year and for a given year."""
    import json

    from typer.testing import CliRunner

    from ecociv.cli import app

    monkeypatch.setenv("ECOCIV_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    plan_ids = _sample_store_with_figures(store)
    for args in ([], ["--year", "2023"]):
        out = runner.invoke(app, ["assess", "--all", "--json", *args])
        assert out.exit_code == 0, out.output
        rows = {r["id"]: r for r in json.loads(out.stdout)}
        for pid in plan_ids:
            one = runner.invoke(app, ["assess", str(pid), "--json", *args])
            assert one.exit_code == 0, one.output
            a = json.loads(one.stdout)
            assert rows[pid]["counts"] == {label: a["counts"][k] for k, label in _LABELS.items()}, pid
            assert (rows[pid]["year"], rows[pid]["total"]) == (a["year"], a["counts"]["total"])
    # the second run without --year reads the summaries the first one stored
    from ecociv.assess._summaries import plan_versions, stored_summaries

    assert set(stored_summaries(store.engine, plan_versions(store.engine))) == set(plan_ids)


def _sample_store_with_figures(store: Store) -> list[int]:
    """The real sample plans with figures 2021–2024 around their baselines (numbers, texts,
    corrections, a figure of 2030 later withdrawn), plus the synthetic plans above."""
    from ecociv.cli._plans import sample_plans
    from ecociv.model import Observation
    from ecociv.standards import parse_number

    rng = random.Random(11)
    plan_ids = []
    for plan in [*sample_plans(), _plan(0), _plan(1)]:
        pid = store.save_plan(plan)
        plan_ids.append(pid)
        figures, corrections = [], []
        for n, (key, ind) in enumerate(plan.indicators()):
            base = parse_number(ind.baseline.value) if ind.baseline and ind.baseline.value else None
            for year in (2021, 2022, 2023, 2024):
                if n % 7 == 3 and year == 2024:
                    continue  # no figure this year: 无数据
                v = (base if base is not None else rng.uniform(0, 100)) * rng.uniform(0.8, 1.2)
                if n % 11 == 5:
                    figures.append(Observation(key, year, text="已完成"))
                else:
                    figures.append(Observation(key, year, value=round(v, 2)))
            if n % 5 == 0:
                corrections.append(Observation(key, 2024, value=round(rng.uniform(0, 100), 3)))
        store.add_observations(pid, figures)
        store.add_observations(pid, corrections)  # the earlier 2024 figures are superseded
    first = store.get_plan(plan_ids[1])
    key = first.indicators()[0][0]
    store.add_observations(plan_ids[1], [Observation(key, 2030, value=1.0)])
    store.add_observations(plan_ids[1], [Observation(key, 2030, text="数据有误，撤回")])  # no figure of 2030 left
    return plan_ids


def test_versions_of_every_plan_equal_versions_of_given_plans(store: Store) -> None:
    """``plan_versions`` reads every plan by another query than a few plans; both give the same
    version strings (a stored summary is current by either), on both backends."""
    from ecociv.assess._summaries import plan_versions
    from ecociv.model import Observation

    plan_ids = _sample_store_with_figures(store)
    plan_ids.append(store.save_plan(Plan(title="无指标表的规划", region="测试区9")))
    no_figures = store.save_plan(_plan(7))
    store.add_observations(plan_ids[1], [Observation(store.get_plan(plan_ids[1]).indicators()[0][0], 2025, value=1.0)])
    every = plan_versions(store.engine)
    assert set(every) == {*plan_ids, no_figures}
    assert plan_versions(store.engine, list(every)) == every
    assert {i: plan_versions(store.engine, [i])[i] for i in every} == every
    assert len(set(every.values())) == len(every)
    assert every[no_figures].split(":")[1:3] == ["0", "None"]
