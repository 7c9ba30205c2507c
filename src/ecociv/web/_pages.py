"""Read-only HTML pages: home, plan, indicator, comparison, tasks, projects, audit log."""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ecociv.errors import InputError, NotFoundError, PermissionDenied
from ecociv.model import same_label
from ecociv.publish import build_site, map_for_site
from ecociv.reports._downloads import table_csv, table_xlsx
from ecociv.reports._indicator import YearPoint, explain, yearly
from ecociv.reports._map import build_region_map
from ecociv.store._boundaries import load_boundaries
from ecociv.web import _charts, _tracking_view
from ecociv.web._audit_scope import visible_audit
from ecociv.web._deps import CurrentUser, checked_form, render, state
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
def home(request: Request, user: CurrentUser, page: int = 1, q: str = "", status: str = "", risk: str = "") -> Response:
    views = state(request).views
    page = max(1, page)
    if status in STATUSES or risk:
        # filtering on the assessment needs every matching plan's (cached) counts
        every, _ = views.plan_cards(page=1, q=q.strip(), per_page=10**9)
        kept = [c for c in every if (not status or c.counts.get(status, 0) > 0) and (not risk or c.at_risk)]
        total, cards = len(kept), kept[(page - 1) * 50:page * 50]
    else:
        cards, total = views.plan_cards(page=page, q=q.strip())
    pages = max(1, math.ceil(total / 50))
    totals = dict.fromkeys(STATUSES, 0)
    for c in cards:
        for k, v in c.counts.items():
            totals[k] = totals.get(k, 0) + v
    return render(request, "home.html", cards=cards, total=total, page=page, pages=pages, q=q,
                  statuses=STATUSES, totals=totals, f_status=status if status in STATUSES else "", f_risk=risk)


def _units(ind: Any) -> str:
    """The responsible units the plan's table gives an indicator (a column named …单位/…部门)."""
    return "、".join(v for k, v in (ind.extra or {}).items() if v and ("单位" in k or "部门" in k))


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, user: CurrentUser, plan_id: int, domain: str = "", attribute: str = "",
              status: str = "", q: str = "", unit: str = "", year: str = "") -> Response:
    st = state(request)
    view = st.views.plan_view(plan_id)
    data_years = view.figure_years
    chosen = int(year) if year.strip().isdigit() and int(year) in data_years else None
    if year.strip() and chosen is None:
        raise InputError(f"评估年份“{year[:20]}”无效：本规划有数据的年份为 {'、'.join(map(str, data_years)) or '（尚无数据）'}")
    if chosen is not None:
        view = st.views.plan_view(plan_id, chosen)
    # the report offered is the year the page shows: the chosen one, else the latest year with data
    report_year = chosen or (data_years[0] if data_years else view.plan.base_year or "")
    rows = view.rows
    q, unit = q.strip(), unit.strip()
    if domain:
        rows = [r for r in rows if same_label(r.ind.domain or "") == same_label(domain)]
    if attribute:
        rows = [r for r in rows if (r.ind.attribute or "") == attribute]
    if status:
        rows = [r for r in rows if r.state.status == status]
    if q:
        rows = [r for r in rows if q in r.ind.name or q in (r.parent_name or "")]
    if unit:
        rows = [r for r in rows if unit in _units(r.ind)]
    shown = {id(r) for r in rows}
    region, parent = state(request).views.region_of(plan_id)
    counts = view.counts
    tables = [(t, title, [r for r in trs if id(r) in shown]) for t, title, trs in view.tables()]
    groups: dict[str, dict[str, int]] = {}
    for r in view.rows:
        if r.depth == 0:
            g = groups.setdefault(same_label(r.ind.domain or "") or "其他", {})
            g[r.state.status] = g.get(r.state.status, 0) + 1
    chart = _charts.chart(_charts.status_counts(list(groups.items()), title="各领域指标达标情况"),
                          "chart-plan", "各领域指标达标情况")
    has_units = any(_units(r.ind) for r in view.rows)
    return render(request, "plan.html", view=view, plan=view.plan, tables=tables, years=view.target_years(),
                  domains=view.domains(), attributes=view.attributes(), statuses=STATUSES,
                  f_domain=domain, f_attribute=attribute, f_status=status, f_q=q, f_unit=unit, counts=counts,
                  can_write=user.can_write_region(region, parent), n_shown=len(rows), chart=chart,
                  groups=groups, has_units=has_units, units=_units, data_years=data_years, f_year=chosen,
                  report_year=report_year)


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


def _indicator(request: Request, plan_id: int, key: str) -> tuple[Any, Any, list[Any], list[YearPoint]]:
    st = state(request)
    view = st.views.plan_view(plan_id)
    row = next((r for r in view.rows if r.key == key), None)
    if row is None:
        raise NotFoundError(f"规划中没有编号为 {key} 的指标")
    history = st.store.observation_history(plan_id, key)
    subtree = [o for o in st.store.observations(plan_id) if o.indicator_key.startswith(key + "/")]
    points = yearly(view.plan, [*subtree, *history], key)
    return view, row, history, points


DOWNLOAD_HEADERS = ["年份", "数值", "单位", "文字", "达标情况", "判定说明", "来源", "说明", "录入人"]


