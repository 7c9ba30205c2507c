"""The 指标值 grammar: parse every standard/target/baseline cell, judge 达标, know the catalogs.

Public API::

    parse(text) -> Expr                  # never raises; unknown text -> Expr("unparsed")
    render(expr) -> str                  # parse(render(e)) == e
    evaluate(standard, value, *, baseline, direction, name, unit, higher_level, terrain,
             confirmed) -> Judgement     # status met|not_met|needs_review|no_data
    Evaluator(standard, *, direction, name, …)(value, baseline)  # the same, prepared once
    infer_direction(name, unit) -> "higher" | "lower" | None
    parse_number(text) -> float | None   # the one number a baseline/actual cell states
    list_catalogs(), load_catalog(id), match_indicator(name, catalog_id=None), plan_skeleton(...),
    link_plan(plan, catalog_id=None) -> int   # set Indicator.catalog_id across a plan

For progress: ``expr.numeric_threshold`` is a target's number, ``expr.comparison(direction)``
the operator to use against it (``>=``/``>``/``<=``/``<``/``=``, ``between`` for ranges, None
when the target is qualitative); ``expr.is_cumulative`` marks five-year cumulative targets
([19.5]); ``expr.needs_baseline`` / ``expr.needs_higher_level`` say what else judging needs.
See :mod:`ecociv.standards._expr` for every ``kind``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecociv.standards._catalog import (
        Catalog,
        CatalogEntry,
        best_catalog,
        catalog_citation,
        link_plan,
        list_catalogs,
        load_catalog,
        match_indicator,
        normalize_name,
        plan_skeleton,
    )
    from ecociv.standards._direction import infer_direction
    from ecociv.standards._editions import (
        STRADDLE_RULES,
        Edition,
        editions,
        find_edition,
        in_force,
        load_edition_file,
        user_edition_dir,
    )
    from ecociv.standards._eval import Evaluator, evaluate
    from ecociv.standards._expr import Expr, render
    from ecociv.standards._judgement import LABELS, Judgement
    from ecociv.standards._number import numbers_in, parse_number
    from ecociv.standards._parse import parse
    from ecociv.standards._series import evaluate_series

#: public name -> the module that defines it (loaded on first use: importing a module of the
#: package, e.g. the terrain vocabulary a text import needs, does not load the catalogs and the
#: grammar)
_WHERE = {
    "Catalog": "_catalog",
    "CatalogEntry": "_catalog",
    "Edition": "_editions",
    "Evaluator": "_eval",
    "Expr": "_expr",
    "Judgement": "_judgement",
    "LABELS": "_judgement",
    "STRADDLE_RULES": "_editions",
    "best_catalog": "_catalog",
    "catalog_citation": "_catalog",
    "editions": "_editions",
    "evaluate": "_eval",
    "evaluate_series": "_series",
    "find_edition": "_editions",
    "in_force": "_editions",
    "infer_direction": "_direction",
    "link_plan": "_catalog",
    "list_catalogs": "_catalog",
    "load_catalog": "_catalog",
    "load_edition_file": "_editions",
    "match_indicator": "_catalog",
    "normalize_name": "_catalog",
    "numbers_in": "_number",
    "parse": "_parse",
    "parse_number": "_number",
    "plan_skeleton": "_catalog",
    "render": "_expr",
    "user_edition_dir": "_editions",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f"ecociv.standards.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ecociv.standards' has no attribute {name!r}")


__all__ = [
    "LABELS",
    "STRADDLE_RULES",
    "Catalog",
    "CatalogEntry",
    "Edition",
    "Evaluator",
    "Expr",
    "Judgement",
    "best_catalog",
    "catalog_citation",
    "editions",
    "evaluate",
    "evaluate_series",
    "find_edition",
    "in_force",
    "infer_direction",
    "link_plan",
    "list_catalogs",
    "load_catalog",
    "load_edition_file",
    "match_indicator",
    "normalize_name",
    "numbers_in",
    "parse",
    "parse_number",
    "plan_skeleton",
    "render",
    "user_edition_dir",
]
