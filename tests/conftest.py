"""Shared fixtures: the sample plans (read from ../shared by tests only) and an isolated database."""

from __future__ import annotations

from pathlib import Path

import pytest

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
