"""Point 2 and 9: uploads — duplicate (indicator, year) rows are errors naming the rows, a file of
millions of bad rows is reported in bounded memory, validation runs off the event loop, and the
confirmation token is valid only for the user and plan it was issued for."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import httpx
import pytest
from tests._server import running
from tests.web.conftest import PASSWORD, Site, csrf_of

from ecociv.observations import read_observations


def _csv(site: Site, plan: str, rows: list[tuple[str, float]], year: int = 2023) -> bytes:
    lines = [f"指标键,{year}年"] + [f"{k},{v}" for k, v in rows]
    return ("\n".join(lines) + "\n").encode()


def _pct_keys(site: Site, plan: str) -> list[str]:
    p = site.store.get_plan(site.plans[plan])
    return [k for k, ind in p.indicators() if (ind.unit or "").strip() == "%" and not ind.sub_indicators]


def test_duplicate_indicator_year_rows_are_errors_naming_the_rows(site: Site, tmp_path: object) -> None:
    key = _pct_keys(site, "huichang")[0]
    c = site.client("hc-editor")
    pid = site.plans["huichang"]
    token = csrf_of(c.get(f"/plans/{pid}/upload").text)
    body = _csv(site, "huichang", [(key, 50.0), (key, 60.0), (key, 70.0)])
    r = c.post(f"/plans/{pid}/upload", data={"csrf_token": token}, files={"file": ("dup.csv", body, "text/csv")})
    assert r.status_code == 200
    assert "第3行" in r.text and "第2行已填过" in r.text and "第4行" in r.text
    assert re.search(r"有效 1 行", r.text)


def test_millions_of_duplicate_rows_are_reported_in_bounded_memory(site: Site, tmp_path: object) -> None:
    from pathlib import Path

    key = _pct_keys(site, "huichang")[0]
    path = Path(str(tmp_path)) / "many.csv"
    path.write_bytes(_csv(site, "huichang", [(key, 50.0)] * 50_000))
    batch = read_observations(site.store.get_plan(site.plans["huichang"]), path)
    assert batch.rows_valid == 1 and len(batch.observations) == 1
    assert len(batch.errors) == 1000 and batch.errors_not_listed == 50_000 - 1 - 1000


def test_confirmation_token_is_bound_to_user_and_plan(site: Site) -> None:
    key = _pct_keys(site, "yichun")[0]
    pid = site.plans["yichun"]
    editor = site.client("yc-editor")
    token = csrf_of(editor.get(f"/plans/{pid}/upload").text)
    r = editor.post(f"/plans/{pid}/upload", data={"csrf_token": token},
                    files={"file": ("ok.csv", _csv(site, "yichun", [(key, 42.0)]), "text/csv")})
    upload = dict(re.findall(r'name="(token)" value="([^"]*)"', r.text))["token"]
    admin = site.client("admin")
    admin_csrf = csrf_of(admin.get("/").text)
    r = admin.post(f"/plans/{pid}/upload/confirm", data={"token": upload, "csrf_token": admin_csrf})
    assert r.status_code == 403 and "不是由当前账户" in r.text
    r = admin.post(f"/plans/{site.plans['huichang']}/upload/confirm", data={"token": upload, "csrf_token": admin_csrf})
    assert r.status_code == 403
    r = editor.post(f"/plans/{pid}/upload/confirm", data={"token": upload, "csrf_token": token})
    assert r.status_code == 303
    assert any(o.value == 42.0 and o.recorded_by == "yc-editor" for o in site.store.observation_history(pid, key))


@pytest.fixture
def server(site: Site) -> Iterator[str]:
    with running(site.app) as base:
        yield base


def test_other_users_are_served_while_a_large_upload_is_validated(site: Site, server: str) -> None:
    key = _pct_keys(site, "huichang")[0]
    body = _csv(site, "huichang", [(key, 50.0)] * 80_000)  # about 1 MB, seconds to check
    events: list[str] = []
    with httpx.Client(base_url=server, follow_redirects=False) as up:
        page = up.get("/login")
        csrf = csrf_of(page.text)
        up.post("/login", data={"username": "hc-editor", "password": PASSWORD, "csrf_token": csrf, "next": "/"})
        pid = site.plans["huichang"]
        token = csrf_of(up.get(f"/plans/{pid}/upload").text)

        def upload() -> None:
            r = up.post(f"/plans/{pid}/upload", data={"csrf_token": token},
                        files={"file": ("big.csv", body, "text/csv")}, timeout=600)
            events.append(f"upload {r.status_code}")

        t = threading.Thread(target=upload)
        t.start()
        with httpx.Client(base_url=server) as other:
            while t.is_alive() and not any(e.startswith("upload") for e in events):
                r = other.get("/login", timeout=600)
                assert r.status_code == 200
                events.append("other served")
        t.join(600)
    # a server blocked by the validation would answer at most once (before the upload arrived)
    assert "upload 200" in events and events.index("upload 200") >= 2, events


def test_a_50_mb_figures_file_is_refused_at_once(tmp_path: object) -> None:
    """Real fill-in files have one row per indicator; a 50 MB one (7 million rows) is refused quickly,
    in bounded memory, with a Chinese message — from the command line as from the web."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import REPO

    path = Path(str(tmp_path)) / "figures.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("指标键,2023年\n")
        fh.writelines("0/0,50\n" for _ in range(7_300_000))
    assert path.stat().st_size > 50_000_000
    env = {"ECOCIV_DATABASE_URL": f"sqlite:///{Path(str(tmp_path)) / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"}
    ecociv = str(REPO / ".venv/bin/ecociv")
    subprocess.run([ecociv, "sample", "load"], env=env, check=True, capture_output=True, timeout=120)
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.returncode); print(r.stderr)")
    r = subprocess.run([sys.executable, "-c", probe, ecociv, "observe", "import", "1", str(path)],
                       env=env, capture_output=True, text=True, timeout=60)
    peak_kb, code, stderr = r.stdout.split("\n", 2)
    assert code == "2" and "超过 100,000 行" in stderr and "Traceback" not in stderr
    assert int(peak_kb) < 1024 * 1024
