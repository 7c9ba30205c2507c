"""GB 3838-2002 single-factor classes on a hand-made fixture (tests/monitor/data/water_sections.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.monitor._helpers import DATA

from ecociv.errors import InputError
from ecociv.monitor import CLASS_NAMES, classify, classify_water, water_annual_table, water_items


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return classify_water(DATA / "water_sections.csv")


def _annual(result, name):  # type: ignore[no-untyped-def]
    return next(c for c in result.annual[2024] if c.section == name)


def test_item_limits_by_hand() -> None:
    it = water_items()
    assert classify(it["nh3n"], 0.15) == 1 and classify(it["nh3n"], 0.16) == 2
    assert classify(it["nh3n"], 2.0) == 5 and classify(it["nh3n"], 2.01) == 6
    assert classify(it["cod"], 15) == 1  # Ⅰ and Ⅱ share 15: the better class
    assert classify(it["do"], 7.5) == 1 and classify(it["do"], 5.9) == 3 and classify(it["do"], 1.9) == 6
    assert classify(it["tp"], 0.03) == 2 and classify(it["tp"], 0.03, lake=True) == 3
    assert classify(it["ph"], 9.5) == 6 and classify(it["ph"], 6.0) == 1
    assert classify(it["hg"], 0.0001) == 3


def test_worst_item_decides_the_section_class(result) -> None:  # type: ignore[no-untyped-def]
    c = _annual(result, "乙桥")
    # annual means: DO 5.25 Ⅲ, CODMn 4.25 Ⅲ, COD 20 Ⅲ, BOD5 4.0 Ⅲ, NH3-N 1.5 Ⅳ, TP 0.2 Ⅲ
    assert c.classes["nh3n"] == 4 and max(v for k, v in c.classes.items() if k != "nh3n") == 3
    assert c.overall_name() == "Ⅳ" and c.above_iii == ["氨氮(Ⅳ，超标0.5倍)"]
    samples = [s for s in result.samples if s.section == "乙桥"]
    assert [s.overall_name() for s in samples] == ["Ⅳ", "Ⅴ"]


def test_lake_tp_and_tn_and_detection_limit(result) -> None:  # type: ignore[no-untyped-def]
    lake = _annual(result, "丙水库")
    assert lake.lake and lake.classes["tp"] == 3 and lake.separate["tn"] == 3 and lake.overall == 3
    assert "tn" not in lake.classes  # national practice: lake TN evaluated apart from the class
    assert lake.values["hg"] == pytest.approx(0.0000025)  # 0.00001L -> 0.000005 and ND -> 0
    river = _annual(result, "甲河口")
    assert "tn" not in river.classes and river.overall_name() == "Ⅱ"
    assert any(f.slug == "below-detection-limit" for f in result.findings)


def test_network_indicators(result) -> None:  # type: ignore[no-untyped-def]
    worst = _annual(result, "丁渠")
    assert worst.overall_name() == "劣Ⅴ" and worst.above_iii == ["氨氮(劣Ⅴ，超标1.2倍)"]
    n = result.network[2024]
    assert n == {"sections": 4, "iii_or_better": 2, "worse_than_v": 1, "iii_or_better_ratio": 50.0, "worse_than_v_ratio": 25.0}
    table = water_annual_table(result).to_pylist()
    assert {r["断面"]: r["水质类别"] for r in table} == {"甲河口": "Ⅱ", "乙桥": "Ⅳ", "丙水库": "Ⅲ", "丁渠": "劣Ⅴ"}
    assert CLASS_NAMES[-1] == "劣Ⅴ"


def test_lake_tn_is_apart_by_default_and_can_be_counted(tmp_path: Path) -> None:
    # TN 1.8 mg/L is class Ⅴ (GB 3838—2002 表1: 0.2/0.5/1.0/1.5/2.0); everything else class Ⅱ
    p = tmp_path / "lake.csv"
    p.write_text("断面,日期,类型,溶解氧,氨氮,总磷,总氮\n湖心,2027-05-01,湖泊,7.0,0.4,0.02,1.8\n", encoding="utf-8")
    apart = classify_water(p)
    c = apart.annual[2027][0]
    assert c.overall_name() == "Ⅱ" and c.separate == {"tn": 5} and not apart.lake_tn
    assert "单独评价" in apart.tn_rule() and any(f.slug == "lake-tn-rule" for f in apart.findings)
    counted = classify_water(p, lake_tn=True)
    c = counted.annual[2027][0]
    assert c.overall_name() == "Ⅴ" and c.classes["tn"] == 5 and "参与" in counted.tn_rule()
    row = water_annual_table(apart).to_pylist()[0]
    assert row["总氮类别"] == "Ⅴ（单独评价，不计入水质类别）" and row["水质类别"] == "Ⅱ"


def test_bad_water_cell_names_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "w.csv"
    p.write_text("断面,日期,氨氮\n甲,2024-01-01,0.5\n甲,2024-02-01,很高\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"w\.csv 第3行 “氨氮”列.*很高"):
        classify_water(p)
    q = tmp_path / "nosec.csv"
    q.write_text("日期,氨氮\n2024-01-01,0.5\n", encoding="utf-8")
    with pytest.raises(InputError, match="section"):
        classify_water(q)
