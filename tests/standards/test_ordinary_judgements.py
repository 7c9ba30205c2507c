"""Ordinary judgements a reviewer makes (``ecociv eval STANDARD VALUE``), one per line, across
the indicator kinds of the national and Jiangxi catalogs; written from the standards' wording
(not copied from sample plans).  Each case: standard, value, options, expected label."""

from __future__ import annotations

from typing import Any

import pytest

from ecociv.standards import evaluate

M, N, R, D = "达标", "未达标", "待核定", "无数据"

CASES: list[tuple[str, Any, dict[str, Any], str]] = [
    # plain floors and ceilings (%, ratios)
    ("≥20", 25, {}, M),
    ("≥20", 20, {}, M),
    ("≥20", 19.9, {}, N),
    ("≥20%", "25%", {}, M),
    ("≥20%", "18%", {}, N),
    (">25", 25, {}, N),
    (">25", 25.1, {}, M),
    ("≤4", 3.9, {}, M),
    ("≤4", 4.1, {}, N),
    ("<1", 1, {}, N),
    ("100", 100, {"name": "危险废物利用处置率", "unit": "%"}, M),
    ("100", 99.5, {"name": "危险废物利用处置率", "unit": "%"}, N),
    ("100", 100, {"name": "集中式饮用水水源地水质优良比例", "unit": "%"}, M),
    ("100", 92.3, {"name": "生态环境信息公开率", "unit": "%"}, N),
    ("≥85", 86.2, {"name": "城镇污水处理率", "unit": "%"}, M),
    ("≥85", 84.9, {"name": "城镇污水处理率", "unit": "%"}, N),
    ("≥80", "80%", {"name": "城镇生活垃圾无害化处理率"}, M),
    ("≥90", 91, {"name": "秸秆综合利用率", "unit": "%"}, M),
    ("≥75", 70, {"name": "畜禽粪污综合利用率", "unit": "%"}, N),
    ("≥50", 55, {"name": "农村生活污水治理率", "unit": "%"}, M),
    ("≥4.5", 4.2, {"name": "单位国内生产总值建设用地使用面积下降率", "unit": "%"}, N),
    ("≥95", 96, {"name": "国家重点保护野生动植物保护率", "unit": "%"}, M),
    ("≥52", 50, {"name": "湿地保护率", "unit": "%"}, N),
    ("≥12", 13.5, {"name": "城镇人均公园绿地面积", "unit": "平方米/人"}, M),
    ("≥12", 11, {"name": "城镇人均公园绿地面积", "unit": "平方米/人"}, N),
    ("≥0", 0, {"name": "矿山生态修复净增治理面积", "unit": "公顷"}, M),
    ("≥0", -3, {"name": "矿山生态修复净增治理面积", "unit": "公顷"}, N),
    ("达到96%以上", 96.5, {}, M),
    ("不低于80", 79, {}, N),
    ("控制在24微克/立方米以内", 23, {}, M),
    ("控制在24微克/立方米以内", 25, {}, N),
    ("93.00左右", 93.2, {"name": "优良天数比例", "unit": "%"}, M),
    ("3~5", 4, {}, M),
    ("3~5", 6, {}, N),
    (" ≥ 20 ", "25", {}, M),
    # terrain variants in both spellings
    ("≥80（山区）；≥60（丘陵区）；≥18（平原地区）", 70, {"terrain": "丘陵区"}, M),
    ("≥80（山区）；≥60（丘陵区）；≥18（平原地区）", 70, {"terrain": "山区"}, N),
    ("≥80（山区）；≥60（丘陵区）；≥18（平原地区）", 70, {}, R),
    ("山区≥80；丘陵区≥60；平原地区≥18", 20, {"terrain": "平原地区"}, M),
    ("山区≥80；丘陵区≥60；平原地区≥18", 55, {"terrain": "丘陵区"}, N),
    ("山区≥80；丘陵区≥60；平原地区≥18", 85, {}, R),
    ("山区≥60 丘陵区≥40 平原地区≥18 干旱半干旱地区≥35 青藏高原地区≥70", 45, {"terrain": "丘陵区"}, M),
    ("山区≥60 丘陵区≥40 平原地区≥18 干旱半干旱地区≥35 青藏高原地区≥70", 30, {"terrain": "干旱半干旱地区"}, N),
    ("山区>60 丘陵区>40 平原地区>18", 60, {"terrain": "山区"}, N),
    ("山区>60 丘陵区>40 平原地区>18", 61, {"terrain": "山区"}, M),
    ("山区>60 丘陵区>40 平原地区>18", 41, {"terrain": "丘陵地区"}, M),
    ("≥80(山区) ≥60(丘陵区) ≥18(平原地区)", 65, {"terrain": "丘陵区"}, M),
    # units
    ("≥20%", "25‰", {}, N),
    ("≥2‰", "0.3%", {}, M),
    ("≥1000万元", "0.2亿元", {}, M),
    ("≥1000万元", "0.05亿元", {}, N),
    ("≥1000", "0.2亿元", {"unit": "万元"}, M),
    ("≤0.5千克/吨", "600克/吨", {}, N),
    ("≤0.5千克/吨", "400克/吨", {}, M),
    ("≥100公顷", "1500亩", {}, M),
    ("≥100公顷", "1400亩", {}, N),
    ("≥1平方公里", "50公顷", {}, N),
    ("≥1平方公里", "150公顷", {}, M),
    ("≤35μg/m³", "0.03mg/m³", {}, M),
    ("≤35微克/立方米", "0.04毫克/立方米", {}, N),
    ("≥20%", "25平方公里", {}, R),
    ("≥100公顷", "30万元", {}, R),
    # yes / no answers for qualitative standards
    ("开展", "是", {}, M),
    ("开展", "否", {}, N),
    ("开展", "已开展", {}, M),
    ("开展", "未开展", {}, N),
    ("依法开展", "已依法开展", {}, M),
    ("建立", "已建立", {}, M),
    ("建立", "未建立", {}, N),
    ("建立", "是", {}, M),
    ("建立", "否", {}, N),
    ("全面实施", "是", {}, M),
    ("全面实施", "否", {}, N),
    ("全面实施", "已全面实施", {}, M),
    ("全面实施", "正在推进", {}, R),
    ("制定实施", "已制定并实施", {}, M),
    ("实施", "已实施", {}, M),
    ("实施", "未实施", {}, N),
    ("完成", "已完成", {}, M),
    ("完成", "未完成", {}, N),
    ("完成上级规定的考核任务", "完成", {}, M),
    ("完成上级规定的考核任务", "已完成", {}, M),
    ("完成上级规定的考核任务", "是", {}, M),
    ("完成上级规定的考核任务", "未完成", {}, N),
    ("完成上级规定的考核任务", "否", {}, N),
    ("完成上级规定的考核任务", 30, {}, R),
    ("完成上级规定的目标任务", 0.42, {"higher_level": 0.45, "direction": "lower"}, M),
    ("完成上级规定的目标任务", 0.5, {"higher_level": 0.45, "direction": "lower"}, N),
    ("完成上级管控目标", 92, {"higher_level": 90, "direction": "higher"}, M),
    ("建立", "研究中", {}, R),
    # elimination
    ("全面消除", 0, {}, M),
    ("全面消除", 2, {}, N),
    ("消除", 0, {}, M),
    ("消除", 1, {}, N),
    ("全面消除", "已全面消除", {}, M),
    ("无", 0, {}, M),
    ("无", 1, {}, N),
    ("无", "无", {}, M),
    # air concentrations rounded as HJ 663—2013 prescribes before judging
    ("≤35", 35.4, {"name": "PM2.5年均浓度"}, M),
    ("≤35", 35.5, {"name": "PM2.5年均浓度"}, N),
    ("≤35", 34.5, {"name": "细颗粒物（PM2.5）平均浓度"}, M),
    ("≤30", 30.4, {"name": "PM2.5浓度", "unit": "微克/立方米"}, M),
    ("≤70", 70.6, {"name": "PM10年均浓度"}, N),
    ("≤4", 4.05, {"name": "CO日均值第95百分位浓度", "unit": "mg/m³"}, M),
    ("≤0.9", 0.95, {"name": "一氧化碳浓度", "unit": "mg/m³"}, N),
    ("≤160", 160.4, {"name": "臭氧日最大8小时平均浓度"}, M),
    ("≥10", 9.8, {"name": "PM2.5浓度下降比例", "unit": "%"}, N),
    # trends against the baseline
    ("逐年提高", 80, {"baseline": 75}, M),
    ("逐年提高", 74, {"baseline": 75}, N),
    ("持续改善", 30, {"baseline": 35, "name": "PM2.5浓度"}, M),
    ("持续改善", 36, {"baseline": 35, "name": "PM2.5浓度"}, N),
    ("保持稳定或持续改善", 92, {"baseline": 90, "name": "优良天数比例"}, M),
    ("保持稳定或持续改善", 88, {"baseline": 90, "name": "优良天数比例"}, N),
    ("不降低", 95, {"baseline": 95}, M),
    ("不降低", 94, {"baseline": 95}, N),
    ("减少", 20, {"baseline": 22, "name": "主要农作物化肥亩均施用量"}, M),
    ("减少", 23, {"baseline": 22, "name": "主要农作物化肥亩均施用量"}, N),
    ("不明显", "不明显", {}, M),
    ("逐年提高", 80, {}, R),
    # change against the baseline
    ("ΔEQI≥-1", 70.6, {"baseline": 71.5, "name": "生态质量指数（EQI）"}, M),
    ("ΔEQI≥-1", 69.0, {"baseline": 71.5, "name": "生态质量指数（EQI）"}, N),
    # invariance
    ("面积不减少，性质不改变，功能不降低", "面积不减少，性质不改变，功能不降低", {}, M),
    ("面积不减少，性质不改变，功能不降低", 950, {"baseline": 1000}, N),
    # composite and conditional
    ("≥95 不明显", "96 不明显", {}, M),
    ("≥90 ≥75 ≥80", "92 76 85", {}, M),
    ("≥90 ≥75 ≥80", "92 70 85", {}, N),
    ("综合利用率≤60%的地区 ≥2 综合利用率>60%的地区 保持稳定或持续改善", 3, {"baseline": 50}, M),
    ("综合利用率≤60%的地区 ≥2 综合利用率>60%的地区 保持稳定或持续改善", 1, {"baseline": 50}, N),
    # targets at the end of their scale; reached exactly
    ("100%", "100%", {}, M),
    ("100%", 99, {}, N),
    ("100", "100%", {}, M),
    ("0", 0, {"name": "劣Ⅴ类水体比例"}, M),
    ("0", 1.2, {"name": "劣Ⅴ类水体比例"}, N),
    ("不明显", "明显", {}, N),
    ("无", "有", {}, N),
    ("面积不减少，性质不改变，功能不降低", "是", {}, M),
    ("面积不减少，性质不改变，功能不降低", "否", {}, N),
    ("≥1亿元", "8000万元", {}, N),
    ("≤25", 25.5, {"name": "PM2.5年均浓度（μg/m³）"}, N),
    ("≤1.0", 1.15, {"name": "CO浓度", "unit": "毫克/立方米"}, N),
    ("≤1.0", 1.05, {"name": "CO浓度", "unit": "毫克/立方米"}, M),
    ("≥96.8", 96.75, {"name": "优良天数比例"}, N),
    ("完成", "基本完成", {}, R),
    ("建立", "正在建立", {}, R),
    ("0", "无", {"name": "重特大突发环境事件"}, M),
    ("≥1.5万元", "12000元", {}, N),
    ("≥1.5万元", "18000元", {}, M),
    ("达到Ⅲ类", "Ⅳ类", {}, N),
    ("Ⅲ类", "Ⅱ类", {}, M),
    ("优于Ⅲ类", "Ⅲ类", {}, N),
    ("Ⅲ类及以上", "劣Ⅴ类", {}, N),
    # no value, placeholders, five-year cumulative
    ("≥20", None, {}, D),
    ("—", 5, {}, R),
    ("[19.5]", "[20]", {"direction": "higher"}, M),
]


