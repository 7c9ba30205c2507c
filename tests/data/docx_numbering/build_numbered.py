"""Build a Word plan whose numbers Word adds itself (automatic numbering), and the same plan with
the numbers typed, as a bureau writes them either way.

Run from the repository root: ``.venv/bin/python tests/data/docx_numbering/build_numbered.py``
(writes ``yongxin-14th-five-eco-env-plan-libreoffice.docx``: the auto-numbered plan opened and
saved again by LibreOffice; the tests build the other two at run time with :func:`build`).

The automatic numbers are of the kinds published plans use: headings 一、/（一） through the
Heading styles and a numbering style (``w:numStyleLink``), a task list 1. 2. … with
〔责任单位：…〕 clauses (continued over two sections, restarted by ``w:startOverride`` in a third),
the 序号 column of the indicator table numbered down the rows, and a 专栏 of projects drawn as a
one-column table.  The wording and figures are our own.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
LIBREOFFICE = HERE / "yongxin-14th-five-eco-env-plan-libreoffice.docx"

INDICATORS = [
    ("细颗粒物（PM2.5）年均浓度", "微克/立方米", "26", "≤25", "约束性"),
    ("空气质量优良天数比例", "%", "95.6", "≥96", "约束性"),
    ("地表水达到或好于Ⅲ类水体比例", "%", "100", "100", "约束性"),
    ("县级集中式饮用水水源地水质达标率", "%", "100", "100", "约束性"),
    ("受污染耕地安全利用率", "%", "92", "≥93", "约束性"),
    ("森林覆盖率", "%", "70.2", "≥70.5", "预期性"),
]
# (section, [tasks]); a task's number is the list's: 1–4 over the first two sections, then 1–2
TASKS = [
    ("深入打好蓝天保卫战", [
        "推进工业炉窑综合治理。2023年底前完成陶瓷、建材企业深度治理。〔责任单位：县生态环境局、县工信局〕",
        "加强扬尘污染管控。建筑工地落实“六个百分之百”要求。〔责任单位：县住建局、县城管局〕",
    ]),
    ("深入打好碧水保卫战", [
        "实施城镇污水管网提质增效。新建改造污水管网35公里，2025年底前完成。〔责任单位：县住建局〕",
        "开展入河排污口排查整治。〔责任单位：县生态环境局、县水利局〕",
    ]),
    ("深入打好净土保卫战", [
        "推进受污染耕地安全利用。落实农艺调控措施，2025年安全利用率达到93%以上。〔责任单位：县农业农村局〕",
        "加强重点监管单位土壤污染隐患排查。〔责任单位：县生态环境局〕",
    ]),
]
PROJECTS = [
    "禾水河永新段水环境综合治理工程：建设生态护岸8公里，整治入河排污口12个。总投资：9600万元。实施年限：2022—2024年。责任单位：县水利局。",
    "县城污水处理厂扩建工程：新增处理规模2万吨/日。总投资：7800万元。实施年限：2023—2025年。责任单位：县住建局。",
]

_NUMBERING = f"""<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="10">
    <w:multiLevelType w:val="multilevel"/>
    <w:styleLink w:val="PlanHeadings"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>
      <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading2"/>
      <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:multiLevelType w:val="multilevel"/>
    <w:numStyleLink w:val="PlanHeadings"/>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="12">
    <w:multiLevelType w:val="hybridMultilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="13">
    <w:multiLevelType w:val="singleLevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/><w:lvlJc w:val="center"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="13"/></w:num>
  <w:num w:numId="6"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""
HEADINGS_NUM, TASKS_NUM, TASKS_RESTART_NUM, SEQ_NUM, PROJECTS_NUM = 1, 3, 4, 5, 6


