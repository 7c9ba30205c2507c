"""``import --explain``: which reader took each table and why (layout, header line, column
mapping), so a user can trace a wrong row back to its source."""

from __future__ import annotations

from typing import Any

from ecociv.importers._segment import RawTable
from ecociv.model import IndicatorTable

__all__ = ["ROLE_NAMES", "explain_table", "line_origins"]

#: What each column role becomes, in the words of the summary.
ROLE_NAMES: dict[str, str] = {
    "name": "指标名称",
    "sub": "子项名称",
    "domain": "领域/类别",
    "seq": "序号",
    "unit": "单位",
    "standard": "指标值/标准值",
    "baseline": "现状值/基准值",
    "target": "目标值",
    "actual": "完成值",
    "status": "达标情况",
    "attribute": "指标属性",
    "cumulative": "累计目标",
    "outlook": "远景目标",
    "lead": "牵头单位",
    "extra": "其他（原样保留）",
}

_SOURCES: dict[str, str] = {
    "tabs": "制表符分隔的表格行",
    "docx": "Word 表格",
    "html": "HTML 表格",
    "pipe": "Markdown 管道表格（| 分隔）",
    "spaced": "按空格对齐的列（PDF 转文本等），按表头各列的字符位置切分",
    "marked": "每格一行的表格（| 标记）",
    "bare": "每格一行、没有分隔标记的表格（如 LibreOffice 导出的纯文本），按表头的格数逐行分组（某格占多行时，以下一个序号为行界、按各列内容归格）",
    "pdf": "PDF 页面上的表格（按文字位置还原）",
    "ocr": "扫描页 OCR 识别出的表格（按文字框位置还原）",
    "xlsx": "Excel 工作表中的表格",
}


def line_origins(
    reader: str,
    lines: list[str],
    html: list[str],
    residue_free: list[str],
    body: list[str],
    piped: list[str],
    *,
    bare: set[int] | None = None,
) -> list[str]:
    """For every line, which conversion produced the text the table reader saw (``bare``: the
    lines rewritten from an unmarked one-cell-per-line table)."""
    native = "docx" if reader == "docx" else ("tabs" if reader == "text" else reader)
    out: list[str] = []
    for k, line in enumerate(lines):
        if bare and k in bare:
            out.append("bare")
        elif html[k] != line:
            out.append("html")
        elif body[k] != residue_free[k]:
            out.append("marked" if residue_free[k].lstrip().startswith(("|", "｜")) else "spaced")
        elif piped[k] != body[k]:
            out.append("pipe")
        else:
            out.append(native)
    return out


def explain_table(raw: RawTable, table: IndicatorTable, origins: list[str]) -> dict[str, Any]:
    """The ``explain`` record of one table (JSON-ready; texts in Chinese)."""
    k = raw.header_line - 1
    origin = origins[k] if 0 <= k < len(origins) else "tabs"
    if raw.layout == "cells" and origin not in ("marked", "docx"):
        origin = "cells"
    source = _SOURCES.get(origin, "每格一行的表格（制表符标记）" if origin == "cells" else origin)
    columns = [
        {"header": c.header, "role": c.role, "field": ROLE_NAMES.get(c.role, c.role), "year": c.year}
        | ({"marks": dict(c.marks)} if c.marks else {})
        for c in raw.columns
    ]
    mapped = "；".join(
        f"“{c.header or '（空）'}”→{ROLE_NAMES.get(c.role, c.role)}{f'（{c.year}年）' if c.year else ''}"
        for c in raw.columns
    )
    caption = f"表题在第{raw.caption_line}行，" if raw.caption_line else "没有表题，"
    why = (
        f"{caption}第{raw.header_line}行是表头（含指标名称列和数值列），读作{source}；"
        f"表格到第{max(raw.end_line, raw.header_line)}行止，读出指标 {len(table.rows)} 项。列对应：{mapped}"
    )
    return {
        "reader": origin,
        "layout": raw.layout,
        "source": source,
        "caption_line": raw.caption_line,
        "header_line": raw.header_line,
        "end_line": max(raw.end_line, raw.header_line),
        "columns": columns,
        "rows": len(table.rows),
        "why": why,
    }
