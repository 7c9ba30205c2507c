"""Pages of the office: rounds (open, status per unit, close, 调度通报 exports), 销号 and 考评."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from ecociv.errors import InputError, NotFoundError
from ecociv.web._cycle import who
from ecociv.web._deps import CurrentUser, checked_form, render, state
from ecociv.workflow import (
    KIND_NAMES,
    PARTS,
    ROUND_KINDS,
    SHOWN,
    Actor,
    Score,
    close_item,
    close_round,
    get_round,
    get_rule,
    list_rounds,
    missing_csv,
    open_round,
    reopen_item,
    round_docx,
    round_status,
    round_xlsx,
    score_plan,
    score_regions,
    set_rule,
)

router = APIRouter(include_in_schema=False)


def office_plans(request: Request, me: Actor) -> list[tuple[int, str, str]]:
    """(id, title, region) of the plans ``me`` is the office of."""
    views = state(request).views
    out = []
    for p in state(request).store.list_plans():
        if me.is_office(*views.region_of(p.id)):
            out.append((p.id, p.title, p.region))
    return out


def parse_day(raw: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InputError(f"{what}“{raw}”无效，应为日期（如 2025-03-31）") from None


@router.get("/rounds")
def rounds_page(request: Request, user: CurrentUser) -> Response:
    me = who(request, user)
    mine = office_plans(request, me)
    ids = {p[0] for p in mine}
    titles = {p.id: p.title for p in state(request).store.list_plans()}
    if not mine and not me.units:
        raise NotFoundError("您的账户既不是规划办公室，也不属于任何责任单位，没有调度可看")
    store = state(request).store
    rounds = [r for r in list_rounds(store)
              if r.plan_id in ids or (me.units and round_status(store, me, r.id).assignments)]
    return render(request, "rounds/list.html", rounds=rounds, titles=titles, plans=mine, kinds=ROUND_KINDS,
                  item_kinds=KIND_NAMES, today=dt.date.today().isoformat(), me=me)


@router.post("/rounds")
async def open_round_form(request: Request, user: CurrentUser) -> Response:
    form = await checked_form(request)
    me = who(request, user)
    try:
        plan_id = int(str(form.get("plan_id") or ""))
    except ValueError:
        raise InputError("请选择要调度的规划") from None
    refs = [r for r in str(form.get("refs") or "").replace("，", ",").replace("、", ",").split(",") if r.strip()]
    rnd = open_round(state(request).store, me, plan_id, kind=str(form.get("kind") or ""),
                     due=parse_day(str(form.get("due") or ""), "截止日期"), title=str(form.get("title") or ""),
                     kinds=[str(k) for k in form.getlist("kinds")], refs=refs)
    return RedirectResponse(f"/rounds/{rnd.id}", status_code=303)


@router.get("/rounds/{round_id}")
def round_page(request: Request, user: CurrentUser, round_id: int, unit: str | None = None) -> Response:
    me = who(request, user)
    st = round_status(state(request).store, me, round_id)
    shown = [a for a in st.assignments if unit is None or a.unit == unit]
    return render(request, "rounds/round.html", st=st, assignments=shown, shown=SHOWN, unit=unit, me=me)


@router.post("/rounds/{round_id}/close")
async def close_round_form(request: Request, user: CurrentUser, round_id: int) -> Response:
    await checked_form(request)
    close_round(state(request).store, who(request, user), round_id)
    return RedirectResponse(f"/rounds/{round_id}", status_code=303)


_EXPORTS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "csv": "text/csv; charset=utf-8"}


@router.get("/rounds/{round_id}/export.{fmt}")
def export_round(request: Request, user: CurrentUser, round_id: int, fmt: str) -> Response:
    if fmt not in _EXPORTS:
        raise HTTPException(404, f"不支持的导出格式“{fmt}”（可用 docx、xlsx、csv）")
    store = state(request).store
    st = round_status(store, who(request, user), round_id)
    if not st.office:
        raise NotFoundError("只有规划办公室可以导出调度通报")
    if fmt == "csv":
        name = f"{st.round.title}-未报送单位.csv"
        return Response(missing_csv(st), media_type=_EXPORTS[fmt],
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
    try:
        scores, regions = score_plan(store, st.round.plan_id), score_regions(store, st.round.plan_id)
    except NotFoundError:
        scores, regions = None, None
    folder = Path(tempfile.mkdtemp(prefix="ecociv-round-"))
    path = folder / f"{st.round.title}通报.{fmt}"
    (round_docx if fmt == "docx" else round_xlsx)(st, path, scores, regions)
    return FileResponse(path, media_type=_EXPORTS[fmt], filename=path.name,
                        background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


def _next(form: Any, default: str) -> str:
    """A local page to go back to (never another site)."""
    target = str(form.get("next") or "")
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else default


@router.post("/plans/{plan_id}/close")
async def close_form(request: Request, user: CurrentUser, plan_id: int) -> Response:
    form = await checked_form(request)
    ref = str(form.get("ref") or "")
    close_item(state(request).store, who(request, user), plan_id, ref)
    return RedirectResponse(_next(form, f"/plans/{plan_id}/scores"), status_code=303)


@router.post("/plans/{plan_id}/reopen")
async def reopen_form(request: Request, user: CurrentUser, plan_id: int) -> Response:
    form = await checked_form(request)
    reopen_item(state(request).store, who(request, user), plan_id, str(form.get("ref") or ""),
                str(form.get("reason") or ""))
    return RedirectResponse(_next(form, f"/plans/{plan_id}/scores"), status_code=303)


def _bars(scores: list[Score]) -> list[dict[str, object]]:
    """Rows of the ranking chart: label, score and bar width in the SVG's units (0–300)."""
    return [{"name": s.name, "score": s.score, "width": round(3 * (s.score or 0.0), 1), "y": 24 * k}
            for k, s in enumerate(scores)]


@router.get("/plans/{plan_id}/scores")
def scores_page(request: Request, user: CurrentUser, plan_id: int) -> Response:
    me = who(request, user)
    store = state(request).store
    region, parent = state(request).views.region_of(plan_id)
    if not me.is_office(region, parent):
        raise NotFoundError("考评结果只对规划办公室开放")
    rule = get_rule(store, plan_id)
    units = score_plan(store, plan_id) if rule else []
    regions = score_regions(store, plan_id) if rule else []
    rounds = list_rounds(store, plan_id)
    return render(request, "rounds/scores.html", plan_id=plan_id, title=store.get_plan(plan_id).title,
                  rule=rule, parts=PARTS, units=units, regions=regions, unit_bars=_bars(units),
                  region_bars=_bars(regions), rounds=rounds)


@router.post("/plans/{plan_id}/scores/rule")
async def rule_form(request: Request, user: CurrentUser, plan_id: int) -> Response:
    form = await checked_form(request)
    weights = {}
    for key, name in PARTS.items():
        raw = str(form.get(key) or "0").strip() or "0"
        try:
            weights[key] = float(raw)
        except ValueError:
            raise InputError(f"“{name}”的权重“{raw}”无效，应为数字") from None
    set_rule(state(request).store, who(request, user), plan_id, weights)
    return RedirectResponse(f"/plans/{plan_id}/scores", status_code=303)


__all__ = ["get_round", "office_plans", "parse_day", "router"]
