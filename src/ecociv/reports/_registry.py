"""One interface for every report format and one registry of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ecociv.errors import InputError

if TYPE_CHECKING:
    from ecociv.reports._context import ReportContext


class Report(Protocol):
    """A report format: ``render`` lays out a :class:`ReportContext` as the bytes of one file."""

    name: str  # what users type: docx, xlsx, html
    suffix: str  # file suffix, with the dot
    label: str  # Chinese description

    def render(self, ctx: ReportContext) -> bytes: ...


_REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    _REPORTS[report.name] = report
    return report


def report_names() -> list[str]:
    return sorted(_REPORTS)


def get_report(name: str) -> Report:
    """The report format called ``name`` (case-insensitive, a leading dot allowed)."""
    key = name.strip().lower().lstrip(".")
    if key not in _REPORTS:
        raise InputError(f"不支持的报告格式“{name}”，应为：{'、'.join(report_names())}")
    return _REPORTS[key]


def report_for_path(path: Path) -> Report:
    """The report format a file name asks for by its suffix."""
    suffix = path.suffix.lower()
    for r in _REPORTS.values():
        if r.suffix == suffix:
            return r
    raise InputError(
        f"无法从文件名“{path.name}”判断报告格式，请用 --format 指定（{'、'.join(report_names())}）"
        "或使用 .docx / .xlsx / .html 后缀"
    )
