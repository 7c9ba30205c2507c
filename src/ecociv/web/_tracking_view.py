"""Tasks by department (overdue first) and projects by 专栏 with investment totals, from the store."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from ecociv.store import tables as T

PROGRESS_STATUSES = ("未启动", "推进中", "已完成", "滞后")


@dataclass
class TaskItem:
    id: int
    seq: int
    section: str | None
    title: str | None
    text: str
    units: list[str]
    deadline: dt.date | None
    status: str = "未启动"
    note: str | None = None
    updated_by: str | None = None
    updated_at: dt.datetime | None = None
    overdue: bool = False
    role: str = "牵头"  # 牵头 / 配合 within a department group


@dataclass
class Department:
    name: str
    tasks: list[TaskItem] = field(default_factory=list)

    @property
    def n_overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)


def latest_progress(conn: sa.Connection, entity_type: str, ids: list[int]) -> dict[int, sa.Row]:
    if not ids:
        return {}
    p = T.progress
    rows = conn.execute(
        sa.select(p).where(p.c.entity_type == entity_type, p.c.entity_id.in_(ids)).order_by(p.c.id)
    ).all()
    return {int(r.entity_id): r for r in rows}  # later rows win


def tasks_by_department(engine: sa.Engine, plan_id: int, as_of: dt.date) -> list[Department]:
    t, u = T.tasks, T.task_units
    with engine.connect() as c:
        rows = c.execute(sa.select(t).where(t.c.plan_id == plan_id).order_by(t.c.position)).all()
        ids = [int(r.id) for r in rows]
        units: dict[int, list[str]] = defaultdict(list)
        if ids:
            for r in c.execute(sa.select(u.c.task_id, u.c.unit_name).where(u.c.task_id.in_(ids))
                               .order_by(u.c.task_id, u.c.position)):
                units[int(r.task_id)].append(r.unit_name)
        prog = latest_progress(c, "task", ids)
    groups: dict[str, Department] = {}
    for r in rows:
        p = prog.get(int(r.id))
        status = p.status if p is not None else "未启动"
        overdue = bool(r.deadline and r.deadline < as_of and status != "已完成") or status == "滞后"
        names = units.get(int(r.id)) or ["（未注明责任单位）"]
        for i, name in enumerate(names):
            item = TaskItem(id=int(r.id), seq=int(r.position) + 1, section=r.section, title=r.title, text=r.text,
                            units=units.get(int(r.id), []), deadline=r.deadline, status=status,
                            note=p.note if p is not None else None,
                            updated_by=p.recorded_by if p is not None else None,
                            updated_at=p.recorded_at if p is not None else None,
                            overdue=overdue, role="牵头" if i == 0 else "配合")
            groups.setdefault(name, Department(name)).tasks.append(item)
    for g in groups.values():
        g.tasks.sort(key=lambda x: (not x.overdue, x.role != "牵头", x.deadline or dt.date.max, x.seq))
    return sorted(groups.values(), key=lambda g: (-g.n_overdue, -len(g.tasks), g.name))


@dataclass
class ProjectItem:
    id: int
    seq: int
    name: str
    content: str | None
    investment: float | None
    period: str | None
    responsible: list[str]
    status: str = "未启动"


@dataclass
class Column:
    name: str
    projects: list[ProjectItem] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(p.investment or 0.0 for p in self.projects)


def projects_by_column(engine: sa.Engine, plan_id: int) -> list[Column]:
    p = T.projects
    with engine.connect() as c:
        rows = c.execute(sa.select(p).where(p.c.plan_id == plan_id).order_by(p.c.position)).all()
        prog = latest_progress(c, "project", [int(r.id) for r in rows])
    cols: dict[str, Column] = {}
    for r in rows:
        name = r.column_name or "（未分专栏）"
        pr = prog.get(int(r.id))
        cols.setdefault(name, Column(name)).projects.append(
            ProjectItem(id=int(r.id), seq=int(r.position) + 1, name=r.name, content=r.content,
                        investment=r.investment_wan_yuan, period=r.period, responsible=list(r.responsible or []),
                        status=pr.status if pr is not None else "未启动")
        )
    return list(cols.values())


def task_plan(engine: sa.Engine, task_id: int) -> int | None:
    with engine.connect() as c:
        v = c.execute(sa.select(T.tasks.c.plan_id).where(T.tasks.c.id == task_id)).scalar()
    return int(v) if v is not None else None


def set_task_status(engine: sa.Engine, task_id: int, status: str, note: str | None, user: str) -> None:
    """Record a progress status for a task (append-only; the audit log keeps old → new)."""
    from ecociv.store import write_audit

    with engine.begin() as c:
        old = latest_progress(c, "task", [task_id]).get(task_id)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        c.execute(T.progress.insert().values(entity_type="task", entity_id=task_id, status=status, note=note,
                                             as_of=now.date(), recorded_by=user, recorded_at=now))
        write_audit(c, "record", "progress", task_id,
                    old={"status": old.status, "note": old.note} if old is not None else None,
                    new={"task_id": task_id, "status": status, "note": note}, user=user)
