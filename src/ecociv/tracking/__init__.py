"""Tasks, departments and key projects: the register a bureau follows up.

* units & aliases: :class:`AliasTable` (shipped defaults + the user's entries in the store),
  :func:`suggest_aliases`;
* follow-up: :func:`record_progress` (未启动 / 推进中 / 已完成 / 滞后, dated notes, evidence),
  :func:`load_register` (status and overdue as of a date), :func:`department_view`;
* the 任务分解表: :func:`export_task_table`.
"""

from __future__ import annotations

from ecociv.tracking._departments import UnitView, department_view
from ecociv.tracking._export import COLUMNS, export_task_table, progress_text, quantity_text
from ecociv.tracking._json import (
    entry_to_dict,
    project_row_to_dict,
    projects_to_dict,
    suggestion_to_dict,
    task_row_to_dict,
    unit_view_to_dict,
)
from ecociv.tracking._register import (
    ProjectRow,
    QuantityRow,
    Register,
    TaskRow,
    load_register,
    record_progress,
)
from ecociv.tracking._status import (
    DONE,
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    STATUSES,
    ProgressEntry,
    Standing,
    check_status,
    parse_date,
    standing,
)
from ecociv.tracking._units import AliasSuggestion, AliasTable, default_alias_table, suggest_aliases
from ecociv.tracking._units_store import add_alias, load_alias_table, remove_alias, stored_unit_names

__all__ = [
    "COLUMNS",
    "DONE",
    "IN_PROGRESS",
    "LATE",
    "NOT_STARTED",
    "STATUSES",
    "AliasSuggestion",
    "AliasTable",
    "ProgressEntry",
    "ProjectRow",
    "QuantityRow",
    "Register",
    "Standing",
    "TaskRow",
    "UnitView",
    "add_alias",
    "check_status",
    "default_alias_table",
    "department_view",
    "entry_to_dict",
    "export_task_table",
    "load_alias_table",
    "load_register",
    "parse_date",
    "progress_text",
    "project_row_to_dict",
    "projects_to_dict",
    "quantity_text",
    "record_progress",
    "remove_alias",
    "standing",
    "stored_unit_names",
    "suggest_aliases",
    "suggestion_to_dict",
    "task_row_to_dict",
    "unit_view_to_dict",
]
