"""Helpers shared by the web tests (no fixtures here)."""

from __future__ import annotations

import json
import re
from typing import Any

from ecociv.assess import assess_plan
from ecociv.model import Observation, Plan


def flipping_indicator(plan: Plan, observations: list[Observation], year: int,
                       binding: bool = False) -> tuple[str, float, float]:
    """A table-row indicator that the assessment judges 未达标 for a low value and 达标 for a high
    one (or the reverse for lower-is-better), found by asking the assessment itself."""
    for key, ind in plan.indicators():
        if key.count("/") != 1 or ind.sub_indicators or (ind.unit or "").strip() not in ("%", "％"):
            continue
        if binding and "约束" not in (ind.attribute or ""):
            continue
        verdicts = {}
        for v in (1.0, 99.0):
            obs = [*observations, Observation(indicator_key=key, year=year, value=v)]
            a = assess_plan(plan, obs, year)
            found = next((i for i in a.indicators if i.key == key), None)  # completion tables are not judged
            verdicts[v] = found.standard.label if found else None
        if {verdicts[1.0], verdicts[99.0]} == {"达标", "未达标"}:
            bad = 1.0 if verdicts[1.0] == "未达标" else 99.0
            good = 99.0 if bad == 1.0 else 1.0
            return key, bad, good
    raise AssertionError("no indicator of the plan flips between 达标 and 未达标")


def chart_option(page: str, chart_id: str) -> Any:
    """The ECharts option a page carries for ``charts.js`` (inert JSON in a script element)."""
    m = re.search(rf'<script type="application/json" id="{re.escape(chart_id)}">(.*?)</script>', page, re.S)
    assert m, f"page has no chart {chart_id}"
    return json.loads(m.group(1))


def boundaries_for(area_code: str, *, by_name: str | None = None, leave_out: str | None = None) -> dict[str, Any]:
    """A GeoJSON of the divisions under ``area_code`` (from the official list), each a small square
    in a grid: the geometry is made up, the codes and names are the real ones.  ``by_name``: that
    division carries only its name; ``leave_out``: that division has no feature."""
    from ecociv.store._divisions import children

    features = []
    for n, d in enumerate(children(area_code)):
        if d.name == leave_out:
            continue
        x, y = 114.0 + (n % 5) * 0.5, 25.0 + (n // 5) * 0.5
        ring = [[x, y], [x + 0.45, y], [x + 0.45, y + 0.45], [x, y + 0.45], [x, y]]
        props: dict[str, Any] = {"name": d.name} if d.name == by_name else {"adcode": int(d.code), "name": d.name + "（旧名）"}
        features.append({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def summary_stored_now(store: Any, pid: int, *, page: bool = True) -> None:
    """The plan's home-page summary is in ``plan_summaries``, current (its version is the
    database's), and counts what an assessment of the stored plan and figures counts; the plan
    page's states stored with it are every indicator's state of that assessment — checked right
    after a write, before any page asked for it."""
    import sqlalchemy as sa

    from ecociv.assess._states import PlanStates
    from ecociv.assess._summaries import at_risk, plan_versions, stored_summaries
    from ecociv.store import tables as T
    from ecociv.web._status import plan_states

    got = stored_summaries(store.engine, plan_versions(store.engine, [pid])).get(pid)
    assert got is not None, f"plan {pid}: no current summary stored"
    plan = store.get_plan(pid)
    observations = store.observations(pid)
    ps = plan_states(plan, observations)
    assert (got.counts, got.at_risk) == (ps.counts, at_risk(plan, ps))
    with store.engine.connect() as c:
        data = c.execute(sa.select(T.plan_summaries.c.summary).where(T.plan_summaries.c.plan_id == pid)).scalar_one()
    stored = PlanStates.from_json(data.get("page"))
    if not page:  # plan imports store the home-page summary only; a plan page computes its states
        assert stored is None or stored == (ps, sorted({o.year for o in observations}, reverse=True))
        return
    assert stored is not None, f"plan {pid}: the plan page's states were not stored with the summary"
    assert stored == (ps, sorted({o.year for o in observations}, reverse=True))
