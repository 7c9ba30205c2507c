"""The pages over the sample plans: what a user sees, and entering data changes it."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import quote

from openpyxl import load_workbook
from tests.web._helpers import chart_option, flipping_indicator, summary_stored_now
from tests.web.conftest import Site, csrf_of

from ecociv.assess import assess_plan
from ecociv.reports._chart_options import first_number


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_home_lists_plans_with_status_counts(site: Site) -> None:
    c = site.client("viewer")
    r = c.get("/")
    assert r.status_code == 200
    for name in ("huichang", "yichun", "ganxian"):
        assert f'href="/plans/{site.plans[name]}"' in r.text
        assert site.regions[name] in r.text
    # counts shown are the assessment's over the table rows
    plan = site.store.get_plan(site.plans["huichang"])
    rows = sum(1 for k, _ in plan.indicators() if k.count("/") == 1
               and plan.indicator_tables[int(k.split("/")[0])].kind == "system")
    row = re.search(rf'href="/plans/{site.plans["huichang"]}">.*?</tr>', r.text, re.S)
    assert row
    shown = [int(n) for n in re.findall(r'class="badge \w+" title="[^"]+">\S+ (\d+)<', row.group(0))]
    assert len(shown) == 4 and sum(shown) == rows


def test_home_search_and_api_agree(site: Site) -> None:
    c = site.client("viewer")
    r = c.get("/", params={"q": site.regions["yichun"]})
    assert f'href="/plans/{site.plans["yichun"]}"' in r.text
    assert f'href="/plans/{site.plans["huichang"]}"' not in r.text
    api = c.get("/api/plans", params={"q": site.regions["yichun"]}).json()
    assert api["total"] == 1 and api["plans"][0]["id"] == site.plans["yichun"]
    assert set(api["plans"][0]["counts"]) == {"达标", "未达标", "待核定", "无数据"}


def test_home_names_binding_indicators_at_risk(site: Site) -> None:
    pid = site.plans["yichun"]
    plan = site.store.get_plan(pid)
    year = dt.date.today().year - 1
    key, bad, _good = flipping_indicator(plan, site.store.observations(pid), year, binding=True)
    name = dict(plan.indicators())[key].name
    c = site.client("yc-editor")
    before = next(p for p in c.get("/api/plans").json()["plans"] if p["id"] == pid)
    assert f"{name}（未达标）" not in before["at_risk"]
    token = csrf_of(c.get("/").text)
    r = c.post(f"/plans/{pid}/observations", data={"key": key, "year": str(year), "value": str(bad), "csrf_token": token})
    assert r.status_code == 303
    after = next(p for p in c.get("/api/plans").json()["plans"] if p["id"] == pid)
    assert f"{name}（未达标）" in after["at_risk"]
    assert after["counts"]["未达标"] == before["counts"]["未达标"] + 1
    binding = {i.name for _, i in plan.indicators() if "约束" in (i.attribute or "")}
    for entry in after["at_risk"]:
        n, why = entry.rsplit("（", 1)
        assert n in binding and why.rstrip("）") in ("未达标", "进展缓慢", "偏离目标")
    assert f"{name}（未达标）" in c.get("/", params={"q": site.regions["yichun"]}).text


def test_plan_page_prints_the_indicator_table(site: Site) -> None:
    c = site.client("viewer")
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    r = c.get(f"/plans/{pid}")
    assert r.status_code == 200
    for table in plan.indicator_tables:
        assert table.title in r.text
    keys = re.findall(r'<tr class="depth\d" data-key="([^"]+)"', r.text)
    assert keys == [k for k, _ in plan.indicators()]
    text = _text(r.text)
    for _k, ind in plan.indicators()[:20]:
        assert ind.name in r.text
        if ind.standard:
            assert ind.standard.replace("<", "&lt;").replace(">", "&gt;") in r.text or ind.standard in text


def test_plan_filters(site: Site) -> None:
    c = site.client("viewer")
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    domain = next(i.domain for _, i in plan.indicators() if i.domain)
    r = c.get(f"/plans/{pid}", params={"domain": domain})
    keys = re.findall(r'data-key="([^"]+)"', r.text)
    assert keys and all(dict(plan.indicators())[k].domain == domain for k in keys)
    attr = next(i.attribute for _, i in plan.indicators() if i.attribute)
    keys = re.findall(r'data-key="([^"]+)"', c.get(f"/plans/{pid}", params={"attribute": attr}).text)
    assert keys and all(dict(plan.indicators())[k].attribute == attr for k in keys)
    r = c.get(f"/plans/{pid}", params={"status": "无数据"})
    statuses = re.findall(r'<span class="status \w+" title="[^"]*">(\S+)</span>', r.text)
    assert statuses and set(statuses) == {"无数据"}


def test_entering_a_value_changes_status_chart_history_and_audit(site: Site) -> None:
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    year = dt.date.today().year - 1
    key, bad, good = flipping_indicator(plan, site.store.observations(pid), year)
    c = site.client("hc-editor")
    page = c.get(f"/plans/{pid}/indicators/{key}")
    token = csrf_of(page.text)
    for value, expected in ((bad, "未达标"), (good, "达标")):
        r = c.post(f"/plans/{pid}/observations",
                   data={"key": key, "year": str(year), "value": str(value), "csrf_token": token})
        assert r.status_code == 303
        summary_stored_now(site.store, pid)  # the home page's summary is stored before anyone asks
        page = c.get(r.headers["location"]).text
        assert re.search(rf'id="status">{expected}<', page), expected
        row = re.search(rf'data-key="{re.escape(key)}">.*?</tr>', c.get(f"/plans/{pid}").text, re.S)
        assert row and f">{expected}</span>" in row.group(0)
    # the chart's data holds the year's value coloured as judged; the history lists who and when
    option = chart_option(page, "chart-indicator")
    actual = next(x for x in option["series"] if x["name"] == "实际值")
    point = actual["data"][option["xAxis"]["data"].index(str(year))]
    assert point["value"] == good and point["status"] == "达标" and point["itemStyle"]["color"] == "#2e7d32"
    assert page.count("hc-editor") >= 3  # header + two history rows
    entries = site.store.audit_log(limit=1, entity="observation")
    assert entries[0].username == "hc-editor"
    # the home page's cached counts follow the change (assessment agrees)
    obs = site.store.observations(pid)
    a = assess_plan(plan, obs, year)
    assert next(i for i in a.indicators if i.key == key).standard.label == "达标"


def test_indicator_chart_draws_standard_and_targets(site: Site) -> None:
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    key = next(k for k, i in plan.indicators()
                    if i.standard and re.search(r"\d", i.standard) and any(re.search(r"\d", t or "") for t in i.targets.values()))
    page = site.client("viewer").get(f"/plans/{pid}/indicators/{key}").text
    option = chart_option(page, "chart-indicator")
    marks = {x["name"]: x["markLine"]["data"][0]["yAxis"] for x in option["series"] if "markLine" in x}
    assert marks["指标值"] == first_number(plan.indicators()[[k for k, _ in plan.indicators()].index(key)][1].standard)
    assert any(name.endswith("年目标") for name in marks)
    assert option["toolbox"]["feature"]["saveAsImage"]


def test_compare_across_regions(site: Site) -> None:
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    yichun = site.store.get_plan(site.plans["yichun"])
    names = {i.name for _, i in yichun.indicators()}
    key = next(k for k, i in plan.indicators() if i.name in names)
    c = site.client("viewer")
    r = c.get("/compare", params={"plan": pid, "key": key})
    assert r.status_code == 200
    assert site.regions["huichang"] in r.text and site.regions["yichun"] in r.text
    option = chart_option(r.text, "chart-compare")
    bars = [d for x in option["series"] if x["type"] == "bar" for d in x["data"] if d]
    assert all(d["link"].startswith("/plans/") for d in bars)
    api = c.get(f"/api/plans/{pid}/compare/{key}").json()
    assert {cell["region"] for cell in api["cells"]} >= {site.regions["huichang"], site.regions["yichun"]}


def test_tasks_by_department_overdue_first(site: Site) -> None:
    pid = site.plans["ganxian"]
    c = site.client("viewer")
    r = c.get(f"/plans/{pid}/tasks", params={"as_of": "2025-06-30"})
    assert r.status_code == 200
    api = c.get(f"/api/plans/{pid}/tasks", params={"as_of": "2025-06-30"}).json()
    assert api["overdue"] > 0
    overdue_counts = [d["overdue"] for d in api["departments"]]
    assert overdue_counts == sorted(overdue_counts, reverse=True)
    for d in api["departments"]:
        flags = [t["overdue"] for t in d["tasks"]]
        assert flags == sorted(flags, reverse=True)  # overdue first within a department
    first = api["departments"][0]["name"]
    assert r.text.index(first) < r.text.index(api["departments"][-1]["name"])


def test_task_status_form_by_editor_of_region(site: Site) -> None:
    pid = site.plans["huichang"]
    c = site.client("hc-editor")
    page = c.get(f"/plans/{pid}/tasks")
    token = csrf_of(page.text)
    r = c.post(f"/plans/{pid}/progress/T1", data={"status": "推进中", "note": "已开工", "csrf_token": token})
    assert r.status_code == 303
    page = c.get(f"/plans/{pid}/tasks").text
    row = re.search(r'<tr id="T1".*?</tr>', page, re.S)
    assert row and "推进中" in row.group(0) and "已开工" in row.group(0)
    other = site.plans["yichun"]
    assert c.post(f"/plans/{other}/progress/T1", data={"status": "推进中", "csrf_token": token}).status_code == 403
    viewer = site.client("viewer")
    vt = csrf_of(viewer.get("/").text)
    assert viewer.post(f"/plans/{pid}/progress/T1", data={"status": "已完成", "csrf_token": vt}).status_code == 403
    assert site.store.audit_log(limit=1, entity="progress")[0].username == "hc-editor"


def test_projects_with_investment_totals(site: Site) -> None:
    totals = {n: sum(p.investment_wan_yuan or 0 for p in site.store.get_plan(pid).projects)
              for n, pid in site.plans.items()}
    name = max(totals, key=lambda n: totals[n])  # the sample plan that states investments
    pid = site.plans[name]
    plan = site.store.get_plan(pid)
    expected = totals[name]
    assert plan.projects
    c = site.client("viewer")
    api = c.get(f"/api/plans/{pid}/projects").json()
    assert abs(api["total_wan_yuan"] - expected) < 1e-6
    assert sum(len(col["projects"]) for col in api["columns"]) == len(plan.projects)
    page = c.get(f"/plans/{pid}/projects").text
    total = re.search(r'id="total">([^<]+)<', page)
    assert total and abs(float(total.group(1).replace(",", "")) - expected) < 0.01 * max(1, expected)
    assert f"共 {len(plan.projects)} 项" in page
    unknown = sum(1 for p in plan.projects if p.investment_wan_yuan is None)
    if unknown == len(plan.projects):
        assert "均未注明投资" in page
    else:
        assert (f"其中 {unknown} 项未注明投资" in page) == (unknown > 0)
    for col in {p.column for p in plan.projects if p.column}:
        assert col in page


def test_workbook_upload_validate_then_confirm(site: Site) -> None:
    pid = site.plans["yichun"]
    plan = site.store.get_plan(pid)
    c = site.client("yc-editor")
    r = c.get(f"/plans/{pid}/template.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.active
    header = [cell.value for cell in ws[1]]
    year = plan.base_year + 2 if plan.base_year else 2023
    col = header.index(f"{year}年") + 1
    keys = {ws.cell(row=i, column=1).value: i for i in range(2, ws.max_row + 1)}
    pct = [k for k, ind in plan.indicators() if k in keys and (ind.unit or "").strip() == "%" and not ind.sub_indicators]
    good_key, bad_key = pct[0], pct[1]
    ws.cell(row=keys[good_key], column=col, value=88.8)
    ws.cell(row=keys[bad_key], column=col, value=250)  # a percentage above 100
    buf = io.BytesIO()
    wb.save(buf)
    page = c.get(f"/plans/{pid}/upload")
    token = csrf_of(page.text)
    before = len(site.store.observation_history(pid, good_key))
    r = c.post(f"/plans/{pid}/upload", data={"csrf_token": token},
               files={"file": ("填报.xlsx", buf.getvalue(), "application/octet-stream")})
    assert r.status_code == 200, r.text
    assert "校验结果" in r.text
    assert re.search(r"填报\.xlsx 工作表“[^”]+” 第\d+行 [A-Z]+列", r.text)  # named as the user knows the file
    assert len(site.store.observation_history(pid, good_key)) == before  # nothing written yet
    form = dict(re.findall(r'name="(token|suffix|filename|partial)" value="([^"]*)"', r.text))
    form["csrf_token"] = token
    r = c.post(f"/plans/{pid}/upload/confirm", data=form)
    assert r.status_code == 303
    summary_stored_now(site.store, pid)
    hist = site.store.observation_history(pid, good_key)
    assert len(hist) > before  # the template also carries the baseline, which is recorded again
    assert any(o.year == year and o.value == 88.8 and o.recorded_by == "yc-editor" for o in hist)
    assert not any(o.year == year and o.value == 250 for o in site.store.observation_history(pid, bad_key))
    # the same upload cannot be confirmed twice
    assert c.post(f"/plans/{pid}/upload/confirm", data=form).status_code == 400
    # an editor of another region may not upload here
    other = site.client("hc-editor")
    assert other.get(f"/plans/{pid}/upload").status_code == 403


def test_errors_are_chinese_pages(site: Site) -> None:
    c = site.client("viewer")
    r = c.get("/plans/99999")
    assert r.status_code == 404 and "未找到" in r.text
    r = c.get(f"/plans/{site.plans['huichang']}/indicators/{quote('9/9')}")
    assert r.status_code == 404 and "9/9" in r.text
    assert c.get("/api/plans/99999").status_code == 404


def test_api_openapi_and_local_docs(site: Site) -> None:
    c = site.client("viewer")
    spec = c.get("/api/openapi.json").json()
    assert "/api/plans" in spec["paths"] and "/api/plans/{plan_id}/observations" in spec["paths"]
    docs = c.get("/api/docs").text
    assert "cdn" not in docs.lower() and "/static/app.js" in docs
    assert c.get("/docs").status_code == 404  # no CDN-based Swagger UI


def test_pages_reference_only_local_assets(site: Site) -> None:
    c = site.client("admin")
    pid = site.plans["huichang"]
    for path in ("/", f"/plans/{pid}", f"/plans/{pid}/indicators/0/0", "/compare", f"/plans/{pid}/tasks",
                 f"/plans/{pid}/projects", "/audit", "/api/docs", f"/plans/{pid}/upload"):
        html = c.get(path).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert url.startswith(("/", "#", "?")), (path, url)
    css = c.get("/static/style.css")
    assert css.status_code == 200 and "url(http" not in css.text and "@import" not in css.text


def test_warming_caches_every_plan(site: Site) -> None:
    import sqlalchemy as sa

    from ecociv.store import tables as T
    from ecociv.web._views import Views

    with site.store.engine.begin() as c:  # a database written by a release that stored no summaries
        c.execute(sa.delete(T.plan_summaries))
    views = Views(site.store)
    assert views.warm() == len(site.plans)
    assert Views(site.store).warm() == 0  # stored and current: a restarted server computes nothing
    cards, total = views.plan_cards()
    assert total == len(site.plans) and all(sum(c.counts.values()) >= 0 for c in cards)
    assert set(views._summaries) == set(site.plans.values())
    # a restarted server takes the stored summaries: its first page assesses nothing
    again = Views(site.store)
    assert [(c.id, c.counts, c.at_risk) for c in again.plan_cards()[0]] == [(c.id, c.counts, c.at_risk) for c in cards]
    assert not again._cache


def test_plan_page_offers_the_yearly_report_in_three_formats(site: Site) -> None:
    from docx import Document

    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    c = site.client("viewer")
    page = c.get(f"/plans/{pid}").text
    for fmt in ("docx", "xlsx", "html"):
        assert f"/plans/{pid}/report.{fmt}" in page
    r = c.get(f"/plans/{pid}/report.docx")
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert plan.region in text and "可达性分析" in text
    wb = load_workbook(io.BytesIO(c.get(f"/plans/{pid}/report.xlsx").content))
    assert len(wb.sheetnames) >= 3
    html = c.get(f"/plans/{pid}/report.html")
    assert html.headers["content-type"].startswith("text/html") and "总体情况" in html.text
    bad = c.get(f"/plans/{pid}/report.pdf")
    assert bad.status_code == 400 and "不支持的报告格式" in bad.text


def test_indicator_page_names_its_catalog_and_flags_it_unverified(site: Site) -> None:
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    key = next(k for k, i in plan.indicators() if "污水处理率" in i.name)
    page = site.client("viewer").get(f"/plans/{pid}/indicators/{key}").text
    assert 'id="catalog"' in page and "未从官方文本核实" in page and "生态" in page


def test_home_and_plan_filters(site: Site) -> None:
    c = site.client("viewer")
    every = c.get("/").text
    assert all(site.regions[k] in every for k in ("huichang", "yichun", "ganxian"))
    by_name = c.get("/", params={"q": "会昌"}).text
    assert site.regions["huichang"] in by_name and f'/plans/{site.plans["yichun"]}"' not in by_name
    # only plans with at least one indicator of that status (as the counts on the cards say)
    cards, _ = site.app.state.views.plan_cards(per_page=100)
    for status in ("无数据", "未达标"):
        page = c.get("/", params={"status": status}).text
        shown = {int(i) for i in re.findall(r'<td><a href="/plans/(\d+)">', page)}
        assert shown == {card.id for card in cards if card.counts.get(status)}, status
    assert f'/plans/{site.plans["ganxian"]}"' not in c.get("/", params={"status": "无数据"}).text
    pid = site.plans["huichang"]
    plan = site.store.get_plan(pid)
    name = next(i.name for k, i in plan.indicators() if k.count("/") == 1 and len(i.name) > 4)
    found = c.get(f"/plans/{pid}", params={"q": name[:4]}).text
    assert name in found and "显示" in found
    rows = re.findall(r'<tr class="depth\d" data-key="([^"]+)"', found)
    assert rows and all(name[:4] in dict(plan.indicators())[k].name or "/" in k[2:] for k in rows)
