"""Assessment of a plan for a year: 达标情况 against the standard and the next stage target, and
progress / reachability to every stage year.

:func:`assess_plan` works on plain data (a :class:`Plan` and a list of :class:`Observation`), so
the CLI, the web app and reports share it; the CLI loads both from the store.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import Any

from ecociv.assess._lint import lint_plan, written_status
from ecociv.assess._progress import (
    PERCENT_LIMIT,
    PROGRESS_LABELS,
    Progress,
    progress_to_target,
    progress_without_target,
)
from ecociv.model import Finding, Indicator, Observation, Plan

STATUS_LABELS = {"met": "达标", "not_met": "未达标", "needs_review": "待核定", "no_data": "无数据"}
_PROGRESS_KINDS = frozenset({"compare", "number", "approx"})
_CONFIRM_YES = ("已达标", "达标", "已完成", "完成", "已核定", "已落实", "已建立", "已实施", "是")
_CONFIRM_NO = ("未达标", "不达标", "未完成", "未落实", "未建立", "否")


@dataclass
class Judgement:
    """A status against one standard or target text."""

    status: str  # met | not_met | needs_review | no_data
    label: str
    reason: str
    against: str | None = None  # the standard or target as written
    year: int | None = None  # for a target: its stage year


@dataclass
class IndicatorAssessment:
    key: str
    name: str
    table: str
    seq: str | None
    domain: str | None
    attribute: str | None
    unit: str | None
    level: int  # 0 for a table row, 1+ for sub-indicators
    binding: bool  # 约束性
    direction: str | None
    year: int | None  # year of the value judged
    value: float | None
    text: str | None
    standard: Judgement
    target: Judgement | None  # against the next stage target
    progress: list[Progress] = field(default_factory=list)
    written_status: str | None = None  # 达标情况 as the plan states it
    agrees_with_plan: bool | None = None


@dataclass
class Assessment:
    plan: str
    region: str
    year: int | None
    indicators: list[IndicatorAssessment]
    #: over table rows (level 0): {"total", "met", "not_met", "needs_review", "no_data"}
    counts: dict[str, int]
    by_domain: dict[str, dict[str, int]]
    by_attribute: dict[str, dict[str, int]]
    #: per indicator table (a plan may hold a provincial and a national system)
    by_table: dict[str, dict[str, int]]
    #: binding (约束性) indicators not met, keys, listed first in ``indicators``
    binding_not_met: list[str]
    findings: list[Finding] = field(default_factory=list)

    def rows(self) -> list[IndicatorAssessment]:
        """Table rows only (sub-indicators folded into their row)."""
        return [i for i in self.indicators if i.level == 0]


def _std() -> Any:
    import ecociv.standards as standards

    return standards


def _confirmation(obs: Observation | None) -> bool | None:
    if obs is None:
        return None
    for text in (obs.text, obs.note):
        t = (text or "").replace(" ", "")
        if not t:
            continue
        if any(w == t or t.startswith(w) for w in _CONFIRM_NO):
            return False
        if any(w == t or t.startswith(w) for w in _CONFIRM_YES):
            return True
    return None


def _judge(
    text: str | None,
    obs: Observation | None,
    ind: Indicator,
    baseline: Observation | None,
    direction: str | None,
    terrain: str | None,
    year: int | None = None,
    points: list[tuple[int, float]] | None = None,
) -> Judgement:
    if obs is None or (obs.value is None and not obs.text):
        return Judgement("no_data", STATUS_LABELS["no_data"], "无该年数据", text, year)
    if text is None or not text.strip():
        return Judgement("needs_review", STATUS_LABELS["needs_review"], "未给出指标值", text, year)
    value: Any = obs.value if obs.value is not None else obs.text
    base: Any = None
    if baseline is not None and baseline.year != obs.year:  # the base year's value is its own baseline
        base = baseline.value if baseline.value is not None else baseline.text
    j = _std().evaluate(
        text,
        obs.text if obs.text and obs.value is None else value,
        baseline=base,
        direction=direction,
        name=ind.name,
        unit=ind.unit,
        terrain=terrain,
        confirmed=_confirmation(obs),
    )
    if points and obs.value is not None:  # 逐年提高, 持续改善 …: every year of the series
        yearly = _std().evaluate_series(text, [p for p in points if p[0] <= obs.year], direction=direction)
        if yearly is not None:
            j = yearly
    reason = j.reason
    cite = _std().catalog_citation(ind.name, text)
    if cite:
        reason = f"{reason}（{cite}）"
    if obs.note and "；按 " in obs.note:  # a figure computed from monitoring data names its editions
        reason = f"{reason}（监测数据按 {obs.note.split('；按 ', 1)[1]}）"
    return Judgement(j.status, j.label, reason, text, year)


def _judge_target(
    obs: Observation | None, ind: Indicator, base: Observation | None, direction: str | None, terrain: str | None, text: str
) -> Judgement:
    return _judge(text, obs, ind, base, direction, terrain)


def _standard_judgement(
    standard: str | None,
    next_target: tuple[int, str] | None,
    obs: Observation | None,
    ind: Indicator,
    base: Observation | None,
    direction: str | None,
    terrain: str | None,
    points: list[tuple[int, float]] | None = None,
) -> Judgement:
    """Against the standard value; a plan without a 指标值 column (生态环境保护规划) is judged
    against its next stage target instead, and the reason says so."""
    if (standard is None or not standard.strip(" —-－")) and next_target is not None:
        j = _judge(next_target[1], obs, ind, base, direction, terrain, points=points)
        j.reason = f"（无指标值，按{next_target[0]}年目标值）{j.reason}"
        return j
    return _judge(standard, obs, ind, base, direction, terrain, points=points)


def _direction(ind: Indicator) -> str | None:
    if ind.direction in ("higher", "lower"):
        return ind.direction
    for text in [ind.standard, *ind.targets.values()]:
        if not text:
            continue
        e = _std().parse(text)
        if e.kind == "compare" and e.op:
            return "higher" if e.op.startswith(">") else "lower"
    d = _std().infer_direction(ind.name, ind.unit)
    return d if d in ("higher", "lower") else None


def _is_percent(ind: Indicator) -> bool:
    return (ind.unit or "").strip() in ("%", "％")


def _progress_for(
    ind: Indicator,
    series: dict[int, Observation],
    year: int | None,
    direction: str | None,
    judge: Callable[[str], Judgement] | None = None,
) -> list[Progress]:
    points = sorted((y, o.value) for y, o in series.items() if o.value is not None and (year is None or y <= year))
    limit = PERCENT_LIMIT if _is_percent(ind) else None
    out: list[Progress] = []
    for t_year, text in sorted(ind.targets.items()):
        if (year is not None and t_year <= year) or not text:
            continue
        e = _std().parse(text)
        threshold = e.numeric_threshold if e.kind in _PROGRESS_KINDS else None
        comp = e.comparison(direction) if threshold is not None else None
        if threshold is not None and comp in (">=", ">", "<=", "<", "="):
            p = progress_to_target(points, threshold, comp, t_year, direction or ("lower" if comp.startswith("<") else "higher"), limit)
        elif e.kind in ("state", "invariance", "higher", "delta", "cumulative", "compound", "list", "conditional", "unparsed"):
            confirmed = _confirmation(series.get(max(series))) if series else None
            if confirmed is None and judge is not None:
                confirmed = judge(text).status == "met" or None
            if confirmed:
                p = Progress("achieved", PROGRESS_LABELS["achieved"], "qualitative", "已核定达到要求", target_year=t_year)
            else:
                p = Progress("needs_review", PROGRESS_LABELS["needs_review"], "qualitative", f"目标“{text}”为定性或上级下达要求，待核定", target_year=t_year)
        else:  # trend (巩固提升, 持续改善 …) or placeholder: growth-rate thresholds
            if direction is None:
                p = Progress("needs_review", PROGRESS_LABELS["needs_review"], "none", "无法判断指标方向，待核定", target_year=t_year)
            else:
                p = progress_without_target(points, direction, limit)
                p.target_year = t_year
        out.append(p)
    if not out and points and direction is not None and len(points) >= 2:
        out.append(progress_without_target(points, direction, limit))
    return out


def _points(series: dict[int, Observation]) -> list[tuple[int, float]]:
    return sorted((y, o.value) for y, o in series.items() if o.value is not None)


def _next_target(ind: Indicator, year: int | None) -> tuple[int, str] | None:
    future = sorted((y, t) for y, t in ind.targets.items() if t and (year is None or y >= year))
    return (future[0][0], future[0][1] or "") if future else None


def _fold(parent: IndicatorAssessment, subs: list[IndicatorAssessment]) -> None:
    """A row with no figure of its own takes the worst status of its sub-indicators."""
    if parent.standard.status != "no_data" or not subs:
        return
    statuses = [s.standard.status for s in subs if s.standard.status != "no_data"]
    if not statuses:
        return
    for worst in ("not_met", "needs_review", "met"):
        if worst in statuses:
            names = "、".join(s.name for s in subs if s.standard.status == worst)
            parent.standard = Judgement(worst, STATUS_LABELS[worst], f"按子指标：{names}{STATUS_LABELS[worst]}", parent.standard.against)
            return


BASELINE_SOURCE = "规划基准值"
_BASE_YEAR_SLUGS = frozenset({"status-contradicts-standard", "status-without-baseline", "baseline-mismatch-tables"})


def _fill_baselines(plan: Plan, by_key: dict[str, dict[int, Observation]]) -> None:
    """The plan's own 现状值 cells count as figures of their year where nothing else is recorded
    (the store keeps only numeric baselines; 已建立, ≥20, 完成上级规定的考核任务 are cells too)."""
    parse_number = _std().parse_number
    for key, ind in plan.indicators():
        b = ind.baseline
        year = (b.year or plan.base_year) if b else None
        if b is None or year is None or not b.value or not b.value.strip("—-－ "):
            continue
        series = by_key.setdefault(key, {})
        if year not in series:
            series[year] = Observation(key, year, value=parse_number(b.value), text=b.value, source=BASELINE_SOURCE)


def _count(items: list[IndicatorAssessment]) -> dict[str, int]:
    c = {"total": len(items), "met": 0, "not_met": 0, "needs_review": 0, "no_data": 0}
    for i in items:
        c[i.standard.status] = c.get(i.standard.status, 0) + 1
    return c


def default_year(plan: Plan, observations: list[Observation]) -> int | None:
    """The year :func:`assess_plan` judges when none is given: the latest year with a figure,
    else the plan's base year."""
    return max((o.year for o in observations), default=plan.base_year)


