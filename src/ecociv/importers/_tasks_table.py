"""Tasks listed in a table (重点任务分工表, 任务清单, 工作台账): one task per row.

A table is a task table when its header names a task column (重点任务, 工作任务, 工作内容 …)
and a unit column (牵头单位 / 责任单位, optionally 配合单位); a deadline column (完成时限,
时间节点 …) dates the rows.  Rows are the tab-separated lines every reader gives for a table
(Word rows, PDF ruled tables, converted text).  A cell merged down over several rows (the same
task category on every row) is read on each row; a row merged across the table (``一、绿色低碳``)
groups the rows under it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ecociv.importers._columns import map_header
from ecociv.importers._tasks_clauses import is_placeholder_name, parse_unit_clause
from ecociv.importers._tasks_quantities import YEAR_PART, find_deadline, parse_quantities, year_part_end
from ecociv.importers._tasks_text import clean_line
from ecociv.model import Task

__all__ = ["deadline_cell", "is_task_header_word", "table_tasks", "task_header_roles"]

_ROLES: tuple[tuple[str, str], ...] = (
    ("seq", r"^(?:序号|编号)$"),
    ("person", r"领导|责任人|联系人|分管"),  # a person (牵头领导), no unit
    ("group", r"^(?:类别|分类|领域|板块|方面)$"),
    ("co", r"配合|协同|参与|协办"),
    ("lead", r"牵头|责任单位|责任部门|主责|承办单位|负责单位|实施单位"),
    ("deadline", r"时限|时间|期限|时序|进度|节点"),
    ("content", r"具体内容|工作内容|主要内容|具体措施|工作措施|主要措施|目标要求|工作目标|^内容$|^措施$"),
    ("task", r"任务|事项|工作$"),
)
#: A task cell opening with a short title sentence (``整治入河排污口。完成36个排污口整治。``).
_LEAD_SENTENCE = re.compile(r"^([^，,；;。：:]{2,30})。\s*\S")
#: A task cell of one long sentence: its first clause is the title.
_LONG_CELL = re.compile(r"^([^，,；;。：:]{2,30})[，,；;：:。].{4,}")
_YEAR_MONTH = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月")
_YEAR_ONLY = re.compile(r"^(?:到|至|于)?\s*(20\d\d)\s*年?\s*(?:底|末|底前|前|内|年底前)?$")
#: a span of years as the deadline (``2024—2025年``): done by the end of its last year
_YEAR_SPAN = re.compile(r"^(?:20\d\d)\s*年?\s*[—\-–~～至到]+\s*(20\d\d)\s*年?(?:底|末)?$")


def is_task_header_word(text: str) -> bool:
    """Whether one cell's text names a column of a task table (重点任务, 配合单位, 完成时限 …)."""
    t = re.sub(r"\s+", "", text)
    return 0 < len(t) <= 12 and any(re.search(pattern, t) for _, pattern in _ROLES)


def task_header_roles(cells: list[str]) -> dict[str, int] | None:
    """Column index by role when ``cells`` are a task table's header, else None."""
    found: dict[str, int] = {}
    for k, cell in enumerate(cells):
        text = re.sub(r"\s+", "", cell)
        if not text or len(text) > 12:
            continue
        for role, pattern in _ROLES:
            if role not in found and re.search(pattern, text):
                found[role] = k
                break
    if "task" not in found and "content" in found:
        found["task"] = found.pop("content")  # 工作内容 | 责任单位 | 完成时限: the content is the task
    if "task" not in found or "lead" not in found or map_header(cells) is not None:
        return None  # no task table (an indicator table may have 任务 and 牵头单位 columns)
    return found


def deadline_cell(cell: str, plan_year: int | None) -> dt.date | None:
    """A deadline cell: ``2025年``, ``2024—2025年``, ``2024年6月``, ``2025年上半年``, ``6月底前``, ``长期坚持`` (none)."""
    text = re.sub(r"\s+", "", cell)
    if m := YEAR_PART.search(text):
        return year_part_end(m)
    if m := _YEAR_MONTH.search(text):
        return find_deadline(f"{m.group(1)}年{m.group(2)}月底前", plan_year)
    if m := _YEAR_ONLY.match(text) or _YEAR_SPAN.match(text):
        return dt.date(int(m.group(1)), 12, 31)
    return find_deadline(text, plan_year)


