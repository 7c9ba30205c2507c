"""Where the database is, how to connect to it, and bringing its schema to the newest migration."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv.errors import InputError

if TYPE_CHECKING:  # Alembic loads only when a database needs migrating; SQLAlchemy when one is opened
    from alembic.config import Config
    from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 0x6563_6F63  # "ecoc"


def ecociv_home() -> Path:
    """``$ECOCIV_HOME``, default ``~/.local/share/ecociv``."""
    home = os.environ.get("ECOCIV_HOME")
    return Path(home).expanduser() if home else Path.home() / ".local" / "share" / "ecociv"


def default_database_url() -> str:
    """``$ECOCIV_DATABASE_URL``, else a SQLite file ``$ECOCIV_HOME/ecociv.sqlite3``."""
    url = os.environ.get("ECOCIV_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{ecociv_home() / 'ecociv.sqlite3'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(
            f"数据库地址无法识别：{url}（应为 SQLAlchemy 地址，如 sqlite:///路径 或 postgresql+psycopg://…）"
        ) from exc
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (pysqlite runs DDL outside transactions)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    import fcntl

    with open(f"{Path(path).expanduser()}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=\n]*)?=\s*["']([^"'\n]+)["']""", re.M)


@cache
def head_revision() -> str | None:
    """The newest shipped migration, read from the migration files without loading Alembic.

    ``None`` when the files do not name exactly one head (e.g. a merge): Alembic then decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for kind, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamp(engine: Engine) -> list[str] | None:
    """The revisions the database is stamped with (``alembic_version``); None when it has none yet."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except SQLAlchemyError:  # no table yet, or the server is unreachable: the upgrade says why
        return None


def upgrade(engine: Engine) -> None:
    """Bring ``engine``'s database to the newest migration.

    Opening a database costs one query: its stamp is compared with the newest shipped migration
    (read from the migration files) and Alembic loads only when the database is behind — then a
    line on the ``ecociv.store`` logger (shown on stderr) says that the schema is being upgraded.
    """
    stamp = _stamp(engine)
    head = head_revision()
    if head is not None and stamp == [head]:
        return
    if stamp:
        where = engine.url.render_as_string(hide_password=True)
        logging.getLogger("ecociv.store").warning(
            "数据库 %s 的结构版本为 %s，正在升级到 %s ……", where, "、".join(stamp), head or "最新版本"
        )
    from alembic import command
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import NullPool

    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    # SQLite: a connection of its own without ``foreign_keys=ON``, so that a migration that
    # rebuilds a table (batch mode) does not cascade-delete the rows that reference it.
    target = create_engine(engine.url, poolclass=NullPool, connect_args={"timeout": 30}) if sqlite else engine
    try:
        with _sqlite_file_lock(engine), target.begin() as conn:
            if (
                not sqlite and conn.dialect.name == "postgresql"
            ):  # two processes on a new database: one migrates
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise InputError(f"无法连接或初始化数据库 {where}：{reason}") from exc
    finally:
        if target is not engine:
            target.dispose()
