"""The rows and sentences of each report section, derived from plan, assessment and register."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ecociv.assess import Assessment, IndicatorAssessment
from ecociv.model import Finding, Indicator, Observation, Plan
from ecociv.reports._chart_options import reference_lines
from ecociv.tracking import Register, TaskRow, department_view

STATUS_ORDER = ("met", "not_met", "needs_review", "no_data")


@dataclass
class CountRow:
    """Counts of indicator rows by status within one group (领域, 属性, 指标表)."""

    group: str
    total: int = 0
    met: int = 0
    not_met: int = 0
    needs_review: int = 0
    no_data: int = 0

    def get(self, status: str) -> int:
        return int(getattr(self, status))


@dataclass
class IndicatorRow:
    key: str
    level: int
    domain: str
    seq: str
    name: str
    unit: str
    standard: str
    latest: str  # value as shown, e.g. "65.3" or "58.1（2023年）" when older than the report year
    status: str  # met | not_met | needs_review | no_data
    status_label: str
    reason: str
    targets: list[str]  # one per stage year
    progress: str
    attribute: str
    binding: bool


@dataclass
class IndicatorBlock:
    title: str
    rows: list[IndicatorRow]


@dataclass
class TrendSeries:
    key: str
    name: str
    unit: str
    status: str
    points: list[tuple[int, float]]
    targets: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class DepartmentRow:
    name: str
    leads: int
    assists: int
    counts: dict[str, int]
    overdue: int
    placeholder: bool


@dataclass
class TaskItem:
    ref: str
    title: str
    lead: str
    assists: str
    deadline: str
    status: str
    overdue: bool
    note: str


@dataclass
class ProjectColumnRow:
    column: str
    projects: int
    with_investment: int
    investment: float


@dataclass
class ProjectItem:
    ref: str
    name: str
    column: str
    content: str
    investment: float | None
    period: str
    responsible: str
    status: str


@dataclass
class ProblemItem:
    kind: str  # 约束性指标未达标, 指标未达标, 待核定, 无数据, 任务逾期, 规划文本问题 …
    text: str
    slug: str | None = None


def number_text(v: float) -> str:
    """A figure as a bureau writes it: no trailing zeros, no exponent, six significant digits
    (all digits before the decimal point are kept: 1234567.5 万元 stays whole)."""
    if not math.isfinite(v):
        return "—"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    text = f"{v:.6g}"
    if "e" in text:
        text = f"{v:.{4 if abs(v) >= 1 else 12}f}".rstrip("0").rstrip(".")
    return text


def _group_name(name: str) -> str:
    """Conversion damage splits names (生态 经济); groups whose names differ only so are one."""
    return re.sub(r"\s+", "", name) or "未分类"


def count_rows(groups: dict[str, dict[str, int]]) -> list[CountRow]:
    out: dict[str, CountRow] = {}
    for name, counts in groups.items():
        row = out.setdefault(_group_name(name), CountRow(_group_name(name)))
        row.total += counts.get("total", 0)
        for s in STATUS_ORDER:
            setattr(row, s, row.get(s) + counts.get(s, 0))
    return list(out.values())


def table_counts(a: Assessment) -> list[CountRow]:
    out: dict[str, CountRow] = {}
    for i in a.rows():
        row = out.setdefault(i.table, CountRow(i.table))
        row.total += 1
        setattr(row, i.standard.status, row.get(i.standard.status) + 1)
    return list(out.values())


def stage_years(plan: Plan) -> list[int]:
    years = set(plan.stage_years)
    for t in plan.indicator_tables:
        if t.kind == "system":
            for row in t.rows:
                for ind in row.walk():
                    years.update(y for y, v in ind.targets.items() if v)
    return sorted(years)


def binding_not_met_names(a: Assessment) -> list[str]:
    by_key = {i.key: i for i in a.rows()}
    return [by_key[k].name for k in a.binding_not_met if k in by_key]


def summary(plan: Plan, a: Assessment, binding_names: list[str]) -> list[str]:
    c = a.counts
    rows = a.rows()
    subs = len(a.indicators) - len(rows)
    year = f"{a.year}年" if a.year else ""
    if not rows:
        return [f"《{plan.title}》中未识别出指标体系表，本报告汇总重点任务和重点工程的推进情况。"]
    out = [
        f"《{plan.title}》指标体系共{c['total']}项指标" + (f"（另含子指标{subs}项）" if subs else "")
        + f"。对照指标值，{a.region}{year}达标{c['met']}项，未达标{c['not_met']}项，"
        f"待核定{c['needs_review']}项，无数据{c['no_data']}项。"
    ]
    binding = [i for i in rows if i.binding]
    if binding:
        met = sum(1 for i in binding if i.standard.status == "met")
        text = f"约束性指标{len(binding)}项，其中达标{met}项"
        if binding_names:
            text += f"，未达标{len(binding_names)}项：{'、'.join(binding_names)}，须作为重点优先推进。"
        else:
            text += "，无未达标项。"
        out.append(text)
    return out


def _latest(i: IndicatorAssessment, series: dict[int, Observation], year: int | None) -> str:
    def show(o: Observation) -> str:
        return number_text(o.value) if o.value is not None else (o.text or "")

    if year is not None and year in series:
        return show(series[year])
    earlier = [y for y in series if year is None or y < year]
    if not earlier:
        return "—"
    y = max(earlier)
    return f"{show(series[y])}（{y}年）"


def indicator_blocks(
    plan: Plan, a: Assessment, observations: list[Observation], years: list[int]
) -> list[IndicatorBlock]:
    """Per system table, its rows in the assessment's order (unmet binding indicators first)."""
    by_key: dict[str, dict[int, Observation]] = {}
    for o in observations:
        by_key.setdefault(o.indicator_key, {})[o.year] = o
    indicators: dict[str, Indicator] = dict(plan.indicators())
    blocks: dict[str, IndicatorBlock] = {}
    for i in a.indicators:
        ind = indicators.get(i.key)
        block = blocks.setdefault(i.table, IndicatorBlock(i.table, []))
        progress = "；".join(f"{p.target_year}年{p.label}" if p.target_year else p.label for p in i.progress)
        block.rows.append(
            IndicatorRow(
                key=i.key,
                level=i.level,
                domain=_group_name(i.domain or "") if i.domain else "",
                seq=i.seq or "",
                name=i.name,
                unit=i.unit or "",
                standard=i.standard.against or "",
                latest=_latest(i, by_key.get(i.key, {}), a.year),
                status=i.standard.status,
                status_label=i.standard.label,
                reason=i.standard.reason,
                targets=[(ind.targets.get(y) or "") if ind else "" for y in years],
                progress=progress,
                attribute=i.attribute or "",
                binding=i.binding,
            )
        )
    order = [t.title for t in plan.indicator_tables]
    return sorted(blocks.values(), key=lambda b: order.index(b.title) if b.title in order else len(order))


