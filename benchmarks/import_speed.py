"""Import speed: read the largest sample plan N times and print seconds per import and per 150 KB.

Target: under 0.5 s per 150 KB.  Usage: ``python benchmarks/import_speed.py [N]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from ecociv.importers import read_plan
from ecociv.importers._clean import clean_text

PLANS = Path(__file__).resolve().parents[1].parent / "shared" / "plans"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    files = sorted(PLANS.glob("*.txt"), key=lambda p: p.stat().st_size)
    if not files:
        sys.exit(f"no sample plans in {PLANS}")
    largest = files[-1]
    size_kb = largest.stat().st_size / 1024
    read_plan(largest)  # warm up (imports, regex compilation)
    times: list[float] = []
    for _ in range(n):
        clean_text.cache_clear()  # each import starts cold, like a fresh process
        t0 = time.perf_counter()
        plan = read_plan(largest)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    per_150 = med * 150 / size_kb
    rows = sum(len(t.rows) for t in plan.indicator_tables)
    print(f"file: {largest.name} ({size_kb:.1f} KB, {rows} indicator rows, {len(plan.tasks)} tasks)")
    print(f"imports: {n}; median {med:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s per import")
    print(f"per 150 KB: {per_150:.3f} s (target < 0.5 s) -> {'OK' if per_150 < 0.5 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
