"""The home page's per-plan summaries (in memory and in ``plan_summaries``) are right after every
way of writing, on SQLite and on a real PostgreSQL server: a server that did not make the change
(another process wrote) and a restarted server both show the new judgement at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.web._helpers import summary_stored_now

from ecociv.model import Baseline, Indicator, IndicatorTable, Observation, Plan, Region
from ecociv.monitor._annual import AnnualRow
from ecociv.monitor._save import save_annual
from ecociv.observations import import_observations, write_template
from ecociv.store import Store
from ecociv.web._status import IndicatorState, plan_states
from ecociv.web._views import Views, _at_risk


def _plan(sewage_standard: str = "≥85") -> Plan:
    rows = [
        Indicator(name="城镇污水处理率", unit="%", standard=sewage_standard, targets={2025: "≥95"}, attribute="约束性"),
        Indicator(name="细颗粒物（PM2.5）平均浓度", unit="微克/立方米", standard="≤35", targets={2025: "≤30"}),
        Indicator(name="林草覆盖率", unit="%", standard="山区>60 丘陵区>40 平原地区>18"),
    ]
    return Plan(title="缓存县生态文明建设规划", region="缓存县", base_year=2020, period=(2021, 2025), stage_years=[2025],
                region_info=Region(name="缓存县", terrain="山区"),
                indicator_tables=[IndicatorTable("表1 指标体系", rows)])


Shown = tuple[dict[str, int], list[str], dict[str, IndicatorState], list[int]]


def _truth(store: Store, pid: int) -> Shown:
    """Counts and binding indicators at risk (home page), every indicator's state and the years
    with figures (plan page), assessed now from the stored plan and figures."""
    plan = store.get_plan(pid)
    observations = store.observations(pid)
    ps = plan_states(plan, observations)
    states = {key: ps.states.get(key) or IndicatorState.empty() for key, _ in plan.indicators()}
    return ps.counts, _at_risk(plan, ps), states, sorted({o.year for o in observations}, reverse=True)


def _workbook(store: Store, pid: int, tmp_path: Path, indicator: str, value: float) -> Path:
    """The plan's figures template with one 2024 figure filled in."""
    path = write_template(store.get_plan(pid), tmp_path / "填报.xlsx")
    wb = load_workbook(path)
    ws = wb["指标数据"]
    cols = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["指标名称"]).value == indicator)
    ws.cell(row, cols["2024年"]).value = value
    wb.save(path)
    return path


def _shown(views: Views, pid: int) -> Shown:
    view = views.plan_view(pid)  # first: the plan page on its own (the home page stores what it computes)
    card = next(c for c in views.plan_cards()[0] if c.id == pid)
    assert view.counts == card.counts
    return card.counts, card.at_risk, {r.key: r.state for r in view.rows}, view.figure_years


