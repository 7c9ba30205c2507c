"""A new user's walk through the command line: wrong input gives one Chinese line, never a traceback.

Usage errors Typer finds itself (missing argument, bad value, unknown option or command) and
errors the commands raise (missing folder, a directory for a file, a year far outside the plan,
a plan without tables …) are checked through CliRunner and, for what a user sees in a terminal,
through real processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GANXIAN
from ecociv.cli import app
from ecociv.errors import EcocivError, InputError
from ecociv.store import open_store

runner = CliRunner()
ECOCIV = Path(sys.executable).parent / "ecociv"


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def _error(*args: str) -> str:
    """The message of the EcocivError the command raised (the CLI entry point prints it as 错误：…)."""
    result = runner.invoke(app, list(args))
    assert isinstance(result.exception, EcocivError), (result.output, result.exception)
    return result.exception.message


def _usage_error(*args: str) -> str:
    """A usage error found while reading the command line: exit 2 and one line 错误：… on stderr."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.stderr
    return lines[0]


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "ECOCIV_HOME": str(home), "COLUMNS": "100"}
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, timeout=120, env=env)


def _plan_id(title_part: str) -> str:
    store = open_store()
    try:
        return str(next(s.id for s in store.list_plans() if title_part in s.title))
    finally:
        store.engine.dispose()


@pytest.fixture
def samples() -> None:
    _ok("sample", "load")


# --- usage errors: Chinese, one line, exit 2 ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["import"], "缺少参数 FILE"),
        (["export", "1"], "缺少选项 --output"),
        (["assess", "1", "--year", "abc"], "选项 --year 应为整数，收到“abc”"),
        (["export", "1", "-f", "csv", "-o", "x.csv"], "选项 --format 的值“csv”无效，可选：json、xlsx"),
        (["observe", "set", "1", "0/1", "二〇二四", "3"], "参数 YEAR（年份） 应为整数"),
        (["serve", "--workers", "0"], "选项 --workers 应不小于 1"),
        (["serve", "--port", "99999"], "选项 --port 应不大于 65535，收到“99999”"),
        (["plans", "--jsn"], "没有选项 --jsn（是否想用 --json？）"),
        (["sampl"], "没有命令“sampl”"),
        (["show", "1", "2"], "多余的参数：2"),
        (["show", "1", "--table"], "选项 --table 后面需要一个值"),
    ],
)
def test_usage_errors_are_one_chinese_line(args: list[str], expected: str) -> None:
    line = _usage_error(*args)
    assert expected in line
    assert "--help" in line  # says where the usage is explained


