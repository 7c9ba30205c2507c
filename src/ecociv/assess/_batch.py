"""Many regions at once: the store's current figures as a matrix, judged with numpy.

Each distinct standard/target text is parsed once (not once per observation); the comparison
against the standard, the CAGR ratio against the next stage target and the growth-rate
categories and the year an OLS line meets the next target are array operations over all
indicators.  Standards that are not numeric
(qualitative, 完成上级下达任务 …) are judged once per distinct (standard, value) with
:func:`ecociv.standards.evaluate`.  Used by ``benchmarks/assess_speed.py`` and by overviews of
many plans; :func:`ecociv.assess.assess_plan` remains the full, per-indicator assessment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

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
#: what judging a figure against an indicator's standard depends on: name, unit, standard, direction
Standard = tuple[str, str | None, str | None, str | None]

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
    projected_year: I  # first year the OLS line (>= 3 years of figures) meets the next target; 0: none
    year: int

    def counts_by_plan(self) -> dict[int, dict[str, int]]:
        """{plan id: {status: count}} over every indicator."""
        return counts_by_plan(self.plan_ids, self.status)


def counts_by_plan(plan_ids: I, status: npt.NDArray[np.int8]) -> dict[int, dict[str, int]]:
    """{plan id: {status: count}} over indicators of ``plan_ids`` judged ``status``."""
    out: dict[int, dict[str, int]] = {}
    plans, inv = np.unique(plan_ids, return_inverse=True)
    for code, name in enumerate(STATUS_CODES):
        per = np.bincount(inv, weights=(status == code), minlength=len(plans))
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


@dataclass
class Figures:
    """Indicators (one entry per indicator) and their current figures, as arrays.

    Indicators sharing name, unit, standard, targets and direction share a *descriptor*
    (``desc`` indexes ``descriptors``): standards are parsed once per descriptor.
    """

    ids: I
    plan_ids: I
    desc: I
    descriptors: list[tuple[str, str | None, str | None, str, str | None]]  # name, unit, standard, targets JSON, direction
    obs_ind: I
    obs_year: I
    obs_val: F


def load_current(store: Any, plan_ids: list[int] | None = None) -> Figures:
    """Indicators and current figures of ``plan_ids`` (all plans when None): two queries, read
    with the driver's cursor; on SQLite and PostgreSQL the figures come aggregated per indicator
    (one row per indicator, not per figure) and are split with numpy."""
    from sqlalchemy import Text, cast, func, select

    from ecociv.store.tables import indicator_tables, indicators, observations

    q = select(
        indicators.c.id,
        indicator_tables.c.plan_id,
        indicators.c.name,
        indicators.c.unit,
        indicators.c.standard,
        cast(indicators.c.targets, Text),
        indicators.c.direction,
    ).join(indicator_tables, indicator_tables.c.id == indicators.c.table_id)
    current = (observations.c.superseded_at.is_(None), observations.c.value.is_not(None))
    with store.engine.connect() as conn:
        dialect = conn.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                years_agg = func.group_concat(observations.c.year)
                values_agg = func.group_concat(observations.c.value)
            else:
                years_agg = func.string_agg(cast(observations.c.year, Text), ",")
                values_agg = func.string_agg(cast(observations.c.value, Text), ",")
            oq = select(observations.c.indicator_id, func.count(), years_agg, values_agg).where(*current)
            oq = oq.group_by(observations.c.indicator_id)
        else:
            oq = select(observations.c.indicator_id, observations.c.year, observations.c.value).where(*current)
        if plan_ids is not None:
            q = q.where(indicator_tables.c.plan_id.in_(plan_ids))
            oq = (
                oq.join(indicators, indicators.c.id == observations.c.indicator_id)
                .join(indicator_tables, indicator_tables.c.id == indicators.c.table_id)
                .where(indicator_tables.c.plan_id.in_(plan_ids))
            )
        meta_sql = _compiled(q, conn)
        obs_sql = _compiled(oq, conn)
        # the two reads overlap: the database driver releases the GIL while it works
        with ThreadPoolExecutor(max_workers=1) as pool:
            meta_future = pool.submit(_fetch, store, meta_sql)
            obs_rows = _fetch_on(conn, obs_sql)
            meta_rows = meta_future.result()
    index: dict[tuple[Any, ...], int] = {}
    desc = np.fromiter(
        (index.setdefault((r[2], r[3], r[4], r[5] or "{}", r[6]), len(index)) for r in meta_rows),
        dtype=np.int64,
        count=len(meta_rows),
    )
    ids = np.fromiter((r[0] for r in meta_rows), dtype=np.int64, count=len(meta_rows))
    plans = np.fromiter((r[1] for r in meta_rows), dtype=np.int64, count=len(meta_rows))
    if dialect in ("sqlite", "postgresql"):
        counts = np.fromiter((r[1] for r in obs_rows), dtype=np.int64, count=len(obs_rows))
        obs_ind = np.repeat(np.fromiter((r[0] for r in obs_rows), dtype=np.int64, count=len(obs_rows)), counts)
        years = np.fromstring(",".join([str(r[2]) for r in obs_rows]), sep=",") if obs_rows else np.zeros(0)
        values = np.fromstring(",".join([str(r[3]) for r in obs_rows]), sep=",") if obs_rows else np.zeros(0)
    else:
        arr = np.array(obs_rows, dtype=np.float64).reshape(-1, 3)
        obs_ind, years, values = arr[:, 0].astype(np.int64), arr[:, 1], arr[:, 2]
    return Figures(ids, plans, desc, list(index), obs_ind, years.astype(np.int64), values)


def _fetch_on(conn: Any, sql_params: tuple[str, Any]) -> list[Any]:
    cur = conn.connection.driver_connection.cursor()  # plain tuples, no row objects
    cur.execute(*sql_params)
    return list(cur.fetchall())


def _fetch(store: Any, sql_params: tuple[str, Any]) -> list[Any]:
    with store.engine.connect() as conn:
        return _fetch_on(conn, sql_params)


def _compiled(stmt: Any, conn: Any) -> tuple[str, Any]:
    c = stmt.compile(dialect=conn.dialect)
    if conn.dialect.paramstyle in ("qmark", "numeric"):
        return str(c), tuple(c.params[k] for k in c.positiontup or [])
    return str(c), c.params


def assess_current(store: Any, year: int, plan_ids: list[int] | None = None, base_year: int | None = None) -> BatchResult:
    """Judge every indicator of the plans in the store for ``year`` (vectorised)."""
    return assess_figures(load_current(store, plan_ids), year, base_year)


def _standard_specs(standards: Sequence[Standard], cache: dict[tuple[str | None, str | None], _Spec]) -> dict[str, Any]:
    """Per standard: its direction, op/threshold when numeric, and its kind."""
    std = _std()
    m = len(standards)
    out: dict[str, Any] = {
        "op": np.full(m, -1, dtype=np.int64),
        "thr": np.full(m, np.nan),
        "std_kind": [""] * m,
        "direction": [None] * m,
    }
    for k, (name, unit, standard, direction) in enumerate(standards):
        d = out["direction"][k] = direction or _direction_cached(std, name, unit)
        spec = _spec(cache, std, standard, d)
        out["op"][k], out["thr"][k] = spec.op, spec.threshold
        out["std_kind"][k] = std.parse(standard).kind if standard else "placeholder"
    return out


def _descriptor_specs(
    descriptors: list[tuple[str, str | None, str | None, str, str | None]], year: int
) -> dict[str, Any]:
    """Per descriptor: standard op/threshold, next target op/value/year/qualitative, sign, percent."""
    std = _std()
    m = len(descriptors)
    cache: dict[tuple[str | None, str | None], _Spec] = {}
    out = _standard_specs([(name, unit, standard, d) for name, unit, standard, _, d in descriptors], cache)
    out.update({
        "t_op": np.full(m, -1, dtype=np.int64),
        "t_val": np.full(m, np.nan),
        "t_year": np.zeros(m, dtype=np.int64),
        "t_qual": np.zeros(m, dtype=bool),
        "sign": np.ones(m),
        "pct": np.zeros(m, dtype=bool),
    })
    for k, (_, unit, _, targets_json, _) in enumerate(descriptors):
        d = out["direction"][k]
        out["sign"][k] = -1.0 if d == "lower" else 1.0
        out["pct"][k] = (unit or "").strip() in ("%", "％")
        targets = json.loads(targets_json) if targets_json else {}
        future = sorted((int(y), t) for y, t in targets.items() if t and int(y) > year)
        if future:
            out["t_year"][k] = future[0][0]
            spec = _spec(cache, std, future[0][1], d)
            out["t_op"][k], out["t_val"][k], out["t_qual"][k] = spec.op, spec.threshold, spec.qualitative
    return out


def _status(latest: F, dk: I, standards: Sequence[Standard], spec: dict[str, Any]) -> npt.NDArray[np.int8]:
    """Each indicator's figure ``latest`` (nan: none) judged against its standard (``standards[dk]``)."""
    op, thr = spec["op"][dk], spec["thr"][dk]
    has = ~np.isnan(latest)
    numeric = op >= 0
    met = _compare(latest, op, thr)
    status = np.zeros(len(latest), dtype=np.int8)
    status[has & numeric & met] = 1
    status[has & numeric & ~met] = 2
    # non-numeric standards: a state or an externally set standard is not decided by a number, so
    # it is judged once per descriptor; others once per distinct (descriptor, value)
    std = _std()
    judged: dict[tuple[int, float], int] = {}
    for k in np.flatnonzero(has & ~numeric).tolist():
        d = int(dk[k])
        name, unit, standard, _ = standards[d]
        v = 0.0 if spec["std_kind"][d] in ("higher", "state", "invariance", "placeholder") else float(latest[k])
        key = (d, v)
        if key not in judged:
            j = std.evaluate(standard, float(latest[k]), name=name, unit=unit)
            judged[key] = STATUS_CODES.index(j.status)
        status[k] = judged[key]
    return status


