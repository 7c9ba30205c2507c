"""``ecociv eval``, ``catalog list|show`` and ``plan new`` as a user runs them (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import HUICHANG

from ecociv.importers import read_plan

ECOCIV = Path(sys.executable).parent / "ecociv"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, timeout=120, input=stdin)


def test_eval_prints_label_and_reason() -> None:
    r = _run("eval", "≥20", "24.5")
    assert r.returncode == 0
    assert r.stdout.strip() == "达标：24.5 ≥ 20，达标"


def test_eval_json_has_status_label_reason_expression() -> None:
    r = _run("eval", "保持稳定或持续改善", "17", "--baseline", "19", "--name", "PM2.5浓度", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["status"] == "met" and d["label"] == "达标"
    assert d["reason"] == "17 低于基准值 19，符合“保持稳定或持续改善”，达标"
    assert d["expression"]["kind"] == "trend"
    r = _run("eval", "85", "90", "--direction", "lower", "--json")
    assert json.loads(r.stdout)["status"] == "not_met"


def test_eval_confirmation_decides_qualitative_standards() -> None:
    assert _run("eval", "建立", "--confirmed").stdout.strip() == "达标：已确认达到“建立”，达标"
    assert _run("eval", "完成省下达目标", "12", "--not-confirmed").stdout.startswith("未达标")


def test_eval_bad_direction_is_a_chinese_error() -> None:
    r = _run("eval", "≥20", "3", "--direction", "up")
    assert r.returncode == 2
    assert r.stderr.startswith("错误：") and "higher" in r.stderr
    assert "Traceback" not in r.stderr


def test_eval_batch_judges_a_whole_table(tmp_path: Path) -> None:
    plan = read_plan(HUICHANG)
    rows = [row for t in plan.indicator_tables for row in t.rows]
    lines = [
        json.dumps(
            {"standard": row.standard, "value": row.baseline.value if row.baseline else None, "name": row.name},
            ensure_ascii=False,
        )
        for row in rows
    ]
    batch = tmp_path / "rows.jsonl"
    batch.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    r = _run("eval", "--batch", str(batch))
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(out) == len(rows) == 64
    assert sum(1 for d, row in zip(out, rows, strict=True) if d["label"] == row.status) == 57
    # stdin works too
    r2 = _run("eval", "--batch", "-", stdin="\n".join(lines[:3]))
    assert [json.loads(x) for x in r2.stdout.splitlines()] == out[:3]


def test_eval_batch_bad_line_names_the_line(tmp_path: Path) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"standard": "≥20", "value": 24.5}\n{"standard": "≥20", "value": 24.5,}\n', encoding="utf-8")
    r = _run("eval", "--batch", str(batch))
    assert r.returncode == 2 and r.stdout == ""
    assert "第2行" in r.stderr and r.stderr.startswith("错误：")
    batch.write_text('{"standard": "≥20", "direction": "up"}\n', encoding="utf-8")
    r = _run("eval", "--batch", str(batch))
    assert r.returncode == 2 and "第1行" in r.stderr
    batch.write_text('["≥20", 3]\n', encoding="utf-8")
    r = _run("eval", "--batch", str(batch))
    assert r.returncode == 2 and "JSON 对象" in r.stderr
    r = _run("eval", "--batch", str(tmp_path / "missing.jsonl"))
    assert r.returncode == 2 and "找不到" in r.stderr


def test_catalog_list_and_show() -> None:
    r = _run("catalog", "list", "--json")
    assert r.returncode == 0
    assert {c["id"]: c["entries"] for c in json.loads(r.stdout)} == {"jiangxi-county": 29, "national-county-2019": 35}
    r = _run("catalog", "show", "national-county-2019")
    assert r.returncode == 0 and "林草覆盖率" in r.stdout and "越低越好" in r.stdout
    r = _run("catalog", "show", "national-county-2019", "--json")
    assert json.loads(r.stdout)["entries"][0]["name"] == "生态文明建设规划"
    r = _run("catalog", "show", "nope")
    assert r.returncode == 2 and "没有指标目录" in r.stderr


def test_plan_new_prints_or_writes_a_plan(tmp_path: Path) -> None:
    r = _run("plan", "new", "--region", "会昌县", "--catalog", "jiangxi-county")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["schema"] == "ecociv.plan/1" and d["plan"]["region"] == "会昌县"
    assert len(d["indicator_tables"][0]["rows"]) == 29
    out = tmp_path / "p.json"
    r = _run("plan", "new", "--region", "会昌县", "--catalog", "jiangxi-county", "-o", str(out))
    assert r.returncode == 0 and json.loads(out.read_text(encoding="utf-8")) == d
    r = _run("plan", "new", "--region", "会昌县", "--catalog", "jiangxi-county", "-o", str(out))
    assert r.returncode == 2 and "已存在" in r.stderr
