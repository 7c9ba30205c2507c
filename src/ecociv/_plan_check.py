"""Checks of an ``ecociv.plan/1`` document before it becomes a :class:`ecociv.model.Plan`: types and
ranges of every field, each problem in Chinese naming the field (``indicator_tables[0].rows[3].targets``).

The JSON schema (``plan.schema.json``) says what the fields are; this is what a reader needs to
trust them: a year is an integer in range, a period runs forward, a number is finite.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ecociv.model import number_problem, year_problem

_TEXT = (str, type(None))
_CELL = (str, int, float, type(None))  # cells kept as written may be numbers in hand-made JSON


def _plain(value: Any) -> bool:
    """Text or null: fine wherever text or a cell is expected (checked without building the
    field's path: a plan has tens of thousands of such fields)."""
    return value is None or type(value) is str


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def say(self, path: str, message: str) -> None:
        self.problems.append(f"{path}：{message}")

    def kind(self, value: Any, path: str, types: tuple[type, ...], expected: str) -> bool:
        if isinstance(value, bool) or not isinstance(value, types):
            self.say(path, f"应为{expected}，却是 {_show(value)}")
            return False
        if isinstance(value, float) and not math.isfinite(value):
            self.say(path, "不能是无穷大或 NaN")
            return False
        return True

    def text(self, obj: dict[str, Any], key: str, path: str, required: bool = False) -> None:
        value = obj.get(key)
        if required and key not in obj:
            self.say(f"{path}.{key}", f"缺少字段 {key}")
        elif required and (not isinstance(value, str) or not value.strip()):
            self.say(f"{path}.{key}", f"不能为空，应为文字，却是 {_show(value)}")
        elif not required and not _plain(value):
            self.kind(value, f"{path}.{key}", _TEXT, "文字或 null")

    def year(self, value: Any, path: str, optional: bool = True) -> None:
        if value is None and optional:
            return
        if (p := year_problem(value)) is not None:
            self.say(path, p)

    def number(self, value: Any, path: str) -> None:
        if (p := number_problem(value)) is not None:
            self.say(path, p)

    def items(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        value = obj.get(key)
        if value is None or (type(value) is list and not value):
            return []
        if not self.kind(value, f"{path}.{key}" if path else key, (list,), "列表"):
            return []
        out = []
        for i, item in enumerate(value):
            where = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
            if self.kind(item, where, (dict,), "对象"):
                out.append((where, item))
        return out

    def strings(self, obj: dict[str, Any], key: str, path: str) -> None:
        value = obj.get(key)
        if value is None or (type(value) is list and all(type(v) is str for v in value)):
            return
        if not self.kind(value, f"{path}.{key}", (list,), "文字列表"):
            return
        for i, v in enumerate(value):
            self.kind(v, f"{path}.{key}[{i}]", (str,), "文字")

    def date(self, value: Any, path: str) -> None:
        if value in (None, ""):
            return
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.say(path, f"应为日期 YYYY-MM-DD，却是 {_show(value)}")

    def quantities(self, obj: dict[str, Any], path: str) -> None:
        for where, q in self.items(obj, "quantities", path):
            self.text(q, "text", where, required=True)
            if q.get("value") is None:
                self.say(f"{where}.value", "缺少数值")
            else:
                self.number(q.get("value"), f"{where}.value")
            self.date(q.get("deadline"), f"{where}.deadline")

    def indicator(self, ind: dict[str, Any], path: str, depth: int = 0) -> None:
        self.text(ind, "name", path, required=True)
        for key in ("domain", "seq", "unit", "standard", "status", "attribute", "direction", "catalog_id"):
            if not _plain(value := ind.get(key)):
                self.kind(value, f"{path}.{key}", _CELL, "文字或 null")
        b = ind.get("baseline")
        if b is not None and self.kind(b, f"{path}.baseline", (dict,), "对象或 null"):
            self.year(b.get("year"), f"{path}.baseline.year")
            if not _plain(value := b.get("value")):
                self.kind(value, f"{path}.baseline.value", _CELL, "文字或 null")
        for key in ("targets", "actual"):
            cells = ind.get(key)
            if cells is None or not self.kind(cells, f"{path}.{key}", (dict,), "以年份为键的对象"):
                continue
            for y, v in cells.items():
                year = int(y) if isinstance(y, str) and y.strip().isdigit() else y
                if (problem := year_problem(year)) is not None:
                    self.say(f"{path}.{key} 的键“{y}”", problem)
                if not _plain(v):
                    self.kind(v, f"{path}.{key}[{y}]", _CELL, "文字或 null")
        if ind.get("extra") is not None:
            self.kind(ind.get("extra"), f"{path}.extra", (dict,), "对象")
        if depth < 3:
            for where, sub in self.items(ind, "sub_indicators", path):
                self.indicator(sub, where, depth + 1)
        elif ind.get("sub_indicators"):
            self.say(f"{path}.sub_indicators", "子项嵌套过深（最多三层）")


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"文字“{value[:30]}”"
    if isinstance(value, int | float):
        return f"数字 {value}"
    return "列表" if isinstance(value, list) else "对象" if isinstance(value, dict) else type(value).__name__


def plan_dict_problems(d: Any) -> list[str]:
    """Every problem of an ``ecociv.plan/1`` document (empty when it can be read)."""
    c = _Checker()
    if not isinstance(d, dict):
        return [f"文档应为 JSON 对象，却是 {_show(d)}"]
    p = d.get("plan")
    if not isinstance(p, dict):
        return [f"plan：应为对象，却是 {_show(p)}"]
    c.text(p, "title", "plan", required=True)
    c.text(p, "region", "plan", required=True)
    for key in ("kind", "source_file", "encoding"):
        c.text(p, key, "plan")
    c.year(p.get("base_year"), "plan.base_year")
    period = p.get("period")
    if period is not None and c.kind(period, "plan.period", (list,), "两个年份的列表 [起, 止]"):
        if len(period) != 2:
            c.say("plan.period", f"应为两个年份 [起, 止]，却有 {len(period)} 项")
        else:
            c.year(period[0], "plan.period[0]", optional=False)
            c.year(period[1], "plan.period[1]", optional=False)
            if all(year_problem(y) is None for y in period) and period[0] > period[1]:
                c.say("plan.period", f"起始年 {period[0]} 晚于结束年 {period[1]}")
    stages = p.get("stage_years")
    if stages is not None and c.kind(stages, "plan.stage_years", (list,), "年份列表"):
        for i, y in enumerate(stages):
            c.year(y, f"plan.stage_years[{i}]", optional=False)
    ri = p.get("region_info")
    if ri is not None and c.kind(ri, "plan.region_info", (dict,), "对象或 null"):
        unknown = set(ri) - {"name", "level", "parent", "code", "terrain"}
        if unknown:
            c.say("plan.region_info", f"有不认识的字段 {'、'.join(sorted(map(str, unknown))[:5])}")
        c.text(ri, "name", "plan.region_info", required=True)
        for key in ("level", "parent", "code", "terrain"):
            c.text(ri, key, "plan.region_info")
    for where, t in c.items(d, "indicator_tables", ""):
        c.text(t, "title", where, required=True)
        c.text(t, "kind", where)
        c.strings(t, "columns", where)
        for row_where, row in c.items(t, "rows", where):
            c.indicator(row, row_where)
    for where, t in c.items(d, "tasks", ""):
        c.text(t, "text", where, required=True)
        c.strings(t, "units", where)
        c.strings(t, "placeholders", where)
        c.date(t.get("deadline"), f"{where}.deadline")
        c.quantities(t, where)
    for where, pr in c.items(d, "projects", ""):
        c.text(pr, "name", where, required=True)
        c.number(pr.get("investment_wan_yuan"), f"{where}.investment_wan_yuan")
        c.strings(pr, "responsible", where)
        c.quantities(pr, where)
    for where, w in c.items(d, "warnings", ""):
        c.text(w, "message", where, required=True)
    return c.problems
