"""Assessment: attainment (达标情况), progress & reachability (可达性分析), narrative text, plan lint.

>>> assessment = assess_plan(plan, store.observations(plan_id), year=2024)
>>> print(reachability_text(assessment))
>>> findings = lint_file("plan.txt")
"""

from __future__ import annotations

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
