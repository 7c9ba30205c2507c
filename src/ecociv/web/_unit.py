"""Pages of a unit (责任单位) account and of review: the to-do list, the report form (draft, submit,
evidence upload), a report with its history, and the office's approve / return."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ecociv.errors import InputError, NotFoundError, PermissionDenied
from ecociv.web._cycle import chunks, limited_form, upload_of, who
from ecociv.web._deps import CurrentUser, checked_form, render, state
from ecociv.workflow import (
    ReportInput,
    add_evidence,
    add_user_unit,
    evidence_of,
    get_report,
    remove_user_unit,
    report_history,
    review_report,
    round_status,
    save_report,
    submit_report,
    unit_todo,
    units_of,
)

router = APIRouter(include_in_schema=False)

ACTIONS = {"save": "保存", "submit": "报送", "return": "退回", "approve": "通过"}


def number(raw: object, what: str) -> float | None:
    text = str(raw or "").strip().replace(",", "").replace("，", "").rstrip("%％")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what}“{raw}”无效，应为数字") from None


@router.get("/unit")
def unit_page(request: Request, user: CurrentUser) -> Response:
    me = who(request, user)
    todo = unit_todo(state(request).store, me)
    return render(request, "rounds/unit.html", me=me, todo=todo)


def _assignment(request: Request, user: CurrentUser, round_id: int, ref: str, unit: str | None):  # type: ignore[no-untyped-def]
    me = who(request, user)
    st = round_status(state(request).store, me, round_id)
    found = [a for a in st.assignments if a.item.ref == ref and (unit is None or a.unit == unit)]
    if not found:
        raise NotFoundError(f"调度“{st.round.title}”中没有您可见的事项“{ref}”")
    return me, st, found[0]


@router.get("/rounds/{round_id}/items/{ref:path}")
def report_form(request: Request, user: CurrentUser, round_id: int, ref: str, unit: str | None = None) -> Response:
    me, st, a = _assignment(request, user, round_id, ref, unit)
    history = report_history(state(request).store, me, a.report.id) if a.report else []
    editable = a.unit in me.units and st.round.is_open and (a.report is None or a.report.state in ("draft", "returned"))
    return render(request, "rounds/report.html", st=st, a=a, me=me, history=history, editable=editable,
                  actions=ACTIONS)


@router.post("/rounds/{round_id}/items/{ref:path}")
async def report_save(request: Request, user: CurrentUser, round_id: int, ref: str) -> Response:
    form = await limited_form(request)
    state(request).auth.check_csrf(request, form.get("csrf_token"))
    me = who(request, user)
    store = state(request).store
    unit = str(form.get("unit") or "") or None
    data = ReportInput(
        progress_text=str(form.get("progress_text") or "").strip() or None,
        problems=str(form.get("problems") or "").strip() or None,
        percent=number(form.get("percent"), "完成比例"),
        done_value=number(form.get("done_value"), "完成数量"),
        investment_wan_yuan=number(form.get("investment_wan_yuan"), "完成投资"),
    )
    rep = save_report(store, me, round_id, ref, data, unit=unit)
    upload = upload_of(form)
    if upload is not None:
        add_evidence(store, me, rep.id, upload.filename or "", chunks(upload.file))
    if form.get("action") == "submit":
        submit_report(store, me, rep.id)
    return RedirectResponse(f"/rounds/{round_id}/items/{ref}?unit={quote(rep.unit)}&saved=1", status_code=303)


@router.get("/reports/{report_id}")
def report_page(request: Request, user: CurrentUser, report_id: int) -> Response:
    me = who(request, user)
    rep = get_report(state(request).store, me, report_id)
    return RedirectResponse(f"/rounds/{rep.round_id}/items/{rep.item_ref}?unit={quote(rep.unit)}", status_code=303)


@router.post("/reports/{report_id}/review")
async def review_form(request: Request, user: CurrentUser, report_id: int) -> Response:
    form = await limited_form(request)
    state(request).auth.check_csrf(request, form.get("csrf_token"))
    rep = review_report(state(request).store, who(request, user), report_id,
                        approve=form.get("decision") == "approve", comment=str(form.get("comment") or ""))
    return RedirectResponse(f"/rounds/{rep.round_id}", status_code=303)


__all__ = ["evidence_of", "number", "router"]


@router.get("/unit-accounts")
def unit_accounts(request: Request, user: CurrentUser) -> Response:
    """Admins link accounts to 责任单位 (the same as ``ecociv user unit``)."""
    if user.role != "admin":
        raise PermissionDenied("只有管理员可以设置账户所属的责任单位")
    store = state(request).store
    accounts = [(u, units_of(store, u.username)) for u in state(request).accounts.list()]
    return render(request, "rounds/accounts.html", accounts=accounts)


@router.post("/unit-accounts")
async def unit_accounts_form(request: Request, user: CurrentUser) -> Response:
    form = await checked_form(request)
    if user.role != "admin":
        raise PermissionDenied("只有管理员可以设置账户所属的责任单位")
    store, name, unit = state(request).store, str(form.get("username") or ""), str(form.get("unit") or "")
    if form.get("remove"):
        remove_user_unit(store, name, unit, user=user.username)
    else:
        add_user_unit(store, name, unit, user=user.username)
    return RedirectResponse("/unit-accounts", status_code=303)
