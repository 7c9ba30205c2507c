"""Follow-up on a stored plan (real SQLite and PostgreSQL): register, progress notes, department view,
export, and the commands users run."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import GANXIAN, HUICHANG
from ecociv.cli import app
from ecociv.importers.projects import extract_projects
from ecociv.importers.tasks import extract_tasks
from ecociv.model import Plan
from ecociv.store import Store, open_store
from ecociv.tracking import (
    COLUMNS,
    add_alias,
    department_view,
    export_task_table,
    load_register,
    record_progress,
    remove_alias,
)

D = dt.date
ECOCIV = Path(sys.executable).parent / "ecociv"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _stored(s: Store) -> Store:
    tasks, _ = extract_tasks(_lines(GANXIAN))
    s.save_plan(Plan(title="2024年赣县区美丽赣州建设行动工作方案", region="赣县区", tasks=tasks))
    projects, _ = extract_projects(_lines(HUICHANG))
    s.save_plan(Plan(title="会昌县生态文明建设示范区规划", region="会昌县", projects=projects))
    return s


@pytest.fixture
def tracked(database_url: str) -> Iterator[Store]:
    """The Ganxian work plan and the Huichang projects stored, on SQLite then PostgreSQL."""
    s = open_store(database_url)
    try:
        yield _stored(s)
    finally:
        s.engine.dispose()


@pytest.fixture
def default_store() -> Store:
    """The same, in the default database the commands use ($ECOCIV_DATABASE_URL, SQLite)."""
    return _stored(open_store())


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, env=os.environ.copy(), timeout=120)


def _json(*args: str) -> Any:
    """Run a command in-process (the same Typer app the ``ecociv`` script runs) and parse its JSON."""
    r = CliRunner().invoke(app, list(args))
    assert r.exit_code == 0, (r.output, r.exception)
    return json.loads(r.stdout)


def test_register_progress_and_overdue(tracked: Store) -> None:
    reg = load_register(tracked, "赣县区", as_of=D(2024, 5, 1))
    assert len(reg.tasks) == 76 and reg.overdue() == []
    pumped = reg.find("T8")
    assert pumped.deadline == D(2024, 6, 30)  # type: ignore[union-attr]
    record_progress(tracked, "赣县区", "T8", "推进中", note="完成选址", evidence="纪要3号", as_of=D(2024, 5, 10), user="张三")
    charger = reg.find("充电桩")
    assert charger.ref == "T11"
    record_progress(tracked, "赣县区", "T11.1", "已完成", note="建成1523根", as_of=D(2024, 10, 1))

    july = load_register(tracked, "赣县区", as_of=D(2024, 7, 1))
    t8 = july.tasks[7]
    assert (t8.standing.status, t8.standing.recorded_status, t8.standing.overdue) == ("滞后", "推进中", True)
    assert t8.entries[0].evidence == "纪要3号" and t8.entries[0].recorded_by == "张三"
    assert [t.ref for t in july.overdue()] == ["T8"]
    assert july.tasks[10].standing.status == "未启动"  # the October note is not yet written

    year_end = load_register(tracked, "赣县区", as_of=D(2024, 12, 1))
    assert year_end.tasks[10].quantities[0].standing.status == "已完成"
    assert year_end.tasks[10].standing.status == "已完成"  # from its only sub-target
    # Every note is audited.
    audit = tracked.audit_log(entity="progress")
    assert len(audit) == 2 and audit[-1].new["target"] == "T8"


def test_department_view_and_aliases(tracked: Store) -> None:
    reg = load_register(tracked, "赣县区", as_of=D(2024, 7, 1))
    views = department_view(reg)
    assert len(views) == 44 and sum(v.placeholder for v in views) == 3
    eco = next(v for v in views if v.name == "区生态环境局")
    assert (len(eco.leads), len(eco.assists)) == (28, 20)
    assert [t.ref for t in reg.for_unit("区市场监管局")] == [t.ref for t in reg.for_unit("区市场监督管理局")]
    assert len(reg.for_unit("区市场监管局")) == 5

    add_alias(tracked, "区林业分局", "赣州市林业局赣县分局", user="管理员")
    reg2 = load_register(tracked, "赣县区")
    assert len(department_view(reg2)) == 45  # 区林业局 is no longer joined with 区林业分局
    remove_alias(tracked, "区林业分局")
    assert len(department_view(load_register(tracked, "赣县区"))) == 44


def test_task_table_export(tracked: Store, tmp_path: Path) -> None:
    record_progress(tracked, "赣县区", "T8", "推进中", note="完成选址", as_of=D(2024, 5, 10))
    reg = load_register(tracked, "赣县区", as_of=D(2024, 7, 1))
    out = tmp_path / "任务分解表.xlsx"
    assert export_task_table(reg, out) == 76
    ws = load_workbook(out).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert tuple(rows[1]) == COLUMNS
    data = [r for r in rows[2:] if r[1] is not None]
    assert len(data) == 76
    t8 = next(r for r in data if r[0] == "8")
    assert t8[3] == "区发展改革委" and "区林业局" in t8[4]
    assert t8[5] == "2024年6月30日前" and t8[6].startswith("滞后") and "完成选址" in t8[6]
    t11 = next(r for r in data if r[0] == "11")
    assert "≥1510根" in t11[2]
    sections = [r[0] for r in rows[2:] if r[1] is None]
    assert sections[0] == "1. 积极稳妥推动碳达峰" and len(sections) == 21


def test_commands(default_store: Store, tmp_path: Path) -> None:
    r = _run("progress", "赣县区", "T8", "--status", "推进中", "--note", "完成选址", "--date", "2024-05-10")
    assert r.returncode == 0, r.stderr
    assert "已记录 T8" in r.stdout
    rows = _json("tasks", "赣县区", "--overdue", "--as-of", "2024-07-01", "--json")
    assert [x["ref"] for x in rows] == ["T8"] and rows[0]["status"] == "滞后"
    rows = _json("tasks", "赣县区", "--json")
    assert rows[0]["lead"] == "区发展改革委" and rows[0]["placeholders"] == ["区有关单位"]
    assert rows[0]["assists"] == ["赣州高新区经济发展局", "区有关单位"]
    assert len(_json("tasks", "赣县区", "--unit", "区市场监管局", "--json")) == 5
    units = _json("units", "赣县区", "--json")
    assert len(units) == 44 and units[0]["unit"] == "区生态环境局"
    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(app, ["tasks", "赣县区", "--export", str(out)])
    assert r.exit_code == 0 and out.exists() and "已导出任务分解表" in r.stdout
    data = _json("projects", "会昌县", "--json")
    assert len(data["projects"]) == 44 and data["total_investment_wan_yuan"] == 0
    # The shipped defaults already join every spelling of the plan: nothing left to suggest.
    assert _json("units", "aliases", "--suggest", "--json") == []
    assert CliRunner().invoke(app, ["units", "aliases", "--add", "区林业分局=赣州市林业局赣县分局"]).exit_code == 0
    table = _json("units", "aliases", "--json")
    assert table["aliases"]["区林业分局"] == "赣州市林业局赣县分局"
    assert table["user_aliases"] == ["区林业分局"]
    assert len(_json("units", "赣县区", "--json")) == 45
    # Bad input: one Chinese line, exit 2, no traceback.
    for args in (
        ("progress", "赣县区", "T99", "--status", "推进中"),
        ("progress", "赣县区", "T8", "--status", "完成"),
        ("tasks", "赣县区", "--as-of", "2024-13-01"),
        ("tasks", "没有这个规划"),
        ("tasks", "赣县区", "--export", str(tmp_path / "t.csv")),
    ):
        r = _run(*args)
        assert r.returncode == 2 and r.stderr.startswith("错误：") and "Traceback" not in r.stderr, args


def test_export_with_projects_sheet(tracked: Store, tmp_path: Path) -> None:
    record_progress(tracked, "会昌县", "P2", "推进中", note="完成设备安装", as_of=D(2024, 1, 5))
    reg = load_register(tracked, "会昌县", as_of=D(2024, 2, 1))
    assert reg.tasks == [] and len(reg.projects) == 44
    out = tmp_path / "会昌.xlsx"
    export_task_table(reg, out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["任务分解表", "重点工程"]
    rows = list(wb["重点工程"].iter_rows(values_only=True))
    assert len(rows) == 1 + 44 + 1 and rows[-1][2] == "合计" and rows[-1][4] == 0
    assert rows[2][2] == "会昌县挥发性有机污染物(VOCs)治理工程"
    assert rows[2][7] == "推进中：完成设备安装（2024-01-05）"
