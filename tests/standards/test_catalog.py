"""Catalogs of standard indicator systems, name matching, plan skeletons."""

from __future__ import annotations

import json

import jsonschema
import pytest
from tests.conftest import HUICHANG, SCHEMA, YICHUN

from ecociv._serialize import plan_from_dict, plan_to_dict
from ecociv.errors import InputError, NotFoundError
from ecociv.importers import read_plan
from ecociv.standards import link_plan, list_catalogs, load_catalog, match_indicator, parse, plan_skeleton


def test_catalogs_are_listed_and_versioned() -> None:
    cats = {c.id: c for c in list_catalogs()}
    assert set(cats) == {"national-county-2019", "jiangxi-county"}
    assert len(cats["national-county-2019"].entries) == 35
    assert len(cats["jiangxi-county"].entries) == 29
    for c in cats.values():
        assert c.version and c.title
        ids = [e.id for e in c.entries]
        assert len(ids) == len(set(ids))


def test_every_catalog_standard_is_understood() -> None:
    for c in list_catalogs():
        for e in c.entries:
            for x in (e, *e.sub_indicators):
                assert parse(x.standard).kind not in ("unparsed", "placeholder"), (c.id, x.name, x.standard)


def test_catalog_entries_carry_attribute_and_direction() -> None:
    jx = load_catalog("jiangxi-county")
    by_name = {e.name: e for e in jx.entries}
    assert by_name["城镇污水处理率"].attribute == "约束性"
    assert by_name["湿地保护率"].attribute == "参考性"
    assert by_name["单位地区生产总值能耗"].direction == "lower"
    assert by_name["森林覆盖率"].direction == "higher"
    assert by_name["河（湖）长制、林长制"].direction is None  # qualitative


def test_unknown_catalog_is_a_chinese_error() -> None:
    with pytest.raises(NotFoundError, match="没有指标目录"):
        load_catalog("nope")


@pytest.mark.parametrize(
    ("name", "catalog", "entry"),
    [
        ("集中式饮用水水源地水质优良比 例", "national-county-2019", "national-county-2019:23"),
        ("县级及以上集中式饮用水水源地水质优良比例", "national-county-2019", "national-county-2019:23"),
        ("生态质量指数", "national-county-2019", "national-county-2019:9"),
        ("生态质量指数（EQI）", "jiangxi-county", "jiangxi-county:9"),
        ("环境空气质量 PM2.5 浓度下降幅度", "jiangxi-county", "jiangxi-county:6"),
        ("单位国内生产总值建设用地使用 面积下降率", "national-county-2019", "national-county-2019:19"),
        ("生态文明建设工作占党政实际考核的比例", "jiangxi-county", "jiangxi-county:2"),
        ("公众对生态文明建设的满意度", "jiangxi-county", "jiangxi-county:29/1"),
        ("秸秆综合利用率", "national-county-2019", "national-county-2019:21/0"),
        ("林草覆盖率 山区 丘陵地区", "national-county-2019", "national-county-2019:10"),
    ],
)
def test_match_tolerates_plan_name_variants(name: str, catalog: str, entry: str) -> None:
    m = match_indicator(name, catalog)
    assert m is not None and m.id == entry


def test_unrelated_names_do_not_match() -> None:
    assert match_indicator("城市人均住房面积") is None
    # a ratio about the red line is not the red-line indicator itself
    assert match_indicator("生态保护红线区域占国土面积比例（％）") is None
    assert match_indicator("") is None


def test_every_huichang_row_is_recognised_in_its_catalog() -> None:
    plan = read_plan(HUICHANG)
    for table, catalog in zip(plan.indicator_tables, ("jiangxi-county", "national-county-2019"), strict=True):
        ids = []
        for row in table.rows:
            m = match_indicator(row.name, catalog)
            assert m is not None, (table.title, row.name)
            assert m.seq == row.seq, (row.name, m.name)
            ids.append(m.id)
        assert len(set(ids)) == len(ids)


def test_same_indicator_recognised_across_plans() -> None:
    yichun = read_plan(YICHUN)
    names = [ind.name for _, ind in yichun.indicators()]
    matched = {n: match_indicator(n, "national-county-2019") for n in names}
    assert matched["森林覆盖率（%）"] is not None and matched["森林覆盖率（%）"].id == "national-county-2019:10"
    assert matched["生态质量指数（EQI）"] is not None and matched["生态质量指数（EQI）"].id == "national-county-2019:9"


def test_plan_skeleton_is_a_valid_plan_document() -> None:
    plan = plan_skeleton("会昌县", "national-county-2019", terrain="丘陵区")
    d = plan_to_dict(plan)
    jsonschema.validate(d, json.loads(SCHEMA.read_text(encoding="utf-8")))
    rows = d["indicator_tables"][0]["rows"]
    assert len(rows) == 35
    assert all(r["baseline"] is None and r["targets"] == {} for r in rows)
    assert rows[8]["catalog_id"] == "national-county-2019:9" and rows[8]["standard"] == "ΔEQI≥-1"
    assert [s["name"] for s in rows[20]["sub_indicators"]] == ["秸秆综合利用率", "畜禽粪污综合利用率", "农膜回收利用率"]
    again = plan_from_dict(d)
    assert plan_to_dict(again) == d
    assert again.region_info is not None and again.region_info.terrain == "丘陵区"


def test_plan_skeleton_needs_a_region() -> None:
    with pytest.raises(InputError, match="地区"):
        plan_skeleton("  ", "jiangxi-county")


def test_link_plan_picks_each_tables_catalog() -> None:
    plan = read_plan(HUICHANG)
    n = link_plan(plan)
    t31, t32 = plan.indicator_tables
    assert {r.catalog_id.split(":")[0] for r in t31.rows if r.catalog_id} == {"jiangxi-county"}
    assert {r.catalog_id.split(":")[0] for r in t32.rows if r.catalog_id} == {"national-county-2019"}
    assert all(r.catalog_id for r in t31.rows + t32.rows)
    assert n >= 64
    assert link_plan(plan) == 0  # already linked indicators are left alone
    yichun = read_plan(YICHUN)
    link_plan(yichun, "national-county-2019")
    linked = {ind.name: ind.catalog_id for _, ind in yichun.indicators() if ind.catalog_id}
    assert linked["森林覆盖率（%）"] == "national-county-2019:10"
