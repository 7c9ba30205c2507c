"""Store speed: save/load the sample plans, and bulk-insert 1.2 million observations.

Prints its figures; no assertion.  ``python benchmarks/store_speed.py [DATABASE_URL] [ROWS]``
(default: a temporary SQLite file, 1,200,000 rows).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from ecociv.cli._plans import sample_plans
from ecociv.store import open_store


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        n_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_200_000
        t = time.perf_counter()
        store = open_store(url)
        print(f"open_store (migrations): {time.perf_counter() - t:.3f} s  [{store.engine.dialect.name}]")
        ids: list[int] = []
        for plan in sample_plans():
            t = time.perf_counter()
            plan_id = store.save_plan(plan, replace=True)
            saved = time.perf_counter() - t
            t = time.perf_counter()
            store.get_plan(plan_id)
            loaded = time.perf_counter() - t
            print(f"save_plan {saved:.3f} s, get_plan {loaded:.3f} s: {plan.title}（{len(plan.indicators())} 个指标）")
            ids.extend(store.indicator_ids(plan_id).values())
        years = range(2000, 2030)
        per_indicator = max(1, n_rows // (len(ids) * len(years)))

        def rows():  # type: ignore[no-untyped-def]
            k = 0
            for rep in range(per_indicator):
                for ind in ids:
                    for year in years:
                        if k >= n_rows:
                            return
                        k += 1
                        yield {"indicator_id": ind, "year": year, "value": float(rep), "source": "bench"}

        t = time.perf_counter()
        n = store.bulk_insert_observations(rows())
        took = time.perf_counter() - t
        print(f"bulk_insert_observations: {n:,} rows in {took:.2f} s ({n / took:,.0f} rows/s), superseding older values")
        t = time.perf_counter()
        biggest = max(store.list_plans(), key=lambda p: p.n_indicators)
        current = store.observations(biggest.id)
        print(f"observations(plan) after bulk insert: {len(current)} current values in {time.perf_counter() - t:.3f} s")
        store.engine.dispose()


if __name__ == "__main__":
    main()
