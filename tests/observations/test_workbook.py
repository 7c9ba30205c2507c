"""Fill-in workbook round trip: template -> filled with openpyxl -> import -> assess; bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import HUICHANG
from typer.testing import CliRunner

from ecociv.assess import assess_plan
from ecociv.cli import app
from ecociv.errors import InputError
from ecociv.importers import read_plan
from ecociv.model import Plan
from ecociv.observations import import_observations, read_observations, write_template
from ecociv.store import Store, open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(HUICHANG)


@pytest.fixture()
def saved(plan: Plan) -> tuple[Store, int]:
    store = open_store()
    return store, store.save_plan(plan)


def _columns(ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {c.value: c.column for c in ws[1] if c.value}


def _row_of(ws, name: str) -> int:  # type: ignore[no-untyped-def]
    cols = _columns(ws)
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, cols["指标名称"]).value == name and str(ws.cell(r, 1).value).startswith("1/"):
            return r
    raise AssertionError(name)


def test_template_layout(tmp_path: Path, plan: Plan) -> None:
    out = write_template(plan, tmp_path / "t.xlsx")
    wb = load_workbook(out)
    ws = wb["指标数据"]
    cols = _columns(ws)
    assert list(cols)[:8] == ["指标键", "领域", "序号", "指标名称", "单位", "指标值", "指标属性", "基准值"]
    assert "2025年目标值" in cols and "2030年目标值" in cols
    assert [h for h in cols if h.endswith("年") and h[:4].isdigit()] == [f"{y}年" for y in range(2022, 2031)]
    assert ws.max_row - 1 == len(plan.indicators())  # one row per indicator or sub-indicator
    assert ws.freeze_panes == "E2"
    r = _row_of(ws, "农村生活污水治理率")
    assert ws.cell(r, cols["2022年"]).value == 32  # baseline prefilled in its year
    assert ws.cell(r, cols["2025年目标值"]).value == "≥ 50"
    # percentages are validated 0–100, qualitative rows get a choice list
    ranges = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    col = ws.cell(1, cols["2022年"]).column_letter
    pct = [v for k, v in ranges.items() if f"{col}{r}:" in k or k.startswith(f"{col}{r}:") or f" {col}{r}:" in k]
    assert pct == [("decimal", "0", "100")]
    assert any(t == "list" for t, _, _ in ranges.values())
    assert "填报说明" in wb.sheetnames


def test_round_trip_template_fill_import_assess(tmp_path: Path, saved: tuple[Store, int]) -> None:
    store, plan_id = saved
    plan = store.get_plan(plan_id)
    path = tmp_path / "填报.xlsx"
    res = runner.invoke(app, ["observe", "template", str(plan_id), "-o", str(path)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(path)
    ws = wb["指标数据"]
    cols = _columns(ws)
    r = _row_of(ws, "农村生活污水治理率")
    ws.cell(r, cols["2023年"]).value = 38.5
    ws.cell(r, cols["2024年"]).value = "45"
    ws.cell(r, cols["数据来源（填报单位）"]).value = "县农业农村局"
    q = _row_of(ws, "生态文明建设规划")
    ws.cell(q, cols["2024年"]).value = "达标"
    wb.save(path)
    res = runner.invoke(app, ["observe", "import", str(plan_id), str(path), "--user", "张三"])
    assert res.exit_code == 0, res.output
    assert "写入数据" in res.output
    key = ws.cell(r, 1).value
    history = store.observation_history(plan_id, key)
    assert [(o.year, o.value, o.source) for o in history if o.year > 2022] == [
        (2023, 38.5, "县农业农村局"),
        (2024, 45.0, "县农业农村局"),
    ]
    assert all(o.recorded_by == "张三" for o in history if o.year > 2022)
    a = assess_plan(plan, store.observations(plan_id), 2024)
    item = next(i for i in a.indicators if i.key == key)
    assert item.value == 45.0 and item.standard.status == "not_met"
    assert item.progress[0].observed_cagr == pytest.approx((45 / 32) ** 0.5 - 1)
    plan_row = next(i for i in a.indicators if i.key == ws.cell(q, 1).value)
    assert plan_row.standard.status == "met"  # 达标 confirms the qualitative standard
    # importing the file again records a new version, the old one stays in the history
    ws.cell(r, cols["2024年"]).value = 46
    wb.save(path)
    import_observations(store, plan_id, path)
    versions = [o.value for o in store.observation_history(plan_id, key) if o.year == 2024]
    assert versions == [45.0, 46.0]


def _bad_workbook(tmp_path: Path, plan: Plan) -> tuple[Path, dict[str, int]]:
    path = write_template(plan, tmp_path / "bad.xlsx")
    wb = load_workbook(path)
    ws = wb["指标数据"]
    cols = _columns(ws)
    rows = {}
    rows["good"] = _row_of(ws, "城镇污水处理率")
    ws.cell(rows["good"], cols["2023年"]).value = 94.1
    rows["text"] = _row_of(ws, "农村生活污水治理率")
    ws.cell(rows["text"], cols["2023年"]).value = "约四成"
    rows["pct"] = _row_of(ws, "城镇新建绿色建筑比例")
    ws.cell(rows["pct"], cols["2023年"]).value = 120
    rows["unit"] = _row_of(ws, "城镇生活垃圾无害化处理率")
    ws.cell(rows["unit"], cols["单位"]).value = "吨"
    ws.cell(rows["unit"], cols["2023年"]).value = 100
    rows["unknown"] = ws.max_row + 1
    ws.cell(rows["unknown"], 1).value = "9/9"
    ws.cell(rows["unknown"], cols["指标名称"]).value = "人均碳汇量"
    ws.cell(rows["unknown"], cols["2023年"]).value = 3
    far = ws.max_column + 1
    ws.cell(1, far).value = "2050年"
    rows["year"] = _row_of(ws, "村镇饮用水卫生合格率")
    ws.cell(rows["year"], far).value = 100
    cols["2050年"] = far
    wb.save(path)
    return path, rows


def test_bad_rows_are_all_listed_and_nothing_is_written(tmp_path: Path, saved: tuple[Store, int]) -> None:
    store, plan_id = saved
    plan = store.get_plan(plan_id)
    path, rows = _bad_workbook(tmp_path, plan)
    batch = read_observations(plan, path)
    got = {(e.slug, e.row) for e in batch.errors}
    assert got == {
        ("not-a-number", rows["text"]),
        ("percent-out-of-range", rows["pct"]),
        ("unit-mismatch", rows["unit"]),
        ("unknown-indicator", rows["unknown"]),
        ("year-out-of-range", rows["year"]),
    }
    for e in batch.errors:
        assert e.sheet == "指标数据" and e.file == "bad.xlsx" and e.column
        assert "工作表“指标数据”" in str(e)
    text_err = next(e for e in batch.errors if e.slug == "not-a-number")
    assert text_err.column == "K" or text_err.column.isalpha()
    before = len(store.observations(plan_id))
    with pytest.raises(InputError) as exc:
        import_observations(store, plan_id, path)
    assert "未写入任何数据" in exc.value.message and len(exc.value.findings) == 5
    assert len(store.observations(plan_id)) == before
    res = runner.invoke(app, ["observe", "import", str(plan_id), str(path)])
    assert res.exit_code != 0


def test_partial_writes_the_valid_rows(tmp_path: Path, saved: tuple[Store, int]) -> None:
    store, plan_id = saved
    plan = store.get_plan(plan_id)
    path, rows = _bad_workbook(tmp_path, plan)
    res = runner.invoke(app, ["observe", "import", str(plan_id), str(path), "--partial"])
    assert res.exit_code == 0, res.output
    assert "未导入的错误 5 处" in res.output
    assert f"第{rows['pct']}行" in res.output
    key = next(k for k, ind in plan.indicators() if k.startswith("1/") and ind.name == "城镇污水处理率")
    assert [o.value for o in store.observations(plan_id, year=2023) if o.indicator_key == key] == [94.1]
    assert not [o for o in store.observations(plan_id, year=2023) if o.value == 120]


def test_csv_import_by_name(tmp_path: Path, saved: tuple[Store, int]) -> None:
    store, plan_id = saved
    path = tmp_path / "figures.csv"
    path.write_text("指标名称,单位,2023年,2024年,数据来源\n农村生活污水治理率,%,36,41.5,农业农村局\n村镇饮用水卫生合格率,%,100,,卫健委\n", encoding="gb18030")
    report = import_observations(store, plan_id, path)
    assert report.rows_read == 2 and report.rows_valid == 2 and report.written == 3
    path.write_text("指标名称,2023年\n危险废物利用处置率,100\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:  # the name is in both tables: the key is needed
        import_observations(store, plan_id, path)
    assert exc.value.findings[0].slug == "ambiguous-indicator"
    assert exc.value.findings[0].sheet is None and exc.value.findings[0].row == 2


def test_observe_set_keeps_history(saved: tuple[Store, int]) -> None:
    store, plan_id = saved
    args = ["observe", "set", str(plan_id), "1/25", "2023", "35", "--source", "农业农村局"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args[:4], "2023", "36.5"]).exit_code == 0
    assert [o.value for o in store.observation_history(plan_id, "1/25") if o.year == 2023] == [35.0, 36.5]
    shown = runner.invoke(app, ["observe", "history", str(plan_id), "农村生活污水治理率"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "35" in shown.output and "36.5" in shown.output and "农业农村局" in shown.output and "规划基准值" in shown.output
    bad = runner.invoke(app, ["observe", "set", str(plan_id), "1/25", "2023", "一百"])
    assert bad.exit_code != 0
    assert isinstance(bad.exception, InputError) and "应填数值" in bad.exception.message


def test_cli_lists_bad_rows_in_chinese(tmp_path: Path, saved: tuple[Store, int]) -> None:
    import os
    import subprocess
    import sys

    store, plan_id = saved
    path, rows = _bad_workbook(tmp_path, store.get_plan(plan_id))
    exe = Path(sys.executable).with_name("ecociv")
    res = subprocess.run([str(exe), "observe", "import", str(plan_id), str(path)], capture_output=True, text=True, env=dict(os.environ))
    assert res.returncode == 2
    assert res.stderr.startswith("错误：bad.xlsx：5行有错误，未写入任何数据")
    assert f"bad.xlsx 工作表“指标数据” 第{rows['pct']}行" in res.stderr
    assert "Traceback" not in res.stderr
