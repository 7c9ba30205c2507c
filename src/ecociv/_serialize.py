"""The ``ecociv.plan/1`` JSON contract: model <-> plain dicts.

``plan_to_dict`` is what ``ecociv import FILE --json`` prints and what ``export --format json``
writes; ``plan_from_dict`` reads it back (sample data, exports).  Fields beyond the contract are
allowed by the schema and kept for round trips.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecociv.model import (
    Baseline,
    Finding,
    Indicator,
    IndicatorTable,
    Plan,
    Project,
    Quantity,
    Region,
    Task,
)

SCHEMA_ID = "ecociv.plan/1"


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _parse_date(s: Any) -> dt.date | None:
    return dt.date.fromisoformat(s) if isinstance(s, str) and s else None


def indicator_to_dict(ind: Indicator) -> dict[str, Any]:
    return {
        "domain": ind.domain,
        "seq": ind.seq,
        "name": ind.name,
        "unit": ind.unit,
        "standard": ind.standard,
        "baseline": (
            {"year": ind.baseline.year, "value": ind.baseline.value} if ind.baseline is not None else None
        ),
        "status": ind.status,
        "targets": {str(y): v for y, v in sorted(ind.targets.items())},
        "actual": {str(y): v for y, v in sorted(ind.actual.items())},
        "attribute": ind.attribute,
        "sub_indicators": [indicator_to_dict(s) for s in ind.sub_indicators],
        "source_line": ind.source_line,
        "extra": dict(ind.extra),
        "direction": ind.direction,
        "catalog_id": ind.catalog_id,
        "cumulative": ind.cumulative,
        "outlook": {str(y): v for y, v in sorted(ind.outlook.items())},
        "lead_unit": ind.lead_unit,
    }


def indicator_from_dict(d: dict[str, Any]) -> Indicator:
    b = d.get("baseline")
    return Indicator(
        name=d["name"],
        domain=d.get("domain"),
        seq=d.get("seq"),
        unit=d.get("unit"),
        standard=d.get("standard"),
        baseline=Baseline(year=b.get("year"), value=b.get("value")) if isinstance(b, dict) else None,
        status=d.get("status"),
        targets={int(y): v for y, v in (d.get("targets") or {}).items()},
        actual={int(y): v for y, v in (d.get("actual") or {}).items()},
        attribute=d.get("attribute"),
        sub_indicators=[indicator_from_dict(s) for s in d.get("sub_indicators") or []],
        source_line=d.get("source_line"),
        extra=dict(d.get("extra") or {}),
        direction=d.get("direction"),
        catalog_id=d.get("catalog_id"),
        cumulative=d.get("cumulative"),
        outlook={int(y): v for y, v in (d.get("outlook") or {}).items()},
        lead_unit=d.get("lead_unit"),
    )


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "slug": f.slug,
        "severity": f.severity,
        "message": f.message,
        "line": f.line,
        "file": f.file,
        "sheet": f.sheet,
        "row": f.row,
        "column": f.column,
        "data": dict(f.data),
        "page": f.page,
    }


def finding_from_dict(d: dict[str, Any]) -> Finding:
    return Finding(
        slug=d.get("slug") or "warning",
        message=d["message"],
        severity=d.get("severity") or "warning",
        line=d.get("line"),
        file=d.get("file"),
        sheet=d.get("sheet"),
        row=d.get("row"),
        column=d.get("column"),
        data=dict(d.get("data") or {}),
        page=d.get("page"),
    )


def quantity_to_dict(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "comparison": q.comparison,
        "deadline": _date(q.deadline),
        "subject": q.subject,
    }


def quantity_from_dict(d: dict[str, Any]) -> Quantity:
    return Quantity(
        text=d["text"],
        value=float(d["value"]),
        unit=d.get("unit"),
        comparison=d.get("comparison"),
        deadline=_parse_date(d.get("deadline")),
        subject=d.get("subject"),
    )


def task_to_dict(t: Task) -> dict[str, Any]:
    return {
        "section": t.section,
        "title": t.title,
        "text": t.text,
        "units": list(t.units),
        "lead": t.lead,
        "deadline": _date(t.deadline),
        "quantities": [quantity_to_dict(q) for q in t.quantities],
        "source_line": t.source_line,
        "placeholders": list(t.placeholders),
    }


def task_from_dict(d: dict[str, Any]) -> Task:
    return Task(
        text=d["text"],
        units=list(d.get("units") or []),
        section=d.get("section"),
        title=d.get("title"),
        deadline=_parse_date(d.get("deadline")),
        quantities=[quantity_from_dict(q) for q in d.get("quantities") or []],
        source_line=d.get("source_line"),
        placeholders=list(d.get("placeholders") or []),
    )


def project_to_dict(p: Project) -> dict[str, Any]:
    return {
        "name": p.name,
        "column": p.column,
        "content": p.content,
        "investment_wan_yuan": p.investment_wan_yuan,
        "period": p.period,
        "responsible": list(p.responsible),
        "source_line": p.source_line,
        "quantities": [quantity_to_dict(q) for q in p.quantities],
    }


def project_from_dict(d: dict[str, Any]) -> Project:
    inv = d.get("investment_wan_yuan")
    return Project(
        name=d["name"],
        column=d.get("column"),
        content=d.get("content"),
        investment_wan_yuan=float(inv) if inv is not None else None,
        period=d.get("period"),
        responsible=list(d.get("responsible") or []),
        source_line=d.get("source_line"),
        quantities=[quantity_from_dict(q) for q in d.get("quantities") or []],
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    r = plan.region_info
    return {
        "schema": SCHEMA_ID,
        "plan": {
            "title": plan.title,
            "region": plan.region,
            "kind": plan.kind,
            "base_year": plan.base_year,
            "period": list(plan.period) if plan.period else None,
            "stage_years": list(plan.stage_years),
            "source_file": plan.source_file,
            "encoding": plan.encoding,
            "region_info": (
                {"name": r.name, "level": r.level, "parent": r.parent, "code": r.code, "terrain": r.terrain}
                if r
                else None
            ),
        },
        "indicator_tables": [
            {
                "title": t.title,
                "kind": t.kind,
                "source_line": t.source_line,
                "columns": list(t.columns),
                "rows": [indicator_to_dict(i) for i in t.rows],
                "explain": dict(t.explain),
            }
            for t in plan.indicator_tables
        ],
        "projects": [project_to_dict(p) for p in plan.projects],
        "tasks": [task_to_dict(t) for t in plan.tasks],
        "warnings": [finding_to_dict(w) for w in plan.warnings],
        "table_coverage": dict(plan.table_coverage),
    }


def plan_from_dict(d: dict[str, Any]) -> Plan:
    p = d["plan"]
    ri = p.get("region_info")
    period = p.get("period")
    return Plan(
        title=p["title"],
        region=p["region"],
        kind=p.get("kind"),
        base_year=p.get("base_year"),
        period=(int(period[0]), int(period[1])) if period else None,
        stage_years=[int(y) for y in p.get("stage_years") or []],
        indicator_tables=[
            IndicatorTable(
                title=t["title"],
                kind=t.get("kind") or "system",
                source_line=t.get("source_line"),
                columns=list(t.get("columns") or []),
                rows=[indicator_from_dict(i) for i in t.get("rows") or []],
                explain=dict(t.get("explain") or {}),
            )
            for t in d.get("indicator_tables") or []
        ],
        projects=[project_from_dict(x) for x in d.get("projects") or []],
        tasks=[task_from_dict(x) for x in d.get("tasks") or []],
        warnings=[finding_from_dict(w) for w in d.get("warnings") or []],
        source_file=p.get("source_file"),
        encoding=p.get("encoding"),
        region_info=Region(**ri) if isinstance(ri, dict) else None,
        table_coverage=dict(d.get("table_coverage") or {}),
    )
