"""Every main page on a phone (320, 360 and 390 px wide, a touch screen honouring the viewport meta
tag, as in WeChat's browser) in real Chromium (Debian's chromium through Playwright).

Nothing scrolls the page sideways, the navigation opens from one button and every link is reachable
without overlapping the others, wide tables scroll inside their own box, charts fit their box and
follow a resize, controls are tall enough to tap, and the html 评估报告 reads at the phone's width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from tests._browser import CHROMIUM_MISSING, SHOTS, SKIP_REASON, log_in
from tests._server import running
from tests.monitor._helpers import write_hours
from tests.web.conftest import PASSWORD, Site, build_site

pytestmark = pytest.mark.browser

if CHROMIUM_MISSING:
    pytest.skip(SKIP_REASON, allow_module_level=True)

#: (width, height) of the phones: a small one, the common Android size and the common iPhone size.
PHONES = ((320, 640), (360, 740), (390, 844))
UNIT = "区生态环境局"

#: What is wider than the screen, outside a box that scrolls: the culprits of a sideways scroll.
OVERFLOW_JS = """w => {
  const out = [];
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > w + 1 || r.left < -1) && !scrolls(el)) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined
        ? '.' + String(el.className).split(' ').join('.') : '') + ` [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, culprits: out.slice(0, 5),
          hidden: [getComputedStyle(document.documentElement).overflowX, getComputedStyle(document.body).overflowX]};
}"""

#: Visible controls in the page body lower than 40 px (checkboxes count by their label).
SMALL_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('main input, main select, main button, main textarea, main summary')) {
    if (el.type === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    let h = r.height;
    if (el.type === 'checkbox' || el.type === 'radio') { const l = el.closest('label'); h = l ? l.getBoundingClientRect().height : 0; }
    if (h < 39.5) out.push(`${el.tagName.toLowerCase()}[${el.name || el.type || ''}] ${Math.round(h)}px`);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str, dict[str, str]]]:
    """The sample plans with a value, a 调度 round with a report, a monitoring summary and a unit account."""
    from ecociv.model import Observation
    from ecociv.monitor import Provenance, air_annual, air_daily, air_summary, save_annual
    from ecociv.reports._chart_options import reference_lines
    from ecociv.workflow import ReportInput, actor, add_user_unit, open_round, plan_items, save_report

    tmp = tmp_path_factory.mktemp("phone")
    site = build_site(f"sqlite:///{tmp / 'web.sqlite3'}")
    store = site.store
    hc, gx, yc = site.plans["huichang"], site.plans["ganxian"], site.plans["yichun"]
    plan = store.get_plan(hc)
    key = next(k for k, i in plan.indicators() if k.count("/") == 1 and len(reference_lines(i)) >= 2)
    std = reference_lines(dict(plan.indicators())[key])[0].value
    year = dt.date.today().year - 1
    store.add_observations(hc, [Observation(key, y, value=std * f, source="统计局")
                                for y, f in ((year - 2, 0.8), (year - 1, 0.95), (year, 1.05))], user="test")

    site.app.state.accounts.add("sthj", PASSWORD, "viewer")
    add_user_unit(store, "sthj", UNIT, user="test")
    ref, todo = [i.ref for i in plan_items(store, gx).items if i.kind == "task" and UNIT in i.units][:2]
    rnd = open_round(store, actor(store, "admin"), gx, kind="quarterly", due=dt.date.today() + dt.timedelta(days=7),
                     kinds=["task", "quantity", "project"])
    save_report(store, actor(store, "sthj"), rnd.id, ref, ReportInput(progress_text="已完成" * 30, percent=60),
                unit=UNIT, submit=True)

    def hours(s: str, d: dt.date, h: int) -> list[object]:
        return [10, 20, 40, 0.5, 100, 30 + d.month]

    daily = air_daily(write_hours(tmp / "air.csv", dt.date(2023, 1, 1), 365, hours), {"S1": "宜春市"})
    row = next(x for x in air_annual(daily) if x.kind == "城市")
    save_annual(store, yc, row, user="监测科", provenance=Provenance(["air.csv"], "HJ 633-2012 / HJ 663-2013"),
                summary=air_summary(daily.cities, row))  # type: ignore[arg-type, attr-defined]
    summary = store.monitoring_summaries(yc)[0].id
    site.app.state.views.invalidate(hc)
    site.app.state.views.invalidate(yc)
    pages = {
        "home": "/", "plan": f"/plans/{hc}", "plan-gx": f"/plans/{gx}", "indicator": f"/plans/{hc}/indicators/{key}",
        "tasks": f"/plans/{gx}/tasks?as_of=2025-06-30", "projects": f"/plans/{yc}/projects",
        "compare": f"/compare?plan={hc}&key={key}", "map": f"/plans/{hc}/map?key={key}",
        "rounds": "/rounds", "round": f"/rounds/{rnd.id}", "item": f"/rounds/{rnd.id}/items/{ref}?unit={UNIT}",
        "scores": f"/plans/{gx}/scores", "unit-accounts": "/unit-accounts",
        "monitoring": f"/plans/{yc}/monitoring", "monitoring-summary": f"/plans/{yc}/monitoring/{summary}",
        "upload": f"/plans/{hc}/upload", "import": "/plans/import", "audit": "/audit", "users": "/users",
        "account": "/account", "api": "/api/docs", "report": f"/plans/{hc}/report.html",
        "unit-todo": "/unit", "unit-item": f"/rounds/{rnd.id}/items/{todo}?unit={UNIT}",  # as the unit's account
    }
    try:
        with running(site.app) as base:
            yield site, base, pages
    finally:
        store.engine.dispose()


@pytest.fixture(params=PHONES, ids=[f"{w}px" for w, _ in PHONES])
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """Each phone in turn: (width, height)."""
    return request.param  # type: ignore[no-any-return]


def _phone(browser: Any, size: tuple[int, int]) -> Any:
    w, h = size
    return browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN", is_mobile=True, has_touch=True,
                               device_scale_factor=2)


def _login(context: Any, base: str, user: str) -> Any:
    return log_in(context.new_page(), base, user, PASSWORD)


def _fits(page: Any, width: int) -> str | None:
    """Why the page does not fit a ``width`` px screen, or None."""
    got = page.evaluate(OVERFLOW_JS, width)
    if got["inner"] != width:  # a phone widens its layout viewport to show what sticks out
        return f"layout viewport {got['inner']} px, not the screen's {width} px: {got['culprits']}"
    if got["scroll"] > width:
        return f"{got['scroll']} px wide: {got['culprits']}"
    if "hidden" in got["hidden"] or "clip" in got["hidden"]:
        return f"overflow hidden on the page itself: {got['hidden']}"
    return None


def test_no_page_scrolls_sideways_and_controls_are_tappable(phone_site: tuple[Site, str, dict[str, str]],
                                                            browser: Any, size: tuple[int, int]) -> None:
    _, base, pages = phone_site
    width = size[0]
    context = _phone(browser, size)
    page = context.new_page()
    page.goto(base + "/login")
    problems = {"login": _fits(page, width)}
    small = {"login": page.evaluate(SMALL_JS)}
    page = _login(context, base, "admin")
    unit = _login(_phone(browser, size), base, "sthj")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        if name in ("unit-todo", "unit-item"):  # the last two pages
            page = unit
        page.goto(base + path)
        page.wait_for_load_state("load")
        if page.locator("div.echart").count():
            page.wait_for_selector("div.echart canvas")
        problems[name] = _fits(page, width)
        small[name] = page.evaluate(SMALL_JS)
        page.screenshot(path=str(SHOTS / f"phone{width}-{name}.png"))
        forms = {"indicator": "#entry", "item": "#review-form", "rounds": "#open-round", "unit-item": "#report-form"}
        if name in forms:  # the entry forms were there to be measured
            assert page.locator(forms[name]).is_visible(), name
    wide = {k: v for k, v in problems.items() if v}
    low = {k: v for k, v in small.items() if v and k != "report"}
    assert not wide and not low, f"at {width} px, pages that do not fit: {wide}; controls lower than 40 px: {low}"
    context.close()
    unit.context.close()


#: A table's scrolling box (the table itself or its nearest ancestor that scrolls sideways), scrolled
#: to its end: how wide it is, how much it moved, and whether the page moved with it.
SCROLL_JS = """sel => {
  const table = document.querySelector(sel);
  let box = table;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  if (!box) return null;
  box.scrollIntoView();
  box.scrollLeft = 100000;
  const r = box.getBoundingClientRect();
  return {content: box.scrollWidth, shown: box.clientWidth, moved: box.scrollLeft, left: r.left, right: r.right,
          page: window.scrollX, pageWidth: document.documentElement.scrollWidth};
}"""


def test_menu_opens_and_every_link_is_reachable(phone_site: tuple[Site, str, dict[str, str]], browser: Any,
                                                size: tuple[int, int]) -> None:
    _, base, _ = phone_site
    width = size[0]
    page = _login(_phone(browser, size), base, "admin")
    summary = page.locator("details.menu > summary")
    box = summary.bounding_box()
    assert box and box["height"] >= 40 and box["width"] >= 40 and box["x"] + box["width"] <= width
    brand = page.locator("a.brand").bounding_box()
    assert brand and brand["x"] + brand["width"] <= box["x"], "the title runs under the menu button"
    assert not page.is_visible("header nav a[href='/rounds']")  # closed until tapped
    summary.tap()
    links = page.locator("header nav a, header .who a, header .who button")
    hrefs = page.eval_on_selector_all("header nav a", "links => links.map(a => a.getAttribute('href'))")
    assert {"/", "/compare", "/audit", "/rounds", "/unit", "/api/docs", "/users"} <= set(hrefs)
    boxes = []
    for i in range(links.count()):
        assert links.nth(i).is_visible()
        b = links.nth(i).bounding_box()
        assert b and b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5 and b["height"] >= 40, (i, b)
        boxes.append(b)
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if min(boxes[i]["x"] + boxes[i]["width"], boxes[j]["x"] + boxes[j]["width"]) - max(boxes[i]["x"], boxes[j]["x"]) > 1
                and min(boxes[i]["y"] + boxes[i]["height"], boxes[j]["y"] + boxes[j]["height"]) - max(boxes[i]["y"], boxes[j]["y"]) > 1]
    assert not overlaps, f"menu entries overlap at {width} px: {overlaps}"
    main = page.locator("main").bounding_box()
    header = page.locator("header.top").bounding_box()
    assert main and header and header["y"] + header["height"] <= main["y"] + 0.5
    assert _fits(page, width) is None
    page.locator("header nav a[href='/rounds']").tap()
    page.wait_for_url(base + "/rounds")
    assert "调度" in page.inner_text("h1")
    page.context.close()


def test_wide_tables_scroll_in_their_own_box(phone_site: tuple[Site, str, dict[str, str]], browser: Any,
                                             size: tuple[int, int]) -> None:
    _, base, pages = phone_site
    width = size[0]
    page = _login(_phone(browser, size), base, "admin")
    tables = {"plan": "table.indicators", "tasks": "table.tasks", "round": "#assignments", "monitoring-summary": "#months",
              "report": "section.wide table"}
    for name, sel in tables.items():
        page.goto(base + pages[name])
        got = page.evaluate(SCROLL_JS, sel)
        assert got, f"{name}: {sel} has no box that scrolls sideways"
        assert got["content"] > got["shown"] + 40, f"{name}: {sel} is not wider than its box: {got}"
        assert got["moved"] > 0 and got["page"] == 0 and got["pageWidth"] <= width, f"{name}: {got}"
        assert got["left"] >= 0 and got["right"] <= width + 0.5, f"{name}: the box sticks out: {got}"
    # text columns keep a readable width (long names wrap over lines, not one character a line)
    page.goto(base + pages["tasks"])
    narrow = page.eval_on_selector_all("table.tasks td.long", "tds => tds.map(td => td.clientWidth).filter(w => w < 120)")
    assert narrow == []
    page.goto(base + pages["plan"])
    names = page.eval_on_selector_all("table.indicators td.name", "tds => tds.map(td => [td.clientWidth, td.clientHeight])")
    assert min(w for w, _ in names) >= 120 and max(h for _, h in names) > 40  # long names wrap
    page.context.close()


def test_charts_fit_their_box_and_follow_a_resize(phone_site: tuple[Site, str, dict[str, str]], browser: Any) -> None:
    _, base, pages = phone_site
    page = _login(_phone(browser, (390, 844)), base, "admin")
    sizes = """() => [...document.querySelectorAll('div.echart')].map(box => {
        const c = echarts.getInstanceByDom(box);
        return [box.clientWidth, c.getWidth(), box.getBoundingClientRect().right]; })"""
    for name in ("plan", "indicator", "compare", "monitoring-summary"):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + pages[name])
        page.wait_for_selector("div.echart canvas")
        for box, chart, right in page.evaluate(sizes):
            assert chart == box and right <= 390, (name, box, chart, right)
        page.set_viewport_size({"width": 320, "height": 640})  # a smaller phone, or the window narrowed
        page.wait_for_function("""() => [...document.querySelectorAll('div.echart')].every(box =>
            echarts.getInstanceByDom(box).getWidth() === box.clientWidth)""", timeout=5000)
        for box, chart, right in page.evaluate(sizes):
            assert chart == box and right <= 320, (name, box, chart, right)
    # the box narrows without the window changing (a side panel, a zoomed text): the chart follows
    page.evaluate("() => { document.querySelector('figure.chart-box').style.width = '200px'; }")
    page.wait_for_function("""() => { const box = document.querySelector('figure.chart-box div.echart');
        return box.clientWidth < 200 && echarts.getInstanceByDom(box).getWidth() === box.clientWidth; }""", timeout=5000)
    page.context.close()
