"""The cycle from the command line (a real ``ecociv`` process for errors), the 调度通报 exports
(DOCX, XLSX with formula-like text kept as text, CSV of units not reported), indicator and project
items with their units, and county scores under a city plan."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from ecociv.cli import app
from ecociv.errors import InputError
from ecociv.model import Indicator, IndicatorTable, Plan, Project, Task
from ecociv.store import Store, open_store
from ecociv.workflow import (
    ReportInput,
    actor,
    add_user_unit,
    open_round,
    plan_items,
    review_report,
    round_status,
    round_xlsx,
    safe_text,
    save_report,
    score_plan,
    score_regions,
    set_rule,
)

from .conftest import UNIT_A, UNIT_B, build_cycle

runner = CliRunner()
ECOCIV = Path(sys.executable).parent / "ecociv"


def _ok(*args: str) -> str:
    """The output of a command that must succeed."""
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, (done.output, done.exception)
    return str(done.stdout)


def _json(*args: str) -> Any:
    return json.loads(_ok(*args, "--json"))


def test_round_review_and_score_from_the_command_line(tmp_path: Path) -> None:
    import os

    c = build_cycle(os.environ["ECOCIV_DATABASE_URL"])
    _ok("user", "add", "zrzy", "--password", "correct-horse-42", "--unit", "区自然资源局")
    from ecociv.workflow import units_of

    assert units_of(c.store, "zrzy") == ["区自然资源局"]
    opened = _json("round", "open", str(c.plan_id), "--due", "2099-12-31", "--kind", "季度",
                   "--items", "task")
    rid = opened["id"]
    assert opened["kind"] == "quarterly" and opened["kinds"] == ["task"]
    assert f"{rid}\t" in _ok("round", "list")
    items = plan_items(c.store, c.plan_id).items
    ref = next(i.ref for i in items if i.kind == "task" and UNIT_A in i.units)
    rep = save_report(c.store, actor(c.store, "fgw"), rid, ref, ReportInput(progress_text="=1+2 已完成", percent=100),
                      submit=True)
    status = _json("round", "status", str(rid))
    assert status["counts"]["submitted"] == 1 and UNIT_B in status["missing_units"]
    assert "已通过" in _ok("review", "approve", str(rep.id), "--comment", "同意")
    hist = _json("review", "history", str(rep.id))
    assert [h["action"] for h in hist] == ["save", "submit", "approve"]
    _ok("score", "rule", str(c.plan_id), "on_time=30", "按进度推进=70")
    scores = _json("score", "show", str(c.plan_id))
    assert scores["units"][0]["name"] == UNIT_A and scores["units"][0]["score"] == 100
    out = tmp_path / "通报.xlsx"
    _ok("round", "export", str(rid), "-o", str(out))
    wb = load_workbook(out)
    detail = wb["事项进展"]
    texts = [cell.value for row in detail.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("=1+2 已完成" in t for t in texts)
    assert all(not t.startswith("=") for t in texts)
    assert "考评" in wb.sheetnames
    csv_out = tmp_path / "未报.csv"
    _ok("round", "export", str(rid), "-o", str(csv_out))
    assert UNIT_B in csv_out.read_text(encoding="utf-8-sig")
    docx_out = tmp_path / "通报.docx"
    _ok("round", "export", str(rid), "-o", str(docx_out))
    body = "\n".join(cell.text for t in Document(str(docx_out)).tables for row in t.rows for cell in row.cells)
    assert UNIT_A in body and "=1+2 已完成" in body

    # errors are one Chinese line and exit code 2
    bad = subprocess.run([str(ECOCIV), "review", "return", str(rep.id), "--comment", "x"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("错误：") and "待审核" in bad.stderr
    bad = subprocess.run([str(ECOCIV), "round", "open", str(c.plan_id), "--due", "明天"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "错误：" in bad.stderr and "Traceback" not in bad.stderr
    c.store.engine.dispose()


def test_spreadsheet_formula_text_is_kept_as_text(tmp_path: Path) -> None:
    for s in ("=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"):
        assert safe_text(s) == "'" + s
    assert safe_text("正常") == "正常" and safe_text(3) == 3


def _city_and_county(url: str) -> tuple[Store, int, int]:
    store = open_store(url)
    city = Plan(title="市级规划", region="某市",
                indicator_tables=[IndicatorTable(title="指标", rows=[
                    Indicator(name="空气质量优良天数比例", unit="%", standard="≥90", lead_unit="市生态环境局",
                              extra={"配合单位": "市气象局"}),
                    Indicator(name="森林覆盖率", unit="%", extra={"责任单位": "市林业局"}),
                ])],
                projects=[Project(name="污水处理厂提标改造", responsible=["市住建局", "各县区政府"], investment_wan_yuan=5000)],
                tasks=[Task(text="推进污水管网建设。", units=["市住建局"], title="管网")])
    county = Plan(title="县级方案", region="某县", tasks=[Task(text="整治黑臭水体。", units=["县水利局"], title="水体")])
    city_id = store.save_plan(city)
    county_id = store.save_plan(county)
    store.update_region("某县", parent="某市")
    return store, city_id, county_id


def test_indicator_and_project_items_and_county_scores(database_url: str, tmp_path: Path) -> None:
    from ecociv.web import Accounts

    store, city_id, county_id = _city_and_county(database_url)
    items = {i.ref: i for i in plan_items(store, city_id).items}
    assert items["I0/0"].units == ["市生态环境局", "市气象局"] and items["I0/0"].kind == "indicator"
    assert items["I0/1"].units == ["市林业局"]
    assert items["P1"].units == ["市住建局"]  # 各县区政府 stands for unnamed units
    assert items["P1"].investment_wan_yuan == 5000
    acc = Accounts(store.engine)
    acc.add("city", "correct-horse-42", "editor", "某市")
    acc.add("zj", "correct-horse-42", "viewer")
    acc.add("sl", "correct-horse-42", "viewer")
    add_user_unit(store, "zj", "市住建局")
    add_user_unit(store, "sl", "县水利局")
    office = actor(store, "city")
    # the city's editor is also the office of the county's plan
    past = dt.date.today() - dt.timedelta(days=1)
    r_city = open_round(store, office, city_id, kind="monthly", due=dt.date.today() + dt.timedelta(days=3))
    r_county = open_round(store, office, county_id, kind="monthly", due=past)
    zj, sl = actor(store, "zj"), actor(store, "sl")
    rep = save_report(store, zj, r_city.id, "P1", ReportInput(progress_text="已开工", investment_wan_yuan=1200,
                                                              percent=30), submit=True)
    assert rep.investment_wan_yuan == 1200 and not rep.late
    with pytest.raises(InputError, match="不是重点工程"):
        save_report(store, zj, r_city.id, "T1", ReportInput(investment_wan_yuan=1))
    review_report(store, office, rep.id, approve=True)
    save_report(store, sl, r_county.id, "T1", ReportInput(progress_text="推进中", percent=50), submit=True)
    set_rule(store, office, city_id, {"on_time": 50, "on_schedule": 50})
    units = {s.name: s for s in score_plan(store, city_id)}
    assert "市住建局" in units
    counties = score_regions(store, city_id)
    assert [s.name for s in counties] == ["某县"]
    on_time = next(p for p in counties[0].parts if p.key == "on_time")
    assert (on_time.done, on_time.total) == (0, 1)  # the county's only report came after its due date
    st = round_status(store, office, r_city.id)
    path = round_xlsx(st, tmp_path / "city.xlsx", score_plan(store, city_id), counties)
    assert "下辖地区考评" in load_workbook(path).sheetnames
    store.engine.dispose()
