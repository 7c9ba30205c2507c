"""The dashboard's charts, menu and phone layout in real Chromium (Debian's chromium, Playwright).

Hovering a chart shows a value in the tooltip, the standard and targets are markLines of the drawn
chart, and no page scrolls sideways at 390 px or 1366 px.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from tests._browser import CHROMIUM_MISSING, SKIP_REASON
from tests.web.conftest import PASSWORD, Site
from tests.web.test_browser import served  # noqa: F401  (fixture: a real server over the sample plans)

pytestmark = pytest.mark.browser

if CHROMIUM_MISSING:
    pytest.skip(SKIP_REASON, allow_module_level=True)

WIDTHS = (390, 1366)


def _login(browser: Any, base: str, width: int, user: str = "admin") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 860}, locale="zh-CN")
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


@pytest.fixture(scope="module")
def with_values(served: tuple[Site, str]) -> Iterator[tuple[Site, str, str]]:  # noqa: F811
    """Two years of values for an indicator that has a numeric standard and targets."""
    from ecociv.model import Observation
    from ecociv.reports._chart_options import reference_lines

    site, base = served
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    key, ind = next((k, i) for k, i in plan.indicators()
                    if len(reference_lines(i)) >= 2 and reference_lines(i)[0].year is None and k.count("/") == 1)
    std = reference_lines(ind)[0].value
    year = dt.date.today().year - 1
    site.store.add_observations(pid, [Observation(key, year - 1, value=std * 0.5, source="统计局"),
                                      Observation(key, year, value=std * 1.1 + 1, source="统计局")], user="test")
    site.app.state.views.invalidate(pid)
    yield site, base, key


def test_indicator_chart_hover_shows_value_and_marklines_are_drawn(with_values: tuple[Site, str, str],
                                                                   browser: Any) -> None:
    site, base, key = with_values
    pid = site.plans["huichang"]
    for width in WIDTHS:
        page = _login(browser, base, width)
        page.goto(f"{base}/plans/{pid}/indicators/{key}")
        page.wait_for_selector("div.echart canvas")
        opt = page.evaluate("""() => {
            const c = echarts.getInstanceByDom(document.querySelector('div.echart'));
            const o = c.getOption();
            return {marks: o.series.filter(s => s.markLine).map(s => [s.name, s.markLine.data[0].yAxis]),
                    legend: o.legend[0].data || o.series.map(s => s.name),
                    save: !!o.toolbox[0].feature.saveAsImage};
        }""")
        names = [n for n, _ in opt["marks"]]
        assert "指标值" in names and any(n.endswith("年目标") for n in names), opt
        assert opt["save"]
        # hover the newest point: the tooltip names the year and the value with its status
        year = dt.date.today().year - 1
        page.locator("div.echart").scroll_into_view_if_needed()
        xy = page.evaluate(f"""() => {{
            const box = document.querySelector('div.echart');
            const c = echarts.getInstanceByDom(box);
            const p = c.convertToPixel({{seriesIndex: 0}}, ['{year}', c.getOption().series[0].data
                .find(d => d && d.status && d.status === '达标').value]);
            const r = box.getBoundingClientRect();
            return [r.left + p[0], r.top + p[1]];
        }}""")
        page.mouse.move(xy[0] - 30, xy[1] - 30)
        page.mouse.move(xy[0], xy[1])
        tip = page.locator("div.echart div[style*='z-index']").filter(has_text=f"{year}年")
        tip.first.wait_for(state="visible", timeout=5000)
        text = tip.first.inner_text()
        assert "实际值" in text and "达标" in text, text
        # the table beside the chart carries the same figures
        assert str(year) in page.inner_text("#values")
        page.context.close()


def test_every_page_fits_the_phone_and_the_desktop(with_values: tuple[Site, str, str], browser: Any) -> None:
    site, base, key = with_values
    hc, gx = site.plans["huichang"], site.plans["ganxian"]
    paths = ["/", f"/plans/{hc}", f"/plans/{hc}/indicators/{key}", f"/plans/{gx}", f"/plans/{gx}/tasks",
             f"/plans/{gx}/projects", f"/plans/{site.plans['yichun']}/projects", f"/compare?plan={hc}&key={key}",
             "/compare", "/audit", "/users", "/api/docs", f"/plans/{hc}/upload", f"/plans/{hc}/map",
             f"/plans/{site.plans['yichun']}/map", "/?status=未达标"]
    for width in WIDTHS:
        page = _login(browser, base, width)
        wide = []
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("load")
            sw, iw = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if sw > iw:
                wide.append(f"{path}: {sw} > {iw}")
        assert not wide, f"pages scroll sideways at {width}px: {wide}"
        page.goto(base + "/")
        menu_open = page.evaluate("() => document.getElementById('menu').open")
        if width == 390:  # the navigation is a menu behind one button
            assert not menu_open and not page.is_visible("header nav a[href='/compare']")
            box = page.locator("details.menu > summary").bounding_box()
            assert box and box["height"] >= 40 and box["width"] >= 40
            page.click("details.menu > summary")
            assert page.is_visible("header nav a[href='/compare']")
            link = page.locator("header nav a[href='/compare']").bounding_box()
            assert link and link["height"] >= 40
        else:
            assert menu_open and page.is_visible("header nav a[href='/compare']")
        page.context.close()


def test_charts_work_under_a_strict_script_policy(with_values: tuple[Site, str, str], browser: Any) -> None:
    """With ``script-src 'self'`` (no inline code, no eval) the charts still draw and nothing is blocked."""
    site, base, key = with_values
    hc = site.plans["huichang"]
    page = _login(browser, base, 1366)
    policy = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"

    def with_csp(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    page.route(f"{base}/**", with_csp)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    for path in (f"/plans/{hc}", f"/plans/{hc}/indicators/{key}", f"/compare?plan={hc}&key={key}"):
        page.goto(base + path)
        page.wait_for_selector("div.echart canvas")
    assert blocked == []
    page.context.close()
