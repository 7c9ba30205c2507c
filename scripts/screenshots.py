"""Screenshots of the dashboard and the published site at a phone (390 px) and a desktop (1366 px)
width, for the README: ``.venv/bin/python scripts/screenshots.py`` writes ``docs/screenshots/*.png``.

Runs the real app (SQLite in a temporary folder, the sample plans, a few yearly values) in real
Chromium (Debian's ``chromium`` through Playwright), like the browser tests.  The map uses
illustrative square boundaries (real 行政区划代码, made-up shapes): ecociv ships no boundaries.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "docs" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
PASSWORD = "screenshots-42"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _small_png(path: Path) -> None:
    """Palette PNG (256 colours): a fraction of the size, still sharp for text and charts."""
    from PIL import Image

    img = Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    img.save(path, optimize=True)


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="ecociv-shots-"))
    os.environ["ECOCIV_HOME"] = str(tmp / "home")
    from tests.web._helpers import boundaries_for

    from ecociv.cli._plans import load_samples
    from ecociv.model import Observation
    from ecociv.publish import build_site, map_for_site
    from ecociv.reports._chart_options import reference_lines
    from ecociv.store import open_store
    from ecociv.store._boundaries import set_boundaries
    from ecociv.web import Accounts, create_app

    store = open_store(f"sqlite:///{tmp / 'ecociv.sqlite3'}")
    load_samples(store)
    plans = {s.region: s.id for s in store.list_plans()}
    hc = plans["会昌县"]
    plan = store.get_plan(hc)
    key, ind = next((k, i) for k, i in plan.indicators()
                    if k.count("/") == 1 and len(reference_lines(i)) >= 2 and reference_lines(i)[0].year is None)
    std = reference_lines(ind)[0].value
    store.add_observations(hc, [Observation(key, y, value=round(std * f, 2), source="统计局")
                                for y, f in ((2022, 0.8), (2023, 0.95), (2024, 1.05))], user="示例")
    other = store.get_plan(hc)
    other.region, other.title, other.region_info = "瑞金市", other.title.replace("会昌县", "瑞金市"), None
    rj = store.save_plan(other, user="示例")
    store.add_observations(rj, [Observation(key, 2024, value=round(std * 0.7, 2), source="统计局")], user="示例")
    geo = tmp / "gz.geojson"
    geo.write_text(json.dumps(boundaries_for("360700")), encoding="utf-8")
    set_boundaries(geo)
    Accounts(store.engine).add("admin", PASSWORD, "admin")
    site_dir = tmp / "site"
    build_site(store, hc, site_dir, map_html=map_for_site(store, hc))

    port = _port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, secret="s" * 32), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    pages = {"home": f"{base}/", "plan": f"{base}/plans/{hc}", "indicator": f"{base}/plans/{hc}/indicators/{key}",
             "map": f"{base}/plans/{hc}/map?key={key}", "published": (site_dir / "index.html").as_uri(),
             "published-indicator": (site_dir / ("indicators/" + key.replace("/", "-") + ".html")).as_uri()}
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for label, (w, h) in WIDTHS.items():
            ctx = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN", device_scale_factor=1)
            page = ctx.new_page()
            page.goto(base + "/login")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + "/")
            for name, url in pages.items():
                page.goto(url)
                page.wait_for_load_state("load")
                if page.locator("div.echart").count():
                    page.wait_for_selector("div.echart canvas")
                    page.locator("div.echart").first.scroll_into_view_if_needed()
                    page.evaluate("() => window.scrollTo(0, 0)")
                target = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=False)
                _small_png(target)
                print(f"{target.relative_to(REPO)}  {target.stat().st_size // 1024} KB")
            ctx.close()
        browser.close()
    server.should_exit = True
    store.engine.dispose()


if __name__ == "__main__":
    main()
