"""Plain dicts of register rows for ``--json`` output and the web API."""

from __future__ import annotations

from typing import Any

from ecociv._serialize import project_to_dict, quantity_to_dict, task_to_dict
from ecociv.tracking._departments import UnitView
from ecociv.tracking._register import ProjectRow, QuantityRow, Register, TaskRow
from ecociv.tracking._status import ProgressEntry, Standing
from ecociv.tracking._units import AliasSuggestion

__all__ = [
    "entry_to_dict",
    "project_row_to_dict",
    "projects_to_dict",
    "suggestion_to_dict",
    "task_row_to_dict",
    "unit_view_to_dict",
]


def entry_to_dict(e: ProgressEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "status": e.status,
        "note": e.note,
        "evidence": e.evidence,
        "as_of": e.as_of.isoformat() if e.as_of else None,
        "recorded_by": e.recorded_by,
        "recorded_at": e.recorded_at.isoformat(timespec="seconds") if e.recorded_at else None,
    }


def _standing(s: Standing) -> dict[str, Any]:
    return {
        "status": s.status,
        "recorded_status": s.recorded_status,
        "overdue": s.overdue,
        "latest": entry_to_dict(s.latest) if s.latest else None,
    }


def quantity_row_to_dict(q: QuantityRow) -> dict[str, Any]:
    return {"ref": q.ref, "id": q.id, **quantity_to_dict(q.quantity), **_standing(q.standing)}


def task_row_to_dict(t: TaskRow) -> dict[str, Any]:
    d = task_to_dict(t.task)
    d["units_as_written"] = d.pop("units")
    d.pop("quantities")
    return {
        "ref": t.ref,
        "id": t.id,
        **d,
        "lead": t.lead,
        "assists": list(t.assists),
        "placeholders": list(t.placeholders),
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "quantities": [quantity_row_to_dict(q) for q in t.quantities],
        **_standing(t.standing),
        "history": [entry_to_dict(e) for e in t.entries],
    }


def project_row_to_dict(p: ProjectRow) -> dict[str, Any]:
    return {
        "ref": p.ref,
        "id": p.id,
        **project_to_dict(p.project),
        "deadline": p.deadline.isoformat() if p.deadline else None,
        **_standing(p.standing),
        "history": [entry_to_dict(e) for e in p.entries],
    }


def projects_to_dict(reg: Register) -> dict[str, Any]:
    """Projects of a plan with investment totals (万元) per 专栏 and overall."""
    per_column: dict[str, dict[str, Any]] = {}
    for p in reg.projects:
        c = per_column.setdefault(p.project.column or "", {"column": p.project.column, "projects": 0,
                                                           "with_investment": 0, "investment_wan_yuan": 0.0})
        c["projects"] += 1
        if p.project.investment_wan_yuan is not None:
            c["with_investment"] += 1
            c["investment_wan_yuan"] += p.project.investment_wan_yuan
    return {
        "plan_id": reg.plan_id,
        "plan": reg.title,
        "as_of": reg.as_of.isoformat(),
        "projects": [project_row_to_dict(p) for p in reg.projects],
        "columns": list(per_column.values()),
        "total_investment_wan_yuan": sum(c["investment_wan_yuan"] for c in per_column.values()),
        "projects_with_investment": sum(c["with_investment"] for c in per_column.values()),
    }


def unit_view_to_dict(v: UnitView) -> dict[str, Any]:
    return {
        "unit": v.name,
        "placeholder": v.placeholder,
        "written_as": list(v.written_as),
        "leads": [t.ref for t in v.leads],
        "assists": [t.ref for t in v.assists],
        "status_counts": v.counts,
        "overdue": v.overdue,
    }


def suggestion_to_dict(s: AliasSuggestion) -> dict[str, Any]:
    return {
        "alias": s.alias,
        "canonical": s.canonical,
        "reason": s.reason,
        "count_alias": s.count_alias,
        "count_canonical": s.count_canonical,
    }
