"""clean_text: conversion residue removed, text otherwise kept as written."""

from __future__ import annotations

import pytest

from ecociv.importers._clean import clean_text, latex_to_text, strip_footnote_marker


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("$\\Delta EQI \\geq -1$", "ΔEQI≥-1"),
        ("$\\geq -1$", "≥-1"),
        ("$25^{\\circ} 29' \\sim 25^{\\circ} 55'$", "25°29'～25°55'"),
        ("$\\leq 0.5\\%$", "≤0.5%"),
        ("PM <sub>2.5</sub> 浓度", "PM2.5 浓度"),
        ("17ug/m <sup>3</sup>", "17ug/m3"),
        ("<b>专栏 1 生态制度体系建设重点工程</b>", "专栏 1 生态制度体系建设重点工程"),
        ("**（四）规划期限**", "（四）规划期限"),
        ("**已达标指标：**对照《江西省省级生态市县建设指标》", "已达标指标：对照《江西省省级生态市县建设指标》"),
        ("[bookmark: _Toc12345]第一章  总则", "第一章 总则"),
        ("## **（四）规划期限**", "（四）规划期限"),
        ("  完成上级规定的\u3000 目标任务 ", "完成上级规定的 目标任务"),
        ("≥ 95\ufffd", "≥ 95"),
        ("＞95 ％", "＞95 ％"),  # full-width signs are kept as written
        ("PM$_{2.5}$", "PM2.5"),
        ("$\\mathrm{SO_2}$排放量", "SO2排放量"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_latex_to_text() -> None:
    assert latex_to_text("\\Delta EQI \\geq -1") == "ΔEQI≥-1"
    assert latex_to_text("10^{4} \\times 2") == "104×2"


def test_footnote_marker() -> None:
    assert strip_footnote_marker("县级及以上城市集中式饮用水水源地达标率（％）(2)") == "县级及以上城市集中式饮用水水源地达标率（％）"
    assert strip_footnote_marker("地下水水质极差比例（％）（4）") == "地下水水质极差比例（％）"
    assert strip_footnote_marker("生态质量指数（EQI）") == "生态质量指数（EQI）"
    # sub-item markers inside a name are not footnotes
    assert strip_footnote_marker("综合利用率 (1) 秸秆综合利用率") == "综合利用率 (1) 秸秆综合利用率"
