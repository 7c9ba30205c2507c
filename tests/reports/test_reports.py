"""Reports rendered from a real SQLite store, then read back with python-docx, openpyxl and an
HTML parser: the counts, the order, the texts and the rows must be those of the assessment."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import load_workbook
from tests.reports.conftest import INVESTMENTS, YEAR, Stored

from ecociv.errors import InputError
from ecociv.reports import SECTION_TITLES, ReportContext, get_report, write_report
from ecociv.reports._style import STATUS_COLORS, STATUS_LABELS
from ecociv.reports._xlsx import SHEETS
from ecociv.tracking import department_view, load_register

STATUS_KEYS = ("met", "not_met", "needs_review", "no_data")


class _Page(HTMLParser):
    """Tables (rows of cell texts), headings, paragraphs and asset references of an html page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.headings: list[str] = []
        self.paragraphs: list[str] = []
        self.refs: list[str] = []
        self.svgs = 0
        self.trends = 0
        self._cell: list[str] | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("src", "href"):
            if a.get(name):
                self.refs.append(str(a[name]))
        if tag == "link" or tag == "script":
            self.refs.append(tag)
        if tag == "svg":
            self.svgs += 1
            self.trends += "trend" in (a.get("class") or "")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2", "h3", "p", "li"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._text is not None:
            self.headings.append("".join(self._text))
            self._text = None
        elif tag in ("p", "li") and self._text is not None:
            self.paragraphs.append("".join(self._text))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._text is not None:
            self._text.append(data)


def _html(ctx: ReportContext) -> _Page:
    page = _Page()
    page.feed(get_report("html").render(ctx).decode("utf-8"))
    return page


def _table_after(page: _Page, first_header: str, nth: int = 0) -> list[list[str]]:
    found = [t for t in page.tables if t and t[0] and t[0][0] == first_header]
    return found[nth]


def _rows_of(ctx: ReportContext, title: str) -> list[str]:
    return [i.key for i in ctx.assessment.indicators if i.table == title]


def _reach_paragraphs(ctx: ReportContext) -> list[str]:
    return [p.strip() for p in ctx.reachability.split("\n") if p.strip()]


# --- the context ----------------------------------------------------------------------------------


def test_context_counts_and_failing_binding_indicator(huichang: Stored) -> None:
    ctx = huichang.ctx
    a = ctx.assessment
    assert ctx.year == YEAR and a.year == YEAR
    for s in STATUS_KEYS:
        assert sum(r.get(s) for r in ctx.by_domain) == a.counts[s]
        assert sum(r.get(s) for r in ctx.by_attribute) == a.counts[s]
        assert sum(r.get(s) for r in ctx.by_table) == a.counts[s]
    # the binding indicator given a failing figure is judged 未达标 and listed first
    assert huichang.failing_key in a.binding_not_met
    failing = next(i for i in a.indicators if i.key == huichang.failing_key)
    assert failing.standard.status == "not_met" and failing.binding
    assert ctx.binding_not_met[0] == a.indicators[0].name
    assert failing.name in ctx.binding_not_met
    assert any(p.kind == "约束性指标未达标" and p.text.startswith(failing.name) for p in ctx.problems)
    assert any(failing.name in s for s in ctx.suggestions)
    # three years of figures: every indicator with >= 2 numeric values has a trend
    assert ctx.trends and all(len(t.points) >= 2 for t in ctx.trends)
    assert {t.key for t in ctx.trends} <= {i.key for i in a.indicators}


def test_projects_investment_totals(huichang: Stored) -> None:
    ctx = huichang.ctx
    assert len(ctx.projects) == len(huichang.plan.projects)
    assert ctx.investment_total == pytest.approx(sum(INVESTMENTS))
    assert sum(c.projects for c in ctx.project_columns) == len(huichang.plan.projects)
    assert sum(c.with_investment for c in ctx.project_columns) == len(INVESTMENTS)
    by_column: dict[str, float] = {}
    for p in huichang.plan.projects:
        if p.investment_wan_yuan is not None:
            by_column[p.column or "（未分栏）"] = by_column.get(p.column or "（未分栏）", 0.0) + p.investment_wan_yuan
    assert {c.column: c.investment for c in ctx.project_columns if c.with_investment} == pytest.approx(by_column)


