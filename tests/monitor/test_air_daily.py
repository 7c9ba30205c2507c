"""Daily statistics and AQI on hand-computed fixtures (tests/monitor/data)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
from tests.monitor._helpers import DATA, write_hours

from ecociv.monitor import ALL_STATIONS, air_daily, daily_tables, read_city_map
from ecociv.monitor._output import primary_codes


def test_station_days_by_hand() -> None:
    r = air_daily(DATA / "station_days.csv")
    st = r.stations
    assert st.names == ["S1"] and st.n_days == 3
    assert st.dates()[0] == np.datetime64("2024-03-01")
    # day 1: PM2.5 alternates 75/76 -> 75.5 -> 76 (round half to even) -> IAQI 101.25 -> 102
    assert st.stats["pm25"][0, 0] == 76 and st.iaqi["pm25"][0, 0] == 102
    # O3: hours 0-7 at 100, 8-23 at 200 -> max 8-h mean 200 -> 137; 1-h max 200 -> 100
    assert st.stats["o3_8h"][0, 0] == 200 and st.iaqi["o3_8h"][0, 0] == 137
    assert st.iaqi["o3_1h"][0, 0] == 100
    assert st.iaqi["pm10"][0, 0] == 101 and st.iaqi["no2"][0, 0] == 100 and st.iaqi["co"][0, 0] == 25
    assert st.aqi[0, 0] == 137 and st.level[0, 0] == 2
    assert primary_codes(st)[0, 0] == "O3_8h"


def test_day_with_too_few_valid_hours() -> None:
    st = air_daily(DATA / "station_days.csv").stations
    # day 2: PM2.5 has 19 valid hours (< 20): no PM2.5 value, no AQI (nothing else above 100)
    assert st.hours["pm25"][0, 1] == 19
    assert math.isnan(st.stats["pm25"][0, 1]) and math.isnan(st.aqi[0, 1])
    # day 3: PM2.5 invalid again but PM10 400 -> 200 + 100/70·50 = 271.4 -> 272: the day is 重度污染
    assert math.isnan(st.stats["pm25"][0, 2])
    assert st.aqi[0, 2] == 272 and st.level[0, 2] == 4
    slugs = {f.slug for f in air_daily(DATA / "station_days.csv").findings}
    assert "day-insufficient-hours" in slugs


def test_o3_8h_needs_14_windows_unless_above_limit(tmp_path: Path) -> None:
    # hours 0-9 missing: windows starting 0..16 with >= 6 valid hours are those starting at 8..16 -> 9 < 14
    def make(s: str, day: dt.date, h: int) -> list[object]:
        o3 = "" if h < 10 else (300 if day.day == 2 else 120)
        return [10, 20, 40, 0.5, o3, 30]

    r = air_daily(write_hours(tmp_path / "o3.csv", dt.date(2024, 6, 1), 2, make))
    st = r.stations
    assert st.hours["o3_8h"][0].tolist() == [9, 9]
    assert math.isnan(st.stats["o3_8h"][0, 0])  # 120 <= 160: too few windows, invalid
    assert st.stats["o3_8h"][0, 1] == 300  # above the 160 limit: still valid (HJ 663)


def test_city_is_mean_of_station_hours_and_unknown_station_reported() -> None:
    cities = read_city_map(DATA / "cities.csv")
    r = air_daily(DATA / "two_cities.csv", cities)
    assert r.cities.names == ["甲县"]
    # S1 30, S2 50 -> 40 -> 50 + 50/40·5 = 56.25 -> 57; S3 (500, not in the map) stays out
    assert r.cities.stats["pm25"][0, 0] == 40 and r.cities.aqi[0, 0] == 57
    found = {f.slug: f for f in r.findings}
    assert found["unknown-station"].data["stations"] == ["S3"]
    assert found["station-without-data"].data["stations"] == ["S9"]
    assert r.stations.aqi[r.stations.names.index("S3"), 0] == 500


def test_without_city_map_all_stations_form_one_city() -> None:
    r = air_daily(DATA / "two_cities.csv")
    assert r.cities.names == [ALL_STATIONS]
    assert r.cities.stats["pm25"][0, 0] == round((30 + 50 + 500) / 3)


def test_daily_table_rows_and_columns() -> None:
    t = daily_tables(air_daily(DATA / "station_days.csv"))
    assert t.num_rows == 6  # city + station × 3 days
    rows = t.to_pylist()
    assert rows[0]["类型"] == "城市" and rows[0]["类别"] == "轻度污染" and rows[0]["首要污染物"] == "O3_8h"
    assert rows[1]["类别"] == "无效" and rows[1]["AQI"] is None
    assert rows[2]["首要污染物"] == "PM10" and rows[2]["级别"] == "五级"
    # day 1: IAQI PM10 101, PM2.5 102, O3_8h 137 exceed 100 (NO2 is exactly 100: not 超标)
    assert rows[0]["超标污染物"] == "PM10,O3_8h,PM2.5" and rows[2]["超标污染物"] == "PM10"


def test_row_order_does_not_matter(tmp_path: Path) -> None:
    for name in ("station_days.csv", "two_cities.csv", "bad_values.csv"):
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        shuffled = tmp_path / name
        shuffled.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
        a, b = air_daily(DATA / name), air_daily(shuffled)
        assert a.stations.names == b.stations.names
        for key, arr in a.stations.stats.items():
            assert np.array_equal(arr, b.stations.stats[key], equal_nan=True), (name, key)
        assert np.array_equal(a.stations.aqi, b.stations.aqi, equal_nan=True)
        assert sorted((f.slug, f.column, f.data.get("count")) for f in a.findings) == sorted((f.slug, f.column, f.data.get("count")) for f in b.findings)


def test_o3_8h_above_800_in_the_daily_pipeline(tmp_path: Path) -> None:
    # O3 at 900 from 08:00 on: 8-h max 900 (> 800, not computed) -> the O3 1-h IAQI (900 -> 350) is used
    def make(s: str, day: dt.date, h: int) -> list[object]:
        return [10, 20, 40, 0.5, 900 if h >= 8 else 100, 30]

    st = air_daily(write_hours(tmp_path / "o3hi.csv", dt.date(2024, 7, 1), 1, make)).stations
    assert st.stats["o3_8h"][0, 0] == 900 and st.stats["o3_1h"][0, 0] == 900
    assert st.iaqi["o3_8h"][0, 0] == 350 and st.aqi[0, 0] == 350 and st.level[0, 0] == 5
