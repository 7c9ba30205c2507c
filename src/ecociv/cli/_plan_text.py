"""``ecociv plans`` without Typer: the plan list as aligned plain lines, or as JSON.

The Typer command (:mod:`ecociv.cli._plans`) and the fast dispatch (:mod:`ecociv.cli._fast`)
both call :func:`write_plans`, so that they print the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store's names load on first use (no SQLAlchemy for a current SQLite file)
    from ecociv.store import PlanSummary

_PLAN_COLUMNS = ("编号", "标题", "地区", "类型", "规划期", "内容", "导入日期")
_EMPTY = "数据库中还没有规划。可用“ecociv import 文件 --save”导入，或用“ecociv sample load”加载示例规划。"


def period_text(p: tuple[int, int] | None) -> str:
    return f"{p[0]}—{p[1]}年" if p else "未注明"


class _Widths(dict[str, int]):
    """Terminal cells of each character, as Rich counts them, looked up once per character."""

    def __missing__(self, char: str) -> int:
        from rich.cells import cell_len

        width = self[char] = cell_len(char)
        return width


def _cell_lengths(texts: list[str], widths: _Widths) -> list[int]:
    """Rich's ``cell_len`` of each text: per character, except around joiners and emoji
    selectors (which Rich measures together with the character before them)."""
    from rich.cells import cell_len

    out = []
    seen: dict[str, int] = {}
    for t in texts:
        n = seen.get(t)
        if n is None:
            if t.isascii() and t.isprintable():
                n = len(t)
            elif "\u200d" in t or "\ufe0f" in t:
                n = cell_len(t)
            else:
                n = sum(map(widths.__getitem__, t))
            seen[t] = n
        out.append(n)
    return out


def _day(when: dt.datetime) -> str:
    """``when.strftime("%Y-%m-%d")`` (as glibc writes it), without strftime's cost per call."""
    return f"{when.year}-{when.month:02d}-{when.day:02d}"


def plans_lines(summaries: list[PlanSummary]) -> list[str]:
    """The plan list as aligned plain lines (one per plan): a table of thousands of plans is
    written at once, where a boxed table with wrapped cells takes seconds to lay out."""
    rows: list[tuple[str, ...]] = [_PLAN_COLUMNS]
    for s in summaries:
        subs = f"（另有子项{s.n_sub_indicators}）" if s.n_sub_indicators else ""
        years = period_text(s.period) if s.period else "—"
        if s.base_year:
            years += f"（基准年{s.base_year}）"
        rows.append((
            str(s.id), s.title, s.region, s.kind or "—", years,
            f"指标表{s.n_tables} 指标{s.n_indicators}{subs} 任务{s.n_tasks} 工程{s.n_projects}",
            _day(s.imported_at) if s.imported_at else "—",
        ))
    n = len(_PLAN_COLUMNS)
    char_widths = _Widths()
    cells = [_cell_lengths([r[k] for r in rows], char_widths) for k in range(n)]
    widths = [max(c) for c in cells]
    out = [f"已保存的规划（{len(summaries)} 份）"]
    for i, r in enumerate(rows):
        line = [r[0].rjust(widths[0] - cells[0][i] + len(r[0]))]
        line += [r[k] + " " * (widths[k] - cells[k][i]) for k in range(1, n - 1)]
        line.append(r[-1])
        out.append("  ".join(line))
    return out


def write_plans(as_json: bool) -> None:
    """What ``ecociv plans [--json]`` prints."""
    from ecociv.store import plan_summaries  # SQLAlchemy loads only when the database needs it

    summaries = plan_summaries()
    if as_json:
        rows = [dataclasses.asdict(s) for s in summaries]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not summaries:
        sys.stdout.write(_EMPTY + "\n")
        return
    sys.stdout.write("\n".join(plans_lines(summaries)) + "\n")
