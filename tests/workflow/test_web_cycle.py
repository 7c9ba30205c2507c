"""The cycle through the web app (pages, API with per-unit tokens, evidence downloads): each unit
sees and changes only its own items; only the office reviews and closes; a draft survives a
restart of the app over the same database."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import csrf_of, login

from ecociv.workflow import plan_items

from .conftest import PASSWORD, UNIT_A, UNIT_B, Cycle, build_cycle

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "test-secret-" + "x" * 20


def _app(c: Cycle) -> Any:
    from ecociv.web import create_app

    return create_app(c.store, secret=SECRET)


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Cycle]:
    c = build_cycle(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    try:
        yield c
    finally:
        c.store.engine.dispose()


def _client(app: Any, username: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    assert login(client, username, PASSWORD).status_code == 303
    return client


def _token(app: Any, username: str) -> dict[str, str]:
    r = TestClient(app).post("/api/token", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _refs(c: Cycle) -> tuple[str, str]:
    items = plan_items(c.store, c.plan_id).items
    a = next(i.ref for i in items if i.kind == "task" and UNIT_A in i.units and UNIT_B not in i.units)
    b = next(i.ref for i in items if i.kind == "task" and UNIT_B in i.units and UNIT_A not in i.units)
    return a, b


def test_units_are_confined_to_their_own_items(web: Cycle) -> None:
    app = _app(web)
    office, fgw, sthj = _client(app, "office"), _client(app, "fgw"), _client(app, "sthj")
    page = office.get("/rounds")
    r = office.post("/rounds", data={"csrf_token": csrf_of(page.text), "plan_id": str(web.plan_id), "kind": "monthly",
                                     "due": (dt.date.today() + dt.timedelta(days=5)).isoformat(),
                                     "kinds": ["task", "quantity"]})
    assert r.status_code == 303, r.text
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    ref_a, ref_b = _refs(web)

    # unit pages show only the unit's own items; plan-wide pages are closed to unit accounts
    todo_a = fgw.get("/unit").text
    assert f'data-ref="{ref_a}"' in todo_a and f'data-ref="{ref_b}"' not in todo_a
    assert fgw.get(f"/plans/{web.plan_id}/tasks").headers["location"] == "/unit"
    assert fgw.get("/").headers["location"] == "/unit"
    own = fgw.get(f"/rounds/{rid}")
    assert own.status_code == 200 and UNIT_B not in re.sub(r"<h1>.*?</h1>", "", own.text)
    assert fgw.get(f"/rounds/{rid}/items/{ref_b}").status_code == 404

    # A saves a draft with evidence through the form; B cannot see or change it
    form = fgw.get(f"/rounds/{rid}/items/{ref_a}")
    token = csrf_of(form.text)
    r = fgw.post(f"/rounds/{rid}/items/{ref_a}",
                 data={"csrf_token": token, "unit": UNIT_A, "progress_text": "完成方案编制", "percent": "40",
                       "action": "save"},
                 files={"file": ("方案.pdf", PDF, "application/pdf")})
    assert r.status_code == 303, r.text
    hdr_a, hdr_b = _token(app, "fgw"), _token(app, "sthj")
    st = TestClient(app).get(f"/api/rounds/{rid}", headers=hdr_a).json()
    mine = next(x for x in st["assignments"] if x["item"]["ref"] == ref_a)
    report_id, evidence_id = mine["report"]["id"], mine["report"]["evidence"][0]["id"]
    assert {x["unit"] for x in st["assignments"]} == {UNIT_A}
    api = TestClient(app)
    assert api.get(f"/api/reports/{report_id}", headers=hdr_b).status_code == 404
    assert api.get(f"/api/evidence/{evidence_id}", headers=hdr_b).status_code == 404
    assert sthj.get(f"/evidence/{evidence_id}").status_code == 404
    assert api.post(f"/api/rounds/{rid}/items/{ref_a}", headers=hdr_b,
                    json={"progress_text": "越权修改"}).status_code == 403
    assert api.post(f"/api/reports/{report_id}/evidence?filename=x.pdf", headers=hdr_b,
                    content=PDF).status_code == 404
    assert api.get(f"/api/plans/{web.plan_id}", headers=hdr_b).status_code == 403

    # the file is served inline with a safe type to the unit and to the office
    got = fgw.get(f"/evidence/{evidence_id}")
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"].startswith("inline;")
    assert office.get(f"/evidence/{evidence_id}").status_code == 200

    # units cannot approve, return or close anything
    api.post(f"/api/reports/{report_id}/submit", headers=hdr_a).raise_for_status()
    for hdr in (hdr_a, hdr_b):
        assert api.post(f"/api/reports/{report_id}/review", headers=hdr, json={"approve": True}).status_code in (403, 404)
        assert api.post(f"/api/plans/{web.plan_id}/close", headers=hdr, json={"ref": ref_a}).status_code == 403
    page = fgw.get(f"/rounds/{rid}/items/{ref_a}")
    assert "review-form" not in page.text and "close-form" not in page.text
    r = fgw.post(f"/reports/{report_id}/review", data={"csrf_token": csrf_of(page.text), "decision": "approve"})
    assert r.status_code in (403, 404)
    # submitted: locked
    assert api.post(f"/api/rounds/{rid}/items/{ref_a}", headers=hdr_a, json={"progress_text": "改"}).status_code == 400

    # the office approves and closes through the API, all audited
    hdr_o = _token(app, "office")
    assert api.post(f"/api/reports/{report_id}/review", headers=hdr_o, json={"approve": True}).status_code == 200
    assert api.post(f"/api/plans/{web.plan_id}/close", headers=hdr_o, json={"ref": ref_a}).status_code == 200
    assert api.get(f"/api/rounds/{rid}", headers=hdr_o).json()["counts"]["approved"] == 1
    page = office.get(f"/rounds/{rid}/items/{ref_a}?unit={UNIT_A}")
    assert "reopen-form" in page.text
    r = office.post(f"/plans/{web.plan_id}/reopen", data={"csrf_token": csrf_of(page.text), "ref": ref_a,
                                                         "reason": "复核", "next": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == f"/plans/{web.plan_id}/scores"
    admin = _client(app, "admin")
    page = admin.get("/unit-accounts")
    assert page.status_code == 200 and UNIT_A in page.text
    r = admin.post("/unit-accounts", data={"csrf_token": csrf_of(page.text), "username": "sthj", "unit": "发改委"})
    assert r.status_code == 303
    assert UNIT_A in TestClient(app).get("/api/unit/todo", headers=hdr_b).text  # now also reports for A
    assert office.get("/unit-accounts").status_code == 403
    audit = admin.get("/audit").text
    for words in ("发起", "报送", "审核通过", "销号", "恢复", "上传", "佐证材料", "调度事项"):
        assert words in audit


def test_uploads_over_the_limit_are_refused_while_streaming(web: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOCIV_EVIDENCE_MAX_MB", "0.01")
    app = _app(web)
    office = _client(app, "office")
    r = office.post("/rounds", data={"csrf_token": csrf_of(office.get("/rounds").text), "plan_id": str(web.plan_id),
                                     "kind": "adhoc", "due": dt.date.today().isoformat(), "kinds": ["task"]})
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    ref_a, _ = _refs(web)
    hdr = _token(app, "fgw")
    api = TestClient(app)
    rep = api.post(f"/api/rounds/{rid}/items/{ref_a}", headers=hdr, json={"progress_text": "x"}).json()
    big = PDF + b"0" * 20_000
    r = api.post(f"/api/reports/{rep['id']}/evidence?filename=big.pdf", headers=hdr, content=big)
    assert r.status_code == 413 and "大小上限" in r.json()["detail"]
    fgw = _client(app, "fgw")
    token = csrf_of(fgw.get(f"/rounds/{rid}/items/{ref_a}").text)
    r = fgw.post(f"/rounds/{rid}/items/{ref_a}", data={"csrf_token": token, "progress_text": "y"},
                 files={"file": ("big.pdf", big + b"0" * 300_000, "application/pdf")})
    assert r.status_code == 413
    r = api.post(f"/api/reports/{rep['id']}/evidence?filename=ok.pdf", headers=hdr, content=PDF)
    assert r.status_code == 200 and r.json()["size"] == len(PDF)
    assert api.get(f"/api/reports/{rep['id']}", headers=hdr).json()["evidence"][0]["filename"] == "ok.pdf"


def test_a_draft_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    c = build_cycle(url)
    app = _app(c)
    hdr = _token(app, "office")
    rnd = TestClient(app).post("/api/rounds", headers=hdr, json={
        "plan_id": c.plan_id, "kind": "monthly", "due": dt.date.today().isoformat(), "kinds": ["task"]}).json()
    ref_a, _ = _refs(c)
    TestClient(app).post(f"/api/rounds/{rnd['id']}/items/{ref_a}", headers=_token(app, "fgw"),
                         json={"progress_text": "草稿：已完成选址", "percent": 20}).raise_for_status()
    c.store.engine.dispose()

    from ecociv.store import open_store
    from ecociv.web import create_app

    again = create_app(open_store(url), secret=SECRET)
    fgw = _client(again, "fgw")
    page = fgw.get(f"/rounds/{rnd['id']}/items/{ref_a}")
    assert "草稿：已完成选址" in page.text and 'value="20"' in page.text
    assert "未报送（草稿）" in page.text
    again.state.store.engine.dispose()
