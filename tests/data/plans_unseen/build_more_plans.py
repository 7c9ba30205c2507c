"""Build the second set of Word plans in this folder (and their LibreOffice text export).

Run from the repository root: ``.venv/bin/python tests/data/plans_unseen/build_more_plans.py``.
The layouts follow published plans (美丽河湖 实施方案, 生态文明建设示范县规划, 美丽乡村 工作方案);
the wording and numbers are our own.  The ``*.expected.json`` were written by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_plans import HERE, _doc, _fill, _grid, _merge_runs, to_pdf


def _paras(d: Any, texts: list[str]) -> None:
    for text in texts:
        d.add_paragraph(text)


def _box(d: Any, lines: list[str]) -> None:
    """A 专栏 drawn as a one-column table: one row, one paragraph per line."""
    box = d.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    _fill(box.cell(0, 0), "\n".join(lines))


def _grouped(d: Any, header: list[str], rows: list[tuple[str, ...]], *, merged: bool = True) -> None:
    """A ruled table whose first column (领域, 类别) is merged down over equal values (unless not
    ``merged``); a cell's ``\n`` starts a new paragraph in it."""
    t = d.add_table(rows=1 + len(rows), cols=len(header))
    t.style = "Table Grid"
    for k, h in enumerate(header):
        t.cell(0, k).text = h
    for r, row in enumerate(rows, start=1):
        for k in range(1 if merged else 0, len(row)):
            _fill(t.cell(r, k), row[k])
    if merged:
        _merge_runs(t, 0, [row[0] for row in rows], 1)


# --- 1. 浙江 德清县美丽河湖建设实施方案: no 序号, years without 现状值, m2/m3/km2 units ---------

DEQING_ROWS = [
    ("河湖水域面积", "km2", "28.6", "≥28.6", "≥28.6", "约束性"),
    ("美丽河湖建成长度", "km", "45", "80", "120", "预期性"),
    ("河道清淤量", "万m3", "12.5", "30", "50", "预期性"),
    ("生态缓冲带建设面积", "m2", "8000", "20000", "35000", "预期性"),
    ("农村集中供水工程供水规模", "m3/d", "6500", "8000", "9000", "预期性"),
    ("县控以上断面水质优良比例", "%", "100", "100", "100", "约束性"),
]


def build_deqing(path: Path) -> Path:
    d = _doc()
    _paras(d, [
        "德清县美丽河湖建设实施方案（2023—2027年）",
        "为持续推进美丽河湖建设，打造“水美德清”，制定本方案。",
        "一、主要目标",
        "以2022年为基准年，到2027年，全县建成美丽河湖120公里，河湖生态系统质量稳步提升。",
        "表1 德清县美丽河湖建设主要指标",
    ])
    _grid(d, ["指标", "单位", "2022年", "2025年", "2027年", "属性"], DEQING_ROWS)
    _paras(d, [
        "二、重点任务",
        "（一）系统治理水环境",
        "1.推进入河排污口整治。全面排查东苕溪、余英溪沿线入河排污口，建立整治台账，实行“一口一策”。",
        "按照“取缔一批、合并一批、规范一批”要求分类整治，2025年底前完成整治销号。〔牵头单位：县生态环境局；配合单位：县水利局、县住建局〕",
        "2.实施河道综合整治。对城区14条河道开展清淤疏浚，清淤量30万m3。",
        "结合清淤同步建设生态护岸，2025年12月底前完成。〔县水利局牵头，各镇人民政府配合〕",
        "（二）修复河湖生态",
        "3.建设生态缓冲带。在主要河道两侧建设生态缓冲带20000m2，种植本土水生植物。〔责任单位：县水利局、县农业农村局〕",
        "专栏1 美丽河湖重点工程",
    ])
    _box(
        d,
        [
            "1.东苕溪德清段综合治理工程：实施河道清淤20万m3，新建生态护岸12km。总投资：18000万元。实施年限：2023—2025年。责任单位：县水利局。",
            "2.下渚湖湿地保护修复工程：修复湿地面积50000m2，建设生态浮岛2000m2。总投资：6500万元。实施年限：2024—2026年。责任单位：县林业局。",
        ],
    )
    d.add_paragraph("三、保障措施")
    d.add_paragraph("县治水办每半年对实施情况开展一次评估，评估结果纳入年度考核。")
    d.save(str(path))
    return path


# --- 2. 福建 长汀县生态文明建设示范县规划: 2020年|2025年|2030年, cells of several paragraphs ------

CHANGTING_ROWS = [
    # domain, seq, name, unit, 2020, 2025, 2030, attribute
    ("生态制度", "1", "生态文明建设工作占党政实绩考核的比例", "%", "20", "≥20", "≥22", "约束性"),
    ("生态安全", "2", "环境空气质量优良天数比例", "%", "98.9", "≥98\n且持续改善", "≥98", "约束性"),
    ("生态安全", "3", "水土流失治理面积", "km2", "1120.5", "1180", "1250", "预期性"),
    ("生态安全", "4", "集中式饮用水水源地水质优良比例\n（县级及以上）", "%", "100", "100", "100", "约束性"),
    ("生态空间", "5", "自然生态空间面积", "km2", "2450", "不减少", "不减少", "约束性"),
    ("生态经济", "6", "单位地区生产总值用水量", "m3/万元", "86.2", "≤80", "≤70", "约束性"),
]
CHANGTING_TASKS = [
    ("1", "深化水土流失综合治理", "县水保局", "县林业局\n县农业农村局", "2025年12月底前"),
    ("2", "推进汀江流域生态补偿", "县财政局", "县生态环境局\n县水利局", "2024年6月底前"),
    ("3", "开展生态文明宣传教育", "县委宣传部", "县教育局", "持续推进"),
]


