"""Plans as web pages (a government site's page saved from the browser, Word/LibreOffice documents
saved as HTML) and in older word-processor formats (.doc, .odt, .rtf through LibreOffice)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import HUICHANG, YICHUN
from tests.importers.pdf._pdfmake import SOFFICE, plan_docx

from ecociv.importers import read_plan
from ecociv.importers._decode import decode_bytes
from ecociv.model import Plan

ECOCIV = str(Path(sys.executable).parent / "ecociv")

# A county site's article page, as saved from the browser: GB2312, navigation and a side menu in a
# layout table, the title in an <h1> outside the article's <div>, an indicator table with domains
# merged down (rowspan) and 目标值 spanning its year columns (colspan), a 专栏 box drawn as a
# one-column table, tasks with their responsible units.
GOV_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某县生态文明建设示范区规划（2024—2030年）_某某县人民政府</title>
<script>document.write("<table><tr><td>广告</td><td>x</td></tr></table>");</script>
<style>td { font-size: 14px }</style></head>
<body><div class="head"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 规划计划</div></div>
<table width="1000"><tr><td width="180"><ul><li>通知公告</li><li>政策解读</li><li>规划计划</li></ul></td><td>
<h1>某某县生态文明建设示范区规划（2024—2030年）</h1>
<div class="info">发布时间：2024-06-03&nbsp;&nbsp;来源：县生态环境局</div>
<div class="TRS_Editor">
<p>第一章&nbsp;规划总则</p>
<p>本规划以2023年为基准年，规划期为2024—2030年。规划范围为某某县全域，总面积1234平方公里。</p>
<p>第二章&nbsp;建设指标</p>
<p>表1&nbsp;某某县生态文明建设示范区建设指标</p>
<table border="1">
<tr><td rowspan="2">领域</td><td rowspan="2">序号</td><td rowspan="2">指标名称</td><td rowspan="2">单位</td><td rowspan="2">现状值（2023年）</td><td colspan="2">目标值</td><td rowspan="2">指标属性</td></tr>
<tr><td>2025年</td><td>2030年</td></tr>
<tr><td rowspan="2">生态安全</td><td>1</td><td>环境空气质量优良天数比例</td><td>%</td><td>95.6</td><td>≥96</td><td>≥97</td><td>约束性</td></tr>
<tr><td>2</td><td>地表水水质达到或优于Ⅲ类比例</td><td>%</td><td>100</td><td>100</td><td>100</td><td>约束性</td></tr>
<tr><td rowspan="2">生态空间</td><td>3</td><td>森林覆盖率</td><td>%</td><td>76.5</td><td>≥76.5</td><td>≥77</td><td>约束性</td></tr>
<tr><td>4</td><td>生态保护红线面积</td><td>平方公里</td><td>412.3</td><td>不减少</td><td>不减少</td><td>约束性</td></tr>
<tr><td>生态生活</td><td>5</td><td>城镇生活垃圾无害化处理率</td><td>%</td><td>100</td><td>100</td><td>100</td><td>参考性</td></tr>
</table>
<p>第三章&nbsp;主要任务</p>
<p>（一）推进大气污染防治。开展工业炉窑综合治理，2025年底前完成10家企业深度治理。〔责任单位：县生态环境局、县工信局〕</p>
<p>（二）加强水源地保护。完成3个乡镇级饮用水水源保护区规范化建设。〔责任单位：县水利局、县生态环境局〕</p>
<table border="1"><tr><td>专栏1&nbsp;生态环境保护重点工程</td></tr>
<tr><td>1.某某河流域水环境综合治理工程：治理河道12公里，总投资1.2亿元。</td></tr>
<tr><td>2.县城污水处理厂提标改造工程：处理规模2万吨/日，总投资8000万元。</td></tr></table>
</div><div class="share">【打印本页】【关闭窗口】</div></td></tr></table>
<div class="foot">主办单位：某某县人民政府办公室　ICP备12345678号</div></body></html>
"""


def _gov_page(tmp_path: Path) -> Path:
    path = tmp_path / "某某县生态文明建设示范区规划.html"
    path.write_bytes(GOV_PAGE.encode("gb18030"))
    return path


def test_government_page_saved_from_the_browser(tmp_path: Path) -> None:
    plan = read_plan(_gov_page(tmp_path))
    assert plan.title == "某某县生态文明建设示范区规划（2024—2030年）"
    assert plan.region == "某某县"
    assert plan.period == (2024, 2030) and plan.base_year == 2023
    (table,) = plan.indicator_tables
    rows = [(i.domain, i.name, i.unit, i.baseline.value if i.baseline else None, i.targets, i.attribute) for i in table.rows]
    assert rows == [
        ("生态安全", "环境空气质量优良天数比例", "%", "95.6", {2025: "≥96", 2030: "≥97"}, "约束性"),
        ("生态安全", "地表水水质达到或优于Ⅲ类比例", "%", "100", {2025: "100", 2030: "100"}, "约束性"),
        ("生态空间", "森林覆盖率", "%", "76.5", {2025: "≥76.5", 2030: "≥77"}, "约束性"),
        ("生态空间", "生态保护红线面积", "平方公里", "412.3", {2025: "不减少", 2030: "不减少"}, "约束性"),
        ("生态生活", "城镇生活垃圾无害化处理率", "%", "100", {2025: "100", 2030: "100"}, "参考性"),
    ]
    assert [i.baseline.year for i in table.rows if i.baseline] == [2023] * 5
    assert [t.units for t in plan.tasks] == [["县生态环境局", "县工信局"], ["县水利局", "县生态环境局"]]
    assert [(p.name, p.column, p.investment_wan_yuan) for p in plan.projects] == [
        ("某某河流域水环境综合治理工程", "专栏1 生态环境保护重点工程", 12000),
        ("县城污水处理厂提标改造工程", "专栏1 生态环境保护重点工程", 8000),
    ]
    # nothing of the site's furniture (menus, script, footer) reaches the plan
    text = repr(plan)
    for junk in ("政务公开", "广告", "ICP备", "打印本页"):
        assert junk not in text
    assert table.explain is not None and "HTML" in str(table.explain)


