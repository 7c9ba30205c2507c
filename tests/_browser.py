"""Real Chromium for browser tests: Debian's ``chromium`` driven through Playwright.

Import ``CHROMIUM_MISSING`` to skip a module (only outside CI), the ``browser`` fixture to get a
launched browser, ``log_in`` to sign a page in, and ``SHOTS`` for screenshots
(``test-artifacts/screenshots/``, gitignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO

CHROMIUM = "/usr/bin/chromium"
#: Flags that keep Chromium headless and off the (closed) network.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = REPO / "test-artifacts" / "screenshots"
#: Outside CI a machine without chromium skips browser tests; in CI they must run.
CHROMIUM_MISSING = not (Path(CHROMIUM).exists() or shutil.which("chromium")) and os.environ.get("CI") != "true"
SKIP_REASON = "未安装 Debian 的 chromium（/usr/bin/chromium），跳过浏览器测试"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def log_in(page: Any, base: str, username: str, password: str) -> Any:
    """Sign ``page`` in through the login form of the server at ``base``; returns the page."""
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page
