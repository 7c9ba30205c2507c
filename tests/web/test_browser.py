"""The dashboard in real Chromium (Debian's ``chromium`` through Playwright) over a real server.

Screenshots of each main page go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests._browser import CHROMIUM_MISSING, SHOTS, SKIP_REASON
from tests._server import running
from tests.web._helpers import flipping_indicator
from tests.web.conftest import PASSWORD, Site, build_site

pytestmark = pytest.mark.browser

if CHROMIUM_MISSING:
    pytest.skip(SKIP_REASON, allow_module_level=True)



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    site = build_site(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.sqlite3'}")
    try:
        with running(site.app) as base:
            yield site, base
    finally:
        site.store.engine.dispose()


def test_login_open_plan_enter_value_and_see_status_change(served: tuple[Site, str], browser: object,
                                                          tmp_path: Path) -> None:
    site, base = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))

    page.goto(base + "/")
    assert "/login" in page.url
    page.screenshot(path=str(SHOTS / "01-login.png"))
    page.fill("input[name=username]", "hc-editor")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.inner_text("main")
    page.fill("input[name=username]", "hc-editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    assert "规划总览" in page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "02-home.png"), full_page=True)

    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    page.click(f"a[href='/plans/{pid}']")
    page.wait_for_url(f"{base}/plans/{pid}")
    assert plan.title in page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "03-plan.png"))
    page.select_option("select[name=status]", "无数据")  # filters apply on change (app.js)
    page.wait_for_url("**status=**")
    page.screenshot(path=str(SHOTS / "04-plan-filtered.png"))

    year = dt.date.today().year - 1
    key, bad, good = flipping_indicator(plan, site.store.observations(pid), year)
    page.goto(f"{base}/plans/{pid}")
    page.click(f"tr[data-key='{key}'] td.name a")
    page.wait_for_url(f"**/indicators/{key}")
    for value, expected in ((bad, "未达标"), (good, "达标")):
        page.fill("#entry input[name=year]", str(year))
        page.fill("#entry input[name=value]", str(value))
        page.click("#entry button[type=submit]")
        page.wait_for_load_state()
        assert page.inner_text("#status") == expected
    page.wait_for_selector("div.echart canvas")
    page.screenshot(path=str(SHOTS / "05-indicator.png"), full_page=True)
    page.goto(f"{base}/plans/{pid}")
    assert page.inner_text(f"tr[data-key='{key}'] .status") == "达标"

    page.goto(f"{base}/compare?plan={pid}&key={key}")
    page.wait_for_selector("div.echart canvas")
    page.screenshot(path=str(SHOTS / "06-compare.png"), full_page=True)

    gid = site.plans["ganxian"]
    page.goto(f"{base}/plans/{gid}/tasks?as_of=2025-06-30")
    assert "逾期" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / "07-tasks.png"))
    page.goto(f"{base}/plans/{site.plans['yichun']}/projects")
    page.screenshot(path=str(SHOTS / "08-projects.png"))
    page.goto(f"{base}/plans/{pid}/upload")
    page.screenshot(path=str(SHOTS / "09-upload.png"))
    # a filled-in workbook: one good figure, one impossible percentage
    from openpyxl import load_workbook

    from ecociv.observations import write_template

    book = write_template(plan, tmp_path / "填报表.xlsx")
    wb = load_workbook(book)
    ws = wb.active
    header = [cell.value for cell in ws[1]]
    col = header.index(f"{year}年") + 1
    rows = {ws.cell(row=i, column=1).value: i for i in range(2, ws.max_row + 1)}
    pct = [k for k, ind in plan.indicators() if k in rows and k != key and (ind.unit or "").strip() == "%"]
    ws.cell(row=rows[pct[0]], column=col, value=77.7)
    ws.cell(row=rows[pct[1]], column=col, value=180)
    wb.save(book)
    page.set_input_files("#upload input[type=file]", str(book))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#summary")
    assert "错误" in page.inner_text("#summary") and page.locator(".report li").count() >= 1
    assert page.inner_text(".report li").startswith("填报表.xlsx")
    page.screenshot(path=str(SHOTS / "09b-upload-report.png"), full_page=True)
    page.click("#confirm button[type=submit]")
    page.wait_for_url(f"{base}/plans/{pid}")
    assert any(o.year == year and o.value == 77.7 for o in site.store.observation_history(pid, pct[0]))
    page.goto(f"{base}/audit")
    assert "hc-editor" in page.inner_text("table.audit")
    page.screenshot(path=str(SHOTS / "10-audit.png"))
    page.goto(f"{base}/api/docs")
    page.wait_for_selector("#ops table")
    assert "/api/plans" in page.inner_text("#ops")
    page.screenshot(path=str(SHOTS / "11-api-docs.png"))
    context.close()

    # an admin sees account administration
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("request", lambda req: requested.append(req.url))
    page.goto(base + "/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    page.click("a[href='/users']")
    assert "hc-editor" in page.inner_text("#users")
    page.screenshot(path=str(SHOTS / "12-users.png"))
    context.close()

    outside = [u for u in requested if not u.startswith(base) and not u.startswith("data:")]
    assert outside == [], f"requests left the machine: {outside}"
    for name in ("02-home", "03-plan", "05-indicator", "06-compare", "07-tasks", "08-projects", "10-audit"):
        assert (SHOTS / f"{name}.png").stat().st_size > 5000
