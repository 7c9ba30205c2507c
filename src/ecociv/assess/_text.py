"""The 可达性分析 text a plan writer pastes into a plan, written from an :class:`Assessment`."""

from __future__ import annotations

import re

from ecociv.assess._attain import Assessment, IndicatorAssessment
from ecociv.assess._progress import Progress, cagr


def _num(x: float) -> str:
    return f"{x:.4g}"


def display_name(i: IndicatorAssessment, has_subs: bool) -> str:
    """A row's name without the sub-indicator names the table ran into it, footnote marks or
    line-wrap spaces: ``农业废弃物综合利用率 (1) 秸秆…`` -> ``农业废弃物综合利用率``."""
    name = re.sub(r"[（(]\s*\d+\s*[)）]", " ", i.name).strip()
    if has_subs:
        name = name.split()[0]
    return re.sub(r"\s+", "", name).rstrip("-—:：")


def _unit(i: IndicatorAssessment) -> str:
    return i.unit if i.unit and i.unit.strip() not in ("—", "-", "－") else ""


def _value(i: IndicatorAssessment) -> str:
    if i.value is not None:
        return f"{_num(i.value)}{_unit(i)}"
    return i.text or "无数据"


def _gap(i: IndicatorAssessment, p: Progress | None) -> str:
    if p is None or p.target_value is None or i.value is None:
        return ""
    diff = abs(p.target_value - i.value)
    unit = "个百分点" if _unit(i) in ("%", "％") else _unit(i)
    return f"，距{p.target_year}年目标{_num(p.target_value)}还差{_num(diff)}{unit}"


def _trend(i: IndicatorAssessment, p: Progress) -> str:
    parts: list[str] = []
    if p.observed_cagr is not None and p.base_year is not None and p.latest_year is not None:
        parts.append(f"{p.base_year}—{p.latest_year}年年均变化{p.observed_cagr * 100:+.2f}%")
    required = p.required_cagr
    if required is None and p.target_value is not None and p.latest_value is not None and p.latest_year is not None and p.target_year:
        required = cagr(p.latest_value, p.target_value, p.target_year - p.latest_year)
        if required is not None:
            parts.append(f"按期达到{p.target_year}年目标需年均变化{required * 100:+.2f}%")
    elif required is not None:
        parts.append(f"按期达到{p.target_year}年目标需年均变化{required * 100:+.2f}%")
    if p.projected_value is not None and p.target_year is not None:
        parts.append(f"按线性趋势{p.target_year}年约为{_num(p.projected_value)}")
    if p.points >= 3:
        parts.append(f"预计{p.projected_year}年达到目标" if p.projected_year is not None else "按当前趋势难以达到目标")
    if p.status == "no_data":
        parts.append("目前仅有一年数据，尚不能判断趋势" if p.points == 1 else p.reason)
    else:
        parts.append(f"评估为“{p.label}”")
    return "，".join(parts)


def _detail(i: IndicatorAssessment) -> str:
    against = i.standard.against or ""
    return f"现状值{_value(i)}" + (f"，要求{against}" if against else "") + f"，{i.standard.reason}"


def _paragraph(i: IndicatorAssessment, subs: list[IndicatorAssessment]) -> str:
    name = display_name(i, bool(subs))
    unmet_subs = [s for s in subs if s.standard.status == "not_met"]
    if i.value is None and unmet_subs:
        parts = [f"{s.name}{_detail(s)}{_progress_text(s)}" for s in unmet_subs]
        return f"{name}{'（约束性指标）' if i.binding else ''}：" + "；".join(parts) + "。"
    text = f"{name}：{_detail(i)}"
    if i.binding:
        text += "（约束性指标）"
    return text + _progress_text(i) + "。"


def _progress_text(i: IndicatorAssessment) -> str:
    text = ""
    numeric = [p for p in i.progress if p.method == "target-ratio" or p.method == "growth-rate"]
    if numeric:
        text += _gap(i, numeric[0])
        text += "；" + "；".join(_trend(i, p) for p in numeric)
    elif i.target is not None:
        text += f"；{i.target.year}年目标为“{i.target.against}”，{i.target.reason}"
    return text


def _section(a: Assessment, rows: list[IndicatorAssessment], subs: dict[str, list[IndicatorAssessment]]) -> list[str]:
    def names(items: list[IndicatorAssessment]) -> str:
        return "、".join(display_name(i, i.key in subs) for i in items)

    met = [i for i in rows if i.standard.status == "met"]
    unmet = [i for i in rows if i.standard.status == "not_met"]
    review = [i for i in rows if i.standard.status == "needs_review"]
    nodata = [i for i in rows if i.standard.status == "no_data"]
    year = f"{a.year}年" if a.year else ""
    head = f"{a.region}{year}已达标指标{len(met)}项"
    head += f"，包括{names(met)}" if met else ""
    head += f"；未达标指标{len(unmet)}项"
    head += f"，即{names(unmet)}" if unmet else ""
    if review:
        head += f"；待核定指标{len(review)}项，即{names(review)}"
    if nodata:
        head += f"；暂无数据指标{len(nodata)}项，即{names(nodata)}"
    out = [head + "。"]
    if unmet:
        out.append("未达标指标可达性分析如下：")
        out.extend(_paragraph(i, subs.get(i.key, [])) for i in unmet)
    return out


def reachability_text(a: Assessment) -> str:
    """"已达标指标 N 项，包括……；未达标指标 M 项，即……" and a paragraph per unmet indicator
    (gap, trend, projected year); one section per indicator table when the plan has several."""
    rows = a.rows()
    subs: dict[str, list[IndicatorAssessment]] = {}
    for i in a.indicators:
        if i.level == 1:
            subs.setdefault(i.key.rsplit("/", 1)[0], []).append(i)
    tables: dict[str, list[IndicatorAssessment]] = {}
    for i in sorted(rows, key=lambda i: tuple(int(x) for x in i.key.split("/"))):
        tables.setdefault(i.table, []).append(i)
    paragraphs: list[str] = []
    for title, items in tables.items():
        if len(tables) > 1:
            paragraphs.append("【" + re.sub(r"\s+", "", title) + "】")
        paragraphs.extend(_section(a, items, subs))
    return "\n\n".join(paragraphs)
