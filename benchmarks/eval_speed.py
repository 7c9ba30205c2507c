"""How fast ecociv.standards judges values: prints seconds per 100,000 evaluations.

Target: 100,000 evaluations of parsed expressions in under 1 s (the assessment engine judges
1.2 million observations in its own benchmark).  Standards come from the shipped catalogs,
values are random figures around each threshold, so met/not-met both occur.
"""

from __future__ import annotations

import io
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ecociv.standards import evaluate, list_catalogs, parse
from ecociv.standards._parse import parse as cached_parse

N = 100_000


def _rows() -> list[tuple[str, str | None, str | None]]:
    rows = []
    for c in list_catalogs():
        for e in c.entries:
            for x in (e, *e.sub_indicators):
                rows.append((x.standard or "", x.name, x.unit))
    return rows


def _bench(label: str, fn: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    print(f"{label}: {dt:.3f} s per {N:,} evaluations ({N / dt:,.0f}/s)")
    return dt


def _batch(rows: list[tuple[str, str | None, str | None]], values: list[float]) -> None:
    """What ``ecociv eval --batch FILE`` does after start-up (read, check, judge, write), on N
    lines like run_all.py's; the whole process is measured by run_all.py."""
    from ecociv.cli._eval_batch import run_batch as _run_batch

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i in range(N):
                s, name, unit = rows[i % len(rows)]
                f.write(json.dumps({"standard": s, "value": round(values[i], 2), "name": name, "unit": unit},
                                   ensure_ascii=False) + "\n")
        stdout, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            _run_batch(path)
        finally:
            sys.stdout = stdout
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"eval --batch in-process (read, check, judge, write {N:,} JSON lines): {wall:.3f} s, CPU {cpu:.3f} s")


def main() -> None:
    rnd = random.Random(20240416)
    rows = _rows()
    numeric = [(parse(s), n, u) for s, n, u in rows if parse(s).numeric_threshold is not None]
    mixed = [(parse(s), n, u) for s, n, u in rows]
    values = [rnd.uniform(0, 120) for _ in range(N)]
    baselines = [rnd.uniform(0, 120) for _ in range(N)]

    def compare_only() -> None:
        exprs = [parse("≥20"), parse("<1"), parse("≤128.0"), parse("＞95")]
        for i in range(N):
            evaluate(exprs[i & 3], values[i])

    def catalog_numeric_with_names() -> None:
        k = len(numeric)
        for i in range(N):
            e, name, unit = numeric[i % k]
            evaluate(e, values[i], name=name, unit=unit, baseline=baselines[i])

    def catalog_all_with_names() -> None:
        k = len(mixed)
        for i in range(N):
            e, name, unit = mixed[i % k]
            evaluate(e, values[i], name=name, unit=unit, baseline=baselines[i], terrain="丘陵区")

    def text_standards_cached_parse() -> None:
        k = len(rows)
        for i in range(N):
            s, name, unit = rows[i % k]
            evaluate(s, values[i], name=name, unit=unit)

    results = [
        _bench("parsed ≥/</≤ comparisons, float values", compare_only),
        _bench("catalog numeric standards, with name/unit/baseline", catalog_numeric_with_names),
        _bench("every catalog standard (all kinds), with name/unit/baseline/terrain", catalog_all_with_names),
        _bench("standards given as text (parse cached)", text_standards_cached_parse),
    ]
    info = cached_parse.cache_info()
    print(f"parse cache: {info.hits:,} hits, {info.misses:,} misses")
    worst = max(results)
    print(f"worst case: {worst:.3f} s per {N:,}; 1.2 million ≈ {worst * 12:.1f} s; target < 1 s: {'OK' if worst < 1 else 'MISSED'}")
    _batch(rows, values)


if __name__ == "__main__":
    main()
