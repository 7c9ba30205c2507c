"""Accounts and authorization against a real SQLite store: login, CSRF, roles, regions, backoff."""

from __future__ import annotations

import time

import sqlalchemy as sa
from tests.web._helpers import summary_stored_now
from tests.web.conftest import PASSWORD, Site, csrf_of, login

from ecociv.store import tables as T
from ecociv.web import Accounts, create_app


def _some_key(site: Site, plan: str) -> str:
    plan_obj = site.store.get_plan(site.plans[plan])
    key, _ind = next((k, i) for k, i in plan_obj.indicators() if i.unit and "%" in i.unit)
    return key


def _history(site: Site, plan: str, key: str) -> int:
    return len(site.store.observation_history(site.plans[plan], key))


def _post_value(c, site: Site, plan: str, key: str, value: str, token: str | None):
    data = {"key": key, "year": "2024", "value": value, "note": "测试"}
    if token is not None:
        data["csrf_token"] = token
    return c.post(f"/plans/{site.plans[plan]}/observations", data=data)


def test_pages_need_login(site: Site) -> None:
    c = site.client()
    r = c.get(f"/plans/{site.plans['huichang']}")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert c.get("/api/plans").status_code == 401


def test_login_page_is_chinese_and_carries_csrf(site: Site) -> None:
    c = site.client()
    r = c.get("/login")
    assert r.status_code == 200 and "登录" in r.text and 'lang="zh-CN"' in r.text
    assert csrf_of(r.text)


def test_wrong_password_refused(site: Site) -> None:
    c = site.client()
    r = login(c, "admin", "not-the-password")
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text
    assert "ecociv_session" not in r.cookies
    assert c.get("/").status_code == 303  # still logged out
    r = login(c, "nobody", PASSWORD)
    assert r.status_code == 401 and "用户名或密码错误" in r.text


def test_login_without_csrf_refused(site: Site) -> None:
    c = site.client()
    c.get("/login")
    r = c.post("/login", data={"username": "admin", "password": PASSWORD, "next": "/"})
    assert r.status_code == 403 and "CSRF" in r.text
    r = c.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403


def test_form_without_csrf_refused_even_for_admin(site: Site) -> None:
    c = site.client("admin")
    key = _some_key(site, "huichang")
    before = _history(site, "huichang", key)
    assert _post_value(c, site, "huichang", key, "50", None).status_code == 403
    assert _post_value(c, site, "huichang", key, "50", "forged-token").status_code == 403
    # a token of another session does not pass either
    other = site.client("hc-editor")
    foreign = csrf_of(other.get("/").text)
    assert _post_value(c, site, "huichang", key, "50", foreign).status_code == 403
    assert _history(site, "huichang", key) == before


def test_viewer_cannot_write(site: Site) -> None:
    c = site.client("viewer")
    token = csrf_of(c.get("/").text)
    key = _some_key(site, "huichang")
    before = _history(site, "huichang", key)
    r = _post_value(c, site, "huichang", key, "50", token)
    assert r.status_code == 403 and "只读" in r.text
    assert _history(site, "huichang", key) == before
    # the page offers no entry form either
    page = c.get(f"/plans/{site.plans['huichang']}/indicators/{key}").text
    assert 'id="entry"' not in page


def test_editor_writes_own_region_only(site: Site) -> None:
    c = site.client("hc-editor")
    token = csrf_of(c.get("/").text)
    own, other = _some_key(site, "huichang"), _some_key(site, "yichun")
    before_own, before_other = _history(site, "huichang", own), _history(site, "yichun", other)
    r = _post_value(c, site, "huichang", own, "61.5", token)
    assert r.status_code == 303
    assert _history(site, "huichang", own) == before_own + 1
    latest = site.store.observation_history(site.plans["huichang"], own)[-1]
    assert latest.value == 61.5 and latest.recorded_by == "hc-editor" and latest.year == 2024
    r = _post_value(c, site, "yichun", other, "61.5", token)
    assert r.status_code == 403 and site.regions["yichun"] in r.text
    assert _history(site, "yichun", other) == before_other


def test_every_change_is_audited_with_old_and_new(site: Site) -> None:
    c = site.client("admin")
    token = csrf_of(c.get("/").text)
    plan = "yichun"
    key = _some_key(site, plan)
    assert _post_value(c, site, plan, key, "11", token).status_code == 303
    assert _post_value(c, site, plan, key, "22", token).status_code == 303
    entries = site.store.audit_log(limit=5, entity="observation")
    assert entries[0].username == "admin"
    assert "22" in str(entries[0].new) and "11" in str(entries[0].old)
    page = c.get("/audit?entity=observation").text
    assert "admin" in page and "录入" in page and "数值：22" in page and "数值：11" in page and "\\u" not in page


def test_repeated_failures_slow_the_account_but_never_lock_out_the_real_user(site: Site) -> None:
    app = create_app(site.store, secret="another-secret-" + "y" * 20)  # fresh per-address counters
    Accounts(site.store.engine).add("throttled", PASSWORD, "viewer")
    from fastapi.testclient import TestClient

    attacker = TestClient(app, follow_redirects=False)
    for _ in range(4):
        assert login(attacker, "throttled", "wrong-password").status_code == 401
    with site.store.engine.connect() as conn:
        row = conn.execute(sa.select(T.users.c.failed_logins, T.users.c.locked_until)
                           .where(T.users.c.username == "throttled")).one()
    assert row.failed_logins == 4 and row.locked_until is not None
    # the real user, from another client, gets in with the right password after a short delay
    real = TestClient(app, follow_redirects=False, client=("10.9.9.9", 5000))
    started = time.monotonic()
    r = login(real, "throttled", PASSWORD)
    took = time.monotonic() - started
    assert r.status_code == 303, r.text
    assert 0.5 <= took <= 5
    actions = [e.action for e in site.store.audit_log(limit=20, entity="user")]
    assert "login" in actions and "login-failed" in actions and "lockout" in actions


