"""Progress arithmetic: the Open SDG / Eurostat thresholds on hand-computed series."""

from __future__ import annotations

import pytest

from ecociv.assess._progress import (
    cagr,
    linear_fit,
    progress_to_target,
    progress_without_target,
    scaling_factor,
)


def test_cagr_matches_definition() -> None:
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    assert cagr(50, 25, 1) == pytest.approx(-0.5)
    assert cagr(-1, 2, 1) is None  # mixed signs cannot be assessed
    assert cagr(0, 1, 1) == pytest.approx(1 / 0.001 - 1)  # zero replaced by 0.001


def test_target_already_met() -> None:
    p = progress_to_target([(2022, 32.0), (2023, 51.0)], 50.0, ">=", 2025, "higher")
    assert p.status == "achieved" and p.label == "已达标"


@pytest.mark.parametrize(
    ("latest", "expected"),
    [(40.0, "on_track"), (36.0, "moderate"), (33.0, "limited"), (32.0, "away"), (30.0, "away")],
)
def test_ratio_categories(latest: float, expected: str) -> None:
    # 32 -> 50 in 3 years needs (50/32)^(1/3)-1 = 16.04 %/yr; one year observed.
    p = progress_to_target([(2022, 32.0), (2023, latest)], 50.0, ">=", 2025, "higher")
    required = (50 / 32) ** (1 / 3) - 1
    assert p.required_cagr == pytest.approx(required)
    assert p.ratio == pytest.approx((latest / 32 - 1) / required)
    assert p.status == expected


def test_lower_is_better_inverts() -> None:
    # PM2.5 37 -> 29 by 2025: falling is progress, rising is moving away.
    good = progress_to_target([(2020, 37.0), (2022, 32.0)], 29.0, "<=", 2025, "lower")
    bad = progress_to_target([(2020, 37.0), (2022, 39.0)], 29.0, "<=", 2025, "lower")
    assert good.status == "on_track"
    assert bad.status == "away" and bad.ratio is not None and bad.ratio < 0


def test_linear_projection_and_year_of_attainment() -> None:
    pts = [(2020, 40.0), (2021, 42.0), (2022, 44.0), (2023, 46.0)]
    p = progress_to_target(pts, 60.0, ">=", 2025, "higher")
    assert p.projected_value == pytest.approx(50.0)
    assert p.projected_year == 2030  # 40 + 2*(t-2020) >= 60 from 2030
    assert linear_fit(pts[:2]) is None
    two = progress_to_target(pts[:2], 60.0, ">=", 2025, "higher")
    assert two.projected_year is None and two.projected_value is None


def test_no_target_growth_thresholds_and_natural_limit() -> None:
    assert progress_without_target([(2020, 50.0), (2022, 52.0)], "higher").status == "on_track"
    assert progress_without_target([(2020, 50.0), (2022, 50.6)], "higher").status == "moderate"
    assert progress_without_target([(2020, 50.0), (2022, 50.1)], "higher").status == "limited"
    assert progress_without_target([(2020, 50.0), (2022, 49.0)], "higher").status == "away"
    # Near the 100 % limit the thresholds shrink: +0.2 %/yr from 95 % is on track.
    assert scaling_factor(95.0, 100.0) == pytest.approx(0.05)
    near = progress_without_target([(2020, 95.0), (2022, 95.4)], "higher", limit=100.0)
    assert near.status == "on_track"
    assert progress_without_target([(2020, 95.0), (2022, 95.4)], "higher").status == "limited"
    # At the limit, holding is on track.
    assert progress_without_target([(2020, 100.0), (2022, 100.0)], "higher", limit=100.0).status == "on_track"


def test_one_point_is_not_enough() -> None:
    p = progress_to_target([(2022, 32.0)], 50.0, ">=", 2025, "higher")
    assert p.status == "no_data" and p.label == "数据不足"
    assert p.ratio is None
