"""Air computations pick the edition in force for the data's dates (GB 3095—2012/2026,
HJ 633—2012/2026); cases written from the standards' tables, not from sample plans."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from tests.monitor._helpers import write_hours
from tests.monitor.test_cli import ecociv

from ecociv.monitor import air_annual, air_daily, iaqi
from ecociv.monitor._tables import annual_limits, aqi_segments


def _year(tmp_path: Path, year: int, pm25: float) -> Path:
    """A whole calendar year of complete hours, constant concentrations (PM2.5 given)."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return write_hours(tmp_path / f"y{year}.csv", start, days, lambda s, d, h: [8, 20, 45, 0.6, 60, pm25])


def test_pm25_32_in_2027_fails_gb3095_2026_and_passes_gb3095_2012_in_2024(tmp_path: Path) -> None:
    r27 = ecociv("air", "annual", str(_year(tmp_path, 2027, 32)))
    assert r27.returncode == 0, r27.stderr
    assert "GB 3095—2026（过渡阶段）" in r27.stdout and "PM2.5 32>30 未达标" in r27.stdout
    assert "HJ 633—2026" in r27.stdout
    r24 = ecociv("air", "annual", str(_year(tmp_path, 2024, 32)), "--json")
    assert r24.returncode == 0, r24.stderr
    row = json.loads(r24.stdout)["annual"][0]
    assert row["standard"] == "GB 3095—2012" and row["limits"]["pm25"] == 35 and row["meets_limit"]["pm25"] is True
    assert json.loads(r24.stdout)["aqi_editions"][0]["standard"] == "HJ 633—2012"
    # the same 2027 data pinned to the 2012 edition by command
    pinned = ecociv("air", "annual", str(_year(tmp_path, 2027, 32)), "--standard", "GB3095-2012", "--json")
    assert json.loads(pinned.stdout)["annual"][0]["meets_limit"]["pm25"] is True


@pytest.mark.parametrize(
    ("year", "standard", "pm25", "pm10", "no2", "so2"),
    [
        (2025, "GB 3095—2012", 35, 70, 40, 60),
        (2030, "GB 3095—2026（过渡阶段）", 30, 60, 40, 60),
        (2031, "GB 3095—2026（最终阶段）", 25, 50, 30, 20),
    ],
)
def test_annual_limits_by_year(year: int, standard: str, pm25: float, pm10: float, no2: float, so2: float) -> None:
    lim = annual_limits(year)
    assert lim.standard == standard
    assert (lim.values["pm25"], lim.values["pm10"], lim.values["no2"], lim.values["so2"]) == (pm25, pm10, no2, so2)


def test_straddle_rule_for_2026_is_visible_and_changeable() -> None:
    assert annual_limits(2026).standard == "GB 3095—2026（过渡阶段）"  # default: edition in force at year end
    assert annual_limits(2026, straddle="start").standard == "GB 3095—2012"
    first = int(np.datetime64("2026-02-27", "D").astype(int))
    segs, used = aqi_segments(first, 4, None)  # 02-27, 02-28, 03-01, 03-02
    assert [m.tolist() for _, m in segs] == [[True, True, False, False], [False, False, True, True]]
    assert [(u["standard"], u["from"], u["to"]) for u in used] == [
        ("HJ 633—2012", "2026-02-27", "2026-02-28"),
        ("HJ 633—2026", "2026-03-01", "2026-03-02"),
    ]
    _segs, used = aqi_segments(first, 4, None, "end")
    assert [u["standard"] for u in used] == ["HJ 633—2026"]


def test_switch_to_the_final_phase_on_2031_01_01(tmp_path: Path) -> None:
    # PM2.5 28 µg/m³ all along 2030-12-31 … 2031: 2030 meets 30 (transitional), 2031 fails 25 (final)
    p = write_hours(tmp_path / "s.csv", dt.date(2030, 1, 1), 365 * 2, lambda s, d, h: [8, 20, 45, 0.6, 60, 28])
    rows = air_annual(air_daily(p))
    by_year = {r.year: r for r in rows if r.kind == "城市"}
    assert by_year[2030].standard.endswith("（过渡阶段）") and by_year[2030].meets_limit["pm25"] is True
    assert by_year[2031].standard.endswith("（最终阶段）") and by_year[2031].meets_limit["pm25"] is False


def test_daily_aqi_changes_breakpoints_on_2026_03_01(tmp_path: Path) -> None:
    # PM2.5 24-h 75: HJ 633—2012 IAQI 100 (良), HJ 633—2026 IAQI 100 + 50/55·15 = 113.6 -> 114 (轻度污染)
    p = write_hours(tmp_path / "d.csv", dt.date(2026, 2, 28), 2, lambda s, d, h: [8, 20, 45, 0.6, 60, 75])
    r = air_daily(p)
    assert r.cities.iaqi["pm25"][0].tolist() == [100, 114]
    assert r.cities.level[0].tolist() == [1, 2]
    assert "HJ 633—2012（2026-02-28～2026-02-28）" in r.edition_text()
    assert air_daily(p, version="2012").cities.iaqi["pm25"][0].tolist() == [100, 100]


