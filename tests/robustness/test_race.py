"""Point 3: replacing a plan while its figures are written loses nothing acknowledged, on SQLite and
PostgreSQL: two writers (each with its own engine, as two processes would be) race."""

from __future__ import annotations

import threading

from tests.conftest import HUICHANG

from ecociv.importers import read_plan
from ecociv.model import Observation
from ecociv.store import open_store


def test_replacing_a_plan_while_figures_are_written_loses_none(database_url: str) -> None:
    plan = read_plan(HUICHANG)
    setup = open_store(database_url)
    plan_id = setup.save_plan(plan, user="test")
    keys = [k for k, ind in plan.indicators() if not ind.sub_indicators][:8]
    acknowledged: list[tuple[str, int, float]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write_figures() -> None:
        store = open_store(database_url, migrate=False)
        try:
            start.wait()
            for i in range(30):
                batch = [Observation(indicator_key=k, year=1990 + i, value=float(i * 100 + n), source="race")
                         for n, k in enumerate(keys)]
                store.add_observations(plan_id, batch, user="observer")
                acknowledged.extend((o.indicator_key, o.year, float(o.value or 0)) for o in batch)
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.engine.dispose()

    def replace_plan() -> None:
        store = open_store(database_url, migrate=False)
        try:
            start.wait()
            for _ in range(6):
                assert store.save_plan(plan, replace=True, user="importer") == plan_id
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.engine.dispose()

    threads = [threading.Thread(target=write_figures), threading.Thread(target=replace_plan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert len(acknowledged) == 30 * len(keys)
    stored = {(o.indicator_key, o.year): o.value for o in setup.observations(plan_id) if o.source == "race"}
    missing = [(k, y) for k, y, v in acknowledged if stored.get((k, y)) != v]
    assert not missing, f"{len(missing)} acknowledged figures lost, e.g. {missing[:5]}"
    setup.engine.dispose()