def _number(paragraph: Any, num_id: int, ilvl: int | None = 0) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def _auto_numbering(d: Any) -> None:
    """Replace the template's numbering definitions by ours; number the Heading styles through
    the numbering style ``PlanHeadings`` (Heading 1 without a level: its level names the style)."""
    numbering = d.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(_NUMBERING):
        numbering.append(child)
    styles = d.styles.element
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:customStyle="1" w:styleId="PlanHeadings">'
        '<w:name w:val="Plan Headings"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    ))
    d.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = HEADINGS_NUM
    h2 = d.styles["Heading 2"].element.get_or_add_pPr().get_or_add_numPr()
    h2.get_or_add_ilvl().val = 1
    h2.get_or_add_numId().val = HEADINGS_NUM


_CN = "一二三四五六七八九十"


def build(path: Path, *, auto: bool) -> Path:
    """The plan, its numbers added by Word (``auto``) or typed."""
    d = docx.Document()
    if auto:
        _auto_numbering(d)
    heading_no = [0, 0]

    def heading(text: str, level: int) -> None:
        heading_no[level] += 1
        if level == 0:
            heading_no[1] = 0
        typed = f"{_CN[heading_no[0] - 1]}、" if level == 0 else f"（{_CN[heading_no[1] - 1]}）"
        d.add_paragraph(text if auto else typed + text, style="Heading 1" if level == 0 else "Heading 2")

    def item(text: str, num_id: int, n: int) -> None:
        p = d.add_paragraph(text if auto else f"{n}.{text}")
        if auto:
            _number(p, num_id)

    d.add_paragraph("永新县生态环境保护“十四五”规划", style="Title")
    heading("发展基础与目标", 0)
    d.add_paragraph("规划以2020年为基准年，规划期限为2021—2025年。")
    heading("主要指标", 1)
    d.add_paragraph("表1 永新县“十四五”生态环境保护主要指标")
    header = ["序号", "指标名称", "单位", "2020年", "2025年", "指标属性"]
    t = d.add_table(rows=1 + len(INDICATORS), cols=len(header))
    t.style = "Table Grid"
    for k, h in enumerate(header):
        t.cell(0, k).text = h
    for r, row in enumerate(INDICATORS, start=1):
        seq = t.cell(r, 0).paragraphs[0]
        if auto:
            _number(seq, SEQ_NUM)  # Word's 序号 column: an empty numbered paragraph per row
        else:
            seq.text = str(r)
        for k, text in enumerate(row, start=1):
            t.cell(r, k).text = text
    heading("主要任务", 0)
    n = 0
    for s, (section, tasks) in enumerate(TASKS):
        heading(section, 1)
        if s == 2:
            n = 0  # the third section's list starts again at 1 (w:startOverride)
        for task in tasks:
            n += 1
            item(task, TASKS_NUM if s < 2 else TASKS_RESTART_NUM, n)
    heading("重点工程", 0)
    d.add_paragraph("专栏1 “十四五”生态环境保护重点工程")
    box = d.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.cell(0, 0)
    for k, project in enumerate(PROJECTS, start=1):
        p = cell.paragraphs[0] if k == 1 else cell.add_paragraph()
        p.text = project if auto else f"{k}.{project}"
        if auto:
            _number(p, PROJECTS_NUM)
    heading("保障措施", 0)
    d.add_paragraph("县生态环境保护委员会每年对规划实施情况开展一次评估。")
    d.save(str(path))
    return path


_FILTERS = {".docx": "docx:MS Word 2007 XML", ".doc": "doc:MS Word 97", ".odt": "odt"}


def resave_with_libreoffice(source: Path, target: Path) -> Path:
    """Open ``source`` in LibreOffice and save it as ``target`` (.docx: LibreOffice's own numbering
    XML; .odt, .doc: its lists in those formats)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", _FILTERS[target.suffix], "--outdir", str(out), str(source)],
            check=True,
            capture_output=True,
            timeout=240,
        )
        shutil.move(str(out / (source.stem + target.suffix)), target)
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = build(Path(tmp) / LIBREOFFICE.name, auto=True)
        resave_with_libreoffice(source, LIBREOFFICE)


if __name__ == "__main__":
    main()