def latest_status(ids: I, desc: I, standards: Sequence[Standard], obs_ids: I, obs_values: F) -> npt.NDArray[np.int8]:
    """The status of each indicator ``ids`` (standard ``standards[desc]``) judged on its figure
    among ``obs_ids``/``obs_values`` (one year's; none: 无数据) — what :func:`assess_figures` gives
    for that year."""
    pos_of = np.full(max(int(ids.max(initial=0)), int(obs_ids.max(initial=0))) + 1, -1, dtype=np.int64)
    pos_of[ids] = np.arange(len(ids))
    rows = pos_of[obs_ids]
    latest = np.full(len(ids), np.nan)
    latest[rows[rows >= 0]] = obs_values[rows >= 0]
    return _status(latest, desc, standards, _standard_specs(standards, {}))


def assess_figures(fig: Figures, year: int, base_year: int | None = None) -> BatchResult:
    """The vectorised core over the arrays of :func:`load_current`."""
    ids = fig.ids
    n = len(ids)
    pos_of = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int64)
    pos_of[ids] = np.arange(n)
    obs_ind, obs_year, obs_val = fig.obs_ind, fig.obs_year, fig.obs_val
    # the matrix: indicator x year
    y0 = int(obs_year.min(initial=year)) if base_year is None else base_year
    ny = max(year - y0 + 1, 1)
    vals = np.full((n, ny), np.nan)
    keep = (obs_year >= y0) & (obs_year <= year) & (obs_ind < len(pos_of))
    rows = pos_of[obs_ind[keep]]
    ok = rows >= 0
    vals[rows[ok], (obs_year[keep] - y0)[ok]] = obs_val[keep][ok]

    spec = _descriptor_specs(fig.descriptors, year)
    dk = fig.desc
    t_op, t_val, t_year, t_qual = spec["t_op"][dk], spec["t_val"][dk], spec["t_year"][dk], spec["t_qual"][dk]
    sign, pct = spec["sign"][dk], spec["pct"][dk]

    latest = vals[:, -1]
    has = ~np.isnan(latest)
    standards = [(name, unit, standard, d) for name, unit, standard, _, d in fig.descriptors]
    status = _status(latest, dk, standards, spec)

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
        # a zero base, latest or target value cannot enter a growth ratio: absolute yearly change
        linear = (base == 0) | (latest == 0) | (t_val == 0) | (base * latest < 0) | (base * t_val < 0)
        abs_ratio = sign * ((latest - base) / span) / np.abs((t_val - base) / (t_year - base_y))
    ratio = np.where(linear, abs_ratio, ratio)
    progress = np.zeros(n, dtype=np.int8)
    target_numeric = (t_op >= 0) & has & (span > 0) & ((b * last > 0) | linear)
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
    projected = _projected_year(vals, y0, t_op, t_val, year)
    return BatchResult(fig.plan_ids, ids, status, progress, ratio, projected, year)


