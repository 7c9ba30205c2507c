"""Assessment: attainment (达标情况), progress & reachability (可达性分析), narrative text, plan lint.

>>> assessment = assess_plan(plan, store.observations(plan_id), year=2024)
>>> print(reachability_text(assessment))
>>> findings = lint_file("plan.txt")

The names below load on first use, so that reading stored plan summaries (``ecociv assess --all``)
starts without the per-plan assessment and the lint.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecociv.assess._attain import (
        STATUS_LABELS,
        Assessment,
        IndicatorAssessment,
        Judgement,
        assess_plan,
        assessment_to_dict,
    )
    from ecociv.assess._lint import SLUGS as LINT_SLUGS
    from ecociv.assess._lint import document_lines, lint_file, lint_plan
    from ecociv.assess._progress import (
        PROGRESS_LABELS,
        Progress,
        progress_to_target,
        progress_without_target,
    )
    from ecociv.assess._summaries import refresh_summaries
    from ecociv.assess._text import reachability_text

#: public name -> (the module that defines it, its name there)
_WHERE = {
    "LINT_SLUGS": ("_lint", "SLUGS"),
    "PROGRESS_LABELS": ("_progress", "PROGRESS_LABELS"),
    "STATUS_LABELS": ("_attain", "STATUS_LABELS"),
    "Assessment": ("_attain", "Assessment"),
    "IndicatorAssessment": ("_attain", "IndicatorAssessment"),
    "Judgement": ("_attain", "Judgement"),
    "Progress": ("_progress", "Progress"),
    "assess_plan": ("_attain", "assess_plan"),
    "assessment_to_dict": ("_attain", "assessment_to_dict"),
    "document_lines": ("_lint", "document_lines"),
    "lint_file": ("_lint", "lint_file"),
    "lint_plan": ("_lint", "lint_plan"),
    "progress_to_target": ("_progress", "progress_to_target"),
    "progress_without_target": ("_progress", "progress_without_target"),
    "reachability_text": ("_text", "reachability_text"),
    "refresh_summaries": ("_summaries", "refresh_summaries"),
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module, attr = _WHERE[name]
        value = getattr(import_module(f"ecociv.assess.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ecociv.assess' has no attribute {name!r}")


__all__ = [
    "LINT_SLUGS",
    "PROGRESS_LABELS",
    "STATUS_LABELS",
    "Assessment",
    "IndicatorAssessment",
    "Judgement",
    "Progress",
    "assess_plan",
    "assessment_to_dict",
    "document_lines",
    "lint_file",
    "lint_plan",
    "progress_to_target",
    "progress_without_target",
    "reachability_text",
    "refresh_summaries",
]
