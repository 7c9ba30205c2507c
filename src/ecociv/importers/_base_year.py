"""The year of a 现状值 / 基准值 column that neither its header nor a note under the table dates.

A plan often says once in its text which year its baselines are (以2020年为基准年, 基准年为2020年,
规划基准年：2020年).  Such a column takes that year, and the import says where it was read
(``baseline-year-from-text``, info).  Where the text states none, or states different years,
the column stays undated and the import warns (``baseline-year-unknown``): no year is guessed.
"""

from __future__ import annotations

import re

from ecociv.importers._clean import ascii_digits, clean_text
from ecociv.importers._segment import RawTable
from ecociv.model import Finding

__all__ = ["date_baselines", "stated_base_years"]

_STATED = re.compile(
    r"(?:规划|现状)?基准年(?:份)?\s*(?:为|是|：|:|定为)?\s*((?:19|20)\d{2})\s*年?"
    r"|以\s*((?:19|20)\d{2})\s*年?(?:作)?为(?:规划|现状)?基准年"
)


def stated_base_years(lines: list[str]) -> dict[int, int]:
    """The base years the text states, each with the first line (1-based) stating it."""
    out: dict[int, int] = {}
    for n, line in enumerate(lines, 1):
        if "基准年" not in line:
            continue
        for m in _STATED.finditer(ascii_digits(clean_text(line))):
            out.setdefault(int(m.group(1) or m.group(2)), n)
    return out


def date_baselines(raw: RawTable, stated: dict[int, int]) -> list[Finding]:
    """The undated baseline columns of a table dated by the year the text states (in place)."""
    undated = [c for c in raw.columns if c.role == "baseline" and c.year is None]
    if not undated or not any(r.kind == "data" for r in raw.rows):
        return []
    where = raw.caption_line or raw.header_line
    headers = "、".join(f"“{c.header}”" for c in undated)
    if len(stated) == 1:
        ((year, line),) = stated.items()
        for c in undated:
            c.year = year
        return [
            Finding(
                slug="baseline-year-from-text",
                message=f"表头{headers}未注明年份，表下也没有年份说明；按正文第{line}行所述基准年取为{year}年。",
                severity="info",
                line=where,
                data={"year": year, "stated_line": line},
            )
        ]
    why = (
        "正文所述基准年不一致（" + "、".join(f"第{n}行{y}年" for y, n in sorted(stated.items())) + "）"
        if stated
        else "正文也没有说明基准年"
    )
    return [
        Finding(
            slug="baseline-year-unknown",
            message=f"表头{headers}未注明年份，表下没有年份说明，{why}；现状值的年份未知，请在表头注明（如“现状值（2020年）”）。",
            line=where,
            data={"years": sorted(stated)},
        )
    ]
