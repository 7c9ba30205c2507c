"""Plan lint on the sample plans and on a hand-made plan with one of each problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import DATA, GANXIAN, HUICHANG, YICHUN
from typer.testing import CliRunner

from ecociv.assess import LINT_SLUGS, lint_file
from ecociv.cli import app
from ecociv.model import Finding

FIXTURE = DATA / "plans-with-problems" / "lint-county-plan.txt"


def _by_slug(findings: list[Finding], slug: str) -> list[Finding]:
    return [f for f in findings if f.slug == slug]


@pytest.fixture(scope="module")
def huichang() -> list[Finding]:
    return lint_file(HUICHANG)


@pytest.fixture(scope="module")
def yichun() -> list[Finding]:
    return lint_file(YICHUN)


def test_every_finding_is_well_formed(huichang: list[Finding], yichun: list[Finding]) -> None:
    for f in huichang + yichun:
        assert f.slug in LINT_SLUGS
        assert f.severity == LINT_SLUGS[f.slug]
        assert f.line is not None and f.line > 0
        assert any("\u4e00" <= c <= "\u9fff" for c in f.message)


def test_huichang_prose_met_list_against_table_3_1(huichang: list[Finding]) -> None:
    lines = HUICHANG.read_text(encoding="utf-8").splitlines()
    claim_line = next(i for i, s in enumerate(lines, 1) if "已达指标 28 项" in s)
    at_claim = [f for f in huichang if f.line == claim_line]
    # the list names an indicator of the national table (表3.2) ...
    assert [f.data["name"] for f in _by_slug(at_claim, "prose-name-not-in-table")] == [
        "党政领导干部参加生态文明培训的人数比例"
    ]
    # ... and leaves out two rows 表3.1 marks 达标
    missing = _by_slug(at_claim, "prose-names-missing")
    assert len(missing) == 1
    assert set(missing[0].data["names"]) == {"突发生态环境事件应急管理机制", "绿色有机农产品基地面积比例"}
    # 28 claimed, 27 distinct indicators listed (河（湖）长制、林长制 is one row)
    counts = _by_slug(at_claim, "prose-count-mismatch")
    assert [(f.data["stated"], f.data.get("listed")) for f in counts] == [(28, 27)]


def test_huichang_national_table_claims_agree(huichang: list[Finding]) -> None:
    lines = HUICHANG.read_text(encoding="utf-8").splitlines()
    for phrase in ("已达标指标 33 项", "尚有 2 项指标", "共设定规划指标 35 项", "共设定规划指标 29 项"):
        n = next(i for i, s in enumerate(lines, 1) if phrase in s)
        assert not [f for f in huichang if f.line == n and f.slug.startswith("prose-")], phrase


def test_huichang_same_indicator_two_baselines(huichang: list[Finding]) -> None:
    found = _by_slug(huichang, "baseline-mismatch-tables")
    assert len(found) == 1
    assert "单位地区生产总值能耗" in found[0].message
    assert sorted(found[0].data["values"]) == [0.4704, 0.4837]
    assert found[0].data["year"] == 2022


def test_huichang_targets_weaker_than_baseline(huichang: list[Finding]) -> None:
    weaker = {(f.message.split("“")[1].split("”")[0], f.data["year"]) for f in _by_slug(huichang, "target-weaker-than-baseline")}
    assert ("单位地区生产总值用水量", 2025) in weaker  # ≤128.0 against 107.7, lower is better
    assert ("城镇新建绿色建筑比例", 2025) in weaker  # ≥90 against 100
    # a target restating the standard's floor, or a change measure (ΔEQI), is not reported
    assert not any("生态质量指数" in name for name, _ in weaker)
    assert not any("建设用地" in name for name, _ in weaker)


def test_huichang_repeated_paragraphs(huichang: list[Finding]) -> None:
    dup = _by_slug(huichang, "duplicate-paragraph")
    lines = HUICHANG.read_text(encoding="utf-8").splitlines()
    pairs = {(f.data["other_line"], f.line) for f in dup}
    # the 石壁坑 project copies the 建筑垃圾 project's description
    a = next(i for i, s in enumerate(lines, 1) if "石壁坑饮用水源地保护移民搬迁项目" in s)
    b = next(i for i, s in enumerate(lines, 1) if "建筑垃圾资源化处置项目：" in s)
    assert (min(a, b), max(a, b)) in pairs


def test_yichun_prose_target_against_table_2(yichun: list[Finding]) -> None:
    found = _by_slug(yichun, "prose-target-mismatch")
    assert len(found) == 1
    f = found[0]
    assert f.data["year"] == 2025 and f.data["prose"] == 95.0 and f.data["table"] == "96.00"
    assert "污水处理率" in f.message


def test_yichun_completion_table_against_baseline_table(yichun: list[Finding]) -> None:
    found = _by_slug(yichun, "baseline-mismatch-tables")
    values = sorted(tuple(sorted(f.data["values"])) for f in found)
    assert values == [(31.0, 37.0), (89.86, 96.7)]  # PM2.5 and 优良天数比率, 中心城区, 2020


def test_ganxian_has_no_table_findings() -> None:
    assert [f.slug for f in lint_file(GANXIAN) if f.slug != "duplicate-paragraph"] == []


def test_hand_made_plan_triggers_every_table_and_prose_check() -> None:
    findings = lint_file(FIXTURE)
    found = {(f.slug, f.line) for f in findings}
    assert found >= {
        ("baseline-mismatch-prose", 5),  # prose 91.5 vs table 93.08 for 2022
        ("prose-count-mismatch", 7),  # 共设定 10 项 vs 8 rows
        ("status-contradicts-standard", 13),  # 45.3 against ≥50 marked 达标
        ("seq-duplicate", 15),
        ("seq-skipped", 16),
        ("status-without-baseline", 16),
        ("seq-skipped", 17),
        ("value-out-of-range", 17),  # 105 %
        ("status-contradicts-standard", 19),  # 未建立 against 建立 marked 达标
        ("prose-count-mismatch", 23),
        ("prose-name-not-in-table", 23),
        ("prose-name-status-mismatch", 23),
        ("prose-names-missing", 23),
        ("prose-name-status-mismatch", 25),
        ("prose-target-mismatch", 29),  # 97 % in prose, ≥95 in the table
        ("duplicate-paragraph", 33),
    }
    counts = {f.data.get("listed") or f.data.get("table") for f in findings if f.slug == "prose-count-mismatch"}
    assert counts == {8, 7, 6}  # 10 claimed vs 8 rows; 5 claimed vs 7 met rows and 6 names listed
    # the consistent 2025 forest target in prose (≥71 in the table, 71%以上 in prose) is not reported
    assert not any(slug == "prose-target-mismatch" and line == 31 for slug, line in found)


def test_cli_lint_json_and_text(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["lint", str(FIXTURE), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {d["slug"] for d in data} >= {"seq-duplicate", "value-out-of-range"}
    text = runner.invoke(app, ["lint", str(FIXTURE)])
    assert "序号3重复" in text.output and "[错误][value-out-of-range]" in text.output


def test_cli_errors_are_chinese_lines_not_tracebacks(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("ecociv")
    env = dict(os.environ)
    missing = subprocess.run([str(exe), "lint", str(tmp_path / "没有这个文件.txt")], capture_output=True, text=True, env=env)
    assert missing.returncode == 2
    assert missing.stderr.startswith("错误：") and "Traceback" not in missing.stderr
    binary = tmp_path / "plan.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    bad = subprocess.run([str(exe), "lint", str(binary)], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("错误：") and "Traceback" not in bad.stderr


def test_docx_plan_gives_the_same_findings(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    table = None
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            cells = line.split("\t")
            if table is None:
                table = doc.add_table(rows=0, cols=len(cells))
            row = table.add_row().cells
            for c, text in zip(row, cells, strict=True):
                c.text = text
        else:
            table = None
            doc.add_paragraph(line)
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    from_docx = sorted(f.slug for f in lint_file(path))
    from_text = sorted(f.slug for f in lint_file(FIXTURE))
    assert from_docx == from_text
