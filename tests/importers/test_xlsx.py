"""Plans' attachments as Excel workbooks: the 指标体系 table, the 重点任务分工 and 重点工程 sheets,
read field for field; the same table as Word and as Excel gives the same indicators; bad
workbooks give a Chinese message naming the file; findings name the sheet and row."""

from __future__ import annotations

import datetime as dt
import struct
import subprocess
from pathlib import Path

import docx
import pytest
from tests.importers._xlsxmake import (
    HEADER,
    INDICATOR_ROWS,
    SUB_HEADER,
    bare_workbook,
    indicator_workbook,
    task_workbook,
)
from tests.importers.pdf._pdfmake import SOFFICE

from ecociv.errors import InputError
from ecociv.importers import read_plan
from ecociv.model import Plan


def _rows(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (r.domain, r.seq, r.name, r.unit, r.baseline.year if r.baseline else None, r.baseline.value if r.baseline else None, dict(r.targets), r.attribute, r.lead_unit)
        for t in plan.indicator_tables
        for r in t.rows
    ]


EXPECTED = [
    ("生态环境", "1", "地表水水质优良（达到或优于Ⅲ类）比例", "%", 2020, "95.2", {2025: "100", 2030: "100"}, "约束性", "县生态环境局"),
    ("生态环境", "2", "森林覆盖率", "%", 2020, "72.4", {2025: "72.5", 2030: "73.0"}, "约束性", "县林业局"),
    ("生态环境", "3", "生态环境状况指数", "—", 2020, "60.5", {2025: "≥55", 2030: "≥55"}, "约束性", "县生态环境局"),
    ("生态经济", "4", "单位地区生产总值能耗", "吨标准煤/万元", 2020, "0.43", {2025: "0.4", 2030: "0.38"}, "约束性", "县发改委"),
    ("生态经济", "5", "城镇污水处理率", "%", 2020, "95", {2025: "97", 2030: "98"}, "参考性", "县住建局"),
    ("生态文化", "6", "党政领导干部参加生态文明培训的人数比例", "%", 2020, "100", {2025: "100", 2030: "100"}, "参考性", "县委组织部"),
]


def test_indicator_workbook_field_for_field(tmp_path: Path) -> None:
    plan = read_plan(indicator_workbook(tmp_path / "附件1 某某县生态文明建设示范区建设指标体系.xlsx"))
    assert (plan.title, plan.region, plan.base_year, plan.stage_years) == ("某某县生态文明建设示范区建设指标体系", "某某县", 2020, [2025, 2030])
    assert plan.source_file == "附件1 某某县生态文明建设示范区建设指标体系.xlsx"
    assert [(t.title, t.kind) for t in plan.indicator_tables] == [("某某县生态文明建设示范区建设指标体系", "system")]
    # 0.952 under 0.0% → 95.2 (%), 72.36 under 0.0 → 72.4, the formula's saved value 72.5, 73 under 0.0 → 73.0
    assert _rows(plan) == EXPECTED
    assert plan.indicator_tables[0].explain["reader"] == "xlsx"
    assert [w.slug for w in plan.warnings if w.severity == "warning"] == []
    assert plan.table_coverage is not None and plan.table_coverage["rate"] == 1.0