def test_failures_from_one_address_are_slowed_down(site: Site) -> None:
    app = create_app(site.store, secret="third-secret-" + "z" * 20)
    from fastapi.testclient import TestClient

    c = TestClient(app, follow_redirects=False)
    for i in range(7):  # many names from one address
        login(c, f"guess{i}", "whatever-password")
    r = login(c, "viewer", PASSWORD)
    assert r.status_code == 429 and "Retry-After" in r.headers


def test_session_expires(site: Site) -> None:
    app = create_app(site.store, secret="short-" + "s" * 20, session_max_age=1)
    from fastapi.testclient import TestClient

    c = TestClient(app, follow_redirects=False)
    assert login(c, "viewer", PASSWORD).status_code == 303
    assert c.get("/").status_code == 200
    time.sleep(2.2)
    r = c.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_password_change_ends_sessions(site: Site) -> None:
    acc = Accounts(site.store.engine)
    acc.add("changer", PASSWORD, "viewer")
    c = site.client("changer")
    assert c.get("/").status_code == 200
    acc.set_password("changer", "a-new-password-1")
    assert c.get("/").status_code == 303
    assert login(site.client(), "changer", "a-new-password-1").status_code == 303


def test_api_roles_with_tokens(site: Site) -> None:
    c = site.client()
    key = _some_key(site, "huichang")

    def token(user: str) -> str:
        r = c.post("/api/token", json={"username": user, "password": PASSWORD})
        assert r.status_code == 200, r.text
        return r.json()["token"]

    body = [{"key": key, "year": 2023, "value": 70.5}]
    url = f"/api/plans/{site.plans['huichang']}/observations"
    assert c.post(url, json=body).status_code == 401
    r = c.post(url, json=body, headers={"Authorization": f"Bearer {token('viewer')}"})
    assert r.status_code == 403
    r = c.post(url, json=body, headers={"Authorization": f"Bearer {token('yc-editor')}"})
    assert r.status_code == 403
    r = c.post(url, json=body, headers={"Authorization": f"Bearer {token('hc-editor')}"})
    assert r.status_code == 200 and r.json()["recorded"] == 1
    summary_stored_now(site.store, site.plans["huichang"])
    assert c.post("/api/token", json={"username": "viewer", "password": "nope-nope"}).status_code == 401
    assert c.get("/api/plans", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_api_write_with_session_needs_csrf_header(site: Site) -> None:
    c = site.client("admin")
    token = csrf_of(c.get("/").text)
    key = _some_key(site, "huichang")
    url = f"/api/plans/{site.plans['huichang']}/observations"
    body = [{"key": key, "year": 2023, "value": 71}]
    assert c.post(url, json=body).status_code == 403
    assert c.post(url, json=body, headers={"X-CSRF-Token": token}).status_code == 200


def test_logout_needs_csrf_and_ends_session(site: Site) -> None:
    c = site.client("viewer")
    assert c.post("/logout", data={}).status_code == 403
    token = csrf_of(c.get("/").text)
    assert c.post("/logout", data={"csrf_token": token}).status_code == 303
    assert c.get("/").status_code == 303


def test_only_admins_manage_accounts(site: Site) -> None:
    for name in ("viewer", "hc-editor"):
        c = site.client(name)
        token = csrf_of(c.get("/").text)
        assert c.get("/users").status_code == 403
        r = c.post("/users", data={"username": "sneaky", "role": "admin", "password": "long-password-9",
                                   "csrf_token": token})
        assert r.status_code == 403
    assert Accounts(site.store.engine).get("sneaky") is None
    admin = site.client("admin")
    page = admin.get("/users").text
    assert "hc-editor" in page and site.regions["huichang"] in page
    token = csrf_of(page)
    assert admin.post("/users", data={"username": "new-ed", "role": "editor", "password": "long-password-9"}
                      ).status_code == 403  # no CSRF token
    r = admin.post("/users", data={"username": "new-ed", "role": "editor", "region": site.regions["yichun"],
                                   "password": "long-password-9", "csrf_token": token})
    assert r.status_code == 303
    made = Accounts(site.store.engine).get("new-ed")
    assert made is not None and made.role == "editor" and made.region == site.regions["yichun"]
    r = admin.post("/users", data={"username": "bad-ed", "role": "editor", "password": "long-password-9",
                                   "csrf_token": token})
    assert r.status_code == 400 and "地区" in r.text
    r = admin.post("/users/new-ed/password", data={"password": "another-pass-8", "csrf_token": token})
    assert r.status_code == 303
    assert login(site.client(), "new-ed", "another-pass-8").status_code == 303
    entries = [e for e in site.store.audit_log(limit=10, entity="user") if e.action in ("create", "password")]
    assert [e.username for e in entries[:2]] == ["admin", "admin"]
