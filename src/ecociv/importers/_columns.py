"""Column mapping: header words of an indicator table -> model fields.

A header cell is matched on its text with all whitespace removed (``2022年 现状值`` and
``2022 年现状值`` are the same), so page-wrapped headers map like clean ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecociv.importers._clean import ascii_digits, clean_text

__all__ = ["VALUE_ROLES", "Column", "compact", "header_marks", "is_header", "is_header_word", "map_header", "note_marks"]

#: Roles a column can play; "sub" is a sub-indicator/scope column, "extra" anything kept aside.
Role = str
VALUE_ROLES = frozenset(
    {"standard", "baseline", "status", "target", "actual", "attribute", "unit", "cumulative", "outlook"}
)

_YEAR = re.compile(r"((?:19|20)\d{2})")
_SPACE = re.compile(r"\s+")


@dataclass
class Column:
    header: str  # as written (cleaned)
    role: Role
    year: int | None = None
    #: footnote marks the header assigns another year: ``2020年（*为2021年）`` -> {"*": 2021}
    marks: dict[str, int] = field(default_factory=dict)


#: A header's note naming the year of marked cells: ``（*为2021年）``, ``(▲表示2019年数据)``.
_MARK_NOTE = re.compile(
    r"[（(]\s*(?:带|标)?\s*([*＊▲△★☆※#①②③④⑤⑥⑦⑧⑨⑩])\s*(?:号|的)?(?:数据|数值|值)?\s*(?:为|系|是|表示|指)\s*"
    r"((?:19|20)\d{2})\s*年?\s*(?:数据|数值|值)?\s*[)）]"
)


#: A note under a table naming the year of marked values: ``注：带*的数值为2021年数据``,
#: ``▲为2019年值``, ``①2021年数据``.
_NOTE_MARK = re.compile(
    r"(?:带|标有?|加)?\s*[“\"]?([*＊▲△★☆※#①②③④⑤⑥⑦⑧⑨⑩])[”\"]?\s*(?:号|者)?\s*(?:的)?(?:数据|数值|值|指标值)?\s*"
    r"(?:为|系|是|表示|指)?\s*((?:19|20)\d{2})\s*年\s*(?:的)?(?:数据|数值|值|现状值|监测值)"
)


def note_marks(text: str) -> dict[str, int]:
    """The marks a note under a table assigns years to."""
    return {m.group(1).replace("＊", "*"): int(m.group(2)) for m in _NOTE_MARK.finditer(ascii_digits(text))}


def header_marks(text: str) -> tuple[str, dict[str, int]]:
    """A header cell without its year notes, and the marks they define."""
    marks: dict[str, int] = {}
    for m in _MARK_NOTE.finditer(ascii_digits(text)):
        marks[m.group(1).replace("＊", "*")] = int(m.group(2))
    return (_MARK_NOTE.sub("", ascii_digits(text)) if marks else text), marks


def compact(s: str) -> str:
    return _SPACE.sub("", clean_text(s))


def _role_of(h: str, completion: bool) -> tuple[Role, int | None] | None:
    """Role and year of one compacted header cell, or None when it is not a known header word."""
    ym = _YEAR.search(h)
    year = int(ym.group(1)) if ym else None
    if not h:
        return None
    if re.fullmatch(r"目标层|总目标", h):
        return "extra", None  # 目标层 | 准则层 | 指标层 layouts: the goal the system serves
    if re.fullmatch(r"准则层|要素层|系统层|领域层|分类层", h):
        return "domain", None
    if re.fullmatch(r"指标层|方案层", h):
        return "name", None
    if re.search(r"属性|性质|指标类型|约束性|预期性", h):
        return "attribute", None
    if re.fullmatch(r"(?:考核|适用|统计|指标)?(?:范围|区域|层级)|区域范围|地区|县[（(]?市[、,，]?区[)）]?", h):
        return "sub", None  # the scope of a sub-row: 全市 / 中心城区 / 各县（市）
    if re.fullmatch(r"(?:指标)?(?:计量)?单位", h):
        return "unit", None
    if re.fullmatch(r"序号?|编号|序列|No\.?", h, re.IGNORECASE):
        return "seq", None
    if re.fullmatch(r"(?:重点|指标|所属)?(?:领域|类别|类型|分类|方面|大类|系统|领域类别)|一级指标", h):
        return "domain", None
    if re.search(r"达标情况|达标状况|是否达标|达标与否|^达标$|现状达标|是否完成|^完成情况$", h):
        return "status", None
    if re.search(r"远景", h):
        return "outlook", year
    if re.search(r"累计", h):
        return "cumulative", None
    if re.fullmatch(r"(?:牵头|责任|主责|承办)(?:单位|部门)|(?:牵头|责任)(?:单位|部门)[（(]?(?:牵头)?[)）]?", h):
        return "lead", None
    if re.search(r"现状|基准|基期|基数|^基础(?:年份?|值|数)?", h):
        return "baseline", year
    if re.search(r"目标|规划值|预期值|^期末|^末期", h):
        return "target", year
    if re.search(r"完成值|实际值|实现值|完成情况|实际完成|^完成$", h):
        return "actual", year
    if re.search(r"指标值|标准值|标准|建设要求|考核要求|要求值|^要求$|参考值|^(?:建设|考核|评价|示范)指标$", h):
        return "standard", None
    if re.search(r"指标名称|指标内容|具体指标|^指标项?$|^名称$|^项目$|二级指标|^指标$", _UNIT_NOTE.sub("", h)):
        # 指标（单位）/ 指标名称及单位: the names carry their units in brackets
        return "name", None
    if re.fullmatch(r"(?:19|20)\d{2}年?(?:度|底|末)?", h):
        return ("actual" if completion else "target"), year
    if re.search(r"累计|备注|说明|责任单位|牵头单位|数据来源|来源|分值|权重", h):
        return "extra", None
    return None


#: A header naming where the units are: ``指标（单位）``, ``指标名称及单位``.
_UNIT_NOTE = re.compile(r"(?:[（(]单位[)）]|[及和/、]单位)$")
def is_header_word(text: str) -> bool:
    """Whether one cell's text is a known header word (指标名称, 2025年, 牵头单位 …)."""
    return _role_of(ascii_digits(_SPACE.sub("", header_marks(clean_text(text))[0])), False) is not None


