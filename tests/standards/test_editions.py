"""Standard editions as data: shipped editions with their sources, validation of a user's
edition file, choice by date, the ``standards`` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ecociv.errors import InputError
from ecociv.standards import editions, find_edition, in_force
from ecociv.standards._editions import parse_edition

ECOCIV = str(Path(sys.executable).parent / "ecociv")
SHIPPED = {"GB 3095—2012", "GB 3095—2026", "HJ 633—2012", "HJ 633—2026", "HJ 663—2013", "GB 3838—2002"}


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ECOCIV, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def test_every_shipped_edition_names_number_dates_publisher_and_source() -> None:
    eds = {e.id: e for e in editions() if e.builtin}
    assert set(eds) == SHIPPED
    for e in eds.values():
        assert e.title and e.publisher and e.source and e.published <= e.in_force
    assert eds["GB 3095—2026"].in_force == date(2026, 3, 1) and eds["GB 3095—2026"].published == date(2026, 2, 13)
    assert [p.name for p in eds["GB 3095—2026"].phases] == ["过渡阶段", "最终阶段"]
    assert eds["GB 3838—2002"].verified is False  # its text is not among the official texts read


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        ("air_limits", date(2026, 2, 28), "GB 3095—2012"),
        ("air_limits", date(2026, 3, 1), "GB 3095—2026"),
        ("aqi", date(2026, 2, 28), "HJ 633—2012"),
        ("aqi", date(2026, 3, 1), "HJ 633—2026"),
    ],
)
def test_edition_in_force_on_a_date(kind: str, day: date, expected: str) -> None:
    e = in_force(kind, day)
    assert e is not None and e.id == expected


def test_phase_switch_on_2031_01_01() -> None:
    e = find_edition("GB3095-2026")
    assert e.label(date(2030, 12, 31)) == "GB 3095—2026（过渡阶段）"
    assert e.label(date(2031, 1, 1)) == "GB 3095—2026（最终阶段）"


def _aqi_doc(**changes: object) -> dict[str, object]:
    d = dict(find_edition("HJ 633—2026").data)
    d.update(id="HJ 633—2030", published="2030-01-10", in_force="2030-03-01")
    d.update(changes)
    return d


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "x"}, "format"),
        ({"in_force": "2030-13-01"}, "不是有效日期"),
        ({"in_force": "2029-01-01"}, "早于发布日期"),
        ({"publisher": ""}, "缺少字段 publisher"),
        ({"breakpoints": {"pm25_24h": [0, 60, 35]}}, "应严格递增"),
        ({"kind": "noise"}, "kind"),
    ],
)
def test_user_edition_is_validated_with_chinese_errors(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_edition(_aqi_doc(**changes), "my.json")


def test_user_edition_file_is_used_by_date(tmp_path: Path) -> None:
    bp = dict(find_edition("HJ 633—2026").data["breakpoints"])
    bp["pm25_24h"] = [0, 30, 50, 115, 150, 250, 350, 500]
    (tmp_path / "hj633-2030.json").write_text(json.dumps(_aqi_doc(breakpoints=bp), ensure_ascii=False), encoding="utf-8")
    env = {"ECOCIV_EDITIONS": str(tmp_path)}
    r = _run("standards", "list", "--json", env=env)
    ids = [e["id"] for e in json.loads(r.stdout)["editions"]]
    assert "HJ 633—2030" in ids and set(ids) >= SHIPPED
    r = _run("standards", "check", str(tmp_path / "hj633-2030.json"))
    assert r.returncode == 0 and "校验通过" in r.stdout
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    r = _run("standards", "list", env=env)
    assert r.returncode == 2 and r.stderr.startswith("错误：标准版本文件") and "bad.json" in r.stderr


def test_standards_list_and_show_cite_sources() -> None:
    r = _run("standards", "list")
    assert r.returncode == 0
    assert "GB 3095—2026" in r.stdout and "过渡阶段：2026-03-01～2030-12-31" in r.stdout and "split" in r.stdout
    r = _run("standards", "show", "HJ633-2026")
    assert r.returncode == 0 and "表3" in r.stdout and "pm25_24h\t[0, 35, 60, 115" in r.stdout
    r = _run("standards", "show", "GB 3095—1996")
    assert r.returncode == 2 and "没有标准版本" in r.stderr


def test_catalogs_carry_attribute_scope_document_and_verification_flag() -> None:
    from ecociv.standards import list_catalogs, load_catalog

    for c in list_catalogs():
        assert c.document and c.verified is False and c.verification_note
        assert all(e.scope == ("县",) for e in c.entries)
    jx = load_catalog("jiangxi-county")
    assert {e.attribute_text for e in jx.entries} >= {"约束性", "参考性"}
    nat = load_catalog("national-county-2019")
    assert nat.year == 2019 and "2019年" in nat.citation() and "未从官方文本核实" in nat.citation()
    forest = next(e for e in nat.entries if e.name == "林草覆盖率")
    assert forest.terrains[:3] == ("山区", "丘陵区", "平原地区")
    r = _run("catalog", "list")
    assert r.returncode == 0 and r.stdout.count("【未从官方文本核实】") == 2
    r = _run("catalog", "show", "jiangxi-county")
    assert "【未从官方文本核实】" in r.stdout and "约束性" in r.stdout and "按地形：山区、丘陵区、平原地区" in r.stdout
