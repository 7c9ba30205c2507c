"""The store on SQLite and on a real PostgreSQL server (the ``store`` fixture runs each test on both)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ecociv._serialize import plan_to_dict
from ecociv.errors import InputError, NotFoundError
from ecociv.model import Indicator, Observation
from ecociv.store import BASELINE_SOURCE, Store, baseline_number, tables

from ._plans import rich_plan


def _row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for name, t in tables.metadata.tables.items()
            if name not in ("regions", "audit_log", "alembic_version")
        }


def test_round_trip_rebuilds_every_field(store: Store) -> None:
    plan = rich_plan()
    plan_id = store.save_plan(plan)
    again = store.get_plan(plan_id)
    assert plan_to_dict(again) == plan_to_dict(plan)
    # the rows are real rows, not a copy of the document
    assert _row_counts(store)["indicators"] == len(plan.indicators()) == 10
    assert _row_counts(store)["task_units"] == 3


def test_plan_without_region_info_or_period_round_trips(store: Store) -> None:
    plan = rich_plan()
    plan.region_info = None
    plan.period = None
    plan.base_year = None
    plan.kind = None
    plan_id = store.save_plan(plan)
    assert plan_to_dict(store.get_plan(plan_id)) == plan_to_dict(plan)


def test_numeric_baselines_become_observations_of_the_base_year(store: Store) -> None:
    plan_id = store.save_plan(rich_plan())
    got = {(o.indicator_key, o.year): o for o in store.observations(plan_id)}
    # 0/0 water 100 (2022); 0/0/0 国考 100; 0/0/1 省考 95.2; 0/1 forest 79.5; 0/1/0 山区 80％ -> plan base year;
    # 0/1/1 "—" is no number; 0/2 no baseline; 0/3 empty; 1/0 "1,234.5" in 2015
    assert set(got) == {
        ("0/0", 2022),
        ("0/0/0", 2022),
        ("0/0/1", 2022),
        ("0/1", 2022),
        ("0/1/0", 2022),
        ("1/0", 2015),
    }
    assert got[("0/1/0", 2022)].value == 80.0
    assert got[("0/1/0", 2022)].text == "80％"
    assert got[("1/0", 2015)].value == 1234.5
    assert all(o.source == BASELINE_SOURCE for o in got.values())


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("85.2", None, 85.2),
        (" 100 ", "%", 100.0),
        ("95%", "%", 95.0),
        ("12.5吨", "吨", 12.5),
        ("-0.3", None, -0.3),
        ("1,234", None, 1234.0),
        ("≥90", "%", None),
        ("达标", None, None),
        ("0.56（2020年）", None, None),
        ("30-40", None, None),
        ("12.5吨", "万吨", None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_baseline_number(text: str | None, unit: str | None, expected: float | None) -> None:
    assert baseline_number(text, unit) == expected


def test_same_title_and_region_is_refused_and_nothing_changes(store: Store) -> None:
    store.save_plan(rich_plan())
    before = _row_counts(store)
    with pytest.raises(InputError, match="已有同名规划"):
        store.save_plan(rich_plan())
    assert _row_counts(store) == before
    # another region with the same title is another plan
    store.save_plan(rich_plan(region="宜春市"))
    assert len(store.list_plans()) == 2


def test_failing_save_leaves_the_database_as_it_was(store: Store) -> None:
    store.save_plan(rich_plan())
    before = _row_counts(store)
    broken = rich_plan(title="另一个规划")
    # the last indicator fails at the database (name is NOT NULL) after many rows were written
    broken.indicator_tables[1].rows.append(Indicator(name=None))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="数据库未作任何改动"):
        store.save_plan(broken)
    assert _row_counts(store) == before
    assert [p.title for p in store.list_plans()] == [rich_plan().title]


def test_list_plans_counts(store: Store) -> None:
    plan_id = store.save_plan(rich_plan(), user="张三")
    (summary,) = store.list_plans()
    assert summary.id == plan_id
    assert (summary.n_tables, summary.n_indicators, summary.n_sub_indicators) == (3, 5, 5)
    assert (summary.n_tasks, summary.n_projects) == (2, 2)
    assert summary.period == (2023, 2030) and summary.stage_years == [2025, 2030]
    assert summary.region == "会昌县" and summary.imported_at is not None


def test_resolve_plan_by_id_title_or_region(store: Store) -> None:
    a = store.save_plan(rich_plan())
    b = store.save_plan(rich_plan(title="宜春市“十四五”生态环境保护规划", region="宜春市"))
    assert store.resolve_plan(a) == a
    assert store.resolve_plan(str(b)) == b
    assert store.resolve_plan("宜春") == b
    assert store.resolve_plan("会昌县") == a
    assert store.resolve_plan("示范区") == a
    with pytest.raises(NotFoundError, match="多个规划"):
        store.resolve_plan("规划")
    with pytest.raises(NotFoundError, match="没有标题或地区包含"):
        store.resolve_plan("赣县")
    with pytest.raises(NotFoundError, match="没有编号为 999"):
        store.get_plan(999)
    # digits that are no id may still be part of a title (a year)
    assert store.resolve_plan("2023") == a
    with pytest.raises(NotFoundError, match="没有标题或地区包含“1999”"):
        store.resolve_plan("1999")
    # LIKE wildcards in the reference are taken literally
    with pytest.raises(NotFoundError):
        store.resolve_plan("%")


def test_new_values_supersede_and_history_keeps_all(store: Store) -> None:
    plan_id = store.save_plan(rich_plan())
    store.add_observations(plan_id, [Observation("0/1", 2023, value=79.8, source="县林业局")], user="li")
    store.add_observations(plan_id, [Observation("0/1", 2023, value=80.1, note="更正")], user="wang")
    store.add_observations(plan_id, [Observation("0/1", 2024, text="暂无数据")], user="wang")
    current = [o for o in store.observations(plan_id) if o.indicator_key == "0/1"]
    assert [(o.year, o.value, o.text) for o in current] == [
        (2022, 79.5, "79.5"),
        (2023, 80.1, None),
        (2024, None, "暂无数据"),
    ]
    assert [o.year for o in store.observations(plan_id, year=2023)] == [2023]
    history = store.observation_history(plan_id, "0/1")
    assert [(o.year, o.value, o.recorded_by) for o in history] == [
        (2022, 79.5, None),
        (2023, 79.8, "li"),
        (2023, 80.1, "wang"),
        (2024, None, "wang"),
    ]
    audit = store.audit_log(entity="observation")
    assert audit[1].username == "wang" and audit[1].old["value"] == 79.8 and audit[1].new["value"] == 80.1
    assert audit[2].old is None


def test_unknown_indicator_key_is_an_input_error_and_records_nothing(store: Store) -> None:
    plan_id = store.save_plan(rich_plan())
    n = len(store.observation_history(plan_id, "0/0"))
    with pytest.raises(InputError, match="9/9"):
        store.add_observations(
            plan_id, [Observation("0/0", 2023, value=1.0), Observation("9/9", 2023, value=1.0)]
        )
    assert len(store.observation_history(plan_id, "0/0")) == n


def test_replace_keeps_id_and_recorded_observations(store: Store) -> None:
    plan_id = store.save_plan(rich_plan())
    store.add_observations(
        plan_id, [Observation("0/1", 2023, value=80.0), Observation("1/0", 2020, value=30.0)]
    )
    changed = rich_plan()
    changed.indicator_tables = changed.indicator_tables[:1]  # table 1 disappears
    changed.indicator_tables[0].rows[1].baseline = None  # 0/1 loses its baseline
    assert store.save_plan(changed, replace=True, user="admin") == plan_id
    assert plan_to_dict(store.get_plan(plan_id)) == plan_to_dict(changed)
    assert [(o.year, o.value) for o in store.observation_history(plan_id, "0/1")] == [(2023, 80.0)]
    assert len(store.list_plans()) == 1
    entry = store.audit_log(1, entity="plan")[0]
    assert (entry.action, entry.username, entry.old["tables"], entry.new["tables"]) == (
        "replace",
        "admin",
        3,
        1,
    )


def test_delete_plan_removes_every_row(store: Store) -> None:
    empty = _row_counts(store)
    plan_id = store.save_plan(rich_plan())
    store.add_observations(plan_id, [Observation("0/0/1/0", 2023, value=1.0)])
    store.delete_plan(plan_id)
    assert _row_counts(store) == empty
    with pytest.raises(NotFoundError):
        store.delete_plan(plan_id)


def test_bulk_insert_supersedes_older_values(store: Store) -> None:
    plan_id = store.save_plan(rich_plan())
    ids = store.indicator_ids(plan_id)
    assert set(ids) == {k for k, _ in rich_plan().indicators()}
    rows = [
        {"indicator_id": ids[key], "year": year, "value": float(k)}
        for k in range(3)
        for key in ("0/0", "0/1/0")
        for year in (2022, 2023)
    ]
    at = dt.datetime(2023, 5, 1, 8, 30, 15, 250)
    rows.append(
        {"indicator_id": ids["0/2"], "year": 2023, "text": "已落实", "recorded_by": "导入", "recorded_at": at}
    )
    assert store.bulk_insert_observations(rows) == 13
    (late,) = store.observation_history(plan_id, "0/2")
    assert (late.value, late.text, late.recorded_by, late.recorded_at) == (None, "已落实", "导入", at)
    current = {(o.indicator_key, o.year): o.value for o in store.observations(plan_id)}
    assert current[("0/0", 2022)] == 2.0 and current[("0/1/0", 2023)] == 2.0
    assert current[("0/1", 2022)] == 79.5  # untouched
    assert len(store.observation_history(plan_id, "0/0")) == 1 + 6
    # a later batch supersedes the current values; other (indicator, year) keep theirs
    store.bulk_insert_observations([{"indicator_id": ids["0/0"], "year": 2022, "value": 9.5}])
    current = {(o.indicator_key, o.year): o.value for o in store.observations(plan_id)}
    assert current[("0/0", 2022)] == 9.5 and current[("0/0", 2023)] == 2.0
    with store.engine.connect() as conn:
        live = conn.execute(
            select(func.count())
            .select_from(tables.observations)
            .where(tables.observations.c.superseded_at.is_(None))
        ).scalar_one()
    assert live == len(store.observations(plan_id))


def test_replace_carries_progress_to_the_same_tasks_and_projects(store: Store) -> None:
    plan = rich_plan()
    plan_id = store.save_plan(plan)
    with store.engine.begin() as conn:
        task_ids = [r.id for r in conn.execute(select(tables.tasks.c.id).order_by(tables.tasks.c.position))]
        project_ids = [
            r.id for r in conn.execute(select(tables.projects.c.id).order_by(tables.projects.c.position))
        ]
        quantity_id = conn.execute(
            select(tables.task_quantities.c.id).order_by(tables.task_quantities.c.id)
        ).first()
        now = dt.datetime(2024, 3, 1, 9, 0)
        conn.execute(
            tables.progress.insert(),
            [
                {"entity_type": "task", "entity_id": task_ids[0], "status": "推进中", "recorded_at": now},
                {
                    "entity_type": "quantity",
                    "entity_id": quantity_id.id,
                    "status": "已完成",
                    "recorded_at": now,
                },
                {"entity_type": "project", "entity_id": project_ids[1], "status": "滞后", "recorded_at": now},
            ],
        )
    changed = rich_plan()
    changed.tasks.reverse()  # the task moves; its text is the same
    changed.projects = changed.projects[:1]  # the project with progress disappears
    store.save_plan(changed, replace=True)
    with store.engine.connect() as conn:
        notes = {
            (r.entity_type, r.status): r.entity_id
            for r in conn.execute(
                select(tables.progress.c.entity_type, tables.progress.c.status, tables.progress.c.entity_id)
            )
        }
        task = conn.execute(select(tables.tasks).where(tables.tasks.c.id == notes[("task", "推进中")])).one()
        quantity = conn.execute(
            select(tables.task_quantities).where(tables.task_quantities.c.id == notes[("quantity", "已完成")])
        ).one()
    assert set(notes) == {("task", "推进中"), ("quantity", "已完成")}
    assert task.text == plan.tasks[0].text and task.position == 1 and task.plan_id == plan_id
    assert quantity.text == plan.tasks[0].quantities[0].text and quantity.task_id == task.id
    carried = store.audit_log(1, entity="plan")[0].new["carried"]
    assert carried == {"observations": 0, "observations_dropped": 0, "progress": 2, "progress_dropped": 1}
