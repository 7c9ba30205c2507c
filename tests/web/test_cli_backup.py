"""``ecociv user …``, ``backup`` and ``restore``: through CliRunner and as real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from tests.conftest import HUICHANG, REPO
from typer.testing import CliRunner

from ecociv.cli import app
from ecociv.store import open_store
from ecociv.store import tables as T

ECOCIV = REPO / ".venv" / "bin" / "ecociv"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=120)


def _save_huichang(url: str | None = None) -> int:
    from ecociv.importers import read_plan

    return int(open_store(url).save_plan(read_plan(HUICHANG)))


def test_user_commands() -> None:
    _save_huichang()
    r = CliRunner().invoke(app, ["user", "add", "root", "--role", "admin", "--password", "long-password-1"])
    assert r.exit_code == 0 and "已创建用户 root" in r.output
    r = CliRunner().invoke(app, ["user", "add", "ed", "--role", "editor", "--region", "会昌县"],
                           env={"ECOCIV_PASSWORD": "long-password-2"})
    assert r.exit_code == 0 and "会昌县" in r.output
    r = CliRunner().invoke(app, ["user", "list"])
    assert "root\t管理员" in r.output and "ed\t编辑\t会昌县" in r.output
    from ecociv.web import Accounts

    acc = Accounts(open_store().engine)
    assert acc.authenticate("ed", "long-password-2", "test").role == "editor"
    r = CliRunner().invoke(app, ["user", "passwd", "ed", "--password", "new-password-3"])
    assert r.exit_code == 0
    assert acc.authenticate("ed", "new-password-3", "test").username == "ed"
    with open_store().engine.connect() as c:
        stored = c.execute(sa.select(T.users.c.password_hash).where(T.users.c.username == "ed")).scalar()
    assert stored.startswith("$argon2") and "new-password-3" not in stored
    actions = [(e.action, e.username) for e in open_store().audit_log(entity="user")]
    assert ("create", "cli") in actions and ("password", "cli") in actions


def test_user_errors_are_chinese_and_exit_2() -> None:
    _save_huichang()
    r = _run("user", "add", "x", "--role", "boss", "--password", "long-password-1")
    assert r.returncode == 2 and r.stderr.startswith("错误：") and "角色" in r.stderr and "Traceback" not in r.stderr
    r = _run("user", "add", "x", "--role", "editor", "--region", "火星", "--password", "long-password-1")
    assert r.returncode == 2 and "火星" in r.stderr and "会昌县" in r.stderr
    r = _run("user", "add", "x", "--password", "short")
    assert r.returncode == 2 and "10" in r.stderr
    r = _run("user", "passwd", "ghost", "--password", "long-password-1")
    assert r.returncode == 2 and "ghost" in r.stderr


def test_sqlite_backup_and_restore(tmp_path: Path) -> None:
    pid = _save_huichang()
    r = _run("user", "add", "root", "--role", "admin", "--password", "long-password-1")
    assert r.returncode == 0
    out = tmp_path / "backup" / "ecociv.bak"
    r = _run("backup", "-o", str(out))
    assert r.returncode == 0 and "已备份到" in r.stdout
    assert out.read_bytes()[:16] == b"SQLite format 3\x00"
    # change the database after the backup, then restore: the change is gone, the backup's data is back
    store = open_store()
    store.delete_plan(pid)
    assert store.list_plans() == []
    r = _run("restore", str(out))
    assert r.returncode == 0 and "已从" in r.stdout, r.stderr
    store = open_store()
    assert [s.title for s in store.list_plans()] and store.get_plan(pid).region == "会昌县"
    r = _run("user", "list")
    assert "root" in r.stdout


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    _save_huichang()
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a database at all")
    r = _run("restore", str(junk))
    assert r.returncode == 2 and "不是" in r.stderr
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    r = _run("restore", str(other))
    assert r.returncode == 2 and "plans" in r.stderr
    assert open_store().list_plans()  # nothing lost
    r = _run("restore", str(tmp_path / "missing.bak"))
    assert r.returncode == 2 and "不存在" in r.stderr


def test_restore_of_an_older_schema_migrates(tmp_path: Path) -> None:
    from alembic import command

    from ecociv.backup import backup, restore
    from ecociv.store._engine import alembic_config, make_engine

    old_url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(old_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")  # the first schema version
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO regions (id, name) VALUES (1, '旧县')"))
        conn.execute(sa.text("INSERT INTO plans (id, title, region_id, region_detail, stage_years, imported_at) "
                             "VALUES (1, '旧规划', 1, 0, '[]', '2024-01-01 00:00:00')"))
    engine.dispose()
    bak = backup(tmp_path / "old.bak", old_url)
    new_url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    open_store(new_url)  # a database at the newest schema, to be replaced
    restore(bak, new_url)
    engine = make_engine(new_url)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        titles = conn.execute(sa.text("SELECT title FROM plans")).scalars().all()
    engine.dispose()
    from ecociv.store._engine import head_revision

    assert version == head_revision() != "0001"
    assert titles == ["旧规划"]
    assert open_store(new_url).list_plans()[0].title == "旧规划"


@pytest.mark.postgres
def test_postgres_backup_and_restore(postgres_url: str, tmp_path: Path) -> None:
    from ecociv.backup import backup, restore

    pid = _save_huichang(postgres_url)
    bak = backup(tmp_path / "pg.dump", postgres_url)
    assert bak.read_bytes()[:5] == b"PGDMP"
    store = open_store(postgres_url)
    store.delete_plan(pid)
    assert store.list_plans() == []
    store.engine.dispose()
    restore(bak, postgres_url)
    store = open_store(postgres_url)
    assert store.get_plan(pid).region == "会昌县"
    assert len(store.get_plan(pid).indicators()) > 20
    store.engine.dispose()


def test_demo_creates_the_documented_account() -> None:
    r = _run("demo", env={"ECOCIV_DEMO_SERVE": "0"})
    assert r.returncode == 0, r.stderr
    assert "用户名 demo" in r.stdout and "密码 ecociv-shifan" in r.stdout and "http://127.0.0.1:8000/" in r.stdout
    from ecociv.web import Accounts

    user = Accounts(open_store().engine).authenticate("demo", "ecociv-shifan", "test")
    assert user.role == "admin"
    again = _run("demo", env={"ECOCIV_DEMO_SERVE": "0"})
    assert again.returncode == 0 and "已存在" in again.stdout


def test_serve_answers_on_loopback() -> None:
    import socket
    import time

    import httpx

    _save_huichang()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(ECOCIV), "serve", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert r.status_code == 200 and "登录" in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/style.css").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=False).status_code == 303
    finally:
        proc.terminate()
        proc.wait(timeout=30)