# --- html -----------------------------------------------------------------------------------------


def test_html_report_content(huichang: Stored) -> None:
    ctx = huichang.ctx
    a = ctx.assessment
    page = _html(ctx)
    assert page.headings[0] == ctx.title and "会昌县" in ctx.title and str(YEAR) in ctx.title
    assert [h for h in page.headings if h in SECTION_TITLES] == list(SECTION_TITLES)
    assert page.refs == [], "the page must be self-contained"
    # 一、总体情况: the 合计 row of the domain table equals the assessment's counts
    domains = _table_after(page, "领域")
    total = next(r for r in domains if r[0] == "合计")
    assert [int(x) for x in total[1:6]] == [a.counts[k] for k in ("total", *STATUS_KEYS)]
    binding_list = page.paragraphs[page.paragraphs.index(ctx.summary[-1]) + 1 :]
    assert binding_list[0] == ctx.binding_not_met[0]
    # 二、指标达标情况: one table per system table, every indicator a row, the failing one first
    failing = next(i for i in a.indicators if i.key == huichang.failing_key)
    tables = [t for t in page.tables if t and t[0][:3] == ["领域", "序号", "指标名称"]]
    assert len(tables) == len(ctx.indicator_blocks)
    for table, block in zip(tables, ctx.indicator_blocks, strict=True):
        assert len(table) - 1 == len(_rows_of(ctx, block.title))
        assert [r[2] for r in table[1:]] == [i.name for i in a.indicators if i.table == block.title]
        if block.title == failing.table:
            assert table[1][2] == failing.name
            assert table[1][6].startswith(STATUS_LABELS["not_met"])
    assert f"{YEAR}年目标值" not in tables[0][0] and "2025年目标值" in tables[0][0]
    # 三、可达性分析: the text reachability_text produced
    for para in _reach_paragraphs(ctx):
        assert para in page.paragraphs
    # charts: one status bar chart and one trend line per indicator with a trend
    assert page.trends == len(ctx.trends)
    assert page.svgs == len(ctx.trends) + 1


def test_html_tasks_section(ganxian: Stored) -> None:
    ctx = ganxian.ctx
    page = _html(ctx)
    reg = load_register(ganxian.store, ganxian.plan_id, as_of=ctx.as_of)
    views = {v.name: v for v in department_view(reg)}
    units = _table_after(page, "责任单位")
    assert len(units) - 1 == len(views)
    for row in units[1:]:
        v = views[row[0]]
        assert [int(x) for x in row[1:]] == [
            len(v.leads), len(v.assists), v.counts["已完成"], v.counts["推进中"], v.counts["未启动"], v.overdue
        ]
    # units with overdue tasks come first
    overdue_flags = [int(r[6]) > 0 for r in units[1:] if not views[r[0]].placeholder]
    assert overdue_flags == sorted(overdue_flags, reverse=True)
    overdue = _table_after(page, "编号")
    assert [r[0] for r in overdue[1:]] == [t.ref for t in reg.overdue()]
    # the task marked done is not overdue any more
    done = [t for t in reg.tasks if t.standing.status == "已完成"]
    assert len(done) == 1 and done[0].ref not in [r[0] for r in overdue[1:]]
    assert any(f"逾期未完成任务{len(reg.overdue())}项" in p for p in page.paragraphs)
    # a work plan without indicator tables still gives every section
    assert [h for h in page.headings if h in SECTION_TITLES] == list(SECTION_TITLES)
    assert "规划中未识别出指标体系表。" in page.paragraphs
    assert "规划中未识别出指标体系表，不作可达性分析。" in page.paragraphs
    assert ctx.summary[0].endswith("本报告汇总重点任务和重点工程的推进情况。")


# --- xlsx -----------------------------------------------------------------------------------------


