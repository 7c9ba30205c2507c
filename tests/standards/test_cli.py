"""``ecociv eval``, ``catalog list|show`` and ``plan new`` as a user runs them (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import HUICHANG

from ecociv.importers import read_plan
from ecociv.standards import catalog_citation, evaluate, list_catalogs

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


def _expected(d: dict[str, Any]) -> dict[str, Any]:
    """What one batch line gives: the judgement of ``evaluate`` with its catalog citation."""
    hl = d.get("higher_level")
    j = evaluate(d.get("standard"), d.get("value"), baseline=d.get("baseline"), direction=d.get("direction"),
                 name=d.get("name"), unit=d.get("unit"), terrain=d.get("terrain"), confirmed=d.get("confirmed"),
                 higher_level=float(hl) if hl is not None else None)
    out = j.to_dict()
    cite = catalog_citation(d["name"], d.get("standard")) if d.get("name") else None
    if cite:
        out["reason"] = f"{out['reason']}（{cite}）"
        out["source"] = cite.removeprefix("依据：")
    return out


def test_eval_batch_gives_each_line_the_judgement_of_evaluate(tmp_path: Path) -> None:
    """Lines sharing a standard share one prepared evaluator: every line must still be judged
    on its own value, baseline, terrain, confirmation and higher-level figure."""
    entries = [(x.standard, x.name, x.unit) for c in list_catalogs() for e in c.entries for x in (e, *e.sub_indicators)]
    values: list[Any] = [24.5, 0, 95, -1.5, "完成", "已建立", "无", "", None, "山区 70", "12 13", 3]
    extras: list[dict[str, Any]] = [{}, {"baseline": 30}, {"baseline": "19.5"}, {"terrain": "山区"},
                                    {"confirmed": True}, {"confirmed": False}, {"higher_level": 20},
                                    {"direction": "lower"}, {"name": None}]
    lines = []
    for k, (standard, name, unit) in enumerate(entries * 3):
        d: dict[str, Any] = {"standard": standard, "value": values[k % len(values)], "name": name, "unit": unit}
        d.update(extras[k % len(extras)])
        lines.append(d)
    lines.append({"standard": "≥20", "value": 24.5})
    batch = tmp_path / "all.jsonl"
    batch.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in lines) + "\n", encoding="utf-8")
    r = _run("eval", "--batch", str(batch))
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert out == [_expected(d) for d in lines]
    assert {d["status"] for d in out} == {"met", "not_met", "needs_review", "no_data"}
    # the single judgement as a user runs it agrees with its batch line
    one = lines[0]
    single = _run("eval", str(one["standard"]), str(one["value"]), "--name", str(one["name"]), "--json")
    assert json.loads(single.stdout) == _expected({**one, "value": str(one["value"])})


def test_eval_batch_lines_are_the_bytes_of_each_judgement(tmp_path: Path) -> None:
    """Byte for byte, each output line is ``orjson.dumps`` of the judgement's data with its
    citation (as ``eval --batch`` wrote it before its lines were made from shared pieces): plain
    comparisons met and not met, on ints, floats, negative, tiny and huge numbers, with and
    without a citation, and every other kind of standard, value and field."""
    import random

    import orjson

    rnd = random.Random(5)
    entries = [(x.standard, x.name, x.unit) for c in list_catalogs() for e in c.entries for x in (e, *e.sub_indicators)]
    entries += [("≥20", None, None), ("<1", "森林覆盖率", "%"), ("＞95", "城镇污水处理率", "%"), ("=100", None, "%"),
                ("85", "水质优良比例", "%"), ("85", None, None), ("≤35", "细颗粒物（PM2.5）浓度", "微克/立方米"),
                ("≤0.5", "单位GDP能耗", "吨标准煤/万元"), ("≥-1", "生态质量指数（EQI）", None), ("≥20", "某指标", "万吨")]
    numbers: list[Any] = [0, -0.0, 1, 20, 20.0, 19.999999999999996, -1.5, 1e-07, 1e20, 123456789012345678, 0.1 + 0.2]
    lines = []
    for k in range(3000):
        standard, name, unit = entries[k % len(entries)]
        value: Any = rnd.choice(numbers) if k % 4 == 0 else round(rnd.uniform(-10, 130), rnd.choice([0, 1, 2, 6]))
        if k % 9 == 4:
            value = rnd.choice(["完成", "已建立", "无", "", "山区 70", "12 13", "24.5", None])
        d: dict[str, Any] = {"standard": standard, "value": value, "name": name, "unit": unit}
        if k % 3 == 0:
            d["baseline"] = rnd.choice([30, "19.5", 24.5, None])
        if k % 13 == 1:
            d["confirmed"] = bool(k % 2)
        if k % 17 == 2:
            d["direction"] = "lower"
        if k % 19 == 3:
            d["higher_level"] = 20
        lines.append(d)
    batch = tmp_path / "varied.jsonl"
    batch.write_bytes(b"\n".join(orjson.dumps(d) for d in lines) + b"\n")
    done = subprocess.run([str(ECOCIV), "eval", "--batch", str(batch)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    expected = b"".join(orjson.dumps(_expected(d)) + b"\n" for d in lines)
    assert done.stdout == expected
    out = [json.loads(x) for x in done.stdout.splitlines()]
    plain = [o for o in out if o["expression"]["kind"] == "compare" and "parts" not in o]
    assert {"met", "not_met"} <= {o["status"] for o in plain} and any("source" in o for o in plain)
    assert any("e+20" in o["reason"] or "1e-07" in o["reason"] for o in plain)


def test_eval_batch_reports_the_first_problem_of_a_line(tmp_path: Path) -> None:
    batch = tmp_path / "bad.jsonl"
    good = '{"standard": "≥20", "value": 24.5, "name": "森林覆盖率"}'
    for bad, message in (
        ('{"standard": "≥20", "value": true, "name": "森林覆盖率"}', "第2行：字段 value 应为数值或文本"),
        ('{"standard": "≥20", "value": [1], "higher_level": "x"}', "第2行：字段 value 应为数值或文本"),
        ('{"standard": "≥20", "value": 3, "higher_level": "x"}', "第2行：字段 higher_level 应为数值"),
        ('{"standard": ["≥20"], "value": 3}', "第2行：字段 standard 应为文本"),
        ('{"standard": "≥20", "baseline": {"a": 1}}', "第2行：字段 baseline 应为数值或文本"),
        ('{"standard": "≥20", "value": 3, "colour": 1}', "第2行：未知字段 colour"),
    ):
        batch.write_text(f"{good}\n{bad}\n", encoding="utf-8")
        r = _run("eval", "--batch", str(batch))
        assert r.returncode == 2 and r.stdout == "", bad
        assert r.stderr.startswith(f"错误：{batch} {message}"), (bad, r.stderr)


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


def test_eval_batch_lines_end_at_line_breaks_only(tmp_path: Path) -> None:
    """A JSON text may hold U+2028 or U+0085 raw in a string (Python's ``str.splitlines`` breaks
    lines there): the line stays one line."""
    batch = tmp_path / "seps.jsonl"
    batch.write_text('{"standard": "建立", "value": "已建立\u2028"}\r\n{"standard": "≥20", "value": 3, "name": "a\x85b"}\n',
                     encoding="utf-8")
    r = _run("eval", "--batch", str(batch))
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [d["status"] for d in out] == ["met", "not_met"]
