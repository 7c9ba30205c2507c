"""Numbers to draw: the standard's threshold and stage targets (see :mod:`ecociv.reports.chart_options`)."""

from __future__ import annotations

from ecociv.reports._chart_options import first_number, reference_lines

__all__ = ["first_number", "reference_lines"]
