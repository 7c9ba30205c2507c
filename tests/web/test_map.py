"""Maps of regions: counties coloured by an indicator's status, hover and click through (Chromium),
matched by 行政区划代码 with names as fallback, unmatched regions listed; the official division list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests._browser import CHROMIUM_MISSING, SKIP_REASON
from tests.web._helpers import boundaries_for, chart_option
from tests.web.conftest import Site
from tests.web.test_browser import served  # noqa: F401  (fixture: a real server over the sample plans)
from tests.web.test_browser_dashboard import _login
from typer.testing import CliRunner

from ecociv.cli import app
from ecociv.errors import InputError
from ecociv.model import Observation
from ecociv.store._boundaries import set_boundaries
from ecociv.store._divisions import children, find, path


def test_division_list_gives_codes_and_hierarchy() -> None:
    hc = find("会昌县")
    assert [d.code for d in hc] == ["360733"]
    assert [d.name for d in path("360733")] == ["江西省", "赣州市", "会昌县"]
    assert {"会昌县", "赣县区", "瑞金市"} <= {d.name for d in children("360700")}
    assert len(find("朝阳区")) == 2 and [d.code for d in find("朝阳区", "北京市")] == ["110105"]
    r = CliRunner().invoke(app, ["map", "regions", "360733"])
    assert r.exit_code == 0 and "江西省（360000） → 赣州市（360700） → 会昌县（360733）" in r.output


def test_bad_boundaries_are_refused_in_chinese(tmp_path: Path) -> None:
    f = tmp_path / "b.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}))
    with pytest.raises(InputError, match="第 1 个要素不是面"):
        set_boundaries(f)
    f.write_text("{not json")
    with pytest.raises(InputError, match="不是有效的 GeoJSON"):
        set_boundaries(f)


def _common_key(site: Site) -> tuple[str, int]:
    """A percentage indicator of 会昌县's plan, and a second county of 赣州市 (瑞金市) with a plan of
    the same indicator system (the sample's other 赣州 plan, 赣县区's 工作方案, has no indicators)."""
    from tests.conftest import HUICHANG

    from ecociv.importers import read_plan

    if "ruijin" not in site.plans:
        other = read_plan(HUICHANG)
        other.region, other.title = "瑞金市", other.title.replace("会昌县", "瑞金市")
        other.region_info = None
        site.plans["ruijin"] = site.store.save_plan(other, user="test")
    hc = site.store.get_plan(site.plans["huichang"])
    key = next(k for k, i in hc.indicators() if k.count("/") == 1 and (i.unit or "") in ("%", "％")
               and i.standard and any(ch.isdigit() for ch in i.standard))
    return key, site.plans["ruijin"]


def test_map_page_lists_regions_and_unmatched(served: tuple[Site, str], tmp_path: Path) -> None:  # noqa: F811
    site, _base = served
    f = tmp_path / "gz.geojson"
    f.write_text(json.dumps(boundaries_for("360700", by_name="赣县区", leave_out="寻乌县")), encoding="utf-8")
    set_boundaries(f)
    hc = site.plans["huichang"]
    key, _ = _common_key(site)
    page = site.client("viewer").get(f"/plans/{hc}/map", params={"key": key}).text
    option = chart_option(page, "chart-map")
    names = {d["name"] for d in option["series"][0]["data"]}
    assert {"会昌县", "赣县区", "瑞金市"} <= names and "寻乌县" not in names  # by code, by name; no feature: listed
    assert 'id="unmatched"' in page and "寻乌县（360734）" in page
    geo = chart_option(page, "chart-map-geo")
    assert len(geo["features"]) == len(children("360700")) - 1


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM_MISSING, reason=SKIP_REASON)
def test_map_colours_a_county_and_clicks_through(served: tuple[Site, str], browser: Any,  # noqa: F811
                                                 tmp_path: Path) -> None:
    site, base = served
    geojson = boundaries_for("360700")
    f = tmp_path / "gz.geojson"
    f.write_text(json.dumps(geojson), encoding="utf-8")
    set_boundaries(f)
    hc = site.plans["huichang"]
    key, rj = _common_key(site)
    site.store.add_observations(hc, [Observation(key, 2024, value=99.5)], user="test")
    site.store.add_observations(rj, [Observation(key, 2024, value=0.5)], user="test")
    for pid in (hc, rj):
        site.app.state.views.invalidate(pid)
    page = _login(browser, base, 1366)
    page.goto(f"{base}/plans/{hc}/map?key={key}&year=2024")
    page.wait_for_selector("div.echart canvas")
    data = page.evaluate("() => echarts.getInstanceByDom(document.querySelector('div.echart')).getOption().series[0].data")
    by_name = {d["name"]: d for d in data}
    statuses = {by_name["会昌县"]["status"], by_name["瑞金市"]["status"]}
    assert statuses == {"达标", "未达标"}, statuses
    colour = {"达标": "#2e7d32", "未达标": "#c62828"}
    assert by_name["会昌县"]["itemStyle"]["areaColor"] == colour[by_name["会昌县"]["status"]]
    assert by_name["寻乌县"]["status"] == "无数据"
    page.locator("div.echart").scroll_into_view_if_needed()
    ring = next(ft for ft in geojson["features"] if ft["properties"]["adcode"] == 360733)["geometry"]["coordinates"][0]
    centre = [sum(p[0] for p in ring[:4]) / 4, sum(p[1] for p in ring[:4]) / 4]
    xy = page.evaluate("""(c) => {
        const box = document.querySelector('div.echart');
        const p = echarts.getInstanceByDom(box).convertToPixel({seriesIndex: 0}, c);
        const r = box.getBoundingClientRect();
        return [r.left + p[0], r.top + p[1]];
    }""", centre)
    page.mouse.move(xy[0] + 5, xy[1] + 5)
    page.mouse.move(xy[0], xy[1])
    tip = page.locator("div.echart div[style*='z-index']").filter(has_text="会昌县")
    tip.first.wait_for(state="visible", timeout=5000)
    assert "99.5" in tip.first.inner_text()
    page.mouse.click(xy[0], xy[1])
    page.wait_for_url(f"**/plans/{hc}/indicators/{key}")
    page.context.close()


def test_plan_new_and_region_set_take_the_official_code(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["plan", "new", "--region", "360733", "--catalog", "jiangxi-county"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)["plan"]["region_info"]
    assert (info["name"], info["code"], info["parent"], info["level"]) == ("会昌县", "360733", "赣州市", "县区")
    r = CliRunner().invoke(app, ["plan", "new", "--region", "朝阳区", "--catalog", "jiangxi-county"])
    assert isinstance(r.exception, InputError) and "110105" in str(r.exception) and "220104" in str(r.exception)
    from tests.conftest import HUICHANG

    from ecociv.importers import read_plan
    from ecociv.store import open_store

    open_store().save_plan(read_plan(HUICHANG))
    r = CliRunner().invoke(app, ["region", "set", "会昌县", "--code", "auto"])
    assert r.exit_code == 0 and "代码 360733" in r.output


def test_compare_under_an_official_parent(served: tuple[Site, str]) -> None:  # noqa: F811
    """The sample regions carry no stored parent; 赣州市's counties are found by the official list."""
    site, _base = served
    key, _ = _common_key(site)
    r = site.client("viewer").get("/compare", params={"plan": site.plans["huichang"], "key": key, "parent": "赣州市"})
    table = r.text.split('id="compare-table"', 1)[1]
    assert "会昌县" in table and "瑞金市" in table and "宜春市" not in table
