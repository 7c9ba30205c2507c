"""Point 9 and 10: password policy and user names, audit entries limited to the reader's region,
times shown in the configured time zone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from tests.web.conftest import PASSWORD, Site, csrf_of

from ecociv.errors import InputError
from ecociv.web import Accounts


@pytest.mark.parametrize(("name", "password", "expected"), [
    ("alice", "short-1", "至少需要 10 个字符"),
    ("alice", "password123", "过于常见"),
    ("alice", "aaaaaaaaaaaa", "过于常见"),
    ("alice", "alice-is-great", "不能包含用户名"),
    ("bad name", "a-fine-secret-77", "用户名"),
    ("<script>", "a-fine-secret-77", "用户名"),
    ("x" * 65, "a-fine-secret-77", "用户名"),
])
def test_password_policy_and_user_names(site: Site, name: str, password: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        Accounts(site.store.engine).add(name, password, "viewer")


def test_last_admin_and_oneself_cannot_be_removed(site: Site) -> None:
    acc = Accounts(site.store.engine)
    with pytest.raises(InputError, match="自己"):
        acc.delete("admin", actor="admin")
    with pytest.raises(InputError, match="自己"):
        acc.set_disabled("admin", True, actor="admin")


def test_audit_entries_are_limited_to_the_readers_region(site: Site) -> None:
    acc = Accounts(site.store.engine)
    acc.add("yc-viewer", PASSWORD, "viewer", site.regions["yichun"])
    hc, yc = site.plans["huichang"], site.plans["yichun"]
    editor = site.client("hc-editor")
    key = next(k for k, ind in site.store.get_plan(hc).indicators() if not ind.sub_indicators)
    token = csrf_of(editor.get(f"/plans/{hc}/indicators/{key}").text)
    r = editor.post(f"/plans/{hc}/observations", data={"key": key, "year": "2023", "value": "12.5",
                                                       "note": "会昌专用备注", "csrf_token": token})
    assert r.status_code == 303
    admin = site.client("admin").get("/api/audit?limit=500").json()
    assert any("会昌专用备注" in str(e["new"]) for e in admin)
    seen = site.client("yc-viewer").get("/api/audit?limit=500").json()
    assert not any("会昌专用备注" in str(e["new"]) for e in seen)
    assert all(e["username"] == "yc-viewer" or e["entity"] in ("plan", "observation", "progress") for e in seen)
    assert any(e["entity"] == "plan" and e["entity_id"] == yc for e in seen)  # its own region's plan
    page = site.client("yc-viewer").get("/audit").text
    assert "会昌专用备注" not in page
    assert "hc-editor" not in site.client("viewer").get("/audit").text  # no region: no plan entries


def test_times_are_shown_in_the_configured_zone(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecociv.web._deps import _fmt_time

    noon_utc = dt.datetime(2024, 5, 1, 12, 0, 0)
    assert _fmt_time(noon_utc) == "2024-05-01 20:00:00"  # Asia/Shanghai by default
    monkeypatch.setenv("ECOCIV_TIMEZONE", "Europe/London")
    assert _fmt_time(noon_utc) == "2024-05-01 13:00:00"
    monkeypatch.setenv("ECOCIV_TIMEZONE", "Mars/Base")
    assert _fmt_time(noon_utc) == "2024-05-01 20:00:00"
    monkeypatch.delenv("ECOCIV_TIMEZONE")
    page = site.client("admin").get("/audit").text
    assert "时间（UTC）" not in page
    latest = site.store.audit_log(limit=1)[0].at
    shown = (latest.replace(tzinfo=dt.UTC) + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert re.search(re.escape(shown), page)
    api = site.client("admin").get("/api/audit?limit=1").json()[0]["at"]
    assert api.endswith("+00:00")
