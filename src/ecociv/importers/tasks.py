"""Tasks from plan documents: who does what, by when.

Work plans attach a 〔责任单位：…〕 clause to each piece of work; every clause makes one task
item holding the sentences it covers, under its numbered task (``section``).  Units keep the
document's order (the first leads, 牵头; the others assist, 配合) and the names as written;
:mod:`ecociv.tracking` normalises them.  Plans without such clauses (规划) still yield their
task paragraphs, with no units.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ecociv.importers._projects_boxes import column_spans
from ecociv.importers._tasks_clauses import (
    DEADLINE_LINE,
    LABEL_LINE,
    clause_deadline,
    find_clauses,
    is_placeholder_name,
    parse_unit_clause,
)
from ecociv.importers._tasks_paragraphs import paragraph_tasks
from ecociv.importers._tasks_quantities import find_deadline, parse_quantities, plan_year_from_lines
from ecociv.importers._tasks_table import deadline_cell
from ecociv.importers._tasks_text import CN_NUM, Heading, clean_line, heading_of
from ecociv.model import Finding, Task

__all__ = ["extract_tasks", "parse_unit_clause"]

_BOX_TITLE = re.compile(rf"^专栏\s*[{CN_NUM}\d]+")
_PAREN_HEAD = re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[）)]")
_CLAUSE_HINT = re.compile(r"责\s*任\s*单\s*位\s*[：:]|责任单\s*$|牵头单位\s*[：:]")
#: A numbered task opening a paragraph: ``1. **积极稳妥推动碳达峰。**…``, ``（三）加快…。…``.
_SECTION_LINE = re.compile(rf"^\s*(\d{{1,2}}\s*[.．、](?!\d)|[（(]\s*[{CN_NUM}]+\s*[）)]|[{CN_NUM}]+\s*、)\s*(.*)$")


@dataclass
class _Section:
    title: str | None
    line: int | None
    chunks: list[tuple[str, int]] = field(default_factory=list)  # (cleaned text, line number)
    #: the numbered lead sentence the body follows on the same line (``7.固定源排污许可证覆盖率100%。…``)
    lead: str | None = None
    #: the numbered line is the lead sentence alone (``1.开展臭氧污染防治攻坚。``), its body below
    lead_alone: bool = False


def _box_ends(head: Heading | None, cleaned: str, paren_items: bool) -> bool:
    """Whether a line ends a 专栏 box: a chapter or 第X节 heading, a （一） heading when the box's
    items are not so numbered, or a paragraph with a unit clause (task text)."""
    if _CLAUSE_HINT.search(cleaned) and find_clauses(cleaned, inline=False):
        return True
    if head is None or head.level >= 3:
        return False
    return head.level == 1 or cleaned.startswith("第") or not paren_items


def _section_title(cleaned: str) -> tuple[str, str]:
    """``1. 积极稳妥推动碳达峰。深入实施…`` -> (``1. 积极稳妥推动碳达峰``, ``深入实施…``)."""
    m = _SECTION_LINE.match(cleaned)
    assert m is not None
    marker, rest = m.group(1).strip(), m.group(2)
    num = re.sub(r"\s*[.．、]$", ". ", marker) if marker[0].isdigit() else marker
    t = re.match(r"^([^。！？]{1,40})[。！？]", rest)
    if t:
        return f"{num}{t.group(1).strip()}", rest[t.end() :]
    return f"{num}{rest.strip()}", ""


def _lead_alone(section: _Section) -> None:
    """A numbered line holding only a short title (``1.开展臭氧污染防治攻坚。``): the title of the
    task its next paragraphs state (not a sentence wrapped onto the next line)."""
    lead = _SECTION_LINE.sub(r"\2", section.title or "").strip()
    if 2 <= len(lead) <= 30 and not re.search(r"[，,；;：:]", lead):
        section.lead, section.lead_alone = lead, True


#: bullets a task paragraph may start with (typed or shown for Word's bulleted lists)
_BULLET = re.compile(r"^[●◆■▪•·○◇□►▶➢✓√※★☆▲△\-—]+\s*")


def _title_of(text: str) -> str | None:
    m = re.match(r"^([^，。；：,;:]{2,40})", _BULLET.sub("", text))
    return m.group(1).strip() if m else None


def _clause_tasks(
    lines: Sequence[str], plan_year: int | None
) -> tuple[list[Task], list[Finding]]:
    sections: list[_Section] = []
    current: _Section | None = None
    in_box, box_lines, paren_items = False, 0, False
    heading: str | None = None  # the last heading above unnumbered task paragraphs
    last_label = False  # the last chunk is a label line made a clause (配合单位： may follow)
    for n, raw in enumerate(lines, start=1):
        cleaned = clean_line(raw)
        if not cleaned:
            continue
        follows_label, last_label = last_label, False
        if _BOX_TITLE.match(cleaned):
            current = None  # a 专栏 box of projects: its items are no task text
            in_box, box_lines = True, 0
            continue
        sec = _SECTION_LINE.match(cleaned)
        head = heading_of(raw, cleaned)
        if in_box:
            box_lines += 1
            if box_lines == 1:
                paren_items = bool(_PAREN_HEAD.match(cleaned))  # （一）name items: part of the box
            if not _box_ends(head, cleaned, paren_items):
                continue
            in_box = False
        if sec and head is None:
            title, rest = _section_title(cleaned)
            current = _Section(title, n)
            sections.append(current)
            if rest:
                current.chunks.append((rest, n))
                current.lead = _SECTION_LINE.sub(r"\2", title).strip() or None
            else:
                _lead_alone(current)
            continue
        if head is not None:
            # A heading closes the running task; the next numbered task opens a new one.
            current = None
            heading = head.text if head.level >= 2 else None
            if head.level == 3 and sec:
                current = _Section(_section_title(cleaned)[0], n)
                sections.append(current)
                if cleaned[0].isdigit():  # 1.开展臭氧污染防治攻坚。 over its body, not a （一） heading
                    _lead_alone(current)
            continue
        if follows_label and current is not None and current.chunks and DEADLINE_LINE.match(cleaned):
            # 完成时限：… on the line under a label line: the clause's deadline
            last_label = True
            text, line = current.chunks[-1]
            current.chunks[-1] = (f"{text[:-1]}；{cleaned}〕", line)
            continue
        if LABEL_LINE.match(cleaned) and not find_clauses(cleaned, inline=False):
            # 责任单位：… on a line of its own: a clause for the text above it
            last_label = True
            if current is not None and follows_label and current.chunks:
                text, line = current.chunks[-1]
                current.chunks[-1] = (f"{text[:-1]}；{cleaned}〕", line)
                continue
            cleaned = f"〔{cleaned}〕"
        if current is None:
            current = _Section(heading, n)
            sections.append(current)
        current.chunks.append((cleaned, n))

    tasks: list[Task] = []
    findings: list[Finding] = []
    for section in sections:
        text = "".join(c for c, _ in section.chunks)
        starts: list[tuple[int, int]] = []
        pos = 0
        for chunk, n in section.chunks:
            starts.append((pos, n))
            pos += len(chunk)

        def line_at(offset: int, starts: list[tuple[int, int]] = starts) -> int:
            found = starts[0][1] if starts else 0
            for p, n in starts:
                if p <= offset:
                    found = n
                else:
                    break
            return found

        prev = 0
        for m in find_clauses(text):
            body = text[prev : m.start].strip()
            first = prev + (len(text[prev : m.start]) - len(text[prev : m.start].lstrip()))
            prev = m.end
            units = parse_unit_clause(m.content)
            written = text[m.start : m.end]
            line = line_at(first)
            if not units:
                findings.append(
                    Finding(
                        "task-clause-empty",
                        f"责任单位条款未写明单位：“{written}”",
                        line=line_at(m.start),
                    )
                )
            if not body and prev == m.end and m.start == 0 and section.lead:
                body = section.lead  # the numbered lead sentence is the whole task (2.推进扬尘治理。〔…〕)
            if not body:
                findings.append(
                    Finding(
                        "task-clause-without-text",
                        f"责任单位条款前没有任务内容：“{written}”",
                        line=line_at(m.start),
                    )
                )
                continue
            first_task = not any(t.section == section.title and t.source_line == section.line for t in tasks[-1:])
            first_task = first_task and (line == section.line or (section.lead_alone and first == 0))
            # a 完成时限 written in the clause is the task's; else the first one its text names
            # (``完成时限：长期坚持`` names none: no deadline, not the plan year's end)
            written_deadline = clause_deadline(m.content)
            if written_deadline:
                deadline = deadline_cell(written_deadline, plan_year)
            else:
                deadline = find_deadline(body, plan_year)
            if deadline is None and plan_year is not None and not written_deadline:
                deadline = dt.date(plan_year, 12, 31)
            tasks.append(
                Task(
                    text=body,
                    units=units,
                    section=section.title,
                    title=(section.lead if first_task and section.lead else _title_of(body)),
                    deadline=deadline,
                    quantities=parse_quantities(
                        f"{section.lead}。{body}" if first_task and section.lead else body, plan_year
                    ),
                    source_line=line,
                    placeholders=[u for u in units if is_placeholder_name(u)],
                )
            )
        rest = text[prev:].strip()
        if prev and len(rest) >= 8:
            findings.append(
                Finding(
                    "task-text-without-units",
                    f"任务“{section.title or ''}”末尾的内容没有责任单位：“{rest[:40]}”",
                    line=line_at(prev),
                )
            )
        if not prev and _CLAUSE_HINT.search(text):
            findings.append(
                Finding(
                    "task-clause-unclosed",
                    "责任单位条款没有闭合括号，未能识别",
                    line=section.line,
                )
            )
    return tasks, findings


def _label_lines_outside_boxes(lines: Sequence[str]) -> bool:
    """Whether a 责任单位：… label line stands in the text (one inside a 专栏 box is a project's)."""
    labels = [k for k, x in enumerate(lines) if ("单" in x or "部" in x) and LABEL_LINE.match(clean_line(x))]
    if not labels:
        return False
    spans = column_spans(lines)
    return any(not any(a <= k < b for a, b in spans) for k in labels)


def _inline_outside_boxes(lines: Sequence[str]) -> bool:
    """Whether a paragraph outside the 专栏 boxes ends in an unbracketed ``责任单位：…`` sentence
    (one inside a box is a project's field)."""
    spans = column_spans(lines)
    return any(
        find_clauses(clean_line(x)) and not any(a <= k < b for a, b in spans)
        for k, x in enumerate(lines)
        if ("单" in x or "部" in x) and ("：" in x or ":" in x)
    )


def extract_tasks(
    lines: Sequence[str], *, plan_year: int | None = None
) -> tuple[list[Task], list[Finding]]:
    """Task items of a plan document.

    ``lines`` are the decoded document lines, uncleaned (line *n* is ``lines[n-1]``).  With
    〔责任单位：…〕 clauses: one task per clause.  Without: one task per task paragraph of the
    task chapters, no units.  ``plan_year`` (inferred from a ``2024年…工作方案`` title when not
    given) dates ``6月底前`` and targets that name no year.
    """
    if plan_year is None:
        plan_year = plan_year_from_lines(list(lines))
    joined = "".join(lines)
    if find_clauses(joined, inline=False) or _label_lines_outside_boxes(lines) or _inline_outside_boxes(lines):
        return _clause_tasks(lines, plan_year)
    return paragraph_tasks(lines, plan_year)
