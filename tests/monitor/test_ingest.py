"""Monitoring data as it arrives: folders mixing layouts, zips, Excel, timestamps, conventions,
station lists and the checks before saving into a plan — compared with hand-computed figures."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pyarrow as pa
import pytest
from tests.monitor._layouts import beijing_station, national_day

from ecociv.monitor.ingest._time import parse_times

ECOCIV = str(Path(sys.executable).parent / "ecociv")


def ecociv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ECOCIV, *args], capture_output=True, text=True, timeout=300)


def clean(s: str, d: dt.date, h: int) -> dict[str, float | None]:
    """Day 1 PM2.5 35 (IAQI 50, 优), day 2 PM2.5 80 (IAQI 107, 轻度); other items low."""
    return {"pm25": 35 if d.day == 1 else 80, "pm10": 50, "so2": 10, "no2": 20, "co": 0.5, "o3": 60}


def _annual(*args: str) -> dict[str, object]:
    r = ecociv("air", "annual", *args, "--json")
    assert r.returncode == 0, r.stderr
    data: dict[str, object] = json.loads(r.stdout)
    return data


def _city(data: dict[str, object], name: str | None = None) -> dict[str, object]:
    rows = [x for x in data["annual"] if x["kind"] == "城市" and (name is None or x["name"] == name)]  # type: ignore[union-attr, index]
    assert len(rows) == 1, rows
    row: dict[str, object] = rows[0]
    return row


def test_mixed_folder_of_long_station_files_and_daily_wide_files(tmp_path: Path) -> None:
    data = tmp_path / "DATA"
    (data / "wide").mkdir(parents=True)
    (data / "stations").mkdir()
    for k in range(2):
        national_day(data / "wide", dt.date(2023, 1, 1 + k), ["1001A", "1002A"], clean)
    # Beijing layout, CO written in µg/m³ (500 = 0.5 mg/m³); PM2.5 65 both days (IAQI 88, 良)
    beijing_station(data / "stations", "Dongsi", dt.date(2023, 1, 1), 2, lambda s, d, h: {**clean(s, d, h), "pm25": 65})
    (data / "README.txt").write_text("说明", encoding="utf-8")
    result = _annual(str(data))
    city = _city(result)
    # city hourly PM2.5 = mean of three stations: day 1 (35+35+65)/3 = 45, day 2 (80+80+65)/3 = 75
    assert city["values"]["pm25"] == 60  # type: ignore[index]
    assert city["aqi_days"] == 2 and city["good_days"] == 2  # day 2: IAQI(75) = 100, still 良
    dongsi = next(x for x in result["annual"] if x["name"] == "Dongsi")  # type: ignore[union-attr]
    assert dongsi["values"]["co"] == 0.5  # µg/m³ detected and converted
    assert {f["name"] for f in result["files"]} == {"wide/china_sites_20230101.csv", "wide/china_sites_20230102.csv", "stations/PRSA_Data_Dongsi_20230101.csv"}  # type: ignore[union-attr]
    conventions = " ".join(result["conventions"])  # type: ignore[arg-type]
    assert "µg/m³（已换算为 mg/m³）" in conventions and "起始时刻" in conventions
    slugs = {f["slug"] for f in result["findings"]}  # type: ignore[union-attr]
    assert "file-skipped" in slugs  # README.txt named, not silently ignored


def test_zip_gives_the_same_figures_and_bad_files_are_named(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    for k in range(2):
        national_day(data, dt.date(2023, 1, 1 + k), ["1001A"], clean)
    (data / "broken.parquet").write_bytes(b"not parquet at all")
    (data / "empty.csv").write_text("date,hour,type,1001A\n", encoding="utf-8")
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(data.iterdir()):
            z.write(p, f"2023/{p.name}")
    for source in (data, archive):
        r = ecociv("air", "annual", str(source))
        assert r.returncode == 0, r.stderr
        assert "PM2.5 58" in r.stdout  # (35 + 80) / 2 = 57.5 -> 58
        assert "broken.parquet：无法读取（不是有效的 Parquet 文件）" in r.stdout
        assert "empty.csv：没有数据行" in r.stdout
    r = ecociv("air", "annual", str(archive), "--strict")
    assert r.returncode == 2 and r.stderr.startswith("错误：") and "broken.parquet" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("command", ["annual", "daily", "outlook"])
def test_header_only_and_garbage_files_fail_cleanly(tmp_path: Path, command: str) -> None:
    header_only = tmp_path / "h.csv"
    header_only.write_text("station,time,so2,no2,pm10,co,o3,pm25\n", encoding="utf-8")
    garbage = tmp_path / "g.parquet"
    garbage.write_bytes(os.urandom(256))
    extra = {"annual": [], "daily": ["-o", str(tmp_path / "o.csv")], "outlook": ["--target-pm25", "35"]}[command]
    for bad, what in ((header_only, "没有数据行"), (garbage, "不是有效的 Parquet 文件")):
        r = ecociv("air", command, str(bad), *extra)
        assert r.returncode == 2, r.stdout
        assert r.stderr.startswith("错误：") and what in r.stderr and "Traceback" not in r.stderr


def test_end_labelled_hours_and_vendor_workbook(tmp_path: Path) -> None:
    """A vendor workbook: title row, Chinese headers with units, 24:00 labels, markers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某某站点小时数据报表"])
    ws.append(["站点名称", "监测时间", "PM2.5(μg/m³)", "PM10(μg/m³)", "SO2(μg/m³)", "NO2(μg/m³)", "CO(mg/m³)", "O3(μg/m³)"])
    for h in range(1, 25):
        label = f"2023/3/1 {h}:00" if h < 24 else "2023/3/1 24:00"
        pm = "—" if h == 5 else (-99 if h == 6 else 40)
        ws.append(["市监测站", label, pm, 60, 8, 30, 0.6, 50])
    path = tmp_path / "vendor.xlsx"
    wb.save(path)
    result = _annual(str(path))
    row = _city(result)
    assert row["year"] == 2023 and row["aqi_days"] == 1  # 24 labels ending 1:00..24:00 are one day
    assert row["values"]["pm25"] == 40  # type: ignore[index]
    assert "结束时刻" in " ".join(result["conventions"])  # type: ignore[arg-type]
    miss = next(f for f in result["findings"] if f["slug"] == "missing-by-station")  # type: ignore[union-attr]
    assert miss["data"]["stations"]["市监测站"]["missing"] == 2


