"""The items a round covers and who reports on them: tasks, their quantified targets, key projects
and indicators, each with its units (责任单位, standard names after the alias table, lead first)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ecociv.errors import NotFoundError
from ecociv.model import Indicator
from ecociv.store import Store
from ecociv.tracking import AliasTable, load_register

__all__ = ["KINDS", "KIND_NAMES", "Item", "PlanItems", "plan_items"]

#: the kinds of item a round may cover, in display order
KINDS = ("task", "quantity", "project", "indicator")
KIND_NAMES = {"task": "任务", "quantity": "量化目标", "project": "重点工程", "indicator": "指标"}

#: indicator-table columns that name the responsible units (责任单位 / 牵头单位 / 责任部门 …)
_UNIT_COLUMN = re.compile(r"责任|牵头|负责|配合")
_SPLIT = re.compile(r"[、，,；;/／\s]+|(?:牵头|配合)[：:]?")


@dataclass
class Item:
    """One thing units report on.  ``ref``: T3 (task), T3.1 (its quantified target), P2 (project),
    I0/3 (indicator ``0/3``)."""

    ref: str
    kind: str
    title: str
    units: list[str] = field(default_factory=list)  # lead first; placeholders (各乡镇 …) excluded
    target: str | None = None  # 建成充电桩1510根
    target_value: float | None = None
    target_unit: str | None = None
    investment_wan_yuan: float | None = None  # planned, for projects
    deadline: dt.date | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def lead(self) -> str | None:
        return self.units[0] if self.units else None


@dataclass
class PlanItems:
    plan_id: int
    title: str
    region: str
    aliases: AliasTable
    items: list[Item]

    def get(self, ref: str) -> Item:
        for it in self.items:
            if it.ref == ref:
                return it
        raise NotFoundError(f"规划“{self.title}”中没有编号为“{ref}”的调度事项（如 T3、T3.1、P2、I0/3）")

    def for_unit(self, unit: str) -> list[Item]:
        name = self.aliases.canonical(unit)
        return [it for it in self.items if name in it.units]

    def units(self) -> list[str]:
        """Every unit that reports on some item, most items first."""
        counts: dict[str, int] = {}
        for it in self.items:
            for u in it.units:
                counts[u] = counts.get(u, 0) + 1
        return sorted(counts, key=lambda u: (-counts[u], u))


def _real(table: AliasTable, names: list[str]) -> list[str]:
    return [n for n in table.normalize(names) if not table.is_placeholder(n)]


def _indicator_units(ind: Indicator, table: AliasTable) -> list[str]:
    """The indicator's lead unit (牵头单位/责任单位 column), then units other such columns name."""
    names: list[str] = [p for p in _SPLIT.split(ind.lead_unit or "") if p]
    for header, value in ind.extra.items():
        if _UNIT_COLUMN.search(header) and value:
            names += [p for p in _SPLIT.split(value) if p]
    return _real(table, names)


def plan_items(store: Store, plan_ref: int | str, *, as_of: dt.date | None = None) -> PlanItems:
    """Every reportable item of a stored plan with its units."""
    reg = load_register(store, plan_ref, as_of=as_of)
    table = reg.aliases
    out: list[Item] = []
    for t in reg.tasks:
        units = _real(table, t.units)
        title = t.task.title or t.task.text[:60]
        out.append(Item(t.ref, "task", title, units, deadline=t.deadline))
        for q in t.quantities:
            qt = q.quantity
            out.append(
                Item(q.ref, "quantity", f"{title}：{qt.text}", list(units), target=qt.text,
                     target_value=qt.value, target_unit=qt.unit, deadline=qt.deadline)
            )
    for p in reg.projects:
        pr = p.project
        out.append(
            Item(p.ref, "project", pr.name, _real(table, pr.responsible),
                 investment_wan_yuan=pr.investment_wan_yuan, deadline=p.deadline)
        )
    plan = store.get_plan(reg.plan_id)
    for key, ind in plan.indicators():
        units = _indicator_units(ind, table)
        if units:
            label = f"{ind.name}（{ind.unit}）" if ind.unit else ind.name
            out.append(Item(f"I{key}", "indicator", label, units))
    return PlanItems(reg.plan_id, reg.title, reg.region, table, out)
