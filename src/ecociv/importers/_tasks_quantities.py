"""Quantified sub-targets and deadlines inside task or project text.

``到2024年，全区累计建成电动汽车公用和专用充电桩1510根`` -> ``Quantity(1510, "根", ">=",
2024-12-31, "电动汽车公用和专用充电桩")``; ``6月底前`` -> that year's 06-30; ``到2025年`` ->
2025-12-31; the plan year where the text names none.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ecociv.model import Quantity

__all__ = ["YEAR_PART", "find_deadline", "parse_quantities", "plan_year_from_lines", "year_part_end"]

#: Measure words and units a target is counted in, longest first so ``万千瓦`` wins over ``千瓦``.
_UNITS = sorted(
    [
        "万千瓦", "千瓦", "万亩", "亩", "平方公里", "万平方米", "平方米", "公顷", "公里", "千米", "km",
        "米", "根", "个", "家", "条", "座", "处", "户", "例", "项", "套", "台", "辆", "所", "口", "万吨",
        "吨/日", "吨", "蒸吨", "万立方米/日", "立方米/日", "亿立方米", "亿m3", "万立方米", "立方米",
        "m3", "万m3", "亿m3/年", "万m3/d", "m3/d", "万m2", "m2", "km2", "m²", "m³", "万m²", "万m³", "块", "盏", "栋", "间", "株", "棵", "批", "次", "场", "人", "%", "％", "‰",
    ],
    key=len,
    reverse=True,
)
_NUMBER_UNIT = re.compile(
    r"(?<![\d.．第])(\d+(?:\.\d+)?)\s*(" + "|".join(re.escape(u) for u in _UNITS) + r")"
)
#: A sentence holding one of these states a target (not a mere description).
_TARGET_VERB = re.compile(
    r"建成|完成|新建|新改建|改建|改造|创建|建设|达到|达|认证|治理|续建|保持|提高|提升至|不低于|不高于|"
    r"控制在|覆盖|实现|新增|培育|打造|累计|以上|以内|以下|不超过|削减|降低|减少|淘汰"
)
_CREATE_VERB = re.compile(r"新改建|新建|改建|续建|建成|完成|创建|新认证|认证|新增|培育|打造|淘汰|改造|建设")
_LEVEL_TAIL = re.compile(r"(?:累计达|累计|达到|达|保持在|保持|稳定在|不低于|不高于|提高到|提高至|提升至|控制在|不超过|为)$")
_LEAD_NOISE = re.compile(r"^(?:和|及|与|并|全区|全县|全市|力争|争取|累计|共|其中|确保)+")
_AFTER_STOP = re.compile(r"[，。；、和及与（(：:,;]")
_LESS = re.compile(r"以内|以下|不高于|不超过|低于|控制在|削减|降低|减少")

_YEAR_DEADLINE = re.compile(r"(?:到|至|于|在)?\s*(20\d\d)\s*年\s*(?:(\d{1,2})\s*月\s*(?:底|末)?\s*(?:前|以前)?|底前|年底|前|以前|内|末)?")
_MONTH_DEADLINE = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(?:底|末)\s*(?:前|以前)?|(?<![\d年])(\d{1,2})\s*月\s*(?:前|以前)")
_HALF_YEAR = re.compile(r"(?<!\d年)(?<!\d\s年)上半年")
#: A part of a named year: ``2025年上半年``, ``2024年第三季度``, ``2024年6月30日前``.
YEAR_PART = re.compile(r"(20\d\d)\s*年\s*(?:(上|下)半年|第?([一二三四1-4])季度|(\d{1,2})\s*月\s*(\d{1,2})\s*日)")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_END = re.compile(r"(?<!\d)年底前|年内")
_PLAN_YEAR = re.compile(r"(20\d\d)\s*年度?[^，。；\n]{0,40}(?:工作方案|工作要点|行动方案|工作计划|实施方案|计划)")


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def year_part_end(m: re.Match[str]) -> dt.date | None:
    """The last day of the half year, quarter or the day a :data:`YEAR_PART` match names."""
    year = int(m.group(1))
    if m.group(2):
        return dt.date(year, 6, 30) if m.group(2) == "上" else dt.date(year, 12, 31)
    if m.group(3):
        return _month_end(year, 3 * _QUARTER[m.group(3)])
    try:
        return dt.date(year, int(m.group(4)), int(m.group(5)))
    except ValueError:
        return None


def plan_year_from_lines(lines: list[str] | tuple[str, ...], limit: int = 40) -> int | None:
    """The year an annual work plan is for (``2024年…工作方案``), from its first lines."""
    for line in list(lines)[:limit]:
        m = _PLAN_YEAR.search(line)
        if m:
            return int(m.group(1))
    return None


def find_deadline(text: str, plan_year: int | None) -> dt.date | None:
    """The first explicit deadline named in ``text``.

    ``到2025年`` -> 2025-12-31, ``2024年6月底前`` -> 2024-06-30, ``6月底前`` -> the plan year's
    06-30, ``上半年`` -> 06-30, ``年底前`` -> 12-31.  ``2018年以来`` is no deadline.
    """
    best: tuple[int, dt.date] | None = None

    def offer(pos: int, d: dt.date | None) -> None:
        nonlocal best
        if d is not None and (best is None or pos < best[0]):
            best = (pos, d)

    for m in _YEAR_DEADLINE.finditer(text):
        whole = m.group(0)
        tail = text[m.end() : m.end() + 2]
        if tail.startswith(("以来", "来", "度")) or YEAR_PART.match(text, m.start(1)):
            continue  # a span of years, or a part of the year read below (2025年上半年)
        explicit = whole.lstrip().startswith(("到", "至", "于", "在")) or whole.rstrip().endswith(
            ("前", "底", "内", "末")
        )
        if not explicit:
            continue
        year = int(m.group(1))
        if m.group(2):
            offer(m.start(), _month_end(year, int(m.group(2))))
        else:
            offer(m.start(), dt.date(year, 12, 31))
    for m in YEAR_PART.finditer(text):
        # a day in the text is a deadline only with 前 (2024年6月30日前), not an event's date
        if not m.group(4) or text[m.end() : m.end() + 2].lstrip().startswith(("前", "以前")):
            offer(m.start(), year_part_end(m))
    if plan_year is not None:
        for m in _MONTH_DEADLINE.finditer(text):
            month = int(m.group(1) or m.group(2))
            offer(m.start(), _month_end(plan_year, month))
        for m in _HALF_YEAR.finditer(text):
            offer(m.start(), dt.date(plan_year, 6, 30))
        for m in _YEAR_END.finditer(text):
            offer(m.start(), dt.date(plan_year, 12, 31))
    return best[1] if best else None


def _subject(sentence: str, start: int, end: int, percent: bool) -> str | None:
    before = re.split(r"[，。；：、,;:]", sentence[:start])[-1].strip()
    after_m = _AFTER_STOP.search(sentence, end)
    after = sentence[end : after_m.start() if after_m else len(sentence)].strip()
    after = re.sub(r"^(?:以上|以内|以下|左右)", "", after).strip()
    cv = None if percent else _CREATE_VERB.search(before)
    subj = before[cv.end() :] if cv else before
    for _ in range(3):
        subj = _LEVEL_TAIL.sub("", subj).strip()
    subj = _LEAD_NOISE.sub("", subj).strip()
    if not subj or before.endswith(("和", "及", "与")):
        subj = re.sub(r"^(?:的)", "", after).strip()
    return subj or None


def _comparison(sentence: str, start: int, end: int) -> str:
    around = sentence[max(0, start - 12) : end + 4]
    if _LESS.search(around):
        return "<="
    return ">="


def parse_quantities(
    text: str, plan_year: int | None = None, *, require_verb: bool = True
) -> list[Quantity]:
    """Every quantified target in ``text`` (a task item or a project's content).

    A number with a unit counts when its sentence states a target (``建成``, ``完成``, ``达到``,
    ``以上`` …); ``摸排6个国（省）监测断面`` does not.  The deadline is the nearest one named before
    the number in the same sentence, else the first one in the sentence, else the plan year.
    """
    out: list[Quantity] = []
    for sentence in re.split(r"(?<=[。；;！？])", text):
        if not sentence.strip() or (require_verb and not _TARGET_VERB.search(sentence)):
            continue
        for m in _NUMBER_UNIT.finditer(sentence):
            after = sentence[m.end() : m.end() + 1]
            if after and after in "年月日号届期":
                continue
            before_text = sentence[: m.start()]
            deadline = find_deadline(before_text, plan_year) or find_deadline(sentence, plan_year)
            if deadline is None and plan_year is not None:
                deadline = dt.date(plan_year, 12, 31)
            unit = m.group(2).replace("％", "%")
            clause_start = max(before_text.rfind(c) for c in "，。；、,;") + 1
            clause_end_m = re.search(r"[，。；,;]", sentence[m.end() :])
            clause_end = m.end() + (clause_end_m.start() if clause_end_m else len(sentence) - m.end())
            out.append(
                Quantity(
                    text=sentence[clause_start:clause_end].strip(),
                    value=float(m.group(1)),
                    unit=unit,
                    comparison=_comparison(sentence, m.start(), m.end()),
                    deadline=deadline,
                    subject=_subject(sentence, m.start(), m.end(), unit in ("%", "‰")),
                )
            )
    return out
