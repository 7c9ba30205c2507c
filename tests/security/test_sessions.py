"""Point 6: server-side sessions end at once (logout, password change, disabling, sign out everywhere,
idle and absolute timeouts); API tokens are named, listed, expiring and revocable one by one."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORD, Site, csrf_of, login

from ecociv.errors import InputError, NotFoundError
from ecociv.store import tables as T
from ecociv.web import Accounts, create_app


def _new_user(site: Site, name: str, role: str = "viewer") -> None:
    Accounts(site.store.engine).add(name, PASSWORD, role)


def test_logout_ends_the_session_on_the_server(site: Site) -> None:
    _new_user(site, "leaver")
    c = site.client("leaver")
    stolen = c.cookies.get("ecociv_session")
    assert stolen and c.get("/api/me").status_code == 200
    page = c.get("/").text
    assert c.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 303
    thief = TestClient(site.app, follow_redirects=False)
    thief.cookies.set("ecociv_session", stolen)
    assert thief.get("/api/me").status_code == 401
    assert thief.get("/").status_code == 303  # to the login form


def test_password_change_disable_and_sign_out_everywhere_end_every_session(site: Site) -> None:
    _new_user(site, "worker")
    admin = site.client("admin")
    token = csrf_of(admin.get("/users").text)
    for action in ("password", "disable", "logout-all"):
        a, b = site.client("worker"), site.client("worker")
        assert a.get("/api/me").status_code == 200 and b.get("/api/me").status_code == 200
        if action == "password":
            r = admin.post("/users/worker/password", data={"password": "a-new-secret-77", "csrf_token": token})
        else:
            r = admin.post(f"/users/worker/{action}", data={"csrf_token": token})
        assert r.status_code == 303, r.text
        assert a.get("/api/me").status_code == 401 and b.get("/api/me").status_code == 401
        if action == "password":
            Accounts(site.store.engine).set_password("worker", PASSWORD)
        if action == "disable":
            assert login(TestClient(site.app, follow_redirects=False), "worker", PASSWORD).status_code == 401
            assert admin.post("/users/worker/enable", data={"csrf_token": token}).status_code == 303
    actions = {e.action for e in site.store.audit_log(limit=50, entity="user")}
    assert {"disable", "enable", "logout-all", "password"} <= actions


def test_own_password_change_on_the_web_keeps_this_browser_only(site: Site) -> None:
    _new_user(site, "changer")
    here, elsewhere = site.client("changer"), site.client("changer")
    page = here.get("/account").text
    assert "修改密码" in page and "接口令牌" in page
    token = csrf_of(page)
    r = here.post("/account/password", data={"current": "wrong-one-xx", "new": "brand-new-pass-5",
                                             "again": "brand-new-pass-5", "csrf_token": token})
    assert r.status_code == 400 and "当前密码不正确" in r.text
    r = here.post("/account/password", data={"current": PASSWORD, "new": "changer-2", "again": "changer-2",
                                             "csrf_token": token})
    assert r.status_code == 400 and "10" in r.text
    r = here.post("/account/password", data={"current": PASSWORD, "new": "brand-new-pass-5",
                                             "again": "brand-new-pass-5", "csrf_token": token})
    assert r.status_code == 303
    assert here.get("/api/me").status_code == 200
    assert elsewhere.get("/api/me").status_code == 401
    assert login(TestClient(site.app, follow_redirects=False), "changer", "brand-new-pass-5").status_code == 303


def test_idle_and_absolute_timeouts(site: Site) -> None:
    _new_user(site, "sleeper")
    c = site.client("sleeper")
    with site.store.engine.begin() as conn:  # an hour and a half without a request
        conn.execute(T.sessions.update().where(T.sessions.c.user_id == _uid(site, "sleeper"))
                     .values(last_seen_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=90)))
    assert c.get("/api/me").status_code == 401
    c = site.client("sleeper")
    with site.store.engine.begin() as conn:  # active, but logged in nine hours ago
        conn.execute(T.sessions.update().where(T.sessions.c.user_id == _uid(site, "sleeper"))
                     .values(created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=9)))
    assert c.get("/api/me").status_code == 401
    short = create_app(site.store, secret="s" * 40, session_max_age=60, session_idle=30)
    assert short.state.auth.idle == 30


def _uid(site: Site, name: str) -> int:
    with site.store.engine.connect() as conn:
        return int(conn.execute(sa.select(T.users.c.id).where(T.users.c.username == name)).scalar_one())


def test_api_tokens_are_named_listed_and_revoked_one_by_one(site: Site) -> None:
    _new_user(site, "robot")
    c = TestClient(site.app, follow_redirects=False)
    first = c.post("/api/token", json={"username": "robot", "password": PASSWORD, "name": "上报脚本", "days": 7})
    second = c.post("/api/token", json={"username": "robot", "password": PASSWORD, "name": "大屏"})
    assert first.status_code == 200 and second.status_code == 200
    t1, t2 = first.json()["token"], second.json()["token"]
    h1, h2 = {"Authorization": f"Bearer {t1}"}, {"Authorization": f"Bearer {t2}"}
    listed = c.get("/api/tokens", headers=h1).json()
    assert [t["name"] for t in listed] == ["上报脚本", "大屏"] and all(t["state"] == "有效" for t in listed)
    assert t1 not in str(listed)  # the secret is never listed
    # revoke the first: it stops at once, the second keeps working
    assert c.delete(f"/api/tokens/{listed[0]['id']}", headers=h2).status_code == 200
    r = c.get("/api/me", headers=h1)
    assert r.status_code == 401 and r.json()["code"] == "login-required" and "撤销" in r.json()["detail"]
    assert c.get("/api/me", headers=h2).status_code == 200
    # an expired token is refused
    with site.store.engine.begin() as conn:
        conn.execute(T.api_tokens.update().where(T.api_tokens.c.id == listed[1]["id"])
                     .values(expires_at=dt.datetime(2020, 1, 1)))
    assert c.get("/api/me", headers=h2).status_code == 401
    # another user's token id cannot be revoked
    admin_tok = c.post("/api/token", json={"username": "admin", "password": PASSWORD}).json()["token"]
    r = c.delete(f"/api/tokens/{listed[1]['id']}", headers={"Authorization": f"Bearer {admin_tok}"})
    assert r.status_code == 404


def test_account_page_creates_shows_once_and_revokes_tokens(site: Site) -> None:
    _new_user(site, "pager")
    c = site.client("pager")
    token = csrf_of(c.get("/account").text)
    page = c.post("/account/tokens", data={"name": "<b>x</b>", "days": "3", "csrf_token": token}).text
    assert "ecv_" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    secret = page.split("<code>")[1].split("</code>")[0]
    assert "ecv_" not in c.get("/account").text  # shown once
    api = TestClient(site.app)
    assert api.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    tid = c.get("/api/tokens").json()[0]["id"]
    assert c.post(f"/account/tokens/{tid}/revoke", data={"csrf_token": token}).status_code == 303
    assert api.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    r = c.post("/account/tokens", data={"name": "n", "days": "9999", "csrf_token": token})
    assert r.status_code == 400 and "有效期" in r.text


def test_cli_manages_tokens_and_accounts(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ecociv.cli import app

    monkeypatch.setenv("ECOCIV_DATABASE_URL", site.url)
    run = CliRunner().invoke
    r = run(app, ["user", "add", "cli-bot", "--password", "cli-bot-secret"])
    assert isinstance(r.exception, InputError) and "不能包含用户名" in r.exception.message
    r = run(app, ["user", "add", "clibot", "--password", "a-fine-password-1"])
    assert r.exit_code == 0, r.output
    r = run(app, ["user", "tokens", "add", "clibot", "--name", "夜间任务", "--days", "2"])
    assert r.exit_code == 0 and "ecv_" in r.output
    r = run(app, ["user", "tokens", "list", "clibot"])
    assert r.exit_code == 0 and "夜间任务" in r.output and "有效" in r.output
    tid = r.output.split()[0]
    r = run(app, ["user", "tokens", "revoke", "clibot", tid])
    assert r.exit_code == 0 and "已撤销" in r.output
    assert "已撤销" in run(app, ["user", "tokens", "list", "clibot"]).output
    assert run(app, ["user", "disable", "clibot"]).exit_code == 0
    assert "已停用" in run(app, ["user", "list"]).output
    assert run(app, ["user", "enable", "clibot"]).exit_code == 0
    assert run(app, ["user", "delete", "clibot"]).exit_code == 0
    r = run(app, ["user", "delete", "clibot"])
    assert isinstance(r.exception, NotFoundError) and "不存在" in r.exception.message
