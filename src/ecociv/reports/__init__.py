"""Reports a bureau submits: the yearly 生态文明建设（示范区创建）评估报告 as docx, xlsx or html.

>>> ctx = build_context(store, "会昌县", year=2024)      # plan, assessment, register … built once
>>> data = get_report("docx").render(ctx)               # bytes of the file
>>> write_report(ctx, "html", Path("报告.html"))

Every format lays out the same :class:`ReportContext` (sections 一 to 六); problems met while
rendering (e.g. no CJK font for the docx charts) are appended to ``ctx.findings``.
"""

from __future__ import annotations

from pathlib import Path

from ecociv.errors import InputError, os_reason
from ecociv.reports import _chart_options as chart_options
from ecociv.reports import _docx, _html, _xlsx  # noqa: F401  (imported to register the formats)
from ecociv.reports._context import (
    REPORT_NAME,
    SECTION_TITLES,
    ReportContext,
    build_context,
    context_from_data,
)
from ecociv.reports._registry import Report, get_report, report_for_path, report_names


def write_report(ctx: ReportContext, fmt: str | None, path: Path) -> Report:
    """Render ``ctx`` in format ``fmt`` (default: from the suffix of ``path``) and write ``path``."""
    report = get_report(fmt) if fmt else report_for_path(path)
    data = report.render(ctx)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入报告文件“{path}”：{os_reason(exc)}") from exc
    return report


__all__ = [
    "REPORT_NAME",
    "SECTION_TITLES",
    "Report",
    "ReportContext",
    "build_context",
    "chart_options",
    "context_from_data",
    "get_report",
    "report_for_path",
    "report_names",
    "write_report",
]
