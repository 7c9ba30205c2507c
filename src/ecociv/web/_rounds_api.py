"""``/api`` of the cycle: rounds, a unit's items and reports, review, 销号 and scores as JSON.

A unit account gets its token from ``POST /api/token`` like any account; the token carries the
account's units, so it reaches only that unit's items, reports and evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ecociv.web._cycle import who
from ecociv.web._deps import CurrentUser, state
from ecociv.web._rounds import office_plans
from ecociv.workflow import (
    ReportInput,
    assignment_to_dict,
    close_item,
    event_to_dict,
    evidence_of,
    get_report,
    list_rounds,
    open_round,
    reopen_item,
    report_history,
    report_to_dict,
    review_report,
    round_status,
    round_to_dict,
    save_report,
    score_plan,
    score_regions,
    score_to_dict,
    set_rule,
    status_to_dict,
    submit_report,
    unit_todo,
)

router = APIRouter(prefix="/api", tags=["调度"])


def check_write(request: Request) -> None:
    """Session-authenticated writes need the CSRF token in a header; bearer-token writes do not."""
    if request.scope.get("ecociv.bearer"):
        return
    state(request).auth.check_csrf(request, request.headers.get("x-csrf-token"))


class RoundIn(BaseModel):
    plan_id: int
    kind: str = Field(description="monthly / quarterly / yearly / adhoc")
    due: dt.date
    title: str | None = None
    kinds: list[str] | None = Field(default=None, description="task / quantity / project / indicator")
    refs: list[str] | None = Field(default=None, description="只调度这些事项（T3、P2 …）")


class ReportIn(BaseModel):
    unit: str | None = Field(default=None, description="报送单位（账户属于多个单位时）")
    progress_text: str | None = None
    problems: str | None = None
    percent: float | None = None
    done_value: float | None = None
    investment_wan_yuan: float | None = None
    submit: bool = False


class ReviewIn(BaseModel):
    approve: bool
    comment: str | None = None


class ItemIn(BaseModel):
    ref: str
    reason: str | None = None


@router.get("/rounds", summary="可见的调度")
def rounds(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    me = who(request, user)
    ids = {p[0] for p in office_plans(request, me)}
    store = state(request).store
    return [round_to_dict(r) for r in list_rounds(store)
            if r.plan_id in ids or (me.units and round_status(store, me, r.id).assignments)]


@router.post("/rounds", summary="发起调度（规划办公室）")
def open_(request: Request, user: CurrentUser, body: RoundIn) -> dict[str, Any]:
    check_write(request)
    rnd = open_round(state(request).store, who(request, user), body.plan_id, kind=body.kind, due=body.due,
                     title=body.title, kinds=body.kinds, refs=body.refs)
    return round_to_dict(rnd)


@router.get("/rounds/{round_id}", summary="调度情况（单位账户只见本单位）")
def status(request: Request, user: CurrentUser, round_id: int) -> dict[str, Any]:
    return status_to_dict(round_status(state(request).store, who(request, user), round_id))


@router.get("/unit/todo", summary="本单位待报送事项")
def todo(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    return [assignment_to_dict(a) for a in unit_todo(state(request).store, who(request, user))]


@router.post("/rounds/{round_id}/items/{ref:path}", summary="保存（或报送）本单位对一个事项的报送")
def save(request: Request, user: CurrentUser, round_id: int, ref: str, body: ReportIn) -> dict[str, Any]:
    check_write(request)
    data = ReportInput(body.progress_text, body.problems, body.percent, body.done_value, body.investment_wan_yuan)
    rep = save_report(state(request).store, who(request, user), round_id, ref, data, unit=body.unit,
                      submit=body.submit)
    return report_to_dict(rep)


@router.get("/reports/{report_id}", summary="一份报送及其历史、佐证材料")
def report(request: Request, user: CurrentUser, report_id: int) -> dict[str, Any]:
    store, me = state(request).store, who(request, user)
    rep = get_report(store, me, report_id)
    out = report_to_dict(rep, evidence_of(store, [rep.id])[rep.id])
    out["history"] = [event_to_dict(e) for e in report_history(store, me, report_id)]
    return out


@router.post("/reports/{report_id}/submit", summary="报送（报送后锁定）")
def submit(request: Request, user: CurrentUser, report_id: int) -> dict[str, Any]:
    check_write(request)
    return report_to_dict(submit_report(state(request).store, who(request, user), report_id))


@router.post("/reports/{report_id}/review", summary="审核：通过或退回（规划办公室）")
def review(request: Request, user: CurrentUser, report_id: int, body: ReviewIn) -> dict[str, Any]:
    check_write(request)
    rep = review_report(state(request).store, who(request, user), report_id, approve=body.approve,
                        comment=body.comment)
    return report_to_dict(rep)


@router.post("/plans/{plan_id}/close", summary="销号（规划办公室；须有附佐证且已通过的报送）")
def close(request: Request, user: CurrentUser, plan_id: int, body: ItemIn) -> dict[str, Any]:
    check_write(request)
    c = close_item(state(request).store, who(request, user), plan_id, body.ref)
    return {"ref": c.item_ref, "report_id": c.report_id, "closed_by": c.closed_by, "closed_at": c.closed_at.isoformat()}


@router.post("/plans/{plan_id}/reopen", summary="恢复已销号事项（须说明原因）")
def reopen(request: Request, user: CurrentUser, plan_id: int, body: ItemIn) -> dict[str, Any]:
    check_write(request)
    reopen_item(state(request).store, who(request, user), plan_id, body.ref, body.reason or "")
    return {"ref": body.ref, "reopened": True}


@router.get("/plans/{plan_id}/scores", summary="考评得分（规划办公室）")
def scores(request: Request, user: CurrentUser, plan_id: int) -> dict[str, Any]:
    store, me = state(request).store, who(request, user)
    if not me.is_office(*state(request).views.region_of(plan_id)):
        from ecociv.errors import NotFoundError

        raise NotFoundError("考评结果只对规划办公室开放")
    return {"units": [score_to_dict(s) for s in score_plan(store, plan_id)],
            "regions": [score_to_dict(s) for s in score_regions(store, plan_id)]}


@router.put("/plans/{plan_id}/scores/rule", summary="设置考评规则（各项权重）")
def rule(request: Request, user: CurrentUser, plan_id: int, body: dict[str, float]) -> dict[str, float]:
    check_write(request)
    return set_rule(state(request).store, who(request, user), plan_id, body)