def test_page_declaring_the_wrong_charset_is_read_and_said(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(GOV_PAGE.replace("charset=gb2312", "charset=utf-8").encode("gb18030"))
    plan = read_plan(path)
    assert plan.title == "某某县生态文明建设示范区规划（2024—2030年）"
    assert any(f.slug == "encoding-declared-wrong" for f in plan.warnings)


def test_unclosed_items_in_dropped_parts_do_not_swallow_the_page(tmp_path: Path) -> None:
    # old sites: a <head> never closed, a menu of <li> and a link box of <option> never closed
    page = GOV_PAGE.replace("</head>", "").replace(
        '<div class="head">',
        '<nav><ul><li>首页<li>政务公开<li>互动交流</ul></nav>'
        '<select name="links"><option>国务院<option>省政府<option>市政府</select><div class="head">',
    )
    path = tmp_path / "old.html"
    path.write_bytes(page.encode("gb18030"))
    plan = read_plan(path)
    assert plan.title == "某某县生态文明建设示范区规划（2024—2030年）"
    assert [len(t.rows) for t in plan.indicator_tables] == [5]
    assert len(plan.tasks) == 2 and len(plan.projects) == 2
    assert "省政府" not in repr(plan)


def _fields(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (i.name, i.domain, i.seq, i.unit, i.standard, i.baseline.value if i.baseline else None, sorted(i.targets.items()), i.attribute)
        for t in plan.indicator_tables
        for r in t.rows
        for i in r.walk()
    ]


def _convert(word: Path, target: str) -> Path:
    assert SOFFICE
    out = word.parent / target.split(":")[0]
    out.mkdir(exist_ok=True)
    profile = (word.parent / ".lo").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(out), str(word)], check=True, capture_output=True, timeout=240)
    (made,) = out.iterdir()
    return made


needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed")


@needs_office
@pytest.mark.parametrize(
    ("source", "target"),
    [(HUICHANG, "html:XHTML Writer File:UTF8"), (YICHUN, "html:XHTML Writer File:UTF8"), (HUICHANG, "htm:HTML (StarWriter)")],
    ids=["huichang-xhtml", "yichun-xhtml", "huichang-starwriter"],
)
def test_sample_plan_saved_as_web_page_reads_like_the_word_document(source: Path, target: str, tmp_path: Path) -> None:
    word = plan_docx(decode_bytes(source.read_bytes(), str(source), None).lines, tmp_path / f"{source.stem}.docx")
    a, b = read_plan(word), read_plan(_convert(word, target))
    assert _fields(b) == _fields(a) and len(_fields(a)) > 30
    assert [t.title for t in b.tasks] == [t.title for t in a.tasks]
    assert [p.name for p in b.projects] == [p.name for p in a.projects]
    assert (b.title, b.region, b.period, b.base_year) == (a.title, a.region, a.period, a.base_year)
    assert sorted(f.slug for f in b.warnings) == sorted(f.slug for f in a.warnings)


@needs_office
@pytest.mark.parametrize("target", ["doc", "odt"])
def test_older_word_formats_are_converted_by_libreoffice(target: str, tmp_path: Path) -> None:
    word = plan_docx(decode_bytes(HUICHANG.read_bytes(), str(HUICHANG), None).lines, tmp_path / "会昌.docx")
    a, b = read_plan(word), read_plan(_convert(word, target))
    assert _fields(b) == _fields(a)
    assert len(b.tasks) == len(a.tasks) and len(b.projects) == len(a.projects)
    (note,) = [f for f in b.warnings if f.slug == "converted-by-libreoffice"]
    assert note.file == f"会昌.{target}" and "LibreOffice" in note.message
    assert str(note).count(note.file) == 1  # the file is named once (was "会昌.doc：会昌.doc：…")


def test_without_libreoffice_a_doc_is_refused_in_chinese(tmp_path: Path) -> None:
    doc = tmp_path / "规划.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    r = subprocess.run([ECOCIV, "import", str(doc)], capture_output=True, text=True, env={**os.environ, "ECOCIV_SOFFICE": ""}, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "LibreOffice" in r.stderr and "另存为 .docx" in r.stderr and "规划.doc" in r.stderr


def test_a_libreoffice_without_calc_is_named_when_a_workbook_does_not_convert(tmp_path: Path) -> None:
    """A LibreOffice installed with Writer only (Debian's libreoffice-writer-nogui) cannot convert
    .xls: the message says which component is missing, not that the file may be damaged."""
    from ecociv.importers._legacy import has_calc, soffice

    program = tmp_path / "program" / "soffice"  # an installation without Calc's library
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    assert not has_calc(str(program))
    real = soffice()
    if real is not None and (Path(real).resolve().parent / "libsclo.so").exists():
        assert has_calc(real)
    xls = tmp_path / "附件1 指标体系.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    r = subprocess.run([ECOCIV, "import", str(xls)], capture_output=True, text=True,
                       env={**os.environ, "ECOCIV_SOFFICE": str(program)}, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "附件1 指标体系.xls" in r.stderr and "Calc" in r.stderr and "libreoffice-calc-nogui" in r.stderr
