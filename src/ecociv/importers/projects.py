"""Key projects (重点工程) from the 专栏 boxes of a plan.

Each item of a box becomes a :class:`~ecociv.model.Project`: name, the box it belongs to,
content, quantities, investment (``总投资1.2亿元`` / ``投资3500万元`` -> 万元), period
(``2023—2025年``) and responsible units where stated.  Projects named twice within a plan, or
whose contents are near copies, are flagged (``project-duplicate``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ecociv.importers._projects_boxes import Column, read_columns
from ecociv.importers._tasks_quantities import parse_quantities
from ecociv.importers.tasks import parse_unit_clause
from ecociv.model import Finding, Project

__all__ = ["extract_projects", "parse_investment", "parse_period"]

_INVEST = re.compile(
    r"(?:总投资|估算投资|计划投资|预计投资|投资估算|投资额|投资)\s*(?:约|为|共|达|：|:)*\s*"
    r"(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万)"
)
_PERIOD = re.compile(r"(20\d\d)\s*(?:年)?\s*[-—–~～至到]+\s*(20\d\d)\s*年?")
_RESPONSIBLE = re.compile(
    r"(?:责任单位|牵头单位|实施单位|实施主体|责任部门|建设单位|业主单位)\s*[：:]\s*([^。；;\n）)〕\]]+)"
)
_REGION_PREFIX = re.compile(r"^.{1,6}?[县区市]")


def parse_investment(text: str) -> float | None:
    """Investment named in ``text``, in 万元 (亿元 × 10000); None when none is stated."""
    m = _INVEST.search(text)
    if not m:
        return None
    value = float(m.group(1))
    return round(value * 10000, 4) if m.group(2).startswith("亿") else value


def _cell_investment(cell: str, unit: str) -> float | None:
    """An investment cell (``1.2``, ``3,500``, ``1.2亿元``) in 万元, the header naming the unit."""
    text = cell.replace(",", "").replace("，", "")
    m = re.search(r"(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万)?", text)
    if not m:
        return None
    value = float(m.group(1))
    u = m.group(2) or unit
    return round(value * 10000, 4) if u.startswith("亿") else value


def parse_period(text: str) -> str | None:
    """Implementation period ``2023—2025`` when the text states one."""
    for m in _PERIOD.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 20:
            return f"{a}—{b}"
    return None


def _norm_name(name: str) -> str:
    s = re.sub(r"[\s（）()“”\"、，,]", "", name)
    return _REGION_PREFIX.sub("", s) if len(s) > 8 else s


@lru_cache(maxsize=4096)
def _bigrams(s: str) -> frozenset[str]:
    """Character pairs of a text (cached: every project's content is compared with the others)."""
    s = re.sub(r"[\s\d，。；、,.;:：（）()]", "", s)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _similar(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if len(x) < 20 or len(y) < 20:
        return 0.0
    return len(x & y) / len(x | y)


def _duplicates(projects: list[Project]) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, Project] = {}
    for k, p in enumerate(projects):
        key = _norm_name(p.name)
        first = seen.get(key)
        if first is not None:
            findings.append(
                Finding(
                    "project-duplicate",
                    f"重点工程“{p.name}”与第{first.source_line}行的“{first.name}”重复",
                    line=p.source_line,
                    data={"name": p.name, "first_line": first.source_line, "by": "name"},
                )
            )
            continue
        seen[key] = p
        for q in projects[:k]:
            if p.content and q.content and _similar(p.content, q.content) >= 0.6:
                findings.append(
                    Finding(
                        "project-duplicate",
                        f"重点工程“{p.name}”的内容与第{q.source_line}行的“{q.name}”基本相同，可能重复",
                        line=p.source_line,
                        data={"name": p.name, "first_line": q.source_line, "by": "content"},
                    )
                )
                break
    return findings


def extract_projects(
    lines: Sequence[str], columns: Sequence[Column] | None = None
) -> tuple[list[Project], list[Finding]]:
    """Key projects of every 专栏 box in ``lines`` (decoded, uncleaned document lines) and of every
    table of projects; ``columns``: :func:`read_columns` of ``lines`` when the caller has them."""
    projects: list[Project] = []
    findings: list[Finding] = []
    for col in read_columns(lines) if columns is None else columns:
        if not col.items:
            findings.append(
                Finding(
                    "column-without-projects",
                    f"“{col.title}”中未识别出重点工程条目",
                    line=col.start + 1,
                )
            )
        for item in col.items:
            content = item.content
            resp = _RESPONSIBLE.search(content)
            responsible = parse_unit_clause(resp.group(1)) if resp else []
            investment = parse_investment(content)
            period = parse_period(content)
            f = item.fields
            if f.get("responsible"):
                responsible = parse_unit_clause(f["responsible"])
            if f.get("investment"):
                investment = _cell_investment(f["investment"], f.get("investment_unit", "万元"))
            if f.get("period"):
                period = parse_period(f["period"]) or f["period"]
            projects.append(
                Project(
                    name=item.name,
                    column=col.title,
                    content=content or None,
                    investment_wan_yuan=investment,
                    period=period,
                    responsible=responsible,
                    source_line=item.line,
                    quantities=parse_quantities(content, None, require_verb=False),
                )
            )
    findings.extend(_duplicates(projects))
    return projects, findings
