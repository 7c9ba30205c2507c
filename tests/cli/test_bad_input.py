"""Bad input to the commands other than ``import``: exit code 2 and a Chinese message naming where — as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ECOCIV = Path(sys.executable).parent / "ecociv"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def plans() -> None:
    assert _run("sample", "load").returncode == 0


@pytest.mark.usefixtures("plans")
def test_observe_import_refuses_a_figure_under_a_header_that_is_not_a_year(tmp_path: Path) -> None:
    csv = tmp_path / "填报.csv"
    csv.write_text("指标键,2023年,第二年\n0/4,,55\n", encoding="utf-8")
    _refused(_run("observe", "import", "2", str(csv)), "填报.csv 第2行 C列", "“第二年”不是可识别的年份", "“55”")


def test_water_classify_refuses_an_impossible_date(tmp_path: Path) -> None:
    csv = tmp_path / "断面.csv"
    csv.write_text("断面,日期,氨氮\n城南断面,2024-13-45,0.5\n", encoding="utf-8")
    _refused(_run("water", "classify", str(csv)), "断面.csv 第2行 日期列", "“2024-13-45”不是有效的日期")


def test_water_classify_refuses_micrograms_instead_of_judging_them_as_mg(tmp_path: Path) -> None:
    csv = tmp_path / "断面.csv"
    csv.write_text("断面,日期,氨氮(μg/L)\n城南断面,2024-01-05,500\n", encoding="utf-8")
    _refused(_run("water", "classify", str(csv)), "断面.csv", "“氨氮(μg/L)”列的单位是微克", "mg/L")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "第 1 行第 2 列 JSON 格式有误"),
        ("", "文件为空"),
        ('{"type":"FeatureCollection","features":[1]}', "第 1 个要素应为 GeoJSON 要素"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"会昌县"},'
         '"geometry":{"type":"Polygon","coordinates":"x"}}]}', "第 1 个要素的坐标（coordinates）不是有效的Polygon"),
    ],
    ids=["syntax", "empty", "not-a-feature", "bad-coordinates"],
)
def test_map_set_boundaries_names_what_is_wrong_in_chinese(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "边界.geojson"
    path.write_text(text, encoding="utf-8")
    result = _run("map", "set-boundaries", str(path))
    _refused(result, "边界.geojson", expected)
    assert "Expecting" not in result.stderr


def test_map_set_boundaries_of_a_missing_file_does_not_blame_the_folder(tmp_path: Path) -> None:
    _refused(_run("map", "set-boundaries", str(tmp_path / "无此文件.geojson")), "无此文件.geojson", "文件或所在文件夹不存在")


@pytest.mark.usefixtures("plans")
def test_region_set_refuses_a_code_that_is_not_a_division_code() -> None:
    _refused(_run("region", "set", "会昌县", "--code", "36O733"), "行政区划代码“36O733”无效", "6 位数字")


@pytest.mark.usefixtures("plans")
def test_region_set_refuses_a_parent_that_makes_a_cycle() -> None:
    _refused(_run("region", "set", "会昌县", "--parent", "会昌县"), "“会昌县”不能是自己的上级地区")
    assert _run("region", "set", "会昌县", "--parent", "赣州市").returncode == 0
    _refused(_run("region", "set", "赣州市", "--parent", "会昌县"), "“赣州市”", "成环")


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize("weight", ["on_schedule=inf", "on_schedule=nan"])
def test_score_rule_refuses_weights_that_are_not_finite(weight: str) -> None:
    _refused(_run("score", "rule", "2", weight, "on_time=30"), "考评权重应为有限的数字", weight)


@pytest.mark.usefixtures("plans")
def test_backup_to_a_place_that_cannot_hold_a_database_says_so_in_chinese() -> None:
    # /proc exists on every Linux but takes no new files, even for root
    result = _run("backup", "-o", "/proc/ecociv-备份.sqlite3")
    _refused(result, "无法写入备份文件 /proc/ecociv-备份.sqlite3", "该位置不能建立数据库文件")
    assert "unable to open" not in result.stderr


def test_plan_new_refuses_to_write_json_under_another_suffix(tmp_path: Path) -> None:
    out = tmp_path / "规划.docx"
    _refused(_run("plan", "new", "--region", "会昌县", "--catalog", "national-county-2019", "-o", str(out)),
             "规划.docx", "扩展名应为 .json")
    assert not out.exists()


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("args", "header"),
    [(("observe", "import", "2"), "指标键,2023年\n"), (("observe", "import"), "地区,指标,年份,数值\n")],
    ids=["plan-workbook", "regional-table"],
)
def test_observe_import_refuses_a_file_with_a_header_and_no_rows(tmp_path: Path, args: tuple[str, ...], header: str) -> None:
    csv = tmp_path / "只有表头.csv"
    csv.write_text(header, encoding="utf-8")
    _refused(_run(*args, str(csv)), "只有表头.csv：第1行表头之下没有数据行")


def test_air_daily_refuses_a_pollutant_headed_in_mg_that_is_measured_in_ug(tmp_path: Path) -> None:
    csv = tmp_path / "小时数据.csv"
    csv.write_text("station,time,PM2.5(mg/m3),PM10,SO2,NO2,CO,O3\n城南,2024-01-01 01:00,0.035,20,5,10,0.5,60\n", encoding="utf-8")
    _refused(_run("air", "daily", str(csv), "-o", str(tmp_path / "日.csv")), "小时数据.csv", "“PM2.5(mg/m3)”列注明单位为 mg/m³", "µg/m³")
