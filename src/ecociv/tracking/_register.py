"""The task register of a stored plan: tasks, sub-targets and projects with where they stand.

Rows carry the store's ids and a short reference users type: ``T12`` (the 12th task),
``T12.1`` (its first sub-target), ``P3`` (the 3rd key project).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ecociv.errors import InputError, NotFoundError
from ecociv.model import Project, Quantity, Task
from ecociv.store import Store, lock_plan, write_audit
from ecociv.store.tables import progress, projects, task_quantities, tasks
from ecociv.tracking._status import ProgressEntry, Standing, check_status, standing
from ecociv.tracking._units import AliasTable
from ecociv.tracking._units_store import load_alias_table

__all__ = [
    "ProjectRow",
    "QuantityRow",
    "Register",
    "TaskRow",
    "load_register",
    "record_progress",
]


@dataclass
class QuantityRow:
    ref: str
    id: int
    quantity: Quantity
    standing: Standing
    entries: list[ProgressEntry] = field(default_factory=list)


@dataclass
class TaskRow:
    ref: str
    id: int
    task: Task
    lead: str | None  # standard name
    assists: list[str]  # standard names
    quantities: list[QuantityRow]
    deadline: dt.date | None
    standing: Standing
    entries: list[ProgressEntry] = field(default_factory=list)
    #: standard names among the units that stand for unnamed units (区有关单位, 各乡镇 …)
    placeholders: list[str] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        return ([self.lead] if self.lead else []) + self.assists


@dataclass
class ProjectRow:
    ref: str
    id: int
    project: Project
    deadline: dt.date | None
    standing: Standing
    entries: list[ProgressEntry] = field(default_factory=list)


@dataclass
class Register:
    plan_id: int
    title: str
    region: str
    as_of: dt.date
    aliases: AliasTable
    tasks: list[TaskRow]
    projects: list[ProjectRow]

    def for_unit(self, unit: str) -> list[TaskRow]:
        """Tasks a unit leads or assists (the name may be an alias)."""
        name = self.aliases.canonical(unit)
        return [t for t in self.tasks if name in t.units]

    def overdue(self) -> list[TaskRow]:
        """Tasks overdue on :attr:`as_of`, or with an overdue sub-target."""
        return [t for t in self.tasks if t.standing.overdue or any(q.standing.overdue for q in t.quantities)]

    def find(self, ref: str) -> TaskRow | QuantityRow | ProjectRow:
        """The row a user's reference names: ``T12``, ``T12.1``, ``P3``, or a unique name."""
        r = ref.strip()
        m = re.fullmatch(r"[Tt任]?(\d+)(?:[.．](\d+))?", r)
        if m and not r.upper().startswith("P"):
            k = int(m.group(1))
            if not 1 <= k <= len(self.tasks):
                raise NotFoundError(f"规划“{self.title}”没有第 {k} 项任务（共 {len(self.tasks)} 项）")
            row = self.tasks[k - 1]
            if m.group(2) is None:
                return row
            j = int(m.group(2))
            if not 1 <= j <= len(row.quantities):
                raise NotFoundError(f"任务 {row.ref} 没有第 {j} 个量化目标（共 {len(row.quantities)} 个）")
            return row.quantities[j - 1]
        mp = re.fullmatch(r"[Pp项](\d+)", r)
        if mp:
            k = int(mp.group(1))
            if not 1 <= k <= len(self.projects):
                raise NotFoundError(f"规划“{self.title}”没有第 {k} 个重点工程（共 {len(self.projects)} 个）")
            return self.projects[k - 1]
        hits: list[TaskRow | ProjectRow] = [p for p in self.projects if p.project.name == r]
        if not hits:
            hits = [p for p in self.projects if r in p.project.name]
            hits += [t for t in self.tasks if r in (t.task.title or "") or r in t.task.text]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise NotFoundError(f"规划“{self.title}”中没有与“{r}”对应的任务或重点工程（可用 T12、T12.1、P3 等编号）")
        names = "；".join(
            f"{h.ref} {h.project.name if isinstance(h, ProjectRow) else (h.task.title or h.task.text[:20])}"
            for h in hits[:8]
        )
        raise NotFoundError(f"“{r}”对应多项，请用编号指定：{names}")


def _entries(store: Store, kind: str, ids: list[int]) -> dict[int, list[ProgressEntry]]:
    out: dict[int, list[ProgressEntry]] = {i: [] for i in ids}
    if not ids:
        return out
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(progress).where(progress.c.entity_type == kind, progress.c.entity_id.in_(ids))
        ).all()
    for r in rows:
        out.setdefault(r.entity_id, []).append(
            ProgressEntry(
                entity_type=r.entity_type,
                entity_id=r.entity_id,
                status=r.status,
                note=r.note,
                evidence=r.evidence,
                as_of=r.as_of,
                recorded_by=r.recorded_by,
                recorded_at=r.recorded_at,
                id=r.id,
            )
        )
    for lst in out.values():
        lst.sort(key=lambda e: (e.as_of or dt.date.min, e.recorded_at or dt.datetime.min, e.id or 0))
    return out


def _project_deadline(p: Project) -> dt.date | None:
    if p.period:
        years = re.findall(r"20\d\d", p.period)
        if years:
            return dt.date(int(years[-1]), 12, 31)
    return None


