"""How much of a reference plan's indicator table a PDF (or scan) reading gives back."""

from __future__ import annotations

import difflib
import re

from ecociv.model import Indicator, Plan


def _n(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def row_fields(plan: Plan) -> list[tuple[str, ...]]:
    """Each indicator and sub-indicator of a plan's tables as name, 序号, unit, standard,
    baseline and targets, whitespace ignored."""
    return [
        (
            _n(i.name),
            _n(i.seq),
            _n(i.unit),
            _n(i.standard),
            _n(i.baseline.value if i.baseline else None),
            str(sorted((y, _n(v)) for y, v in i.targets.items())),
        )
        for t in plan.indicator_tables
        for r in t.rows
        for i in r.walk()
    ]


def equal_share(want: list[list[str]], got: list[list[str]]) -> float:
    """Share of the reference rows' fields that the other rows have equal, rows aligned by their
    first field (the name); a row missing or added counts all its fields as unequal.  No
    reference rows: 1.0 only when none appeared either."""
    if not want:
        return 1.0 if not got else 0.0
    match = difflib.SequenceMatcher(None, [x[0] for x in want], [x[0] for x in got], autojunk=False)
    equal = sum(
        sum(x == y for x, y in zip(ra, rb, strict=True))
        for tag, i1, i2, j1, j2 in match.get_opcodes()
        if tag == "equal"
        for ra, rb in zip(want[i1:i2], got[j1:j2], strict=True)
    )
    return equal / sum(len(x) for x in want)


def _fields(i: Indicator) -> list[str]:
    base = i.baseline.value if i.baseline else None
    return [
        _n(i.name),
        _n(i.domain),
        _n(i.seq),
        _n(i.unit),
        _n(i.standard),
        _n(base),
        _n(i.status),
        str(sorted((y, _n(v)) for y, v in i.targets.items())),
        _n(i.attribute),
        _n(i.cumulative),
    ]


def indicator_rows(plan: Plan) -> list[list[str]]:
    """Every indicator and sub-indicator of the plan's indicator tables as its fields (name,
    domain, number, unit, standard, baseline, status, targets, attribute, cumulative), whitespace
    left out."""
    return [_fields(i) for t in plan.indicator_tables for r in t.rows for i in r.walk()]


def plan_share(want: Plan, got: Plan) -> float:
    """:func:`equal_share` of two plans' indicator rows."""
    return equal_share(indicator_rows(want), indicator_rows(got))
