"""The cycle at the library level, on SQLite and PostgreSQL: scope, drafts, submit lock, review,
history, evidence, 销号 and reopening, chasing and scoring."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from ecociv.errors import InputError, NotFoundError, PermissionDenied
from ecociv.store.tables import round_reports, rounds
from ecociv.workflow import (
    ReportInput,
    actor,
    add_evidence,
    close_item,
    get_report,
    open_evidence,
    open_round,
    plan_items,
    reopen_item,
    report_history,
    review_report,
    round_status,
    save_report,
    score_plan,
    set_rule,
    submit_report,
    unit_todo,
)

from .conftest import UNIT_A, UNIT_B, Cycle

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _first(c: Cycle, unit: str, other: str, kind: str = "task") -> str:
    """A task the unit reports on that the other unit does not."""
    items = plan_items(c.store, c.plan_id)
    return next(it.ref for it in items.items if it.kind == kind and unit in it.units and other not in it.units)


def test_whole_cycle_in_the_store(cycle: Cycle) -> None:
    c = cycle
    office, a, b = actor(c.store, "office"), actor(c.store, "fgw"), actor(c.store, "sthj")
    assert a.units == (UNIT_A,) and b.units == (UNIT_B,)
    with pytest.raises(PermissionDenied):
        open_round(c.store, a, c.plan_id, kind="monthly", due=dt.date.today())
    rnd = open_round(c.store, office, c.plan_id, kind="quarterly", due=dt.date.today() + dt.timedelta(days=7),
                     kinds=["task"])
    ref_a, ref_b = _first(c, UNIT_A, UNIT_B), _first(c, UNIT_B, UNIT_A)

    # each unit sees only its own items
    seen_a = round_status(c.store, a, rnd.id)
    assert not seen_a.office and {x.unit for x in seen_a.assignments} == {UNIT_A}
    assert ref_a in {x.item.ref for x in seen_a.assignments}
    assert ref_b not in {x.item.ref for x in seen_a.assignments}
    assert {x.item.ref for x in unit_todo(c.store, a)} == {x.item.ref for x in seen_a.assignments}
    with pytest.raises(PermissionDenied):
        save_report(c.store, a, rnd.id, ref_b, ReportInput(progress_text="越权"))

    # a draft, then an edit, then submit locks
    draft = save_report(c.store, a, rnd.id, ref_a, ReportInput(progress_text="已启动", percent=30))
    assert draft.state == "draft"
    draft = save_report(c.store, a, rnd.id, ref_a, ReportInput(progress_text="完成招标", percent=60,
                                                               problems="资金未到位"))
    with pytest.raises(InputError, match="0 到 100"):
        save_report(c.store, a, rnd.id, ref_a, ReportInput(percent=130))
    ev = add_evidence(c.store, a, draft.id, "招标文件.pdf", iter([PDF[:10], PDF[10:]]))
    with pytest.raises(InputError, match="不符"):
        add_evidence(c.store, a, draft.id, "伪装.pdf", [b"<html><script>alert(1)</script>"])
    with pytest.raises(InputError, match="不受支持"):
        add_evidence(c.store, a, draft.id, "page.html", [b"<html>"])
    with pytest.raises(NotFoundError):
        add_evidence(c.store, b, draft.id, "x.pdf", [PDF])
    with pytest.raises(NotFoundError):
        get_report(c.store, b, draft.id)
    with pytest.raises(NotFoundError):
        open_evidence(c.store, b, ev.id)
    assert open_evidence(c.store, office, ev.id)[1].read_bytes() == PDF
    assert open_evidence(c.store, a, ev.id)[0].filename == "招标文件.pdf"
    rep_a = submit_report(c.store, a, draft.id)
    assert rep_a.state == "submitted" and not rep_a.late
    with pytest.raises(InputError, match="锁定"):
        save_report(c.store, a, rnd.id, ref_a, ReportInput(progress_text="改"))
    with pytest.raises(InputError, match="锁定"):
        add_evidence(c.store, a, draft.id, "补充.pdf", [PDF])

    # time passes: the round was due yesterday; unit B submits late
    with c.store.engine.begin() as conn:
        conn.execute(update(rounds).where(rounds.c.id == rnd.id).values(due=dt.date.today() - dt.timedelta(days=1)))
        conn.execute(update(round_reports).where(round_reports.c.id == rep_a.id)
                     .values(submitted_at=dt.datetime.now() - dt.timedelta(days=3)))
    rep_b = save_report(c.store, b, rnd.id, ref_b, ReportInput(progress_text="进行中", percent=50), submit=True)
    add_evidence_refused = pytest.raises(InputError)
    with add_evidence_refused:
        add_evidence(c.store, b, rep_b.id, "b.pdf", [PDF])
    assert rep_b.late

    # review: units cannot; the office returns B and approves A
    with pytest.raises(PermissionDenied):
        review_report(c.store, b, rep_b.id, approve=True)
    with pytest.raises(InputError, match="退回意见"):
        review_report(c.store, office, rep_b.id, approve=False)
    review_report(c.store, office, rep_b.id, approve=False, comment="请补充佐证材料")
    review_report(c.store, office, rep_a.id, approve=True, comment="同意")
    from ecociv.tracking import load_register

    entries = load_register(c.store, c.plan_id).find(ref_a).entries
    assert [(e.status, e.evidence) for e in entries] == [("推进中", f"调度报送 #{rep_a.id}")]  # 60 %: in progress
    assert entries[0].note == f"{UNIT_A}：完成招标"
    with pytest.raises(InputError, match="没有附佐证材料"):
        close_item(c.store, office, c.plan_id, ref_b)
    with pytest.raises(PermissionDenied):
        close_item(c.store, a, c.plan_id, ref_a)
    close_item(c.store, office, c.plan_id, ref_a)
    with pytest.raises(InputError, match="已销号"):
        close_item(c.store, office, c.plan_id, ref_a)

    # the returned report goes back to B with its history
    again = save_report(c.store, b, rnd.id, ref_b, ReportInput(progress_text="已补充", percent=80))
    assert again.id == rep_b.id and again.state == "returned"
    hist = report_history(c.store, b, rep_b.id)
    assert [e.action for e in hist] == ["save", "submit", "return", "save"]
    assert hist[2].comment == "请补充佐证材料" and hist[0].snapshot["progress_text"] == "进行中"

    st = round_status(c.store, office, rnd.id)
    assert st.office
    by_unit = {u.unit: u for u in st.units}
    assert by_unit[UNIT_A].counts["approved"] == 1 and by_unit[UNIT_B].counts["returned"] == 1
    assert st.assignments[0].overdue  # overdue first
    assert UNIT_B in {u.unit for u in st.late_units()}
    assert next(x for x in st.assignments if x.item.ref == ref_a and x.unit == UNIT_A).closed

    # scoring: no rule yet, then a rule explained by its parts
    with pytest.raises(NotFoundError, match="考评规则"):
        score_plan(c.store, c.plan_id)
    with pytest.raises(PermissionDenied):
        set_rule(c.store, a, c.plan_id, {"on_time": 1})
    set_rule(c.store, office, c.plan_id, {"on_schedule": 40, "on_time": 30, "closed": 20, "indicators": 10})
    scores = {s.name: s for s in score_plan(c.store, c.plan_id)}
    on_time_a = next(p for p in scores[UNIT_A].parts if p.key == "on_time")
    on_time_b = next(p for p in scores[UNIT_B].parts if p.key == "on_time")
    assert on_time_a.done == 1 and on_time_b.done == 0
    assert "按时报送" in scores[UNIT_A].explain() and "指标达标 不适用" in scores[UNIT_A].explain()
    assert scores[UNIT_A].score is not None and scores[UNIT_B].score is not None
    assert scores[UNIT_A].score > scores[UNIT_B].score
    assert scores[UNIT_A].rank < scores[UNIT_B].rank

    reopen_item(c.store, office, c.plan_id, ref_a, "复查发现问题")
    with pytest.raises(InputError, match="原因"):
        reopen_item(c.store, office, c.plan_id, ref_a, " ")
    actions = [(e.action, e.entity) for e in c.store.audit_log(limit=200)]
    for expected in [("open", "round"), ("submit", "report"), ("return", "report"), ("approve", "report"),
                     ("close", "item"), ("reopen", "item"), ("upload", "evidence"), ("create", "scoring_rule")]:
        assert expected in actions


def test_evidence_size_limit_stops_reading(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    c = cycle
    monkeypatch.setenv("ECOCIV_EVIDENCE_MAX_MB", "0.001")  # 1048 bytes
    office, a = actor(c.store, "office"), actor(c.store, "fgw")
    rnd = open_round(c.store, office, c.plan_id, kind="monthly", due=dt.date.today())
    ref = _first(c, UNIT_A, UNIT_B)
    rep = save_report(c.store, a, rnd.id, ref, ReportInput(progress_text="x"))
    read: list[int] = []

    def chunks() -> object:
        for k in range(100):
            read.append(k)
            yield (PDF if k == 0 else b"0" * 512)

    with pytest.raises(InputError, match="超过大小上限"):
        add_evidence(c.store, a, rep.id, "大文件.pdf", chunks())  # type: ignore[arg-type]
    assert len(read) < 5
    from ecociv.workflow import evidence_of

    assert evidence_of(c.store, [rep.id])[rep.id] == []


def test_next_round_shows_what_the_unit_reported_last_time(cycle: Cycle) -> None:
    c = cycle
    office, a = actor(c.store, "office"), actor(c.store, "fgw")
    items = plan_items(c.store, c.plan_id)
    counted = next(it for it in items.items if it.kind == "quantity" and UNIT_A in it.units and it.target_value)
    first = open_round(c.store, office, c.plan_id, kind="monthly", due=dt.date.today(), refs=[counted.ref])
    assert first.kinds == ["quantity"] and first.refs == [counted.ref]
    assert counted.target_value is not None
    rep = save_report(c.store, a, first.id, counted.ref, ReportInput(done_value=counted.target_value / 2), submit=True)
    assert rep.percent == 50  # 完成 n of m gives the share when no percentage is typed
    second = open_round(c.store, office, c.plan_id, kind="monthly", due=dt.date.today() + dt.timedelta(days=30),
                        refs=[counted.ref])
    todo = [x for x in unit_todo(c.store, a) if x.round.id == second.id]
    assert len(todo) == 1 and todo[0].previous is not None and todo[0].previous.id == rep.id
    assert todo[0].state == "missing"
