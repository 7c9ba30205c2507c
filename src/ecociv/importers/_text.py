"""The text/Markdown reader, and the assembly of a :class:`Plan` from document lines that every
reader (text, docx) shares."""

from __future__ import annotations

import re
from pathlib import Path

from ecociv.errors import InputError
from ecociv.importers._bare_cells import bare_cells_to_tabs
from ecociv.importers._base_year import date_baselines, stated_base_years
from ecociv.importers._build import build_table
from ecociv.importers._clean import clean_text
from ecociv.importers._columns import note_marks
from ecociv.importers._coverage import Block, coverage, unread_findings
from ecociv.importers._decode import decode_bytes, looks_binary
from ecociv.importers._explain import explain_table, line_origins
from ecociv.importers._html_tables import html_tables_to_tabs
from ecociv.importers._markdown import marked_cells_to_tabs, pipe_tables_to_tabs
from ecociv.importers._meta import extract_meta, find_title, infer_terrain
from ecociv.importers._pages import blank_page_residue
from ecociv.importers._segment import RawTable, find_tables, is_caption
from ecociv.importers._spaced import spaced_tables_to_tabs
from ecociv.importers._tasks_quantities import plan_year_from_lines
from ecociv.model import Finding, IndicatorTable, Plan

__all__ = ["TextReader", "plan_from_lines"]


def _work_plan_year(kind: str | None, period: tuple[int, int] | None, base_year: int | None) -> int | None:
    """The year a 工作方案/要点 runs over, where a yearless deadline (6月底前) falls: its one-year
    period (not the base year its targets table compares with); none for a plan over several years."""
    if not kind or not kind.endswith(("方案", "计划", "要点")):
        return None
    if period is not None:
        return period[0] if period[0] == period[1] else None
    return base_year


def _tasks_and_projects(lines: list[str], plan_year: int | None, plan: Plan) -> list[Finding]:
    from ecociv.importers._projects_boxes import read_columns
    from ecociv.importers._tasks_table import table_tasks
    from ecociv.importers.projects import extract_projects
    from ecociv.importers.tasks import extract_tasks

    in_tables, taken = table_tasks(lines, plan_year or plan_year_from_lines(lines))
    columns = read_columns(lines)
    for col in columns:
        if col.number == 0:  # a table of projects (重点工程表): projects, no tasks
            taken.update(range(col.start, col.end))
    prose = ["" if k in taken else x for k, x in enumerate(lines)]
    tasks, task_findings = extract_tasks(prose, plan_year=plan_year)
    projects, project_findings = extract_projects(lines, columns)
    plan.tasks = sorted([*tasks, *in_tables], key=lambda t: t.source_line or 0)
    plan.projects = projects
    return [*task_findings, *project_findings]


def plan_from_lines(
    lines: list[str],
    *,
    source_file: str,
    encoding: str | None = None,
    warnings: list[Finding] | None = None,
    reader: str = "text",
    title: str | None = None,
) -> Plan:
    """Build a plan from decoded document lines (line *n* is ``lines[n-1]``).

    ``reader`` names the reader that produced the lines (text, docx, pdf …); tab-separated rows
    it gives are reported as its own tables in ``IndicatorTable.explain``.  ``title`` is the plan's
    title when no line states one (default: the file name).
    """
    findings: list[Finding] = list(warnings or [])
    tables: list[IndicatorTable] = []
    stem = title or re.sub(r"\.[A-Za-z0-9]+$", "", source_file.rsplit("/", 1)[-1])
    # Page numbers and running headers are blanked (line numbers kept) before any reader runs.
    html = html_tables_to_tabs(lines)
    residue_free = blank_page_residue(html, find_title(lines, stem))
    marked = marked_cells_to_tabs(residue_free)
    misses: list[tuple[int, int, int, list[str]]] = []
    bare = bare_cells_to_tabs(marked, misses)
    body = spaced_tables_to_tabs(bare)
    piped = pipe_tables_to_tabs(body)
    origins = line_origins(reader, lines, html, residue_free, body, piped, bare={k for k, x in enumerate(bare) if x != marked[k]})
    raw_tables = find_tables(piped)
    stated = stated_base_years(piped)
    for raw in raw_tables:
        _apply_note_marks(raw, piped)
        findings.extend(date_baselines(raw, stated))
        if raw.rows and raw.end_line >= len(lines) and raw.rows[-1].kind == "data":
            raw.rows[-1].incomplete = raw.rows[-1].incomplete or _ends_abruptly(lines)
        table, table_findings = build_table(raw)
        table.explain = explain_table(raw, table, origins)
        tables.append(table)
        findings.extend(table_findings)
        if not table.rows:
            findings.append(
                Finding(
                    slug="table-empty",
                    message=f"“{table.title}”只有表头，没有读到任何指标行。",
                    line=table.source_line,
                )
            )
    used = {t.source_line for t in tables} | {r.header_line for r in raw_tables}
    for n, line in enumerate(body, 1):
        t = clean_text(line)
        if "指标" in t and is_caption(t) and len(t) <= 60 and not any(n <= u <= n + 12 for u in used if u):
            findings.append(
                Finding(
                    slug="table-unrecognised",
                    message=f"找到表题“{t}”，但其后没有可识别的指标表表头（需要指标名称列和数值列），未导入该表。",
                    line=n,
                )
            )
    meta = extract_meta(lines, tables, stem)
    if meta.period:
        for raw, table in zip(raw_tables, tables, strict=True):
            _date_yearless_targets(raw, table, meta.period[1])
    plan = Plan(
        title=meta.title,
        region=meta.region,
        kind=meta.kind,
        base_year=meta.base_year,
        period=meta.period,
        stage_years=meta.stage_years,
        indicator_tables=tables,
        source_file=source_file,
        encoding=encoding,
        region_info=meta.region_info,
    )
    terrain = infer_terrain(plan)
    if terrain is not None:
        findings.append(terrain)
    if not meta.region:
        findings.append(Finding(slug="region-unknown", message=f"无法从标题“{meta.title}”识别所属地区。"))
    plan_year = _work_plan_year(meta.kind, meta.period, meta.base_year)
    # a 专栏 box holding an indicator table that was read (专栏1 主要指标) is no empty project box
    read_boxes = {t.source_line for t in tables if t.rows}
    findings.extend(
        f for f in _tasks_and_projects(body, plan_year, plan) if not (f.slug == "column-without-projects" and f.line in read_boxes)
    )
    spans = [(r.caption_line or r.header_line, max(r.end_line, r.header_line)) for r in raw_tables]
    items = [t.source_line for t in plan.tasks if t.source_line] + [
        p.source_line for p in plan.projects if p.source_line
    ]
    lost = [f.line for f in findings if f.slug == "row-unplaced" and f.line]
    plan.table_coverage, unread = coverage(residue_free, spans, items, lost, _unsplit_blocks(misses, body))
    captions = [f for f in findings if f.slug == "table-unrecognised" and f.line]
    for f in captions:
        if any(f.line is not None and f.line < b.start <= f.line + 12 for b in unread):
            findings.remove(f)  # the caption of an unread block: one warning, the block's
    findings.extend(unread_findings(unread, {f.line: f.message for f in captions if f.line}))
    for f in findings:
        f.file = f.file or source_file
    plan.warnings = findings
    return plan


