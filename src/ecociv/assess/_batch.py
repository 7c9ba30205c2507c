"""Many regions at once: the store's current figures as a matrix, judged with numpy.

Each distinct standard/target text is parsed once (not once per observation); the comparison
against the standard, the CAGR ratio against the next stage target and the growth-rate
categories are array operations over all indicators.  Standards that are not numeric
(qualitative, 完成上级下达任务 …) are judged once per distinct (standard, value) with
:func:`ecociv.standards.evaluate`.  Used by ``benchmarks/assess_speed.py`` and by overviews of
many plans; :func:`ecociv.assess.assess_plan` remains the full, per-indicator assessment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from ecociv.assess._progress import (
    GROWTH_MODERATE,
    GROWTH_ON_TRACK,
    PERCENT_LIMIT,
    RATIO_MODERATE,
    RATIO_ON_TRACK,
    ZERO_REPLACEMENT,
)

F = npt.NDArray[np.float64]
I = npt.NDArray[np.int64]  # noqa: E741

#: Status codes of :attr:`BatchResult.status`.
STATUS_CODES = ("no_data", "met", "not_met", "needs_review")
#: Progress codes of :attr:`BatchResult.progress`.
PROGRESS_CODES = ("no_data", "achieved", "on_track", "moderate", "limited", "away", "needs_review")
_OPS = {">=": 0, ">": 1, "<=": 2, "<": 3, "=": 4}


@dataclass
class BatchResult:
    plan_ids: I  # per indicator
    indicator_ids: I
    status: npt.NDArray[np.int8]  # index into STATUS_CODES
    progress: npt.NDArray[np.int8]  # index into PROGRESS_CODES, towards the next stage target
    ratio: F  # observed / required CAGR (nan where not computed)
    year: int

    def counts_by_plan(self) -> dict[int, dict[str, int]]:
        """{plan id: {status: count}} over every indicator."""
        out: dict[int, dict[str, int]] = {}
        plans, inv = np.unique(self.plan_ids, return_inverse=True)
        for code, name in enumerate(STATUS_CODES):
            per = np.bincount(inv, weights=(self.status == code), minlength=len(plans))
            for p, n in zip(plans.tolist(), per.tolist(), strict=True):
                out.setdefault(int(p), {})[name] = int(n)
        return out


@dataclass
class _Spec:
    op: int  # -1: not numeric
    threshold: float
    qualitative: bool = False  # a state or an externally set target: 待核定 until confirmed


def _std() -> Any:
    import ecociv.standards as standards

    return standards


def _compare(v: F, op: I, t: F) -> npt.NDArray[np.bool_]:
    eps = 1e-9 * np.maximum(1.0, np.abs(t))
    return np.select(
        [op == 0, op == 1, op == 2, op == 3, op == 4],
        [v >= t - eps, v > t, v <= t + eps, v < t, np.abs(v - t) <= eps],
        default=False,
    )


def load_current(store: Any, plan_ids: list[int] | None = None) -> tuple[dict[str, Any], I, I, F]:
    """Indicator metadata and the current figures of ``plan_ids`` (all plans when None).

    Returns (meta columns, observation indicator ids, years, values) as numpy arrays; one
    query for the indicators and one for the figures.
    """
    from ecociv.store.tables import indicator_tables, indicators, observations

    cols = [
        indicators.c.id,
        indicator_tables.c.plan_id,
        indicators.c.name,
        indicators.c.unit,
        indicators.c.standard,
        indicators.c.targets,
        indicators.c.direction,
    ]
    q = select(*cols).join(indicator_tables, indicator_tables.c.id == indicators.c.table_id)
    oq = (
        select(observations.c.indicator_id, observations.c.year, observations.c.value)
        .where(observations.c.superseded_at.is_(None), observations.c.value.is_not(None))
    )
    if plan_ids is not None:
        q = q.where(indicator_tables.c.plan_id.in_(plan_ids))
        oq = oq.join(indicators, indicators.c.id == observations.c.indicator_id).join(
            indicator_tables, indicator_tables.c.id == indicators.c.table_id
        ).where(indicator_tables.c.plan_id.in_(plan_ids))
    with store.engine.connect() as conn:
        meta_rows = conn.execute(q).all()
        sql, params = _compiled(oq, conn)
        cur = conn.connection.driver_connection.cursor()  # the driver's cursor: no row objects
        cur.execute(sql, params)
        obs = np.array(cur.fetchall(), dtype=np.float64).reshape(-1, 3)
    meta = {
        "id": np.fromiter((r[0] for r in meta_rows), dtype=np.int64, count=len(meta_rows)),
        "plan_id": np.fromiter((r[1] for r in meta_rows), dtype=np.int64, count=len(meta_rows)),
        "name": [r[2] for r in meta_rows],
        "unit": [r[3] for r in meta_rows],
        "standard": [r[4] for r in meta_rows],
        "targets": [r[5] if isinstance(r[5], dict) else json.loads(r[5] or "{}") for r in meta_rows],
        "direction": [r[6] for r in meta_rows],
    }
    return meta, obs[:, 0].astype(np.int64), obs[:, 1].astype(np.int64), obs[:, 2]


def _compiled(stmt: Any, conn: Any) -> tuple[str, Any]:
    c = stmt.compile(dialect=conn.dialect)
    if conn.dialect.paramstyle in ("qmark", "numeric"):
        return str(c), tuple(c.params[k] for k in c.positiontup or [])
    return str(c), c.params


def assess_current(store: Any, year: int, plan_ids: list[int] | None = None, base_year: int | None = None) -> BatchResult:
    """Judge every indicator of the plans in the store for ``year`` (vectorised)."""
    meta, obs_ind, obs_year, obs_val = load_current(store, plan_ids)
    return assess_arrays(meta, obs_ind, obs_year, obs_val, year, base_year)


def assess_arrays(
    meta: dict[str, Any], obs_ind: I, obs_year: I, obs_val: F, year: int, base_year: int | None = None
) -> BatchResult:
    """The vectorised core over plain arrays (see :func:`load_current` for their shape)."""
    std = _std()
    ids: I = meta["id"]
    n = len(ids)
    order = np.argsort(ids)
    pos_of = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int64)
    pos_of[ids[order]] = order
    # the matrix: indicator x year
    y0 = int(obs_year.min(initial=year)) if base_year is None else base_year
    ny = max(year - y0 + 1, 1)
    vals = np.full((n, ny), np.nan)
    keep = (obs_year >= y0) & (obs_year <= year) & (obs_ind < len(pos_of))
    rows = pos_of[obs_ind[keep]]
    ok = rows >= 0
    vals[rows[ok], (obs_year[keep] - y0)[ok]] = obs_val[keep][ok]

    # parse each distinct standard / next target once
    cache: dict[tuple[str | None, str | None], _Spec] = {}
    op = np.full(n, -1, dtype=np.int64)
    thr = np.full(n, np.nan)
    t_op = np.full(n, -1, dtype=np.int64)
    t_val = np.full(n, np.nan)
    t_year = np.zeros(n, dtype=np.int64)
    t_qual = np.zeros(n, dtype=bool)
    sign = np.ones(n)
    pct = np.zeros(n, dtype=bool)
    for k in range(n):
        unit, direction = meta["unit"][k], meta["direction"][k]
        d = direction or _direction_cached(std, meta["name"][k], unit)
        sign[k] = -1.0 if d == "lower" else 1.0
        pct[k] = (unit or "").strip() in ("%", "％")
        s = _spec(cache, std, meta["standard"][k], d)
        op[k], thr[k] = s.op, s.threshold
        targets = meta["targets"][k]
        future = sorted((int(y), t) for y, t in targets.items() if t and int(y) > year)
        if future:
            t_year[k] = future[0][0]
            s = _spec(cache, std, future[0][1], d)
            t_op[k], t_val[k], t_qual[k] = s.op, s.threshold, s.qualitative

    latest = vals[:, -1]
    has = ~np.isnan(latest)
    numeric = op >= 0
    met = _compare(latest, op, thr)
    status = np.zeros(n, dtype=np.int8)
    status[has & numeric & met] = 1
    status[has & numeric & ~met] = 2
    status[has & ~numeric] = 3
    # qualitative standards: evaluate once per distinct (standard, value)
    qual = np.flatnonzero(has & ~numeric)
    judged: dict[tuple[str | None, float], int] = {}
    for k in qual.tolist():
        key = (meta["standard"][k], float(latest[k]))
        if key not in judged:
            j = std.evaluate(key[0], key[1], name=meta["name"][k], unit=meta["unit"][k])
            judged[key] = STATUS_CODES.index(j.status)
        status[k] = judged[key]

    # progress towards the next stage target: CAGR ratio
    first_idx = np.argmax(~np.isnan(vals), axis=1)
    base = vals[np.arange(n), first_idx]
    base_y = y0 + first_idx
    span = (y0 + ny - 1) - base_y
    b = np.where(base == 0, ZERO_REPLACEMENT, base)
    last = np.where(latest == 0, ZERO_REPLACEMENT, latest)
    tv = np.where(t_val == 0, ZERO_REPLACEMENT, t_val)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (last / b) ** (1.0 / span) - 1.0
        required = (tv / b) ** (1.0 / (t_year - base_y)) - 1.0
        ratio = sign * observed / np.abs(required)
        growth = sign * observed
    progress = np.zeros(n, dtype=np.int8)
    target_numeric = (t_op >= 0) & has & (span > 0) & (b * last > 0)
    achieved = has & (t_op >= 0) & _compare(latest, t_op, t_val)
    cat = np.select(
        [ratio >= RATIO_ON_TRACK, ratio >= RATIO_MODERATE, ratio > 0],
        [2, 3, 4],
        default=5,
    )
    progress[target_numeric] = cat[target_numeric]
    # no numeric target: growth thresholds, scaled near the 100 % limit
    no_target = (t_op < 0) & ~t_qual & has & (span > 0) & (b * last > 0)
    c = np.where(pct & (sign > 0), np.clip((PERCENT_LIMIT - base) / PERCENT_LIMIT, 0.0, 1.0), 1.0)
    gcat = np.select(
        [(c <= 0) & (growth >= 0), growth >= GROWTH_ON_TRACK * c, growth >= GROWTH_MODERATE * c, growth >= 0],
        [2, 2, 3, 4],
        default=5,
    )
    progress[no_target] = gcat[no_target]
    progress[achieved] = 1
    progress[t_qual & has] = 6
    ratio = np.where(target_numeric, ratio, np.nan)
    return BatchResult(meta["plan_id"], ids, status, progress, ratio, year)


_DIRECTIONS: dict[tuple[str, str | None], str | None] = {}


def _direction_cached(std: Any, name: str, unit: str | None) -> str | None:
    key = (name, unit)
    if key not in _DIRECTIONS:
        _DIRECTIONS[key] = std.infer_direction(name, unit)
    return _DIRECTIONS[key]


def _spec(cache: dict[tuple[str | None, str | None], _Spec], std: Any, text: str | None, direction: str | None) -> _Spec:
    key = (text, direction)
    s = cache.get(key)
    if s is None:
        e = std.parse(text) if text else None
        op = -1
        thr = float("nan")
        if e is not None and e.kind in ("compare", "number", "approx"):
            c = e.comparison(direction)
            if c in _OPS and e.numeric_threshold is not None:
                op, thr = _OPS[c], float(e.numeric_threshold)
        qualitative = op < 0 and e is not None and e.kind not in ("trend", "placeholder")
        s = cache[key] = _Spec(op, thr, qualitative)
    return s
