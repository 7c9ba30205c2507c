"""Chart options (ECharts) built on the server, and the CSV/XLSX downloads' injection guard."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from ecociv.reports._chart_options import Line, bars, embed, first_number, time_series
from ecociv.reports._downloads import safe_cell, table_csv, table_xlsx


def test_time_series_marks_standard_and_targets_and_colours_points() -> None:
    opt = time_series([(2022, 60.0), (2024, 66.0)],
                      [Line("指标值", 65.0), Line("2025年目标", 70.0, year=2025)],
                      title="<测试>", unit="%", span=[2020], statuses={2022: "未达标", 2024: "达标"})
    assert opt["xAxis"]["data"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    data = opt["series"][0]["data"]
    assert data[0] is None and data[2]["value"] == 60.0 and data[2]["itemStyle"]["color"] == "#c62828"
    assert data[4]["status"] == "达标"
    marks = {s["name"]: s["markLine"] for s in opt["series"][1:]}
    assert marks["指标值"]["data"][0]["yAxis"] == 65.0 and "65%" in marks["指标值"]["label"]["formatter"]
    assert marks["2025年目标"]["data"][0]["yAxis"] == 70.0
    assert opt["yAxis"]["min"] <= 0 and opt["yAxis"]["max"] >= 70  # the lines are inside the axis


def test_bars_one_series_per_status_with_links_and_missing_named() -> None:
    opt = bars([("甲县", 70.0, "达标"), ("乙县", None, "无数据"), ("丙县", 40.0, "未达标")],
               reference=Line("指标值", 60.0), links=["/a", "/b", "/c"])
    names = [s["name"] for s in opt["series"]]
    assert names == ["达标", "未达标", "指标值"]
    met = opt["series"][0]["data"]
    assert met[0] == {"value": 70.0, "link": "/a"} and met[1] is None and met[2] is None
    assert "乙县" in opt["title"]["subtext"]
    assert opt["series"][2]["markLine"]["data"][0]["xAxis"] == 60.0


def test_bars_without_a_judgement_are_one_plain_series() -> None:
    """Monthly means have no 达标 status: they are drawn, as one series named by the caller."""
    opt = bars([("1月", 22.6, ""), ("2月", None, ""), ("3月", 30.0, "")], unit="µg/m³", plain="月均浓度")
    assert [(s["name"], s["data"]) for s in opt["series"]] == [
        ("月均浓度", [{"value": 22.6}, None, {"value": 30.0}])]
    assert "2月" in opt["title"]["subtext"]


def test_embedded_json_cannot_close_its_script_element() -> None:
    html = embed(time_series([(2024, 1.0)], title="</script><script>alert(1)</script>"), "c1", "图<表>")
    body = html.split('id="c1">', 1)[1].removesuffix("</script>")
    assert "</script>" not in body and "<" not in body
    assert json.loads(body)["title"]["text"] == "</script><script>alert(1)</script>"
    assert 'aria-label="图&lt;表&gt;"' in html


def test_first_number() -> None:
    assert first_number("≥1,200.5") == 1200.5 and first_number("−3") == -3.0 and first_number("逐年提高") is None


def test_downloads_make_formula_text_inert() -> None:
    rows = [[2024, 5.0, "=HYPERLINK(\"x\")"], [2023, -1.0, "-2+3"], [2022, None, "@SUM(A1)"], [2021, 1, "\tx"]]
    assert safe_cell("+1") == "'+1" and safe_cell(-1.0) == -1.0 and safe_cell("正常") == "正常"
    text = table_csv(["年份", "数值", "说明"], rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-2+3" in text and "'@SUM" in text and ",-1.0," in text
    ws = load_workbook(io.BytesIO(table_xlsx(["年份", "数值", "说明"], rows))).active
    assert ws is not None
    assert ws["C2"].value == "'=HYPERLINK(\"x\")" and ws["B3"].value == -1.0 and ws["C5"].value == "'\tx"
