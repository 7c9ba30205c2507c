"""The public results site: static, read-only pages of one plan's official results.

``build_site(store, plan, out)`` writes ``index.html`` (overview), ``indicators/*.html`` (one page
per indicator with chart and table), ``map.html`` when boundaries and regions allow, ``data/``
(results as CSV, XLSX, JSON) and ``assets/`` (ECharts, the chart script, the stylesheet).  Links are
relative and charts read their data from the page itself, so the site opens from the file system
and from any web server, with no request to another host.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ecociv.errors import InputError, os_reason
from ecociv.model import Indicator, Observation, Plan
from ecociv.publish._official import PROVISIONAL_MARKS, select_official
from ecociv.reports._chart_options import embed, reference_lines, status_counts, time_series
from ecociv.reports._downloads import table_csv, table_xlsx
from ecociv.reports._indicator import YearPoint, explain, yearly_all

HERE = Path(__file__).resolve().parent
#: the web dashboard's static files (vendored ECharts, chart script, stylesheet): read as files, the
#: web package is not imported
WEB_STATIC = HERE.parent / "web" / "static"
ASSETS = {"echarts.min.js": WEB_STATIC / "vendor" / "echarts.min.js", "charts.js": WEB_STATIC / "charts.js",
          "LICENSE-echarts": WEB_STATIC / "vendor" / "LICENSE-echarts", "style.css": WEB_STATIC / "style.css",
          "site.css": HERE / "templates" / "site.css"}

_env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["num"] = lambda v: "" if v is None else (str(int(v)) if float(v) == int(v) else f"{v:.6g}")
_env.globals["STATUS_CLASS"] = {"达标": "ok", "未达标": "bad", "待核定": "review", "无数据": "none"}


@dataclass
class IndicatorPage:
    key: str
    file: str  # relative to the site root
    ind: Indicator
    depth: int
    parent: str | None
    points: list[YearPoint]
    current: YearPoint | None  # the latest official value up to the site's year

    @property
    def status(self) -> str:
        return self.current.status if self.current else "无数据"


@dataclass
class Published:
    out: Path
    year: int | None
    pages: list[str] = field(default_factory=list)
    n_official: int = 0
    left_out: list[tuple[str, int, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _file(key: str) -> str:
    return "indicators/" + key.replace("/", "-") + ".html"


def _pages(plan: Plan, official: Sequence[Observation], year: int | None) -> list[IndicatorPage]:
    out: list[IndicatorPage] = []
    parents: dict[str, str] = {}
    every = yearly_all(plan, official)
    for key, ind in plan.indicators():
        for k in range(len(ind.sub_indicators)):
            parents[f"{key}/{k}"] = ind.name
        pts = [p for p in every[key] if year is None or p.year <= year]
        out.append(IndicatorPage(key=key, file=_file(key), ind=ind, depth=key.count("/") - 1,
                                 parent=parents.get(key), points=pts, current=pts[-1] if pts else None))
    return out


def _download_rows(pages: Sequence[IndicatorPage]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in pages:
        ind = p.ind
        for pt in p.points or [None]:  # type: ignore[list-item]
            rows.append([p.key, ind.domain, (p.parent + " › " if p.parent else "") + ind.name, ind.unit, ind.standard,
                         ind.attribute, pt.year if pt else None, pt.value if pt else None, pt.text if pt else None,
                         pt.status if pt else "无数据", pt.source if pt else None])
    return rows


HEADERS = ["编号", "领域", "指标名称", "单位", "指标值", "指标属性", "年份", "数值", "文字", "达标情况", "数据来源"]


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def build_site(store: Any, plan_ref: str | int, out: Path, *, year: int | None = None,
               map_html: str | None = None) -> Published:
    """Write the public site of a stored plan into ``out`` (created; files of a former site there are
    replaced).  ``map_html``: the map section (see :mod:`ecociv.publish`), or None."""
    plan_id = store.resolve_plan(str(plan_ref)) if not isinstance(plan_ref, int) else plan_ref
    plan: Plan = store.get_plan(plan_id)
    sel = select_official(store.observations(plan_id), year)
    pages = _pages(plan, sel.official, year)
    result = Published(out=out, year=year, n_official=len(sel.official), left_out=sel.left_out)
    groups: dict[str, dict[str, int]] = {}
    for p in pages:
        if p.depth == 0:
            g = groups.setdefault(p.ind.domain or "其他", {})
            g[p.status] = g.get(p.status, 0) + 1
            result.counts[p.status] = result.counts.get(p.status, 0) + 1
    shown_year = year or max((o.year for o in sel.official), default=None)
    common = {"plan": plan, "year": shown_year, "generated": dt.date.today().isoformat(),
              "marks": "、".join(PROVISIONAL_MARKS), "has_map": map_html is not None}
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "assets").mkdir(parents=True, exist_ok=True)
        for name, src in ASSETS.items():
            shutil.copyfile(src, out / "assets" / name)
        chart = embed(status_counts(list(groups.items()), title="各领域指标达标情况"), "chart-overview", "各领域指标达标情况")
        _write(out / "index.html", _env.get_template("index.html").render(
            root="", pages=pages, groups=groups, counts=result.counts, chart=chart, **common))
        result.pages.append("index.html")
        span = [y for y in (plan.base_year, *(plan.period or ()), *plan.stage_years) if y]
        for p in pages:
            lines = reference_lines(p.ind)
            opt = time_series([(x.year, x.value) for x in p.points if x.value is not None], lines,
                              title=p.ind.name, unit=p.ind.unit, span=span, statuses={x.year: x.status for x in p.points})
            cur = p.current
            text = explain(name=p.ind.name, unit=p.ind.unit, standard=p.ind.standard, status=p.status,
                           reason=cur.reason if cur else "", year=cur.year if cur else None,
                           value=cur.value if cur else None, text=cur.text if cur else None)
            _write(out / p.file, _env.get_template("indicator.html").render(
                root="../", p=p, lines=lines, explanation=text,
                chart=embed(opt, "chart-indicator", f"{p.ind.name}历年数值"), **common))
            result.pages.append(p.file)
        if map_html is not None:
            _write(out / "map.html", _env.get_template("map.html").render(root="", map_html=map_html, **common))
            result.pages.append("map.html")
        rows = _download_rows(pages)
        _write(out / "data" / "results.csv", table_csv(HEADERS, rows))
        _write(out / "data" / "results.xlsx", table_xlsx(HEADERS, rows, sheet="评估结果"))
        _write(out / "data" / "results.json", json.dumps({
            "plan": {"title": plan.title, "region": plan.region, "kind": plan.kind, "base_year": plan.base_year,
                     "period": list(plan.period) if plan.period else None},
            "year": shown_year, "generated": common["generated"],
            "rule": f"仅发布各年度现行、非暂定（未标注{'、'.join(PROVISIONAL_MARKS)}）的数值",
            "indicators": [{"key": p.key, "name": p.ind.name, "parent": p.parent, "domain": p.ind.domain,
                            "unit": p.ind.unit, "standard": p.ind.standard, "attribute": p.ind.attribute,
                            "targets": {str(k): v for k, v in sorted(p.ind.targets.items())}, "status": p.status,
                            "values": [{"year": x.year, "value": x.value, "text": x.text, "status": x.status,
                                        "source": x.source} for x in p.points]} for p in pages],
        }, ensure_ascii=False, indent=1))
    except OSError as exc:
        raise InputError(f"无法写入发布目录“{out}”：{os_reason(exc)}") from exc
    return result