def test_task_and_project_sheets_field_for_field(tmp_path: Path) -> None:
    plan = read_plan(task_workbook(tmp_path / "附件2 重点任务分工表.xlsx"))
    assert (plan.title, plan.region) == ("某某县生态文明建设示范区重点任务分工表", "某某县")
    assert plan.indicator_tables == []
    assert [(t.section, t.title, t.text, t.lead, t.units, t.deadline) for t in plan.tasks] == [
        ("一、生态安全", "完成县城建成区黑臭水体整治", "完成县城建成区黑臭水体整治，消除劣Ⅴ类水体", "县住建局", ["县住建局", "县生态环境局", "县水利局"], dt.date(2025, 12, 31)),
        ("一、生态安全", "实施石漠化综合治理", "实施石漠化综合治理，新增治理面积20平方公里", "县林业局", ["县林业局", "县自然资源局"], dt.date(2024, 6, 30)),
        ("二、生态经济", "开展化肥农药减量增效行动", "开展化肥农药减量增效行动", "县农业农村局", ["县农业农村局", "各乡镇人民政府"], dt.date(2023, 9, 1)),
    ]
    assert [(p.column, p.name, p.content, p.investment_wan_yuan, p.period, p.responsible) for p in plan.projects] == [
        ("某某县生态文明建设重点工程", "县城污水处理厂提标改造工程", "新建深度处理单元，处理规模2万吨/日", 3500.0, "2022—2024", ["县住建局"]),
        ("某某县生态文明建设重点工程", "农村生活污水治理工程", "建设农村污水处理设施56座", 12800.5, "2023—2025", ["县生态环境局"]),
    ]
    # the notes sheet is no table: said, naming the sheet
    assert [(w.slug, w.sheet, w.line) for w in plan.warnings if w.severity == "warning"] == [("sheet-not-table", "填表说明", None)]
    assert "填表说明" in next(w.message for w in plan.warnings if w.slug == "sheet-not-table")


