"""The plan page shows the states stored with the plan's summary: after figures are entered on
the web, a restarted server shows each indicator's judgement and the years with figures at once,
and a chosen year is judged for that year; the API still gives the whole plan document."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.web._helpers import summary_stored_now
from tests.web.conftest import PASSWORD, Site, csrf_of, login
from tests.web.test_summaries import _plan

from ecociv._serialize import plan_to_dict
from ecociv.store import Store
from ecociv.web import Accounts, create_app
from ecociv.web._status import plan_states

SECRET = "test-secret-" + "y" * 20


def _client(store: Store) -> TestClient:
    """A server started now over ``store``, an admin logged in."""
    c = TestClient(create_app(store, secret=SECRET), follow_redirects=False)
    assert login(c, "admin", PASSWORD).status_code == 303
    return c


def _statuses(html: str) -> dict[str, str]:
    """Each indicator row's 达标情况 as the page shows it."""
    rows = re.findall(r'<tr class="depth\d+" data-key="([^"]+)">(.*?)</tr>', html, re.S)
    out = {}
    for key, cells in rows:
        m = re.search(r'<span class="status \w+" title="[^"]*">([^<]+)</span>', cells)
        assert m, key
        out[key] = m.group(1)
    return out


def test_restarted_server_shows_stored_states_and_years(store: Store) -> None:
    pid = store.save_plan(_plan())
    Accounts(store.engine).add("admin", PASSWORD, "admin")
    first = _client(store)
    token = csrf_of(first.get(f"/plans/{pid}").text)
    for year, value in ((2023, 80), (2024, 90)):
        r = first.post(f"/plans/{pid}/observations",
                       data={"key": "0/0", "year": str(year), "value": str(value), "csrf_token": token})
        assert r.status_code == 303, r.text
    summary_stored_now(store, pid)  # the page's states were stored by the write itself

    plan, observations = store.get_plan(pid), store.observations(pid)
    c = _client(store)  # a restarted server
    page = c.get(f"/plans/{pid}")
    assert page.status_code == 200
    latest = plan_states(plan, observations).states
    assert _statuses(page.text) == {k: s.status for k, s in latest.items()}
    assert "（2024）" in re.search(r'data-key="0/0">(.*?)</tr>', page.text, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'<option value="(\d{4})"', page.text) == ["2024", "2023"]

    chosen = c.get(f"/plans/{pid}", params={"year": "2023"})
    assert chosen.status_code == 200
    in_2023 = plan_states(plan, observations, 2023).states
    assert _statuses(chosen.text) == {k: s.status for k, s in in_2023.items()}
    assert _statuses(chosen.text)["0/0"] != _statuses(page.text)["0/0"]  # 80 and 90 against ≥85

    wrong = c.get(f"/plans/{pid}", params={"year": "2019"})
    assert wrong.status_code == 400
    assert "2024、2023" in wrong.text


def test_api_plan_document_keeps_tasks_and_projects(site: Site) -> None:
    pid = site.plans["huichang"]
    c = site.client("viewer")
    c.get(f"/plans/{pid}")  # the page's view of the plan is kept in memory: indicators only
    document = c.get(f"/api/plans/{pid}").json()["document"]
    full = plan_to_dict(site.store.get_plan(pid))
    assert document["tasks"] and document["projects"]
    assert document == full
