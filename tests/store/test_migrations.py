"""The shipped migrations build exactly the schema that ``ecociv.store.tables`` describes."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from ecociv.errors import InputError
from ecociv.store import default_database_url, open_store, tables
from ecociv.store._engine import alembic_config


def test_migrated_database_matches_the_tables_module(database_url: str) -> None:
    store = open_store(database_url)
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, tables.metadata) == []
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert ctx.get_current_revision() == head
    expected = {
        "regions",
        "plans",
        "indicator_tables",
        "indicators",
        "observations",
        "tasks",
        "task_units",
        "task_quantities",
        "projects",
        "units",
        "unit_aliases",
        "progress",
        "findings",
        "users",
        "audit_log",
        "user_units",
        "rounds",
        "round_reports",
        "report_events",
        "evidence_files",
        "closures",
        "scoring_rules",
        "monitoring_summaries",
    }
    assert expected <= set(inspect(store.engine).get_table_names())
    store.engine.dispose()


def test_opening_twice_is_harmless(database_url: str) -> None:
    open_store(database_url).engine.dispose()
    store = open_store(database_url)
    assert store.list_plans() == []
    store.engine.dispose()


def test_default_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECOCIV_DATABASE_URL")
    monkeypatch.setenv("ECOCIV_HOME", str(tmp_path / "eco home"))
    assert default_database_url() == f"sqlite:///{tmp_path / 'eco home' / 'ecociv.sqlite3'}"
    store = open_store()
    assert (tmp_path / "eco home" / "ecociv.sqlite3").is_file()
    store.engine.dispose()
    monkeypatch.delenv("ECOCIV_HOME")
    assert default_database_url().endswith("/.local/share/ecociv/ecociv.sqlite3")


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="无法连接或初始化数据库"):
        open_store(f"postgresql+psycopg://nobody@/nothing?host={tmp_path}&connect_timeout=2")
    with pytest.raises(InputError, match="数据库地址无法识别"):
        open_store("not a url")


def test_upgrade_keeps_plans_saved_under_an_older_schema(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from ecociv.store._engine import make_engine

    engine = make_engine(database_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO regions (id, name) VALUES (1, '会昌县')"))
        conn.execute(
            text(
                "INSERT INTO plans (id, title, region_id, region_detail, stage_years, imported_at) "
                "VALUES (1, '旧规划', 1, false, '[]', '2024-01-01 00:00:00')"
            )
        )
        conn.execute(text("INSERT INTO tasks (id, plan_id, position, text) VALUES (1, 1, 0, '旧任务')"))
        conn.execute(text("INSERT INTO task_units (task_id, position, unit_name) VALUES (1, 0, '县林业局')"))
    engine.dispose()
    store = open_store(database_url)
    plan = store.get_plan("旧规划")
    assert [(t.text, t.units, t.placeholders) for t in plan.tasks] == [("旧任务", ["县林业局"], [])]
    store.engine.dispose()


def test_processes_opening_a_new_database_at_once_all_succeed(database_url: str) -> None:
    import subprocess
    import sys

    code = "import sys; from ecociv.store import open_store; print(len(open_store(sys.argv[1]).list_plans()))"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
    assert [out.strip() for out, _ in results] == ["0", "0", "0"]


def test_sqlite_store_connections_enforce_foreign_keys(tmp_path: Path) -> None:
    from sqlalchemy import text

    store = open_store(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.engine.dispose()
