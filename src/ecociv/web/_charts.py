"""Charts of the pages: ECharts options from the core chart module, embedded as inert JSON.

``static/charts.js`` draws them with the vendored ECharts; the table beside each chart carries
the same figures without JavaScript."""

from __future__ import annotations

from markupsafe import Markup

from ecociv.reports._chart_options import Line, bars, embed, region_map, status_counts, time_series

__all__ = ["Line", "bars", "chart", "region_map", "status_counts", "time_series"]


def chart(option: dict[str, object], chart_id: str, label: str, geo: dict[str, object] | None = None) -> Markup:
    return Markup(embed(option, chart_id, label, geo))
