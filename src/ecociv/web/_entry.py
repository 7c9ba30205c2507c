"""Data entry: one value by form, a task's status, and (when available) workbook upload."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ecociv.errors import InputError, PermissionDenied
from ecociv.model import Observation, number_problem
from ecociv.web import _tracking_view
from ecociv.web._accounts import User
from ecociv.web._deps import CurrentUser, checked_form, render, require_region, state

router = APIRouter(include_in_schema=False)


def parse_value(raw: str, where: str) -> tuple[float | None, str | None]:
    """A number (with optional % or thousands separators), or text kept as written."""
    text = raw.strip()
    if not text:
        raise InputError(f"{where}：数值为空，请填写数字（如 95.2）或文字说明")
    cleaned = text.replace(",", "").replace("，", "").replace("％", "").replace("%", "").strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None, text
    if problem := number_problem(number):
        raise InputError(f"{where}：{problem}")
    return number, None


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
    st.views.refresh([plan_id])  # the new judgement is stored before anyone asks


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


@router.post("/plans/{plan_id}/progress/{ref}")
async def post_progress(request: Request, user: CurrentUser, plan_id: int, ref: str) -> Response:
    """A task's (T3), sub-target's (T3.1) or project's (P2) progress status."""
    form = await checked_form(request)
    st = state(request)
    require_region(request, user, plan_id)
    status = str(form.get("status") or "")
    note = str(form.get("note") or "").strip() or None
    done = _tracking_view.set_status(st.store, plan_id, ref, status, note, user.username)
    back = "projects" if done.startswith("P") else "tasks"
    return RedirectResponse(f"/plans/{plan_id}/{back}#{done}", status_code=303)


# -- workbook upload: validate first, write only on confirmation --------------------------------

UPLOAD_SUFFIXES = (".xlsx", ".csv")
UPLOAD_KEEP_SECONDS = 24 * 3600
_OWNER = "owner.json"  # who uploaded a file, for which plan


def _upload_dir() -> Path:
    from ecociv.store import ecociv_home

    d = ecociv_home() / "uploads"
    d.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_KEEP_SECONDS
    for old in d.iterdir():  # uploads never confirmed
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old)
    return d


def _safe_name(filename: str) -> str:
    """The user's file name without any folder part (messages name the file as the user knows it)."""
    name = re.split(r"[\\/]", filename)[-1].strip().lstrip(".")
    name = re.sub(r"[\x00-\x1f]", "", name)[-120:]
    return name or "upload"


def _upload_slot(token: str) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token):
        raise InputError("上传记录无效，请重新上传文件")
    return _upload_dir() / token


def _uploaded_file(token: str) -> Path:
    slot = _upload_slot(token)
    files = [p for p in slot.iterdir() if p.is_file() and p.name != _OWNER] if slot.is_dir() else []
    if len(files) != 1:
        raise InputError("上传的文件已过期或已导入，请重新上传")
    return files[0]


@router.get("/plans/{plan_id}/template.xlsx")
def template(request: Request, user: CurrentUser, plan_id: int) -> Response:
    from ecociv.observations import write_template

    plan = state(request).store.get_plan(plan_id)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_template(plan, Path(tmp) / "template.xlsx")
        data = path.read_bytes()
    name = quote(f"{plan.region}-数据填报表.xlsx")
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


_REPORT_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


@router.get("/plans/{plan_id}/report.{fmt}")
def report(request: Request, user: CurrentUser, plan_id: int, fmt: str, year: int | None = None) -> Response:
    """The yearly assessment report (评估报告) of a plan, as docx, xlsx or html."""
    from ecociv.reports import REPORT_NAME, build_context, get_report

    rep = get_report(fmt)
    ctx = build_context(state(request).store, plan_id, year=year)
    data = rep.render(ctx)
    name = quote(f"{ctx.plan.region}-{ctx.year or ''}年{REPORT_NAME}{rep.suffix}")
    disposition = "inline" if rep.name == "html" else "attachment"
    return Response(data, media_type=_REPORT_MEDIA.get(rep.name, "application/octet-stream"),
                    headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{name}"})


@router.get("/plans/{plan_id}/upload", response_class=HTMLResponse)
def upload_form(request: Request, user: CurrentUser, plan_id: int) -> Response:
    require_region(request, user, plan_id)
    plan = state(request).store.get_plan(plan_id)
    return render(request, "upload.html", plan=plan, plan_id=plan_id, batch=None, token=None)


@router.post("/plans/{plan_id}/upload", response_class=HTMLResponse)
async def upload(request: Request, user: CurrentUser, plan_id: int) -> Response:
    """Validate an uploaded workbook and show the report; nothing is written yet."""
    from ecociv.observations import read_observations

    form = await checked_form(request)
    require_region(request, user, plan_id)
    file = form.get("file")
    if file is None or isinstance(file, str) or not file.filename:
        raise InputError("请选择要上传的 .xlsx 或 .csv 文件")
    suffix = Path(file.filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"{file.filename}：不支持的文件类型，应为 .xlsx（填报模板）或 .csv")
    token = secrets.token_urlsafe(24)
    slot = _upload_slot(token)
    slot.mkdir()
    path = slot / _safe_name(file.filename)
    # the body was spooled to disk while it streamed in (and refused above the limit); copying and
    # validating a large workbook run in a worker thread, so other users' requests go on meanwhile
    await run_in_threadpool(_save_upload, file.file, path, user.username, plan_id)
    plan = await run_in_threadpool(state(request).store.get_plan, plan_id)
    try:
        batch = await run_in_threadpool(read_observations, plan, path)
    except InputError:
        shutil.rmtree(slot, ignore_errors=True)
        raise
    return render(request, "upload.html", plan=plan, plan_id=plan_id, batch=batch, token=token,
                  filename=path.name, names=dict(plan.indicators()))


def _save_upload(src: Any, path: Path, username: str, plan_id: int) -> None:
    """Copy the spooled upload in chunks and note who uploaded it for which plan (the confirmation
    token is valid only for them)."""
    with path.open("wb") as out:
        shutil.copyfileobj(src, out, 1024 * 1024)
    (path.parent / _OWNER).write_text(json.dumps({"user": username, "plan": plan_id}), encoding="utf-8")


def _check_owner(path: Path, username: str, plan_id: int) -> None:
    try:
        owner = json.loads((path.parent / _OWNER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        owner = None
    if not isinstance(owner, dict) or owner.get("user") != username or owner.get("plan") != plan_id:
        raise PermissionDenied("这份填报表不是由当前账户为本规划上传的，不能确认导入；请重新上传")


@router.post("/plans/{plan_id}/upload/confirm")
async def upload_confirm(request: Request, user: CurrentUser, plan_id: int) -> Response:
    from ecociv.observations import import_observations

    form = await checked_form(request)
    require_region(request, user, plan_id)
    path = _uploaded_file(str(form.get("token") or ""))
    _check_owner(path, user.username, plan_id)
    partial = form.get("partial") == "1"
    try:
        await run_in_threadpool(import_observations, state(request).store, plan_id, path, partial=partial,
                                user=user.username, source=f"填报表（{path.name}）")
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    await run_in_threadpool(state(request).views.refresh, [plan_id])
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)
