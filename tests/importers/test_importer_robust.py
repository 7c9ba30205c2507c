"""Damaged variants of the sample tables never crash the reader and never lose a row silently."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HUICHANG, YICHUN
from ecociv.importers._text import plan_from_lines

HUI = HUICHANG.read_text(encoding="utf-8").split("\n")[230:340]
YI = YICHUN.read_text(encoding="utf-8").split("\n")[36:500]


def _damage(lines: list[str], ops: list[tuple[int, int]]) -> list[str]:
    out = list(lines)
    for kind, pos in ops:
        k = pos % len(out)
        if kind == 0:
            del out[k]
        elif kind == 1:
            out.insert(k, "")
        elif kind == 2:
            out[k] = out[k].replace("\t", "", 1)
        else:
            out[k] = out[k] + "\t"
        if not out:
            out = [""]
    return out


OPS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000)), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS, which=st.booleans())
def test_damaged_tables_read_without_crash(ops: list[tuple[int, int]], which: bool) -> None:
    lines = _damage(HUI if which else YI, ops)
    plan = plan_from_lines(lines, source_file="damaged.txt")
    for table in plan.indicator_tables:
        for row in table.rows:
            assert row.source_line is not None and 1 <= row.source_line <= len(lines)
    for w in plan.warnings:
        assert w.message and w.slug


def test_every_numbered_row_of_huichang_is_kept() -> None:
    """Each line of the two tables that starts a numbered row is the source of exactly one row."""
    lines = HUICHANG.read_text(encoding="utf-8").split("\n")
    plan = plan_from_lines(lines, source_file=HUICHANG.name)
    sources = {r.source_line for t in plan.indicator_tables for r in t.rows}
    numbered = {
        n
        for n, line in enumerate(lines, 1)
        if 242 <= n <= 336 and "\t" in line and line.split("\t")[1].strip().isdigit()
    }
    assert numbered == sources


def test_row_without_tabs_inside_a_table_is_kept_and_reported() -> None:
    lines = HUICHANG.read_text(encoding="utf-8").split("\n")
    k = next(n for n, line in enumerate(lines) if line.startswith("生态环境\t6\t"))
    lines[k] = lines[k].replace("\t", " ")
    plan = plan_from_lines(lines, source_file="damaged.txt")
    t1 = plan.indicator_tables[0]
    assert len(t1.rows) == 29
    assert t1.rows[5].name.startswith("生态环境 6 环境空气质量")
    assert [r.seq for r in t1.rows[6:11]] == ["7", "8", "9", "10", "11"]
    (w,) = [w for w in plan.warnings if w.slug == "row-unplaced"]
    assert w.line == k + 1
