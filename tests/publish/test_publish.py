"""The public results site: official figures only, relative links, opens from file:// offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests._browser import CHROMIUM_MISSING, SKIP_REASON
from tests.conftest import GANXIAN, HUICHANG
from tests.web._helpers import boundaries_for
from typer.testing import CliRunner

from ecociv.cli import app
from ecociv.importers import read_plan
from ecociv.model import Observation
from ecociv.publish import build_site, select_official
from ecociv.reports._chart_options import reference_lines
from ecociv.store import open_store

runner = CliRunner()
#: figures that must never reach the public site: a provisional one, and a value later corrected
PROVISIONAL = 777.125
CORRECTED = 555.375


@pytest.fixture
def stored(tmp_path: Path) -> tuple[object, int, str, int]:
    store = open_store()
    pid = store.save_plan(read_plan(HUICHANG), user="test")
    store.save_plan(read_plan(GANXIAN), user="test")
    plan = store.get_plan(pid)
    key = next(k for k, i in plan.indicators() if k.count("/") == 1 and len(reference_lines(i)) >= 2)
    other = next(k for k, i in plan.indicators() if k.count("/") == 1 and k != key and (i.unit or "") in ("%", "％"))
    std = reference_lines(dict(plan.indicators())[key])[0].value
    store.add_observations(pid, [
        Observation(key, 2023, value=CORRECTED, source="统计局", note="内部核对中"),
        Observation(other, 2023, value=PROVISIONAL, source="监测数据计算", note="有效日数不足，仅供参考"),
    ], user="editor-a")
    store.add_observations(pid, [Observation(key, 2023, value=std + 1, source="统计局", note="内部说明不公开")],
                           user="editor-b")
    return store, pid, key, 2023


def _all_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".csv", ".json"))


def test_site_holds_official_figures_only(stored: tuple[object, int, str, int], tmp_path: Path) -> None:
    store, pid, key, year = stored
    out = tmp_path / "site"
    result = build_site(store, pid, out, year=year)
    assert (out / "index.html").exists() and (out / "data" / "results.xlsx").stat().st_size > 1000
    assert (out / "assets" / "echarts.min.js").exists() and (out / "assets" / "LICENSE-echarts").exists()
    text = _all_text(out)
    for secret in (str(PROVISIONAL), str(CORRECTED), "内部说明不公开", "内部核对中", "editor-a", "editor-b", "仅供参考，"):
        assert secret not in text, secret
    assert any(why.startswith("标注为“仅供参考”") for _, _, why in result.left_out)
    data = json.loads((out / "data" / "results.json").read_text(encoding="utf-8"))
    shown = next(i for i in data["indicators"] if i["key"] == key)
    assert [v["year"] for v in shown["values"]].count(year) == 1
    # every link is relative and points at a file of the site
    for page in out.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            assert not re.match(r"^(?:[a-z]+:)?//|^/", href), f"{page}: {href}"
            assert (page.parent / href).resolve().exists(), f"{page}: {href}"


def test_official_rule() -> None:
    obs = [Observation("0/1", 2022, value=1.0), Observation("0/1", 2023, value=2.0, note="暂定数"),
           Observation("0/2", 2024, value=3.0), Observation("0/3", 2022), Observation("0/4", 2022, text="已完成")]
    sel = select_official(obs, 2023)
    assert [(o.indicator_key, o.year) for o in sel.official] == [("0/1", 2022), ("0/4", 2022)]
    assert {why for _, _, why in sel.left_out} == {"标注为“暂定”", "晚于发布年份2023年", "无数值"}
    assert all(o.note is None for o in sel.official)


def test_publish_command(stored: tuple[object, int, str, int], tmp_path: Path) -> None:
    _store, pid, _key, _year = stored
    r = runner.invoke(app, ["publish", str(pid), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "已生成结果网站" in r.output and "未发布的数值" in r.output and "仅供参考" in r.output
    r = runner.invoke(app, ["publish", "不存在的规划", "-o", str(tmp_path / "x")])
    assert r.exit_code != 0 and "不存在的规划" in str(r.exception)  # main() prints it as 错误：… with exit 2


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM_MISSING, reason=SKIP_REASON)
def test_site_opens_from_file_with_no_other_host_and_map(stored: tuple[object, int, str, int], tmp_path: Path,
                                                         browser: object) -> None:
    _store, pid, key, year = stored
    geo = tmp_path / "gz.geojson"
    geo.write_text(json.dumps(boundaries_for("360700", leave_out="寻乌县")), encoding="utf-8")
    assert runner.invoke(app, ["map", "set-boundaries", str(geo)]).exit_code == 0
    out = tmp_path / "site"
    r = runner.invoke(app, ["publish", str(pid), "-o", str(out), "--year", str(year)])
    assert r.exit_code == 0, r.output
    assert (out / "map.html").exists()
    for width in (390, 1366):
        ctx = browser.new_context(viewport={"width": width, "height": 860})  # type: ignore[attr-defined]
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda req, seen=requests: seen.append(req.url))
        page.goto((out / "index.html").as_uri())
        page.wait_for_selector("div.echart canvas")
        page.click(f"tr[data-key='{key}'] a")
        page.wait_for_selector("div.echart canvas")
        marks = page.evaluate("() => echarts.getInstanceByDom(document.querySelector('div.echart')).getOption()"
                              ".series.filter(s => s.markLine).map(s => s.name)")
        assert "指标值" in marks
        page.goto((out / "map.html").as_uri())
        page.wait_for_selector("div.echart canvas")
        assert "寻乌县（边界文件中未找到）" in page.inner_text("main")
        for url in (out / "index.html").as_uri(), (out / "map.html").as_uri():
            page.goto(url)
            sw, iw = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            assert sw <= iw, (url, sw, iw)
        assert all(u.startswith("file://") for u in requests), [u for u in requests if not u.startswith("file://")]
        ctx.close()


def test_admin_downloads_the_site_as_zip(tmp_path: Path) -> None:
    import io
    import zipfile

    from tests.web.conftest import build_site as build_web
    from tests.web.conftest import csrf_of

    site = build_web(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    pid = site.plans["huichang"]
    viewer = site.client("viewer")
    token = csrf_of(viewer.get(f"/plans/{pid}").text)
    assert 'id="publish"' not in viewer.get(f"/plans/{pid}").text
    assert viewer.post(f"/plans/{pid}/publish", data={"csrf_token": token}).status_code == 403
    admin = site.client("admin")
    page = admin.get(f"/plans/{pid}").text
    assert 'id="publish"' in page
    r = admin.post(f"/plans/{pid}/publish", data={"csrf_token": csrf_of(page), "year": ""})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert {"index.html", "assets/echarts.min.js", "data/results.csv", "data/results.json"} <= set(names)
    assert site.store.audit_log(limit=1)[0].action == "publish"
    site.store.engine.dispose()
