"""The whole 调度 cycle in real Chromium over a real server: the office opens a round, two unit
accounts each see only their own items and report with an evidence file (one late), the office
returns one and approves the other, closes a task, and the round page, the scoring table and the
调度通报 DOCX show the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from tests._browser import CHROMIUM_MISSING, SHOTS, SKIP_REASON, log_in
from tests._server import running

from ecociv.store.tables import round_reports, rounds
from ecociv.workflow import plan_items

from .conftest import PASSWORD, UNIT_A, UNIT_B, Cycle, build_cycle

pytestmark = pytest.mark.browser

if CHROMIUM_MISSING:
    pytest.skip(SKIP_REASON, allow_module_level=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cycle, str]]:
    from ecociv.web import create_app

    c = build_cycle(f"sqlite:///{tmp_path_factory.mktemp('cycle') / 'web.sqlite3'}")
    try:
        with running(create_app(c.store, secret="test-secret-" + "x" * 20)) as base:
            yield c, base
    finally:
        c.store.engine.dispose()


def _login(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    return log_in(context.new_page(), base, username, PASSWORD)


def _report(page: Any, base: str, ref: str, text: str, evidence: Path, shot: str) -> None:
    page.goto(base + "/unit")
    page.click(f"#todo tr[data-ref='{ref}'] a:text('填报')")
    page.fill("#report-form textarea[name=progress_text]", text)
    page.fill("#report-form input[name=percent]", "100")
    page.set_input_files("#report-form input[type=file]", str(evidence))
    page.click("#report-form button[value=save]")
    page.wait_for_load_state()
    assert "未报送（草稿）" in page.inner_text("#report-state")
    assert evidence.name in page.inner_text("#evidence")
    page.screenshot(path=str(SHOTS / shot), full_page=True)
    page.click("#report-form button[value=submit]")
    page.wait_for_load_state()
    assert "待审核" in page.inner_text("#report-state")


def test_office_and_two_units_run_a_round(served: tuple[Cycle, str], browser: Any, tmp_path: Path) -> None:
    c, base = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    items = plan_items(c.store, c.plan_id).items
    ref_a = next(i.ref for i in items if i.kind == "task" and UNIT_A in i.units and UNIT_B not in i.units)
    ref_b = next(i.ref for i in items if i.kind == "task" and UNIT_B in i.units and UNIT_A not in i.units)
    evidence = tmp_path / "佐证材料.pdf"
    evidence.write_bytes(PDF)

    # the office opens a quarterly round of tasks
    office = _login(browser, base, "office")
    office.goto(base + "/rounds")
    office.select_option("#open-round select[name=kind]", "quarterly")
    office.fill("#open-round input[name=due]", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    for k in ("quantity", "project", "indicator"):
        office.uncheck(f"#open-round input[name=kinds][value={k}]")
    # each checkbox sits beside its label text, not above it
    task_box = office.locator("#open-round input[name=kinds][value=task]")
    box, label = task_box.bounding_box(), task_box.locator("xpath=..").bounding_box()
    assert box is not None and label is not None and label["height"] < box["height"] + 16
    office.fill("#open-round input[name=refs]", f"{ref_a}，{ref_b}")
    office.click("#open-round button[type=submit]")
    office.wait_for_url(f"{base}/rounds/*")
    round_id = int(office.url.rsplit("/", 1)[1])
    assert "季度" in office.inner_text("main")

    # unit A sees only its own items and reports on time with evidence
    unit_a = _login(browser, base, "fgw")
    assert unit_a.url == base + "/unit"
    refs_a = unit_a.eval_on_selector_all("#todo tr[data-ref]", "rows => rows.map(r => r.dataset.ref)")
    assert ref_a in refs_a and ref_b not in refs_a
    unit_a.screenshot(path=str(SHOTS / "cycle-01-unit-todo.png"), full_page=True)
    _report(unit_a, base, ref_a, "已完成全部工作", evidence, "cycle-02-unit-draft.png")

    # time passes: the round was due yesterday, A had reported before that; B reports late
    with c.store.engine.begin() as conn:
        conn.execute(update(rounds).where(rounds.c.id == round_id).values(due=dt.date.today() - dt.timedelta(days=1)))
        conn.execute(update(round_reports).where(round_reports.c.round_id == round_id)
                     .values(submitted_at=dt.datetime.now() - dt.timedelta(days=3)))
    unit_b = _login(browser, base, "sthj")
    refs_b = unit_b.eval_on_selector_all("#todo tr[data-ref]", "rows => rows.map(r => r.dataset.ref)")
    assert ref_b in refs_b and ref_a not in refs_b
    assert unit_b.eval_on_selector_all("#todo tr.overdue", "rows => rows.length") > 0  # overdue first
    _report(unit_b, base, ref_b, "正在推进", evidence, "cycle-03-unit-b.png")
    ev_a = unit_a.eval_on_selector("#evidence a", "a => a.getAttribute('href')")
    assert unit_b.request.get(base + ev_a).status == 404  # another unit's evidence
    assert unit_b.request.get(f"{base}/rounds/{round_id}/items/{ref_a}").status == 404
    shown = unit_a.request.get(base + ev_a)
    assert shown.status == 200 and shown.headers["content-type"] == "application/pdf"

    # the office: round page, return B, approve A, close A's task
    office.goto(f"{base}/rounds/{round_id}")
    units = office.inner_text("#units")
    assert UNIT_A in units and UNIT_B in units
    office.goto(f"{base}/rounds/{round_id}/items/{ref_b}?unit={UNIT_B}")
    assert "迟报" in office.inner_text("#report-state")
    office.fill("#review-form textarea[name=comment]", "请补充现场照片")
    office.click("#review-form button[value=return]")
    office.wait_for_url(f"{base}/rounds/{round_id}")
    office.goto(f"{base}/rounds/{round_id}/items/{ref_a}?unit={UNIT_A}")
    office.click("#review-form button[value=approve]")
    office.wait_for_url(f"{base}/rounds/{round_id}")
    office.goto(f"{base}/rounds/{round_id}/items/{ref_a}?unit={UNIT_A}")
    office.click("#close-form button")
    office.wait_for_load_state()
    assert "已销号" in office.inner_text("#report-state")
    assert unit_a.eval_on_selector_all("#close-form, #review-form", "f => f.length") == 0
    office.goto(f"{base}/rounds/{round_id}")
    row_b = office.inner_text(f"#assignments tr[data-ref='{ref_b}'][data-unit='{UNIT_B}']")
    row_a = office.inner_text(f"#assignments tr[data-ref='{ref_a}'][data-unit='{UNIT_A}']")
    assert "已退回" in row_b and "已通过" in row_a and "已销号" in row_a
    office.screenshot(path=str(SHOTS / "cycle-04-round.png"), full_page=True)

    # B sees the return with its comment and the history kept
    unit_b.goto(base + "/unit")
    assert "请补充现场照片" in unit_b.inner_text("#todo")
    unit_b.click(f"#todo tr[data-ref='{ref_b}'] a:text('填报')")
    unit_b.wait_for_load_state()
    history = unit_b.inner_text("#history")
    assert "退回" in history and "正在推进" in history

    # scoring: the office sets the rule; the table and chart rank A above B
    office.goto(f"{base}/plans/{c.plan_id}/scores")
    for key, w in (("on_schedule", "40"), ("on_time", "30"), ("closed", "20"), ("indicators", "10")):
        office.fill(f"#rule-form input[name={key}]", w)
    office.click("#rule-form button")
    office.wait_for_load_state()
    table = office.inner_text("#unit-scores")
    assert table.index(UNIT_A) < table.index(UNIT_B)
    assert "按时报送 1/1" in table
    assert office.eval_on_selector_all("svg.ranking rect", "r => r.length") >= 2
    office.screenshot(path=str(SHOTS / "cycle-05-scores.png"), full_page=True)

    # the 调度通报 DOCX opens and names the late unit
    office.goto(f"{base}/rounds/{round_id}")
    with office.expect_download() as got:
        office.click("a[href$='export.docx']")
    path = tmp_path / "通报.docx"
    got.value.save_as(str(path))
    from docx import Document

    doc = Document(str(path))
    late_table = doc.tables[0]
    late_units = [row.cells[0].text for row in late_table.rows[1:]]
    assert UNIT_B in late_units and UNIT_A not in late_units
    row_b = next(row for row in late_table.rows if row.cells[0].text == UNIT_B)
    assert row_b.cells[2].text == "1"  # 迟报
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "迟报、未报单位" in text