def test_xlsx_report(huichang: Stored, out: Path) -> None:
    ctx = huichang.ctx
    a = ctx.assessment
    path = out / "报告.xlsx"
    write_report(ctx, None, path)
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    ov = wb[SHEETS[0]]
    assert ov["A1"].value == ctx.title
    rows = [[c.value for c in r] for r in ov.iter_rows()]
    total = next(r for r in rows if r[0] == "合计")
    assert total[1:6] == [a.counts[k] for k in ("total", *STATUS_KEYS)]
    assert ov._charts, "the overview has a bar chart of status per domain"
    ws = wb[SHEETS[1]]
    assert ws.freeze_panes is not None
    values = [[c.value for c in r] for r in ws.iter_rows()]
    names = [r[2] for r in values if r[2] is not None and r[0] != "领域" and r[1] != "序号"]
    expected = [i.name for b in ctx.indicator_blocks for i in a.indicators if i.table == b.title]
    assert [n for n in names if n in expected] == expected
    # the failing binding indicator heads its table, its status cell filled red
    failing = next(i for i in a.indicators if i.key == huichang.failing_key)
    header_rows = [k for k, r in enumerate(values, start=1) if r[0] == "领域" and r[2] == "指标名称"]
    block_index = [b.title for b in ctx.indicator_blocks].index(failing.table)
    first = header_rows[block_index] + 1
    assert ws.cell(row=first, column=3).value == failing.name
    status_cell = ws.cell(row=first, column=7)
    assert status_cell.value.startswith("未达标")
    assert status_cell.fill.fgColor.rgb.endswith(STATUS_COLORS["not_met"][1])
    reach = [c.value for c in wb[SHEETS[2]]["A"] if c.value]
    assert reach[1:] == _reach_paragraphs(ctx)
    proj = [[c.value for c in r] for r in wb[SHEETS[4]].iter_rows()]
    assert next(r for r in proj if r[0] == "合计")[3] == pytest.approx(sum(INVESTMENTS))


# --- docx -----------------------------------------------------------------------------------------


def _docx(ctx: ReportContext, out: Path) -> Document:
    path = out / "报告.docx"
    write_report(ctx, "docx", path)
    return Document(str(path))


def test_docx_report(huichang: Stored, out: Path) -> None:
    from ecociv.reports._png import cjk_font

    ctx = huichang.ctx
    a = ctx.assessment
    doc = _docx(ctx, out)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == ctx.title
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(SECTION_TITLES)
    # fonts through the eastAsia property, A4 pages
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    for sec in doc.sections:
        assert {round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)} == {21.0, 29.7}
    assert any(s.page_width > s.page_height for s in doc.sections), "the indicator table is landscape"
    # the counts table, the indicator tables (failing binding indicator first), the text
    counts = next(t for t in doc.tables if t.rows[0].cells[0].text == "领域")
    total = next(r for r in counts.rows if r.cells[0].text == "合计")
    assert [int(c.text) for c in total.cells[1:6]] == [a.counts[k] for k in ("total", *STATUS_KEYS)]
    tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells[:3]] == ["领域", "序号", "指标名称"]]
    assert len(tables) == len(ctx.indicator_blocks)
    failing = next(i for i in a.indicators if i.key == huichang.failing_key)
    for table, block in zip(tables, ctx.indicator_blocks, strict=True):
        names = [r.cells[2].text for r in table.rows[1:]]
        assert names == [i.name for i in a.indicators if i.table == block.title]
        if block.title == failing.table:
            assert names[0] == failing.name
            cell = table.rows[1].cells[6]
            assert cell.text.startswith("未达标")
            shd = cell._tc.tcPr.find(qn("w:shd"))
            assert shd.get(qn("w:fill")) == STATUS_COLORS["not_met"][1]
    borders = doc.tables[0].style.name
    assert borders == "Table Grid"
    for para in _reach_paragraphs(ctx):
        assert para in texts
    # charts as PNG when a CJK font is installed (fonts-noto-cjk is, here and in CI)
    if cjk_font() is not None:
        assert len(doc.inline_shapes) >= 2
        assert doc.inline_shapes[0].width <= Cm(16)
        assert not ctx.findings
    else:
        assert any(f.slug == "chart-font-missing" for f in ctx.findings)


