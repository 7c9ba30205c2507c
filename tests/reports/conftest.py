"""Report fixtures: sample plans read from ../shared, saved in a real SQLite store, with figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import GANXIAN, HUICHANG

from ecociv.importers import read_plan
from ecociv.model import Observation, Plan
from ecociv.reports import ReportContext, build_context
from ecociv.standards import parse
from ecociv.store import Store, open_store

#: Investments (万元) given to the first projects, since the sample plans state none.
INVESTMENTS = (1200.5, 300.0, 45.25)
YEAR = 2024


@dataclass
class Stored:
    store: Store
    plan_id: int
    plan: Plan
    ctx: ReportContext
    failing_key: str | None = None  # a binding indicator made to fail in YEAR


def _failing_binding(plan: Plan) -> tuple[str, float] | None:
    """A binding table row with a numeric ``>=``/``<=`` standard, and a value that misses it."""
    for key, ind in plan.indicators():
        if key.count("/") != 1 or "约束" not in (ind.attribute or "") or not ind.standard:
            continue
        e = parse(ind.standard)
        threshold = e.numeric_threshold
        op = e.comparison(None)
        if e.kind == "compare" and threshold and threshold > 0 and op in (">=", ">"):
            return key, threshold / 2
        if e.kind == "compare" and threshold and threshold > 0 and op in ("<=", "<"):
            return key, threshold * 2
    return None


def _with_years(store: Store, plan_id: int) -> None:
    """Every numeric baseline figure again for the two following years (a trend of 3 points)."""
    base = store.observations(plan_id)
    new = [
        Observation(o.indicator_key, o.year + k, value=o.value, source="测试")
        for o in base
        if o.value is not None
        for k in (1, 2)
    ]
    store.add_observations(plan_id, new)


@pytest.fixture(scope="module")
def huichang(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    plan = read_plan(HUICHANG)
    for p, inv in zip(plan.projects, INVESTMENTS, strict=False):
        p.investment_wan_yuan = inv
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('rep') / 'store.sqlite3'}")
    plan_id = store.save_plan(plan)
    _with_years(store, plan_id)
    failing = _failing_binding(plan)
    assert failing is not None, "the Huichang plan has binding indicators with numeric standards"
    store.add_observations(plan_id, [Observation(failing[0], YEAR, value=failing[1], source="测试")])
    ctx = build_context(store, plan_id, YEAR)
    return Stored(store, plan_id, store.get_plan(plan_id), ctx, failing[0])


@pytest.fixture(scope="module")
def ganxian(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    from ecociv.tracking import DONE, load_register, record_progress

    plan = read_plan(GANXIAN)
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('rep') / 'store.sqlite3'}")
    plan_id = store.save_plan(plan)
    reg = load_register(store, plan_id, as_of=dt.date(YEAR, 12, 31))
    first = reg.overdue()[0]
    record_progress(store, plan_id, first.ref, DONE, note="已完成验收", as_of=dt.date(YEAR, 11, 30))
    ctx = build_context(store, plan_id, YEAR)  # tasks as of the end of YEAR
    return Stored(store, plan_id, store.get_plan(plan_id), ctx)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path
