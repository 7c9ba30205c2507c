"""Word's automatic numbering (numbering.xml, ``w:numPr``): the numbers Word shows are part of
the text the importer reads — headings 一、/（一）, task lists, 专栏 items, a table's 序号 column —
whether Word or LibreOffice saved the file (tests/data/docx_numbering/build_numbered.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import DATA
from ecociv._serialize import plan_to_dict
from ecociv.importers import read_plan
from ecociv.importers._docx import docx_lines

HERE = DATA / "docx_numbering"
sys.path.insert(0, str(HERE))
from build_numbered import LIBREOFFICE, build, resave_with_libreoffice  # noqa: E402

SOFFICE = shutil.which("soffice")


def _plan(path: Path) -> dict[str, Any]:
    data = plan_to_dict(read_plan(path))
    data["plan"].pop("source_file")
    for warning in data["warnings"]:
        warning.pop("file")
    return data


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _plan(build(tmp_path_factory.mktemp("typed") / "yongxin.docx", auto=False))


def _check_typed(plan: dict[str, Any]) -> None:
    """What the typed plan gives (so that comparing with it means something)."""
    (table,) = plan["indicator_tables"]
    assert [(r["seq"], r["name"]) for r in table["rows"]][:2] == [
        ("1", "细颗粒物（PM2.5）年均浓度"),
        ("2", "空气质量优良天数比例"),
    ]
    assert len(table["rows"]) == 6
    tasks = [(t["section"], t["units"]) for t in plan["tasks"]]
    assert tasks[0] == ("1. 推进工业炉窑综合治理", ["县生态环境局", "县工信局"])
    assert tasks[3] == ("4. 开展入河排污口排查整治", ["县生态环境局", "县水利局"])
    assert tasks[4] == ("1. 推进受污染耕地安全利用", ["县农业农村局"])
    assert len(tasks) == 6
    assert [(p["name"], p["investment_wan_yuan"]) for p in plan["projects"]] == [
        ("禾水河永新段水环境综合治理工程", 9600.0),
        ("县城污水处理厂扩建工程", 7800.0),
    ]
    assert plan["warnings"] == []


def test_auto_numbered_plan_reads_as_the_typed_one(typed: dict[str, Any], tmp_path: Path) -> None:
    _check_typed(typed)
    auto = build(tmp_path / "yongxin.docx", auto=True)
    assert _plan(auto) == typed


def test_auto_numbered_plan_saved_by_libreoffice(typed: dict[str, Any]) -> None:
    """LibreOffice writes its own numbering definitions (taiwaneseCountingThousand, one list per
    style) when it saves the plan again."""
    assert _plan(LIBREOFFICE) == typed


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed")
def test_auto_numbered_plan_kept_as_odt(typed: dict[str, Any], tmp_path: Path) -> None:
    """The plan kept as .odt: LibreOffice turns it into .docx for the reader, its lists into Word
    numbering.  (Its .doc export is not tested so: it splits a restarted list into one-item
    lists, and LibreOffice itself then shows 1. 1.)"""
    auto = build(tmp_path / "yongxin.docx", auto=True)
    plan = _plan(resave_with_libreoffice(auto, tmp_path / "yongxin.odt"))
    assert [w["slug"] for w in plan.pop("warnings")] == ["converted-by-libreoffice"]
    assert plan == {k: v for k, v in typed.items() if k != "warnings"}


def _lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}">{extra}<w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _numbered(path: Path, abstracts: list[str], nums: list[str], items: list[tuple[int | None, int, str]]) -> Path:
    """A document whose numbering part holds ``abstracts`` and ``nums``; each item a paragraph
    (numId or None, ilvl, text)."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for xml in [*abstracts, *nums]:
        numbering.append(parse_xml(_ns(xml)))
    for num_id, ilvl, text in items:
        p = d.add_paragraph(text)
        if num_id is not None:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num_id
    d.save(str(path))
    return path


def _ns(xml: str) -> str:
    """Declare the w namespace on the outermost element."""
    head, rest = xml.split(" ", 1)
    return f"{head} {nsdecls('w')} {rest}"


def _abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def _num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


