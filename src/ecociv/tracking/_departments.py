"""The department view: what each unit leads (牵头) or assists (配合), and how it stands."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecociv.tracking._register import Register, TaskRow
from ecociv.tracking._status import STATUSES

__all__ = ["UnitView", "department_view"]


@dataclass
class UnitView:
    name: str  # standard name
    placeholder: bool
    written_as: list[str] = field(default_factory=list)  # other spellings met in the plan
    leads: list[TaskRow] = field(default_factory=list)
    assists: list[TaskRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Tasks led or assisted, by status shown."""
        out = dict.fromkeys(STATUSES, 0)
        for t in self.leads + self.assists:
            out[t.standing.status] += 1
        return out

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.leads + self.assists if t.standing.overdue)


def department_view(reg: Register) -> list[UnitView]:
    """One entry per distinct unit (after alias normalisation), most tasks led first."""
    views: dict[str, UnitView] = {}
    for row in reg.tasks:
        for written in row.task.units:
            name = reg.aliases.canonical(written)
            v = views.setdefault(name, UnitView(name, reg.aliases.is_placeholder(name)))
            if written != name and written not in v.written_as:
                v.written_as.append(written)
        if row.lead:
            views[row.lead].leads.append(row)
        for a in row.assists:
            views[a].assists.append(row)
    return sorted(
        views.values(), key=lambda v: (v.placeholder, -len(v.leads), -len(v.assists), v.name)
    )
