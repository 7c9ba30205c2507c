"""One judgement of ``ecociv eval`` (without Typer): the checks of its options and the line it
prints.  The Typer command (:mod:`ecociv.cli._standards`) and the fast dispatch
(:mod:`ecociv.cli._fast`) both call :func:`eval_line`, so that they print the same text."""

from __future__ import annotations

import json
from typing import Any

from ecociv.errors import InputError
from ecociv.model import TERRAINS

_DIRECTIONS = ("higher", "lower")


def _direction_problem(direction: str | None) -> str | None:
    if direction is not None and direction not in _DIRECTIONS:
        return f"方向“{direction}”无效，应为 higher（越高越好）或 lower（越低越好）"
    return None


def _terrain_problem(terrain: str | None) -> str | None:
    if terrain is not None and terrain not in TERRAINS and terrain not in ("丘陵地区", "平原区"):
        return f"地形“{terrain}”无效，应为 {'、'.join(TERRAINS)} 之一"
    return None


def _check_direction(direction: str | None, where: str) -> None:
    if (problem := _direction_problem(direction)) is not None:
        raise InputError(f"{where}：{problem}")


def _check_terrain(terrain: str | None, where: str) -> None:
    if (problem := _terrain_problem(terrain)) is not None:
        raise InputError(f"{where}：{problem}")


def _citation(name: str | None, standard: str | None) -> str | None:
    """The catalog a judgement's standard comes from, when the named indicator's catalog value
    is this standard."""
    if not name:
        return None
    from ecociv.standards import catalog_citation

    return catalog_citation(name, standard)


def _cited(d: dict[str, Any], cite: str | None) -> dict[str, Any]:
    """The judgement's data with its :func:`_citation` (if any)."""
    if cite:
        d["reason"] = f"{d['reason']}（{cite}）"
        d["source"] = cite.removeprefix("依据：")
    return d


def eval_line(
    standard: str | None,
    value: str | None,
    *,
    baseline: str | None = None,
    direction: str | None = None,
    name: str | None = None,
    unit: str | None = None,
    terrain: str | None = None,
    higher_level: float | None = None,
    confirmed: bool | None = None,
    as_json: bool = False,
) -> str:
    """The line ``ecociv eval STANDARD VALUE …`` prints (without its newline)."""
    if standard is None:
        raise InputError("请给出指标值，例如：ecociv eval '≥20' 24.5；或用 --batch 文件批量判断")
    _check_direction(direction, "--direction")
    _check_terrain(terrain, "--terrain")
    from ecociv.standards import evaluate

    j = evaluate(
        standard,
        value,
        baseline=baseline,
        direction=direction,
        name=name,
        unit=unit,
        higher_level=higher_level,
        terrain=terrain,
        confirmed=confirmed,
    )
    d = _cited(j.to_dict(), _citation(name, standard))
    if as_json:
        return json.dumps(d, ensure_ascii=False)
    return f"{j.label}：{d['reason']}"
