"""Task paragraphs of plans without 〔责任单位：…〕 clauses (规划).

The task chapters are those whose title names 任务 (``第四章 主要任务``, ``三、重点任务``); when
no chapter does, every chapter except the framing ones (基础, 形势, 总则, 目标, 保障 …).  Each
prose paragraph there, outside 专栏 boxes and chapter preambles, is a task: its section is the
nearest heading, its title the bold lead (``**深化实施林长制。**``) or a short first sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ecociv.importers._projects_boxes import column_spans
from ecociv.importers._tasks_quantities import find_deadline, parse_quantities
from ecociv.importers._tasks_text import (
    clean_line,
    ends_sentence,
    heading_of,
    is_rule_line,
    is_toc_line,
    split_title,
)
from ecociv.model import Finding, Task

__all__ = ["paragraph_tasks"]

_FRAMING = (
    "基础", "形势", "现状", "总则", "指导思想", "原则", "目标", "保障", "前言", "目录", "总体要求",
    "附", "说明", "背景", "意义", "挑战", "问题", "指标", "实施机制", "组织实施", "评估",
)


@dataclass
class _Para:
    first_raw: str
    line: int
    section: str | None
    parts: list[str] = field(default_factory=list)


def _chapters(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first line index, end index, title) of every level-1 heading's span."""
    heads: list[tuple[int, str]] = []
    for i, raw in enumerate(lines):
        h = heading_of(raw)
        if h is not None and h.level == 1:
            heads.append((i, h.text))
    out: list[tuple[int, int, str]] = []
    for k, (i, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        out.append((i, end, title))
    return out


def _task_chapters(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    chapters = _chapters(lines)
    named = [c for c in chapters if "任务" in c[2]]
    if named:
        return named
    return [c for c in chapters if not any(w in c[2] for w in _FRAMING)]


def paragraph_tasks(
    lines: Sequence[str], plan_year: int | None
) -> tuple[list[Task], list[Finding]]:
    """One task per prose paragraph of the task chapters, with no units."""
    boxed: set[int] = set()
    for start, end in column_spans(lines):
        boxed.update(range(start, end))
    paras: list[_Para] = []
    for first, end, chapter in _task_chapters(lines):
        section: str | None = chapter
        current: _Para | None = None
        preamble: list[_Para] = []  # paragraphs before the chapter's first sub-heading
        for i in range(first + 1, end):
            raw = lines[i]
            if i in boxed:
                current = None
                continue
            cleaned = clean_line(raw)
            if not cleaned or is_rule_line(raw) or is_toc_line(cleaned):
                continue
            head = heading_of(raw, cleaned)
            if head is not None:
                if section == chapter:
                    # The chapter is divided: what came before its first heading is preamble.
                    for p in preamble:
                        paras.remove(p)
                section = head.text
                current = None
                continue
            if "\t" in raw.strip() or len(cleaned) < 6:
                continue  # table cells and stray fragments are not task prose
            if current is not None and not ends_sentence("".join(current.parts)):
                current.parts.append(cleaned)
                continue
            current = _Para(raw, i + 1, section, [cleaned])
            paras.append(current)
            if section == chapter:
                preamble.append(current)
    tasks: list[Task] = []
    for p in paras:
        text = "".join(p.parts)
        title, body = split_title(p.first_raw, p.parts[0])
        if len(p.parts) > 1:
            body = body + "".join(p.parts[1:])
        tasks.append(
            Task(
                text=body or text,
                units=[],
                section=p.section,
                title=title,
                deadline=find_deadline(text, plan_year),
                quantities=parse_quantities(text, plan_year),
                source_line=p.line,
            )
        )
    return tasks, []
