"""Plan upload in the web: upload, read in the background (progress while it runs), summary,
confirm to save or replace; a bad document gives its Chinese message; viewers may not upload."""

from __future__ import annotations

import time

from tests.conftest import DATA, HUICHANG
from tests.web._helpers import summary_stored_now

from .conftest import Site, csrf_of


def _wait(c: object, token: str) -> dict[str, object]:
    for _ in range(600):
        s = c.get(f"/plans/import/{token}/status").json()  # type: ignore[attr-defined]
        if s["finished"]:
            return s
        time.sleep(0.1)
    raise AssertionError("the upload was never read")


def _upload(c: object, name: str, data: bytes) -> str:
    page = c.get("/plans/import")  # type: ignore[attr-defined]
    assert page.status_code == 200
    r = c.post(  # type: ignore[attr-defined]
        "/plans/import", data={"csrf_token": csrf_of(page.text)}, files={"file": (name, data, "application/octet-stream")}
    )
    assert r.status_code == 303, r.text
    return str(r.headers["location"]).rsplit("/", 1)[1]


def test_upload_summary_then_replace(site: Site) -> None:
    c = site.client("admin")
    assert 'href="/plans/import"' in c.get("/").text
    token = _upload(c, "会昌规划.txt", HUICHANG.read_bytes())
    assert _wait(c, token)["error"] is None
    page = c.get(f"/plans/import/{token}")
    assert page.status_code == 200
    assert "指标表 2 张" in page.text and "任务" in page.text and "确认保存" in page.text
    before = len(site.store.list_plans())
    # the same title and region is stored already: saving without replace is refused, nothing lost
    r = c.post(f"/plans/import/{token}/confirm", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 400 and "替换" in r.text
    r = c.post(f"/plans/import/{token}/confirm", data={"csrf_token": csrf_of(page.text), "replace": "1"})
    assert r.status_code == 303 and r.headers["location"] == f"/plans/{site.plans['huichang']}"
    assert len(site.store.list_plans()) == before
    summary_stored_now(site.store, site.plans["huichang"])  # the replaced plan, judged anew
    # the upload is gone once saved
    assert c.post(f"/plans/import/{token}/confirm", data={"csrf_token": csrf_of(page.text)}).status_code == 400


def test_bad_document_gives_its_message(site: Site) -> None:
    c = site.client("admin")
    token = _upload(c, "加密.pdf", (DATA / "plans-with-problems" / "encrypted.pdf").read_bytes())
    assert "PDF 已加密" in str(_wait(c, token)["error"])
    page = c.get(f"/plans/import/{token}")
    assert page.status_code == 400 and "PDF 已加密" in page.text and "加密.pdf" in page.text


def test_viewers_cannot_upload(site: Site) -> None:
    c = site.client("viewer")
    assert 'href="/plans/import"' not in c.get("/").text
    assert c.get("/plans/import").status_code == 403


def test_upload_an_excel_indicator_table(site: Site, tmp_path: object) -> None:
    from pathlib import Path

    from tests.importers._xlsxmake import indicator_workbook

    c = site.client("admin")
    assert ".xlsx" in c.get("/plans/import").text
    book = indicator_workbook(Path(str(tmp_path)) / "附件1.xlsx").read_bytes()
    token = _upload(c, "附件1 某某县生态文明建设示范区建设指标体系.xlsx", book)
    assert _wait(c, token)["error"] is None
    page = c.get(f"/plans/import/{token}")
    assert page.status_code == 200
    assert "某某县生态文明建设示范区建设指标体系" in page.text and "地区：某某县" in page.text and "指标表 1 张，指标 6 行" in page.text