def test_every_write_path_refreshes_the_summaries(store: Store, tmp_path: Path) -> None:
    pid = store.save_plan(_plan())
    live = Views(store)
    other = store.save_plan(Plan(title="另一规划", region="别县", indicator_tables=[IndicatorTable("表1", [
        Indicator(name="城镇污水处理率", unit="%", standard="≥85")])]))
    untouched = _shown(live, other)
    seen: list[dict[str, int]] = []

    def check() -> dict[str, int]:
        truth = _truth(store, pid)
        # a restarted server first: what is stored from before this write must not be shown
        assert _shown(Views(store), pid) == truth
        assert _shown(live, pid) == truth  # the running server (someone else wrote)
        assert _shown(Views(store), pid) == truth  # a restarted server: the stored summary and page
        assert _shown(live, other) == untouched
        seen.append(truth[0])
        return truth[0]

    start = check()
    assert start["无数据"] == 3
    store.add_observations(pid, [Observation("0/0", 2023, value=80.0)])  # CLI observe set, web form, API
    after_set = check()
    assert after_set["未达标"] == start["未达标"] + 1
    # a workbook (CLI observe import, web upload)
    import_observations(store, pid, _workbook(store, pid, tmp_path, "城镇污水处理率", 90))
    after_book = check()
    assert after_book["达标"] == after_set["达标"] + 1
    # computed air figures (air annual --save)
    air = AnnualRow(kind="城市", name="缓存县", year=2024, days_in_data=366, aqi_days=360, good_days=300,
                    good_ratio=83.3, category_days=[100, 200, 50, 10, 0, 0], values={"pm25": 50.0},
                    valid_days={"pm25": 360}, year_valid={"pm25": True})
    saved, _ = save_annual(store, pid, air)
    assert saved
    after_air = check()
    assert after_air["未达标"] == after_book["未达标"] + 1
    # the bulk path (many figures at once)
    ids = store.indicator_ids(pid)
    store.bulk_insert_observations([{"indicator_id": ids["0/2"], "year": 2024, "value": 50.0, "source": "批量"}])
    after_bulk = check()
    assert after_bulk["无数据"] == after_air["无数据"] - 1
    # the region's terrain (terrain-dependent standard: 50 misses 山区 >60, meets 丘陵区 >40)
    store.update_region("缓存县", terrain="丘陵区")
    after_terrain = check()
    assert after_terrain != after_bulk
    # the plan replaced with a stricter standard: figures carried over, judged anew
    store.save_plan(_plan("≥95"), replace=True)
    after_replace = check()
    assert after_replace["未达标"] == after_terrain["未达标"] + 1
    # the plan row corrected in place (plan set: period, base year)
    store.update_plan_meta(pid, period=(2021, 2030), base_year=2019)
    check()
    assert len(seen) == 8


