"""IAQI against values computed by hand from HJ 633-2012 Table 1 (rounded up to integers)."""

from __future__ import annotations

import numpy as np
import pytest

from ecociv.errors import InputError
from ecociv.monitor import aqi_of, iaqi, iaqi_with_fallback, level_index, round_concentration
from ecociv.monitor._tables import aqi_table


@pytest.mark.parametrize(
    ("key", "conc", "expected"),
    [
        ("pm25_24h", 0, 0),
        ("pm25_24h", 35, 50),  # breakpoint: top of the first segment
        ("pm25_24h", 36, 52),  # 50 + 50/40·1 = 51.25 -> 52
        ("pm25_24h", 75, 100),
        ("pm25_24h", 76, 102),  # 100 + 50/40·1 = 101.25 -> 102
        ("pm25_24h", 500, 500),
        ("pm25_24h", 620, 500),  # above the table: 500
        ("pm10_24h", 151, 101),  # 100 + 50/100·1 = 100.5 -> 101
        ("so2_24h", 2620, 500),
        ("no2_24h", 80, 100),
        ("co_24h", 2.0, 50),
        ("co_24h", 2.1, 53),  # 50 + 50/2·0.1 = 52.5 -> 53
        ("o3_1h", 200, 100),
        ("o3_8h", 100, 50),
        ("o3_8h", 200, 137),  # 100 + 50/55·40 = 136.36 -> 137
        ("o3_8h", 800, 300),
        ("so2_1h", 800, 200),
    ],
)
def test_iaqi_by_hand(key: str, conc: float, expected: int) -> None:
    assert iaqi(key, np.array([conc], dtype=float))[0] == expected


def test_exact_integer_results_are_not_pushed_up_by_float_noise() -> None:
    # 50 + 50/40·(67-35) = 90 exactly; a naive ceil of 90.00000000001 would give 91
    assert iaqi("pm25_24h", np.array([67.0]))[0] == 90


def test_o3_8h_above_800_reports_the_1h_iaqi() -> None:
    o3_8h = np.array([850.0, 700.0])
    o3_1h = np.array([900.0, 900.0])
    assert np.isnan(iaqi("o3_8h", o3_8h)[0])
    # 8-h > 800: not computed, O3 1-h IAQI reported: 300 + 100/200·100 = 350
    got = iaqi_with_fallback("o3_8h", o3_8h, o3_1h)
    assert got[0] == 350
    # 8-h 700 is still computed: 200 + 100/535·435 = 281.3 -> 282
    assert got[1] == 282


def test_so2_1h_above_800_reports_the_24h_iaqi() -> None:
    so2_1h = np.array([900.0, 400.0])
    so2_24h = np.array([300.0, 300.0])
    assert np.isnan(iaqi("so2_1h", so2_1h)[0])
    got = iaqi_with_fallback("so2_1h", so2_1h, so2_24h)
    # SO2 24-h 300: 100 + 50/325·150 = 123.08 -> 124
    assert got[0] == 124
    # SO2 1-h 400: 50 + 50/350·250 = 85.7 -> 86
    assert got[1] == 86


def test_aqi_level_and_missing() -> None:
    aqi = aqi_of({"a": np.array([10.0, np.nan, 51.0]), "b": np.array([40.0, np.nan, np.nan])})
    assert aqi[0] == 40 and np.isnan(aqi[1]) and aqi[2] == 51
    levels = level_index(np.array([50.0, 51, 100, 101, 150, 151, 200, 201, 300, 301, np.nan]))
    assert levels.tolist() == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, -1]
    table = aqi_table()
    assert table.categories[levels[4]] == "轻度污染" and table.levels[levels[9]] == "六级"


def test_concentrations_rounded_half_even_before_iaqi() -> None:
    assert round_concentration(np.array([75.5, 76.5, 0.85 + 1e-9]), "pm25")[:2].tolist() == [76, 76]
    assert round_concentration(np.array([1.25]), "co").tolist() == [1.2]


def test_unknown_standard_version_is_an_input_error() -> None:
    with pytest.raises(InputError, match="HJ 633—2026"):
        aqi_table("1999")


@pytest.mark.parametrize("key", ["so2_24h", "so2_1h", "no2_24h", "no2_1h", "pm10_24h", "co_24h", "co_1h", "o3_1h", "o3_8h", "pm25_24h"])
def test_lookup_path_equals_formula_on_every_reported_value(key: str) -> None:
    step = 10 if key.startswith("co") else 1
    top = aqi_table().breakpoints[key][-1]
    c = np.concatenate([np.arange(0, int(top * step) + 50) / step, [np.nan, -1.0, top * 3]])
    fast, slow = iaqi(key, c, rounded=True), iaqi(key, c)
    assert np.array_equal(fast, slow, equal_nan=True)
