"""The plan list's light read path (``plan_summaries``): the same rows as ``Store.list_plans``,
without SQLAlchemy on a current SQLite file, and a database behind the newest migration is still
upgraded (and says so)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from ecociv.cli._plans import sample_plans
from ecociv.store import PlanSummary, open_store, plan_summaries

from ._plans import rich_plan


def _filled(url: str) -> list[PlanSummary]:
    """Saves the sample plans (tables with sub-rows, tasks, projects), a plan with every field and
    one without a period; returns ``Store.list_plans``."""
    store = open_store(url)
    try:
        store.save_plans(sample_plans())
        store.save_plan(rich_plan())
        plain = rich_plan("没有期限的规划", "某县")
        plain.period = None
        plain.base_year = None
        plain.kind = None
        plain.stage_years = []
        store.save_plan(plain)
        return store.list_plans()
    finally:
        store.engine.dispose()


def test_light_path_gives_the_rows_of_the_store(database_url: str) -> None:
    full = _filled(database_url)
    light = plan_summaries(database_url)
    assert light == full
    assert len(light) == 5 and any(s.n_sub_indicators for s in light) and all(s.n_tasks for s in light)
    assert any(s.period is None and s.stage_years == [] for s in light)
    assert all(s.imported_at is not None and s.imported_at.year >= 2024 for s in light)


def test_light_path_on_a_current_sqlite_file_does_not_load_sqlalchemy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    expected = [(s.id, s.title, s.n_indicators, s.n_sub_indicators) for s in _filled(url)]
    code = (
        "import sys; from ecociv.store import plan_summaries; "
        f"rows = [(s.id, s.title, s.n_indicators, s.n_sub_indicators) for s in plan_summaries({url!r})]; "
        "print(repr(rows)); print('sqlalchemy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rows, loaded = done.stdout.strip().splitlines()
    assert rows == repr(expected)
    assert loaded == "False"


def test_a_new_database_is_created_by_the_full_path(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "new.sqlite3"
    assert plan_summaries(f"sqlite:///{db}") == []
    assert db.exists()  # created and migrated, as open_store does


def test_a_database_behind_is_upgraded_and_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from alembic import command

    from ecociv.store._engine import alembic_config, head_revision, make_engine

    db = tmp_path / "old.sqlite3"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    engine.dispose()
    with caplog.at_level(logging.WARNING, logger="ecociv.store"):
        assert plan_summaries(url) == []
    assert f"结构版本为 0004，正在升级到 {head_revision()}" in caplog.text
    caplog.clear()
    full = _filled(url)
    with caplog.at_level(logging.WARNING, logger="ecociv.store"):
        assert plan_summaries(url) == full
    assert caplog.text == ""  # at the newest version: nothing to say, nothing done
