"""National-platform wide exports: the derived types cross-check the computed days, and the hour
labels (the platform's 0–23 and the 1–24 style both mark the end of the hour) decide which day an
hour belongs to."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from tests.monitor._layouts import national_day

ECOCIV = str(Path(sys.executable).parent / "ecociv")


def _annual(path: Path) -> dict[str, object]:
    r = subprocess.run([ECOCIV, "air", "annual", str(path), "--json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    data: dict[str, object] = json.loads(r.stdout)
    return data


def _station(data: dict[str, object], name: str) -> dict[str, object]:
    row: dict[str, object] = next(x for x in data["annual"] if x["kind"] == "站点" and x["name"] == name)  # type: ignore[union-attr, index]
    return row


def _findings(data: dict[str, object], slug: str) -> list[dict[str, object]]:
    return [f for f in data["findings"] if f["slug"] == slug]  # type: ignore[union-attr, index]


def rising(s: str, d: dt.date, h: int) -> dict[str, float | None]:
    """PM2.5 30 + 2h: daily mean 53; O3 40 + 2h: the 8-h windows ending 8:00–24:00 peak at
    hours 16–23, mean 79, and the 1-h maximum is 86."""
    return {"pm25": 30 + 2 * h, "pm10": 60, "so2": 9, "no2": 25, "co": 0.8, "o3": 40 + 2 * h}


def test_derived_types_agree_with_the_computed_days(tmp_path: Path) -> None:
    for k in range(2):
        national_day(tmp_path, dt.date(2023, 5, 1 + k), ["1001A", "1002A"], rising)
    data = _annual(tmp_path)
    assert _station(data, "1002A")["values"]["pm25"] == 53  # type: ignore[index]
    assert _station(data, "1002A")["values"]["o3_8h"] == 79  # type: ignore[index]
    assert not _findings(data, "derived-mismatch")
    agree = _findings(data, "derived-agree")
    # 2 stations × 2 days × 7 daily values (5 × 24-h means, O3 8-h maximum, O3 1-h maximum)
    assert len(agree) == 1 and agree[0]["data"] == {"checked": 28}  # type: ignore[comparison-overlap]


def test_a_wrong_derived_value_is_a_warning_and_never_replaces_the_computed_one(tmp_path: Path) -> None:
    national_day(tmp_path, dt.date(2023, 5, 1), ["1001A", "1002A"], rising)
    # day 2: the platform's 24-h PM2.5 at 24:00 says 90 (hours give 53), and one O3 8-h window 150
    wrong = {("PM2.5_24h", 23, "1002A"): 90.0, ("O3_8h", 20, "1001A"): 150.0}
    national_day(tmp_path, dt.date(2023, 5, 2), ["1001A", "1002A"], rising, override=wrong)
    data = _annual(tmp_path)
    mismatch = _findings(data, "derived-mismatch")
    assert len(mismatch) == 1 and mismatch[0]["severity"] == "warning"
    info = mismatch[0]["data"]
    assert info["count"] == 2 and info["checked"] == 28  # type: ignore[index]
    assert info["by_type"] == {"PM2.5_24h": 1, "O3_8h": 1}  # type: ignore[index]
    assert {"station": "1002A", "date": "2023-05-02", "type": "PM2.5_24h", "platform": 90.0, "computed": 53.0} in info["examples"]  # type: ignore[index]
    assert {"station": "1001A", "date": "2023-05-02", "type": "O3_8h", "platform": 150.0, "computed": 79.0} in info["examples"]  # type: ignore[index]
    assert "1002A 2023-05-02 PM2.5_24h 平台 90、计算 53" in str(mismatch[0]["message"])
    # the computed values stand
    assert _station(data, "1002A")["values"]["pm25"] == 53  # type: ignore[index]
    assert _station(data, "1001A")["values"]["o3_8h"] == 79  # type: ignore[index]


def peak_at_midnight(s: str, d: dt.date, h: int) -> dict[str, float | None]:
    """The first hour of the day (00:00–01:00) is 92, the 23 others 20: daily mean 23."""
    return {"pm25": 92 if h == 0 else 20, "pm10": 50, "so2": 10, "no2": 20, "co": 0.5, "o3": 60}


def test_national_hours_are_hour_ends_0_to_23_and_1_to_24(tmp_path: Path) -> None:
    """The platform labels an hour by its end, as HJ 663—2013 表A.1 does (1:00 … 24:00 in a natural
    day): its row 1 is 00:00–01:00 and row 0 of the next day is 23:00–24:00 of this one."""
    platform, ends = tmp_path / "platform", tmp_path / "ends"
    platform.mkdir()
    ends.mkdir()
    national_day(platform, dt.date(2023, 1, 1), ["1001A"], peak_at_midnight)
    national_day(ends, dt.date(2023, 1, 1), ["1001A"], peak_at_midnight, first_hour=1)
    for folder, source in ((platform, "国家平台"), (ends, "24 时")):
        data = _annual(folder)
        row = _station(data, "1001A")
        # all 24 hours in 2023-01-01: the row dated 2023-01-02 0 时 closes 2023-01-01
        assert (row["year"], row["days_in_data"], row["aqi_days"]) == (2023, 1, 1)
        assert row["values"]["pm25"] == 23  # type: ignore[index]
        files = data["files"]
        assert [f["hour_label"] for f in files] == ["end"]  # type: ignore[union-attr, index]
        assert source in files[0]["hour_label_source"]  # type: ignore[index]
        assert "结束时刻" in " ".join(data["conventions"])  # type: ignore[arg-type]
    # the user may say otherwise for 0–23 data: then row 0 of 2023-01-02 starts that day
    r = subprocess.run([ECOCIV, "air", "annual", str(platform), "--hour-label", "start", "--json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert "起始时刻" in " ".join(data["conventions"])
    assert {x["year"] for x in data["annual"]} == {2023} and _station(data, "1001A")["days_in_data"] == 2
    # an hour 24 can only be the end of an hour: the data decide even over --hour-label start
    r = subprocess.run([ECOCIV, "air", "annual", str(ends), "--hour-label", "start", "--json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "结束时刻" in " ".join(json.loads(r.stdout)["conventions"])  # a 24 in the data can only be an end