def test_hj663_2026_rules_are_reported_as_not_supported(tmp_path: Path) -> None:
    r = air_daily(_year(tmp_path, 2027, 20))
    air_annual(r)
    f = next(f for f in r.findings if f.slug == "rule-not-supported")
    assert "不支持" in f.message and "三年滑动平均" in f.message and "例外事件" in f.message


# HJ 633—2026 table 3, every column at every breakpoint: IAQI equals the table's level exactly,
# and one step above a breakpoint lies in the next segment.
_IAQI = [0, 50, 100, 150, 200, 300, 400, 500]
_HJ633_2026 = {
    "so2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "so2_1h": [0, 150, 500, 650, 800],
    "no2_24h": [0, 40, 80, 180, 280, 565, 750, 940],
    "no2_1h": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "co_24h": [0, 2, 4, 14, 24, 36, 48, 60],
    "co_1h": [0, 5, 10, 35, 60, 90, 120, 150],
    "o3_8h": [0, 100, 160, 215, 265, 800],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "pm10_24h": [0, 50, 120, 250, 350, 420, 500, 600],
    "pm25_24h": [0, 35, 60, 115, 150, 250, 350, 500],
}


@pytest.mark.parametrize("key", sorted(_HJ633_2026))
def test_hj633_2026_every_segment_edge(key: str) -> None:
    bps = _HJ633_2026[key]
    step = 0.1 if key.startswith("co") else 1.0
    at = iaqi(key, np.array(bps, dtype=float), "2026")
    assert at.tolist() == _IAQI[: len(bps)]
    above = iaqi(key, np.array(bps[:-1], dtype=float) + step, "2026")
    for j, got in enumerate(above.tolist()):
        lo, hi = _IAQI[j], _IAQI[j + 1]
        expected = np.ceil(lo + (hi - lo) / (bps[j + 1] - bps[j]) * step - 1e-9)
        assert got == expected and lo < got <= hi, (key, bps[j])


def test_hj633_2026_fixed_iaqi_above_800() -> None:
    # table 3 note b: SO2 1-h above 800 -> IAQI 200; note c: O3 8-h above 800 -> IAQI 300
    assert iaqi("so2_1h", np.array([801.0, 2000.0]), "2026").tolist() == [200, 200]
    assert iaqi("o3_8h", np.array([801.0, 1500.0]), "2026").tolist() == [300, 300]
    # HJ 633—2012 did not compute them (the fallback quantity's IAQI is reported instead)
    assert np.isnan(iaqi("o3_8h", np.array([801.0]), "2012")[0])


def test_hj633_2026_daily_report_has_six_items(tmp_path: Path) -> None:
    # O3 1-h 300 (IAQI 150) is not a daily item in 2026: AQI comes from the other six
    def make(s: str, d: dt.date, h: int) -> list[object]:
        return [8, 20, 45, 0.6, 300 if h == 14 else 20, 20]

    p = write_hours(tmp_path / "o3.csv", dt.date(2027, 6, 1), 1, make)
    r = air_daily(p)
    assert np.isnan(r.cities.iaqi["o3_1h"][0, 0]) and r.cities.aqi[0, 0] < 100
    r12 = air_daily(p, version="2012")
    assert r12.cities.aqi[0, 0] == 150


def test_edition_pinned_for_a_region_is_used_when_saving(tmp_path: Path) -> None:
    from tests.conftest import HUICHANG

    from ecociv.importers import read_plan
    from ecociv.store import open_store

    store = open_store()
    plan = read_plan(HUICHANG)
    plan_id = store.save_plan(plan)
    data = str(_year(tmp_path, 2027, 32))
    r = ecociv("air", "annual", data, "--save", str(plan_id), "--confirm-region", "--json")
    assert json.loads(r.stdout)["annual"][0]["standard"] == "GB 3095—2026（过渡阶段）"
    r = ecociv("standards", "pin", plan.region, "GB3095-2012")
    assert r.returncode == 0 and "GB 3095—2012" in r.stdout
    assert "GB 3095\tGB 3095—2012" in ecociv("standards", "pins", plan.region).stdout
    r = ecociv("air", "annual", data, "--save", str(plan_id), "--confirm-region", "--json")
    row = json.loads(r.stdout)["annual"][0]
    assert row["standard"] == "GB 3095—2012" and row["meets_limit"]["pm25"] is True
    note = next(o.note for o in store.observations(plan_id, year=2027) if o.value == 32)
    assert note is not None and "GB 3095—2012" in note
    from ecociv.assess import assess_plan

    a = assess_plan(store.get_plan(plan_id), store.observations(plan_id), 2027)
    assert any("监测数据按 GB 3095—2012" in i.standard.reason for i in a.indicators)
    r = ecociv("standards", "pin", plan.region, "GB3095-2012", "--unpin")
    assert r.returncode == 0 and store.pinned_editions(plan.region) == {}
