"""Tasks by department (overdue first) and projects by 专栏 with investment totals.

Built on :mod:`ecociv.tracking` (the register: alias-normalised units, status and overdue as of a
day); this module only groups and orders for the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ecociv.tracking import STATUSES, Register, TaskRow, department_view, load_register, record_progress

PROGRESS_STATUSES = tuple(STATUSES)


@dataclass
class TaskItem:
    row: TaskRow
    role: str  # 牵头 / 配合

    @property
    def overdue(self) -> bool:
        return self.row.standing.overdue or any(q.standing.overdue for q in self.row.quantities)


@dataclass
class Department:
    name: str
    placeholder: bool
    tasks: list[TaskItem] = field(default_factory=list)

    @property
    def n_overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)


def _order(t: TaskItem) -> tuple[Any, ...]:
    return (not t.overdue, t.role != "牵头", t.row.deadline or dt.date.max, int(t.row.ref[1:]))


def tasks_by_department(store: Any, plan_id: int, as_of: dt.date) -> tuple[Register, list[Department]]:
    reg = load_register(store, plan_id, as_of=as_of)
    groups: list[Department] = []
    for v in department_view(reg):
        d = Department(v.name, v.placeholder, [TaskItem(r, "牵头") for r in v.leads]
                       + [TaskItem(r, "配合") for r in v.assists])
        d.tasks.sort(key=_order)
        groups.append(d)
    orphans = [TaskItem(r, "—") for r in reg.tasks if not r.units]
    if orphans:
        orphans.sort(key=_order)
        groups.append(Department("（未注明责任单位）", True, orphans))
    groups.sort(key=lambda g: (-g.n_overdue, g.placeholder, -len(g.tasks), g.name))
    return reg, groups


@dataclass
class Column:
    name: str
    projects: list[Any] = field(default_factory=list)  # ProjectRow

    @property
    def total(self) -> float:
        return sum(p.project.investment_wan_yuan or 0.0 for p in self.projects)


def projects_by_column(store: Any, plan_id: int) -> list[Column]:
    reg = load_register(store, plan_id)
    cols: dict[str, Column] = {}
    for p in reg.projects:
        name = p.project.column or "（未分专栏）"
        cols.setdefault(name, Column(name)).projects.append(p)
    return list(cols.values())


def set_status(store: Any, plan_id: int, ref: str, status: str, note: str | None, user: str) -> str:
    """Record a progress status for a task/sub-target/project reference (T3, T3.1, P2); its ref."""
    row, _entry = record_progress(store, plan_id, ref, status, note=note, user=user)
    return str(row.ref)