def load_register(
    store: Store, plan_ref: int | str, *, as_of: dt.date | None = None, aliases: AliasTable | None = None
) -> Register:
    """The register of a stored plan as it stands on ``as_of`` (default: today)."""
    day = as_of or dt.date.today()
    plan_id = store.resolve_plan(plan_ref)
    plan = store.get_plan(plan_id)
    table = aliases or load_alias_table(store)
    with store.engine.connect() as conn:
        task_ids = [
            int(i)
            for i in conn.execute(
                select(tasks.c.id).where(tasks.c.plan_id == plan_id).order_by(tasks.c.position)
            ).scalars()
        ]
        q_rows = conn.execute(
            select(task_quantities.c.id, task_quantities.c.task_id)
            .where(task_quantities.c.task_id.in_(task_ids))
            .order_by(task_quantities.c.task_id, task_quantities.c.position)
        ).all()
        project_ids = [
            int(i)
            for i in conn.execute(
                select(projects.c.id).where(projects.c.plan_id == plan_id).order_by(projects.c.position)
            ).scalars()
        ]
    q_ids: dict[int, list[int]] = {}
    for qid, tid in q_rows:
        q_ids.setdefault(int(tid), []).append(int(qid))
    task_entries = _entries(store, "task", task_ids)
    q_entries = _entries(store, "quantity", [int(r[0]) for r in q_rows])
    p_entries = _entries(store, "project", project_ids)

    rows: list[TaskRow] = []
    for k, (task, tid) in enumerate(zip(plan.tasks, task_ids, strict=True), start=1):
        qrows: list[QuantityRow] = []
        for j, (q, qid) in enumerate(zip(task.quantities, q_ids.get(tid, []), strict=True), start=1):
            es = q_entries.get(qid, [])
            qrows.append(QuantityRow(f"T{k}.{j}", qid, q, standing(es, q.deadline, day), es))
        deadline = task.deadline or max((q.deadline for q in task.quantities if q.deadline), default=None)
        names = table.normalize(task.units)
        es = task_entries.get(tid, [])
        rows.append(
            TaskRow(
                ref=f"T{k}",
                id=tid,
                task=task,
                lead=names[0] if names else None,
                assists=names[1:],
                quantities=qrows,
                deadline=deadline,
                standing=standing(es, deadline, day, parts=[q.standing for q in qrows]),
                entries=es,
                placeholders=[n for n in names if table.is_placeholder(n)],
            )
        )
    prows: list[ProjectRow] = []
    for k, (p, pid) in enumerate(zip(plan.projects, project_ids, strict=True), start=1):
        es = p_entries.get(pid, [])
        d = _project_deadline(p)
        prows.append(ProjectRow(f"P{k}", pid, p, d, standing(es, d, day), es))
    return Register(plan_id, plan.title, plan.region, day, table, rows, prows)


def record_progress(
    store: Store,
    plan_ref: int | str,
    target: str,
    status: str,
    *,
    note: str | None = None,
    evidence: str | None = None,
    as_of: dt.date | None = None,
    user: str | None = None,
) -> tuple[TaskRow | QuantityRow | ProjectRow, ProgressEntry]:
    """Record a dated progress note on a task (``T12``), sub-target (``T12.1``) or project (``P3``)."""
    st = check_status(status)
    reg = load_register(store, plan_ref)
    row = reg.find(target)
    kind = "project" if isinstance(row, ProjectRow) else "quantity" if isinstance(row, QuantityRow) else "task"
    day = as_of or dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    entry = ProgressEntry(kind, row.id, st, note, evidence, day, user, now)
    with store.engine.begin() as conn:
        lock_plan(conn, reg.plan_id)
        _still_there(conn, kind, row.id, reg.plan_id, target)
        res = conn.execute(
            insert(progress).values(
                entity_type=kind,
                entity_id=row.id,
                status=st,
                note=note,
                evidence=evidence,
                as_of=day,
                recorded_by=user,
                recorded_at=now,
            )
        )
        key = res.inserted_primary_key
        entry.id = int(key[0]) if key else None
        write_audit(
            conn,
            "record",
            "progress",
            entry.id,
            new={
                "plan_id": reg.plan_id,
                "target": row.ref,
                "entity_type": kind,
                "entity_id": row.id,
                "status": st,
                "note": note,
                "evidence": evidence,
                "as_of": day.isoformat(),
            },
            user=user,
        )
    return row, entry


def _still_there(conn: Connection, kind: str, row_id: int, plan_id: int, target: str) -> None:
    """Refuse a note whose task or project went away while it was being written (the plan was replaced)."""
    if kind == "project":
        stmt = select(projects.c.id).where(projects.c.id == row_id, projects.c.plan_id == plan_id)
    elif kind == "quantity":
        stmt = (select(task_quantities.c.id).join(tasks, tasks.c.id == task_quantities.c.task_id)
                .where(task_quantities.c.id == row_id, tasks.c.plan_id == plan_id))
    else:
        stmt = select(tasks.c.id).where(tasks.c.id == row_id, tasks.c.plan_id == plan_id)
    if conn.execute(stmt).first() is None:
        raise InputError(f"{target} 所在的规划刚被重新导入，编号可能已变化，未记录进展；请查看最新的任务清单后重试")
