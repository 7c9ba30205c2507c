"""Follow-up status of tasks, sub-targets and projects, and overdue detection as of a date.

Rules:

* the status is the latest progress note dated on or before the day asked about (notes of the
  same day: the one recorded last); without any note it is 未启动;
* anything not 已完成 whose deadline lies before that day is overdue, and shown as 滞后;
* a task with no note of its own takes its sub-targets' notes: all 已完成 -> 已完成, any note
  -> 推进中.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ecociv.errors import InputError

__all__ = [
    "DONE",
    "IN_PROGRESS",
    "LATE",
    "NOT_STARTED",
    "STATUSES",
    "ProgressEntry",
    "Standing",
    "check_status",
    "parse_date",
    "standing",
]

NOT_STARTED = "未启动"
IN_PROGRESS = "推进中"
DONE = "已完成"
LATE = "滞后"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, LATE)


@dataclass
class ProgressEntry:
    """One dated progress note on a task (``task``), sub-target (``quantity``) or ``project``."""

    entity_type: str
    entity_id: int
    status: str
    note: str | None = None
    evidence: str | None = None
    as_of: dt.date | None = None
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None
    id: int | None = None


@dataclass
class Standing:
    """Where something stands on a day: status shown, status recorded, overdue, latest note."""

    status: str
    recorded_status: str | None
    overdue: bool
    latest: ProgressEntry | None


def check_status(status: str) -> str:
    """``status`` when it is one of 未启动/推进中/已完成/滞后, else an :class:`InputError`."""
    s = status.strip()
    if s not in STATUSES:
        raise InputError(f"进展状态“{status}”无效，应为：{'、'.join(STATUSES)}")
    return s


def parse_date(text: str, what: str = "日期") -> dt.date:
    """``2024-06-30``, ``2024/6/30``, ``2024年6月30日`` -> date; anything else an :class:`InputError`."""


    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise InputError(f"{what}“{text}”无效，应为 YYYY-MM-DD（例如 2024-06-30）")


def _key(e: ProgressEntry) -> tuple[dt.date, dt.datetime, int]:
    return (
        e.as_of or (e.recorded_at.date() if e.recorded_at else dt.date.min),
        e.recorded_at or dt.datetime.min,
        e.id or 0,
    )


def latest_entry(entries: Iterable[ProgressEntry], as_of: dt.date) -> ProgressEntry | None:
    """The latest note dated on or before ``as_of``."""
    valid = [e for e in entries if _key(e)[0] <= as_of]
    return max(valid, key=_key) if valid else None


def standing(
    entries: Sequence[ProgressEntry],
    deadline: dt.date | None,
    as_of: dt.date,
    *,
    parts: Sequence[Standing] = (),
) -> Standing:
    """Where one task, sub-target or project stands on ``as_of``.

    ``parts`` are the standings of a task's sub-targets, used when the task has no note itself.
    """
    latest = latest_entry(entries, as_of)
    recorded = latest.status if latest else None
    if recorded is None and parts:
        noted = [p for p in parts if p.recorded_status is not None]
        if noted and all(p.recorded_status == DONE for p in parts):
            recorded = DONE
        elif noted:
            recorded = IN_PROGRESS
    overdue = deadline is not None and deadline < as_of and recorded != DONE
    status = recorded or NOT_STARTED
    if overdue:
        status = LATE
    return Standing(status=status, recorded_status=recorded, overdue=overdue, latest=latest)
