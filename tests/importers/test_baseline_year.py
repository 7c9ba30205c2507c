"""The year of a 现状值 column whose header and notes give none: taken from where the plan's
text states its base year, said as an info finding; else a warning, and no year is guessed."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ecociv.importers import read_plan
from ecociv.model import Plan

TABLE = (
    "表1 某县生态文明建设指标\n"
    "序号\t指标名称\t单位\t现状值\t2025年目标\t属性\n"
    "1\t森林覆盖率\t%\t70.1\t≥70.5\t约束性\n"
    "2\t空气质量优良天数比例\t%\t95.2\t≥96\t约束性\n"
)


def _read(tmp_path: Path, text: str) -> Plan:
    f = tmp_path / "plan.txt"
    f.write_text(text, encoding="utf-8")
    return read_plan(f)


def _years(plan: Plan) -> list[int | None]:
    return [r.baseline.year if r.baseline else None for t in plan.indicator_tables for r in t.rows]


@pytest.mark.parametrize(
    "statement",
    ["本规划以2020年为基准年，规划期限为2021—2030年。", "规划基准年：2020年", "基准年为２０２０年，近期目标年为2025年。"],
)
def test_baseline_year_from_the_text(tmp_path: Path, statement: str) -> None:
    plan = _read(tmp_path, f"某县生态文明建设示范区规划\n\n一、总则\n{statement}\n\n{TABLE}")
    assert _years(plan) == [2020, 2020]
    (f,) = [w for w in plan.warnings if w.slug == "baseline-year-from-text"]
    assert f.severity == "info" and f.line == 6 and f.data == {"year": 2020, "stated_line": 4}
    assert "第4行" in f.message and "现状值" in f.message
    assert "baseline-year-unknown" not in {w.slug for w in plan.warnings}


def test_no_stated_year_is_a_warning_not_a_guess(tmp_path: Path) -> None:
    plan = _read(tmp_path, f"某县生态文明建设示范区规划（2021—2030年）\n\n{TABLE}")
    assert _years(plan) == [None, None]
    (w,) = [w for w in plan.warnings if w.slug == "baseline-year-unknown"]
    assert w.severity == "warning" and w.line == 3 and "“现状值”" in w.message


def test_two_stated_years_are_not_chosen_between(tmp_path: Path) -> None:
    text = "某县规划\n\n上一轮规划以2015年为基准年。\n本规划基准年为2020年。\n\n" + TABLE
    plan = _read(tmp_path, text)
    assert _years(plan) == [None, None]
    (w,) = [w for w in plan.warnings if w.slug == "baseline-year-unknown"]
    assert "第3行2015年" in w.message and "第4行2020年" in w.message


def test_the_header_and_the_note_come_first(tmp_path: Path) -> None:
    dated = TABLE.replace("现状值", "现状值（2021年）")
    plan = _read(tmp_path, f"某县规划\n\n以2020年为基准年。\n\n{dated}")
    assert _years(plan) == [2021, 2021]
    noted = f"某县规划\n\n以2020年为基准年。\n\n{TABLE}\n注：现状值为2024年数据。\n"
    plan = _read(tmp_path, noted)
    assert _years(plan) == [2024, 2024]
    assert not {"baseline-year-from-text", "baseline-year-unknown"} & {w.slug for w in plan.warnings}


def test_word_document_reads_the_year_from_its_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某县生态文明建设示范区规划")
    document.add_paragraph("规划以2020年为基准年。")
    rows = [line.split("\t") for line in TABLE.splitlines()[1:]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for tr, row in zip(table.rows, rows, strict=True):
        for cell, text in zip(tr.cells, row, strict=True):
            cell.text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = read_plan(path)
    assert _years(plan) == [2020, 2020]
    assert "baseline-year-from-text" in {w.slug for w in plan.warnings}
