"""``/api``: the dashboard's data as JSON.  Reads need a login; writes need the same roles as forms.

Authenticate with the session cookie (writes then also need the ``X-CSRF-Token`` header) or with
``Authorization: Bearer <token>`` from ``POST /api/token``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ecociv._serialize import plan_to_dict
from ecociv.errors import InputError, NotFoundError
from ecociv.model import YEAR_MAX, YEAR_MIN, Observation
from ecociv.tracking import project_row_to_dict, task_row_to_dict
from ecociv.web import _tracking_view
from ecociv.web._accounts import LoginRefused
from ecociv.web._audit_scope import visible_audit
from ecociv.web._deps import CurrentUser, client_address, render, require_region, state
from ecociv.web._views import compare

router = APIRouter(prefix="/api", tags=["api"])


def _jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, dt.datetime) and obj.tzinfo is None:  # the store keeps naive UTC
        return obj.replace(tzinfo=dt.UTC).isoformat()
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    return obj


def _check_write(request: Request) -> None:
    """Session-authenticated writes need the CSRF token in a header; bearer-token writes do not."""
    if request.scope.get("ecociv.bearer"):
        return
    state(request).auth.check_csrf(request, request.headers.get("x-csrf-token"))


class TokenRequest(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)
    name: str | None = Field(default=None, max_length=100, description="令牌名称（不给则按时间命名）")
    days: float | None = Field(default=None, gt=0, le=366, description="有效天数（不给则与登录会话相同）")


class ValueIn(BaseModel):
    key: str = Field(max_length=40, description="指标编号，如 0/12 或 1/7/0")
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX, description=f"年份（{YEAR_MIN}—{YEAR_MAX}）")
    value: float | None = Field(default=None, allow_inf_nan=False, ge=-1e15, le=1e15)
    text: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, max_length=2000)


class StatusIn(BaseModel):
    status: str = Field(max_length=20, description="未启动 / 推进中 / 已完成 / 滞后")
    note: str | None = Field(default=None, max_length=2000)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> Response:
    """A local page listing the operations of ``/api/openapi.json`` (no CDN)."""
    return render(request, "apidocs.html")


@router.post("/token", summary="用用户名和密码换取访问令牌（有名称、会过期、可单独撤销）")
async def token(request: Request, body: TokenRequest) -> dict[str, Any]:
    st = state(request)
    address = client_address(request)
    try:
        await asyncio.sleep(await run_in_threadpool(st.accounts.account_delay, body.username))
        user = await run_in_threadpool(st.accounts.authenticate, body.username, body.password, address)
    except LoginRefused as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        raise HTTPException(429 if exc.retry_after else 401, exc.message, headers=headers) from None
    days = body.days if body.days is not None else st.auth.max_age / 86400
    secret = st.auth.new_token(user, body.name, days)
    return {"token": secret, "token_type": "bearer", "expires_in": int(days * 86400),
            "role": user.role, "region": user.region}


@router.get("/tokens", summary="当前用户的接口令牌（不含令牌本身）")
def list_tokens(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
    return [{**_jsonable(t), "state": t.state()} for t in state(request).auth.tokens.list(user.username)]


@router.delete("/tokens/{token_id}", summary="撤销当前用户的一个接口令牌")
def revoke_token(request: Request, user: CurrentUser, token_id: int) -> dict[str, Any]:
    _check_write(request)
    t = state(request).auth.tokens.revoke(user.username, token_id)
    return {**_jsonable(t), "state": t.state()}


@router.get("/me", summary="当前用户")
def me(user: CurrentUser) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "region": user.region}


@router.get("/plans", summary="规划列表（分页），含各状态指标数和有风险（未达标、进展缓慢或偏离目标）的约束性指标")
def plans(request: Request, user: CurrentUser, page: int = 1, q: str = "") -> dict[str, Any]:
    cards, total = state(request).views.plan_cards(page=max(1, page), q=q)
    return {"total": total, "page": page, "plans": _jsonable(cards)}


@router.get("/plans/{plan_id}", summary="一项规划：文档内容（ecociv.plan/1）与每个指标的最新值和达标情况")
def plan(request: Request, user: CurrentUser, plan_id: int) -> dict[str, Any]:
    st = state(request)
    view = st.views.plan_view(plan_id)
    return {"id": plan_id, "document": plan_to_dict(st.store.get_plan(plan_id)),  # with tasks and projects
            "indicators": [{"key": r.key, "name": r.ind.name, "unit": r.ind.unit, "standard": r.ind.standard,
                            "attribute": r.ind.attribute, "domain": r.ind.domain, **_jsonable(r.state)}
                           for r in view.rows]}


@router.get("/plans/{plan_id}/indicators/{key:path}", summary="一个指标的全部历史记录（谁、何时）")
def indicator(request: Request, user: CurrentUser, plan_id: int, key: str) -> dict[str, Any]:
    st = state(request)
    states = st.views.states(plan_id)
    if key not in states:
        raise NotFoundError(f"规划中没有编号为 {key} 的指标")
    return {"key": key, "state": _jsonable(states[key]),
            "history": _jsonable(st.store.observation_history(plan_id, key))}


@router.post("/plans/{plan_id}/observations", summary="录入数值（编辑：本地区；管理员：全部）")
def add_values(request: Request, user: CurrentUser, plan_id: int,
               values: Annotated[list[ValueIn], Body(max_length=10_000)]) -> dict[str, Any]:
    _check_write(request)
    require_region(request, user, plan_id)
    if not values:
        raise InputError("没有要录入的数值")
    st = state(request)
    obs = [Observation(indicator_key=v.key, year=v.year, value=v.value, text=v.text, note=v.note,
                       source=f"接口录入（{user.username}）") for v in values]
    n = st.store.add_observations(plan_id, obs, user=user.username)
    st.views.refresh([plan_id])
    return {"recorded": n}


@router.get("/plans/{plan_id}/compare/{key:path}", summary="同一指标在各地区的比较")
def compare_api(request: Request, user: CurrentUser, plan_id: int, key: str, parent: str = "") -> dict[str, Any]:
    res = compare(state(request).views, plan_id, key, parent=parent or None)
    return _jsonable(res)  # type: ignore[no-any-return]


@router.get("/plans/{plan_id}/tasks", summary="按责任单位分组的任务，逾期在前")
def tasks(request: Request, user: CurrentUser, plan_id: int, as_of: dt.date | None = None) -> dict[str, Any]:
    reg, groups = _tracking_view.tasks_by_department(state(request).store, plan_id, as_of or dt.date.today())
    return {"as_of": reg.as_of.isoformat(), "overdue": len(reg.overdue()),
            "departments": [{"name": g.name, "overdue": g.n_overdue,
                             "tasks": [{"role": t.role, "overdue": t.overdue, **task_row_to_dict(t.row)}
                                       for t in g.tasks]} for g in groups]}


@router.post("/plans/{plan_id}/progress/{ref}", summary="更新任务（T3）、量化目标（T3.1）或工程（P2）的进展")
def progress(request: Request, user: CurrentUser, plan_id: int, ref: str, body: StatusIn) -> dict[str, Any]:
    _check_write(request)
    require_region(request, user, plan_id)
    done = _tracking_view.set_status(state(request).store, plan_id, ref, body.status, body.note, user.username)
    return {"ref": done, "status": body.status}


@router.get("/plans/{plan_id}/projects", summary="重点工程，按专栏分组，含投资合计（万元）")
def projects(request: Request, user: CurrentUser, plan_id: int) -> dict[str, Any]:
    cols = _tracking_view.projects_by_column(state(request).store, plan_id)
    return {"total_wan_yuan": sum(c.total for c in cols),
            "columns": [{"name": c.name, "total_wan_yuan": c.total,
                         "projects": [project_row_to_dict(p) for p in c.projects]} for c in cols]}


@router.get("/audit", summary="审计日志（最新在前）")
def audit(request: Request, user: CurrentUser, limit: int = 100, entity: str = "") -> list[Any]:
    st = state(request)
    return _jsonable(visible_audit(st.store, st.views, user, min(max(limit, 1), 2000), entity or None))  # type: ignore[no-any-return]
