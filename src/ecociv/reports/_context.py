"""The :class:`ReportContext`: everything a yearly assessment report shows, built once.

The context is format-independent: every renderer (docx, xlsx, html) lays out the same rows and
sentences, so the three formats always agree.  Build it from a store with :func:`build_context`
or from plain data with :func:`context_from_data`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecociv.assess import Assessment, assess_plan, lint_plan, reachability_text
from ecociv.model import Finding, Observation, Plan
from ecociv.reports import _sections
from ecociv.reports._sections import (
    CountRow,
    DepartmentRow,
    IndicatorBlock,
    ProblemItem,
    ProjectColumnRow,
    ProjectItem,
    TaskItem,
    TrendSeries,
)
from ecociv.store import Store
from ecociv.tracking import Register, load_register

#: Title of the document a bureau submits each year.
REPORT_NAME = "年度生态文明建设（示范区创建）评估报告"

#: Section headings, in order.
SECTION_TITLES = (
    "一、总体情况",
    "二、指标达标情况",
    "三、可达性分析",
    "四、重点任务推进情况",
    "五、重点工程",
    "六、存在问题与建议",
)


@dataclass
class ReportContext:
    """What the report of ``plan`` for ``year`` says; renderers only lay it out."""

    plan: Plan
    year: int | None
    as_of: dt.date
    assessment: Assessment
    reachability: str
    stage_years: list[int]
    summary: list[str]
    by_domain: list[CountRow]
    by_attribute: list[CountRow]
    by_table: list[CountRow]
    binding_not_met: list[str]  # names, in assessment order
    indicator_blocks: list[IndicatorBlock]
    trends: list[TrendSeries]
    has_register: bool
    task_total: int
    departments: list[DepartmentRow]
    overdue_tasks: list[TaskItem]
    tasks: list[TaskItem]
    project_columns: list[ProjectColumnRow]
    projects: list[ProjectItem]
    investment_total: float
    problems: list[ProblemItem]
    suggestions: list[str]
    lint: list[Finding] = field(default_factory=list)
    #: problems met while rendering (e.g. no CJK font for charts); renderers append here.
    findings: list[Finding] = field(default_factory=list)
    plan_id: int | None = None

    @property
    def title(self) -> str:
        return f"{self.plan.region}{self.year or ''}{REPORT_NAME}"

    @property
    def subtitle(self) -> str:
        return f"依据《{self.plan.title}》"

    @property
    def year_label(self) -> str:
        return f"{self.year}年" if self.year else "最新"


def _default_as_of(year: int | None, today: dt.date) -> dt.date:
    """Tasks are followed up as of the end of the report year (1 January of the next year, so that
    a task due on 31 December and not done counts as overdue), or today if that is earlier."""
    if year is None:
        return today
    return min(today, dt.date(year + 1, 1, 1))


def _reachability(assessment: Assessment) -> str:
    if not assessment.rows():
        return "规划中未识别出指标体系表，不作可达性分析。"
    return reachability_text(assessment)


def context_from_data(
    plan: Plan,
    observations: list[Observation],
    year: int | None = None,
    *,
    register: Register | None = None,
    as_of: dt.date | None = None,
    plan_id: int | None = None,
) -> ReportContext:
    """The context of the report on ``plan`` for ``year`` (default: latest year with data)."""
    assessment = assess_plan(plan, observations, year)
    year = assessment.year
    day = as_of or (register.as_of if register is not None else _default_as_of(year, dt.date.today()))
    lint = lint_plan(plan, [])
    stage_years = _sections.stage_years(plan)
    overdue = _sections.overdue_tasks(register) if register is not None else []
    columns, projects, total = _sections.projects(plan, register)
    binding_names = _sections.binding_not_met_names(assessment)
    blocks = _sections.indicator_blocks(plan, assessment, observations, stage_years)
    problems = _sections.problems(assessment, lint, overdue, register)
    return ReportContext(
        plan=plan,
        year=year,
        as_of=day,
        assessment=assessment,
        reachability=_reachability(assessment),
        stage_years=stage_years,
        summary=_sections.summary(plan, assessment, binding_names),
        by_domain=_sections.count_rows(assessment.by_domain),
        by_attribute=_sections.count_rows(assessment.by_attribute),
        by_table=_sections.table_counts(assessment),
        binding_not_met=binding_names,
        indicator_blocks=blocks,
        trends=_sections.trends(plan, assessment, observations),
        has_register=register is not None,
        task_total=len(register.tasks) if register is not None else len(plan.tasks),
        departments=_sections.departments(register) if register is not None else [],
        overdue_tasks=overdue,
        tasks=_sections.task_items(register) if register is not None else [],
        project_columns=columns,
        projects=projects,
        investment_total=total,
        problems=problems,
        suggestions=_sections.suggestions(assessment, overdue, problems, year),
        lint=lint,
        plan_id=plan_id,
    )


def build_context(
    store: Store, plan_ref: int | str, year: int | None = None, *, as_of: dt.date | None = None
) -> ReportContext:
    """The context of the report on a stored plan: its observations, assessment and task register."""
    plan_id = store.resolve_plan(plan_ref)
    plan = store.get_plan(plan_id)
    observations = store.observations(plan_id)
    if year is None:
        years = [o.year for o in observations]
        year = max(years) if years else plan.base_year
    day = as_of or _default_as_of(year, dt.date.today())
    register = load_register(store, plan_id, as_of=day)
    return context_from_data(plan, observations, year, register=register, as_of=day, plan_id=plan_id)
