"""The dispatch-and-review cycle (调度 / 销号 / 考评) between the office and the responsible units.

* accounts: :func:`add_user_unit` links an account to 责任单位; :func:`actor` is who acts;
* items: :func:`plan_items` — tasks (T3), quantified targets (T3.1), projects (P2), indicators (I0/3);
* rounds: :func:`open_round`, :func:`list_rounds`, :func:`close_round`;
* reports: :func:`save_report` (draft / submit), :func:`review_report` (approve / return),
  :func:`report_history`, evidence :func:`add_evidence` / :func:`open_evidence`;
* 销号: :func:`close_item`, :func:`reopen_item`;
* chasing: :func:`round_status`, :func:`unit_todo`; exports :func:`round_docx`, :func:`round_xlsx`,
  :func:`missing_csv`;
* 考评: :func:`set_rule`, :func:`score_plan`, :func:`score_regions`.
"""

from __future__ import annotations

from ecociv.workflow._access import Actor, actor, add_user_unit, remove_user_unit, units_of
from ecociv.workflow._closing import Closure, close_item, plan_closures, reopen_item
from ecociv.workflow._evidence import (
    MAX_EVIDENCE_BYTES,
    TYPES,
    Evidence,
    add_evidence,
    evidence_of,
    open_evidence,
)
from ecociv.workflow._export import missing_csv, round_docx, round_xlsx, safe_text
from ecociv.workflow._items import KIND_NAMES, KINDS, Item, PlanItems, plan_items
from ecociv.workflow._json import (
    assignment_to_dict,
    event_to_dict,
    report_to_dict,
    round_to_dict,
    score_to_dict,
    status_to_dict,
)
from ecociv.workflow._reports import (
    STATES,
    Event,
    Report,
    ReportInput,
    get_report,
    report_history,
    review_report,
    round_reports_of,
    save_report,
    submit_report,
)
from ecociv.workflow._rounds import ROUND_KINDS, Round, close_round, get_round, list_rounds, open_round
from ecociv.workflow._scoring import PARTS, Part, Score, get_rule, score_plan, score_regions, set_rule
from ecociv.workflow._status import SHOWN, Assignment, RoundStatus, UnitStatus, round_status, unit_todo

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "MAX_EVIDENCE_BYTES",
    "PARTS",
    "ROUND_KINDS",
    "SHOWN",
    "STATES",
    "TYPES",
    "Actor",
    "Assignment",
    "Closure",
    "Event",
    "Evidence",
    "Item",
    "Part",
    "PlanItems",
    "Report",
    "ReportInput",
    "Round",
    "RoundStatus",
    "Score",
    "UnitStatus",
    "actor",
    "add_evidence",
    "add_user_unit",
    "assignment_to_dict",
    "close_item",
    "close_round",
    "event_to_dict",
    "evidence_of",
    "get_report",
    "get_round",
    "get_rule",
    "list_rounds",
    "missing_csv",
    "open_evidence",
    "open_round",
    "plan_closures",
    "plan_items",
    "remove_user_unit",
    "reopen_item",
    "report_history",
    "report_to_dict",
    "review_report",
    "round_docx",
    "round_reports_of",
    "round_status",
    "round_to_dict",
    "round_xlsx",
    "safe_text",
    "save_report",
    "score_plan",
    "score_regions",
    "score_to_dict",
    "set_rule",
    "status_to_dict",
    "submit_report",
    "unit_todo",
    "units_of",
]