def assess_plan(plan: Plan, observations: list[Observation], year: int | None = None, *, check_plan: bool = True,
                summary: bool = False, only_rows: Collection[str] | None = None) -> Assessment:
    """Judge every indicator of ``plan`` for ``year`` (default: the latest year with data).

    ``observations`` are current values (one per key and year; a later one in the list wins).
    ``check_plan=False`` leaves out the plan's own inconsistencies about its base year (findings
    only: no judgement depends on them), for callers that need the judgements alone.
    ``summary=True`` judges against the standard only (no ``target``) and follows progress for
    binding table rows only: what a plan's summary on the home page shows.  ``only_rows``: judge only
    these table rows (keys ``table/row``, with their sub-indicators).
    """
    by_key: dict[str, dict[int, Observation]] = {}
    for o in observations:
        by_key.setdefault(o.indicator_key, {})[o.year] = o
    _fill_baselines(plan, by_key)
    if year is None:
        year = default_year(plan, observations)
    terrain = plan.region_info.terrain if plan.region_info else None
    results: list[IndicatorAssessment] = []
    findings: list[Finding] = []
    for t, table in enumerate(plan.indicator_tables):
        if table.kind != "system":
            continue
        for r, row in enumerate(table.rows):
            if only_rows is not None and f"{t}/{r}" not in only_rows:
                continue
            row_result: IndicatorAssessment | None = None
            subs: list[IndicatorAssessment] = []
            stack: list[tuple[str, Indicator, int, Indicator]] = [(f"{t}/{r}", row, 0, row)]
            while stack:
                key, own, level, top = stack.pop(0)
                stack[0:0] = [(f"{key}/{k}", s, level + 1, top) for k, s in enumerate(own.sub_indicators)]
                # a sub-indicator (中心城区, 秸秆综合利用率 …) is judged with its row's name and unit
                # as context: direction and units are inferred from them
                ind = own if level == 0 else replace(own, name=f"{top.name} {own.name}", unit=own.unit or top.unit)
                series = by_key.get(key, {})
                obs = series.get(year) if year is not None else None
                base_obs = series.get(plan.base_year) if plan.base_year is not None else None
                direction = _direction(ind)
                standard_text = ind.standard if ind.standard is not None or level == 0 else top.standard
                nt = _next_target(ind, year)
                binding = "约束" in (own.attribute or top.attribute or "")
                res = IndicatorAssessment(
                    key=key,
                    name=own.name,
                    table=table.title,
                    seq=own.seq if level == 0 else top.seq,
                    domain=own.domain or top.domain,
                    attribute=own.attribute or top.attribute,
                    unit=ind.unit,
                    level=level,
                    binding=binding,
                    direction=direction,
                    year=year if obs else None,
                    value=obs.value if obs else None,
                    text=obs.text if obs else None,
                    standard=_standard_judgement(standard_text, nt, obs, ind, base_obs, direction, terrain, _points(series)),
                    target=_judge(nt[1], obs, ind, base_obs, direction, terrain, nt[0]) if nt and not summary else None,
                    progress=_progress_for(
                        ind,
                        series,
                        year,
                        direction,
                        partial(_judge_target, obs, ind, base_obs, direction, terrain),
                    ) if not summary or (binding and level == 0) else [],
                    written_status=ind.status,
                )
                if level == 0:
                    row_result = res
                else:
                    subs.append(res)
                results.append(res)
            assert row_result is not None
            _fold(row_result, [s for s in subs if s.level == 1])
            res, ind = row_result, row
            claimed = written_status(ind)
            if claimed is not None and year == plan.base_year and res.standard.status in ("met", "not_met"):
                res.agrees_with_plan = claimed == (res.standard.status == "met")
                if not res.agrees_with_plan:
                    findings.append(
                        Finding(
                            slug="status-differs-from-plan",
                            message=f"{table.title}“{ind.name}”规划写“{ind.status}”，按指标值{ind.standard}与{year}年数据判为{res.standard.label}（{res.standard.reason}）",
                            severity="warning",
                            line=ind.source_line,
                            file=plan.source_file,
                            data={"key": res.key, "written": ind.status, "computed": res.standard.status},
                        )
                    )
    if check_plan and year is not None and year == plan.base_year:
        # the plan's own inconsistencies about its base year (tables only, no prose needed)
        findings.extend(f for f in lint_plan(plan, []) if f.slug in _BASE_YEAR_SLUGS)
    rows = [i for i in results if i.level == 0]
    by_domain: dict[str, dict[str, int]] = {}
    by_attr: dict[str, dict[str, int]] = {}
    by_table: dict[str, dict[str, int]] = {}
    for bucket, attr in ((by_domain, "domain"), (by_attr, "attribute"), (by_table, "table")):
        groups: dict[str, list[IndicatorAssessment]] = {}
        for i in rows:
            groups.setdefault((getattr(i, attr) or "未分类").replace(" ", ""), []).append(i)
        for g, items in groups.items():
            bucket[g] = _count(items)
    binding_not_met = [i.key for i in rows if i.binding and i.standard.status == "not_met"]
    first = set(binding_not_met)
    ordered = [i for i in results if i.key.split("/")[0] + "/" + i.key.split("/")[1] in first]
    ordered += [i for i in results if i.key.split("/")[0] + "/" + i.key.split("/")[1] not in first]
    return Assessment(
        plan=plan.title,
        region=plan.region,
        year=year,
        indicators=ordered,
        counts=_count(rows),
        by_domain=by_domain,
        by_attribute=by_attr,
        by_table=by_table,
        binding_not_met=binding_not_met,
        findings=findings,
    )


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    """Plain JSON-ready dict of an assessment (what ``ecociv assess --json`` prints)."""
    return {"schema": "ecociv.assessment/1", **_clean(asdict(a))}
