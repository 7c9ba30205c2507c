"""Data entry: one value by form, a task's status, and (when available) workbook upload."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ecociv.errors import InputError, NotFoundError
from ecociv.model import Observation
from ecociv.web import _tracking_view
from ecociv.web._accounts import User
from ecociv.web._app import CurrentUser, checked_form, require_region, state

router = APIRouter(include_in_schema=False)


def parse_value(raw: str, where: str) -> tuple[float | None, str | None]:
    """A number (with optional % or thousands separators), or text kept as written."""
    text = raw.strip()
    if not text:
        raise InputError(f"{where}：数值为空，请填写数字（如 95.2）或文字说明")
    cleaned = text.replace(",", "").replace("，", "").replace("％", "").replace("%", "").strip()
    try:
        return float(cleaned), None
    except ValueError:
        return None, text


def parse_year(raw: str, where: str) -> int:
    try:
        year = int(raw.strip())
    except (ValueError, AttributeError):
        raise InputError(f"{where}：年份“{raw}”无效，应为四位数字年份（如 2024）") from None
    if not 1949 <= year <= dt.date.today().year + 30:
        raise InputError(f"{where}：年份 {year} 超出合理范围")
    return year


def record_value(request: Request, user: User, plan_id: int, key: str, year: int,
                 value: float | None, text: str | None, note: str | None) -> None:
    st = state(request)
    require_region(request, user, plan_id)
    obs = Observation(indicator_key=key, year=year, value=value, text=text, note=note or None,
                      source=f"网页录入（{user.username}）")
    st.store.add_observations(plan_id, [obs], user=user.username)
    st.views.invalidate(plan_id)


@router.post("/plans/{plan_id}/observations")
async def post_value(request: Request, user: CurrentUser, plan_id: int) -> Response:
    form = await checked_form(request)
    key = str(form.get("key") or "")
    where = f"指标 {key}"
    year = parse_year(str(form.get("year") or ""), where)
    value, text = parse_value(str(form.get("value") or ""), where)
    record_value(request, user, plan_id, key, year, value, text, str(form.get("note") or "").strip())
    back = str(form.get("next") or f"/plans/{plan_id}/indicators/{quote(key)}")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    return RedirectResponse(back, status_code=303)


@router.post("/tasks/{task_id}/status")
async def post_task_status(request: Request, user: CurrentUser, task_id: int) -> Response:
    form = await checked_form(request)
    st = state(request)
    plan_id = _tracking_view.task_plan(st.store.engine, task_id)
    if plan_id is None:
        raise NotFoundError(f"任务 {task_id} 不存在")
    require_region(request, user, plan_id)
    status = str(form.get("status") or "")
    if status not in _tracking_view.PROGRESS_STATUSES:
        raise InputError(f"任务 {task_id}：进展状态“{status}”无效，应为 " + "、".join(_tracking_view.PROGRESS_STATUSES))
    note = str(form.get("note") or "").strip() or None
    _tracking_view.set_task_status(st.store.engine, task_id, status, note, user.username)
    return RedirectResponse(f"/plans/{plan_id}/tasks#task-{task_id}", status_code=303)