def test_docx_without_cjk_font_has_no_charts(huichang: Stored, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No CJK font on the machine: the report is still written, without charts, with a Finding."""
    from ecociv.reports import _png

    monkeypatch.setattr(_png, "CJK_FAMILIES", ())
    _png.cjk_font.cache_clear()
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name])
    try:
        ctx = huichang.ctx
        ctx.findings.clear()
        doc = _docx(ctx, out)
        assert len(doc.inline_shapes) == 0
        assert [f.slug for f in ctx.findings] == ["chart-font-missing"]
        assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == list(SECTION_TITLES)
    finally:
        _png.cjk_font.cache_clear()
        huichang.ctx.findings.clear()


def test_docx_tasks_and_overdue(ganxian: Stored, out: Path) -> None:
    ctx = ganxian.ctx
    doc = _docx(ctx, out)
    overdue = next(t for t in doc.tables if t.rows[0].cells[0].text == "编号")
    refs = [r.cells[0].text for r in overdue.rows[1:]]
    assert refs == [t.ref for t in ctx.overdue_tasks]
    assert all(r.cells[5].text == "滞后" for r in overdue.rows[1:])
    assert any(re.search(rf"逾期未完成任务{len(refs)}项", p.text) for p in doc.paragraphs)
    # no indicator tables: no landscape pages
    assert all(s.page_width < s.page_height for s in doc.sections)


# --- errors ---------------------------------------------------------------------------------------


def test_unknown_format_is_an_input_error(huichang: Stored, out: Path) -> None:
    with pytest.raises(InputError, match="不支持的报告格式“pdf”"):
        get_report("pdf")
    with pytest.raises(InputError, match=r"无法从文件名“报告\.pdf”判断报告格式"):
        write_report(huichang.ctx, None, out / "报告.pdf")
    assert not (out / "报告.pdf").exists()


# --- a plan of another kind -----------------------------------------------------------------------


def test_every_format_on_a_five_year_plan(tmp_path: Path) -> None:
    """宜春 (十四五 生态环境保护规划): a completion table (not assessed) and a system table whose
    targets are 2025 figures; figures of the base year only, read back in every format."""
    from tests.conftest import YICHUN

    from ecociv.importers import read_plan
    from ecociv.reports import build_context
    from ecociv.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    plan_id = store.save_plan(read_plan(YICHUN))
    ctx = build_context(store, plan_id)
    a = ctx.assessment
    plan = store.get_plan(plan_id)
    assert a.year == max(o.year for o in store.observations(plan_id))
    system = [t.title for t in plan.indicator_tables if t.kind == "system"]
    assert [b.title for b in ctx.indicator_blocks] == system
    assert 2025 in ctx.stage_years
    page = _html(ctx)
    tables = [t for t in page.tables if t and t[0][:3] == ["领域", "序号", "指标名称"]]
    assert sum(len(t) - 1 for t in tables) == len(a.indicators)
    assert "2025年目标值" in tables[0][0]
    write_report(ctx, None, tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    names = [r[2] for r in wb[SHEETS[1]].iter_rows(values_only=True) if r[2] and r[2] != "指标名称"]
    assert names == [i.name for b in ctx.indicator_blocks for i in a.indicators if i.table == b.title]
    doc = _docx(ctx, tmp_path)
    projects = next(t for t in doc.tables if [c.text for c in t.rows[0].cells[:2]] == ["编号", "项目名称"])
    assert [r.cells[1].text for r in projects.rows[1:]] == [p.name for p in plan.projects]
    assert any(f"规划共安排重点工程{len(plan.projects)}项" in p.text for p in doc.paragraphs)


def test_xlsx_history_sheet(huichang: Stored, out: Path) -> None:
    ctx = huichang.ctx
    write_report(ctx, "xlsx", out / "r.xlsx")
    rows = list(load_workbook(out / "r.xlsx")[SHEETS[6]].iter_rows(values_only=True))
    header = list(rows[0])
    assert [r[0] for r in rows[1:]] == [t.key for t in ctx.trends]
    for row, t in zip(rows[1:], ctx.trends, strict=True):
        for year, value in t.points:
            assert row[header.index(f"{year}年")] == pytest.approx(value)
        for year, value in t.targets:
            assert row[header.index(f"{year}年目标")] == pytest.approx(value)
