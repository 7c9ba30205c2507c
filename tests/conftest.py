"""Shared fixtures: the sample plans (read from ../shared by tests only) and an isolated database."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed, so a run is reproducible and a red CI is never a
# roll of the dice; locally every run explores new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

if TYPE_CHECKING:
    from ecociv.store import Store

#: Shared fixtures in their own modules (the ``browser`` fixture for browser tests).
pytest_plugins = ["tests._browser"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PLANS = SHARED / "plans"
SCHEMA = SHARED / "contracts" / "plan.schema.json"

HUICHANG = PLANS / "huichang-eco-civilization-plan-2023-2030.txt"
YICHUN = PLANS / "yichun-14th-five-year-eco-env-plan.txt"
GANXIAN = PLANS / "ganxian-beautiful-ganzhou-workplan-2024.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's default database."""
    monkeypatch.setenv("ECOCIV_DATABASE_URL", f"sqlite:///{tmp_path / 'ecociv.sqlite3'}")
    monkeypatch.setenv("ECOCIV_HOME", str(tmp_path / "home"))


# --- databases: every store test runs on SQLite and on a real PostgreSQL server -------------------

_PG_TIMEOUT = 60


def _postgres_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


class _Cluster:
    """A throwaway PostgreSQL cluster in a temp dir, reached through a unix socket only."""

    def __init__(self) -> None:
        self.dir: Path | None = None
        self.prefix: list[str] = []
        self.bindir: Path | None = None

    def start(self) -> str:
        bindir = _postgres_bindir()
        if bindir is None:
            raise RuntimeError("未找到 PostgreSQL（initdb）；请安装 Debian 的 postgresql 软件包")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="ecociv-pg-"))
        if os.geteuid() == 0:  # postgres refuses to run as root: run it as the postgres user
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError("以 root 运行但系统没有 postgres 用户，无法启动 PostgreSQL") from exc
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            self.prefix = [runuser, "-u", "postgres", "--"]
        data, log = self.dir / "data", self.dir / "server.log"
        self._run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        opts = f"-k {self.dir} -c listen_addresses='' -F -c fsync=off -c full_page_writes=off"
        self._run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(log),
            "-w",
            "-t",
            str(_PG_TIMEOUT),
            "start",
        )
        return f"postgresql+psycopg://postgres@/postgres?host={self.dir}"

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=_PG_TIMEOUT + 30)
        if done.returncode != 0:
            log = self.dir / "server.log" if self.dir else None
            tail = log.read_text(errors="replace")[-800:] if log and log.exists() else ""
            raise RuntimeError(f"{Path(args[0]).name} 失败：{done.stderr.strip()[-800:]} {tail}")

    def stop(self) -> None:
        if self.dir is None or self.bindir is None:
            return
        if (self.dir / "data" / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self.prefix,
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.dir / "data"),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL database where tests may CREATE DATABASE.

    ``$ECOCIV_TEST_POSTGRES_URL`` if set; otherwise a cluster started for this session.  When no
    server can be had the PostgreSQL tests skip, saying why — except under ``CI=true``, where they fail.
    """
    env = os.environ.get("ECOCIV_TEST_POSTGRES_URL")
    if env:
        yield env
        return
    cluster = _Cluster()
    try:
        url = cluster.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        cluster.stop()
        reason = f"无法启动 PostgreSQL，跳过 PostgreSQL 测试：{exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须运行 PostgreSQL 测试，但{reason}")
        pytest.skip(reason)
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ecociv_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend in turn: SQLite file, then real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An open, migrated store on each backend in turn."""
    from ecociv.store import open_store

    s = open_store(database_url)
    try:
        yield s
    finally:
        s.engine.dispose()
