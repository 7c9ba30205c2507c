"""Read-only HTML pages: home, plan, indicator, comparison, tasks, projects, audit log."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ecociv.errors import InputError, NotFoundError
from ecociv.web import _charts, _tracking_view
from ecociv.web._deps import CurrentUser, render, state
from ecociv.web._numbers import reference_lines
from ecociv.web._status import STATUSES
from ecociv.web._views import compare

router = APIRouter(include_in_schema=False)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: CurrentUser, page: int = 1, q: str = "") -> Response:
    cards, total = state(request).views.plan_cards(page=max(1, page), q=q.strip())
    pages = max(1, math.ceil(total / 50))
    totals = dict.fromkeys(STATUSES, 0)
    for c in cards:
        for k, v in c.counts.items():
            totals[k] = totals.get(k, 0) + v
    return render(request, "home.html", cards=cards, total=total, page=page, pages=pages, q=q,
                  statuses=STATUSES, totals=totals)


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, user: CurrentUser, plan_id: int, domain: str = "", attribute: str = "", status: str = "") -> Response:
    view = state(request).views.plan_view(plan_id)
    rows = view.rows
    if domain:
        rows = [r for r in rows if r.ind.domain == domain]
    if attribute:
        rows = [r for r in rows if (r.ind.attribute or "") == attribute]
    if status:
        rows = [r for r in rows if r.state.status == status]
    shown = {id(r) for r in rows}
    region, parent = state(request).views.region_of(plan_id)
    counts = view.counts
    tables = [(t, title, [r for r in trs if id(r) in shown]) for t, title, trs in view.tables()]
    return render(request, "plan.html", view=view, plan=view.plan, tables=tables, years=view.target_years(),
                  domains=view.domains(), attributes=view.attributes(), statuses=STATUSES,
                  f_domain=domain, f_attribute=attribute, f_status=status, counts=counts,
                  can_write=user.can_write_region(region, parent), n_shown=len(rows))


def _catalog_of(catalog_id: str | None, name: str) -> Any:
    """The catalog an indicator is linked to, or whose entry its name matches (for the
    citation and the verification flag); None when neither."""
    from ecociv.standards import load_catalog, match_indicator

    if not catalog_id:
        entry = match_indicator(name)
        catalog_id = entry.catalog_id if entry is not None else None
    if not catalog_id:
        return None
    try:
        return load_catalog(catalog_id.split(":")[0])
    except NotFoundError:
        return None


@router.get("/plans/{plan_id}/indicators/{key:path}", response_class=HTMLResponse)
def indicator_page(request: Request, user: CurrentUser, plan_id: int, key: str) -> Response:
    st = state(request)
    view = st.views.plan_view(plan_id)
    row = next((r for r in view.rows if r.key == key), None)
    if row is None:
        raise NotFoundError(f"规划中没有编号为 {key} 的指标")
    history = st.store.observation_history(plan_id, key)
    latest_by_year: dict[int, float] = {}
    for o in history:  # oldest first: a later record for a year supersedes
        if o.value is not None:
            latest_by_year[o.year] = o.value
    points = sorted(latest_by_year.items())
    lines = reference_lines(row.ind)
    plan = view.plan
    span = [y for y in (plan.base_year, *(plan.period or ()), *plan.stage_years) if y]
    chart = _charts.time_series(points, lines, title=row.ind.name, unit=row.ind.unit, span=span)
    region, parent = st.views.region_of(plan_id)
    return render(request, "indicator.html", view=view, plan=view.plan, row=row, ind=row.ind,
                  history=list(reversed(history)), chart=chart, lines=lines, catalog=_catalog_of(row.ind.catalog_id, row.ind.name),
                  can_write=user.can_write_region(region, parent), this_year=dt.date.today().year)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, user: CurrentUser, plan: str = "", key: str = "", parent: str = "") -> Response:
    st = state(request)
    plans = st.views.all_plans()
    plan_id = _int(plan)
    result = None
    options: list[tuple[str, str]] = []
    if plan_id is not None:
        view = st.views.plan_view(plan_id)
        options = [(r.key, ("　" * r.depth) + r.ind.name) for r in view.rows]
        if key:
            result = compare(st.views, plan_id, key, parent=parent.strip() or None)
    chart = None
    if result is not None:
        items = [(f"{c.region}", c.value, c.status) for c in result.cells]
        ref = next((ln for ln in result.lines if ln.year is None), None)
        chart = _charts.bars(items, title=result.name, unit=result.unit, reference=ref)
    return render(request, "compare.html", plans=plans, plan_id=plan_id, key=key, parent=parent,
                  options=options, result=result, chart=chart)


@router.get("/plans/{plan_id}/tasks", response_class=HTMLResponse)
def tasks_page(request: Request, user: CurrentUser, plan_id: int, as_of: str = "") -> Response:
    st = state(request)
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise InputError(f"日期“{as_of}”无效，应为 YYYY-MM-DD") from None
    reg, groups = _tracking_view.tasks_by_department(st.store, plan_id, day)
    region, parent = st.views.region_of(plan_id)
    return render(request, "tasks.html", reg=reg, plan_id=plan_id, groups=groups, as_of=day,
                  statuses=_tracking_view.PROGRESS_STATUSES, can_write=user.can_write_region(region, parent),
                  n_overdue=len(reg.overdue()))


@router.get("/plans/{plan_id}/projects", response_class=HTMLResponse)
def projects_page(request: Request, user: CurrentUser, plan_id: int) -> Response:
    st = state(request)
    plan = st.store.get_plan(plan_id)
    columns = _tracking_view.projects_by_column(st.store, plan_id)
    total = sum(c.total for c in columns)
    return render(request, "projects.html", plan=plan, plan_id=plan_id, columns=columns, total=total,
                  n_projects=sum(len(c.projects) for c in columns),
                  n_unknown=sum(1 for c in columns for p in c.projects if p.project.investment_wan_yuan is None))


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: CurrentUser, entity: str = "", limit: int = 200) -> Response:
    entries: list[Any] = state(request).store.audit_log(limit=min(max(limit, 1), 2000), entity=entity or None)
    return render(request, "audit.html", entries=entries, entity=entity)
