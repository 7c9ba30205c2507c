"""Assessment: attainment (达标情况), progress & reachability (可达性分析), narrative text, plan lint."""

from __future__ import annotations

from ecociv.assess._progress import (
    PROGRESS_LABELS,
    Progress,
    progress_to_target,
    progress_without_target,
)

__all__ = ["PROGRESS_LABELS", "Progress", "progress_to_target", "progress_without_target"]
