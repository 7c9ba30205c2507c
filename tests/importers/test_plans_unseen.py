"""Plans written in Word (some exported to PDF or to text through LibreOffice), as web pages and
as plain or layout-kept text, in layouts the sample plans do not have, imported as a new user
would; each compared with an ``*.expected.json`` written by hand from the document
(tests/data/plans_unseen; build_plans.py and build_more_plans.py made the Word files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA
from ecociv.importers import read_plan
from ecociv.model import Indicator, Plan

HERE = DATA / "plans_unseen"
PLANS = sorted(p for p in HERE.iterdir() if p.suffix in (".docx", ".pdf", ".txt", ".html"))
_EMPTY = {None, "", "—", "-", "/", "／", "——"}


def _blank(value: Any) -> Any:
    """A cell left empty or marked with a dash says the same: no value."""
    return None if value in _EMPTY else value


def _years(period: str | None) -> str | None:
    """``2024—2027年`` and ``2024—2027`` name the same period."""
    return period.removesuffix("年") if period else None


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    return data


def _indicator_diff(where: str, got: Indicator, want: dict[str, Any]) -> list[str]:
    have: dict[str, Any] = {
        "domain": got.domain,
        "seq": got.seq,
        "name": got.name,
        "unit": _blank(got.unit),
        "standard": _blank(got.standard),
        "baseline": _blank(got.baseline.value) if got.baseline else None,
        "baseline_year": got.baseline.year if got.baseline else None,
        "targets": {str(y): v for y, v in sorted(got.targets.items()) if _blank(v)},
        "outlook": {str(y): v for y, v in sorted(got.outlook.items()) if _blank(v)},
        "cumulative": _blank(got.cumulative),
        "attribute": got.attribute,
        "status": _blank(got.status),
        "lead_unit": got.lead_unit,
        "note": got.extra.get("备注"),
    }
    out = []
    for key, value in want.items():
        if key == "sub_indicators":
            continue
        if key in ("targets", "outlook"):
            value = {y: v for y, v in value.items() if _blank(v)}
        if have[key] != value:
            out.append(f"{where} {want['name']} {key}: 读到 {have[key]!r}，应为 {value!r}")
    subs = want.get("sub_indicators", [])
    if [s.name for s in got.sub_indicators] != [s["name"] for s in subs]:
        out.append(f"{where} {want['name']} 子指标: 读到 {[s.name for s in got.sub_indicators]}，应为 {[s['name'] for s in subs]}")
    else:
        for k, (g, w) in enumerate(zip(got.sub_indicators, subs, strict=True)):
            out.extend(_indicator_diff(f"{where}.{k}", g, w))
    return out


def _differences(plan: Plan, want: dict[str, Any]) -> list[str]:
    out: list[str] = []
    meta = want["metadata"]
    got_meta = {"region": plan.region, "period": list(plan.period) if plan.period else None, "base_year": plan.base_year}
    out.extend(f"metadata {k}: 读到 {got_meta[k]!r}，应为 {v!r}" for k, v in meta.items() if got_meta[k] != v)
    rows = [r for t in plan.indicator_tables for r in t.rows]
    if [r.name for r in rows] != [w["name"] for w in want["indicators"]]:
        out.append(f"indicators: 读到 {[r.name for r in rows]}，应为 {[w['name'] for w in want['indicators']]}")
    else:
        for k, (row, w) in enumerate(zip(rows, want["indicators"], strict=True)):
            out.extend(_indicator_diff(str(k), row, w))
    tasks = [
        {
            "title": t.title,
            "lead": t.lead,
            "co_units": t.units[1:],
            "deadline": t.deadline.isoformat() if t.deadline else None,
        }
        for t in plan.tasks
    ]
    if len(tasks) != len(want["tasks"]):
        out.append(f"tasks: 读到 {[t['title'] for t in tasks]}，应为 {[t['title'] for t in want['tasks']]}")
    else:
        out.extend(f"task {k}: 读到 {g}，应为 {w}" for k, (g, w) in enumerate(zip(tasks, want["tasks"], strict=True)) if g != w)
    projects = [
        {"name": p.name, "investment_wan_yuan": p.investment_wan_yuan, "period": _years(p.period), "responsible": p.responsible}
        for p in plan.projects
    ]
    if [p["name"] for p in projects] != [p["name"] for p in want["projects"]]:
        out.append(f"projects: 读到 {[p['name'] for p in projects]}，应为 {[p['name'] for p in want['projects']]}")
    else:
        for g, w in zip(projects, want["projects"], strict=True):
            # a period or unit the project box does not state is not compared
            w = {**w, "period": _years(w["period"])}
            out.extend(f"project {w['name']} {k}: 读到 {g[k]!r}，应为 {v!r}" for k, v in w.items() if v and g[k] != v)
    return out


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_unseen_plan_imports_as_its_reader_expects(path: Path) -> None:
    plan = read_plan(path)
    assert _differences(plan, _expected(path)) == []


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_unseen_plan_reports_no_problem_and_explains_each_table(path: Path) -> None:
    plan = read_plan(path)
    problems = [f"{w.slug}@{w.line or w.page}: {w.message}" for w in plan.warnings if w.severity != "info"]
    assert problems == []
    for table in plan.indicator_tables:
        assert table.explain.get("reader"), table.title
        if path.suffix == ".pdf":  # named as the PDF reader's tables, not as tab-separated rows
            assert table.explain["reader"] == "pdf", table.title


def test_the_set_holds_every_plan_with_its_expected_result() -> None:
    kinds = {s: sum(p.suffix == s for p in PLANS) for s in (".docx", ".pdf", ".txt", ".html")}
    assert kinds == {".docx": 9, ".pdf": 2, ".txt": 12, ".html": 6}
    assert all(p.with_name(p.stem + ".expected.json").exists() for p in PLANS)


def test_libreoffice_text_export_reads_as_the_word_plan_and_says_its_reader() -> None:
    """LibreOffice's text export writes every cell on a line of its own, with no marker: the
    tables come back as in the Word file, and ``--explain`` says how they were read."""
    text = read_plan(HERE / "yanshan-14th-five-eco-env-plan-libreoffice.txt")
    word = read_plan(HERE / "yanshan-14th-five-eco-env-plan.docx")
    assert [t.explain["reader"] for t in text.indicator_tables] == ["bare", "bare"]
    assert [[(r.name, r.unit, r.baseline, r.targets, r.outlook, r.cumulative) for r in t.rows] for t in text.indicator_tables] == [
        [(r.name, r.unit, r.baseline, r.targets, r.outlook, r.cumulative) for r in t.rows] for t in word.indicator_tables
    ]


def test_pdf_page_break_inside_sub_rows_and_a_project_item() -> None:
    """Printed to PDF, a sub-indicator's name wraps over the page break (``…（微克/立方`` | ``米）``)
    and a 专栏 item's fields go on on the next line after a full stop: both stay whole."""
    path = HERE / "wanan-eco-civilization-demo-county-plan-2022-2030-libreoffice.pdf"
    plan, want = read_plan(path), _expected(path)
    rows = [r for t in plan.indicator_tables for r in t.rows]
    assert [r.name for r in rows] == [w["name"] for w in want["indicators"]]
    subs = [(s.name, s.unit, s.baseline and s.baseline.value) for r in rows for s in r.sub_indicators]
    assert subs == [
        (s["name"], s["unit"], s["baseline"]) for w in want["indicators"] for s in w.get("sub_indicators", [])
    ]
    got = [(p.name, p.investment_wan_yuan, p.responsible) for p in plan.projects]
    assert got == [(p["name"], p["investment_wan_yuan"], p["responsible"]) for p in want["projects"]]


