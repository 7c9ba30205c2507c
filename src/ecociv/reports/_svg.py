"""Inline SVG charts for the html report: status bars per group and small trend lines."""

from __future__ import annotations

from html import escape

from ecociv.reports._sections import CountRow, TrendSeries, number_text
from ecociv.reports._style import STATUS_COLORS, STATUS_LABELS, STATUSES

_FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','SimHei',sans-serif\""


def status_bars(rows: list[CountRow], title: str) -> str:
    """One horizontal stacked bar per group (达标/未达标/待核定/无数据), with a legend."""
    label_w, bar_w, row_h, top = 150, 420, 24, 34
    width = label_w + bar_w + 70
    height = top + row_h * len(rows) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {_FONT} font-size="12">'
    ]
    x = label_w
    for s in STATUSES:
        out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="#{STATUS_COLORS[s][0]}"/>')
        out.append(f'<text x="{x + 16}" y="18">{STATUS_LABELS[s]}</text>')
        x += 80
    for k, r in enumerate(rows):
        y = top + k * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(r.group)}</text>')
        x0 = float(label_w)
        for s in STATUSES:
            n = r.get(s)
            if not n or not r.total:
                continue
            w = bar_w * n / r.total
            out.append(
                f'<rect x="{x0:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="#{STATUS_COLORS[s][0]}">'
                f"<title>{escape(r.group)} {STATUS_LABELS[s]} {n} 项</title></rect>"
            )
            if w >= 18:
                out.append(f'<text x="{x0 + w / 2:.1f}" y="{y + 15}" fill="#fff" text-anchor="middle">{n}</text>')
            x0 += w
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}">共{r.total}项</text>')
    out.append("</svg>")
    return "".join(out)


def trend_line(series: TrendSeries) -> str:
    """A small line chart of one indicator's yearly values, targets as dashed markers."""
    w, h, left, right, top, bottom = 300, 150, 46, 12, 26, 24
    years = [y for y, _ in series.points] + [y for y, _ in series.targets]
    values = [v for _, v in series.points] + [v for _, v in series.targets]
    y0, y1 = min(years), max(years)
    lo, hi = min(values), max(values)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    pad = (hi - lo) * 0.1
    lo, hi = lo - pad, hi + pad

    def px(year: int) -> float:
        return left + (w - left - right) * ((year - y0) / (y1 - y0) if y1 > y0 else 0.5)

    def py(v: float) -> float:
        return top + (h - top - bottom) * (1 - (v - lo) / (hi - lo))

    colour = STATUS_COLORS.get(series.status, STATUS_COLORS["no_data"])[0]
    unit = f"（{series.unit}）" if series.unit and series.unit not in ("—", "-") else ""
    name = series.name if len(series.name) <= 20 else series.name[:19] + "…"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-label="{escape(series.name)}趋势" {_FONT} font-size="10">',
        f'<text x="4" y="14" font-size="12" font-weight="bold">{escape(name)}{escape(unit)}</text>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{py(hi - pad) + 3:.1f}" text-anchor="end">{number_text(round(hi - pad, 4))}</text>',
        f'<text x="{left - 4}" y="{py(lo + pad) + 3:.1f}" text-anchor="end">{number_text(round(lo + pad, 4))}</text>',
    ]
    for year in sorted(set(years)):
        out.append(f'<text x="{px(year):.1f}" y="{h - 8}" text-anchor="middle">{year}</text>')
    for year, v in series.targets:
        out.append(
            f'<line x1="{px(year) - 8:.1f}" y1="{py(v):.1f}" x2="{px(year) + 8:.1f}" y2="{py(v):.1f}" '
            f'stroke="#1565C0" stroke-width="2" stroke-dasharray="3 2"><title>{year}年目标 {number_text(v)}</title></line>'
        )
    pts = " ".join(f"{px(y):.1f},{py(v):.1f}" for y, v in series.points)
    out.append(f'<polyline points="{pts}" fill="none" stroke="#{colour}" stroke-width="2"/>')
    for y, v in series.points:
        out.append(
            f'<circle cx="{px(y):.1f}" cy="{py(v):.1f}" r="3" fill="#{colour}"><title>{y}年 {number_text(v)}</title></circle>'
        )
    out.append("</svg>")
    return "".join(out)
