"""Which audit entries a user may read: admins all; others the entries about plans of their own
region (or its child regions) and their own actions — never other regions' or other accounts' entries."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ecociv.store import tables as T
from ecociv.web._accounts import User


def _plan_of_observations(engine: sa.Engine, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    stmt = (sa.select(T.observations.c.id, T.indicator_tables.c.plan_id)
            .join(T.indicators, T.indicators.c.id == T.observations.c.indicator_id)
            .join(T.indicator_tables, T.indicator_tables.c.id == T.indicators.c.table_id)
            .where(T.observations.c.id.in_(ids)))
    with engine.connect() as c:
        return {int(o): int(p) for o, p in c.execute(stmt)}


def _plan_id(entry: Any, observation_plans: dict[int, int]) -> int | None:
    if entry.entity == "plan":
        return int(entry.entity_id) if entry.entity_id is not None else None
    if entry.entity == "observation" and entry.entity_id is not None:
        return observation_plans.get(int(entry.entity_id))
    for side in (entry.new, entry.old):
        if isinstance(side, dict) and isinstance(side.get("plan_id"), int):
            return int(side["plan_id"])
    return None


def visible_audit(store: Any, views: Any, user: User, limit: int, entity: str | None) -> list[Any]:
    """The newest ``limit`` audit entries ``user`` may read."""
    if user.role == "admin":
        return list(store.audit_log(limit=limit, entity=entity))
    entries = store.audit_log(limit=min(limit * 10, 5000), entity=entity)
    obs = _plan_of_observations(store.engine, [int(e.entity_id) for e in entries
                                               if e.entity == "observation" and e.entity_id is not None])
    regions: dict[int, tuple[str, str | None]] = {}
    out = []
    for e in entries:
        pid = _plan_id(e, obs)
        if pid is None:
            ok = e.username == user.username
        else:
            region, parent = regions.setdefault(pid, views.region_of(pid))
            ok = bool(user.region) and user.region in (region, parent)
        if ok:
            out.append(e)
            if len(out) >= limit:
                break
    return out