def test_word_header_with_indicator_spanning_name_and_unit(tmp_path: Path) -> None:
    """指标 merged over 名称 | 单位 and 目标值 over the years, as Word draws a two-row header."""
    import docx

    d = docx.Document()
    d.add_paragraph("上栗县“十四五”生态环境保护规划")
    d.add_paragraph("表2 上栗县主要指标")
    t = d.add_table(rows=4, cols=7)
    top = ["序号", "指标", "", "现状值", "目标值", "", "属性"]
    sub = ["", "名称", "单位", "2020年", "2025年", "2030年", ""]
    for k in range(7):
        t.cell(0, k).text, t.cell(1, k).text = top[k], sub[k]
    for k in (0, 6):
        t.cell(0, k).merge(t.cell(1, k)).text = top[k]
    t.cell(0, 1).merge(t.cell(0, 2)).text = "指标"
    t.cell(0, 4).merge(t.cell(0, 5)).text = "目标值"
    for r, row in enumerate(
        [("1", "森林覆盖率", "%", "60.2", "61", "62", "约束性"), ("2", "细颗粒物浓度", "微克/立方米", "31", "≤29", "≤25", "约束性")],
        start=2,
    ):
        for k, text in enumerate(row):
            t.cell(r, k).text = text
    d.save(str(tmp_path / "plan.docx"))
    plan = read_plan(tmp_path / "plan.docx")
    (table,) = plan.indicator_tables
    assert [(r.name, r.unit, r.baseline and (r.baseline.year, r.baseline.value), r.targets) for r in table.rows] == [
        ("森林覆盖率", "%", (2020, "60.2"), {2025: "61", 2030: "62"}),
        ("细颗粒物浓度", "微克/立方米", (2020, "31"), {2025: "≤29", 2030: "≤25"}),
    ]
    assert [w.slug for w in plan.warnings if w.severity != "info"] == []