@pytest.mark.parametrize(("standard", "value", "opts", "expected"), CASES, ids=[f"{i}:{c[0]}|{c[1]}" for i, c in enumerate(CASES)])
def test_ordinary_judgement(standard: str, value: Any, opts: dict[str, Any], expected: str) -> None:
    j = evaluate(standard, value, **opts)
    assert j.label == expected, j.reason


def test_there_are_more_than_a_hundred_cases() -> None:
    assert len(CASES) >= 100


def test_reasons_show_rounding_and_conversion() -> None:
    assert "35.4 修约为 35" in evaluate("≤35", 35.4, name="PM2.5年均浓度").reason
    assert "HJ 663—2013 表3" in evaluate("≤35", 35.4, name="PM2.5年均浓度").reason
    assert "0.95 修约为 1.0" in evaluate("≤0.9", 0.95, name="一氧化碳浓度", unit="mg/m³").reason
    r = evaluate("≥20%", "25平方公里").reason
    assert "%" in r and "平方公里" in r
    assert "需要设置地区的地形类型" in evaluate("山区≥80；丘陵区≥60；平原地区≥18", 70).reason


def test_batch_accepts_terrain_and_unit(tmp_path: Any) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    lines = [
        {"standard": "山区≥80；丘陵区≥60；平原地区≥18", "value": 70, "terrain": "丘陵区"},
        {"standard": "≥80（山区）；≥60（丘陵区）；≥18（平原地区）", "value": 70},
        {"standard": "≥1000", "value": "0.2亿元", "unit": "万元"},
        {"standard": "≥20%", "value": "25‰"},
    ]
    p = Path(tmp_path) / "b.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    exe = str(Path(sys.executable).parent / "ecociv")
    r = subprocess.run([exe, "eval", "--batch", str(p)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    got = [json.loads(x)["label"] for x in r.stdout.splitlines()]
    assert got == [M, R, M, N]


def test_eval_cites_the_catalog_of_a_named_indicator() -> None:
    import subprocess
    import sys
    from pathlib import Path

    exe = str(Path(sys.executable).parent / "ecociv")
    r = subprocess.run([exe, "eval", "≥85", "86", "--name", "城镇污水处理率"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "依据：" in r.stdout and "未从官方文本核实" in r.stdout
    r = subprocess.run([exe, "eval", "≥85", "86"], capture_output=True, text=True, timeout=60)
    assert "依据" not in r.stdout