def trends(plan: Plan, a: Assessment, observations: list[Observation]) -> list[TrendSeries]:
    """Indicators with at least two numeric values up to the report year, with numeric targets."""
    by_key: dict[str, list[tuple[int, float]]] = {}
    for o in observations:
        if o.value is not None and (a.year is None or o.year <= a.year):
            by_key.setdefault(o.indicator_key, []).append((o.year, o.value))
    indicators = dict(plan.indicators())
    out: list[TrendSeries] = []
    for i in a.indicators:
        points = sorted(dict(by_key.get(i.key, [])).items())
        if len(points) < 2:
            continue
        ind = indicators.get(i.key)
        # the same reference numbers as the dashboard's and the public site's charts
        targets = [(ln.year, ln.value) for ln in (reference_lines(ind) if ind else []) if ln.year is not None]
        out.append(TrendSeries(i.key, i.name, i.unit or "", i.standard.status, points, targets))
    return out


def _task_item(t: TaskRow) -> TaskItem:
    note = t.standing.latest.note if t.standing.latest and t.standing.latest.note else ""
    title = t.task.title or t.task.text
    return TaskItem(
        ref=t.ref,
        title=title if len(title) <= 80 else title[:79] + "…",
        lead=t.lead or "",
        assists="、".join(t.assists),
        deadline=t.deadline.isoformat() if t.deadline else "",
        status=t.standing.status,
        overdue=t.standing.overdue or any(q.standing.overdue for q in t.quantities),
        note=note,
    )


def overdue_tasks(reg: Register) -> list[TaskItem]:
    return [_task_item(t) for t in reg.overdue()]


def task_items(reg: Register) -> list[TaskItem]:
    """Every task, overdue ones first, otherwise in plan order."""
    items = [_task_item(t) for t in reg.tasks]
    return sorted(items, key=lambda t: not t.overdue)


def departments(reg: Register) -> list[DepartmentRow]:
    """Units with overdue tasks first, then as the department view orders them (most led first)."""
    rows = [
        DepartmentRow(v.name, len(v.leads), len(v.assists), v.counts, v.overdue, v.placeholder)
        for v in department_view(reg)
    ]
    return sorted(rows, key=lambda r: (r.placeholder, r.overdue == 0))


