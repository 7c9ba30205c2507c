"""Workbooks as bureaus pass them around: a 指标体系 attachment (title row merged across, 领域
merged down, a two-row header with 目标值 over its years, percent- and decimal-formatted cells,
formulas with the values Excel saved for them) and a 任务分工/重点工程 attachment (dates in
完成时限, investments in 万元, a sheet of notes).  Written with openpyxl; the values of formula
cells are put in as Excel stores them (``<f>`` with its ``<v>``), since openpyxl saves none."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

#: (领域, 序号, 指标名称, 单位, 现状值, 2025年, 2030年, 属性, 责任单位) as a Word table writes them
INDICATOR_ROWS = [
    ("生态环境", "1", "地表水水质优良（达到或优于Ⅲ类）比例", "%", "95.2", "100", "100", "约束性", "县生态环境局"),
    ("生态环境", "2", "森林覆盖率", "%", "72.4", "72.5", "73.0", "约束性", "县林业局"),
    ("生态环境", "3", "生态环境状况指数", "—", "60.5", "≥55", "≥55", "约束性", "县生态环境局"),
    ("生态经济", "4", "单位地区生产总值能耗", "吨标准煤/万元", "0.43", "0.4", "0.38", "约束性", "县发改委"),
    ("生态经济", "5", "城镇污水处理率", "%", "95", "97", "98", "参考性", "县住建局"),
    ("生态文化", "6", "党政领导干部参加生态文明培训的人数比例", "%", "100", "100", "100", "参考性", "县委组织部"),
]
HEADER = ["领域", "序号", "指标名称", "单位", "现状值（2020年）", "目标值", "", "指标属性", "责任单位"]
SUB_HEADER = ["", "", "", "", "", "2025年", "2030年", "", ""]


def _indicator_sheet(ws: Worksheet, *, title_rows: bool = True) -> int:
    """The indicator table on ``ws``; returns the sheet row of its header."""
    top = 1
    if title_rows:
        ws["A1"] = "附件1"
        ws["A2"] = "某某县生态文明建设示范区建设指标体系"
        ws.merge_cells("A2:I2")
        top = 3
    for k, (a, b) in enumerate(zip(HEADER, SUB_HEADER, strict=True), 1):
        ws.cell(top, k, a or None)
        ws.cell(top + 1, k, b or None)
        if not b:
            ws.merge_cells(start_row=top, start_column=k, end_row=top + 1, end_column=k)
    ws.merge_cells(start_row=top, start_column=6, end_row=top, end_column=7)
    r = top + 2
    # values as typed in Excel: fractions under a percent format, more decimals than shown, formulas
    rows: list[list[object]] = [
        ["生态环境", 1, "地表水水质优良（达到或优于Ⅲ类）比例", "%", 0.952, 1, 1, "约束性", "县生态环境局"],
        [None, 2, "森林覆盖率", "%", 72.36, f"=E{r + 1}+0.14", 73, "约束性", "县林业局"],
        [None, 3, "生态环境状况指数", "—", 60.5, "≥55", "≥55", "约束性", "县生态环境局"],
        ["生态经济", 4, "单位地区生产总值能耗", "吨标准煤/万元", 0.4321, 0.4, 0.38, "约束性", "县发改委"],
        [None, 5, "城镇污水处理率", "%", 95, 97, f"=F{r + 4}+1", "参考性", "县住建局"],
        ["生态文化", 6, "党政领导干部参加生态文明培训的人数比例", "%", 1, 1, 1, "参考性", "县委组织部"],
    ]
    for k, row in enumerate(rows):
        for c, value in enumerate(row, 1):
            ws.cell(r + k, c, value)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 2, end_column=1)
    ws.merge_cells(start_row=r + 3, start_column=1, end_row=r + 4, end_column=1)
    for c in "EFG":
        ws[f"{c}{r}"].number_format = "0.0%" if c == "E" else "0%"
        ws[f"{c}{r + 1}"].number_format = "0.0"
        ws[f"{c}{r + 5}"].number_format = "0%"
    ws[f"E{r + 3}"].number_format = "0.00"
    ws.cell(r + 12, 12).number_format = "0.0"  # a formatted empty cell far below: no row, no column
    return top


def cache_formulas(path: Path, sheet: int, values: dict[str, str]) -> None:
    """Put the values Excel would have saved into formula cells of sheet number ``sheet``."""
    tmp = path.with_suffix(".tmp")
    name = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == name:
                text = data.decode()
                for ref, value in values.items():
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*>(?:<f>[^<]*</f>))<v\s*/?>(?:</v>)?', rf"\g<1><v>{value}</v>", text)
                    assert n == 1, ref
                data = text.encode()
            dst.writestr(item, data)
    shutil.move(tmp, path)


def indicator_workbook(path: Path) -> Path:
    """附件1: the indicator table under its title rows, on a sheet named 指标体系."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标体系"
    top = _indicator_sheet(ws)
    wb.save(path)
    cache_formulas(path, 1, {f"F{top + 3}": "72.5", f"G{top + 6}": "98"})
    return path


def task_workbook(path: Path) -> Path:
    """附件2: 重点任务分工 (groups merged across, 完成时限 as dates), 重点工程 and a notes sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "重点任务分工"
    ws.append(["某某县生态文明建设示范区重点任务分工表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    ws.append(["一、生态安全"])
    ws.merge_cells("A3:E3")
    ws.append([1, "完成县城建成区黑臭水体整治，消除劣Ⅴ类水体", "县住建局", "县生态环境局、县水利局", dt.datetime(2025, 12, 31)])
    ws.append([2, "实施石漠化综合治理，新增治理面积20平方公里", "县林业局", "县自然资源局", dt.datetime(2024, 6, 30)])
    ws.append(["二、生态经济"])
    ws.merge_cells("A6:E6")
    ws.append([3, "开展化肥农药减量增效行动", "县农业农村局", "各乡镇人民政府", dt.datetime(2023, 9, 1)])
    ws["E4"].number_format = "yyyy/m/d"
    ws["E5"].number_format = 'yyyy"年"m"月"'
    ws["E7"].number_format = "yyyy-mm-dd"
    ps = wb.create_sheet("重点工程")
    ps.append(["某某县生态文明建设重点工程"])
    ps.merge_cells("A1:F1")
    ps.append(["序号", "工程名称", "建设内容", "总投资（万元）", "建设年限", "责任单位"])
    ps.append([1, "县城污水处理厂提标改造工程", "新建深度处理单元，处理规模2万吨/日", 3500, "2022—2024年", "县住建局"])
    ps.append([2, "农村生活污水治理工程", "建设农村污水处理设施56座", 12800.5, "2023—2025年", "县生态环境局"])
    ps["D3"].number_format = "#,##0"
    ps["D4"].number_format = "#,##0.0"
    notes = wb.create_sheet("填表说明")
    notes.append(["请各单位于每季度末报送进展情况。"])
    notes.append(["联系人：县生态环境局"])
    wb.save(path)
    return path


def bare_workbook(path: Path) -> Path:
    """No title rows, a sheet named by default; a second sheet with only the header row; the
    formula cells with no saved values (a file written by a program, never opened in Excel)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    _indicator_sheet(ws, title_rows=False)
    empty = wb.create_sheet("2030年指标")
    empty.append(["序号", "指标名称", "单位", "现状值", "2030年目标"])
    wb.save(path)
    return path
