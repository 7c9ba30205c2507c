"""Report speed: the yearly report of the largest sample plan with 10 years of figures.

Saves the shipped 会昌县 sample plan in a fresh SQLite database, records a figure per numeric
indicator for each of 10 years, then times building the report context (store reads, assessment,
lint, task register) and rendering each format.  Target: every format under 5 s on 2 cores.
Prints its figures.

    .venv/bin/python benchmarks/report_speed.py [--years 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from importlib import resources
from pathlib import Path

from ecociv._serialize import plan_from_dict
from ecociv.model import Observation
from ecociv.reports import build_context, get_report, report_names
from ecociv.store import open_store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = json.loads((resources.files("ecociv") / "sample_data" / "huichang.json").read_text("utf-8"))
    plan = plan_from_dict(data)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        plan_id = store.save_plan(plan)
        base = [o for o in store.observations(plan_id) if o.value is not None]
        year = plan.base_year or 2022
        obs = [
            Observation(o.indicator_key, year - k, value=(o.value or 0) * (1 - 0.01 * k))
            for o in base
            for k in range(1, args.years)
        ]
        store.add_observations(plan_id, obs)
        print(f"规划：{plan.title}；指标 {len(plan.indicators())} 项，数据 {len(base) + len(obs)} 个，评估年 {year}")
        t = time.perf_counter()
        ctx = build_context(store, plan_id, year)
        print(f"context     {time.perf_counter() - t:7.3f} s  (趋势图 {len(ctx.trends)} 个)")
        for name in report_names():
            report = get_report(name)
            times, size = [], 0
            for _ in range(args.repeat):
                t = time.perf_counter()
                size = len(report.render(ctx))
                times.append(time.perf_counter() - t)
            print(f"{name:<10}  {min(times):7.3f} s  best of {args.repeat}, first {times[0]:.3f} s, {size / 1024:.0f} KiB")
        store.engine.dispose()


if __name__ == "__main__":
    main()
