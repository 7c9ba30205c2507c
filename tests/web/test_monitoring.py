"""The monitoring summary behind a computed figure: stored with the figure, listed and shown on
the web, linked from the indicator page; re-running replaces it and keeps the earlier one."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

from tests.monitor._helpers import write_hours
from tests.web.conftest import Site

from ecociv.monitor import Provenance, air_annual, air_daily, air_summary, save_annual


def _yichun_year(tmp_path: Path, pm_first: float) -> tuple[object, object]:
    def make(s: str, d: dt.date, h: int) -> list[object]:
        return [10, 20, 40, 0.5, 100, pm_first if d.day == 1 else 20]

    path = write_hours(tmp_path / f"y{pm_first:g}.csv", dt.date(2023, 1, 1), 365, make)
    r = air_daily(path, {"S1": "宜春市"})
    row = next(x for x in air_annual(r) if x.kind == "城市")
    return r, row


def test_summary_page_and_indicator_link(site: Site, tmp_path: Path) -> None:
    plan_id = site.plans["yichun"]
    r, row = _yichun_year(tmp_path, 100)
    saved, _ = save_annual(site.store, plan_id, row, user="监测科", provenance=Provenance(["y100.csv"], "HJ 633-2012 / HJ 663-2013"), summary=air_summary(r.cities, row))  # type: ignore[arg-type, attr-defined]
    assert saved
    summaries = site.store.monitoring_summaries(plan_id)
    assert [(s.entity, s.year) for s in summaries] == [("宜春市", 2023)]
    jan = summaries[0].data["months"][0]
    # January: day 1 PM2.5 100 (IAQI 132, 轻度污染), 30 days 20: mean (100 + 30·20) / 31 = 22.6
    assert jan["pm25"] == 22.6 and jan["aqi_days"] == 31 and jan["good_days"] == 30
    assert summaries[0].data["good_ratio"] == 96.7  # 353 / 365

    c = site.client("viewer")
    page = c.get(f"/plans/{plan_id}/monitoring")
    assert page.status_code == 200 and "宜春市" in page.text and "96.7%" in page.text
    one = c.get(f"/plans/{plan_id}/monitoring/{summaries[0].id}")
    assert one.status_code == 200
    assert "<td>1月</td>" in one.text and ">22.6<" in one.text and "y100.csv" in one.text
    assert 'class="echart" data-option="chart-monitoring"' in one.text
    option = json.loads(html.unescape(re.search(r'id="chart-monitoring">(.*?)</script>', one.text, re.S).group(1)))  # type: ignore[union-attr]
    assert [s["name"] for s in option["series"]] == ["月均浓度"]  # the monthly means are drawn
    assert option["series"][0]["data"][0] == {"value": 22.6}
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", one.text, re.S)
    assert all('type="application/json"' in attrs or (" src=" in attrs and not body.strip()) for attrs, body in scripts)  # no inline code
    key = saved[0].indicator_key
    ind = c.get(f"/plans/{plan_id}/indicators/{key}")
    assert f'href="/plans/{plan_id}/monitoring"' in ind.text
    assert c.get(f"/plans/{plan_id}/monitoring/999999").status_code == 404

    # corrected data: the figure and the summary are replaced, the history kept
    r2, row2 = _yichun_year(tmp_path, 20)
    save_annual(site.store, plan_id, row2, provenance=Provenance(["y20.csv"]), summary=air_summary(r2.cities, row2))  # type: ignore[arg-type, attr-defined]
    now = site.store.monitoring_summaries(plan_id)
    assert len(now) == 1 and now[0].data["good_ratio"] == 100.0 and now[0].id != summaries[0].id
    hist = site.store.observation_history(plan_id, key)
    assert [o.value for o in hist if o.source == "监测数据计算"][-2:] in ([23.0, 20.0], [96.7, 100.0])
