"""SVG charts: drawn from the numbers given, escaped, and readable without a script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ecociv.web._charts import Line, bars, time_series
from ecociv.web._numbers import first_number


def test_time_series_draws_points_lines_and_span() -> None:
    svg = time_series([(2022, 60.0), (2023, 62.5), (2024, 66.0)],
                      [Line("指标值", 65.0), Line("2025年目标", 68.0, year=2025)],
                      title="森林覆盖率<测试>", unit="%", span=[2022, 2030])
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}circle")) == 4  # three points + legend dot
    poly = root.find(f"{ns}polyline")
    assert poly is not None and len(poly.get("points", "").split()) == 3
    assert "&lt;测试&gt;" in svg
    years = re.findall(r">(20\d\d)</text>", svg)
    assert years[0] == "2022" and years[-1] == "2030"
    # higher values are drawn higher (smaller y)
    ys = [float(p.split(",")[1]) for p in poly.get("points", "").split()]
    assert ys[0] > ys[1] > ys[2]
    ref = root.find(f"{ns}line[@class='ref']")
    target = root.find(f"{ns}line[@class='target']")
    assert ref is not None and target is not None
    assert float(target.get("y1", 0)) < float(ref.get("y1", 0))  # 68 above 65


def test_time_series_without_numbers_says_so() -> None:
    assert "暂无可绘制的数值" in time_series([], [], span=[2022, 2030])


def test_bars_mark_missing_values_and_colour_by_status() -> None:
    svg = bars([("甲县", 70.0, "达标"), ("乙县", None, "无数据"), ("丙县", 40.0, "未达标")],
               reference=Line("指标值", 60.0))
    ET.fromstring(svg)
    assert "无数据" in svg and "#2e7d32" in svg and "#c62828" in svg
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"', svg)]
    assert widths[0] > widths[1]  # 70 longer than 40


def test_first_number_reads_cell_texts() -> None:
    assert first_number("≥95") == 95.0
    assert first_number("1,234.5万元") == 1234.5
    assert first_number("ΔEQI≥-1") == -1.0
    assert first_number("完成上级下达任务") is None