def test_usage_error_in_a_real_terminal_process(tmp_path: Path) -> None:
    done = _run("eval", "≥20", "24.5", "--higher-level", "abc", home=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "错误：选项 --higher-level 应为数字，收到“abc”（用法见“ecociv eval --help”）"
    assert done.stdout == ""


def test_help_chrome_is_chinese(tmp_path: Path) -> None:
    done = _run("export", "--help", home=tmp_path)
    assert done.returncode == 0
    for text in ("参数", "选项", "显示本说明并退出", "[必填]"):
        assert text in done.stdout
    for english in ("Show this message", "Arguments", "Options", "[required]"):
        assert english not in done.stdout


def test_bare_command_shows_help_not_an_error(tmp_path: Path) -> None:
    done = _run("observe", home=tmp_path)
    assert "生成年度数据填报工作簿" in done.stdout
    assert "错误" not in done.stderr and "Traceback" not in done.stderr


def test_cli_import_loads_no_heavy_library() -> None:
    code = (
        "import sys, ecociv.cli; "
        "print(' '.join(m for m in ('sqlalchemy', 'alembic', 'numpy', 'pyarrow', 'openpyxl', "
        "'matplotlib', 'fastapi', 'docx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


# --- command errors ------------------------------------------------------------------------------


def test_plan_new_json_imports_and_saves(tmp_path: Path) -> None:
    out = tmp_path / "新规划.json"
    _ok("plan", "new", "--region", "会昌县", "--catalog", "jiangxi-county", "-o", str(out))
    text = _ok("import", str(out), "--save")
    skeleton = json.loads(out.read_text(encoding="utf-8"))
    assert skeleton["plan"]["title"] in text and "已保存到数据库" in text
    store = open_store()
    try:
        (summary,) = store.list_plans()
        assert summary.region == "会昌县" and summary.n_indicators > 0
    finally:
        store.engine.dispose()


def test_import_json_errors_name_the_file_and_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "ecociv.plan/1",\n  "plan": }', encoding="utf-8")
    assert _error("import", str(broken)).startswith(f"{broken} 第2行第11列：不是有效的 JSON")
    other = tmp_path / "other.json"
    other.write_text('{"rows": []}', encoding="utf-8")
    assert "不是 ecociv.plan/1 格式" in _error("import", str(other))
    partial = tmp_path / "partial.json"
    partial.write_text('{"schema": "ecociv.plan/1", "plan": {}}', encoding="utf-8")
    message = _error("import", str(partial))
    assert message.startswith(f"{partial}：") and "plan.title" in message and "缺少字段 title" in message and "plan.region" in message


def test_export_format_follows_the_suffix(samples: None, tmp_path: Path) -> None:
    plan = _plan_id("会昌")
    _ok("export", plan, "-o", str(tmp_path / "plan.xlsx"))
    assert (tmp_path / "plan.xlsx").read_bytes()[:2] == b"PK"  # an xlsx (zip), not JSON
    assert "后缀与 --format xlsx 不符" in _error("export", plan, "-f", "xlsx", "-o", str(tmp_path / "plan.json"))
    assert "无法从输出文件名 plan.csv 判断格式" in _error("export", plan, "-o", str(tmp_path / "plan.csv"))
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert "是文件夹" in _error("export", plan, "-o", str(folder))
    assert "输出文件夹不存在" in _error("export", plan, "-o", str(tmp_path / "no" / "plan.json"))


def test_observe_template_checks_output_and_years(samples: None, tmp_path: Path) -> None:
    plan = _plan_id("会昌")
    missing = tmp_path / "no" / "表.xlsx"
    assert _error("observe", "template", plan, "-o", str(missing)) == f"输出文件夹不存在：{missing.parent}"
    message = _error("observe", "template", plan, "-o", str(tmp_path / "表.xlsx"), "--from", "1800")
    assert "年份范围 1800—" in message and "超出可填报的年份" in message
    assert not (tmp_path / "表.xlsx").exists()


def test_assess_year_and_output_choice(samples: None) -> None:
    plan = _plan_id("会昌")
    assert "--year 1900 超出可评估的年份" in _error("assess", plan, "--year", "1900")
    assert _error("assess", plan, "--json", "--text") == "--json 与 --text 只能选一个"


def test_report_year_bounded(samples: None, tmp_path: Path) -> None:
    out = tmp_path / "报告.html"
    assert "超出可评估的年份" in _error("report", _plan_id("会昌"), "-o", str(out), "--year", "2099")
    assert not out.exists()


def test_plan_without_tables_or_projects(samples: None) -> None:
    plan = _plan_id("赣县")
    assert "没有指标表，不能用 --table" in _error("show", plan, "--table", "1")
    assert "没有指标表，没有可评估的指标" in _ok("assess", plan)
    assert "没有重点工程" in _ok("projects", plan)


def test_tasks_export_to_missing_folder(samples: None, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "任务.xlsx"
    assert _error("tasks", _plan_id("会昌"), "--export", str(missing)) == f"输出文件夹不存在：{missing.parent}"


def test_backup_and_restore_refuse_directories(tmp_path: Path) -> None:
    folder = tmp_path / "备份"
    folder.mkdir()
    assert "是文件夹" in _error("backup", "-o", str(folder))
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")  # a file where the backup's folder should be
    assert "无法写入备份文件" in _error("backup", "-o", str(blocked / "x.bak"))
    assert "是文件夹" in _error("restore", str(folder))


def test_backup_to_a_directory_in_a_real_process(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    done = _run("backup", "-o", str(folder), home=tmp_path / "home")
    assert done.returncode == 2
    assert done.stderr.strip() == f"错误：{folder} 是文件夹，应为备份文件的路径"
    assert "Traceback" not in done.stderr


def test_import_of_a_folder_and_of_a_real_plan_process(tmp_path: Path) -> None:
    done = _run("import", str(tmp_path), home=tmp_path / "home")  # a folder without plan files
    assert done.returncode == 2 and done.stderr.startswith("错误：") and "中没有规划文件" in done.stderr
    done = _run("import", str(GANXIAN), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "赣县区" in done.stdout


def test_eval_batch_directory_reason_in_chinese(tmp_path: Path) -> None:
    message = _error("eval", "--batch", str(tmp_path))
    assert message == f"无法读取批量文件 {tmp_path}：这是一个文件夹，应为文件"
    assert isinstance(runner.invoke(app, ["eval", "--batch", str(tmp_path)]).exception, InputError)


# --- start-up of commands that open the database ------------------------------------------------


def test_head_revision_without_alembic_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from ecociv.store._engine import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_database_at_head_opens_without_loading_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code = (
        "import sys; from ecociv.store import open_store; "
        f"s = open_store({url!r}); s.list_plans(); print('alembic' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True"  # a new database is migrated by Alembic
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "False"  # already at head: Alembic is not loaded


def test_a_database_behind_is_upgraded_once_and_says_so(tmp_path: Path) -> None:
    from alembic import command

    from ecociv.store._engine import alembic_config, head_revision, make_engine

    db = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    engine.dispose()
    env = {"ECOCIV_DATABASE_URL": f"sqlite:///{db}", "ECOCIV_HOME": str(tmp_path / "home")}
    first = subprocess.run([str(ECOCIV), "plans"], capture_output=True, text=True, env={**os.environ, **env})
    assert first.returncode == 0, first.stderr
    assert "结构版本为 0004" in first.stderr and f"正在升级到 {head_revision()}" in first.stderr
    again = subprocess.run([str(ECOCIV), "plans"], capture_output=True, text=True, env={**os.environ, **env})
    assert again.returncode == 0 and again.stderr == ""  # at the newest version: nothing to say, nothing done


def test_bare_group_help_is_chinese(tmp_path: Path) -> None:
    done = _run("catalog", home=tmp_path)
    assert "─ 命令 ─" in done.stdout and "Commands" not in done.stdout


def test_units_of_a_plan_without_responsible_units(samples: None) -> None:
    plan = _plan_id("会昌")
    store = open_store()
    try:
        units = {u for t in store.get_plan(int(plan)).tasks for u in t.units}
    finally:
        store.engine.dispose()
    out = _ok("units", plan)
    if units:  # the sample names units: the department view lists them
        assert "责任单位" in out and "没有注明责任单位" not in out
    else:
        assert "没有注明责任单位" in out


def test_monitor_outputs_that_cannot_be_written(tmp_path: Path) -> None:
    hourly = tmp_path / "小时数据.csv"
    rows = [f"S1,2024-01-01 {h:02d}:00,10,20,50,0.8,60,30" for h in range(24)]
    hourly.write_text("station,time,so2,no2,pm10,co,o3,pm25\n" + "\n".join(rows) + "\n", encoding="utf-8")
    folder = tmp_path / "日报.csv"
    folder.mkdir()
    assert _error("air", "daily", str(hourly), "-o", str(folder)) == f"{folder} 是文件夹，应为输出文件（.csv 或 .parquet）"
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    message = _error("air", "annual", str(hourly), "-o", str(blocked / "年报.csv"))
    assert message.startswith(f"无法写入 {blocked / '年报.csv'}：")
    done = _run("air", "daily", str(hourly), "-o", str(tmp_path / "ok.csv"), home=tmp_path / "home")
    assert done.returncode == 0 and (tmp_path / "ok.csv").exists(), done.stderr


def test_chinese_usage_error_from_a_command_is_kept(samples: None) -> None:
    line = _usage_error("region", "set", "会昌县")
    assert line.startswith("错误：请至少指定 --terrain")
