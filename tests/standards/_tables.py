"""Test helper: tab-separated indicator table rows straight from a plan text (no importer)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class RawRow:
    line: int
    cells: dict[str, str]


def _key(header: str) -> str:
    h = "".join(header.split())
    for k in ("指标名称", "单位", "指标值", "现状值", "达标情况", "目标值", "序号", "指标属性"):
        if k in h:
            return f"{h[:4]}{k}" if k == "目标值" else k
    return h


def tab_rows(path: Path) -> list[RawRow]:
    """Rows of every table page whose header row has 指标名称 and 指标值, keyed by header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tables: list[list[RawRow]] = []
    header: list[str] | None = None
    for n, line in enumerate(lines, 1):
        cells = line.split("\t")
        if len(cells) >= 5 and "指标名称" in line and "指标值" in line:
            header = [_key(c) for c in cells]
            tables.append([])
            continue
        if header is None:
            continue
        if len(cells) < 5:
            if line.strip() and not line.startswith("|"):
                header = None
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        previous = [t for t in tables if t]
        if not row.get("序号") and not row.get("达标情况") and previous:
            prev = previous[-1][-1].cells  # continuation line of the previous row
            for k, v in row.items():
                if v:
                    prev[k] = f"{prev.get(k, '')} {v}".strip()
            continue
        tables[-1].append(RawRow(n, row))
    return [r for t in tables for r in t]
