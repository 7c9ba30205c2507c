"""Monitoring summaries: what the plan's computed yearly figures come from (monthly means, days by
AQI class, files, standard, time of computation)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ecociv.web import _charts
from ecociv.web._deps import CurrentUser, render, state

router = APIRouter(include_in_schema=False)

MONTH_COLUMNS = {"pm25": "PM2.5", "pm10": "PM10", "so2": "SO2", "no2": "NO2", "co": "CO", "o3_8h": "O3_8h"}


@router.get("/plans/{plan_id}/monitoring", response_class=HTMLResponse)
def monitoring_list(request: Request, user: CurrentUser, plan_id: int) -> Response:
    store = state(request).store
    plan = store.get_plan(plan_id)
    return render(request, "monitoring.html", plan=plan, plan_id=plan_id, summaries=store.monitoring_summaries(plan_id), summary=None)


@router.get("/plans/{plan_id}/monitoring/{summary_id}", response_class=HTMLResponse)
def monitoring_page(request: Request, user: CurrentUser, plan_id: int, summary_id: int) -> Response:
    store = state(request).store
    plan = store.get_plan(plan_id)
    s = store.monitoring_summary(plan_id, summary_id)
    months = s.data.get("months", [])
    items = [(f"{m['month']}月", m.get("pm25"), "") for m in months]
    chart = _charts.chart(_charts.bars(items, title="PM2.5 月均浓度", unit="µg/m³", plain="月均浓度"), "chart-monitoring", f"{s.entity}{s.year}年PM2.5月均浓度") if months else ""
    return render(request, "monitoring.html", plan=plan, plan_id=plan_id, summaries=None, summary=s, months=months,
                  columns=MONTH_COLUMNS, categories=list(s.data.get("categories", {})), chart=chart)