FORMATS = [
    # numFmt, lvlText, w:start, the numbers Word shows for three paragraphs
    ("chineseCounting", "%1、", 9, ["九、", "十、", "十一、"]),
    ("chineseCountingThousand", "（%1）", 19, ["（十九）", "（二十）", "（二十一）"]),
    ("japaneseCounting", "第%1条", 1, ["第一条 ", "第二条 ", "第三条 "]),
    ("taiwaneseCountingThousand", "%1、", 100, ["一百、", "一百零一、", "一百零二、"]),
    ("ideographTraditional", "%1、", 1, ["甲、", "乙、", "丙、"]),
    ("decimalEnclosedCircle", "%1", 1, ["①", "②", "③"]),
    ("decimalEnclosedCircleChinese", "%1", 19, ["⑲", "⑳", "21 "]),
    ("upperLetter", "%1.", 25, ["Y.", "Z.", "AA."]),
    ("lowerLetter", "%1)", 1, ["a)", "b)", "c)"]),
    ("upperRoman", "%1.", 3, ["III.", "IV.", "V."]),
    ("lowerRoman", "（%1）", 1, ["（i）", "（ii）", "（iii）"]),
    ("decimalFullWidth", "%1．", 9, ["９．", "１０．", "１１．"]),
    ("decimal", "%1", 1, ["1 ", "2 ", "3 "]),
    ("bullet", "\uf0b7", 1, ["• ", "• ", "• "]),
    ("bullet", "●", 1, ["● ", "● ", "● "]),
    ("bullet", "\uf06c", 1, ["● ", "● ", "● "]),
]


@pytest.mark.parametrize(("fmt", "text", "start", "shown"), FORMATS, ids=[f"{f[0]}-{f[2]}" for f in FORMATS])
def test_number_formats(tmp_path: Path, fmt: str, text: str, start: int, shown: list[str]) -> None:
    path = _numbered(
        tmp_path / "formats.docx",
        [_abstract(1, _lvl(0, fmt, text, f'<w:start w:val="{start}"/>'))],
        [_num(1, 1)],
        [(1, 0, "加强监管"), (1, 0, "推进治理"), (None, 0, "说明文字"), (1, 0, "完善制度")],
    )
    assert docx_lines(path) == [
        f"{shown[0]}加强监管", f"{shown[1]}推进治理", "说明文字", f"{shown[2]}完善制度",
    ]