_PLAIN_YEAR = re.compile(r"(?:19|20)\d{2}年?")


def _bare_header(c: Column) -> str:
    return ascii_digits(compact(header_marks(c.header)[0]))


def map_header(cells: list[str], *, completion: bool = False) -> list[Column] | None:
    """Columns for a header row, or None when ``cells`` is not an indicator-table header.

    A header names an indicator column and at least two other known columns.  An empty header
    cell right after the name column is an unnamed sub-indicator column; elsewhere it is kept
    as an extra column.
    """
    texts = [clean_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    cols: list[Column] = []
    known = 0
    for t in texts:
        bare, marks = header_marks(t)
        r = _role_of(ascii_digits(_SPACE.sub("", bare)), completion)
        if r is None:
            cols.append(Column(t, "extra" if t else "empty"))
        else:
            known += 1
            cols.append(Column(t, r[0], r[1], marks))
    roles = [c.role for c in cols]
    if "name" not in roles or known < 3 or not (set(roles) & VALUE_ROLES):
        return None
    for k, c in enumerate(cols):
        if c.role == "empty":
            c.role = "sub" if k > 0 and cols[k - 1].role == "name" else "extra"
    # A bare year column (2020年, 2020年（*为2021年）) before the other year columns, and no
    # 现状/基准 column: it holds the baseline.
    plain = [c for c in cols if c.role == "target" and c.year and _PLAIN_YEAR.fullmatch(_bare_header(c))]
    targets = [c for c in cols if c.role == "target" and c.year]
    if not completion and "baseline" not in roles and plain and len(targets) >= 2:
        first = min(targets, key=lambda c: c.year or 0)
        if first is plain[0]:
            first.role = "baseline"
    # 指标类型 before the name column classifies the rows (环境质量 …), after it, it is 约束性/预期性
    name_at = roles.index("name")
    for c in cols[:name_at]:
        if c.role == "attribute" and "属性" not in c.header and "性质" not in c.header:
            c.role = "domain"
    # Two name columns: the second holds sub-indicators (一级指标 / 二级指标 layouts).
    names = [k for k, c in enumerate(cols) if c.role == "name"]
    for k in names[1:]:
        cols[k].role = "sub"
    return cols


def is_header(cells: list[str], columns: list[Column]) -> bool:
    """True when ``cells`` repeat the header ``columns`` (a page break repeats the header)."""
    texts = [compact(c) for c in cells]
    heads = [compact(c.header) for c in columns if c.header]
    if not heads:
        return False
    hits = sum(1 for t in texts if t and t in heads)
    return hits >= max(2, (len(heads) + 1) // 2)
