"""The cycle's objects as JSON-ready dicts (the CLI's ``--json`` and the web API print these)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecociv.workflow._evidence import Evidence
from ecociv.workflow._items import Item
from ecociv.workflow._reports import Event, Report
from ecociv.workflow._rounds import Round
from ecociv.workflow._scoring import Score
from ecociv.workflow._status import Assignment, RoundStatus

__all__ = ["assignment_to_dict", "event_to_dict", "report_to_dict", "round_to_dict", "score_to_dict",
           "status_to_dict"]


def _t(v: dt.date | dt.datetime | None) -> str | None:
    return v.isoformat() if v is not None else None


def round_to_dict(r: Round) -> dict[str, Any]:
    return {"id": r.id, "plan_id": r.plan_id, "title": r.title, "kind": r.kind, "kind_name": r.kind_name,
            "due": _t(r.due), "kinds": r.kinds, "refs": r.refs, "opened_by": r.opened_by,
            "opened_at": _t(r.opened_at), "closed_at": _t(r.closed_at), "scope": r.scope_text()}


def item_to_dict(it: Item) -> dict[str, Any]:
    return {"ref": it.ref, "kind": it.kind, "title": it.title, "units": it.units, "target": it.target,
            "target_value": it.target_value, "target_unit": it.target_unit,
            "investment_wan_yuan": it.investment_wan_yuan, "deadline": _t(it.deadline)}


def evidence_to_dict(e: Evidence) -> dict[str, Any]:
    return {"id": e.id, "filename": e.filename, "mime": e.mime, "size": e.size, "sha256": e.sha256,
            "uploaded_by": e.uploaded_by, "uploaded_at": _t(e.uploaded_at), "url": f"/api/evidence/{e.id}"}


def report_to_dict(r: Report, evidence: list[Evidence] | None = None) -> dict[str, Any]:
    out = {"id": r.id, "round_id": r.round_id, "item": r.item_ref, "unit": r.unit, "state": r.state,
           "state_name": r.state_name, "progress_text": r.progress_text, "problems": r.problems,
           "percent": r.percent, "done_value": r.done_value, "investment_wan_yuan": r.investment_wan_yuan,
           "updated_by": r.updated_by, "updated_at": _t(r.updated_at), "submitted_at": _t(r.submitted_at),
           "late": r.late, "reviewed_by": r.reviewed_by, "reviewed_at": _t(r.reviewed_at),
           "review_comment": r.review_comment}
    if evidence is not None:
        out["evidence"] = [evidence_to_dict(e) for e in evidence]
    return out


def event_to_dict(e: Event) -> dict[str, Any]:
    return {"at": _t(e.at), "username": e.username, "action": e.action, "state": e.state, "comment": e.comment,
            "snapshot": e.snapshot}


def assignment_to_dict(a: Assignment) -> dict[str, Any]:
    return {"round_id": a.round.id, "item": item_to_dict(a.item), "unit": a.unit, "state": a.state,
            "state_name": a.state_name, "overdue": a.overdue, "late": a.late, "closed": a.closed,
            "report": report_to_dict(a.report, a.evidence) if a.report else None,
            "previous": report_to_dict(a.previous) if a.previous else None}


def status_to_dict(st: RoundStatus) -> dict[str, Any]:
    return {"round": round_to_dict(st.round), "plan": st.plan_title, "counts": st.counts,
            "units": [{"unit": u.unit, "counts": u.counts, "overdue": u.overdue, "late": u.late,
                       "late_submitted": u.late_submitted} for u in st.units],
            "late_units": [u.unit for u in st.late_units()], "missing_units": [u.unit for u in st.missing_units()],
            "assignments": [assignment_to_dict(a) for a in st.assignments]}


def score_to_dict(s: Score) -> dict[str, Any]:
    return {"name": s.name, "rank": s.rank, "score": s.score, "explanation": s.explain(),
            "parts": [{"key": p.key, "name": p.name, "weight": p.weight, "done": p.done, "total": p.total,
                       "share": p.share} for p in s.parts]}