def test_format_given_as_markup_compatibility_content(tmp_path: Path) -> None:
    """Word 2010 writes a custom format (01, 02 …) for itself and a plain one for older readers."""
    custom = (
        '<w:lvl xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" w:ilvl="0">'
        '<w:start w:val="8"/><mc:AlternateContent><mc:Choice Requires="w14">'
        '<w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    path = _numbered(tmp_path / "custom.docx", [_abstract(1, custom)], [_num(1, 1)], [(1, 0, "甲"), (1, 0, "乙")])
    assert docx_lines(path) == ["08.甲", "09.乙"]


def test_levels_restart_and_legal_numbers(tmp_path: Path) -> None:
    """%1.%2 templates, w:isLgl (第一章 → 1.1), w:lvlRestart, w:startOverride and a level
    replaced by w:lvlOverride/w:lvl, a second list of the same definition continuing it."""
    chapters = _abstract(
        1,
        _lvl(0, "chineseCounting", "第%1章", '<w:start w:val="1"/><w:suff w:val="space"/>'),
        _lvl(1, "decimal", "%1.%2", '<w:start w:val="1"/><w:isLgl/>'),
        _lvl(2, "decimal", "（%3）", '<w:start w:val="1"/><w:lvlRestart w:val="1"/>'),
    )
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    replaced = (
        '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="%1、"/></w:lvl></w:lvlOverride>'
    )
    tasks = _abstract(2, _lvl(0, "decimal", "%1.", '<w:start w:val="1"/>'))
    path = _numbered(
        tmp_path / "levels.docx",
        [chapters, tasks],
        [_num(1, 1), _num(2, 2), _num(3, 2), _num(4, 2, override), _num(5, 2, replaced)],
        [
            (1, 0, "总则"), (1, 1, "规划范围"), (1, 2, "县域"), (1, 2, "乡镇"), (1, 1, "规划期限"),
            (1, 2, "近期"), (1, 0, "主要任务"), (1, 1, "大气"), (1, 2, "扬尘"),
            (2, 0, "甲任务"), (2, 0, "乙任务"), (3, 0, "丙任务"), (4, 0, "丁任务"), (5, 0, "戊任务"), (5, 0, "己任务"),
        ],
    )
    assert docx_lines(path) == [
        "第一章 总则", "1.1 规划范围", "（1）县域", "（2）乡镇", "1.2 规划期限",
        "（3）近期", "第二章 主要任务", "2.1 大气", "（1）扬尘",
        "1.甲任务", "2.乙任务", "3.丙任务", "1.丁任务", "E、戊任务", "F、己任务",
    ]


def test_style_numbering_and_number_switched_off(tmp_path: Path) -> None:
    """A paragraph style carrying w:numPr numbers its paragraphs (a style based on it too); a
    paragraph's own numId 0 switches the number off; the 序号 column counts down the table."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    numbering.append(parse_xml(_ns(_abstract(7, _lvl(0, "chineseCounting", "%1、", '<w:start w:val="1"/><w:suff w:val="nothing"/>')))))
    numbering.append(parse_xml(_ns(_abstract(8, _lvl(0, "decimal", "%1", '<w:start w:val="1"/>')))))
    numbering.append(parse_xml(_ns(_num(7, 7))))
    numbering.append(parse_xml(_ns(_num(8, 8))))
    style = d.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr()
    style.get_or_add_ilvl().val = 0
    style.get_or_add_numId().val = 7
    derived = d.styles.add_style("Plan Heading", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = d.styles["Heading 1"]
    d.add_paragraph("工作目标", style="Heading 1")
    d.add_paragraph("重点任务", style="Plan Heading")
    off = d.add_paragraph("附表", style="Heading 1")
    off._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
    t = d.add_table(rows=4, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "序号", "工作任务"
    for r, task in enumerate(["村庄清洁", "农村改厕", "污水治理"], start=1):
        t.cell(r, 0).paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 8
        t.cell(r, 1).text = task
    d.add_paragraph("保障措施", style="Heading 1")
    d.save(str(tmp_path / "styles.docx"))
    assert docx_lines(tmp_path / "styles.docx") == [
        "一、工作目标", "二、重点任务", "附表",
        "", "序号\t工作任务", "1\t村庄清洁", "2\t农村改厕", "3\t污水治理", "",
        "三、保障措施",
    ]


def test_bulleted_tasks_and_projects(tmp_path: Path) -> None:
    """Word's bullets (Symbol-font characters) are shown as the shapes they draw: a 专栏 whose
    projects are bulleted gives its projects, bulleted tasks keep their units."""
    symbol = _lvl(0, "bullet", "\uf0b7", '<w:start w:val="1"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>')
    d = docx.Document()
    numbering = d.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for xml in (_abstract(1, symbol), _num(1, 1), _num(2, 1)):
        numbering.append(parse_xml(_ns(xml)))
    for text, num_id in [
        ("泰和县2025年生态环境保护工作方案", None),
        ("一、重点任务", None),
        ("推进工业园区污水管网排查整治，2025年9月底前完成。〔责任单位：县工信局、县生态环境局〕", 1),
        ("开展农村黑臭水体治理。〔责任单位：县农业农村局〕", 1),
        ("专栏1 2025年重点项目", None),
    ]:
        p = d.add_paragraph(text)
        if num_id:
            p._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id
    box = d.add_table(rows=1, cols=1).cell(0, 0)
    for k, text in enumerate([
        "赣江泰和段岸线整治工程：整治岸线6公里。总投资：4200万元。责任单位：县水利局。",
        "工业园区污水处理厂提标改造工程：处理规模1万吨/日。总投资：3100万元。责任单位：县工信局。",
    ]):
        p = box.paragraphs[0] if k == 0 else box.add_paragraph()
        p.text = text
        p._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 2
    d.add_paragraph("二、保障措施")
    d.add_paragraph("县生态环境保护委员会办公室每季度调度一次。")
    d.save(str(tmp_path / "bullets.docx"))
    lines = docx_lines(tmp_path / "bullets.docx")
    assert "• 开展农村黑臭水体治理。〔责任单位：县农业农村局〕" in lines
    assert [line[:7] for line in lines if "工程：" in line] == ["• 赣江泰和段", "• 工业园区污"]
    plan = read_plan(tmp_path / "bullets.docx")
    assert [(t.title, t.units) for t in plan.tasks] == [
        ("推进工业园区污水管网排查整治", ["县工信局", "县生态环境局"]),
        ("开展农村黑臭水体治理", ["县农业农村局"]),
    ]
    assert [(p.name, p.investment_wan_yuan) for p in plan.projects] == [
        ("赣江泰和段岸线整治工程", 4200.0),
        ("工业园区污水处理厂提标改造工程", 3100.0),
    ]
