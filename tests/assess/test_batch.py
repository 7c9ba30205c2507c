"""The vectorised many-region path agrees with assess_plan, indicator by indicator."""

from __future__ import annotations

import random

import pytest

from ecociv.assess import assess_plan
from ecociv.assess._batch import PROGRESS_CODES, STATUS_CODES, assess_current
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


def test_batch_matches_assess_plan(store: Store) -> None:
    """On SQLite and on a real PostgreSQL server (the ``store`` fixture runs both)."""
    rng = random.Random(3)
    plan_ids = [store.save_plan(_plan(r)) for r in range(4)]
    bulk = []
    for pid in plan_ids:
        for key, ind_id in store.indicator_ids(pid).items():
            v = rng.uniform(20, 99)
            for y in range(2020, 2024):
                v += rng.uniform(-3, 5) if key != "0/1" else rng.uniform(-4, 2)
                bulk.append({"indicator_id": ind_id, "year": y, "value": round(min(v, 100.0), 2)})
    store.bulk_insert_observations(bulk)
    result = assess_current(store, year=2023)
    assert len(result.indicator_ids) == 20
    by_id = {int(i): k for k, i in enumerate(result.indicator_ids)}
    compared = 0
    for pid in plan_ids:
        plan = store.get_plan(pid)
        full = assess_plan(plan, store.observations(pid), 2023)
        ids = store.indicator_ids(pid)
        for item in full.indicators:
            k = by_id[ids[item.key]]
            assert STATUS_CODES[result.status[k]] == item.standard.status, item.name
            first = item.progress[0]
            assert PROGRESS_CODES[result.progress[k]] == first.status, (item.name, first.reason)
            assert int(result.projected_year[k]) == (first.projected_year or 0), item.name
            if first.ratio is not None and first.status not in ("achieved",):
                assert result.ratio[k] == pytest.approx(first.ratio), item.name
            compared += 1
    assert compared == 20
    assert (result.projected_year > 2023).any() and (result.projected_year == 0).any()
    assert set(result.progress.tolist()) >= {1, 6}  # achieved and 待核定 both occur
    counts = result.counts_by_plan()
    assert set(counts) == set(plan_ids)
    assert all(sum(c.values()) == 5 for c in counts.values())


def test_assess_all_command_counts_every_plan(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ecociv assess --all``: one row per plan with the statuses assess_plan gives, on both backends;
    a changed figure changes its plan's row."""
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
        full = assess_plan(store.get_plan(pid), store.observations(pid), 2023)
        expected: dict[str, int] = {}
        for item in full.indicators:
            expected[item.standard.label] = expected.get(item.standard.label, 0) + 1
        assert {k: n for k, n in rows[pid]["counts"].items() if n} == expected and rows[pid]["year"] == 2023
    store.add_observations(plan_ids[1], [Observation("0/1", 2023, value=30.0)])  # PM2.5 now ≤35: met
    again = {r["id"]: r for r in json.loads(runner.invoke(app, ["assess", "--all", "--json"]).stdout)}
    assert again[plan_ids[1]]["counts"]["达标"] == rows[plan_ids[1]]["counts"]["达标"] + 1
    assert again[plan_ids[0]] == rows[plan_ids[0]]
    text = runner.invoke(app, ["assess", "--all"]).stdout
    assert text.startswith("2023年评估：3 个规划，15 项指标") and "测试区2规划" in text
    bad = runner.invoke(app, ["assess", "1", "--all"])
    assert bad.exit_code != 0 and "--all" in str(bad.exception)
