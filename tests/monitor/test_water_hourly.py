"""Automatic-station (hourly) surface-water data rolled up to months, against hand-computed means.

The fixtures are written by tests/monitor/data/make_water_auto.py: every item of a section-month
is ``base - d`` in the first half of each day and ``base + d`` in the second, so the month's mean
of valid samples is its base when whole days (or a morning and an afternoon sample) are missing.
Classes by GB 3838—2002 表1 (river TP 0.02/0.1/0.2/0.3/0.4, lake TP 0.01/0.025/0.05/0.1/0.2).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from tests.conftest import YICHUN
from tests.monitor._helpers import DATA
from tests.monitor.test_cli import ecociv

from ecociv.errors import InputError
from ecociv.importers import read_plan
from ecociv.monitor import WaterResult, classify_water
from ecociv.store import open_store


@pytest.fixture(scope="module")
def wide() -> WaterResult:
    return classify_water(DATA / "water_auto_4h.csv")


def _month(r: WaterResult, section: str, label: str):  # type: ignore[no-untyped-def]
    return next(c for c in r.samples if c.section == section and c.date == label)


def _annual(r: WaterResult, section: str, year: int = 2025):  # type: ignore[no-untyped-def]
    return next(c for c in r.annual[year] if c.section == section)


def test_four_hourly_csv_monthly_means_counts_and_classes(wide: WaterResult) -> None:
    assert wide.files == {"water_auto_4h.csv": "自动站数据 1080 条"}
    jan = _month(wide, "青石桥", "2025-01")
    # DO 8.0 Ⅰ, CODMn 3.0 Ⅱ, NH3-N 0.40 Ⅱ, TP 0.08 Ⅱ: 31 days × 6 samples all valid
    assert jan.values == pytest.approx({"ph": 7.5, "do": 8.0, "codmn": 3.0, "nh3n": 0.40, "tp": 0.08})
    assert jan.counts == {k: 186 for k in ("ph", "do", "codmn", "nh3n", "tp")} and jan.overall_name() == "Ⅱ"
    assert jan.origin == "自动站" and "tn" not in jan.values  # the empty 总氮 column of a river is not a gap
    # 龙门渡 March: a 故障 day (6 rows), then one 氨氮 "—" and one 0 -> 180 valid, 178 for NH3-N
    mar = _month(wide, "龙门渡", "2025-03")
    assert mar.counts["do"] == 180 and mar.counts["nh3n"] == 178
    assert mar.values["nh3n"] == pytest.approx(0.8) and mar.overall_name() == "Ⅲ"
    feb = _month(wide, "龙门渡", "2025-02")  # DO 4.0 Ⅳ, CODMn 8.0 Ⅳ, NH3-N 2.4 劣Ⅴ, TP 0.30 Ⅳ (≤ 0.3)
    assert feb.classes == {"ph": 1, "do": 4, "codmn": 4, "nh3n": 6, "tp": 4} and feb.overall_name() == "劣Ⅴ"


def test_ph_mean_of_hourly_values_with_range_reported(wide: WaterResult) -> None:
    # March 龙门渡: pH 8.5 mornings and 9.1 afternoons -> mean 8.8, class Ⅰ; 30 days × 3 samples above 9
    mar = _month(wide, "龙门渡", "2025-03")
    assert mar.values["ph"] == pytest.approx(8.8) and mar.classes["ph"] == 1
    m = next(m for m in wide.months if m.section == "龙门渡" and m.label == "2025-03")
    assert m.ph_range == pytest.approx((8.5, 9.1)) and m.ph_outside == 90
    assert any(f.slug == "ph-outside" and "90" in f.message for f in wide.findings)
    assert any("pH" in rule and "算术平均" in rule for rule in wide.rules)


def test_maintenance_month_below_coverage_is_flagged_not_used(wide: WaterResult) -> None:
    # 青石桥 in 维护 on Feb 10–17: 20 of 28 days × 6 = 120 of 168 valid (71 % < 75 %)
    feb = _month(wide, "青石桥", "2025-02")
    assert feb.overall is None and feb.values == {} and feb.counts["nh3n"] == 120
    assert any("氨氮有效样品120/168" in n for n in feb.notes)
    low = next(f for f in wide.findings if f.slug == "low-coverage")
    assert "青石桥" in low.message and "2025-02" in low.message
    invalid = {f.data["section"]: f.data for f in wide.findings if f.slug == "invalid-samples"}
    assert invalid["青石桥"]["维护"] == 240  # 8 days × 6 samples × 5 items
    assert invalid["龙门渡"]["故障"] == 30 and invalid["龙门渡"]["≤0"] == 1 and invalid["龙门渡"]["空值或“—”"] == 1
    # annual from January and March only: DO 7.25 Ⅱ, CODMn 4.0 Ⅱ, NH3-N 0.65 Ⅲ, TP 0.115 Ⅲ
    a = _annual(wide, "青石桥")
    assert a.values["nh3n"] == pytest.approx(0.65) and a.overall_name() == "Ⅲ" and a.counts["nh3n"] == 2
    # with the month used (rule relaxed to 70 %) NH3-N 2.5 enters: annual 1.2667 -> Ⅳ
    relaxed = classify_water(DATA / "water_auto_4h.csv", min_coverage=0.7)
    assert _month(relaxed, "青石桥", "2025-02").overall_name() == "劣Ⅴ"
    assert _annual(relaxed, "青石桥").overall_name() == "Ⅳ"


def test_annual_class_shares_and_exceeding_items(wide: WaterResult) -> None:
    # 龙门渡 annual: DO 5.167 Ⅲ, CODMn 6.667 Ⅳ, NH3-N 1.6 Ⅴ, TP 0.2333 Ⅳ
    a = _annual(wide, "龙门渡")
    assert a.overall_name() == "Ⅴ"
    assert a.above_iii == ["高锰酸盐指数(Ⅳ，超标0.11倍)", "氨氮(Ⅴ，超标0.6倍)", "总磷(Ⅳ，超标0.17倍)"]
    n = wide.network[2025]
    assert (n["sections"], n["iii_or_better_ratio"], n["worse_than_v_ratio"]) == (2, 50.0, 0.0)
    assert n["auto_samples"] == 1080 and n["auto_months"] == 6 and n["auto_months_low"] == 1


def test_hourly_long_workbook_lake_with_status_column() -> None:
    r = classify_water(DATA / "water_auto_1h.xlsx")
    apr, may = _month(r, "翠湖", "2025-04"), _month(r, "翠湖", "2025-05")
    assert apr.counts["tp"] == 720 and apr.overall_name() == "Ⅲ"  # lake TP 0.040 Ⅲ
    # 维护 May 1–3 (72 h), 校准 of TP at 02:00 and 14:00 on May 10–20 (22 samples)
    assert may.counts["do"] == 672 and may.counts["tp"] == 650
    assert may.values["tp"] == pytest.approx(0.058) and may.above_iii == ["总磷(Ⅳ，超标0.16倍)"]
    assert may.separate == {"tn": 4} and may.overall_name() == "Ⅳ"
    a = _annual(r, "翠湖")  # TP 0.049 Ⅲ (lake), TN 1.05 Ⅳ apart
    assert a.lake and a.values["tp"] == pytest.approx(0.049) and a.overall_name() == "Ⅲ" and a.separate == {"tn": 4}
    invalid = next(f.data for f in r.findings if f.slug == "invalid-samples")
    assert invalid["维护"] == 72 * 6 and invalid["校准"] == 22


def _mixed(tmp_path: Path) -> Path:
    z = tmp_path / "mixed.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(DATA / "water_auto_4h.csv", "自动站/water_auto_4h.csv")
        zf.write(DATA / "water_manual_2025.csv", "人工/water_manual_2025.csv")
    return z


def test_manual_and_automatic_data_of_one_section_in_one_zip(tmp_path: Path) -> None:
    z = _mixed(tmp_path)
    r = classify_water(z)
    assert r.files == {"mixed.zip/自动站/water_auto_4h.csv": "自动站数据 1080 条", "mixed.zip/人工/water_manual_2025.csv": "人工监测 3 条"}
    jan = _month(r, "青石桥", "2025-01")  # station DO 8.0 … TP 0.08, manual COD 12 Ⅰ, BOD5 2.0 Ⅰ -> Ⅱ
    assert jan.origin == "自动站+人工监测" and jan.values["do"] == 8.0 and jan.values["cod"] == 12
    assert "自动站：pH、溶解氧、高锰酸盐指数、氨氮、总磷" in jan.notes[-1] and "人工监测：化学需氧量、五日生化需氧量" in jan.notes[-1]
    feb = _month(r, "青石桥", "2025-02")  # station month not covered: the manual sample is used, Ⅲ
    assert feb.origin == "人工监测" and feb.values["nh3n"] == 0.6 and feb.overall_name() == "Ⅲ"
    mar = _month(r, "青石桥", "2025-03")  # manual COD 22 Ⅳ decides
    assert mar.overall_name() == "Ⅳ" and mar.above_iii == ["化学需氧量(Ⅳ，超标0.1倍)"]
    assert len([c for c in r.samples if c.section == "青石桥"]) == 3  # one record a month, not four
    # annual: NH3-N (0.4 + 0.6 + 0.9)/3 = 0.633 Ⅲ, COD 16.67 Ⅲ -> Ⅲ
    a = _annual(r, "青石桥")
    assert a.values["nh3n"] == pytest.approx(0.63333333) and a.values["cod"] == pytest.approx(16.6666667) and a.overall_name() == "Ⅲ"
    manual = classify_water(z, prefer="manual")
    jan = _month(manual, "青石桥", "2025-01")  # manual DO 9.0, NH3-N 0.2 …
    assert jan.origin == "人工监测" and jan.values["do"] == 9.0 and jan.values["nh3n"] == 0.2
    assert _annual(manual, "青石桥").values["nh3n"] == pytest.approx(0.6)


def test_separate_date_and_hour_columns_flags_in_cells_and_bad_cells(tmp_path: Path) -> None:
    p = tmp_path / "h.csv"
    lines = ["断面名称,监测日期,监测时间,溶解氧（mg/L）,氨氮（mg/L）"]
    for day in range(1, 31):
        for h in range(24):
            nh3n = "0.3" if h < 12 else "0.5"
            if day == 2 and h == 5:
                nh3n = "0.9(维护)"
            lines.append(f"东溪,2025-06-{day:02d},{h}:00,7.0,{nh3n}")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = classify_water(p)
    jun = _month(r, "东溪", "2025-06")
    assert jun.counts == {"do": 720, "nh3n": 719} and r.stats["东溪"].interval_hours == 1
    assert jun.values["nh3n"] == pytest.approx((359 * 0.3 + 360 * 0.5) / 719)
    lines[30] = lines[30].replace("7.0", "坏值")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"h\.csv 第31行 “溶解氧”列.*坏值"):
        classify_water(p)


def test_cli_states_rules_and_saves_shares_with_provenance(tmp_path: Path) -> None:
    z = _mixed(tmp_path)
    r = ecociv("water", "classify", str(z), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert any("75%" in rule and "ecociv 设定" in rule for rule in out["rules"])
    assert {m["month"]: m["low_coverage"] for m in out["auto_months"] if m["section"] == "青石桥"}["2025-02"]
    assert out["auto_sections"]["青石桥"]["invalid"] == {"维护": 240}
    r = ecociv("water", "classify", str(z), "--samples-out", str(tmp_path / "m.csv"))
    assert r.returncode == 0, r.stderr
    assert "青石桥：2025-01 Ⅱ（自动站+人工监测" in r.stdout and "规则：同一断面同月既有人工监测又有自动站数据时" in r.stdout
    assert "有效样品数" in (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    store = open_store()
    plan = store.save_plan(read_plan(YICHUN))
    r = ecociv("water", "classify", str(z), "--save", str(plan))
    assert r.returncode == 0, r.stderr
    obs = {o.indicator_key: o for o in store.observations(plan, year=2025)}
    assert obs["0/1"].value == 50 and obs["0/2"].value == 0  # 青石桥 Ⅲ, 龙门渡 Ⅴ
    note = obs["0/1"].note or ""
    assert "water_auto_4h.csv（自动站数据 1080 条）" in note and "water_manual_2025.csv（人工监测 3 条）" in note
    assert "自动站数据 1080 条（有效值" in note and "1 个有项目有效样品不足" in note
    bad = ecociv("water", "classify", str(z), "--min-coverage", "0")
    assert bad.returncode == 2 and "--min-coverage" in bad.stderr


def test_platform_style_export_gbk_extra_columns_station_and_section_names(tmp_path: Path) -> None:
    """A GBK export with 省份/流域, 站点名称 beside 断面名称, items not in GB 3838 (水温, 电导率,
    叶绿素α …) with "*" in them, "--" for missing and a 站点情况 column."""
    head = "省份,流域,站点名称,断面名称,监测时间,水质类别,水温(℃),pH(无量纲),溶解氧(mg/L),电导率(μS/cm),高锰酸盐指数(mg/L),氨氮(mg/L),总磷(mg/L),叶绿素α(mg/L),站点情况"
    lines = [head]
    for day in range(1, 31):  # September: 30 days × 6 samples
        for h in range(0, 24, 4):
            nh3n = "--" if day == 4 else ("0.2" if h < 12 else "0.4")
            status = "停运" if day in (10, 11) else "正常"
            lines.append(f"某省,某江流域,峡江水站,峡江,2025-09-{day:02d} {h:02d}:00,Ⅱ,25.0,7.6,7.0,250,3.0,{nh3n},0.06,*,{status}")
    p = tmp_path / "export.csv"
    p.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    r = classify_water(p)
    sep = _month(r, "峡江", "2025-09")  # the section, not the station, names the record
    # 停运 on 2 days (12 rows), 氨氮 "--" on one more day: 168 and 162 of 180 valid (≥ 75 %)
    assert sep.counts["do"] == 168 and sep.counts["nh3n"] == 162 and sep.values["nh3n"] == pytest.approx(0.3)
    assert sep.overall_name() == "Ⅱ" and set(sep.values) == {"ph", "do", "codmn", "nh3n", "tp"}
    assert dict(r.stats["峡江"].invalid) == {"停运": 12 * 5, "空值": 6}
