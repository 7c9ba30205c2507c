"""Point 1: values are validated where they enter (API, web form, CLI, JSON import), and a bad value
already in the database never takes a page down: it is shown as invalid, with the reason."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import REPO
from tests.web.conftest import PASSWORD, Site, csrf_of

from ecociv.errors import InputError
from ecociv.model import Observation


def _bearer(site: Site, user: str = "admin") -> dict[str, str]:
    r = TestClient(site.app).post("/api/token", json={"username": user, "password": PASSWORD})
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _key(site: Site, plan: str = "huichang") -> str:
    return str(site.store.get_plan(site.plans[plan]).indicators()[0][0])


@pytest.mark.parametrize("raw", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_api_refuses_non_finite_values(site: Site, raw: str) -> None:
    c = TestClient(site.app, headers=_bearer(site))
    body = f'[{{"key": "{_key(site)}", "year": 2023, "value": {raw}}}]'
    r = c.post(f"/api/plans/{site.plans['huichang']}/observations", content=body,
               headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "invalid-request", r.text
    assert "无穷大" in r.json()["detail"] or "JSON" in r.json()["detail"] or "数字" in r.json()["detail"]
    assert c.get(f"/api/plans/{site.plans['huichang']}").status_code == 200


def test_api_refuses_years_out_of_range_in_chinese(site: Site) -> None:
    c = TestClient(site.app, headers=_bearer(site))
    r = c.post(f"/api/plans/{site.plans['huichang']}/observations",
               json=[{"key": _key(site), "year": 99999, "value": 1}])
    assert r.status_code == 422 and "不能大于 2100" in r.json()["detail"] and "year" in r.json()["detail"]
    assert "Input should" not in r.text


def test_web_form_and_store_refuse_non_finite_values(site: Site) -> None:
    c = site.client("admin")
    plan = site.plans["huichang"]
    key = _key(site)
    token = csrf_of(c.get(f"/plans/{plan}/indicators/{key}").text)
    r = c.post(f"/plans/{plan}/observations", data={"key": key, "year": "2023", "value": "inf",
                                                    "csrf_token": token})
    assert r.status_code == 400 and "无穷大" in r.text
    with pytest.raises(InputError, match="无穷大"):
        site.store.add_observations(plan, [Observation(indicator_key=key, year=2023, value=float("nan"))])
    with pytest.raises(InputError, match="超出 1900—2100"):
        site.store.add_observations(plan, [Observation(indicator_key=key, year=20230, value=1.0)])


def test_bad_rows_written_with_sql_never_take_a_page_down(site: Site) -> None:
    plan, other = site.plans["yichun"], site.plans["ganxian"]
    p = site.store.get_plan(plan)
    keys = [k for k, ind in p.indicators() if not ind.sub_indicators][:3]
    ids = site.store.indicator_ids(plan)
    with site.store.engine.begin() as c:
        for ind, year, value in ((ids[keys[0]], 2023, float("inf")), (ids[keys[1]], 99999, 5.0),
                                 (ids[keys[2]], 2023, "abc")):
            c.execute(sa.text("INSERT INTO observations (indicator_id, year, value, recorded_at) "
                              "VALUES (:i, :y, :v, '2024-01-01 00:00:00')"), {"i": ind, "y": year, "v": value})
        c.execute(sa.text("UPDATE plans SET base_year = 'abc', period_start = 2030, period_end = 2020 WHERE id = :p"),
                  {"p": other})
    site.app.state.views.invalidate(plan)
    site.app.state.views.invalidate(other)
    c = TestClient(site.app, raise_server_exceptions=False, headers=_bearer(site))
    for path in ("/", f"/plans/{plan}", f"/plans/{other}", f"/api/plans/{plan}", f"/api/plans/{other}", "/api/plans",
                 f"/plans/{plan}/report.html", f"/plans/{other}/report.html", f"/plans/{plan}/report.xlsx",
                 f"/plans/{plan}/indicators/{keys[0]}", f"/plans/{plan}/indicators/{keys[1]}",
                 f"/compare?plan={plan}&key={keys[0]}"):
        assert c.get(path).status_code == 200, path
    assert c.get(f"/api/plans/{plan}/indicators/{keys[1]}").status_code < 500
    page = c.get(f"/plans/{other}").text
    assert "基准年无效" in page and "起止颠倒" in page
    page = c.get(f"/plans/{plan}/indicators/{keys[0]}").text
    assert "无效：数值不能是无穷大或 NaN" in page


def _json_plan(tmp_path: Path, **changes: Any) -> Path:
    from ecociv._serialize import plan_to_dict
    from ecociv.cli._plans import sample_plans

    d = plan_to_dict(sample_plans()[0])
    d["plan"].update(changes)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("changes", "expected"), [
    ({"base_year": "abc"}, "plan.base_year：年份“abc”不是整数"),
    ({"period": [2030, 2020]}, "plan.period：起始年 2030 晚于结束年 2020"),
    ({"stage_years": [2025, 99999]}, "plan.stage_years[1]：年份 99999 超出"),
    ({"title": 12}, "plan.title：不能为空"),
])
def test_json_import_validates_types_and_ranges(tmp_path: Path, changes: dict[str, Any], expected: str) -> None:
    path = _json_plan(tmp_path, **changes)
    r = subprocess.run([str(REPO / ".venv/bin/ecociv"), "import", str(path), "--save"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.startswith("错误：") and expected in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


_TOKENS: dict[str, dict[str, str]] = {}  # one API token for all examples

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_json, ref=st.sampled_from(["T1", "P1", "T1.1", "x", "T99999"]), field=st.sampled_from(
    ["key", "year", "value", "text", "note"]))
def test_write_routes_never_fail_with_a_server_error(site: Site, body: Any, ref: str, field: str) -> None:
    if "admin" not in _TOKENS:
        _TOKENS["admin"] = _bearer(site)
    c = TestClient(site.app, raise_server_exceptions=False, headers=_TOKENS["admin"])
    plan = site.plans["huichang"]
    item = {"key": _key(site), "year": 2023, "value": 1.0, field: body}
    for method, path, payload in (
        ("POST", f"/api/plans/{plan}/observations", body),
        ("POST", f"/api/plans/{plan}/observations", [item]),
        ("POST", f"/api/plans/{plan}/progress/{ref}", body),
        ("POST", f"/api/plans/{plan}/progress/{ref}", {"status": body, "note": body}),
        ("POST", "/api/token", body),
        ("DELETE", f"/api/tokens/{body if isinstance(body, int) else 0}", None),
    ):
        r = c.request(method, path, content=json.dumps(body if payload is None else payload, allow_nan=True),
                      headers={"Content-Type": "application/json"})
        assert r.status_code < 500, (path, payload, r.text)
        if r.status_code >= 400:
            assert "code" in r.json() and not r.json()["detail"].isascii(), r.text


@pytest.mark.parametrize("number", [str(2**63), str(-(2**63) - 1), "9" * 40])
def test_ids_beyond_64_bits_in_paths_are_not_found(site: Site, number: str) -> None:
    if "admin" not in _TOKENS:
        _TOKENS["admin"] = _bearer(site)
    c = TestClient(site.app, raise_server_exceptions=False, headers=_TOKENS["admin"])
    for method, path in (("DELETE", f"/api/tokens/{number}"), ("GET", f"/api/plans/{number}"), ("GET", f"/plans/{number}")):
        r = c.request(method, path)
        assert r.status_code == 404, (path, r.text)
        assert "编号超出范围" in r.text
    assert c.request("DELETE", f"/api/tokens/{2**63 - 1}").status_code == 404  # in range: simply not there
