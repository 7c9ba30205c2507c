"""Bad values are counted, reported with stable slugs, and kept out of every mean."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from tests.monitor._helpers import DATA

from ecociv.errors import InputError
from ecociv.monitor import air_daily, read_hourly


def test_sentinels_negatives_duplicates_and_co_units() -> None:
    r = air_daily(DATA / "bad_values.csv")
    found = {(f.slug, f.column): f for f in r.findings}
    assert found[("sentinel-value", "pm25")].data["count"] == 2  # -99 and 9999
    assert found[("sentinel-value", "pm25")].row == 5  # hour 3 of station A: file line 5
    assert found[("negative-value", "pm25")].data["count"] == 1
    dup = next(f for f in r.findings if f.slug == "duplicate-timestamp")
    assert dup.data["count"] == 4  # two hours written twice
    assert found[("duplicate-conflict", "pm25")].data["count"] == 1  # hour 7: 20 vs 90
    assert not [f for f in r.findings if f.slug == "duplicate-conflict" and f.column != "pm25"]
    co = next(f for f in r.findings if f.slug == "co-unit-suspect")
    assert co.data["stations"] == ["B"] and co.severity == "error"
    st = r.stations
    a, b = st.names.index("A"), st.names.index("B")
    # A: 24 hours minus sentinel, sentinel, negative, conflicting duplicate = 20 valid hours of 20
    assert st.hours["pm25"][a, 0] == 20 and st.stats["pm25"][a, 0] == 20
    # B's CO is never averaged in: no CO value, so the day has no complete AQI
    assert st.hours["co"][b, 0] == 0 and math.isnan(st.stats["co"][b, 0]) and math.isnan(st.aqi[b, 0])


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    p = tmp_path / "no_o3.csv"
    p.write_text("station,time,so2,no2,pm10,co,pm25\nA,2024-01-01 00:00,1,2,3,0.4,5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no_o3\.csv.*o3"):
        read_hourly(p)


def test_unparseable_value_names_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("station,time,so2,no2,pm10,co,o3,pm25\nA,2024-01-01 00:00,1,2,3,0.4,5,6\nA,2024-01-01 01:00,1,2,abc,0.4,5,6\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv 第3行 “pm10”列.*abc"):
        read_hourly(p)


def test_unparseable_time(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("station,time,so2,no2,pm10,co,o3,pm25\nA,昨天,1,2,3,0.4,5,6\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"第2行 “time”列"):
        read_hourly(p)


def test_chinese_headers_accepted(tmp_path: Path) -> None:
    p = tmp_path / "zh.csv"
    p.write_text("站点,时间,二氧化硫,二氧化氮,PM10,一氧化碳,臭氧,PM2.5\n甲,2024-01-01 00:00,1,2,3,0.4,5,6\n", encoding="utf-8")
    h = read_hourly(p)
    assert h.stations == ["甲"] and h.column("pm25").to_pylist() == [6]


def test_parquet_input_matches_csv(tmp_path: Path) -> None:
    import numpy as np
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    for name in ("station_days.csv", "bad_values.csv"):
        table = pacsv.read_csv(DATA / name)
        pq.write_table(table, tmp_path / "x.parquet", row_group_size=17)  # many small row groups
        a, b = air_daily(DATA / name), air_daily(tmp_path / "x.parquet")
        for key, arr in a.stations.stats.items():
            assert np.array_equal(arr, b.stations.stats[key], equal_nan=True), (name, key)
        assert sorted(f.slug for f in a.findings) == sorted(f.slug for f in b.findings)


def test_parquet_with_text_column_is_an_input_error(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    t = pa.table({"station": ["A"], "time": ["2024-01-01 00:00"], "so2": [1.0], "no2": [2.0], "pm10": ["高"], "co": [0.4], "o3": [5.0], "pm25": [6.0]})
    pq.write_table(t, tmp_path / "t.parquet")
    with pytest.raises(InputError, match=r"t\.parquet “pm10”列：应为数值"):
        read_hourly(tmp_path / "t.parquet")