def table_tasks(lines: Sequence[str], plan_year: int | None) -> tuple[list[Task], set[int]]:
    """Tasks of every task table in ``lines`` and the 0-based indexes of the lines they took
    (header and rows), which are then no task prose."""
    tasks: list[Task] = []
    taken: set[int] = set()
    i = 0
    while i < len(lines):
        roles = task_header_roles(lines[i].split("\t")) if "\t" in lines[i] else None
        if roles is None:
            i += 1
            continue
        above = [k for k in range(max(0, i - 3), i) if clean_line(lines[k])]
        section = clean_line(lines[above[-1]]) if above else None
        if section is not None and len(section) <= 40 and not re.search(r"[。；;]", section):
            taken.add(above[-1])  # the table's caption (重点任务分工表): no task of its own
        else:
            section = None
        taken.add(i)
        header = [clean_line(c) for c in lines[i].split("\t")]
        i += 1
        if i < len(lines) and (merged := _second_header_row(lines[i - 1].split("\t"), lines[i].split("\t"))):
            # 责任单位 over 牵头单位 | 配合单位: the second row names the columns
            roles = task_header_roles(merged) or roles
            taken.add(i)
            i += 1
        group = section
        last_group = ""
        while i < len(lines) and ("\t" in lines[i] or not lines[i].strip() or _group_row(lines, i)):
            if not lines[i].strip():
                i += 1  # rows standing apart (a table rewritten from one cell per line)
                continue
            if "\t" not in lines[i]:
                # a row merged across the table (一、绿色低碳): the group of the rows under it
                group = clean_line(lines[i])
                taken.add(i)
                i += 1
                continue
            cells = [clean_line(c) for c in lines[i].split("\t")]
            if cells == header:
                taken.add(i)  # the header repeated on the next page
                i += 1
                continue
            if _new_header(cells):
                break  # the next table (another sheet, a table under its own caption)
            if (heading := _group_cells(cells, roles)) is not None:
                group = heading  # the row merged across, as Word and Excel keep it: in its first cell
                taken.add(i)
                i += 1
                continue
            g = roles.get("group")
            if g is not None and g < len(cells):
                # a 类别 cell merged down is written once: the rows under it keep it
                cells[g] = last_group = cells[g] or last_group
            taken.add(i)
            task = _row_task(cells, roles, plan_year, group, i + 1)
            if task is not None:
                tasks.append(task)
            i += 1
    return tasks, taken


def _second_header_row(top: list[str], sub: list[str]) -> list[str] | None:
    """The header as the second row names it, when ``sub`` is a second header row under ``top``:
    each cell a task-table header word or the cell above repeated down a merged cell."""
    top = [clean_line(c) for c in top]
    sub = [clean_line(c) for c in sub]
    sub += [""] * (len(top) - len(sub))
    new = [s for t, s in zip(top, sub, strict=False) if s and s != t]
    if not new or not all(is_task_header_word(s) for s in new):
        return None
    return [s or t for t, s in zip(top, sub, strict=False)]


def _group_row(lines: Sequence[str], i: int) -> bool:
    """Whether line ``i``, one cell inside a task table, is a group heading merged across the
    table: short, no sentence, and more rows follow it."""
    text = clean_line(lines[i])
    if not text or len(text) > 30 or re.search(r"[。；;：:]", text):
        return False
    for k in range(i + 1, min(len(lines), i + 3)):
        if lines[k].strip():
            # the caption of the next table is no group of this one's rows
            return "\t" in lines[k] and not _new_header([clean_line(c) for c in lines[k].split("\t")])
    return False


def _row_task(cells: list[str], roles: dict[str, int], plan_year: int | None, section: str | None, line: int) -> Task | None:
    def cell(role: str) -> str:
        k = roles.get(role)
        return cells[k] if k is not None and k < len(cells) else ""

    title, content = cell("task"), cell("content")
    text = content or title
    if not content and (lead := _LEAD_SENTENCE.match(title) or _LONG_CELL.match(title)):
        title = lead.group(1)  # 开展河道清淤疏浚。完成…: the task's title, then its measures
    title = re.sub(r"^([^。]{2,})。$", r"\1", title)  # one sentence: no full stop in the title
    if not text:
        return None
    units: list[str] = []
    for u in [*parse_unit_clause(cell("lead")), *parse_unit_clause(cell("co"))]:
        if u not in units:
            units.append(u)
    deadline = deadline_cell(cell("deadline"), plan_year) if cell("deadline") else find_deadline(text, plan_year)
    return Task(
        text=text,
        units=units,
        section=cell("group") or section,  # a 类别 column (merged down) groups the rows
        title=title or None,
        deadline=deadline,
        quantities=parse_quantities(text, plan_year),
        source_line=line,
        placeholders=[u for u in units if is_placeholder_name(u)],
    )


def _new_header(cells: list[str]) -> bool:
    """Whether a row inside a task table is the header of another table (tasks, projects, indicators)."""
    from ecociv.importers._projects_boxes import project_header_roles

    return task_header_roles(cells) is not None or project_header_roles(cells) is not None or map_header(cells) is not None


def _group_cells(cells: list[str], roles: dict[str, int]) -> str | None:
    """The group heading of a row merged across the table (``一、绿色低碳`` in the first cell, the
    others empty), or None: a row whose one cell is its task or a number is no heading."""
    filled = [k for k, c in enumerate(cells) if c]
    if len(filled) != 1 or filled[0] in (roles.get("task"), roles.get("content")):
        return None
    text = cells[filled[0]]
    if len(text) > 30 or re.search(r"[。；;：:]", text) or re.fullmatch(r"[\d.、]+", text):
        return None
    return text
