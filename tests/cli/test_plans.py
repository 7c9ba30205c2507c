"""Plan commands: import, plans, show, export, sample load, demo — through CliRunner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA, GANXIAN, HUICHANG, YICHUN
from ecociv._serialize import plan_from_dict, plan_to_dict
from ecociv.cli import app
from ecociv.cli._plans import sample_plans
from ecociv.errors import EcocivError, InputError, NotFoundError
from ecociv.importers import read_plan
from ecociv.store import open_store

runner = CliRunner()
ECOCIV = Path(sys.executable).parent / "ecociv"
PROBLEMS = DATA / "plans-with-problems"


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def _titles() -> list[str]:
    store = open_store()
    try:
        return sorted(p.title for p in store.list_plans())
    finally:
        store.engine.dispose()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, timeout=120)


def test_import_json_is_the_plan_contract() -> None:
    out = _ok("import", str(YICHUN), "--json")
    assert json.loads(out) == plan_to_dict(read_plan(YICHUN))
    assert "宜春市" in out  # UTF-8, not \\u escapes


def test_import_summary_names_tables_and_warnings() -> None:
    out = _ok("import", str(HUICHANG))
    plan = read_plan(HUICHANG)
    assert plan.title in out
    for table in plan.indicator_tables:
        assert f"{table.title}：指标 {len(table.rows)} 项" in out
    assert f"任务 {len(plan.tasks)} 项，重点工程 {len(plan.projects)} 项" in out
    if plan.warnings:
        assert f"导入警告 {len(plan.warnings)} 条" in out
    assert _titles() == []  # without --save nothing is stored


@pytest.mark.parametrize("path", [HUICHANG, YICHUN, GANXIAN], ids=lambda p: p.stem.split("-")[0])
def test_round_trip_import_save_export_json(
    path: Path, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOCIV_DATABASE_URL", database_url)
    imported = _ok("import", str(path), "--json", "--save")
    plan_id = open_store().list_plans()[0].id
    out = tmp_path / "plan.json"
    _ok("export", str(plan_id), "--format", "json", "-o", str(out))
    assert out.read_text(encoding="utf-8") == imported


def test_save_twice_is_refused_and_replace_keeps_the_id() -> None:
    _ok("import", str(YICHUN), "--save")
    (first,) = open_store().list_plans()
    again = runner.invoke(app, ["import", str(YICHUN), "--save"])
    assert again.exit_code != 0 and isinstance(again.exception, InputError)
    assert "已有同名规划" in again.exception.message
    out = _ok("import", str(YICHUN), "--save", "--replace")
    assert f"编号 {first.id}" in out
    assert [p.id for p in open_store().list_plans()] == [first.id]


def test_plans_lists_what_was_saved() -> None:
    assert "还没有规划" in _ok("plans")
    _ok("import", str(HUICHANG), "--save")
    _ok("import", str(GANXIAN), "--save")
    out = _ok("plans")
    assert "会昌县" in out and "赣县区" in out
    assert "指标表2" in out
    listed = json.loads(_ok("plans", "--json"))
    assert [(p["region"], p["n_tables"]) for p in listed] == [("会昌县", 2), ("赣县区", 0)]
    assert listed[0]["n_indicators"] == len(read_plan(HUICHANG).indicator_tables[0].rows) + len(
        read_plan(HUICHANG).indicator_tables[1].rows
    )


def test_show_indents_sub_rows_and_finds_plans_by_text() -> None:
    _ok("import", str(YICHUN), "--save")
    plan = read_plan(YICHUN)
    table = next(t for t in plan.indicator_tables if any(r.sub_indicators for r in t.rows))
    n = plan.indicator_tables.index(table) + 1
    out = runner.invoke(app, ["show", "宜春", "--table", str(n)], env={"COLUMNS": "200"}).output
    assert table.title in out
    parent = next(r for r in table.rows if r.sub_indicators)
    lines = out.splitlines()
    at = next(k for k, line in enumerate(lines) if parent.name in line)
    assert "└─" + parent.sub_indicators[0].name in lines[at + 1]
    missing = runner.invoke(app, ["show", "不存在的规划"])
    assert isinstance(missing.exception, NotFoundError)
    bad = runner.invoke(app, ["show", "宜春", "--table", "99"])
    assert isinstance(bad.exception, InputError)


def test_export_xlsx_has_one_sheet_per_table_and_tasks_and_projects(tmp_path: Path) -> None:
    _ok("import", str(HUICHANG), "--save")
    out = tmp_path / "会昌.xlsx"
    _ok("export", "会昌", "--format", "xlsx", "-o", str(out))
    plan = read_plan(HUICHANG)
    wb = load_workbook(out)
    assert len(wb.sheetnames) == len(plan.indicator_tables) + 2
    assert wb.sheetnames[-2:] == ["任务", "重点工程"]
    for t, table in enumerate(plan.indicator_tables):
        ws = wb.worksheets[t]
        assert ws.cell(1, 1).value == table.title
        header = [c.value for c in ws[2]]
        assert header[0] == "指标键"
        keys = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
        assert keys == [k for k, _ in plan.indicators() if k.split("/")[0] == str(t)]
        name_col = next(k for k, h in enumerate(header) if h and "指标" in h and h != "指标键") + 1
        for row in range(3, ws.max_row + 1):
            key = ws.cell(row, 1).value
            ind = dict(plan.indicators())[key]
            assert ws.cell(row, name_col).value == ind.name
            assert (ws.cell(row, name_col).alignment.indent > 0) == (key.count("/") > 1)
    assert wb["任务"].max_row == len(plan.tasks) + 1
    assert wb["重点工程"].max_row == len(plan.projects) + 1
    assert wb["重点工程"].cell(2, 3).value == plan.projects[0].name


def test_sample_load_is_idempotent_and_matches_the_shipped_json() -> None:
    assert "新加载 3 份" in _ok("sample", "load")
    assert "新加载 0 份，已存在 3 份" in _ok("sample", "load")
    store = open_store()
    shipped = {p.title: plan_to_dict(p) for p in sample_plans()}
    assert len(shipped) == 3
    for summary in store.list_plans():
        assert plan_to_dict(store.get_plan(summary.id)) == shipped[summary.title]
    assert {p.region for p in store.list_plans()} == {"会昌县", "宜春市", "赣县区"}


def test_shipped_samples_hold_every_indicator_table() -> None:
    by_region = {p.region: p for p in sample_plans()}
    assert [len(t.rows) for t in by_region["会昌县"].indicator_tables] == [29, 35]
    assert [len(t.rows) for t in by_region["宜春市"].indicator_tables] == [21, 20]


def test_demo_loads_samples_and_prints_each_plan() -> None:
    out = _ok("demo")
    for plan in sample_plans():
        assert plan.title in out
    assert len(_titles()) == 3


# --- as a user runs it: the installed console script ----------------------------------------------


def test_real_process_import_save_plans_show() -> None:
    done = _run("import", str(HUICHANG), "--save")
    assert done.returncode == 0, done.stderr
    assert "已保存到数据库" in done.stdout
    listed = _run("plans")
    assert listed.returncode == 0 and "会昌县" in listed.stdout
    shown = _run("show", "会昌")
    assert shown.returncode == 0 and "└─" in shown.stdout


def _truncated() -> bytes:
    data = YICHUN.read_bytes()
    return data[: len(data) // 3 + 1]


#: Files made here, and whether importing them must fail (exit 2) or succeed with warnings (0).
MADE = {
    "empty.txt": (lambda: b"", 2),
    "binary.txt": (lambda: bytes(range(256)) * 20, 2),
    "picture.png": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), 2),
    "truncated.txt": (_truncated, 0),
    "gbk.txt": (lambda: HUICHANG.read_text(encoding="utf-8").encode("gbk"), 0),
}
BAD_INPUTS = [f"made/{n}" for n in MADE] + [f"problems/{p.name}" for p in sorted(PROBLEMS.glob("*"))]


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_gives_one_chinese_line_or_warnings_and_nothing_half_saved(
    name: str, tmp_path: Path
) -> None:
    origin, name = name.split("/")
    if origin == "made":
        f = tmp_path / name
        f.write_bytes(MADE[name][0]())
    else:
        f = PROBLEMS / name
    _ok("import", str(GANXIAN), "--save")
    before = _titles()
    result = runner.invoke(app, ["import", str(f), "--save"])
    if result.exception is not None:
        assert isinstance(result.exception, EcocivError), result.exception
        # as a user sees it: one line, exit 2, no traceback, nothing stored
        done = _run("import", str(f), "--save")
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        first = done.stderr.strip().splitlines()[0]
        assert first.startswith("错误：") and f.name in first, done.stderr
        assert _titles() == before
    else:
        assert result.exit_code == 0
        assert "已保存到数据库" in result.stdout
        after = _titles()
        assert len(after) == len(before) + 1
        again = runner.invoke(app, ["import", str(f), "--save"])
        assert isinstance(again.exception, InputError) and "已有同名规划" in again.exception.message
        assert _titles() == after
    if origin == "made":
        assert (2 if result.exception is not None else 0) == MADE[name][1]


def test_gbk_file_reads_like_utf8_and_reports_its_encoding(tmp_path: Path) -> None:
    gbk = tmp_path / "huichang-gbk.txt"
    gbk.write_bytes(HUICHANG.read_text(encoding="utf-8").encode("gbk"))
    out = json.loads(_ok("import", str(gbk), "--json"))
    ref = plan_to_dict(read_plan(HUICHANG))
    assert out["plan"]["encoding"] in ("gbk", "gb18030", "GBK", "GB18030")
    assert out["indicator_tables"] == ref["indicator_tables"]


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    done = _run("import", str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and done.stderr.startswith("错误：文件不存在")
    folder = runner.invoke(app, ["import", str(tmp_path)])
    assert isinstance(folder.exception, InputError)
    unknown = _run("export", "999", "-o", str(tmp_path / "x.json"))
    assert unknown.returncode == 2 and "没有编号为 999 的规划" in unknown.stderr


def test_delete_asks_first_and_removes_the_plan() -> None:
    _ok("import", str(HUICHANG), "--save")
    _ok("import", str(YICHUN), "--save")
    kept = runner.invoke(app, ["delete", "会昌"], input="n\n")
    assert kept.exit_code == 1 and "未删除" in kept.stdout
    assert len(_titles()) == 2
    out = _ok("delete", "会昌", "--yes")
    assert "已删除" in out
    assert _titles() == [read_plan(YICHUN).title]
    assert open_store().audit_log(1, entity="plan")[0].action == "delete"


def test_brackets_in_plan_texts_are_shown_as_written() -> None:
    from ecociv.model import Baseline, Indicator, IndicatorTable, Plan

    odd = "[/red]规划[bold]"
    plan = Plan(
        title=f"{odd}测试",
        region="某县",
        indicator_tables=[
            IndicatorTable(
                title="表1 [/b]指标",
                columns=["指标", "现状值"],
                rows=[
                    Indicator(
                        name="[b]单位GDP能耗",
                        baseline=Baseline(2020, "[19.5]"),
                        sub_indicators=[Indicator(name="[/i]子项")],
                    )
                ],
            )
        ],
    )
    open_store().save_plan(plan)
    shown = runner.invoke(app, ["show", "某县"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    for text in (plan.title, "表1 [/b]指标", "[b]单位GDP能耗", "[19.5]", "└─[/i]子项"):
        assert text in shown.stdout
    listed = runner.invoke(app, ["plans"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and odd in listed.stdout


def test_import_a_folder_saves_every_plan_in_one_transaction(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for name, src in (("a.json", HUICHANG), ("b.json", YICHUN)):
        (folder / name).write_text(json.dumps(plan_to_dict(read_plan(src)), ensure_ascii=False), encoding="utf-8")
    (folder / "notes.csv").write_text("not a plan", encoding="utf-8")  # other files are left alone
    out = _ok("import", str(folder), "--save")
    assert "已保存 2 份规划" in out and "a.json：" in out and "b.json：" in out
    saved = sorted(_titles())
    assert saved == sorted([read_plan(HUICHANG).title, read_plan(YICHUN).title])
    store = open_store()
    try:  # the multi-row path stores the same plan as it was read, sub-rows under their parents
        huichang = next(s.id for s in store.list_plans() if s.region == "会昌县")
        expected = plan_to_dict(plan_from_dict(plan_to_dict(read_plan(HUICHANG))))  # as the folder's JSON reads
        assert plan_to_dict(store.get_plan(huichang))["indicator_tables"] == expected["indicator_tables"]
    finally:
        store.engine.dispose()
    # a file that cannot be read: nothing of the batch is stored
    other = tmp_path / "more"
    other.mkdir()
    (other / "c.json").write_text(json.dumps(plan_to_dict(read_plan(GANXIAN)), ensure_ascii=False), encoding="utf-8")
    (other / "d.json").write_text("{broken", encoding="utf-8")
    bad = runner.invoke(app, ["import", str(other), "--save"])
    assert bad.exit_code != 0 and isinstance(bad.exception, InputError) and "d.json" in bad.exception.message
    assert sorted(_titles()) == saved
    # the same plans again without --replace: refused as a whole
    again = runner.invoke(app, ["import", str(folder), str(other / "c.json"), "--save"])
    assert isinstance(again.exception, InputError) and "已有同名规划" in again.exception.message
    assert sorted(_titles()) == saved


def test_import_a_folder_of_excel_attachments(tmp_path: Path) -> None:
    from tests.importers._xlsxmake import indicator_workbook, task_workbook

    assert ".xlsx" in _ok("import", "--help")
    folder = tmp_path / "附件"
    folder.mkdir()
    indicator_workbook(folder / "附件1 某某县生态文明建设示范区建设指标体系.xlsx")
    task_workbook(folder / "附件2 重点任务分工表.xlsx")
    out = _ok("import", str(folder), "--save")
    assert "已保存 2 份规划" in out and "附件1 某某县生态文明建设示范区建设指标体系.xlsx：" in out
    assert _titles() == ["某某县生态文明建设示范区建设指标体系", "某某县生态文明建设示范区重点任务分工表"]
    # a finding of a workbook names its sheet
    shown = _ok("import", str(folder / "附件2 重点任务分工表.xlsx"))
    assert "工作表“填表说明”" in shown
