"""The sample plans, as the importer reads them, survive the store unchanged on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GANXIAN, HUICHANG, YICHUN
from ecociv._serialize import plan_to_dict
from ecociv.importers import read_plan
from ecociv.store import BASELINE_SOURCE, Store, baseline_number


@pytest.mark.parametrize("path", [HUICHANG, YICHUN, GANXIAN], ids=lambda p: p.stem.split("-")[0])
def test_import_save_get_is_identity(store: Store, path: Path) -> None:
    plan = read_plan(path)
    plan_id = store.save_plan(plan)
    assert plan_to_dict(store.get_plan(plan_id)) == plan_to_dict(plan)
    # every numeric baseline became an observation of its base year, and nothing else did
    expected = {
        (key, ind.baseline.year or plan.base_year)
        for key, ind in plan.indicators()
        if ind.baseline is not None
        and baseline_number(ind.baseline.value, ind.unit) is not None
        and (ind.baseline.year or plan.base_year)
    }
    got = store.observations(plan_id)
    assert {(o.indicator_key, o.year) for o in got} == expected
    assert all(o.source == BASELINE_SOURCE for o in got)
    if plan.indicator_tables:
        assert len(expected) >= 20
