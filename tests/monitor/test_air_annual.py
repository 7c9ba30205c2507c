"""Yearly statistics (HJ 663 validity, percentiles, 优良天数比例) and the mid-year outlook.

Series are built so that every figure can be computed by hand: constant hours give daily means
equal to the constant, and the few "high" days are chosen by date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from tests.monitor._helpers import write_hours

from ecociv.monitor import air_annual, air_daily, annual_table, hj663_percentile, outlook


def _year_row(day: dt.date, h: int) -> list[object]:
    pm25 = 100 if (day.month == 1 and day.day <= 20) else 30  # 20 days with IAQI 132
    co = 2.0 if (day.month == 12 and day.day <= 19) else 0.5
    o3_high = dt.date(2023, 6, 1) <= day <= dt.date(2023, 7, 7)  # 37 days with 8-h 180 -> IAQI 119
    return [10, 20, 40, co, 180 if o3_high else 100, pm25]


@pytest.fixture(scope="module")
def full_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("air") / "year.csv"
    return write_hours(p, dt.date(2023, 1, 1), 365, lambda s, d, h: _year_row(d, h))


def test_full_year_by_hand(full_year: Path) -> None:
    r = air_daily(full_year)
    rows = air_annual(r)
    city = next(x for x in rows if x.kind == "城市")
    assert city.year == 2023 and city.aqi_days == 365
    assert city.good_days == 365 - 20 - 37
    assert city.good_ratio == 84.4  # 308 / 365 = 84.38 %
    assert city.values["pm25"] == 34  # (345·30 + 20·100) / 365 = 33.8
    # CO: 346 × 0.5 then 19 × 2.0; k = 1 + 364·0.95 = 346.8 -> 0.5 + 1.5·0.8 = 1.7
    assert city.values["co"] == 1.7
    # O3: 328 × 100 then 37 × 180; k = 1 + 364·0.9 = 328.6 -> 100 + 80·0.6 = 148
    assert city.values["o3_8h"] == 148
    assert all(city.year_valid.values())
    assert city.meets_limit["pm25"] is True and city.meets_limit["o3_8h"] is True
    assert not [f for f in r.findings if f.slug == "year-insufficient-days"]
    assert annual_table(rows).num_rows == 2


def test_hj663_percentile_formula() -> None:
    x = np.array([[*range(1, 21), np.nan], [5.0] + [np.nan] * 20])
    got = hj663_percentile(x, 95)
    assert got[0] == pytest.approx(19.05)  # k = 1 + 19·0.95 = 19.05
    assert got[1] == 5.0


def _drop(days: set[dt.date]):  # type: ignore[no-untyped-def]
    def make(s: str, d: dt.date, h: int) -> list[object] | None:
        return None if d in days else _year_row(d, h)

    return make


def test_year_with_too_few_days_in_february(tmp_path: Path) -> None:
    gone = {dt.date(2023, 2, k) for k in range(1, 5)}  # February keeps 24 days (< 25); year has 361
    r = air_daily(write_hours(tmp_path / "feb.csv", dt.date(2023, 1, 1), 365, _drop(gone)))
    city = next(x for x in air_annual(r) if x.kind == "城市")
    assert city.valid_days["pm25"] == 361
    assert city.year_valid["pm25"] is False
    assert any(f.slug == "year-insufficient-days" for f in r.findings)


def test_year_with_323_days_fails_only_on_the_total(tmp_path: Path) -> None:
    gone: set[dt.date] = set()
    for m in range(1, 13):
        n = 4 if m in (1, 3, 5, 7, 8, 10) else 3  # every month keeps 27 (February 25)
        gone |= {dt.date(2023, m, k) for k in range(1, n + 1)}
    r = air_daily(write_hours(tmp_path / "short.csv", dt.date(2023, 1, 1), 365, _drop(gone)))
    city = next(x for x in air_annual(r) if x.kind == "城市")
    assert city.valid_days["so2"] == 323 and city.year_valid["so2"] is False


def test_mid_year_outlook_by_hand(tmp_path: Path) -> None:
    def make(s: str, d: dt.date, h: int) -> list[object]:
        return [10, 20, 40, 0.5, 100, 100 if (d.day == 15 and d.month <= 6) or (d.day == 16 and d.month <= 4) else 30]

    p = write_hours(tmp_path / "h1.csv", dt.date(2024, 1, 1), 182, make)  # 2024-01-01 .. 06-30
    (o,) = [x for x in outlook(air_daily(p), 96.8, 24) if x.kind == "城市"]
    assert (o.days_so_far, o.good_so_far, o.remaining_days) == (182, 172, 184)
    # 96.8 % of 366 days = 354.3 -> 355 good days needed in all, 183 of the remaining 184
    assert o.good_days_needed == 183 and o.good_reachable is True
    # PM2.5: (24·366 − (172·30 + 10·100)) / 184 = 2624 / 184 = 14.26 -> 14.2 (rounded down)
    assert o.pm25_mean_so_far == 33.8 and o.pm25_max_remaining == 14.2 and o.pm25_reachable is True
    (strict,) = [x for x in outlook(air_daily(p), 99.9, 10) if x.kind == "城市"]
    assert strict.good_reachable is False and strict.pm25_reachable is False
