"""Point 11: numbers on pages agree — 指标数 equals the sum of the status badges, the report offered is
the year the plan page shows (with a year selector), domains differing only by spaces are one."""

from __future__ import annotations

import re

from tests.web.conftest import Site

from ecociv.model import same_label


def test_home_page_count_equals_the_sum_of_its_badges(site: Site) -> None:
    page = site.client("viewer").get("/").text
    rows = re.findall(r'<td class="num">(\d+)</td>\s*<td class="counts">(.*?)</td>', page, re.S)
    assert len(rows) == 3
    for n, badges in rows:
        assert int(n) == sum(int(x) for x in re.findall(r"</?span[^>]*>[^<\d]*(\d+)</span>", badges)), (n, badges)
    api = site.client("viewer").get("/api/plans").json()["plans"]
    assert all(p["n_indicators"] == sum(p["counts"].values()) for p in api)


def test_year_selector_and_report_year_follow_the_page(site: Site) -> None:
    pid = site.plans["huichang"]
    c = site.client("viewer")
    page = c.get(f"/plans/{pid}").text
    years = [int(y) for y in re.findall(r'<option value="(\d{4})"', page)]
    assert years, "the plan page offers the years with data"
    assert f"report.docx?year={max(years)}" in page
    oldest = min(years)
    page = c.get(f"/plans/{pid}?year={oldest}").text
    assert f"report.xlsx?year={oldest}" in page and f'<option value="{oldest}" selected' in page
    r = c.get(f"/plans/{pid}?year=1800")
    assert r.status_code == 400 and "评估年份" in r.text
    r = c.get(f"/plans/{pid}/report.html?year={oldest}")
    assert r.status_code == 200 and f"{oldest}年" in r.text


def test_domains_differing_only_by_spaces_are_one() -> None:
    assert same_label(" 生态 空间 ") == same_label("生态空间") == same_label("生态\u3000空间") == "生态空间"
    assert same_label("PM2.5 浓度") == "PM2.5 浓度"


def test_plan_page_shows_spaced_domains_as_one(site: Site) -> None:
    import sqlalchemy as sa

    from ecociv.store import tables as T

    pid = site.plans["ganxian"]
    plan = site.store.get_plan(pid)
    domains = sorted({ind.domain for _, ind in plan.indicators() if ind.domain})
    if len(domains) < 1 or len(domains[0]) < 2:
        return
    spaced = domains[0][0] + " " + domains[0][1:]
    ids = site.store.indicator_ids(pid)
    key = next(k for k, ind in plan.indicators() if ind.domain == domains[0])
    with site.store.engine.begin() as c:
        c.execute(sa.update(T.indicators).where(T.indicators.c.id == ids[key]).values(domain=spaced))
    site.app.state.views.invalidate(pid)
    page = site.client("viewer").get(f"/plans/{pid}").text
    options = re.findall(r"<option(?: selected)?>([^<]+)</option>", page.split('name="domain"')[1].split("</select>")[0])
    assert options.count(domains[0]) == 1 and spaced not in options
    filtered = site.client("viewer").get(f"/plans/{pid}", params={"domain": domains[0]})
    assert filtered.status_code == 200 and f"/plans/{pid}/indicators/{key}" in filtered.text