def _unsplit_blocks(misses: list[tuple[int, int, int, list[str]]], lines: list[str]) -> list[Block]:
    """One-cell-per-line tables whose header was read but whose rows were not: blocks counted
    as rows of the header's width, the warning naming the caption and the header."""
    out: list[Block] = []
    for caption, a, b, cells in misses:
        n = len(cells)
        if b - a + 1 < 2 * n:
            continue  # the header and less than a row: no table
        why = (
            f"在表题“{clean_text(lines[caption])}”（第{caption + 1}行）下，每格一行，表头 {n} 格，"
            f"但其后第{a + n + 1}—{b + 1}行不能按 {n} 格一行分开（序号或属性列对不上，可能有单元格折行、缺格或合并），未导入；"
            "请在原文档中检查该表，或另存为 .docx 后导入。"
        )
        out.append(Block(a + 1, b + 1, list(range(a + 1, b + 2, n)), cells[:4], why))
    return out


def _date_yearless_targets(raw: RawTable, table: IndicatorTable, year: int) -> None:
    """One target column without a year (期末, 目标值): its targets are for the end of the plan
    period (the table keeps its cells aside until the period is known)."""
    yearless = [c for c in raw.columns if c.role == "target" and c.year is None]
    if len(yearless) != 1 or any(c.role == "target" and c.year == year for c in raw.columns):
        return
    header = yearless[0].header
    for row in table.rows:
        for ind in row.walk():
            if header in ind.extra:
                ind.targets[year] = ind.extra.pop(header)
    for col in table.explain.get("columns", []):
        if col.get("header") == header and col.get("role") == "target":
            col["year"] = year


_NOTE_YEAR = re.compile(r"^(?:注|备注|说明)\s*\d?\s*[：:.．、]?.*?(?:现状值|现状年|基准值|基准年)\s*(?:均|为|是|系|采用)+\s*((?:19|20)\d{2})\s*年")


def _apply_note_marks(raw: RawTable, lines: list[str]) -> None:
    """Marks a note right under the table defines (注：带*的数值为2021年数据) date the marked
    baselines, unless the header defines them itself."""
    notes: dict[str, int] = {}
    for line in lines[raw.end_line : raw.end_line + 4]:
        t = clean_text(line)
        if t.startswith(("注", "备注", "说明")) or notes:
            notes.update(note_marks(t))
    if notes:
        for c in raw.columns:
            if c.role == "baseline":
                c.marks = {**notes, **c.marks}
    # 注：现状值为2024年数据 — the year of an undated 现状值 column, as the note states it
    for line in lines[raw.end_line : raw.end_line + 4]:
        if m := _NOTE_YEAR.search(clean_text(line)):
            for c in raw.columns:
                if c.role == "baseline" and c.year is None:
                    c.year = int(m.group(1))
            break


def _ends_abruptly(lines: list[str]) -> bool:
    """A file whose last line is not blank: it may have been cut off."""
    return bool(lines) and bool(lines[-1].strip())


class TextReader:
    """Plain text and Markdown (text converted from Word/PDF): UTF-8, UTF-8 with BOM, GB18030/GBK."""

    name = "text"
    suffixes: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head or looks_binary(head):
            return False
        for enc in ("utf-8", "gb18030"):
            try:
                head.decode(enc)
            except UnicodeDecodeError as exc:
                if exc.start >= len(head) - 3:  # cut inside a character at the end of the sample
                    return True
                continue
            return True
        return False

    def read(self, path: Path, *, encoding: str | None = None) -> Plan:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}：无法读取文件（{exc.strerror or exc}）。") from None
        decoded = decode_bytes(data, str(path), encoding)
        return plan_from_lines(
            decoded.lines, source_file=path.name, encoding=decoded.encoding, warnings=decoded.warnings
        )