def _download_rows(row: Any, points: list[YearPoint]) -> list[list[Any]]:
    return [[p.year, p.value, row.ind.unit, p.text, p.status, p.reason, p.source, p.note, p.recorded_by]
            for p in points]


@router.get("/plans/{plan_id}/indicators/{key:path}", response_class=HTMLResponse)
def indicator_page(request: Request, user: CurrentUser, plan_id: int, key: str) -> Response:
    st = state(request)
    if key.endswith((".csv", ".xlsx")):
        return indicator_download(request, plan_id, key)
    view, row, history, points = _indicator(request, plan_id, key)
    lines = reference_lines(row.ind)
    plan = view.plan
    span = [y for y in (plan.base_year, *(plan.period or ()), *plan.stage_years) if y]
    option = _charts.time_series([(p.year, p.value) for p in points if p.value is not None], lines,
                                 title=row.ind.name, unit=row.ind.unit, span=span,
                                 statuses={p.year: p.status for p in points})
    chart = _charts.chart(option, "chart-indicator", f"{row.ind.name}历年数值")
    region, parent = st.views.region_of(plan_id)
    s = row.state
    explanation = explain(name=row.ind.name, unit=row.ind.unit, standard=row.ind.standard, status=s.status,
                          reason=s.reason, year=s.latest_year, value=s.latest_value, text=s.latest_text,
                          progress=s.progress_reason or s.progress)
    by_year: dict[int, int] = {}
    for o in history:
        by_year[o.year] = by_year.get(o.year, 0) + 1
    return render(request, "indicator.html", view=view, plan=view.plan, row=row, ind=row.ind,
                  history=list(reversed(history)), chart=chart, lines=lines, points=points, catalog=_catalog_of(row.ind.catalog_id, row.ind.name),
                  explanation=explanation, corrected={y for y, n in by_year.items() if n > 1},
                  can_write=user.can_write_region(region, parent), this_year=dt.date.today().year)


def indicator_download(request: Request, plan_id: int, key: str) -> Response:
    """The indicator's yearly values as CSV or XLSX (formula-like text made inert)."""
    real, ext = key.rsplit(".", 1)
    view, row, _history, points = _indicator(request, plan_id, real)
    rows = _download_rows(row, points)
    name = f"{view.plan.region}-{row.ind.name}"[:80]
    if ext == "csv":
        body, mime = table_csv(DOWNLOAD_HEADERS, rows), "text/csv; charset=utf-8"
    else:
        body = table_xlsx(DOWNLOAD_HEADERS, rows, sheet=row.ind.name)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = f"attachment; filename=indicator.{ext}; filename*=UTF-8''{quote(name)}.{ext}"
    return Response(body, media_type=mime, headers={"Content-Disposition": disposition})


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
        links = [f"/plans/{c.plan_id}/indicators/{c.key}" for c in result.cells]
        chart = _charts.chart(_charts.bars(items, title=result.name, unit=result.unit, reference=ref, links=links),
                              "chart-compare", f"{result.name}各地区比较")
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
    st = state(request)
    entries = visible_audit(st.store, st.views, user, min(max(limit, 1), 2000), entity or None)
    return render(request, "audit.html", entries=entries, entity=entity)


@router.get("/plans/{plan_id}/map", response_class=HTMLResponse)
def map_page(request: Request, user: CurrentUser, plan_id: int, key: str = "", year: str = "") -> Response:
    """The regions of the plan's area on a map, coloured by one indicator's status."""
    st = state(request)
    view = st.views.plan_view(plan_id)
    options = [(r.key, ("　" * r.depth) + r.ind.name) for r in view.rows]
    key = key if any(k == key for k, _ in options) else (options[0][0] if options else "")
    y = _int(year)
    geo = load_boundaries()
    data = build_region_map(st.store, plan_id, key, year=y, boundaries=geo) if key else None
    chart = None
    if data is not None and geo is not None and data.geojson.get("features"):
        option = data.option(lambda r: f"/plans/{r.plan_id}/indicators/{r.key}" if r.plan_id is not None else None)
        chart = _charts.chart(option, "chart-map", f"{data.area.name}各地区{data.name}", geo=data.geojson)
    return render(request, "map.html", view=view, plan=view.plan, options=options, key=key, year=y, data=data,
                  chart=chart, has_boundaries=geo is not None)


@router.post("/plans/{plan_id}/publish")
async def publish_site(request: Request, user: CurrentUser, plan_id: int) -> Response:
    """Admins: the public results site of the plan, as a zip to put on any web server."""
    form = await checked_form(request)
    if user.role != "admin":
        raise PermissionDenied("只有管理员可以生成对外发布的结果网站")
    st = state(request)
    year = _int(str(form.get("year") or ""))
    title = st.store.get_plan(plan_id).title
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build_site(st.store, plan_id, out, year=year, map_html=map_for_site(st.store, plan_id, year))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(out.rglob("*")):
                if f.is_file():
                    z.write(f, f.relative_to(out).as_posix())
    st.store.record_audit("publish", "plan", plan_id, new={"year": year, "title": title}, user=user.username)
    name = quote(f"{title}-结果网站.zip")
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f"attachment; filename=site.zip; filename*=UTF-8''{name}"})
