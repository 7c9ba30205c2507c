"""Domain model of ecociv, independent of storage and of any document format.

Data flows one way: document -> importer -> model -> store -> assessment -> views/reports.
Everything here is a plain dataclass; JSON (the ``ecociv.plan/1`` contract) is produced and read
by :mod:`ecociv._serialize`.

Cell texts are kept *as written* in the plan (whitespace collapsed, conversion residue removed);
their meaning is parsed on demand by :mod:`ecociv.standards`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]

#: Region levels as users name them.
REGION_LEVELS = ("省", "市", "县区")

#: Terrain types used by terrain-dependent standards (森林覆盖率 山区/丘陵区/平原地区 …).
TERRAINS = ("山区", "丘陵区", "平原地区", "干旱半干旱地区", "青藏高原地区")


@dataclass
class Finding:
    """A typed problem: importer warning, lint finding or validation error alike.

    ``slug`` is stable (tests and users filter on it), ``message`` is the Chinese sentence shown
    to users, the location fields say where (any may be None).
    """

    slug: str
    message: str
    severity: Severity = "warning"
    line: int | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    page: int | None = None  # page of a PDF or image document

    def location(self) -> str:
        """Human-readable Chinese location, e.g. ``plan.txt 第12行`` or ``表1 第3行 C列``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}：{self.message}" if where else self.message


@dataclass
class Region:
    name: str
    level: str | None = None  # 省 / 市 / 县区
    parent: str | None = None  # name of the parent region
    code: str | None = None  # 行政区划代码
    terrain: str | None = None  # one of TERRAINS, for terrain-dependent standards


@dataclass
class Baseline:
    year: int | None = None
    value: str | None = None


@dataclass
class Indicator:
    """One row of an indicator table; sub-rows (scopes, sub-indicators) nest in ``sub_indicators``.

    ``targets`` and ``actual`` map a year to the cell text as written.  ``extra`` keeps cells of
    columns the model has no field for (e.g. 五年累计, 备注), keyed by the column header.
    """

    name: str
    domain: str | None = None
    seq: str | None = None
    unit: str | None = None
    standard: str | None = None
    baseline: Baseline | None = None
    status: str | None = None
    targets: dict[int, str | None] = field(default_factory=dict)
    actual: dict[int, str | None] = field(default_factory=dict)
    attribute: str | None = None
    sub_indicators: list[Indicator] = field(default_factory=list)
    source_line: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    #: "higher" / "lower" when the plan or the user fixes it; None: inferred from name and unit.
    direction: str | None = None
    #: id of the matching entry in a standards catalog, when recognised.
    catalog_id: str | None = None
    #: a cumulative target over the period as written (五年累计 column, or 〔18〕 in a target cell)
    cumulative: str | None = None
    #: year -> long-range outlook as written (2035年远景目标 columns); not a target to be judged
    outlook: dict[int, str | None] = field(default_factory=dict)
    #: the leading unit a 牵头单位/责任单位 column names, as written
    lead_unit: str | None = None

    def walk(self) -> list[Indicator]:
        """This indicator followed by all its sub-indicators, depth first."""
        out = [self]
        for sub in self.sub_indicators:
            out.extend(sub.walk())
        return out


@dataclass
class IndicatorTable:
    title: str
    rows: list[Indicator] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    source_line: int | None = None
    #: "system" (指标体系) or "completion" (…指标完成情况).
    kind: str = "system"
    #: how the importer read it: reader, layout detector, header line, column mapping (``--explain``)
    explain: dict[str, Any] = field(default_factory=dict)


@dataclass
class Quantity:
    """A quantified sub-target inside a task: 到2024年累计建成充电桩1510根."""

    text: str
    value: float
    unit: str | None = None
    comparison: str | None = None  # ">=", "<=", "=", ">" , "<"
    deadline: dt.date | None = None
    subject: str | None = None  # what is counted: 充电桩


@dataclass
class Task:
    text: str
    units: list[str] = field(default_factory=list)
    section: str | None = None
    title: str | None = None
    deadline: dt.date | None = None
    quantities: list[Quantity] = field(default_factory=list)
    source_line: int | None = None
    #: the names in ``units`` that stand for unnamed units (区有关单位, 各乡镇 …), not one department
    placeholders: list[str] = field(default_factory=list)

    @property
    def lead(self) -> str | None:
        """The first unit leads (牵头); the others assist (配合)."""
        return self.units[0] if self.units else None


@dataclass
class Project:
    name: str
    column: str | None = None  # the 专栏 it belongs to
    content: str | None = None
    investment_wan_yuan: float | None = None
    period: str | None = None
    responsible: list[str] = field(default_factory=list)
    source_line: int | None = None
    #: quantities named in the content (治理河道长度80.6km …)
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class Unit:
    """A department (责任单位), with the aliases it is known by."""

    name: str
    aliases: list[str] = field(default_factory=list)
    placeholder: bool = False  # 区有关单位, 各乡镇 …


@dataclass
class Observation:
    """A figure for one indicator (or sub-indicator/scope) in one year."""

    indicator_key: str  # stable key within a plan, e.g. "0/12" or "1/7/0" (table/row/sub)
    year: int
    value: float | None = None
    text: str | None = None  # as reported, when not a plain number (or alongside one)
    source: str | None = None  # department, or 规划基准值
    note: str | None = None
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None


@dataclass
class Plan:
    title: str
    region: str
    kind: str | None = None
    base_year: int | None = None
    period: tuple[int, int] | None = None
    stage_years: list[int] = field(default_factory=list)
    indicator_tables: list[IndicatorTable] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    #: where it came from: file name and detected encoding (utf-8, utf-8-sig, gb18030 …)
    source_file: str | None = None
    encoding: str | None = None
    region_info: Region | None = None
    #: what the importer saw: table-like lines, lines read into tables, their ratio (import only)
    table_coverage: dict[str, Any] = field(default_factory=dict)

    def indicators(self) -> list[tuple[str, Indicator]]:
        """Every indicator with its stable key ``table/row[/sub…]``, depth first."""
        out: list[tuple[str, Indicator]] = []

        def visit(prefix: str, ind: Indicator) -> None:
            out.append((prefix, ind))
            for k, sub in enumerate(ind.sub_indicators):
                visit(f"{prefix}/{k}", sub)

        for t, table in enumerate(self.indicator_tables):
            for r, row in enumerate(table.rows):
                visit(f"{t}/{r}", row)
        return out
