"""Word plans the importer was not written against, built here with python-docx: merged cells
(``merge``), multi-paragraph cells, a two-row header, a 专栏 table."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pytest
from docx.oxml import parse_xml

from conftest import SCHEMA
from ecociv._serialize import plan_to_dict
from ecociv.importers import read_plan
from ecociv.model import Plan


def _fill(cell: object, text: str) -> None:
    """Write ``text`` into a cell, one paragraph per ``\\n`` (Word's multi-paragraph cells)."""
    parts = text.split("\n")
    cell.text = parts[0]  # type: ignore[attr-defined]
    for part in parts[1:]:
        cell.add_paragraph(part)  # type: ignore[attr-defined]


ANYUAN_ROWS = [
    # domain, seq, name, unit, baseline, 2025, 2030, attribute
    ("生态制度", "1", "生态文明建设规划", "—", "已制定", "制定实施", "制定实施", "约束性"),
    ("生态制度", "2", "党委政府对生态文明建设重大目标任务部署情况", "—", "有效开展", "有效开展", "有效开展", "约束性"),
    ("生态制度", "3", "生态环境损害赔偿制度", "—", "已建立", "全面实施", "全面实施", "约束性"),
    ("生态环境", "4", "环境空气质量\n优良天数比例", "%", "97.3", "≥97", "≥97.5", "约束性"),
    ("生态环境", "5", "细颗粒物（PM2.5）浓度", "μg/m³", "22", "≤22", "≤20", "约束性"),
    ("生态环境", "6", "集中式饮用水水源地\n水质优良比例", "%", "100", "100", "100", "约束性"),
    ("生态环境", "7", "地表水水质达到或优于Ⅲ类水体比例", "%", "100", "100", "100", "约束性"),
    ("生态环境", "8", "劣Ⅴ类水体比例", "%", "0", "0", "0", "约束性"),
    ("生态环境", "9", "受污染耕地安全利用率", "%", "93.1", "≥93", "≥95", "约束性"),
    ("生态空间", "10", "林草覆盖率", "%", "84.8", "≥84.8", "≥85", "约束性"),
    ("生态空间", "11", "生态保护红线", "—", "面积不减少，性质不改变，功能不降低", "不减少", "不减少", "约束性"),
    ("生态经济", "12", "单位地区生产总值能耗", "吨标准煤/万元", "0.42", "完成市下达任务", "持续下降", "约束性"),
    ("生态经济", "13", "单位地区生产总值用水量", "立方米/万元", "68", "≤60", "≤55", "约束性"),
    ("生态生活", "14", "城镇污水处理率", "%", "92", "≥95", "≥97", "约束性"),
    ("生态生活", "15", "农村生活垃圾无害化处理率", "%", "90", "≥95", "100", "约束性"),
    ("生态文化", "16", "公众对生态文明建设的满意度", "%", "88", "≥90", "≥92", "参考性"),
]


def build_anyuan(path: Path) -> Path:
    """安远县: merged domain cells (vertical ``merge``), multi-paragraph name cells, 专栏 as a table."""
    d = docx.Document()
    d.add_paragraph("安远县国家生态文明建设示范县规划（2022—2030年）")
    d.add_paragraph("安远县人民政府")
    d.add_paragraph("第一章 总则")
    d.add_paragraph("规划期限为2022—2030年，规划基准年为2021年。近期为2022—2025年，远期为2026—2030年。")
    d.add_paragraph("表3-1 安远县国家生态文明建设示范县建设指标")
    header = ["指标类别", "序号", "具体指标", "单位", "现状值（2021年）", "2025年", "2030年", "指标性质"]
    t = d.add_table(rows=1 + len(ANYUAN_ROWS), cols=len(header))
    for k, h in enumerate(header):
        t.cell(0, k).text = h
    for r, row in enumerate(ANYUAN_ROWS, start=1):
        for k, text in enumerate(row):
            if k == 0:
                continue
            _fill(t.cell(r, k), text)
    # the domain column: one merged cell per domain, its text written once
    start = 1
    for r in range(2, len(ANYUAN_ROWS) + 2):
        if r == len(ANYUAN_ROWS) + 1 or ANYUAN_ROWS[r - 1][0] != ANYUAN_ROWS[start - 1][0]:
            merged = t.cell(start, 0).merge(t.cell(r - 1, 0))
            merged.text = ANYUAN_ROWS[start - 1][0]
            start = r
    d.add_paragraph("第二章 主要任务")
    d.add_paragraph("（一）强化大气污染防治")
    d.add_paragraph(
        "开展稀土矿区及周边扬尘综合整治，2025年底前完成城区建筑工地扬尘在线监测全覆盖。"
        "〔责任单位：县生态环境局、县住建局、县城管局〕"
    )
    d.add_paragraph("（二）推进废弃稀土矿山修复")
    d.add_paragraph(
        "实施废弃稀土矿山地质环境治理与生态修复，到2025年累计治理废弃矿山面积3000亩。〔责任单位：县自然资源局、县林业局〕"
    )
    d.add_paragraph("专栏1 生态空间重点工程")
    box = d.add_table(rows=3, cols=5)
    for k, h in enumerate(["序号", "项目名称", "建设内容", "总投资（万元）", "建设期限"]):
        box.cell(0, k).text = h
    items = [
        ("1", "废弃稀土矿山综合治理工程", "治理废弃稀土矿山3000亩，建设截排水沟15公里", "28000", "2022—2025年"),
        ("2", "濂江河生态缓冲带建设工程", "建设河岸生态缓冲带18公里", "6500", "2023—2026年"),
    ]
    for r, item in enumerate(items, start=1):
        for k, text in enumerate(item):
            box.cell(r, k).text = text
    _text_box(
        d.add_paragraph(""),
        [
            "专栏2 生态经济重点工程",
            "1、脐橙产业绿色循环发展工程：建设果园有机肥替代示范基地2万亩，总投资8500万元，建设期限2022—2026年。",
            "2、三百山生态旅游提升工程：建设生态步道30公里，总投资2.4亿元，建设期限2023—2027年。",
        ],
    )
    d.add_paragraph("第三章 保障措施")
    d.add_paragraph("加强组织领导，建立规划实施考核机制。")
    d.save(str(path))
    return path


def _text_box(paragraph: object, texts: list[str]) -> None:
    """A text box as Word writes it: a drawing (wps) with a VML fallback holding the same text."""
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    run = parse_xml(
        f"<w:r {ns}><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent>'
        "</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(run)  # type: ignore[attr-defined]


FUYU_ROWS = [
    ("1", "空气质量优良天数比率", "%", "90.2", "≥91", "≥92", "约束性"),
    ("2", "PM2.5浓度", "微克/立方米", "30", "≤29", "≤27", "约束性"),
    ("3", "地表水国考断面水质优良比例", "%", "83.3", "≥86", "≥90", "约束性"),
    ("4", "地下水质量V类水比例", "%", "0", "0", "0", "约束性"),
    ("5", "城市黑臭水体消除比例", "%", "100", "100", "100", "约束性"),
    ("6", "受污染耕地安全利用率", "%", "91", "≥93", "≥95", "约束性"),
    ("7", "森林覆盖率", "%", "45.1", "≥45.5", "≥46", "约束性"),
    ("8", "农村生活污水治理率", "%", "25", "≥35", "≥50", "预期性"),
    ("9", "一般工业固体废物综合利用率", "%", "58", "≥62", "≥70", "预期性"),
    ("10", "单位地区生产总值二氧化碳排放降低", "%", "—", "完成上级下达任务", "完成上级下达任务", "约束性"),
    ("11", "生态环境公众满意度", "%", "86.5", "≥88", "≥92", "预期性"),
    ("12", "新能源公交车占比", "%", "78", "100", "100", "预期性"),
    ("13", "城镇新建建筑中绿色建筑面积占比", "%", "70", "100", "100", "预期性"),
    ("14", "生活垃圾回收利用率", "%", "32", "≥35", "≥40", "预期性"),
    ("15", "重点河湖生态流量保障目标满足程度", "%", "—", "≥90", "≥95", "预期性"),
]


def build_fuyu(path: Path) -> Path:
    """抚州市临川区: a two-row header (规划目标 merged over 2025年 | 2030年; 序号, 指标名称 … merged down)."""
    d = docx.Document()
    d.add_paragraph("抚州市临川区生态环境保护规划（2021—2030年）")
    d.add_paragraph("规划以2020年为基准年，规划期限为2021—2030年，近期至2025年，远期至2030年。")
    d.add_paragraph("表1 临川区生态环境保护规划指标")
    t = d.add_table(rows=2 + len(FUYU_ROWS), cols=7)
    top = ["序号", "指标名称", "单位", "现状值（2020年）", "规划目标", "", "属性"]
    sub = ["", "", "", "", "2025年", "2030年", ""]
    for k in range(7):
        t.cell(0, k).text = top[k]
        t.cell(1, k).text = sub[k]
    for k in (0, 1, 2, 3, 6):
        t.cell(0, k).merge(t.cell(1, k)).text = top[k]
    t.cell(0, 4).merge(t.cell(0, 5)).text = "规划目标"
    for r, row in enumerate(FUYU_ROWS, start=2):
        for k, text in enumerate(row):
            _fill(t.cell(r, k), text)
    d.add_paragraph("第三章 主要任务")
    d.add_paragraph(
        "（一）推进臭氧污染协同防控。开展涉VOCs企业治理设施升级改造，2025年底前完成重点企业“一企一策”。"
        "（牵头单位：区生态环境局；配合单位：区工信局、区市场监管局）"
    )
    # a 专栏 drawn as a one-cell table, one paragraph per item
    box = d.add_table(rows=1, cols=1).cell(0, 0)
    box.text = "专栏1 大气污染防治重点工程"
    box.add_paragraph("1、工业园区VOCs综合治理工程：建设园区VOCs在线监测站5座，总投资1.3亿元，建设期限2022—2024年。")
    box.add_paragraph("2、城区扬尘在线监测工程：建设扬尘在线监测点60个，投资1200万元，建设期限2021—2023年。")
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("强化资金保障，加大生态环境保护投入。")
    d.save(str(path))
    return path


GANZHOU_ROWS = [
    # seq, name, unit, scope, 2020, 2025, attribute; seq/name/unit merged down over a name's scopes
    ("1", "细颗粒物（PM2.5）浓度", "微克/立方米", "全市", "26", "≤25", "约束性"),
    ("1", "细颗粒物（PM2.5）浓度", "微克/立方米", "中心城区", "30", "≤28", "约束性"),
    ("1", "细颗粒物（PM2.5）浓度", "微克/立方米", "各县（市）", "24", "≤23", "约束性"),
    ("2", "空气质量优良天数比率", "%", "全市", "96.4", "≥96", "约束性"),
    ("2", "空气质量优良天数比率", "%", "中心城区", "93.2", "≥94", "约束性"),
    ("3", "地表水国考断面水质优良比例", "%", "全市", "97.9", "≥98", "约束性"),
    ("4", "森林覆盖率", "%", "全市", "76.2", "≥76.2", "约束性"),
]


def build_ganzhou(path: Path) -> Path:
    """A city plan with 市 and 县 scopes: 序号/指标名称/单位 merged down over a 范围 column."""
    d = docx.Document()
    d.add_paragraph("赣州市“十四五”生态环境保护规划")
    d.add_paragraph("表1 赣州市“十四五”生态环境保护主要指标")
    t = d.add_table(rows=1 + len(GANZHOU_ROWS), cols=7)
    for k, h in enumerate(["序号", "指标名称", "单位", "范围", "2020年", "2025年", "属性"]):
        t.cell(0, k).text = h
    for r, row in enumerate(GANZHOU_ROWS, start=1):
        for k in range(3, 7):
            t.cell(r, k).text = row[k]
    start = 1
    for r in range(2, len(GANZHOU_ROWS) + 2):
        if r == len(GANZHOU_ROWS) + 1 or GANZHOU_ROWS[r - 1][0] != GANZHOU_ROWS[start - 1][0]:
            for k in range(3):
                t.cell(start, k).merge(t.cell(r - 1, k)).text = GANZHOU_ROWS[start - 1][k]
            start = r
    d.add_paragraph("第四章 主要任务")
    d.add_paragraph("（一）深化大气污染协同治理")
    d.add_paragraph("推进稀土、钨等重点行业深度治理。〔责任单位：市生态环境局、市工信局，各县（市、区）政府〕")
    d.save(str(path))
    return path


def _errors(plan: Plan) -> list[str]:
    return [f"{w.slug}@{w.line}" for w in plan.warnings if w.severity != "info"]


@pytest.fixture(scope="module")
def word_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Plan]:
    d = tmp_path_factory.mktemp("docx")
    return {
        "anyuan": read_plan(build_anyuan(d / "anyuan-eco-demo-plan.docx")),
        "fuyu": read_plan(build_fuyu(d / "linchuan-eco-env-plan.docx")),
        "ganzhou": read_plan(build_ganzhou(d / "ganzhou-eco-env-plan.docx")),
    }


def test_word_plans_are_valid_against_the_contract(word_plans: dict[str, Plan]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for plan in word_plans.values():
        jsonschema.validate(plan_to_dict(plan), schema)
        assert plan.encoding is None and plan.source_file and plan.source_file.endswith(".docx")


def test_word_plan_with_merged_domain_cells_and_multi_paragraph_cells(word_plans: dict[str, Plan]) -> None:
    plan = word_plans["anyuan"]
    assert (plan.region, plan.kind, plan.base_year, plan.period, plan.stage_years) == (
        "安远县",
        "生态文明建设示范区规划",
        2021,
        (2022, 2030),
        [2025, 2030],
    )
    (table,) = plan.indicator_tables
    assert table.columns == ["指标类别", "序号", "具体指标", "单位", "现状值（2021年）", "2025年", "2030年", "指标性质"]
    assert len(table.rows) == len(ANYUAN_ROWS)
    for ind, row in zip(table.rows, ANYUAN_ROWS, strict=True):
        domain, seq, name, unit, base, t25, t30, attr = row
        assert (ind.domain, ind.seq, ind.name, ind.unit) == (domain, seq, name.replace("\n", " "), unit)
        assert ind.baseline is not None and (ind.baseline.year, ind.baseline.value) == (2021, base)
        assert (ind.targets, ind.attribute) == ({2025: t25, 2030: t30}, attr)
    # 专栏1 is a table; 专栏2 a text box (its VML copy not read twice)
    assert [(p.column, p.name, p.investment_wan_yuan, p.period) for p in plan.projects] == [
        ("专栏1 生态空间重点工程", "废弃稀土矿山综合治理工程", 28000.0, "2022—2025"),
        ("专栏1 生态空间重点工程", "濂江河生态缓冲带建设工程", 6500.0, "2023—2026"),
        ("专栏2 生态经济重点工程", "脐橙产业绿色循环发展工程", 8500.0, "2022—2026"),
        ("专栏2 生态经济重点工程", "三百山生态旅游提升工程", 24000.0, "2023—2027"),
    ]
    assert [(t.section, t.units) for t in plan.tasks] == [
        ("（一）强化大气污染防治", ["县生态环境局", "县住建局", "县城管局"]),
        ("（二）推进废弃稀土矿山修复", ["县自然资源局", "县林业局"]),
    ]
    assert _errors(plan) == []


def test_word_plan_with_a_two_row_merged_header(word_plans: dict[str, Plan]) -> None:
    plan = word_plans["fuyu"]
    assert (plan.region, plan.base_year, plan.period, plan.stage_years) == ("临川区", 2020, (2021, 2030), [2025, 2030])
    (table,) = plan.indicator_tables
    assert table.columns == ["序号", "指标名称", "单位", "现状值（2020年）", "规划目标 2025年", "规划目标 2030年", "属性"]
    assert len(table.rows) == len(FUYU_ROWS)
    for ind, (seq, name, unit, base, t25, t30, attr) in zip(table.rows, FUYU_ROWS, strict=True):
        assert (ind.seq, ind.name, ind.unit, ind.attribute) == (seq, name, unit, attr)
        assert ind.baseline is not None and ind.baseline.value == base
        assert ind.targets == {2025: t25, 2030: t30} and ind.extra == {}
    assert [(p.column, p.name, p.investment_wan_yuan, p.period) for p in plan.projects] == [
        ("专栏1 大气污染防治重点工程", "工业园区VOCs综合治理工程", 13000.0, "2022—2024"),
        ("专栏1 大气污染防治重点工程", "城区扬尘在线监测工程", 1200.0, "2021—2023"),
    ]
    (task,) = plan.tasks
    assert task.section == "（一）推进臭氧污染协同防控"
    assert task.units == ["区生态环境局", "区工信局", "区市场监管局"]


def test_word_plan_with_city_and_county_scopes_in_merged_rows(word_plans: dict[str, Plan]) -> None:
    plan = word_plans["ganzhou"]
    assert (plan.region, plan.base_year, plan.period) == ("赣州市", 2020, (2021, 2025))
    (table,) = plan.indicator_tables
    # one indicator per 序号, its scopes as sub-indicators: no row lost, none doubled
    assert [(r.seq, r.name, r.unit) for r in table.rows] == [
        ("1", "细颗粒物（PM2.5）浓度", "微克/立方米"),
        ("2", "空气质量优良天数比率", "%"),
        ("3", "地表水国考断面水质优良比例", "%"),
        ("4", "森林覆盖率", "%"),
    ]
    subs = [(r.seq, s) for r in table.rows for s in r.sub_indicators]
    assert len(subs) == len(GANZHOU_ROWS)
    for (seq, sub), (s_seq, _, unit, scope, base, target, attr) in zip(subs, GANZHOU_ROWS, strict=True):
        assert (seq, sub.name, sub.unit, sub.attribute) == (s_seq, scope, unit, attr)
        assert sub.baseline is not None and (sub.baseline.year, sub.baseline.value) == (2020, base)
        assert sub.targets == {2025: target}
    assert _errors(plan) == []


def test_word_tables_are_explained_as_word_tables_and_fully_read(word_plans: dict[str, Plan]) -> None:
    for name, plan in word_plans.items():
        for table in plan.indicator_tables:
            assert table.explain["reader"] == "docx", name
            assert table.explain["source"] == "Word 表格"
        assert plan.table_coverage["unread_blocks"] == 0, name
