"""Charts as server-rendered SVG: no script, no font download, readable without JavaScript."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 720
HEIGHT = 300
PAD_L, PAD_R, PAD_T, PAD_B = 64, 150, 20, 40

#: status colours shared with the stylesheet
COLOURS = {"达标": "#2e7d32", "未达标": "#c62828", "待核定": "#ef8f00", "无数据": "#8a8f98"}


@dataclass
class Line:
    """A horizontal reference line (standard value) or a target marker at a given year."""

    label: str
    value: float
    year: int | None = None  # None: across the whole chart; a year: a marker at that year
    colour: str = "#1565c0"


def _fmt(v: float) -> str:
    if v == int(v) and abs(v) < 1e12:
        return str(int(v))
    return f"{v:.4g}"


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    t = start
    while t <= hi + step * 0.5:
        ticks.append(round(t, 10))
        t += step
    return ticks


def time_series(points: Sequence[tuple[int, float]], lines: Sequence[Line] = (), *,
                title: str = "", unit: str | None = None, span: Sequence[int] = ()) -> str:
    """Values by year as a polyline with dots; reference lines and stage targets drawn over it.

    ``span``: years the axis must include (e.g. the base year and the last stage year)."""
    years = [y for y, _ in points] + [ln.year for ln in lines if ln.year is not None] + list(span)
    values = [v for _, v in points] + [ln.value for ln in lines]
    if not values:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} 60" role="img" '
                f'aria-label="{escape(title)}"><text x="12" y="36" fill="#666">暂无可绘制的数值</text></svg>')
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    y0, y1 = first - 0.4, last + 0.4  # room for the target markers at both ends
    ticks = _nice_ticks(min([*values, 0.0]), max(values))
    vlo, vhi = ticks[0], ticks[-1]
    if vhi == vlo:
        vhi = vlo + 1
    pw, ph = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B

    def x(year: float) -> float:
        return PAD_L + (year - y0) / (y1 - y0) * pw

    def y(value: float) -> float:
        return PAD_T + ph - (value - vlo) / (vhi - vlo) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-label="{escape(title)}">']
    for t in ticks:
        out.append(f'<line x1="{PAD_L}" x2="{PAD_L + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e3e6ea"/>')
        out.append(f'<text x="{PAD_L - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
                   f'{_fmt(t)}</text>')
    step = max(1, math.ceil((last - first) / 10))
    for yr in range(first, last + 1, step):
        out.append(f'<text x="{x(yr):.1f}" y="{HEIGHT - PAD_B + 18}" text-anchor="middle" font-size="11" '
                   f'fill="#555">{yr}</text>')
    out.append(f'<line x1="{PAD_L}" x2="{PAD_L}" y1="{PAD_T}" y2="{PAD_T + ph}" stroke="#888"/>')
    out.append(f'<line x1="{PAD_L}" x2="{PAD_L + pw}" y1="{PAD_T + ph}" y2="{PAD_T + ph}" stroke="#888"/>')
    if unit:
        out.append(f'<text x="4" y="{PAD_T - 6 if PAD_T > 12 else 12}" font-size="11" fill="#555">'
                   f'{escape(unit)}</text>')
    legend_y = PAD_T + 4
    for ln in lines:
        if ln.year is None:
            out.append(f'<line class="ref" x1="{PAD_L}" x2="{PAD_L + pw}" y1="{y(ln.value):.1f}" '
                       f'y2="{y(ln.value):.1f}" stroke="{ln.colour}" stroke-width="1.5" stroke-dasharray="6 4"/>')
        else:
            cx, cy = x(ln.year), y(ln.value)
            out.append(f'<line class="target" x1="{cx - 14:.1f}" x2="{cx + 14:.1f}" y1="{cy:.1f}" y2="{cy:.1f}" '
                       f'stroke="{ln.colour}" stroke-width="3"/>')
        dash = ' stroke-dasharray="6 4"' if ln.year is None else ""
        out.append(f'<line x1="{WIDTH - PAD_R + 10}" x2="{WIDTH - PAD_R + 30}" y1="{legend_y}" y2="{legend_y}" '
                   f'stroke="{ln.colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{WIDTH - PAD_R + 34}" y="{legend_y + 4}" font-size="11" fill="#333">'
                   f'{escape(ln.label)} {_fmt(ln.value)}</text>')
        legend_y += 18
    if points:
        pts = sorted(points)
        path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in pts)
        out.append(f'<polyline class="series" points="{path}" fill="none" stroke="#37474f" stroke-width="2"/>')
        for a, b in pts:
            out.append(f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="4" fill="#37474f">'
                       f'<title>{a}年：{_fmt(b)}</title></circle>')
        out.append(f'<circle cx="{WIDTH - PAD_R + 20}" cy="{legend_y}" r="4" fill="#37474f"/>'
                   f'<text x="{WIDTH - PAD_R + 34}" y="{legend_y + 4}" font-size="11" fill="#333">实际值</text>')
    out.append("</svg>")
    return "".join(out)


def bars(items: Sequence[tuple[str, float | None, str]], *, title: str = "", unit: str | None = None,
         reference: Line | None = None) -> str:
    """Horizontal bars, one per (label, value, status); missing values are listed without a bar."""
    row_h = 26
    height = PAD_T + row_h * max(1, len(items)) + 30
    label_w = 190
    vals = [v for _, v, _ in items if v is not None] + ([reference.value] if reference else [])
    hi = max([*vals, 0.0]) or 1.0
    lo = min([*vals, 0.0])
    span = hi - lo or 1.0
    pw = WIDTH - label_w - 80

    def x(v: float) -> float:
        return label_w + (v - lo) / span * pw

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{escape(title)}">']
    for i, (label, value, status) in enumerate(items):
        top = PAD_T + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{top + 17}" text-anchor="end" font-size="12" fill="#222">'
                   f'{escape(label[:16])}</text>')
        if value is None:
            out.append(f'<text x="{label_w + 4}" y="{top + 17}" font-size="12" fill="#8a8f98">无数据</text>')
            continue
        colour = COLOURS.get(status, "#607d8b")
        x0, x1 = x(min(0.0, value)), x(max(0.0, value))
        out.append(f'<rect x="{x0:.1f}" y="{top + 4}" width="{max(1.0, x1 - x0):.1f}" height="{row_h - 8}" '
                   f'fill="{colour}"><title>{escape(label)}：{_fmt(value)}（{escape(status)}）</title></rect>')
        out.append(f'<text x="{x1 + 4:.1f}" y="{top + 17}" font-size="12" fill="#222">{_fmt(value)}</text>')
    if reference is not None:
        rx = x(reference.value)
        out.append(f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{PAD_T}" y2="{height - 26}" stroke="{reference.colour}" '
                   f'stroke-dasharray="6 4" stroke-width="1.5"/>')
        out.append(f'<text x="{rx:.1f}" y="{height - 10}" text-anchor="middle" font-size="11" '
                   f'fill="{reference.colour}">{escape(reference.label)} {_fmt(reference.value)}'
                   f'{escape(unit or "")}</text>')
    out.append("</svg>")
    return "".join(out)