def test_word_and_excel_tables_give_the_same_indicators(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("某某县生态文明建设示范区建设指标体系")
    t = d.add_table(rows=2 + len(INDICATOR_ROWS), cols=len(HEADER))
    for k, (a, b) in enumerate(zip(HEADER, SUB_HEADER, strict=True)):
        t.cell(0, k).text = a
        t.cell(1, k).text = b
        if not b:
            t.cell(0, k).merge(t.cell(1, k)).text = a
    t.cell(0, 5).merge(t.cell(0, 6)).text = "目标值"
    for r, row in enumerate(INDICATOR_ROWS, 2):
        for k, text in enumerate(row):
            t.cell(r, k).text = text
    for first, last in ((2, 4), (5, 6)):  # 领域 merged down
        t.cell(first, 0).merge(t.cell(last, 0)).text = INDICATOR_ROWS[first - 2][0]
    word = tmp_path / "某某县生态文明建设示范区建设指标体系.docx"
    d.save(str(word))
    from_word = read_plan(word)
    from_excel = read_plan(indicator_workbook(tmp_path / "附件1 某某县生态文明建设示范区建设指标体系.xlsx"))
    assert _rows(from_word) == EXPECTED
    assert _rows(from_excel) == _rows(from_word)
    assert (from_excel.title, from_excel.region) == (from_word.title, from_word.region)


def test_findings_name_sheet_and_row_and_the_file_name_gives_the_title(tmp_path: Path) -> None:
    plan = read_plan(bare_workbook(tmp_path / "附件3：某某县生态文明建设指标.xlsx"))
    assert (plan.title, plan.region) == ("某某县生态文明建设指标", "某某县")
    found = {w.slug: w for w in plan.warnings}
    # formulas a program wrote, never computed: said, naming the sheet, the row and the cells
    f = found["formula-not-computed"]
    assert (f.sheet, f.row, f.line, f.data["cells"]) == ("Sheet", 4, None, ["F4", "G7"])
    assert "F4" in f.message and f.file == "附件3：某某县生态文明建设指标.xlsx"
    forest = plan.indicator_tables[0].rows[1]
    assert (forest.name, dict(forest.targets)) == ("森林覆盖率", {2025: None, 2030: "73.0"})
    # a sheet with only its header: the builder's finding names the sheet and row, not a made-up line
    e = found["table-empty"]
    assert (e.sheet, e.row, e.line) == ("2030年指标", 1, None)
    assert str(e).startswith("附件3：某某县生态文明建设指标.xlsx 工作表“2030年指标” 第1行：")


def _encrypted_office_file() -> bytes:
    """An encrypted Office file as Excel writes one with a password: a compound file holding the
    streams EncryptionInfo and EncryptedPackage (4096 bytes each, so no mini stream is needed)."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end, *range(3, 10), end, *range(11, 18), end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBBIII", len(raw), kind, 1, free, right, child) + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, free, 1, end, 0) + entry("EncryptionInfo", 2, 2, free, 2, 4096) + entry("EncryptedPackage", 2, free, free, 10, 4096) + bytes(128)
    info = (b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>').ljust(4096, b"\x00")
    return header + fat_bytes + directory + info + bytes(range(256)) * 16


def test_bad_workbooks_give_a_chinese_message_naming_the_file(tmp_path: Path) -> None:
    good = indicator_workbook(tmp_path / "good.xlsx").read_bytes()
    cut = tmp_path / "附件1 指标体系（损坏）.xlsx"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match=r"附件1 指标体系（损坏）\.xlsx：无法作为 Excel 工作簿（\.xlsx）打开"):
        read_plan(cut)
    locked = tmp_path / "附件1 指标体系（加密）.xlsx"
    locked.write_bytes(_encrypted_office_file())
    with pytest.raises(InputError, match=r"附件1 指标体系（加密）\.xlsx：工作簿设有打开密码"):
        read_plan(locked)
    text = tmp_path / "改了扩展名.xlsx"
    text.write_text("序号\t指标名称\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"改了扩展名\.xlsx：无法作为 Excel 工作簿"):
        read_plan(text)
    blank = tmp_path / "空白.xlsx"
    from openpyxl import Workbook

    Workbook().save(blank)
    with pytest.raises(InputError, match=r"空白\.xlsx：工作簿中没有任何内容"):
        read_plan(blank)


def _has_calc() -> bool:
    """LibreOffice with its spreadsheet part (Debian: libreoffice-calc-nogui) converts a workbook."""
    return SOFFICE is not None and any(Path(SOFFICE).resolve().parent.glob("libsclo.so"))


@pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed")
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_other_spreadsheet_formats_through_libreoffice(tmp_path: Path, fmt: str) -> None:
    source = indicator_workbook(tmp_path / "indicators.xlsx")
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=240,
        check=True,
    )
    named = tmp_path / f"附件1 某某县生态文明建设示范区建设指标体系.{'et' if fmt == 'xls' else fmt}"  # WPS 表格 saves .et as Excel 97
    (tmp_path / f"indicators.{fmt}").rename(named)
    plan = read_plan(named)
    assert _rows(plan) == EXPECTED
    assert plan.title == "某某县生态文明建设示范区建设指标体系"
    assert [w.slug for w in plan.warnings] == ["converted-by-libreoffice"]


def test_two_tables_on_a_sheet_a_note_below_and_a_hidden_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "主要指标"
    ws.append(["表1 近期建设指标"])
    ws.append(["序号", "指标名称", "单位", "现状值（2020年）", "2025年目标值"])
    ws.append([1, "空气质量优良天数比率", "%", 0.953, 0.96])
    ws.append([2, "集中式饮用水水源地水质达标率", "%", 1, 1])
    for row in (3, 4):
        for col in "DE":
            ws[f"{col}{row}"].number_format = "0.0%"
    ws.append([])
    ws.append([])
    ws.append(["表2 远期建设指标"])
    ws.append(["序号", "指标名称", "单位", "现状值", "2035年目标值"])
    ws.append([1, "森林覆盖率", "%", 68.2, 70])
    ws.append(["注：现状值为2021年数据。"])
    ws.merge_cells("A10:E10")
    lists = wb.create_sheet("下拉选项")
    lists.append(["约束性", "预期性"])
    lists.sheet_state = "hidden"
    path = tmp_path / "某某县生态环境保护规划（2021—2035年）主要指标.xlsx"
    wb.save(path)
    plan = read_plan(path)
    assert [(t.title, [(r.name, r.unit, r.baseline.year if r.baseline else None, r.baseline.value if r.baseline else None, dict(r.targets)) for r in t.rows]) for t in plan.indicator_tables] == [
        ("表1 近期建设指标", [("空气质量优良天数比率", "%", 2020, "95.3", {2025: "96.0"}), ("集中式饮用水水源地水质达标率", "%", 2020, "100.0", {2025: "100.0"})]),
        ("表2 远期建设指标", [("森林覆盖率", "%", 2021, "68.2", {2035: "70"})]),
    ]
    assert [(w.slug, w.sheet) for w in plan.warnings] == [("sheet-hidden", "下拉选项")]
    # the title rows are the tables' captions (表1 …): the plan's title is the file's name
    assert (plan.title, plan.region, plan.period) == ("某某县生态环境保护规划（2021—2035年）主要指标", "某某县", (2021, 2035))
    why = plan.indicator_tables[1].explain["why"]
    assert "工作表“主要指标”第8行是表头" in why and "Excel 工作表" in why


def _word_table(d: object, caption: str, rows: list[list[str]]) -> None:
    d.add_paragraph(caption)  # type: ignore[attr-defined]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        if len(row) == 1:  # a group row merged across the table
            t.cell(r, 0).merge(t.cell(r, len(rows[0]) - 1)).text = row[0]
            continue
        for k, text in enumerate(row):
            t.cell(r, k).text = text


def test_task_and_project_tables_read_alike_from_word_and_excel(tmp_path: Path) -> None:
    d = docx.Document()
    _word_table(d, "某某县生态文明建设示范区重点任务分工表", [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["一、生态安全"],
        ["1", "完成县城建成区黑臭水体整治，消除劣Ⅴ类水体", "县住建局", "县生态环境局、县水利局", "2025年12月31日"],
        ["2", "实施石漠化综合治理，新增治理面积20平方公里", "县林业局", "县自然资源局", "2024年6月"],
        ["二、生态经济"],
        ["3", "开展化肥农药减量增效行动", "县农业农村局", "各乡镇人民政府", "2023年9月1日"],
    ])
    _word_table(d, "某某县生态文明建设重点工程", [
        ["序号", "工程名称", "建设内容", "总投资（万元）", "建设年限", "责任单位"],
        ["1", "县城污水处理厂提标改造工程", "新建深度处理单元，处理规模2万吨/日", "3500", "2022—2024年", "县住建局"],
        ["2", "农村生活污水治理工程", "建设农村污水处理设施56座", "12800.5", "2023—2025年", "县生态环境局"],
    ])
    word = tmp_path / "重点任务分工表.docx"
    d.save(str(word))
    from_word = read_plan(word)
    from_excel = read_plan(task_workbook(tmp_path / "附件2 重点任务分工表.xlsx"))

    def tasks(plan: Plan) -> list[tuple[object, ...]]:
        return [(t.section, t.title, t.text, t.lead, t.units, t.deadline) for t in plan.tasks]

    def projects(plan: Plan) -> list[tuple[object, ...]]:
        return [(p.column, p.name, p.content, p.investment_wan_yuan, p.period, p.responsible) for p in plan.projects]

    assert [t[0] for t in tasks(from_word)] == ["一、生态安全", "一、生态安全", "二、生态经济"]
    assert tasks(from_excel) == tasks(from_word)
    assert [p[1] for p in projects(from_word)] == ["县城污水处理厂提标改造工程", "农村生活污水治理工程"]
    assert projects(from_excel) == projects(from_word)


@pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed")
def test_a_damaged_xls_is_refused_after_conversion(tmp_path: Path) -> None:
    # LibreOffice opens such bytes as a text table: what it gives is no plan's Chinese text
    bad = tmp_path / "附件1 指标体系.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"附件1 指标体系\.xls：LibreOffice 转换后几乎没有中文文字，文件可能已损坏或不是规划的工作簿"):
        read_plan(bad)
