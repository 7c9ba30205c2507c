"""Plan upload: an admin or editor uploads a plan document (.txt/.md/.docx/.pdf/.html/.doc/.xlsx, or scanned
pages as images), sees what import read — tables, rows, tasks, projects, findings — and only
then saves it (or replaces the stored plan of the same title and region).

Reading runs in a background thread so a long scan (OCR, seconds a page) never holds the
request: the page shows a progress bar that ``/static/plan_import.js`` refreshes.
"""

from __future__ import annotations

import json
import secrets
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ecociv.errors import InputError, PermissionDenied
from ecociv.web._deps import CurrentUser, checked_form, render, require_writer, state
from ecociv.web._entry import _safe_name, _upload_slot

router = APIRouter()

PLAN_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".html", ".htm", ".doc", ".wps", ".rtf", ".odt", ".xlsx", ".xls", ".et", ".ods")
_PLAN_JSON = "plan.json"


@dataclass
class _Job:
    """A plan being read: pages done of pages to OCR, the error or the plan's summary when done."""

    done: int = 0
    total: int = 0
    finished: bool = False
    error: str | None = None


_jobs: dict[str, _Job] = {}
_lock = threading.Lock()


def _read(token: str, path: Path) -> None:
    from ecociv._serialize import plan_to_dict
    from ecociv.importers import read_plan

    job = _jobs[token]

    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    try:
        plan = read_plan(path, progress=progress)
        (path.parent / _PLAN_JSON).write_text(json.dumps(plan_to_dict(plan), ensure_ascii=False), "utf-8")
    except InputError as exc:
        job.error = exc.message
    except Exception as exc:  # a reader bug must reach the user as a message, not a silent page
        job.error = f"{path.name}：读取失败（{type(exc).__name__}: {exc}）"
    finally:
        job.finished = True


def _plan_of(token: str) -> Any:
    from ecociv._serialize import plan_from_dict

    slot = _upload_slot(token)
    file = slot / _PLAN_JSON
    if not file.is_file():
        raise InputError("上传的规划已过期或已保存，请重新上传")
    return plan_from_dict(json.loads(file.read_text("utf-8")))


@router.get("/plans/import", response_class=HTMLResponse)
def import_form(request: Request, user: CurrentUser) -> Response:
    require_writer(user)
    return render(request, "plan_import.html", token=None, job=None, plan=None, suffixes=", ".join(PLAN_SUFFIXES))


@router.post("/plans/import")
async def import_upload(request: Request, user: CurrentUser) -> Response:
    """Keep the uploaded document and start reading it; the user is sent to its progress page."""
    form = await checked_form(request)
    require_writer(user)
    file = form.get("file")
    if file is None or isinstance(file, str) or not file.filename:
        raise InputError("请选择要上传的规划文件")
    suffix = Path(file.filename).suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise InputError(f"{file.filename}：不支持的文件类型，应为 {'、'.join(PLAN_SUFFIXES)}")
    data = await file.read()  # the request body's size is bounded while it streams in (web._security.Guard)
    token = secrets.token_urlsafe(24)
    slot = _upload_slot(token)
    slot.mkdir()
    path = slot / _safe_name(file.filename)
    path.write_bytes(data)
    with _lock:
        _jobs[token] = _Job()
    threading.Thread(target=_read, args=(token, path), name=f"plan-import-{token[:6]}", daemon=True).start()
    return RedirectResponse(f"/plans/import/{token}", status_code=303)


@router.get("/plans/import/{token}/status")
def import_status(request: Request, user: CurrentUser, token: str) -> Response:
    require_writer(user)
    job = _jobs.get(token)
    if job is None:
        return JSONResponse({"finished": True, "error": "上传记录不存在或已过期"}, status_code=404)
    return JSONResponse({"done": job.done, "total": job.total, "finished": job.finished, "error": job.error})


@router.get("/plans/import/{token}", response_class=HTMLResponse)
def import_page(request: Request, user: CurrentUser, token: str) -> Response:
    """While reading: the progress bar; then the summary and the button that saves the plan."""
    require_writer(user)
    job = _jobs.get(token)
    if job is not None and not job.finished:
        return render(request, "plan_import.html", token=token, job=job, plan=None)
    if job is not None and job.error:
        shutil.rmtree(_upload_slot(token), ignore_errors=True)
        raise InputError(job.error)
    plan = _plan_of(token)
    rows = sum(len(r.walk()) for t in plan.indicator_tables for r in t.rows)
    return render(request, "plan_import.html", token=token, job=None, plan=plan, n_rows=rows)


@router.post("/plans/import/{token}/confirm")
async def import_confirm(request: Request, user: CurrentUser, token: str) -> Response:
    form = await checked_form(request)
    require_writer(user)
    plan = _plan_of(token)
    if not user.can_write_region(plan.region):
        raise PermissionDenied(f"账户“{user.username}”只能保存“{user.region or '—'}”的规划，不能保存“{plan.region}”的规划")
    plan_id = state(request).store.save_plan(plan, replace=form.get("replace") == "1", user=user.username)
    shutil.rmtree(_upload_slot(token), ignore_errors=True)
    with _lock:
        _jobs.pop(token, None)
    await run_in_threadpool(state(request).views.refresh, [plan_id])
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)
