"""The 调度通报 of a round as DOCX (python-docx, CJK fonts through eastAsia) and XLSX (openpyxl,
text cells that a spreadsheet would run as formulas kept as text), and the list of units that have
not reported (CSV, for a notice)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from ecociv._cells import csv_text
from ecociv._word import set_font
from ecociv.errors import NotFoundError
from ecociv.workflow._scoring import PARTS, Score
from ecociv.workflow._status import SHOWN, Assignment, RoundStatus

__all__ = ["missing_csv", "round_docx", "round_xlsx", "safe_text"]


def safe_text(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, prefixed with ' so it stays text
    (the shared rule of :mod:`ecociv._cells`)."""
    return csv_text(value) if isinstance(value, str) else value


def _progress(a: Assignment) -> str:
    r = a.report
    if r is None:
        return ""
    bits = []
    if r.percent is not None:
        bits.append(f"完成 {r.percent:g}%")
    if r.done_value is not None:
        of = f" / {a.item.target_value:g}{a.item.target_unit or ''}" if a.item.target_value is not None else ""
        bits.append(f"完成 {r.done_value:g}{of}")
    if r.investment_wan_yuan is not None:
        bits.append(f"完成投资 {r.investment_wan_yuan:g} 万元")
    if r.progress_text:
        bits.append(r.progress_text)
    return "；".join(bits)


def _rows(st: RoundStatus) -> list[list[str]]:
    return [
        [a.item.ref, a.item.title, a.unit, a.state_name + ("（逾期）" if a.overdue else "（迟报）" if a.late else ""),
         _progress(a), (a.report.problems or "") if a.report else "", "已销号" if a.closed else "",
         (a.report.review_comment or "") if a.report else ""]
        for a in st.assignments
    ]


HEADERS = ["编号", "事项", "责任单位", "报送状态", "进展", "存在问题", "销号", "审核意见"]
SCORE_HEADERS = ["排名", "名称", "得分", "得分构成"]


def _summary(st: RoundStatus) -> str:
    c = st.counts
    return (f"本轮调度（{st.round.kind_name}，截止 {st.round.due.isoformat()}）共 {len(st.assignments)} 项报送任务，"
            + "，".join(f"{SHOWN[k]} {c[k]} 项" for k in SHOWN) + "。")




def _table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    """A bordered table, created at its full size at once (adding rows one by one is slow)."""
    table = doc.add_table(rows=len(rows) + 1, cols=len(headers))
    table.style = "Table Grid"
    cells = table._cells  # row-major, one per grid cell (no merged cells here)
    for k, v in enumerate(v for row in [headers, *rows] for v in row):
        cells[k].text = str(v)


def _para(doc: Any, text: str, *, heading: int | None = None) -> None:
    p = doc.add_heading(level=heading) if heading is not None else doc.add_paragraph()
    run = p.add_run(text)
    set_font(run, "黑体" if heading is not None else "仿宋")


def _score_rows(scores: list[Score]) -> list[list[str]]:
    return [[str(s.rank or "—"), s.name, "—" if s.score is None else f"{s.score:g}", s.explain()] for s in scores]


def round_docx(st: RoundStatus, path: Path, scores: list[Score] | None = None,
               region_scores: list[Score] | None = None) -> Path:
    """The 调度通报 as a Word document."""
    if not st.office:
        raise NotFoundError("只有规划办公室可以导出调度通报")
    doc = Document()
    set_font(doc.styles["Normal"], "仿宋")
    table_style = doc.styles["Table Grid"]
    set_font(table_style, "宋体")
    table_style.font.size = Pt(9)
    _para(doc, f"{st.round.title}通报", heading=0)
    _para(doc, f"规划：{st.plan_title}。{_summary(st)}（{dt.date.today().isoformat()} 生成）")
    late = st.late_units()
    _para(doc, "一、迟报、未报单位", heading=1)
    if late:
        _table(doc, ["责任单位", "逾期未报", "迟报", "未报送", "已退回"],
               [[u.unit, str(u.overdue), str(u.late_submitted), str(u.counts["missing"]), str(u.counts["returned"])]
                for u in late])
    else:
        _para(doc, "本轮无迟报、未报单位。")
    _para(doc, "二、各单位报送情况", heading=1)
    _table(doc, ["责任单位", *SHOWN.values()], [[u.unit, *(str(u.counts[k]) for k in SHOWN)] for u in st.units])
    _para(doc, "三、事项进展", heading=1)
    _table(doc, HEADERS, _rows(st))
    problems = [(a.unit, a.item.ref, a.report.problems) for a in st.assignments if a.report and a.report.problems]
    _para(doc, "四、存在问题", heading=1)
    for unit, ref, text in problems:
        _para(doc, f"{unit}（{ref}）：{text}")
    if not problems:
        _para(doc, "各单位未报告问题。")
    if scores is not None:
        _para(doc, "五、考评得分", heading=1)
        _table(doc, SCORE_HEADERS, _score_rows(scores))
        if region_scores:
            _para(doc, "下辖地区考评得分", heading=2)
            _table(doc, SCORE_HEADERS, _score_rows(region_scores))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def round_xlsx(st: RoundStatus, path: Path, scores: list[Score] | None = None,
               region_scores: list[Score] | None = None) -> Path:
    """The 调度通报 as a workbook: 汇总, 事项进展, 未报送单位, 考评."""
    if not st.office:
        raise NotFoundError("只有规划办公室可以导出调度通报")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    sheets: list[tuple[Any, list[str], list[list[Any]]]] = [
        (ws, ["责任单位", *SHOWN.values(), "逾期", "迟报"],
         [[u.unit, *(u.counts[k] for k in SHOWN), u.overdue, u.late_submitted] for u in st.units]),
        (wb.create_sheet("事项进展"), HEADERS, _rows(st)),
        (wb.create_sheet("未报送单位"), ["责任单位", "未报送事项"],
         [[u.unit, "、".join(a.item.ref for a in u.assignments if a.state in ("missing", "returned"))]
          for u in st.missing_units()]),
    ]
    if scores is not None:
        sheets.append((wb.create_sheet("考评"), SCORE_HEADERS + list(PARTS.values()),
                       [[*r, *(_share(p.share) for p in s.parts)] for r, s in zip(_score_rows(scores), scores,
                                                                                 strict=True)]))
    if region_scores:
        sheets.append((wb.create_sheet("下辖地区考评"), SCORE_HEADERS, _score_rows(region_scores)))
    for sheet, headers, rows in sheets:
        sheet.append(headers)
        for c in sheet[1]:
            c.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_text(v) for v in row])
            for c in sheet[sheet.max_row]:
                if isinstance(c.value, str):
                    c.data_type = "s"
    ws.insert_rows(1)
    ws["A1"] = safe_text(f"{st.round.title}：{_summary(st)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def _share(v: float | None) -> str:
    return "不适用" if v is None else f"{100 * v:.0f}%"


def missing_csv(st: RoundStatus) -> str:
    """Units that still owe reports, one line per unit (UTF-8 with BOM, for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["责任单位", "未报送事项数", "逾期", "事项"])
    for u in st.missing_units():
        owed = [a for a in u.assignments if a.state in ("missing", "returned")]
        w.writerow([safe_text(u.unit), len(owed), sum(a.overdue for a in owed),
                    safe_text("；".join(f"{a.item.ref} {a.item.title}" for a in owed))])
    return "\ufeff" + buf.getvalue()