def test_write_paths_store_the_summary_before_anyone_asks(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from ecociv._serialize import plan_to_dict
    from ecociv.cli import app

    monkeypatch.setenv("ECOCIV_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    cli = CliRunner()

    def run(*args: str) -> None:
        r = cli.invoke(app, list(args))
        assert r.exit_code == 0, r.output

    source = tmp_path / "规划.json"
    source.write_text(json.dumps(plan_to_dict(_plan())), encoding="utf-8")
    run("import", str(source), "--save")  # import --save
    pid = store.resolve_plan("缓存县生态文明建设规划")
    summary_stored_now(store, pid, page=False)
    run("observe", "set", str(pid), "0/0", "2023", "80")  # a figure (and its correction)
    summary_stored_now(store, pid)
    assert _truth(store, pid)[0]["未达标"] == 1
    run("observe", "set", str(pid), "0/0", "2023", "96")
    summary_stored_now(store, pid)
    assert _truth(store, pid)[0]["未达标"] == 0
    run("observe", "import", str(pid), str(_workbook(store, pid, tmp_path, "林草覆盖率", 50)))
    summary_stored_now(store, pid)
    before = _truth(store, pid)
    run("region", "set", "缓存县", "--terrain", "丘陵区")  # 50 misses 山区 >60, meets 丘陵区 >40
    summary_stored_now(store, pid)
    assert _truth(store, pid) != before
    run("plan", "set", str(pid), "--base-year", "2019")
    summary_stored_now(store, pid)
    source.write_text(json.dumps(plan_to_dict(_plan("≥97"))), encoding="utf-8")
    run("import", str(source), "--replace")  # replaced: figures carried over, judged anew
    summary_stored_now(store, pid, page=False)
    assert _truth(store, pid)[0]["未达标"] == 1


def test_folder_import_stores_summaries_equal_to_each_plans_own(store: Store, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``import FOLDER --save`` computes the summaries from the rows it has just written, without
    reading them back: each equals the summary of the plan and figures as the store gives them,
    also when the region row knows more than the plan said (terrain from another plan of the
    region) and when --replace carries figures over."""
    import dataclasses
    import json
    from importlib import resources

    from typer.testing import CliRunner

    from ecociv._serialize import plan_to_dict
    from ecociv.assess._summaries import plan_versions, stored_summaries, summarise
    from ecociv.cli import app

    monkeypatch.setenv("ECOCIV_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    folder = tmp_path / "规划"
    folder.mkdir()
    for name in ("huichang", "yichun", "ganxian"):
        (folder / f"{name}.json").write_bytes((resources.files("ecociv") / "sample_data" / f"{name}.json").read_bytes())
    first = _plan()  # 山区: its region row keeps the terrain
    # same region, no terrain said: judged with the region's stored terrain (林草覆盖率 50 misses 山区 >60)
    second = dataclasses.replace(_plan(), title="缓存县另一规划", region_info=Region(name="缓存县"))
    second.indicator_tables[0].rows[2].baseline = Baseline(2020, "50")
    # a region completed by a later plan: the earlier plan is judged with the terrain too
    third = dataclasses.replace(second, title="后补县规划", region="后补县", region_info=Region(name="后补县"))
    fourth = dataclasses.replace(_plan(), title="后补县另一规划", region="后补县", region_info=Region(name="后补县", terrain="山区"))
    for n, plan in enumerate((first, second, third, fourth)):
        (folder / f"z{n}.json").write_text(json.dumps(plan_to_dict(plan), ensure_ascii=False), encoding="utf-8")
    cli = CliRunner()
    r = cli.invoke(app, ["import", str(folder), "--save"])
    assert r.exit_code == 0, r.output
    pid = store.resolve_plan("缓存县生态文明建设规划")
    store.add_observations(pid, [Observation("0/0", 2023, value=80.0)])
    r = cli.invoke(app, ["import", str(folder / "z0.json"), "--replace"])  # 80 carried over: 未达标 now
    assert r.exit_code == 0, r.output
    ids = [s.id for s in store.list_plans()]
    assert len(ids) == 7
    for i in ids:
        summary_stored_now(store, i, page=False)
    versions = plan_versions(store.engine, ids)
    stored = stored_summaries(store.engine, versions)
    assert set(stored) == set(ids)
    for i in ids:
        assert stored[i] == dataclasses.replace(summarise(store, i, versions[i]), page=None)
    assert stored[pid].counts["未达标"] == 1
    assert stored[store.resolve_plan("缓存县另一规划")].counts["未达标"] == 1  # 50 < 山区 >60
    assert stored[store.resolve_plan("后补县规划")].counts["未达标"] == 1
    assert sum(stored[i].n_indicators for i in stored) > 100


def test_summary_judgement_equals_the_full_assessment() -> None:
    """A summary judges less (no target judgements, progress of binding rows only, each row only
    in the year its state is taken from) and counts exactly what the full assessment counts: the
    sample plans with figures of different years for rows and sub-indicators, some rows without."""
    import random

    from ecociv.assess._summaries import at_risk, summary_of
    from ecociv.cli._plans import sample_plans

    rnd = random.Random(7)
    checked = slipping = 0
    for plan in sample_plans():
        keys = [k for k, _ in plan.indicators()]
        for trial in range(4):
            obs = []
            for k in keys:  # a series of one to three years, rising or falling, ending in different years
                if rnd.random() < 0.2 * trial + 0.1:
                    end, start, step = rnd.choice([2021, 2022, 2023, 2024]), rnd.uniform(0, 120), rnd.uniform(-20, 20)
                    obs += [Observation(k, end - n, value=round(start - n * step, 1)) for n in range(rnd.randint(1, 3))]
            full = plan_states(plan, obs)
            got = summary_of(plan, obs)
            assert (got.counts, got.at_risk) == (full.counts, at_risk(plan, full))
            checked += sum(got.counts.values())
            slipping += sum(1 for r in got.at_risk if "未达标" not in r)
    assert checked > 200
    assert slipping > 0  # binding rows at risk by their progress, not only by their status
