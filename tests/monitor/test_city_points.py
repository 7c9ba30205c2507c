"""City values from the city points' daily values and the 75 % rule (HJ 663—2013 表A.2, 6.1.4),
and points that are not city points (对照点, 背景点 …) kept out of city figures."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

from tests.monitor._helpers import write_hours
from tests.monitor._layouts import national_day

from ecociv.monitor import air_daily

DAY = dt.date(2024, 3, 1)


def test_city_o3_8h_is_the_mean_of_the_points_daily_maxima(tmp_path: Path) -> None:
    # S1 has O3 200 in hours 0–7, S2 in hours 16–23, both 50 otherwise: each point's daily maximum
    # 8-hour mean is 200, so the city's is 200; the 8-hour maximum of the city's hourly means
    # would be only 125 ((200 + 50) / 2).
    def make(s: str, d: dt.date, h: int) -> list[object]:
        high = h < 8 if s == "S1" else h >= 16
        return [10, 20, 40, 0.5, 200 if high else 50, 30]

    r = air_daily(write_hours(tmp_path / "o3.csv", DAY, 1, make, ("S1", "S2")), {"S1": "甲县", "S2": "甲县"})
    assert r.stations.stats["o3_8h"][:, 0].tolist() == [200, 200]
    assert r.cities.stats["o3_8h"][0, 0] == 200
    # the city 1-hour value stays the mean of the points' hourly values: max (200 + 50) / 2
    assert r.cities.stats["o3_1h"][0, 0] == 125


def test_city_value_needs_three_quarters_of_its_points(tmp_path: Path) -> None:
    pm = {"S1": 20, "S2": 40, "S3": 60, "S4": 80}
    missing = {1: {"S3", "S4"}, 2: {"S4"}}  # day index -> points without PM2.5 that day

    def make(s: str, d: dt.date, h: int) -> list[object]:
        gone = s in missing.get((d - DAY).days, set())
        return [10, 20, 40, 0.5, 60, "" if gone else pm[s]]

    four = dict.fromkeys(pm, "甲县")
    r = air_daily(write_hours(tmp_path / "pm.csv", DAY, 3, make, tuple(pm)), four)
    city = r.cities.stats["pm25"][0]
    assert city[0] == 50  # (20 + 40 + 60 + 80) / 4
    assert math.isnan(city[1])  # 2 of 4 points valid: fewer than 75 %
    assert city[2] == 40  # 3 of 4: (20 + 40 + 60) / 3
    assert r.cities.hours["pm25_points"][0].tolist() == [4, 2, 3]
    (f,) = [f for f in r.findings if f.slug == "city-too-few-points"]
    assert f.data["days"] == {"pm25": 1} and f.data["needed"] == 3 and "6.1.4" in f.message

    # fewer than 4 points: half of them is enough (2 of 3 on the second day)
    three = {"S1": "乙县", "S2": "乙县", "S3": "乙县"}
    r = air_daily(write_hours(tmp_path / "pm3.csv", DAY, 2, make, ("S1", "S2", "S3")), three)
    assert r.cities.stats["pm25"][0].tolist() == [40, 30]


def _ecociv(*args: str) -> dict[str, object]:
    r = subprocess.run([str(Path(sys.executable).parent / "ecociv"), *args, "--json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    data: dict[str, object] = json.loads(r.stdout)
    return data


def _city_pm25(data: dict[str, object]) -> float:
    (row,) = [x for x in data["annual"] if x["kind"] == "城市"]  # type: ignore[union-attr]
    value: float = row["values"]["pm25"]  # type: ignore[index]
    return value


def test_reference_and_background_points_are_not_city_points(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    pm = {"1001A": 30.0, "1002A": 50.0, "1005A": 90.0, "1006A": 130.0}
    for k in range(2):
        national_day(data, DAY + dt.timedelta(days=k), list(pm), lambda s, d, h: {"pm25": pm[s], "pm10": 50, "so2": 10, "no2": 20, "co": 0.5, "o3": 60})
    lst = tmp_path / "站点列表.csv"
    with lst.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        # the public national list's columns: 对照点 Y marks the city's clean reference point
        w.writerow(["监测点编码", "监测点名称", "城市", "经度", "纬度", "对照点", "点位类型"])
        w.writerow(["1001A", "万寿西宫", "北京", "116.366", "39.878", "N", ""])
        w.writerow(["1002A", "东四", "北京", "116.434", "39.952", "N", ""])
        w.writerow(["1005A", "定陵", "北京", "116.17", "40.29", "Y", ""])
        w.writerow(["1006A", "前门", "北京", "116.395", "39.899", "N", "路边交通点"])
    result = _ecociv("air", "annual", str(data), "--stations", str(lst))
    assert _city_pm25(result) == 40  # (30 + 50) / 2: 定陵 (对照点) and 前门 (路边交通点) left out
    (f,) = [f for f in result["findings"] if f["slug"] == "station-not-city-point"]  # type: ignore[union-attr]
    assert f["data"]["stations"] == {"定陵": "对照点", "前门": "路边交通点"}  # type: ignore[index]
    assert "HJ 663" in f["message"]  # type: ignore[index]
    assert _city_pm25(_ecociv("air", "annual", str(data), "--stations", str(lst), "--all-stations")) == 75  # (30+50+90+130)/4

    # the station list copied into the data folder is recognised and said, not a bad data file
    (data / lst.name).write_bytes(lst.read_bytes())
    result = _ecociv("air", "annual", str(data), "--stations", str(lst))
    assert _city_pm25(result) == 40
    slugs = [f["slug"] for f in result["findings"]]  # type: ignore[union-attr]
    assert "station-list-in-data" in slugs and "file-unreadable" not in slugs
