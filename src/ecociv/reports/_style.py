"""Colours and labels shared by every report format, so a status looks the same everywhere."""

from __future__ import annotations

from ecociv.assess import STATUS_LABELS

#: Status -> (strong colour for charts and text, light fill for table cells), hex without '#'.
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "met": ("2E7D32", "C8E6C9"),
    "not_met": ("C62828", "FFCDD2"),
    "needs_review": ("B26A00", "FFE9B3"),
    "no_data": ("757575", "EEEEEE"),
}

#: Task follow-up status -> light fill.
TASK_COLORS: dict[str, str] = {"已完成": "C8E6C9", "推进中": "E3F2FD", "未启动": "EEEEEE", "滞后": "FFCDD2"}

STATUSES = ("met", "not_met", "needs_review", "no_data")

__all__ = ["STATUSES", "STATUS_COLORS", "STATUS_LABELS", "TASK_COLORS"]
