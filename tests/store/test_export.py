"""Columns of an indicator table as shown by ``ecociv show`` and written to Excel."""

from __future__ import annotations

from pathlib import Path

from conftest import HUICHANG, YICHUN
from ecociv.importers import read_plan
from ecociv.model import IndicatorTable
from ecociv.store.export import TableColumn, indicator_columns, indicator_rows


def _labels_and_cells(path: Path, title_part: str) -> tuple[IndicatorTable, dict[str, TableColumn]]:
    plan = read_plan(path)
    table = next(t for t in plan.indicator_tables if title_part in t.title)
    return table, {c.label: c for c in indicator_columns(table)}


def test_completion_table_uses_the_plans_headers_for_target_and_actual() -> None:
    table, cols = _labels_and_cells(YICHUN, "完成情况")
    target = next(label for label in cols if "目标" in label)
    actual = next(label for label in cols if label.replace(" ", "") == "2020年")
    row = table.rows[1]
    assert cols[target].cell(row) == row.targets[2020]
    assert cols[actual].cell(row) == row.actual[2020]
    assert target != actual


def test_every_header_is_used_once_and_sub_rows_follow_their_parent() -> None:
    table, cols = _labels_and_cells(HUICHANG, "3.1")
    labels = list(cols)
    assert len(labels) == len(set(labels))
    for year in (2025, 2030):
        label = next(h for h in labels if str(year) in h and "目标" in h)
        assert all(cols[label].cell(i) == i.targets.get(year) for _, i in indicator_rows(table))
    rows = indicator_rows(table)
    assert [i for _, i in rows] == [i for r in table.rows for i in r.walk()]
    depth_of = {id(sub): 1 for r in table.rows for sub in r.sub_indicators}
    assert [d for d, _ in rows] == [depth_of.get(id(i), 0) for _, i in rows]
    assert any(d == 1 for d, _ in rows)
