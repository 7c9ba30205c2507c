"""Plan metadata from titles and prose the samples do not contain."""

from __future__ import annotations

import pytest

from ecociv.importers._meta import extract_meta, find_region, find_title, five_year_period


@pytest.mark.parametrize(
    ("title", "region", "level", "parent"),
    [
        ("会昌县生态文明建设示范区规划（2023-2030年）", "会昌县", "县区", None),
        ("宜春市“十四五”生态环境保护规划", "宜春市", "市", None),
        ("2024年赣县区美丽赣州建设行动工作方案", "赣县区", "县区", None),
        ("赣州市南康区生态环境保护“十四五”规划", "南康区", "县区", "赣州市"),
        ("江西省上饶市生态文明建设规划纲要（2021-2035年）", "上饶市", "市", "江西省"),
        ("吉安市青原区“十四五”生态环境保护规划", "青原区", "县区", "吉安市"),
    ],
)
def test_region(title: str, region: str, level: str, parent: str | None) -> None:
    r = find_region(title)
    assert r is not None and (r.name, r.level, r.parent) == (region, level, parent)


@pytest.mark.parametrize(
    ("text", "period"),
    [("“十四五”", (2021, 2025)), ("十三五", (2016, 2020)), ("“十五五”规划", (2026, 2030)), ("规划", None)],
)
def test_five_year_period(text: str, period: tuple[int, int] | None) -> None:
    assert five_year_period(text) == period


def test_title_skips_cover_and_headings() -> None:
    lines = [
        "",
        "某某县人民政府办公室",
        "关于印发《某某县生态文明建设示范县规划（2022-2030年）》的通知",
        "各乡镇人民政府：",
        "现将《某某县生态文明建设示范县规划（2022-2030年）》印发给你们。",
        "第一章 总则",
        "某某县生态文明建设示范县规划（2022-2030年）（修编）",
        "一、规划背景",
    ]
    assert find_title(lines, "x") == "某某县生态文明建设示范县规划（2022-2030年）（修编）"
    assert find_title(lines[:5], "x") == "某某县生态文明建设示范县规划（2022-2030年）"
    assert find_title(["一些说明文字。"], "plan") == "plan"


def test_meta_from_prose() -> None:
    lines = [
        "某某市生态环境保护规划（2021-2035年）（征求意见稿）",
        "",
        "以2020年为基准年，规划期为2021—2035年，其中近期2021-2025年，中期2026-2030年，远期2031-2035年。",
    ]
    meta = extract_meta(lines, [], "x")
    assert meta.title == "某某市生态环境保护规划（2021-2035年）（征求意见稿）"
    assert meta.kind == "生态环境保护规划"
    assert meta.region == "某某市"
    assert meta.base_year == 2020
    assert meta.period == (2021, 2035)
    assert meta.stage_years == [2025, 2030, 2035]


def test_meta_of_a_work_plan() -> None:
    meta = extract_meta(["2025年某某县蓝天保卫战实施方案", "一、工作目标"], [], "x")
    assert (meta.kind, meta.base_year, meta.period, meta.stage_years) == ("实施方案", 2025, (2025, 2025), [2025])
