"""The light read path of ``ecociv show`` (``sqlite3``) gives the plan the store gives, and
finds plans as the store does, with the same messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ecociv.cli._plans import sample_plans
from ecociv.errors import NotFoundError
from ecociv.model import Plan
from ecociv.store import Store, open_store
from ecociv.store._plan_read import plan_to_show


def _save_samples(store: Store) -> list[int]:
    return [store.save_plan(plan, user="sample") for plan in sample_plans()]


def _outcome(call: Callable[[], object]) -> str:
    """The title of the plan found, or the message saying why none was."""
    try:
        found = call()
    except NotFoundError as exc:
        return f"error: {exc.message}"
    plan = getattr(found, "plan", found)
    assert isinstance(plan, Plan)
    return plan.title


def test_light_plan_is_the_stored_plan(tmp_path: Path) -> None:
    url = os.environ["ECOCIV_DATABASE_URL"]
    store = open_store(url)
    try:
        ids = _save_samples(store)
        subs = 0
        for plan_id in ids:
            full = store.get_plan(plan_id)
            light = plan_to_show(str(plan_id), url)
            assert light is not None
            assert light.plan == store.get_plan(plan_id, indicators_only=True)
            assert (light.n_tasks, light.n_projects) == (len(full.tasks), len(full.projects))
            subs += sum(len(r.sub_indicators) for t in light.plan.indicator_tables for r in t.rows)
            for ref in (full.region, full.title):
                found = plan_to_show(ref, url)
                assert found is not None and found.plan.title == full.title
        assert subs > 0  # the samples have sub-indicators: they are rebuilt under their parents
        outcomes = set()
        for ref in ("999", "12", "生态", "规划", "没有", "%", "_", "/", "示例%区", "2024", "１"):
            outcome = _outcome(lambda r=ref: plan_to_show(r, url))
            assert outcome == _outcome(lambda r=ref: store.get_plan(r)), ref
            outcomes.add(outcome)
        assert "error: 没有编号为 999 的规划（用 ecociv plans 查看已保存的规划）" in outcomes
        assert any(o.startswith("error: “规划”对应多个规划，请用编号指定：") for o in outcomes)
    finally:
        store.engine.dispose()


def test_light_path_is_not_taken_on_other_databases(tmp_path: Path) -> None:
    assert plan_to_show("1", f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None
    assert not (tmp_path / "missing.sqlite3").exists()  # the light path creates nothing
    assert plan_to_show("1", "postgresql+psycopg://nobody@localhost/none") is None
    assert plan_to_show("1", "sqlite://") is None


def test_light_path_does_not_load_sqlalchemy(tmp_path: Path) -> None:
    import subprocess

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    store = open_store(url)
    _save_samples(store)
    store.engine.dispose()
    code = (
        "import sys; from ecociv.store._plan_read import plan_to_show; "
        f"p = plan_to_show('1', {url!r}); print(p.plan.title, 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split()[-1] == "False"


@pytest.mark.parametrize("ref", ["1", " 1 "])
def test_reference_is_stripped_like_the_store(ref: str) -> None:
    url = os.environ["ECOCIV_DATABASE_URL"]
    store = open_store(url)
    try:
        _save_samples(store)
        light = plan_to_show(ref, url)
        assert light is not None and light.plan.title == store.get_plan(ref).title
    finally:
        store.engine.dispose()
