"""The commands as a user runs them: real entry point, real files, real SQLite store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from tests.conftest import HUICHANG, YICHUN
from tests.monitor._helpers import DATA, write_hours

from ecociv.importers import read_plan
from ecociv.store import open_store

ECOCIV = str(Path(sys.executable).parent / "ecociv")


def ecociv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ECOCIV, *args], capture_output=True, text=True, timeout=300)


def test_air_daily_csv_and_parquet(tmp_path: Path) -> None:
    r = ecociv("air", "daily", str(DATA / "station_days.csv"), "-o", str(tmp_path / "d.csv"))
    assert r.returncode == 0, r.stderr
    assert "1 个站点、1 个城市 × 3 天" in r.stdout and "day-insufficient-hours" in r.stdout
    rows = pacsv.read_csv(tmp_path / "d.csv").to_pylist()
    assert [x["AQI"] for x in rows] == [137, None, 272, 137, None, 272]
    r = ecociv("air", "daily", str(DATA / "two_cities.csv"), "--cities", str(DATA / "cities.csv"), "-o", str(tmp_path / "d.parquet"))
    assert r.returncode == 0, r.stderr
    t = pq.read_table(tmp_path / "d.parquet").to_pylist()
    assert {(x["类型"], str(x["名称"])) for x in t} == {("城市", "甲县"), ("站点", "S1"), ("站点", "S2"), ("站点", "S3")}
    assert "unknown-station" in r.stdout


def test_bad_input_exits_2_with_chinese_message(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("station,time,temp\nA,2024-01-01 00:00,3\n", encoding="utf-8")
    r = ecociv("air", "annual", str(p))
    assert r.returncode == 2 and r.stderr.startswith("错误：") and "x.csv：不是可识别的空气监测数据：没有可识别的污染物列" in r.stderr and "Traceback" not in r.stderr
    r = ecociv("air", "daily", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv"))
    assert r.returncode == 2 and "文件不存在" in r.stderr
    r = ecociv("air", "daily", str(DATA / "station_days.csv"), "-o", str(tmp_path / "o.xlsx"))
    assert r.returncode == 2 and "不支持的文件类型" in r.stderr
    r = ecociv("air", "annual", str(DATA / "station_days.csv"), "--standard-version", "2030")
    assert r.returncode == 2 and "HJ 633—2012" in r.stderr and "HJ 633—2026" in r.stderr


def test_outlook_and_water(tmp_path: Path) -> None:
    r = ecociv("air", "outlook", str(DATA / "station_days.csv"), "--target-good-ratio", "96.8", "--target-pm25", "24", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    city = data["outlook"][0]
    assert city["kind"] == "城市" and city["remaining_days"] == 366 - 31 - 29 - 3
    r = ecociv("water", "classify", str(DATA / "water_sections.csv"), "-o", str(tmp_path / "w.csv"))
    assert r.returncode == 0, r.stderr
    assert "乙桥：Ⅳ类，超Ⅲ类：氨氮(Ⅳ，超标0.5倍)" in r.stdout
    assert "达到或优于Ⅲ类 2 个（50%），劣Ⅴ类 1 个（25%）" in r.stdout


@pytest.mark.parametrize(("plan_file", "expect_keys"), [(HUICHANG, {"1/6/1": "pm25", "1/6/0": "good"}), (YICHUN, {"0/6": "pm25", "1/0/0": "pm25", "0/4": "good", "1/1/0": "good"})])
def test_annual_save_into_real_plan(tmp_path: Path, plan_file: Path, expect_keys: dict[str, str]) -> None:
    store = open_store()
    plan_id = store.save_plan(read_plan(plan_file))

    def make(s: str, d: dt.date, h: int) -> list[object]:
        return [10, 20, 40, 0.5, 100, 100 if d.day == 1 else 20]  # the 1st of each month is 轻度污染

    csv_path = write_hours(tmp_path / "y.csv", dt.date(2023, 1, 1), 365, make)
    r = ecociv("air", "annual", str(csv_path), "--save", str(plan_id), "--user", "监测科")
    assert r.returncode == 2 and "数据未标明城市" in r.stderr and "--confirm-region" in r.stderr  # no station list: which city?
    assert not store.observations(plan_id, year=2023)
    r = ecociv("air", "annual", str(csv_path), "--save", str(plan_id), "--user", "监测科", "--confirm-region")
    assert r.returncode == 0, r.stderr
    assert "已存入规划" in r.stdout
    obs = {o.indicator_key: o for o in store.observations(plan_id, year=2023)}
    # PM2.5: (12·100 + 353·20) / 365 = 22.6 -> 23; good days 353 / 365 = 96.7 %
    for key, what in expect_keys.items():
        assert obs[key].value == (23 if what == "pm25" else 96.7)
        assert obs[key].source == "监测数据计算" and obs[key].recorded_by == "监测科"
    assert "0/5" not in obs  # 县级城市 does not receive the central figure


def test_water_shares_saved_into_the_plan(tmp_path: Path) -> None:
    """达到或好于Ⅲ类比例 and 劣Ⅴ类比例 go to the indicators named for them; scoped rows only with --scope."""
    store = open_store()
    yichun = store.save_plan(read_plan(YICHUN))
    huichang = store.save_plan(read_plan(HUICHANG))
    data = str(DATA / "water_sections.csv")  # 2024: 4 sections, 2 of Ⅰ–Ⅲ (50 %), 1 worse than Ⅴ (25 %)
    r = ecociv("water", "classify", data, "--save", str(yichun), "--user", "监测站")
    assert r.returncode == 0, r.stderr
    obs = {o.indicator_key: o for o in store.observations(yichun, year=2024)}
    assert obs["0/1"].value == 50 and obs["0/2"].value == 25  # Ⅲ类以上水质比例, 劣Ⅴ类水质比例
    assert obs["0/1"].source == "监测数据计算" and obs["0/1"].recorded_by == "监测站"
    assert "GB 3838" in (obs["0/1"].note or "") and "water_sections.csv" in (obs["0/1"].note or "")
    # split into 国考/省考 sections: which ones the data cover is the user's to say
    assert "1/2/0" not in obs and "1/2/1" not in obs and "scope-not-chosen" in r.stdout
    # Ⅴ类及劣Ⅴ类 counts class Ⅴ too, Ⅱ类 is another share: neither receives these figures
    assert "1/4" not in obs and "1/3/0" not in obs
    r = ecociv("water", "classify", data, "--save", str(yichun), "--scope", "国考", "--json")
    assert r.returncode == 0, r.stderr
    assert any("1/2/0" in line for line in json.loads(r.stdout)["saved"])
    assert {o.indicator_key: o.value for o in store.observations(yichun, year=2024)}["1/2/0"] == 50
    # a change (提高幅度) or drinking-water sources are other quantities
    r = ecociv("water", "classify", data, "--save", str(huichang))
    assert r.returncode == 0, r.stderr
    assert not store.observations(huichang, year=2024) and "没有可存入的指标" in r.stdout
