"""Backup and restore of the whole database.

* SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot while
  the dashboard keeps running; a restore copies the file back the same way.
* PostgreSQL: PostgreSQL's own tools, ``pg_dump --format=custom`` and ``pg_restore --no-owner``
  into an emptied ``public`` schema (the tools must be on ``PATH`` or in
  ``/usr/lib/postgresql/*/bin``, same major version as the server or newer).

After a restore the schema is brought to the newest migration (``alembic upgrade head``), so a
backup taken by an older version of ecociv restores into a newer one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from ecociv.errors import InputError, os_reason
from ecociv.store._engine import default_database_url, make_engine, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if not u.drivername.startswith("sqlite"):
        return None
    if not u.database or u.database == ":memory:":
        raise InputError("内存数据库无法备份或恢复")
    return Path(u.database).expanduser()


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, the password passed through the environment."""
    u = make_url(url)
    args = []
    if u.host:
        args += ["--host", u.host]
    if u.port:
        args += ["--port", str(u.port)]
    if u.username:
        args += ["--username", u.username]
    host = dict(u.query).get("host")
    if host and not u.host:
        args += ["--host", str(host)]
    args += ["--dbname", str(u.database or "")]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        for cand in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
            return str(cand)
        raise InputError(f"找不到 PostgreSQL 工具 {name}：请安装 postgresql-client（与服务器同版本或更新）")
    return path


def backup(output: Path, url: str | None = None) -> Path:
    """Write a backup of the database at ``url`` (default: the configured one) to ``output``."""
    url = url or default_database_url()
    output = Path(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"无法写入备份文件 {output}：{os_reason(exc)}") from exc
    src_path = _sqlite_path(url)
    if src_path is not None:
        if not src_path.exists():
            raise InputError(f"数据库文件不存在：{src_path}")
        tmp = output.with_name(output.name + ".part")
        try:
            tmp.unlink(missing_ok=True)
            src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            tmp.replace(output)
        except OSError as exc:
            raise InputError(f"无法写入备份文件 {output}：{os_reason(exc)}") from exc
        except sqlite3.Error as exc:  # sqlite's messages are English ("unable to open database file")
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)  # a half-written copy
            raise InputError(f"无法写入备份文件 {output}：该位置不能建立数据库文件（请检查文件夹是否可写、磁盘空间是否足够）") from exc
        return output
    args, env = _pg_args(url)
    proc = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(output), *args],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise InputError(f"pg_dump 失败：{proc.stderr.strip()[:500]}")
    return output


def restore(source: Path, url: str | None = None) -> None:
    """Replace the database at ``url`` with the backup ``source``, then migrate it to the newest schema."""
    url = url or default_database_url()
    source = Path(source)
    if not source.is_file():
        raise InputError(f"备份文件不存在：{source}")
    head = source.read_bytes()[:16]
    dst_path = _sqlite_path(url)
    if dst_path is not None:
        if not head.startswith(SQLITE_MAGIC):
            raise InputError(f"{source} 不是 SQLite 备份文件（当前数据库为 SQLite）")
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{source} 已损坏，无法作为 SQLite 数据库读取") from exc
        finally:
            check.close()
        if "plans" not in tables:
            raise InputError(f"{source} 不是 ecociv 的数据库备份（缺少 plans 表）")
        dst_path.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(dst_path)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise InputError(f"{source} 不是 pg_dump 自定义格式的备份文件（当前数据库为 PostgreSQL）")
        # empty the schema first: tables of a newer schema than the backup's must go too
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        finally:
            engine.dispose()
        args, env = _pg_args(url)
        proc = subprocess.run([_tool("pg_restore"), "--no-owner", "--single-transaction", *args, str(source)],
                              env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise InputError(f"pg_restore 失败：{proc.stderr.strip()[:500]}")
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
