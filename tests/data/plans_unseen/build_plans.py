"""Build the Word (and one PDF) plans in this folder, as a bureau would write them in Word.

Run from the repository root: ``.venv/bin/python tests/data/plans_unseen/build_plans.py``.
The .docx/.pdf files are committed; this script documents how they were made.  The
``*.expected.json`` beside them were written by hand from the documents' content.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _doc() -> Any:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    return d


def _fill(cell: Any, text: str) -> None:
    parts = text.split("\n")
    cell.text = parts[0]
    for part in parts[1:]:
        cell.add_paragraph(part)


def _bold_lead(d: Any, lead: str, rest: str) -> None:
    p = d.add_paragraph()
    p.add_run(lead).bold = True
    p.add_run(rest)


def _grid(d: Any, header: list[str], items: list[tuple[str, ...]]) -> None:
    """A ruled table: a header row, then one row per item."""
    box = d.add_table(rows=1 + len(items), cols=len(header))
    box.style = "Table Grid"
    for k, h in enumerate(header):
        box.cell(0, k).text = h
    for r, item in enumerate(items, start=1):
        for k, text in enumerate(item):
            box.cell(r, k).text = text


def _merge_down(table: Any, col: int, first: int, last: int, text: str) -> None:
    if last > first:
        table.cell(first, col).merge(table.cell(last, col)).text = text
    else:
        table.cell(first, col).text = text


def _merge_runs(table: Any, col: int, values: list[str], offset: int) -> None:
    """Merge equal consecutive ``values`` of column ``col`` (rows from ``offset``) into one cell."""
    start = 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            _merge_down(table, col, offset + start, offset + k - 1, values[start])
            start = k


# --- 1. 美丽吉安建设规划纲要: two-row header, merged domain cells, 牵头单位 and 备注 -------------

JIAN_ROWS = [
    # domain, seq, name, unit, 2023, 2025, 2030, 2035, attribute, lead, note
    ("绿色低碳发展", "1", "单位地区生产总值能源消耗降低", "%", "—", "完成省下达任务", "完成省下达任务", "完成省下达任务", "约束性", "市发展改革委", "“十四五”累计"),
    ("绿色低碳发展", "2", "非化石能源占能源消费总量比重", "%", "18.6", "20", "25", "30", "预期性", "市发展改革委", ""),
    ("环境质量", "3", "细颗粒物（PM2.5）平均浓度", "微克/立方米", "27.1", "≤26", "≤24", "≤20", "约束性", "市生态环境局", ""),
    ("环境质量", "4", "空气质量优良天数比率", "%", "93.7", "≥94", "≥95", "≥96", "约束性", "市生态环境局", ""),
    ("环境质量", "5", "地表水国考断面水质优良（达到或好于Ⅲ类）比例", "%", "98.2", "100", "100", "100", "约束性", "市生态环境局", ""),
    ("环境质量", "6", "受污染耕地安全利用率", "%", "92.5", "≥93", "≥95", "稳定在95%以上", "约束性", "市农业农村局", ""),
    ("生态系统", "7", "森林覆盖率", "%", "67.6", "67.6", "稳中有升", "稳中有升", "约束性", "市林业局", ""),
    ("生态系统", "8", "生态保护红线面积", "平方公里", "6980.3", "不减少", "不减少", "不减少", "约束性", "市自然资源局", "以国家批复为准"),
    ("城乡人居", "9", "城市生活垃圾分类覆盖率", "%", "86", "90", "100", "100", "预期性", "市城管局", ""),
    ("城乡人居", "10", "农村生活污水治理率", "%", "32.4", "40", "60", "80", "预期性", "市生态环境局", "市农业农村局配合"),
]


def build_jian(path: Path) -> Path:
    d = _doc()
    d.add_paragraph("吉安市人民政府")
    d.add_paragraph("美丽吉安建设规划纲要（2024—2035年）")
    d.add_paragraph("为全面推进美丽吉安建设，依据《中共中央 国务院关于全面推进美丽中国建设的意见》，编制本规划纲要。")
    d.add_paragraph("一、规划基础")
    d.add_paragraph(
        "规划范围为吉安市全域，规划基准年为2023年，规划期限为2024—2035年，"
        "其中近期至2025年，中期至2030年，远期至2035年。"
    )
    d.add_paragraph("二、主要目标")
    d.add_paragraph("到2035年，美丽吉安基本建成，主要指标见表1。")
    d.add_paragraph("表1 美丽吉安建设主要指标")
    header = ["领域", "序号", "指标名称", "单位", "现状值（2023年）", "目标值", "", "", "指标属性", "牵头单位", "备注"]
    sub = ["", "", "", "", "", "2025年", "2030年", "2035年", "", "", ""]
    t = d.add_table(rows=2 + len(JIAN_ROWS), cols=len(header))
    t.style = "Table Grid"
    for k in range(len(header)):
        t.cell(0, k).text = header[k]
        t.cell(1, k).text = sub[k]
    for k in (0, 1, 2, 3, 4, 8, 9, 10):
        t.cell(0, k).merge(t.cell(1, k)).text = header[k]
    t.cell(0, 5).merge(t.cell(0, 7)).text = "目标值"
    for r, row in enumerate(JIAN_ROWS, start=2):
        for k in range(1, len(row)):
            t.cell(r, k).text = row[k]
    _merge_runs(t, 0, [row[0] for row in JIAN_ROWS], 2)
    d.add_paragraph("注：单位地区生产总值能源消耗降低为“十四五”累计目标。")
    d.add_paragraph("三、重点任务")
    d.add_paragraph("（一）推动绿色低碳转型")
    d.add_paragraph(
        "1.加快产业结构优化升级。严格落实“两高”项目准入要求，2025年底前完成钢铁、水泥行业超低排放改造。"
        "〔牵头单位：市工信局；配合单位：市发展改革委、市生态环境局〕"
    )
    d.add_paragraph(
        "2.构建清洁低碳能源体系。有序发展光伏、风电等可再生能源，到2030年非化石能源消费比重达到25%。"
        "〔牵头单位：市发展改革委；配合单位：国网吉安供电公司〕"
    )
    d.add_paragraph("（二）持续改善环境质量")
    d.add_paragraph(
        "3.深入打好蓝天保卫战。实施臭氧与细颗粒物协同控制，2026年6月底前完成重点行业挥发性有机物综合治理。"
        "〔牵头单位：市生态环境局；配合单位：市工信局、市交通运输局、市住建局〕"
    )
    d.add_paragraph(
        "4.守护赣江一江清水。深化赣江、禾水、泸水流域综合治理，持续巩固国考断面水质。"
        "〔牵头单位：市生态环境局；配合单位：市水利局、市农业农村局〕"
    )
    d.add_paragraph("专栏1 美丽吉安建设重点工程")
    _grid(
        d,
        ["序号", "项目名称", "建设内容", "总投资（亿元）", "建设年限", "责任单位"],
        [
            ("1", "赣江吉安段水生态保护修复工程", "实施岸线生态修复42公里，建设人工湿地3处", "12.5", "2024—2027年", "市水利局"),
            ("2", "井冈山生物多样性保护工程", "开展生物多样性本底调查，建设监测样地120个", "1.8", "2024—2026年", "市林业局"),
            ("3", "中心城区污水管网提质增效工程", "新建改造污水管网180公里", "6.2", "2024—2028年", "市城管局"),
        ],
    )
    d.add_paragraph("四、保障措施")
    d.add_paragraph("加强组织领导，建立美丽吉安建设推进机制，将规划实施情况纳入高质量发展考核。")
    d.save(str(path))
    return path


# --- 2. 铅山县“十四五”生态环境保护规划: units in the name, 〔累计〕 column, ① and * marks ---------

YANSHAN_ROWS = [
    ("环境治理", "1", "细颗粒物（PM2.5）浓度（微克/立方米）", "28*", "≤26", "—", "约束性"),
    ("环境治理", "2", "空气质量优良天数比率（%）", "95.1", "≥95.5", "—", "约束性"),
    ("环境治理", "3", "地表水达到或好于Ⅲ类水体比例①（%）", "100", "100", "—", "约束性"),
    ("环境治理", "4", "农村生活污水治理率（%）", "28", "≥40", "—", "预期性"),
    ("应对气候变化", "5", "单位地区生产总值二氧化碳排放降低（%）", "—", "—", "〔19.5〕", "约束性"),
    ("应对气候变化", "6", "单位地区生产总值能源消耗降低（%）", "—", "—", "〔14〕", "约束性"),
    ("应对气候变化", "7", "非化石能源占能源消费总量比重（%）", "14.2", "17", "—", "预期性"),
    ("环境风险防控", "8", "受污染耕地安全利用率（%）", "91.5", "≥93", "—", "约束性"),
    ("环境风险防控", "9", "污染地块安全利用率（%）", "100", "100", "—", "约束性"),
    ("生态保护", "10", "森林覆盖率（%）", "71.5", "71.6", "—", "约束性"),
    ("生态保护", "11", "生态质量指数（EQI）", "72.3②", "稳中向好", "—", "预期性"),
]


def build_yanshan(path: Path) -> Path:
    d = _doc()
    d.add_paragraph("铅山县“十四五”生态环境保护规划")
    d.add_paragraph("铅山县人民政府 2022年3月")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("“十三五”期间，铅山县生态环境质量持续改善，2020年全县空气质量优良天数比率为95.1%。")
    d.add_paragraph("第二章 总体要求")
    d.add_paragraph("本规划以2020年为基准年，规划期为2021—2025年。")
    d.add_paragraph("表2 铅山县“十四五”生态环境保护主要指标")
    header = ["类别", "序号", "指标", "2020年", "2025年", "〔累计〕", "属性"]
    t = d.add_table(rows=1 + len(YANSHAN_ROWS), cols=len(header))
    t.style = "Table Grid"
    for k, h in enumerate(header):
        t.cell(0, k).text = h
    for r, row in enumerate(YANSHAN_ROWS, start=1):
        for k in range(1, len(row)):
            t.cell(r, k).text = row[k]
    _merge_runs(t, 0, [row[0] for row in YANSHAN_ROWS], 1)
    d.add_paragraph("注：1.带*的为2021年数据；2.①指国考、省考断面；3.②为2021年试算值；4.〔 〕内为五年累计数。")
    # a second table: its caption in a merged first row, units named in the header, 2035 远景
    extra = [
        ("1", "湿地保护率（%）", "62.5", "≥63", "≥65", "预期性", "县林业局"),
        ("2", "县城建成区绿地率（%）", "38.2", "≥40", "≥42", "预期性", "县住建局、县城管局"),
    ]
    t3 = d.add_table(rows=2 + len(extra), cols=7)
    t3.style = "Table Grid"
    t3.cell(0, 0).merge(t3.cell(0, 6)).text = "表3 铅山县生态保护专项指标"
    for k, h in enumerate(["序号", "指标（单位）", "2020年现状", "2025年目标", "2035年远景目标", "属性", "牵头单位"]):
        t3.cell(1, k).text = h
    for r, row in enumerate(extra, start=2):
        for k, text in enumerate(row):
            t3.cell(r, k).text = text
    d.add_paragraph("第三章 主要任务")
    d.add_paragraph("第一节 深入打好蓝天保卫战")
    _bold_lead(
        d,
        "推进工业源深度治理。",
        "加快水泥、陶瓷行业超低排放改造，2024年底前完成县内2家水泥企业改造。（责任单位：县生态环境局、县工信局）",
    )
    _bold_lead(
        d,
        "加强移动源污染防治。",
        "推广新能源公交车，到2025年城区新增及更新公交车全部使用新能源汽车。（责任单位：县交通运输局、县公安局、县生态环境局）",
    )
    d.add_paragraph("第二节 深入打好碧水保卫战")
    _bold_lead(
        d,
        "保障饮用水水源安全。",
        "2023年底前完成乡镇级饮用水水源保护区规范化建设。（责任单位：县水利局、县生态环境局、各乡镇人民政府）",
    )
    d.add_paragraph("专栏3 水生态环境保护重点工程")
    d.add_paragraph("1.信江铅山段水环境综合治理工程。实施河道清淤、生态护岸建设18公里，估算投资2.6亿元。")
    d.add_paragraph("2.县城污水处理厂提标扩建工程。新增处理规模2万吨/日，出水达到一级A标准，估算投资9800万元。")
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("加强规划实施评估，2023年开展中期评估，2025年开展终期评估。")
    d.save(str(path))
    return path


# --- 3. 万安县省级生态文明建设示范县规划: 指标值 standards column, sub-rows with units in brackets ---

WANAN_ROWS = [
    # domain, task, seq, name, unit, standard, 2021, 2025, 2030, attribute, status
    ("生态制度", "目标责任体系与制度建设", "1", "生态文明建设规划", "—", "制定实施", "已制定", "制定实施", "制定实施", "约束性", "达标"),
    ("生态制度", "目标责任体系与制度建设", "2", "生态文明建设工作占党政实绩考核的比例", "%", "≥20", "22", "≥22", "≥22", "约束性", "达标"),
    ("生态环境", "生态环境质量改善", "3", "环境空气质量", "", "", "", "", "", "约束性", ""),
    ("生态环境", "生态环境质量改善", "3", "①优良天数比例（%）", "", "完成上级规定的考核任务", "95.6", "≥95.8", "≥96", "约束性", "达标"),
    ("生态环境", "生态环境质量改善", "3", "②细颗粒物（PM2.5）浓度（微克/立方米）", "", "完成上级规定的考核任务", "26", "≤25", "≤24", "约束性", "达标"),
    ("生态环境", "生态环境质量改善", "4", "地表水环境质量", "", "", "", "", "", "约束性", ""),
    ("生态环境", "生态环境质量改善", "4", "①水质达到或优于Ⅲ类比例（%）", "", "完成上级规定的考核任务", "100", "100", "100", "约束性", "达标"),
    ("生态环境", "生态环境质量改善", "4", "②劣Ⅴ类水体比例（%）", "", "完成上级规定的考核任务", "0", "0", "0", "约束性", "达标"),
    ("生态空间", "生态系统保护", "5", "森林覆盖率", "%", "≥60", "77.6", "≥77.6", "≥77.8", "约束性", "达标"),
    ("生态空间", "生态系统保护", "6", "生态保护红线", "—", "面积不减少，性质不改变，功能不降低", "已划定", "面积不减少", "面积不减少", "约束性", "达标"),
    ("生态经济", "资源节约与利用", "7", "单位地区生产总值能耗", "吨标准煤/万元", "≤0.55", "0.38", "完成上级下达任务", "完成上级下达任务", "约束性", "达标"),
    ("生态经济", "资源节约与利用", "8", "农业废弃物综合利用率", "", "", "", "", "", "参考性", ""),
    ("生态经济", "资源节约与利用", "8", "①秸秆综合利用率（%）", "", "≥90", "93.5", "≥94", "≥95", "参考性", "达标"),
    ("生态经济", "资源节约与利用", "8", "②畜禽粪污综合利用率（%）", "", "≥75", "91", "≥92", "≥93", "参考性", "达标"),
    ("生态生活", "人居环境改善", "9", "城镇污水处理率", "%", "≥85", "96.2", "≥96.5", "≥97", "约束性", "达标"),
    ("生态生活", "人居环境改善", "10", "农村无害化卫生厕所普及率", "%", "完成上级规定的目标任务", "86", "≥90", "≥95", "约束性", "达标"),
]


def build_wanan(path: Path) -> Path:
    d = _doc()
    d.add_paragraph("万安县省级生态文明建设示范县规划（2022—2030年）")
    d.add_paragraph("江西省吉安市万安县人民政府")
    d.add_paragraph("第一章 总论")
    d.add_paragraph("规划基准年为2021年，规划期限为2022—2030年，分为近期（2022—2025年）和远期（2026—2030年）。")
    d.add_paragraph("第三章 建设指标")
    d.add_paragraph("依据《江西省省级生态文明建设示范县建设指标》，构建万安县建设指标体系，见表3-1。")
    d.add_paragraph("表3-1 万安县省级生态文明建设示范县建设指标")
    header = ["领域", "任务", "序号", "指标名称", "单位", "指标值", "现状值（2021年）", "2025年", "2030年", "指标属性", "达标情况"]
    t = d.add_table(rows=1 + len(WANAN_ROWS), cols=len(header))
    t.style = "Table Grid"
    for k, h in enumerate(header):
        t.cell(0, k).text = h
    for r, row in enumerate(WANAN_ROWS, start=1):
        for k in range(3, len(row)):
            t.cell(r, k).text = row[k]
    for col in (0, 1, 2):
        _merge_runs(t, col, [row[col] for row in WANAN_ROWS], 1)
    d.add_paragraph("第五章 主要任务")
    d.add_paragraph("第一节 健全生态制度体系")
    _bold_lead(
        d,
        "严格落实生态文明建设目标评价考核。",
        "将生态文明建设工作纳入乡镇和部门综合考核，考核比例不低于22%。（责任单位：县委组织部、县发改委）",
    )
    d.add_paragraph("第二节 改善生态环境质量")
    _bold_lead(
        d,
        "加强扬尘污染管控。",
        "2024年底前城区建筑工地全部安装扬尘在线监测设备。（责任单位：县住建局、县生态环境局、县城管局）",
    )
    _bold_lead(
        d,
        "推进畜禽养殖污染治理。",
        "规模养殖场粪污处理设施装备配套率保持100%，到2025年畜禽粪污综合利用率达到92%以上。（责任单位：县农业农村局、县生态环境局）",
    )
    box = d.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell.text = "专栏2 生态环境质量改善重点工程"
    cell.add_paragraph("（1）赣江万安库区水环境综合整治工程。建设内容：实施库区消落带生态修复12公里。投资：3500万元。实施年限：2023—2025年。责任单位：县水利局。")
    cell.add_paragraph("（2）县城生活垃圾焚烧发电工程。建设内容：新建日处理400吨垃圾焚烧发电厂1座。投资：2.1亿元。实施年限：2022—2024年。责任单位：县城管局。")
    d.add_paragraph("第八章 保障措施")
    d.add_paragraph("加强组织领导，成立生态文明建设示范县创建工作领导小组。")
    d.add_paragraph("附表 万安县生态文明建设示范县创建重点任务分工表")
    work = [
        ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
        ("1", "编制生态文明建设示范县创建工作方案", "县生态环境局", "县发改委", "2022年6月"),
        ("2", "完成县城污水处理厂提标改造", "县住建局", "县发改委、县生态环境局", "2024年上半年"),
        ("3", "开展林长制年度考核", "县林业局", "各乡镇人民政府", "每年"),
        ("4", "申报省级生态文明建设示范县", "县生态环境局", "县直各有关单位", "2025年"),
    ]
    t2 = d.add_table(rows=len(work), cols=5)
    t2.style = "Table Grid"
    for r, row in enumerate(work):
        for k, text in enumerate(row):
            t2.cell(r, k).text = text
    d.save(str(path))
    return path


# --- 4. 永丰县2025年工作方案: numbered tasks only, 〔责任单位：…〕, 专栏 boxes, no indicator table ----


def _text_box(paragraph: Any, texts: list[str]) -> None:
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    )
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    run = parse_xml(
        f"<w:r {ns}><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent>"
        "</wps:txbx></wps:wsp></w:drawing></w:r>"
    )
    paragraph._p.append(run)


def build_yongfeng(path: Path) -> Path:
    d = _doc()
    d.add_paragraph("永丰县2025年生态环境保护工作方案")
    d.add_paragraph("为持续深入打好污染防治攻坚战，推动全县生态环境质量持续改善，制定本方案。")
    d.add_paragraph("一、工作目标")
    d.add_paragraph(
        "2025年，全县PM2.5平均浓度控制在26微克/立方米以内，空气质量优良天数比率达到95%以上，"
        "国考、省考断面水质优良比例保持100%，受污染耕地安全利用率达到93%以上。"
    )
    d.add_paragraph("二、重点任务")
    d.add_paragraph(
        "（一）推进工业园区污染治理。完成永丰工业园区污水处理厂提标改造，6月底前实现园区企业废水应收尽收。"
        "〔责任单位：县发改委、县生态环境局、县工业园区管委会〕"
    )
    d.add_paragraph(
        "（二）开展柴油货车污染治理。9月底前完成国三及以下排放标准柴油货车淘汰任务。"
        "〔责任单位：县公安局、县交通运输局、县生态环境局〕"
    )
    d.add_paragraph(
        "（三）加强恩江流域水环境保护。开展入河排污口排查整治，2025年10月底前完成整治任务的80%。"
        "〔责任单位：县生态环境局、县水利局〕"
    )
    p = d.add_paragraph("")
    _text_box(
        p,
        [
            "专栏1 2025年水污染防治重点项目",
            "1.永丰县城北污水处理厂扩建项目：新增处理能力1万吨/日，总投资4800万元，2025年12月底前完成。",
            "2.恩江沿岸生态缓冲带建设项目：建设生态缓冲带6公里，总投资1200万元，2025年11月底前完成。",
        ],
    )
    d.add_paragraph(
        "（四）推进农村生活垃圾治理。健全“户分类、村收集、乡转运、县处理”体系，12月底前实现行政村全覆盖。"
        "〔责任单位：县城管局、县农业农村局、各乡镇人民政府〕"
    )
    d.add_paragraph(
        "（五）强化生态环境执法监管。开展危险废物规范化环境管理评估，全年现场检查企业不少于200家次。"
        "〔责任单位：县生态环境局〕"
    )
    d.add_paragraph("（六）推进秸秆禁烧管控。（县农业农村局牵头，各乡镇人民政府配合）")
    d.add_paragraph(
        "（七）加强噪声污染防治。完成城区声环境功能区划调整。（牵头单位：县生态环境局，配合单位：县住建局、县公安局）"
    )
    d.add_paragraph("三、保障措施")
    d.add_paragraph("（一）加强组织领导。各乡镇、各有关部门要把生态环境保护工作摆上重要议事日程。")
    d.add_paragraph("（二）严格督查考核。县生态环境保护委员会办公室每季度通报工作进展。")
    d.save(str(path))
    return path


# --- 5. 美丽抚州建设规划纲要: domain rows merged across the table, 序号 again from 1 in each domain,
# 指标名称（单位）, 属性 before the values, 目标值 over 2027年|2035年, a 评价方法/数据来源 column ------

FUZHOU_DOMAINS = [
    ("一、绿色低碳", [
        ("1", "单位地区生产总值二氧化碳排放降低（%）", "约束性", "—", "完成省下达任务", "完成省下达任务", "统计年鉴，市统计局"),
        ("2", "新能源和清洁能源车辆占比（%）", "预期性", "12.6", "30", "50", "行业统计，市交通运输局"),
    ]),
    ("二、环境优美", [
        ("1", "细颗粒物（PM2.5）平均浓度（微克/立方米）", "约束性", "25.8", "≤25", "≤20", "自动监测，年均值"),
        ("2", "地表水国考断面水质优良比例（%）", "约束性", "100", "100", "100", "月度监测，年均值"),
        ("3", "城市黑臭水体消除比例（%）", "约束性", "100", "100", "100", "排查核实，市住建局"),
    ]),
    ("三、生态宜居", [
        ("1", "森林覆盖率（%）", "约束性", "65.1", "65.2", "稳中有升", "森林督查，市林业局"),
        ("2", "城市公园绿地服务半径覆盖率（%）", "预期性", "82", "85", "≥90", "遥感核算，市城管局"),
    ]),
]


def build_fuzhou(path: Path) -> Path:
    d = _doc()
    d.add_paragraph("抚州市人民政府关于印发美丽抚州建设规划纲要的通知")
    d.add_paragraph("美丽抚州建设规划纲要（2025—2035年）")
    d.add_paragraph("一、现状与形势")
    d.add_paragraph("2024年，全市细颗粒物平均浓度为25.8微克/立方米，国考断面水质优良比例保持100%。")
    d.add_paragraph("二、目标指标")
    d.add_paragraph("以2024年为基准年，到2027年美丽抚州建设取得明显成效，到2035年基本建成。")
    d.add_paragraph("表2 美丽抚州建设指标体系")
    header = ["序号", "指标名称（单位）", "属性", "现状值", "目标值", "", "评价方法/数据来源"]
    sub = ["", "", "", "", "2027年", "2035年", ""]
    rows = sum(1 + len(items) for _, items in FUZHOU_DOMAINS)
    t = d.add_table(rows=2 + rows, cols=len(header))
    t.style = "Table Grid"
    for k in range(len(header)):
        t.cell(0, k).text = header[k]
        t.cell(1, k).text = sub[k]
    for k in (0, 1, 2, 3, 6):
        t.cell(0, k).merge(t.cell(1, k)).text = header[k]
    t.cell(0, 4).merge(t.cell(0, 5)).text = "目标值"
    r = 2
    for domain, items in FUZHOU_DOMAINS:
        t.cell(r, 0).merge(t.cell(r, len(header) - 1)).text = domain
        r += 1
        for item in items:
            for k, text in enumerate(item):
                t.cell(r, k).text = text
            r += 1
    d.add_paragraph("注：现状值为2024年数据。")
    d.add_paragraph("三、重点任务")
    d.add_paragraph("（一）推进绿色低碳转型")
    d.add_paragraph(
        "1.优化能源消费结构。严控煤炭消费增长，推进工业园区集中供热，2026年底前完成燃煤小锅炉清零。"
        "【责任单位：市发展改革委、市工信局】"
    )
    d.add_paragraph(
        "2.推广新能源交通工具。新增公交、出租车辆全部使用新能源。"
        "（责任单位：市交通运输局、市公安局；完成时限：2027年底前）"
    )
    d.add_paragraph("（二）守护蓝天碧水")
    d.add_paragraph(
        "3.开展臭氧污染防治攻坚。实施重点行业挥发性有机物源头替代，2025年9月底前完成治理设施提升。"
        "〔责任单位：市生态环境局，各县（区）人民政府〕"
    )
    d.add_paragraph("专栏3 美丽抚州建设重大工程")
    _grid(
        d,
        ["工程名称", "建设内容", "投资（万元）", "实施年限"],
        [
            ("抚河流域水环境综合治理工程", "建设生态缓冲带25公里，整治入河排污口40个", "56000", "2025—2028年"),
            ("中心城区园林绿化提升工程", "新建口袋公园30个，改造绿道45公里", "18500", "2025—2027年"),
        ],
    )
    d.add_paragraph("四、保障措施")
    d.add_paragraph("建立美丽抚州建设工作专班，每年开展一次实施情况评估。")
    d.save(str(path))
    return path


def to_pdf(source: Path, target: Path, *, to: str = "pdf", suffix: str = ".pdf") -> Path:
    """Export through LibreOffice, as a bureau prints a Word plan to PDF (or saves it as text)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", to, "--outdir", tmp, str(source)],
            check=True,
            capture_output=True,
        )
        shutil.move(str(Path(tmp) / (source.stem + suffix)), target)
    return target


def main() -> None:
    jian = build_jian(HERE / "jian-beautiful-city-outline-2024-2035.docx")
    yanshan = build_yanshan(HERE / "yanshan-14th-five-eco-env-plan.docx")
    wanan = build_wanan(HERE / "wanan-eco-civilization-demo-county-plan-2022-2030.docx")
    build_yongfeng(HERE / "yongfeng-2025-eco-env-work-plan.docx")
    build_fuzhou(HERE / "fuzhou-beautiful-city-outline-2025-2035.docx")
    to_pdf(jian, HERE / "jian-beautiful-city-outline-2024-2035-libreoffice.pdf")
    to_pdf(wanan, HERE / "wanan-eco-civilization-demo-county-plan-2022-2030-libreoffice.pdf")
    for plan in (jian, wanan, yanshan):
        to_pdf(plan, HERE / f"{plan.stem}-libreoffice.txt", to="txt:Text (encoded):UTF8", suffix=".txt")


if __name__ == "__main__":
    main()
