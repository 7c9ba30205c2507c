"""Per-indicator state shown on the pages: latest value, 达标情况, reason, progress label.

The judgement is :func:`ecociv.assess.assess_plan`'s.  A dashboard shows every indicator at its
*own* latest year (figures arrive at different times), so the plan is assessed once per distinct
latest year and each indicator takes the result of its year; a row with sub-indicators takes the
latest year found in its subtree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from ecociv.assess._attain import IndicatorAssessment, assess_plan, default_year
from ecociv.model import Observation, Plan

STATUSES = ("达标", "未达标", "待核定", "无数据")
RISKY_PROGRESS = {"away": "偏离目标", "limited": "进展缓慢"}
STATUS_CLASS = {"达标": "ok", "未达标": "bad", "待核定": "review", "无数据": "none"}


@dataclass
class IndicatorState:
    status: str = "无数据"
    reason: str = ""
    progress: str | None = None
    progress_reason: str | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    latest_text: str | None = None
    binding: bool = False
    level: int = 0
    progress_status: str | None = None  # achieved / on_track / moderate / limited / away / …

    @classmethod
    def empty(cls) -> IndicatorState:
        return cls()

    @property
    def css(self) -> str:
        return STATUS_CLASS.get(self.status, "none")

    @property
    def latest(self) -> str:
        if self.latest_value is not None:
            v = self.latest_value
            return str(int(v)) if v == int(v) and abs(v) < 1e15 else f"{v:.6g}"
        return self.latest_text or ""


@dataclass
class PlanStates:
    states: dict[str, IndicatorState]
    counts: dict[str, int] = field(default_factory=dict)  # over table rows, by Chinese label
    binding_not_met: list[str] = field(default_factory=list)  # keys of table rows
    #: binding table rows not met, or whose progress to the next stage target is slow or reversed:
    #: (key, why) with why 未达标 / 进展缓慢 / 偏离目标
    binding_at_risk: list[tuple[str, str]] = field(default_factory=list)
    #: what ``ecociv assess PLAN`` counts: the table rows judged for the plan's default year
    #: (:func:`~ecociv.assess.default_year`), with that year; ``None`` when ``year`` was given
    assessed: tuple[int | None, dict[str, int]] | None = None

    def to_json(self, years: list[int]) -> dict[str, Any] | None:
        """The states as plain JSON, with ``years`` (the years that have figures, shown as the
        page's choice of year), to be stored beside the plan's summary; None when a value cannot
        be written as JSON (not finite)."""
        rows = [[key, *(getattr(st, name) for name in _FIELDS)] for key, st in self.states.items()]
        if not all(math.isfinite(st.latest_value) for st in self.states.values() if st.latest_value is not None):
            return None
        return {"format": PAGE_FORMAT, "states": rows, "counts": self.counts, "not_met": self.binding_not_met,
                "at_risk": [list(kw) for kw in self.binding_at_risk], "years": years,
                "assessed": None if self.assessed is None else list(self.assessed)}

    @classmethod
    def from_json(cls, data: Any) -> tuple[PlanStates, list[int]] | None:
        """The states and years written by :meth:`to_json`; None when ``data`` is not that (absent,
        or written in another format)."""
        if not isinstance(data, dict) or data.get("format") != PAGE_FORMAT:
            return None
        states = {str(row[0]): IndicatorState(*row[1:]) for row in data["states"]}
        assessed = data.get("assessed")
        return cls(states=states, counts={str(k): int(v) for k, v in data["counts"].items()},
                   binding_not_met=[str(k) for k in data["not_met"]],
                   binding_at_risk=[(str(k), str(why)) for k, why in data["at_risk"]],
                   assessed=None if assessed is None else (assessed[0], dict(assessed[1]))), [int(y) for y in data["years"]]


#: Layout of :meth:`PlanStates.to_json`: the fields of :class:`IndicatorState` in order (a stored
#: page of another layout is computed again).
_FIELDS = tuple(f.name for f in fields(IndicatorState))
PAGE_FORMAT = ",".join(_FIELDS)


def figure_years(observations: list[Observation]) -> list[int]:
    """The years that have figures, newest first."""
    return sorted({o.year for o in observations}, reverse=True)


def _state(ia: IndicatorAssessment) -> IndicatorState:
    prog = ia.progress[0] if ia.progress else None
    return IndicatorState(
        status=ia.standard.label, reason=ia.standard.reason,
        progress=(f"{prog.label}（{prog.target_year}年）" if prog and prog.target_year else prog.label)
        if prog else None,
        progress_reason=prog.reason if prog else None,
        latest_year=ia.year, latest_value=ia.value, latest_text=ia.text,
        binding=ia.binding, level=ia.level, progress_status=prog.status if prog else None,
    )


def _row_key(key: str) -> str:
    """The table row (``table/row``) an indicator key belongs to."""
    return "/".join(key.split("/", 2)[:2])


def _order(key: str) -> tuple[int, ...]:
    return tuple(int(p) for p in key.split("/"))


def _latest_years(plan: Plan, observations: list[Observation]) -> dict[str, int]:
    own: dict[str, int] = {}
    for o in observations:
        if o.value is None and not o.text:
            continue
        if o.year > own.get(o.indicator_key, -1):
            own[o.indicator_key] = o.year
    subtree: dict[str, int] = {}  # the latest year of a key and every key under it
    for k, y in own.items():
        parts = k.split("/")
        for n in range(1, len(parts) + 1):
            prefix = "/".join(parts[:n])
            if y > subtree.get(prefix, -1):
                subtree[prefix] = y
    return {key: subtree[key] for key, _ind in plan.indicators() if key in subtree}


def plan_states(plan: Plan, observations: list[Observation], year: int | None = None, *,
                summary: bool = False) -> PlanStates:
    """States of every indicator; with ``year`` every indicator is judged for that year.
    ``summary``: only what :attr:`PlanStates.counts` and ``binding_at_risk`` need (no target
    judgements; progress of binding table rows only)."""
    if year is not None:
        by_year = {year: assess_plan(plan, observations, year, check_plan=False, summary=summary)}
        chosen = {key: year for key, _ in plan.indicators()}
    else:
        chosen = _latest_years(plan, observations)
        d = default_year(plan, observations)
        # a summary judges each table row only in the year its state is taken from, and every
        # row in the default year (whose counts it keeps)
        rows_of: dict[int, set[str]] = {}
        for key, y in chosen.items():
            rows_of.setdefault(y, set()).add(_row_key(key))
        by_year = {y: assess_plan(plan, observations, y, check_plan=False, summary=summary,
                                  only_rows=rows_of[y] if summary and y != d else None)
                   for y in sorted(rows_of)}
    assessed: tuple[int | None, dict[str, int]] | None = None
    if year is None:
        counted = by_year.get(d) if d is not None else None
        assessed = (d, dict((counted or assess_plan(plan, observations, d, check_plan=False, summary=summary)).counts))
    states: dict[str, IndicatorState] = {}
    for y, assessment in by_year.items():
        for ia in assessment.indicators:
            if chosen.get(ia.key) == y:
                states[ia.key] = _state(ia)
    if not by_year or any(key not in states for key, _ in plan.indicators()):
        # indicators without any figure: judged as the assessment does without data
        # (the base year's assessment, when there is one, judged them so already: no figure of
        # theirs is in it)
        partial = {y for y in by_year if summary and year is None and y != d}  # judged for some rows only
        base = by_year.get(plan.base_year) if plan.base_year is not None and plan.base_year not in partial else None
        missing = {_row_key(key) for key, _ in plan.indicators() if key not in states} if summary else None
        base = base or assess_plan(plan, [], plan.base_year, check_plan=False, summary=summary, only_rows=missing)
        for ia in base.indicators:
            if ia.key not in states:
                states[ia.key] = _state(ia)
    counts = dict.fromkeys(STATUSES, 0)
    binding: list[str] = []
    risk: list[tuple[str, str]] = []
    for key, st in states.items():
        if st.level == 0:
            counts[st.status] = counts.get(st.status, 0) + 1
            if st.binding and st.status == "未达标":
                binding.append(key)
                risk.append((key, "未达标"))
            elif st.binding and st.progress_status in RISKY_PROGRESS:
                risk.append((key, RISKY_PROGRESS[st.progress_status]))
    binding.sort(key=_order)
    risk.sort(key=lambda kw: (kw[1] != "未达标", _order(kw[0])))
    return PlanStates(states=states, counts=counts, binding_not_met=binding, binding_at_risk=risk, assessed=assessed)


def assess_states(plan: Plan, observations: list[Observation], year: int | None = None) -> dict[str, IndicatorState]:
    return plan_states(plan, observations, year).states
