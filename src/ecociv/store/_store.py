"""The :class:`Store`: every way the rest of ecociv reads and writes the database."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ecociv.errors import InputError, NotFoundError
from ecociv.model import REGION_LEVELS, TERRAINS, Observation, Plan, Region, plan_problems
from ecociv.store import (
    _carry,
    _engine,
    _history,
    _monitoring,
    _plan_list,
    _plan_load,
    _plan_model,
    _plan_rows,
)
from ecociv.store._history import AuditEntry
from ecociv.store._locks import lock_plan
from ecociv.store._monitoring import MonitoringSummary
from ecociv.store._plan_list import PlanSummary
from ecociv.store.tables import plans, region_editions, regions

if TYPE_CHECKING:  # the ORM loads only for callers that want a session, not for every command
    from sqlalchemy.orm import Session



class SaveListener(Protocol):
    """Told of what :meth:`Store.save_plans` writes, inside its transaction."""

    def saved(self, plan_id: int, plan: Plan, observations: list[Observation]) -> None:
        """A plan is written: ``plan`` as it now reads back from the store (indicators, region;
        a new plan is not read back) and its current observations."""

    def finishing(self, conn: Connection, plan_ids: list[int]) -> None:
        """Every plan is written; the transaction commits next."""


_REGION_BY_ID = select(regions).where(regions.c.id == bindparam("id"))
#: 行政区划代码: 6 digits (GB/T 2260), or the statistical 9/12-digit codes that extend it.
_DIVISION_CODE = re.compile(r"^\d{6}(?:\d{3}|\d{6})?$")


def _refuse_cycle(conn: Connection, region_id: int, parent_id: int | None, name: str) -> None:
    """InputError when ``parent_id`` is ``region_id`` itself or one of the regions under it."""
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        if parent_id == region_id:
            raise InputError(f"地区“{name}”不能设为其下辖地区的下级（上级关系会成环）")
        seen.add(parent_id)
        parent_id = conn.execute(select(regions.c.parent_id).where(regions.c.id == parent_id)).scalar()


class Store:
    """A database holding plans, observations and their history.  Create it with :func:`open_store`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- transactions ---------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session that commits on success and rolls back on any exception."""
        from sqlalchemy.orm import Session

        with Session(self.engine) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- plans ----------------------------------------------------------------------------------

    def save_plan(self, plan: Plan, *, replace: bool = False, user: str | None = None) -> int:
        """Store ``plan`` in one transaction and return its id.

        Numeric baselines become observations of the baseline year (source 规划基准值).  A plan with
        the same title and region already stored is an error unless ``replace``; replacing keeps the
        plan's id and carries recorded observations over to the indicators that keep their key.
        Nothing is stored when any part fails.
        """
        return self.save_plans([plan], replace=replace, user=user)[0]

    def save_plans(self, plans_: Iterable[Plan], *, replace: bool = False, user: str | None = None,
                   listener: SaveListener | None = None) -> list[int]:
        """Store many plans in one transaction (all or none), as :meth:`save_plan` stores one;
        ``listener`` is told of each plan saved and of the end."""
        plan: Plan | None = None
        try:
            with self._tx() as conn:
                ids = []
                for plan in plans_:
                    ids.append(self._save_plan(conn, plan, replace=replace, user=user, listener=listener))
                if listener is not None:
                    listener.finishing(conn, ids)
                return ids
        except (DBAPIError, TypeError, ValueError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            title = plan.title if plan is not None else ""
            raise InputError(f"保存规划“{title}”失败，数据库未作任何改动：{reason}") from exc

    def _save_plan(self, conn: Connection, plan: Plan, *, replace: bool, user: str | None,
                   listener: SaveListener | None) -> int:
        problems = plan_problems(plan)
        if problems:
            raise InputError(f"规划“{str(plan.title)[:60]}”有 {len(problems)} 处取值无效，数据库未作任何改动："
                             + "；".join(problems[:10]))
        lock_plan(conn, None)  # SQLite: the write lock before anything is read
        existing = _plan_rows.find_plan_id(conn, plan.title, plan.region)
        if existing is not None and not replace:
            raise InputError(
                f"数据库中已有同名规划“{plan.title}”（{plan.region}，编号 {existing}）；"
                "如需用新导入的内容替换它，请使用替换选项（命令行：--replace）。"
            )
        values = _plan_rows.plan_values(plan, conn, user)
        if existing is None:
            plan_id = _plan_rows.row_id(conn.execute(plans.insert(), values))
            baselines = _plan_rows.insert_components(conn, plan_id, plan, user)
            _history.write_audit(conn, "create", "plan", plan_id, new=_audit_view(plan), user=user)
            if listener is not None:  # the rows just written: only the region may read back otherwise
                region = conn.execute(_REGION_BY_ID, {"id": values["region_id"]}).one()
                info = _plan_load.stored_region(conn, region) if plan.region_info is not None else None
                listener.saved(plan_id, dataclasses.replace(plan, region_info=info), _history.current_of(baselines))
            return plan_id
        plan_id = existing
        lock_plan(conn, plan_id)  # PostgreSQL: figures being written finish first, then are carried over
        old = _audit_view(_plan_load.load_plan(conn, plan_id))
        kept = _carry.snapshot(conn, plan_id)
        _plan_rows.delete_components(conn, plan_id)
        conn.execute(plans.update().where(plans.c.id == plan_id).values(**values))
        _plan_rows.insert_components(conn, plan_id, plan, user)
        carried = _carry.restore(conn, plan_id, kept, _plan_rows.indicator_ids(conn, plan_id))
        new = {**_audit_view(plan), "carried": carried}
        _history.write_audit(conn, "replace", "plan", plan_id, old=old, new=new, user=user)
        if listener is not None:  # figures carried over: read back
            listener.saved(plan_id, _plan_load.load_plan(conn, plan_id), _history.current_observations(conn, plan_id, None))
        return plan_id

    def list_plans(self) -> list[PlanSummary]:
        with self._tx() as conn:
            return _plan_list.summaries(conn.exec_driver_sql)

    def plan_names(self) -> dict[int, tuple[str, str]]:
        """Plan id -> (title, region) of every plan, in one query (for lists of many plans)."""
        stmt = select(plans.c.id, plans.c.title, regions.c.name).join(regions, regions.c.id == plans.c.region_id)
        with self._tx() as conn:
            return {int(i): (str(t), str(r)) for i, t, r in conn.execute(stmt.order_by(plans.c.id))}

    def resolve_plan(self, ref: int | str) -> int:
        """A plan id from an id, or from a text that matches one plan's title or region.

        An exact title or region match wins over substring matches.
        """
        with self._tx() as conn:
            text = str(ref).strip()
            if isinstance(ref, int) or text.isdigit():
                found = conn.execute(select(plans.c.id).where(plans.c.id == int(text))).scalar()
                if found is not None:
                    return int(found)
                if isinstance(ref, int) or len(text) < 4:  # a year such as 2024 may still name a plan
                    raise _plan_model.no_plan_numbered(text)
            base = select(plans.c.id, plans.c.title, regions.c.name).join(
                regions, regions.c.id == plans.c.region_id
            )
            exact = conn.execute(base.where(or_(plans.c.title == text, regions.c.name == text))).all()
            hits = (
                exact
                or conn.execute(
                    base.where(
                        or_(
                            plans.c.title.contains(text, autoescape=True),
                            regions.c.name.contains(text, autoescape=True),
                        )
                    )
                ).all()
            )
            return _plan_model.one_plan(text, hits)

    def get_plan(self, ref: int | str, *, indicators_only: bool = False) -> Plan:
        """The stored plan; ``indicators_only`` leaves out tasks, projects and import findings
        (what an assessment does not read), for overviews of many plans."""
        plan_id = self.resolve_plan(ref)
        with self._tx() as conn:
            return _plan_load.load_plan(conn, plan_id, indicators_only=indicators_only)

    def delete_plan(self, plan_id: int, *, user: str | None = None) -> None:
        with self._tx() as conn:
            lock_plan(conn, plan_id)
            row = conn.execute(select(plans.c.id, plans.c.title).where(plans.c.id == plan_id)).first()
            if row is None:
                raise NotFoundError(f"没有编号为 {plan_id} 的规划")
            _plan_rows.delete_components(conn, plan_id)
            conn.execute(plans.delete().where(plans.c.id == plan_id))
            _history.write_audit(conn, "delete", "plan", plan_id, old={"title": row.title}, user=user)

    def indicator_ids(self, plan_id: int) -> dict[str, int]:
        """Indicator key ``table/row[/sub]`` -> row id in ``indicators``."""
        with self._tx() as conn:
            return _plan_rows.indicator_ids(conn, plan_id)

    # --- observations ---------------------------------------------------------------------------

    def add_observations(
        self, plan_id: int, observations: list[Observation], *, user: str | None = None
    ) -> int:
        """Record values; a new value for the same (indicator, year) supersedes the current one.

        Serialised with replacing the plan (:func:`~ecociv.store._locks.lock_plan`): figures written
        before a replacement are carried over by it, figures written after it go to its new rows.
        """
        with self._tx() as conn:
            lock_plan(conn, plan_id)
            return _history.add_observations(conn, plan_id, observations, user)

    def observations(self, plan_id: int, *, year: int | None = None) -> list[Observation]:
        """The current value of every (indicator, year), optionally of one year only."""
        with self._tx() as conn:
            return _history.current_observations(conn, plan_id, year)

    def add_observations_with_summaries(
        self, plan_id: int, observations: list[Observation], summaries: list[MonitoringSummary], *, user: str | None = None
    ) -> int:
        """Figures computed from monitoring data and their summaries, in one transaction."""
        with self._tx() as conn:
            n = _history.add_observations(conn, plan_id, observations, user)
            now = _plan_rows.utcnow()
            for s in summaries:
                _monitoring.add(conn, plan_id, s, now)
            return n

    def monitoring_summaries(self, plan_id: int) -> list[MonitoringSummary]:
        """The current monitoring summary of every (kind, entity, year) of a plan, newest year first."""
        with self._tx() as conn:
            return _monitoring.current(conn, plan_id)

    def monitoring_summary(self, plan_id: int, summary_id: int) -> MonitoringSummary:
        with self._tx() as conn:
            found = _monitoring.one(conn, plan_id, summary_id)
        if found is None:
            raise NotFoundError(f"规划（编号 {plan_id}）没有编号为 {summary_id} 的监测汇总")
        return found

    def observation_history(self, plan_id: int, indicator_key: str) -> list[Observation]:
        """Every value ever recorded for one indicator, oldest first."""
        with self._tx() as conn:
            return _history.history(conn, plan_id, indicator_key)

    def bulk_insert_observations(
        self, rows: Iterable[Mapping[str, Any]], *, supersede: bool = True, chunk: int = 20_000
    ) -> int:
        """Fast path: insert many observation rows (keys ``indicator_id, year, value, text, source,
        note, recorded_by, recorded_at``) in one transaction; not audited row by row.

        With ``supersede`` older current values of the same (indicator, year) are marked superseded.
        """
        with self._tx() as conn:
            lock_plan(conn, None)
            n = _history.bulk_insert(conn, rows, supersede=supersede, chunk=chunk)
            _history.write_audit(conn, "bulk-insert", "observation", None, new={"rows": n})
            return n

    def update_plan_meta(
        self,
        ref: int | str,
        *,
        region: str | None = None,
        period: tuple[int, int] | None = None,
        base_year: int | None = None,
        user: str | None = None,
    ) -> Plan:
        """Correct a saved plan's region, period or base year (what import read wrongly or
        could not read).  Only the keywords given change; the change is audited."""
        plan_id = self.resolve_plan(ref)
        values: dict[str, Any] = {}
        with self._tx() as conn:
            row = conn.execute(select(plans).where(plans.c.id == plan_id)).one()
            old_region = conn.execute(select(regions.c.name).where(regions.c.id == row.region_id)).scalar()
            old = {"region": old_region, "period": [row.period_start, row.period_end], "base_year": row.base_year}
            new = dict(old)
            if region is not None and region != old_region:
                if _plan_rows.find_plan_id(conn, row.title, region) is not None:
                    raise InputError(f"地区“{region}”已有同标题的规划“{row.title}”，不能改为该地区")
                values["region_id"] = _plan_rows.region_id(conn, region, None)
                new["region"] = region
            if period is not None:
                values["period_start"], values["period_end"] = period
                new["period"] = list(period)
            if base_year is not None:
                values["base_year"] = base_year
                new["base_year"] = base_year
            if values:
                conn.execute(update(plans).where(plans.c.id == plan_id).values(**values))
                _history.write_audit(conn, "update", "plan", plan_id, old=old, new=new, user=user)
        return self.get_plan(plan_id)

    # --- regions --------------------------------------------------------------------------------

    def region_codes(self) -> dict[str, str]:
        """行政区划代码 -> region name, for the regions that have a code."""
        with self._tx() as conn:
            return {str(c): str(n) for c, n in conn.execute(select(regions.c.code, regions.c.name).where(regions.c.code.is_not(None))).all()}

    def update_region(self, name: str, *, user: str | None = None, **changes: str | None) -> Region:
        """Set a region's level, code, parent or terrain (地形类型, for terrain-dependent standards).

        Only the keywords given change; the change is audited.  Unknown region -> NotFoundError.
        """
        allowed = {"level", "code", "terrain", "parent"}
        bad = set(changes) - allowed
        if bad:
            raise InputError(f"地区不能设置这些属性：{'、'.join(sorted(bad))}")
        if changes.get("terrain") and changes["terrain"] not in TERRAINS:
            raise InputError(f"地形“{changes['terrain']}”无效，应为 {'、'.join(TERRAINS)} 之一")
        if changes.get("level") and changes["level"] not in REGION_LEVELS:
            raise InputError(f"地区级别“{changes['level']}”无效，应为 {'、'.join(REGION_LEVELS)} 之一")
        if changes.get("code") and not _DIVISION_CODE.match(str(changes["code"])):
            raise InputError(f"行政区划代码“{changes['code']}”无效，应为 6 位数字（如 360733），"
                             "或 9/12 位统计用区划代码；不知道代码时可用 --code auto 按官方代码表查找")
        if changes.get("parent") == name:
            raise InputError(f"地区“{name}”不能是自己的上级地区")
        with self._tx() as conn:
            row = conn.execute(select(regions).where(regions.c.name == name)).first()
            if row is None:
                raise NotFoundError(f"没有名为“{name}”的地区（地区随规划导入而建立）")
            parent_name = None
            if row.parent_id is not None:
                parent_name = conn.execute(select(regions.c.name).where(regions.c.id == row.parent_id)).scalar()
            old = {"level": row.level, "code": row.code, "terrain": row.terrain, "parent": parent_name}
            values: dict[str, Any] = {k: v for k, v in changes.items() if k != "parent"}
            if "parent" in changes:
                parent = changes["parent"]
                values["parent_id"] = _plan_rows.region_id(conn, parent, None) if parent else None
                _refuse_cycle(conn, int(row.id), values["parent_id"], name)
            conn.execute(update(regions).where(regions.c.id == row.id).values(**values))
            # the region's plans now carry its details (get_plan returns them in region_info)
            conn.execute(update(plans).where(plans.c.region_id == row.id).values(region_detail=True))
            new = {**old, **changes}
            _history.write_audit(conn, "update", "region", int(row.id), old=old, new=new, user=user)
        return Region(name=name, level=new["level"], parent=new["parent"], code=new["code"], terrain=new["terrain"])

    def pin_edition(self, region: str, family: str, edition: str | None, *, user: str | None = None) -> None:
        """Pin (or with ``edition=None`` unpin) a standard edition for a region: its data are then
        computed by that edition instead of the one in force by date.  Audited."""
        with self._tx() as conn:
            rid = conn.execute(select(regions.c.id).where(regions.c.name == region)).scalar()
            if rid is None:
                raise NotFoundError(f"没有名为“{region}”的地区（地区随规划导入而建立）")
            where = (region_editions.c.region_id == rid) & (region_editions.c.family == family)
            old = conn.execute(select(region_editions.c.edition).where(where)).scalar()
            conn.execute(region_editions.delete().where(where))
            if edition is not None:
                conn.execute(region_editions.insert().values(region_id=rid, family=family, edition=edition))
            _history.write_audit(conn, "update", "region", int(rid), old={family: old}, new={family: edition}, user=user)

    def pinned_editions(self, region: str) -> dict[str, str]:
        """The editions pinned for a region, by family (``{"GB 3095": "GB 3095—2012"}``)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(region_editions.c.family, region_editions.c.edition)
                .join(regions, regions.c.id == region_editions.c.region_id)
                .where(regions.c.name == region)
            ).all()
        return {str(f): str(e) for f, e in rows}

    # --- audit ----------------------------------------------------------------------------------

    def record_audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None = None,
        *,
        old: Any = None,
        new: Any = None,
        user: str | None = None,
    ) -> None:
        with self._tx() as conn:
            _history.write_audit(conn, action, entity, entity_id, old=old, new=new, user=user)

    def audit_log(self, limit: int = 100, entity: str | None = None) -> list[AuditEntry]:
        """Newest first."""
        with self._tx() as conn:
            return _history.read_audit(conn, limit, entity)


def _audit_view(plan: Plan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "region": plan.region,
        "tables": len(plan.indicator_tables),
        "indicators": len(plan.indicators()),
        "tasks": len(plan.tasks),
        "projects": len(plan.projects),
        "source_file": plan.source_file,
    }


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and create or upgrade) the database at ``url``.

    ``None`` means ``$ECOCIV_DATABASE_URL``, else the SQLite file ``$ECOCIV_HOME/ecociv.sqlite3``
    (``ECOCIV_HOME`` defaults to ``~/.local/share/ecociv``).
    """
    engine = _engine.make_engine(url or _engine.default_database_url())
    if migrate:
        _engine.upgrade(engine)
    return Store(engine)
