"""import never stays silent about tables it could not read; --explain says how each table was
read; region, period and base year can be set at import and corrected afterwards (audited)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import DATA, HUICHANG
from ecociv.cli import app
from ecociv.errors import InputError
from ecociv.store import open_store

runner = CliRunner()
ECOCIV = Path(sys.executable).parent / "ecociv"
LAYOUTS = DATA / "layouts"


def test_a_document_whose_tables_were_all_missed_is_an_error_in_chinese() -> None:
    proc = subprocess.run(
        [str(ECOCIV), "import", str(LAYOUTS / "unread-blocks.txt")], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("错误：unread-blocks.txt：有 2 处表格样式的内容（第5行、第11行）")
    assert "--allow-empty" in proc.stderr and "Traceback" not in proc.stderr


def test_allow_empty_imports_it_and_each_unread_block_is_a_warning() -> None:
    result = runner.invoke(app, ["import", str(LAYOUTS / "unread-blocks.txt"), "--allow-empty", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    unread = [w for w in doc["warnings"] if w["slug"] == "table-unread"]
    assert [(w["line"], w["data"]["first_cells"], w["data"]["lines"]) for w in unread] == [
        (5, ["污染物", "2018年", "2019年", "2020年"], 4),
        (11, ["序号", "名目", "基础", "远期"], 4),
    ]
    assert doc["table_coverage"] == {
        "table_like_blocks": 2,
        "table_like_lines": 8,
        "read_lines": 0,
        "rate": 0.0,
        "unread_blocks": 2,
    }


def test_summary_shows_the_table_line_rate_and_explain_names_reader_header_and_columns() -> None:
    out = runner.invoke(app, ["import", str(HUICHANG), "--explain"]).stdout
    assert "表格行识别率 100%" in out
    assert "读表说明：" in out
    assert "第242行是表头" in out and "“2022 年现状值”→现状值/基准值（2022年）" in out
    doc = json.loads(runner.invoke(app, ["import", str(LAYOUTS / "cell-per-line-pipes.txt"), "--json"]).stdout)
    (table,) = doc["indicator_tables"]
    ex = table["explain"]
    assert (ex["reader"], ex["layout"], ex["header_line"], ex["caption_line"]) == ("marked", "cells", 4, 3)
    assert [(c["header"], c["role"], c["year"]) for c in ex["columns"]] == [
        ("序号", "seq", None),
        ("指标名称", "name", None),
        ("单位", "unit", None),
        ("2022年 现状值", "baseline", 2022),
        ("2025年 目标值", "target", 2025),
        ("2030年 目标值", "target", 2030),
        ("指标 属性", "attribute", None),
    ]


def test_import_overrides_and_plan_set_correct_metadata_with_an_audit_entry() -> None:
    result = runner.invoke(
        app,
        ["import", str(LAYOUTS / "misaligned-export.txt"), "--region", "霍山县", "--period", "2021—2035",
         "--base-year", "2019", "--save"],
    )
    assert result.exit_code == 0, result.output
    assert "地区：霍山县" in result.stdout and "基准年：2019" in result.stdout and "规划期：2021—2035年" in result.stdout
    result = runner.invoke(app, ["plan", "set", "霍山县", "--region", "六安市霍山县", "--period", "2021-2030", "--base-year", "2020"])
    assert result.exit_code == 0, result.output
    store = open_store()
    try:
        plan = store.get_plan("霍山")
        assert (plan.region, plan.period, plan.base_year) == ("六安市霍山县", (2021, 2030), 2020)
        entry = store.audit_log(limit=1, entity="plan")[0]
        assert entry.old == {"region": "霍山县", "period": [2021, 2035], "base_year": 2019}
        assert entry.new == {"region": "六安市霍山县", "period": [2021, 2030], "base_year": 2020}
    finally:
        store.engine.dispose()


def test_bad_metadata_values_are_refused_in_chinese() -> None:
    result = runner.invoke(app, ["import", str(LAYOUTS / "year-notes.txt"), "--period", "2030-2021"])
    assert isinstance(result.exception, InputError) and "规划期“2030-2021”" in result.exception.message
    result = runner.invoke(app, ["plan", "set", "1"])
    assert isinstance(result.exception, InputError) and "至少给出" in result.exception.message
