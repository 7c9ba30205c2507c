"""Points 7 and 10: security headers, no inline script, Secure cookies over HTTPS, forwarded headers
only from trusted proxies, the body limit enforced while streaming, Chinese errors with a code."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORD, Site, csrf_of, login

from ecociv.web import create_app

TEMPLATES = __import__("ecociv.web", fromlist=["x"]).__path__[0] + "/templates"


def test_every_response_has_the_security_headers(site: Site) -> None:
    c = site.client("viewer")
    for path in ("/", "/login", "/api/me", "/static/style.css", "/no-such-page", f"/plans/{site.plans['huichang']}"):
        r = c.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    from pathlib import Path

    for path in Path(TEMPLATES).glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert not re.search(r"\son[a-z]+\s*=", text), path.name
        assert "javascript:" not in text and "<style" not in text and " style=" not in text, path.name


def test_unknown_pages_and_api_errors_are_chinese_with_a_code(site: Site) -> None:
    c = site.client("viewer")
    r = c.get("/no-such-page")
    assert r.status_code == 404 and "页面或接口不存在" in r.text and "Not Found" not in r.text
    r = c.get("/api/no-such-thing")
    assert r.status_code == 404 and r.json() == {"detail": "页面或接口不存在", "code": "not-found"}
    r = c.put("/api/me")
    assert r.status_code == 405 and r.json()["code"] == "method-not-allowed" and "不支持" in r.json()["detail"]
    r = TestClient(site.app).get("/api/me")
    assert r.status_code == 401 and r.json()["code"] == "login-required"


class _Boom(Exception):
    pass


@pytest.fixture
def crashing(site: Site) -> Iterator[TestClient]:
    app = create_app(site.store, secret="crash-" + "c" * 30)

    @app.get("/api/boom")
    def boom() -> None:
        raise _Boom("internal detail that must not leak")

    @app.get("/boom")
    def boom_page() -> None:
        raise _Boom("internal detail that must not leak")

    c = TestClient(app, raise_server_exceptions=False)
    assert login(c, "viewer", PASSWORD).status_code in (200, 303)
    yield c


def test_a_crash_is_a_chinese_500_without_internals(crashing: TestClient) -> None:
    r = crashing.get("/api/boom")
    assert r.status_code == 500 and r.json()["code"] == "server-error" and "服务器内部错误" in r.json()["detail"]
    r = crashing.get("/boom")
    assert r.status_code == 500 and "服务器内部错误" in r.text and "internal detail" not in r.text


def test_cookies_are_secure_over_https_through_a_trusted_proxy_only(site: Site) -> None:
    app = create_app(site.store, secret="proxy-" + "p" * 30, trusted_proxies=["10.0.0.1"])
    fwd = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    behind = TestClient(app, follow_redirects=False, client=("10.0.0.1", 1234), headers=fwd,
                        base_url="https://testserver")
    token = csrf_of(behind.get("/login").text)
    r = behind.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303 and "secure" in r.headers["set-cookie"].lower()
    spoofer = TestClient(app, follow_redirects=False, client=("198.51.100.9", 1234), headers=fwd)
    token = csrf_of(spoofer.get("/login").text)
    r = spoofer.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303 and "secure" not in r.headers["set-cookie"].lower()


def test_spoofed_forwarded_for_does_not_escape_the_address_limit(site: Site) -> None:
    app = create_app(site.store, secret="spoof-" + "q" * 30)  # no trusted proxy
    c = TestClient(app, follow_redirects=False, client=("198.51.100.20", 1))
    codes = []
    for i in range(9):
        token = csrf_of(c.get("/login").text)
        r = c.post("/login", headers={"X-Forwarded-For": f"192.0.2.{i}"},
                   data={"username": f"nobody{i}", "password": "not-the-password", "csrf_token": token})
        codes.append(r.status_code)
    assert codes[-1] == 429, codes
    entries = [e for e in site.store.audit_log(limit=200, entity="user") if e.action == "lockout"]
    assert any("198.51.100.20" in str(e.new) for e in entries)


def test_serve_takes_trusted_proxies_and_refuses_bad_ones() -> None:
    from ecociv.errors import InputError
    from ecociv.web._security import parse_proxies

    assert [str(n) for n in parse_proxies(["10.0.0.5", "192.168.0.0/24,::1"])] == [
        "10.0.0.5/32", "192.168.0.0/24", "::1/128"]
    with pytest.raises(InputError, match="可信代理地址"):
        parse_proxies(["proxy.example"])


def test_body_limit_is_enforced_while_streaming(site: Site) -> None:
    """A body without Content-Length is counted chunk by chunk at the ASGI level and refused (413)
    as soon as it passes the limit: the rest is never read."""
    import asyncio

    app = create_app(site.store, secret="limit-" + "l" * 30, max_body=64 * 1024)
    read = 0
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": read < 10_000}  # 10 MB in all

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/login", "raw_path": b"/login", "query_string": b"",
             "root_path": "", "headers": [(b"host", b"testserver"),
                                          (b"content-type", b"application/x-www-form-urlencoded")],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert read < 100  # refused after about 64 KB, long before the 10 MB
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")  # type: ignore[misc]
    assert "过大" in body.decode()


def test_declared_length_above_the_limit_is_refused_at_once(site: Site) -> None:
    app = create_app(site.store, secret="limit2-" + "l" * 30, max_body=64 * 1024)
    c = TestClient(app, follow_redirects=False)
    assert login(c, "admin", PASSWORD).status_code == 303
    r = c.post(f"/api/plans/{site.plans['huichang']}/observations", content=b"[" + b"1," * 100_000 + b"1]",
               headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "body-too-large" and "MB" in r.json()["detail"]
    token = csrf_of(c.get(f"/plans/{site.plans['huichang']}/upload").text)
    r = c.post(f"/plans/{site.plans['huichang']}/upload", data={"csrf_token": token},
               files={"file": ("big.csv", b"a,b\n" * 50_000, "text/csv")})
    assert r.status_code == 413 and "过大" in r.text


def test_serve_on_a_busy_port_says_so_in_chinese_with_exit_2() -> None:
    import socket
    import subprocess

    from tests.conftest import REPO

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run([str(REPO / ".venv/bin/ecociv"), "serve", "--port", str(port)],
                           capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.startswith("错误：") and "已被占用" in r.stderr and "Traceback" not in r.stderr
