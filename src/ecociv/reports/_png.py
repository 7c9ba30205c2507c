"""PNG charts for the docx report (matplotlib, Agg), drawn with a CJK font found on the machine.

Without matplotlib or without any CJK font the charts are left out and a :class:`Finding`
(``chart-font-missing`` / ``chart-unavailable``) says so; the report itself is still written.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from ecociv.model import Finding
from ecociv.reports._sections import CountRow, TrendSeries
from ecociv.reports._style import STATUS_COLORS, STATUS_LABELS, STATUSES

#: Font families tried in order (the first one installed is used).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "AR PL UMing CN",
)

#: Trend lines per figure (small multiples, 3 columns).
TRENDS_PER_FIGURE = 9


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed CJK font matplotlib can use, or None."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    for name in sorted(installed):
        if "CJK" in name and ("SC" in name or "CN" in name):
            return name
    return None


def chart_problem() -> Finding | None:
    """Why charts cannot be drawn here, or None when they can."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return Finding("chart-unavailable", "未安装 matplotlib，Word 报告中不含图表。", "info")
    if cjk_font() is None:
        return Finding(
            "chart-font-missing",
            "系统中未找到中文字体（如 Noto Sans CJK，Debian 软件包 fonts-noto-cjk），Word 报告中不含图表。",
            "warning",
        )
    return None


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any, *, tight: bool = False) -> bytes:
    """PNG bytes; ``tight`` crops to the drawn content (one extra layout pass, used for the
    legend above the bar chart)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight" if tight else None)
    return buf.getvalue()


def _rc() -> Any:  # matplotlib types rc keys as Literal
    return {"font.family": [cjk_font() or "sans-serif"], "axes.unicode_minus": False, "font.size": 9}


def status_bars_png(rows: list[CountRow], title: str) -> bytes:
    """Horizontal stacked bars of indicator status per group."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(6.3, 0.45 * len(rows) + 1.1)
        ax = fig.add_subplot()
        names = [r.group for r in rows][::-1]
        left = [0.0] * len(rows)
        for s in STATUSES:
            values = [float(r.get(s)) for r in rows][::-1]
            ax.barh(names, values, left=left, color="#" + STATUS_COLORS[s][0], label=STATUS_LABELS[s])
            for k, v in enumerate(values):
                if v:
                    ax.text(left[k] + v / 2, k, str(int(v)), ha="center", va="center", color="white", fontsize=8)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_title(title)
        ax.set_xlabel("指标数（项）")
        ax.legend(ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.08), frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        return _png(fig, tight=True)


def trends_png(series: list[TrendSeries]) -> bytes:
    """Small multiples of yearly values (solid) with numeric stage targets (dashed markers)."""
    import matplotlib

    cols = 3
    n_rows = (len(series) + cols - 1) // cols
    with matplotlib.rc_context(_rc()):
        fig = _figure(6.3, 1.9 * n_rows)
        for k, s in enumerate(series):
            ax = fig.add_subplot(n_rows, cols, k + 1)
            colour = "#" + STATUS_COLORS.get(s.status, STATUS_COLORS["no_data"])[0]
            xs = [y for y, _ in s.points]
            ax.plot(xs, [v for _, v in s.points], marker="o", color=colour, linewidth=1.5, markersize=3)
            for y, v in s.targets:
                ax.plot([y - 0.3, y + 0.3], [v, v], color="#1565C0", linestyle="--", linewidth=1.5)
            years = sorted({*xs, *(y for y, _ in s.targets)})
            ax.set_xticks(years, [str(y) for y in years], fontsize=7, rotation=45 if len(years) > 3 else 0)
            ax.tick_params(axis="y", labelsize=7)
            name = s.name if len(s.name) <= 13 else s.name[:12] + "…"
            unit = f"\n（{s.unit}）" if s.unit and s.unit not in ("—", "-") else ""
            ax.set_title(name + unit, fontsize=8)
            ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        return _png(fig)
