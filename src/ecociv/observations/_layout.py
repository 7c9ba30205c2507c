"""What the fill-in workbook looks like: its columns and which indicators take numbers."""

from __future__ import annotations

import re

from ecociv.model import Indicator, Plan

SHEET = "指标数据"
KEY = "指标键"
NAME = "指标名称"
UNIT = "单位"
SOURCE = "数据来源（填报单位）"
NOTE = "备注"
#: Columns before the year columns, in order.
FIXED = [KEY, "领域", "序号", NAME, UNIT, "指标值", "指标属性", "基准值"]
YEAR_HEADER = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*(?:数据|实际值|值)?\s*$")
_NO_UNIT = {"", "—", "-", "－", "/", "／", "——"}
_NUMBER = re.compile(r"^[-+−]?\d+(?:\.\d+)?$")


def display_name(parent: Indicator | None, ind: Indicator) -> str:
    return f"{parent.name} / {ind.name}" if parent is not None else ind.name


def rows(plan: Plan) -> list[tuple[str, Indicator, str, Indicator]]:
    """(key, indicator, display name, table row) for every indicator and sub-indicator of the
    plan's indicator systems (a completion table of the previous period takes no new figures)."""
    out: list[tuple[str, Indicator, str, Indicator]] = []
    parents: dict[str, Indicator] = {}
    completion = {str(t) for t, table in enumerate(plan.indicator_tables) if table.kind == "completion"}
    for key, ind in plan.indicators():
        if key.split("/")[0] in completion:
            continue
        parent_key = key.rsplit("/", 1)[0] if key.count("/") >= 2 else None
        parent = parents.get(parent_key) if parent_key else None
        top = parents.get("/".join(key.split("/")[:2]), ind)
        parents[key] = ind
        out.append((key, ind, display_name(parent, ind), top))
    return out


def has_unit(ind: Indicator) -> bool:
    return (ind.unit or "").strip() not in _NO_UNIT


def is_percent(ind: Indicator) -> bool:
    return (ind.unit or "").strip() in ("%", "％")


def expects_number(ind: Indicator) -> bool:
    """Whether yearly figures of this indicator are numbers (else a text such as 达标/已建立)."""
    if has_unit(ind):
        return True
    base = (ind.baseline.value if ind.baseline else None) or ""
    return bool(_NUMBER.match(base.strip().replace("−", "-")))


def signed_percent(ind: Indicator) -> bool:
    """A percentage change (下降幅度, 提高幅度 …) may be negative."""
    return bool(re.search(r"幅度|降低|下降|提高|增长|增加|减少|变化|降幅|增幅", ind.name))


def plan_years(plan: Plan) -> tuple[int, int]:
    """First and last year a figure is expected for: base year .. end of period (or last target)."""
    years = [y for _, ind, _, _ in rows(plan) for y in ind.targets]
    start = plan.base_year or (plan.period[0] - 1 if plan.period else min(years, default=2020))
    end = plan.period[1] if plan.period else max(years, default=start + 5)
    return start, max(end, start)