def _projected_year(vals: F, y0: int, t_op: I, t_val: F, year: int, horizon: int = 50) -> I:
    """First whole year >= ``year`` in which the OLS line of each row of ``vals`` (indicator x
    year from ``y0``) meets its target; 0 with fewer than 3 years or when it never does."""
    present = ~np.isnan(vals)
    x = np.arange(vals.shape[1], dtype=np.float64)[None, :] * present
    v = np.where(present, vals, 0.0)
    n = present.sum(axis=1).astype(np.float64)
    sx, sy = x.sum(axis=1), v.sum(axis=1)
    sxx, sxy = (x * x).sum(axis=1), (x * v).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        den = n * sxx - sx * sx
        slope = (n * sxy - sx * sy) / den
        icpt = (sy - slope * sx) / n
        now = icpt + slope * (year - y0)
        t = (t_val - icpt) / slope + y0
    ok = (n >= 3) & (den > 1e-9) & (t_op >= 0)
    met_now = ok & _compare(now, t_op, t_val)
    ahead = ok & ~met_now & (slope != 0) & (t >= year) & (t <= year + horizon)
    out = np.zeros(len(n), dtype=np.int64)
    out[met_now] = year
    y = np.where(ahead, np.ceil(t - 1e-9), 0.0)
    fit_y = icpt + slope * (y - y0)
    y = np.where(ahead & ~_compare(fit_y, t_op, t_val), y + 1, y)  # strict comparisons on the line
    out[ahead] = y[ahead].astype(np.int64)
    return out


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
