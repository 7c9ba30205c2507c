"""The html report in real Chromium (Debian's ``chromium`` through Playwright): self-contained,
printable on A4 without horizontal overflow.  Screenshots go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests._browser import CHROMIUM_MISSING, SHOTS, SKIP_REASON
from tests.reports.conftest import Stored

from ecociv.reports import SECTION_TITLES, write_report

#: A4 width at 96 dpi minus the 15 mm side margins of the page's @page rule.
PRINT_WIDTH = round((210 - 30) / 25.4 * 96)

pytestmark = pytest.mark.browser

if CHROMIUM_MISSING:
    pytest.skip(SKIP_REASON, allow_module_level=True)


@pytest.mark.parametrize("which", ["huichang", "ganxian"])
def test_html_report_in_chromium(which: str, request: pytest.FixtureRequest, browser: object, tmp_path: Path) -> None:
    stored: Stored = request.getfixturevalue(which)
    path = tmp_path / f"{which}.html"
    write_report(stored.ctx, "html", path)
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(path.as_uri())
    assert requested == [path.as_uri()], "the report loads nothing but itself"
    headings = page.locator("h2").all_inner_texts()
    assert headings == list(SECTION_TITLES)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report-{which}.png"), full_page=True)
    # printed on A4: nothing wider than the printable width
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PRINT_WIDTH + 2, f"page is {overflow}px wide, A4 allows {PRINT_WIDTH}px"
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    boxes = [tuple(round(float(x)) for x in m.split()[2:]) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)]
    portrait, landscape = (595, 842), (842, 595)
    assert boxes and set(boxes) <= {portrait, landscape}, boxes
    if stored.ctx.indicator_blocks:  # the indicator tables print on landscape pages, the rest portrait
        assert boxes[0] == portrait and landscape in boxes and len(boxes) >= 3
    else:
        assert set(boxes) == {portrait}
    context.close()


@pytest.mark.parametrize("which", ["huichang", "ganxian"])
def test_html_report_reads_on_a_phone(which: str, request: pytest.FixtureRequest, browser: object, tmp_path: Path) -> None:
    """On a 360 px phone the report is laid out at the phone's width (viewport meta tag), nothing
    scrolls the page sideways, and each wide table scrolls in its own box."""
    stored: Stored = request.getfixturevalue(which)
    path = tmp_path / f"{which}.html"
    write_report(stored.ctx, "html", path)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",  # type: ignore[attr-defined]
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(path.as_uri())
    inner, scroll = page.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
    assert (inner, scroll) == (360, 360), f"laid out {inner} px wide, {scroll} px of content"
    boxes = page.evaluate("""() => [...document.querySelectorAll('table')].map(t => {
        const box = t.parentElement, r = box.getBoundingClientRect();
        return [getComputedStyle(box).overflowX, box.scrollWidth > box.clientWidth, r.right]; })""")
    assert boxes and all(o == "auto" and right <= 360 for o, _, right in boxes), boxes
    assert any(wide for _, wide, _ in boxes), "no table is wider than the phone: nothing was checked"
    page.screenshot(path=str(SHOTS / f"report-{which}-phone.png"))
    context.close()
