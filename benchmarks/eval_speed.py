"""How fast ecociv.standards judges values: prints seconds per 100,000 evaluations.

Target: 100,000 evaluations of parsed expressions in under 1 s (the assessment engine judges
1.2 million observations in its own benchmark).  Standards come from the shipped catalogs,
values are random figures around each threshold, so met/not-met both occur.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

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


if __name__ == "__main__":
    main()