def build_changting(path: Path) -> Path:
    d = _doc()
    _paras(d, [
        "长汀县生态文明建设示范县规划（2021—2030年）",
        "第一章 规划总则",
        "规划以2020年为基准年，规划期限为2021—2030年，近期至2025年，远期至2030年。",
        "第二章 建设指标",
        "表2-1 长汀县生态文明建设示范县建设指标",
    ])
    _grouped(d, ["领域", "序号", "指标名称", "单位", "2020年", "2025年", "2030年", "指标属性"], CHANGTING_ROWS)
    d.add_paragraph("第三章 重点任务")
    d.add_paragraph("表3-1 重点任务分工表")
    _grouped(d, ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"], CHANGTING_TASKS, merged=False)
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("成立县生态文明建设示范县创建工作领导小组，统筹推进规划实施。")
    d.save(str(path))
    return path


# --- 3. 安徽 黟县美丽乡村建设2024年工作方案: 任务分工 without 序号, one-column 专栏 ---------------


def build_yixian(path: Path) -> Path:
    d = _doc()
    _paras(d, [
        "黟县2024年美丽乡村建设工作方案",
        "为深入推进和美乡村建设，结合我县实际，制定本方案。",
        "一、工作目标",
        "2024年，全县新建美丽乡村中心村6个，农村生活污水治理率达到45%。",
        "二、任务分工",
        "附表 黟县2024年美丽乡村建设任务分工",
    ])
    _grid(
        d,
        ["工作任务", "责任单位", "配合单位", "完成时限"],
        [
            ("推进农村生活污水治理", "县生态环境局", "县住建局、各乡镇", "2024年11月底前"),
            ("开展村庄清洁行动", "县农业农村局", "各乡镇", "2024年12月底前"),
            ("实施农村改厕提质", "县农业农村局", "县卫健委", "2024年10月底前"),
            ("建设美丽乡村中心村", "县住建局", "县财政局、各乡镇", "2024年12月底前"),
        ],
    )
    d.add_paragraph("专栏 2024年美丽乡村建设重点项目")
    _box(
        d,
        [
            "1.宏村镇农村污水管网延伸项目：新建污水管网8km，处理规模200m3/d。总投资：1200万元。责任单位：宏村镇人民政府。",
            "2.西递镇村庄环境提升项目：改造村庄道路3500m2，新建公共绿地1200m2。总投资：680万元。责任单位：西递镇人民政府。",
        ],
    )
    d.add_paragraph("三、保障措施")
    d.add_paragraph("县美丽乡村建设领导小组办公室每季度通报一次工作进展。")
    d.save(str(path))
    return path


# --- 4. 河南 林州市2025年生态环境保护工作要点: 工作内容 | 牵头领导 | 责任单位 | 完成时限 --------------

LINZHOU_TASKS = [
    # group, seq, content, leader, units, deadline
    ("蓝天保卫战", "1", "开展秸秆禁烧巡查，确保不发生大面积焚烧。", "王副市长", "市农业农村局\n各乡镇人民政府", "2025年11月底前"),
    ("蓝天保卫战", "2", "完成钢铁企业超低排放改造评估监测。", "王副市长", "市工信局", "2025年6月"),
    ("碧水保卫战", "3", "完成城区污水处理厂提标改造，出水达到一级A标准。", "李副市长", "市住建局（牵头）\n市生态环境局", "2025年9月底前"),
    ("净土保卫战", "4", "开展受污染耕地安全利用。", "李副市长", "市农业农村局", "长期坚持"),
]


def build_linzhou(path: Path) -> Path:
    d = _doc()
    _paras(d, [
        "林州市2025年生态环境保护工作要点",
        "2025年是深入打好污染防治攻坚战的关键之年，现将全年工作要点印发如下。",
        "一、重点工作",
        "附件 2025年生态环境保护重点工作任务分解表",
    ])
    _grouped(d, ["类别", "序号", "工作内容", "牵头领导", "责任单位", "完成时限"], LINZHOU_TASKS)
    d.add_paragraph("二、保障措施")
    d.add_paragraph("市生态环境保护委员会办公室每月通报工作进展。")
    d.save(str(path))
    return path


def main() -> None:
    deqing = build_deqing(HERE / "deqing-beautiful-rivers-lakes-plan-2023-2027.docx")
    changting = build_changting(HERE / "changting-eco-civilization-demo-county-plan-2021-2030.docx")
    yixian = build_yixian(HERE / "yixian-2024-beautiful-village-work-plan.docx")
    linzhou = build_linzhou(HERE / "linzhou-2025-eco-env-work-points.docx")
    for plan in (deqing, changting, yixian, linzhou):
        to_pdf(plan, HERE / f"{plan.stem}-libreoffice.txt", to="txt:Text (encoded):UTF8", suffix=".txt")


if __name__ == "__main__":
    main()
