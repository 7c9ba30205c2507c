"""The 可达性分析 text a plan writer pastes into a plan, written from an :class:`Assessment`."""

from __future__ import annotations

from ecociv.assess._attain import Assessment, IndicatorAssessment
from ecociv.assess._progress import Progress


def _num(x: float) -> str:
    return f"{x:.4g}"


def _value(i: IndicatorAssessment) -> str:
    if i.value is not None:
        unit = i.unit if i.unit and i.unit not in ("—", "-") else ""
        return f"{_num(i.value)}{unit}"
    return i.text or "无数据"


def _trend(p: Progress) -> str:
    parts: list[str] = []
    if p.observed_cagr is not None and p.base_year is not None and p.latest_year is not None:
        parts.append(f"{p.base_year}—{p.latest_year}年年均变化{p.observed_cagr * 100:+.2f}%")
    if p.required_cagr is not None and p.target_year is not None:
        parts.append(f"按期达到{p.target_year}年目标需年均{p.required_cagr * 100:+.2f}%")
    if p.projected_value is not None and p.target_year is not None:
        parts.append(f"按线性趋势{p.target_year}年约为{_num(p.projected_value)}")
    if p.points >= 3:
        parts.append(f"预计{p.projected_year}年达标" if p.projected_year is not None else "按当前趋势难以达标")
    parts.append(f"评估为“{p.label}”")
    return "，".join(parts)


def _gap(i: IndicatorAssessment) -> str:
    against = i.standard.against or ""
    return f"现状值{_value(i)}，指标值要求{against}" if against else f"现状值{_value(i)}"


def reachability_text(a: Assessment) -> str:
    """"已达标指标 N 项，包括……；未达标指标 M 项，即……" and a paragraph per unmet indicator."""
    rows = a.rows()
    met = [i for i in rows if i.standard.status == "met"]
    unmet = [i for i in rows if i.standard.status == "not_met"]
    review = [i for i in rows if i.standard.status == "needs_review"]
    nodata = [i for i in rows if i.standard.status == "no_data"]
    year = f"{a.year}年" if a.year else ""
    head = f"对照指标体系，{a.region}{year}已达标指标{len(met)}项"
    head += f"，包括{'、'.join(i.name for i in met)}" if met else ""
    head += f"；未达标指标{len(unmet)}项"
    head += f"，即{'、'.join(i.name for i in unmet)}" if unmet else ""
    if review:
        head += f"；待核定指标{len(review)}项，即{'、'.join(i.name for i in review)}"
    if nodata:
        head += f"；暂无数据指标{len(nodata)}项，即{'、'.join(i.name for i in nodata)}"
    paragraphs = [head + "。"]
    if unmet:
        paragraphs.append("未达标指标可达性分析如下：")
    for i in unmet:
        text = f"{i.name}：{_gap(i)}，{i.standard.reason}"
        if i.binding:
            text += "（约束性指标）"
        progress = [p for p in i.progress if p.status != "needs_review"]
        if progress:
            text += "；" + "；".join(_trend(p) for p in progress)
        elif i.target is not None:
            text += f"；{i.target.year}年目标值{i.target.against}，{i.target.reason}"
        paragraphs.append(text + "。")
    return "\n\n".join(paragraphs)