def test_timestamps_as_written() -> None:
    base = (dt.date(2023, 1, 1) - dt.date(1970, 1, 1)).days * 24
    t = parse_times(pa.array(["2023-01-01 13:00:00.000", "2023/1/1 0:00", "2023年1月1日 1时", "2023-01-01T00:00:00Z", "2023-01-01T13:30:00+08:00", "2023010105"]))
    assert (t.hours - base).tolist() == [13, 0, 1, 8, 13, 5]
    assert t.tz_converted and t.off_hour == 1
    assert (parse_times(pa.array([44927.0, 44927.5])).hours - base).tolist() == [0, 12]  # Excel serial dates
    ts = pa.array(np.array(["2023-01-01T00:00"], dtype="datetime64[s]"), type=pa.timestamp("s", tz="UTC"))
    assert (parse_times(ts).hours - base).tolist() == [8]


def _stations(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["站点编码", "站点名称", "城市", "区县", "经度", "纬度", "类型"])
        w.writerow(["1001A", "万寿西宫", "北京市", "西城区", "116.366", "39.878", "国控"])
        w.writerow(["1002A", "定陵", "北京市", "昌平区", "116.17", "40.29", "国控"])
        w.writerow(["1004A", "某省控点", "北京市", "昌平区", "116.2", "40.2", "省控"])
        w.writerow(["1003A", "天津站", "天津市", "和平区", "117.2", "39.1", "国控"])
    return path