def projects(plan: Plan, reg: Register | None) -> tuple[list[ProjectColumnRow], list[ProjectItem], float]:
    items: list[ProjectItem] = []
    if reg is not None:
        for r in reg.projects:
            p = r.project
            items.append(ProjectItem(r.ref, p.name, p.column or "", p.content or "", p.investment_wan_yuan,
                                     p.period or "", "、".join(p.responsible), r.standing.status))
    else:
        for k, p in enumerate(plan.projects, start=1):
            items.append(ProjectItem(f"P{k}", p.name, p.column or "", p.content or "", p.investment_wan_yuan,
                                     p.period or "", "、".join(p.responsible), ""))
    columns: dict[str, ProjectColumnRow] = {}
    for it in items:
        c = columns.setdefault(it.column, ProjectColumnRow(it.column or "（未分栏）", 0, 0, 0.0))
        c.projects += 1
        if it.investment is not None:
            c.with_investment += 1
            c.investment += it.investment
    return list(columns.values()), items, sum(c.investment for c in columns.values())


def _gap(i: IndicatorAssessment) -> str:
    value = number_text(i.value) if i.value is not None else (i.text or "无数据")
    need = f"，指标值要求{i.standard.against}" if i.standard.against else ""
    return f"现状值{value}{need}（{i.standard.reason}）"


def problems(
    a: Assessment, lint: list[Finding], overdue: list[TaskItem], reg: Register | None
) -> list[ProblemItem]:
    rows = a.rows()
    year = f"{a.year}年" if a.year else ""
    out: list[ProblemItem] = []
    for i in rows:
        if i.binding and i.standard.status == "not_met":
            out.append(ProblemItem("约束性指标未达标", f"{i.name}：{_gap(i)}"))
    for i in rows:
        if not i.binding and i.standard.status == "not_met":
            out.append(ProblemItem("指标未达标", f"{i.name}：{_gap(i)}"))
    review = [i.name for i in rows if i.standard.status == "needs_review"]
    if review:
        out.append(ProblemItem("待核定", f"{len(review)}项指标待核定：{'、'.join(review)}"))
    nodata = [i.name for i in rows if i.standard.status == "no_data"]
    if nodata:
        out.append(ProblemItem("无数据", f"{len(nodata)}项指标缺少{year}数据：{'、'.join(nodata)}"))
    if overdue:
        refs = "、".join(f"{t.ref}（{t.lead or '未明确牵头单位'}）" for t in overdue[:20])
        more = f"等{len(overdue)}项" if len(overdue) > 20 else ""
        out.append(ProblemItem("任务逾期", f"{len(overdue)}项任务逾期未完成：{refs}{more}"))
    for f in a.findings:
        out.append(ProblemItem("数据与规划不一致", f.message, f.slug))
    for f in lint:
        where = f.location()
        out.append(ProblemItem("规划文本问题", f"{f.message}" + (f"（{where}）" if where else ""), f.slug))
    return out


def suggestions(
    a: Assessment, overdue: list[TaskItem], items: list[ProblemItem], year: int | None
) -> list[str]:
    rows = a.rows()
    out: list[str] = []
    binding = [i.name for i in rows if i.binding and i.standard.status == "not_met"]
    if binding:
        out.append(f"将约束性未达标指标（{'、'.join(binding)}）列为年度重点督办事项，制定专项整改方案，明确牵头单位、措施和完成时限。")
    other = [i.name for i in rows if not i.binding and i.standard.status == "not_met"]
    if other:
        out.append(f"对未达标指标（{'、'.join(other)}）逐项分析原因，加大工作力度，确保按规划期限达到目标值。")
    if any(p.kind == "无数据" for p in items):
        when = f"{year}年" if year else "年度"
        out.append(f"督促相关部门按时报送缺少数据指标的{when}统计数据，健全指标监测统计和报送制度。")
    if any(p.kind == "待核定" for p in items):
        out.append("对待核定指标组织有关部门逐项核定，补充佐证材料，明确达标结论。")
    if overdue:
        out.append(f"对{len(overdue)}项逾期任务开展专项督查，由牵头单位说明原因、提出整改时限，并定期报送进展。")
    n_text = sum(1 for p in items if p.kind in ("规划文本问题", "数据与规划不一致"))
    if n_text:
        out.append(f"核对并修订规划文本与指标数据中前后不一致之处（共{n_text}处），统一数据口径。")
    if not out:
        out.append("各项指标和任务总体推进顺利，建议巩固现有成果，持续推进生态文明建设。")
    return out
