"""Fixtures of the web tests: a real SQLite store with the sample plans and accounts of each role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import GANXIAN, HUICHANG, YICHUN

PASSWORD = "correct-horse-42"


@dataclass
class Site:
    """A store with the three sample plans, an app over it and the ids of interest."""

    store: Any
    app: Any
    url: str
    plans: dict[str, int]  # huichang / yichun / ganxian -> plan id
    regions: dict[str, str]  # same keys -> region name

    def client(self, username: str | None = None, password: str = PASSWORD) -> TestClient:
        c = TestClient(self.app, follow_redirects=False)
        if username is not None:
            r = login(c, username, password)
            assert r.status_code == 303, r.text
        return c


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "page has no CSRF token"
    return m.group(1)


def login(c: TestClient, username: str, password: str) -> Any:
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"username": username, "password": password, "csrf_token": token, "next": "/"})


def build_site(url: str, **app_kw: Any) -> Site:
    from ecociv.importers import read_plan
    from ecociv.store import open_store
    from ecociv.web import Accounts, create_app

    store = open_store(url)
    plans, regions = {}, {}
    for name, path in (("huichang", HUICHANG), ("yichun", YICHUN), ("ganxian", GANXIAN)):
        plan = read_plan(path)
        plans[name] = store.save_plan(plan, user="test")
        regions[name] = plan.region
    acc = Accounts(store.engine)
    acc.add("admin", PASSWORD, "admin")
    acc.add("viewer", PASSWORD, "viewer")
    acc.add("hc-editor", PASSWORD, "editor", regions["huichang"])
    acc.add("yc-editor", PASSWORD, "editor", regions["yichun"])
    app = create_app(store, secret="test-secret-" + "x" * 20, **app_kw)
    return Site(store=store, app=app, url=url, plans=plans, regions=regions)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    path: Path = tmp_path_factory.mktemp("web") / "web.sqlite3"
    s = build_site(f"sqlite:///{path}")
    try:
        yield s
    finally:
        s.store.engine.dispose()