def test_station_list_national_control_and_city_choice_when_saving(tmp_path: Path) -> None:
    from tests.conftest import HUICHANG

    from ecociv.importers import read_plan
    from ecociv.store import open_store

    data = tmp_path / "d"
    data.mkdir()
    pm = {"1001A": 30.0, "1002A": 50.0, "1004A": 200.0, "1003A": 70.0}
    for k in range(2):
        national_day(data, dt.date(2023, 1, 1 + k), list(pm), lambda s, d, h: {**clean(s, d, h), "pm25": pm[s]})
    lst = _stations(tmp_path / "stations.csv")
    result = _annual(str(data), "--stations", str(lst))
    assert _city(result, "北京市")["values"]["pm25"] == 40  # type: ignore[index]  # (30+50)/2, 省控 left out
    assert _city(result, "天津市")["values"]["pm25"] == 70  # type: ignore[index]
    names = {x["name"] for x in result["annual"]}  # type: ignore[union-attr]
    assert "万寿西宫" in names  # stations named from the list
    assert _city(_annual(str(data), "--stations", str(lst), "--all-stations"), "北京市")["values"]["pm25"] == 93  # type: ignore[index]  # (30+50+200)/3

    plan = str(open_store().save_plan(read_plan(HUICHANG)))
    r = ecociv("air", "annual", str(data), "--stations", str(lst), "--save", plan)
    assert r.returncode == 2 and "--city" in r.stderr
    r = ecociv("air", "annual", str(data), "--stations", str(lst), "--save", plan, "--city", "北京")
    assert r.returncode == 2 and "有效日数不足" in r.stderr and "--allow-insufficient" in r.stderr
    r = ecociv("air", "annual", str(data), "--stations", str(lst), "--save", plan, "--city", "北京", "--allow-insufficient")
    assert r.returncode == 2 and "会昌" in r.stderr and "--confirm-region" in r.stderr  # 北京 is not 会昌县
    r = ecociv("air", "annual", str(data), "--stations", str(lst), "--save", plan, "--city", "北京", "--allow-insufficient", "--confirm-region")
    assert r.returncode == 0, r.stderr
    assert "仅供参考" in r.stdout


