"""A store with the 赣县区 work plan (tasks with 责任单位), an office editor and two unit accounts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from tests.conftest import GANXIAN

PASSWORD = "correct-horse-42"
#: two units of the sample plan, and an alias of the first (resolved through the alias table)
UNIT_A = "区发展改革委"
UNIT_B = "区生态环境局"


@dataclass
class Cycle:
    store: Any
    plan_id: int
    region: str


def build_cycle(url: str) -> Cycle:
    from ecociv.importers import read_plan
    from ecociv.store import open_store
    from ecociv.web import Accounts
    from ecociv.workflow import add_user_unit

    store = open_store(url)
    plan = read_plan(GANXIAN)
    pid = store.save_plan(plan, user="test")
    acc = Accounts(store.engine)
    acc.add("admin", PASSWORD, "admin")
    acc.add("office", PASSWORD, "editor", plan.region)
    acc.add("fgw", PASSWORD, "viewer")
    acc.add("sthj", PASSWORD, "viewer")
    add_user_unit(store, "fgw", UNIT_A, user="test")
    add_user_unit(store, "sthj", UNIT_B, user="test")
    return Cycle(store, pid, plan.region)


@pytest.fixture
def cycle(database_url: str) -> Iterator[Cycle]:
    c = build_cycle(database_url)
    try:
        yield c
    finally:
        c.store.engine.dispose()
