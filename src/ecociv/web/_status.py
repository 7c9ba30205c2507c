"""Per-indicator states shown on the pages; computed in :mod:`ecociv.assess._states` (the plan
summaries that write paths store are counted from the same states)."""

from __future__ import annotations

from ecociv.assess._states import (
    RISKY_PROGRESS,
    STATUS_CLASS,
    STATUSES,
    IndicatorState,
    PlanStates,
    assess_states,
    plan_states,
)

__all__ = ["RISKY_PROGRESS", "STATUSES", "STATUS_CLASS", "IndicatorState", "PlanStates", "assess_states", "plan_states"]