def test_water_workbook_with_chinese_headers_units_and_detection_limits(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "地表水月报"
    ws.append(["2023年地表水监测数据"])
    ws.append(["断面名称", "监测时间", "断面类型", "水温(℃)", "pH(无量纲)", "溶解氧(mg/L)", "高锰酸盐指数(mg/L)", "氨氮(mg/L)", "总磷(mg/L)"])
    ws.append(["甲河大桥", "2023年1月", "河流", 8.1, 7.6, 7.5, 3.5, 0.4, 0.15])  # TP 0.15: Ⅲ
    ws.append(["甲河大桥", "2023年2月", "河流", 9.0, 7.7, 7.6, 3.4, "ND", 0.25])  # TP 0.25: Ⅳ
    ws.append(["乙湖心", "2023年1月", "湖库", 6.0, 8.0, 8.0, 2.0, "<0.05", 0.03])  # lake TP 0.03: Ⅲ
    ws.append(["乙湖心", "2023年2月", "湖库", 6.5, 8.1, 8.1, 2.1, "未检出", 0.03])
    ws.append(["丙闸", "2023年1月", "河流", 7.0, 7.2, 6.0, 5.0, 2.5, 0.1])  # NH3-N 2.5: 劣Ⅴ
    ws.append(["丙闸", "2023年2月", "河流", 7.0, 7.2, 6.0, 5.0, 2.5, 0.1])
    path = tmp_path / "water.xlsx"
    wb.save(path)
    r = ecociv("water", "classify", str(path), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    annual = {c["section"]: c for c in data["annual"]["2023"]}
    assert annual["甲河大桥"]["overall"] == 3  # annual mean TP (0.15 + 0.25) / 2 = 0.2 -> Ⅲ
    assert annual["乙湖心"]["overall"] == 3 and annual["乙湖心"]["lake"] is True
    assert annual["丙闸"]["overall"] == 6 and annual["丙闸"]["above_iii"] == ["氨氮(劣Ⅴ，超标1.5倍)"]
    net = data["network"]["2023"]
    assert (net["iii_or_better_ratio"], net["worse_than_v_ratio"]) == (66.7, 33.3)
    r = ecociv("water", "classify", str(path))
    assert "甲河大桥：Ⅲ类" in r.stdout


def test_below_detection_rule_is_an_option_and_stated(tmp_path: Path) -> None:
    p = tmp_path / "w.csv"
    p.write_text("断面名称,监测时间,总磷(mg/L)\n丁桥,2023-05,<0.4\n", encoding="utf-8")
    half = ecociv("water", "classify", str(p))
    assert half.returncode == 0, half.stderr
    assert "丁桥：Ⅲ类" in half.stdout and "低于检出限的值按检出限的一半计" in half.stdout  # 0.2: river Ⅲ
    limit = ecociv("water", "classify", str(p), "--below-detection", "limit")
    assert "丁桥：Ⅴ类" in limit.stdout and "低于检出限的值按检出限计" in limit.stdout  # 0.4: river Ⅴ


def test_city_named_by_the_user_when_the_data_has_none(tmp_path: Path) -> None:
    """The Beijing multi-site files name no city: --city says which, and saving checks it."""
    from tests.conftest import YICHUN

    from ecociv.importers import read_plan
    from ecociv.store import open_store

    data = tmp_path / "PRSA"
    data.mkdir()
    for st in ("Aotizhongxin", "Dongsi"):
        beijing_station(data, st, dt.date(2023, 1, 1), 2, clean)
    result = _annual(str(data), "--city", "宜春市")
    assert _city(result, "宜春市")["values"]["pm25"] == 58  # type: ignore[index]
    assert "city-from-option" in {f["slug"] for f in result["findings"]}  # type: ignore[union-attr]
    plan = str(open_store().save_plan(read_plan(YICHUN)))
    r = ecociv("air", "annual", str(data), "--city", "宜春市", "--save", plan, "--allow-insufficient")
    assert r.returncode == 0, r.stderr  # 宜春市 is the plan's region: no confirmation needed
    r = ecociv("air", "annual", str(data), "--city", "北京市", "--save", plan, "--allow-insufficient")
    assert r.returncode == 2 and "--confirm-region" in r.stderr


def test_rows_spilled_to_disk_give_the_same_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the memory budget rows go to a temporary Parquet file per year: same figures."""
    from ecociv.monitor import air_annual, air_daily
    from ecociv.monitor.ingest import AirOptions, _collect, read_air

    data = tmp_path / "d"
    data.mkdir()
    for st in ("A", "B"):  # 2022-12-30 .. 2023-01-02: two years in each file
        beijing_station(data, st, dt.date(2022, 12, 30), 4, lambda s, d, h: {**clean(s, d, h), "pm25": 10 * d.day if d.year == 2023 else 40})

    def figures() -> list[tuple[int, float | None, int]]:
        src = read_air(data, AirOptions())
        try:
            out = []
            for y in src.years:
                h = src.hourly(y)
                assert h is not None
                row = next(r for r in air_annual(air_daily(h)) if r.kind == "城市")
                out.append((row.year, row.values["pm25"], row.aqi_days))
            return out
        finally:
            src.close()

    in_memory = figures()
    monkeypatch.setattr(_collect, "BUDGET", 0)
    assert figures() == in_memory == [(2022, 40.0, 2), (2023, 15.0, 2)]  # 2023: (10 + 20) / 2
