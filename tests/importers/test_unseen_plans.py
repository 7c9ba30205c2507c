"""Plans the importer was not written against (tests/data/unseen-plans): what a careful reader
of each plan expects, cell by cell for the hardest rows.  Word plans: test_unseen_word.py."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from conftest import DATA, SCHEMA
from ecociv._serialize import plan_to_dict
from ecociv.importers import read_plan
from ecociv.model import Indicator, Plan

UNSEEN = DATA / "unseen-plans"
CHONGYI = UNSEEN / "chongyi-eco-demo-plan-2021-2030.txt"
PINGXIANG = UNSEEN / "pingxiang-beautiful-city-outline-2024-2035.md"
JIUJIANG = UNSEEN / "jiujiang-14th-five-eco-env-plan.txt"
YUSHUI = UNSEEN / "yushui-2025-eco-env-work-plan.txt"
GUANGFENG = UNSEEN / "guangfeng-14th-five-eco-env-plan.txt"
QINGYUAN = UNSEEN / "qingyuan-14th-five-eco-env-plan-pdftotext.txt"


def _row(plan: Plan, table: int, seq: str) -> Indicator:
    return next(r for r in plan.indicator_tables[table].rows if r.seq == seq)


def _seqs(plan: Plan, table: int) -> list[str | None]:
    return [r.seq for r in plan.indicator_tables[table].rows]


def errors(plan: Plan) -> list[str]:
    return [f"{w.slug}@{w.line}" for w in plan.warnings if w.severity != "info"]


def test_every_unseen_text_plan_is_valid_against_the_contract() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    paths = sorted(UNSEEN.iterdir())
    assert len(paths) == 6
    for path in paths:
        plan = read_plan(path)
        jsonschema.validate(plan_to_dict(plan), schema)
        assert plan.region, plan.title
        assert plan.indicator_tables and plan.tasks, plan.title


def test_gbk_crlf_county_plan_with_page_break_inside_the_table() -> None:
    plan = read_plan(CHONGYI)
    assert plan.encoding == "gbk"
    assert (plan.title, plan.region, plan.kind) == ("崇义县生态文明建设示范县规划（2021—2030年）", "崇义县", "生态文明建设示范区规划")
    assert (plan.base_year, plan.period, plan.stage_years) == (2020, (2021, 2030), [2025, 2030])
    (table,) = plan.indicator_tables
    assert table.title == "表4-1 崇义县生态文明建设示范县建设指标体系"
    # the header wrapped by the conversion (（２０２０年） and 目标 on a line of their own), its
    # years in full-width digits: kept as written, read as 2020, 2025, 2030
    assert table.columns == [
        "领域",
        "序号",
        "指标名称",
        "单位",
        "建设指标",
        "现状值 （２０２０年）",
        "２０２５年 目标",
        "２０３０年 目标",
        "指标属性",
        "备注",
    ]
    # no row lost and none invented: the page number and running header are no rows
    assert _seqs(plan, 0) == [str(k) for k in range(1, 21)]
    assert errors(plan) == []
    aqi = _row(plan, 0, "4")
    # value cells read as numbers: full-width digits and the full-width point as ASCII
    assert (aqi.domain, aqi.unit, aqi.standard, aqi.attribute) == ("生态安全", "％", "≥90", "约束性")
    assert aqi.baseline is not None and (aqi.baseline.year, aqi.baseline.value) == (2020, "98.5")
    assert aqi.targets == {2025: "≥96", 2030: "≥97"}
    assert aqi.extra == {"备注": "县城"}
    assert _row(plan, 0, "7").name == "劣V类水体比例"
    forest = _row(plan, 0, "8")
    assert forest.name == "森林覆盖率" and forest.targets == {2025: "≥88.3", 2030: "≥88.5"}
    # row 10 is cut by the page break: name and unit before it, the rest after the repeated header;
    # the name cut mid-word joins without a space
    after_break = _row(plan, 0, "10")
    assert (after_break.name, after_break.domain, after_break.unit, after_break.standard) == (
        "受污染耕地安全利用率",
        "生态安全",
        "％",
        "≥90",
    )
    assert after_break.baseline is not None and (after_break.baseline.year, after_break.baseline.value) == (2020, "92.6")
    assert (after_break.targets, after_break.attribute) == ({2025: "≥93", 2030: "≥95"}, "约束性")
    (cont,) = [w for w in plan.warnings if w.slug == "row-continued"]
    assert cont.line == after_break.source_line + 7  # footer, blank, running header, two header rows
    waste = _row(plan, 0, "16")
    assert [(s.name, s.standard, s.baseline.value if s.baseline else None, s.targets) for s in waste.sub_indicators] == [
        ("秸秆综合利用率", "≥90", "93", {2025: "≥95", 2030: "≥97"}),
        ("畜禽粪污综合利用率", "≥75", "85", {2025: "≥90", 2030: "≥95"}),
    ]
    assert [(t.section, t.units, t.deadline and t.deadline.isoformat()) for t in plan.tasks] == [
        ("（一）持续改善空气质量", ["县生态环境局", "县工信局", "县发改委"], "2025-12-31"),
        ("（二）全面提升水环境质量", ["县住建局", "县生态环境局", "县水利局"], "2024-12-31"),
    ]
    # a sentence broken by the PDF line wrap is one task text
    assert "县城细颗粒物浓度控制在22微克/立方米以内" in plan.tasks[0].text
    assert [(p.name, p.investment_wan_yuan, p.period) for p in plan.projects] == [
        ("上犹江流域水环境综合治理工程", 18000.0, "2022—2025"),
        ("县城污水处理厂提标改造工程", 3500.0, "2021—2023"),
        ("钨矿废弃矿山生态修复工程", 6200.0, "2023—2027"),
    ]


def test_beautiful_city_outline_in_markdown_with_stage_years() -> None:
    plan = read_plan(PINGXIANG)
    assert (plan.title, plan.kind) == ("美丽萍乡建设规划纲要（2024—2035年）", "规划纲要")
    # the title names 萍乡 without its level: the body says 萍乡市
    assert plan.region == "萍乡市" and plan.region_info is not None and plan.region_info.level == "市"
    assert (plan.base_year, plan.period, plan.stage_years) == (2023, (2024, 2035), [2027, 2035])
    table, html = plan.indicator_tables
    assert table.columns == ["序号", "指标名称", "单位", "现状值（2023年）", "2027年目标值", "2035年目标值", "指标性质"]
    # the pipe table repeated after 第 5 页 goes on as one table
    assert _seqs(plan, 0) == [str(k) for k in range(1, 19)]
    pm = _row(plan, 0, "1")
    assert pm.name == "地级及以上城市细颗粒物（PM2.5）平均浓度" and pm.unit == "μg/m³" and pm.domain is None
    assert pm.baseline is not None and (pm.baseline.year, pm.baseline.value) == (2023, "31")
    assert pm.targets == {2027: "≤29", 2035: "≤25"} and pm.attribute == "约束性"
    assert _row(plan, 0, "12").targets == {2027: "18", 2035: "25"}
    # 表2 is an HTML table (as converters write merged cells): 领域 merged down, 目标值 across
    assert html.title == "表2 美丽萍乡建设分领域指标"
    assert html.columns == ["领域", "序号", "指标", "单位", "现状值（2023年）", "目标值 2027年", "目标值 2035年", "指标属性"]
    assert [(r.domain, r.seq) for r in html.rows] == [
        ("美丽蓝天", "1"),
        ("美丽蓝天", "2"),
        ("美丽河湖", "3"),
        ("美丽河湖", "4"),
        ("美丽河湖", "5"),
        ("美丽园区", "6"),
    ]
    flow = _row(plan, 1, "4")
    assert (flow.name, flow.unit, flow.targets, flow.attribute) == (
        "重要河湖生态流量 保障目标满足程度",
        "%",
        {2027: "≥95", 2035: "100"},
        "预期性",
    )
    assert flow.baseline is not None and (flow.baseline.year, flow.baseline.value) == (2023, "95")
    assert _row(plan, 1, "1").name == "PM2.5浓度"
    lines = PINGXIANG.read_text(encoding="utf-8").split("\n")
    assert lines[flow.source_line - 1].strip() == "<tr>"  # findings point at the row in the file
    assert [t.units for t in plan.tasks] == [
        ["市生态环境局", "市发改委", "市工信局"],
        ["市城管局", "市生态环境局", "市水利局", "各县区人民政府"],
    ]
    assert [p.investment_wan_yuan for p in plan.projects] == [46000.0, 12000.0]
    assert errors(plan) == []


def test_city_plan_with_city_and_county_scopes_and_a_second_table() -> None:
    plan = read_plan(JIUJIANG)
    assert (plan.region, plan.kind, plan.base_year, plan.period) == ("九江市", "生态环境保护规划", 2020, (2021, 2025))
    assert [t.title for t in plan.indicator_tables] == [
        "表1 九江市“十四五”生态环境保护主要指标",
        "表2 九江市“十四五”主要污染物减排指标",
    ]
    assert _seqs(plan, 0) == [str(k) for k in range(1, 14)]
    assert _seqs(plan, 1) == [str(k) for k in range(1, 13)]
    pm = _row(plan, 0, "1")
    assert pm.unit == "微克/立方米"
    assert [(s.name, s.baseline.value if s.baseline else None, s.targets[2025], s.attribute) for s in pm.sub_indicators] == [
        ("全市", "35", "≤32", "约束性"),
        ("中心城区", "38", "≤34", "约束性"),
        ("修水县", "24", "≤23", "约束性"),
    ]
    assert [s.name for s in _row(plan, 0, "2").sub_indicators] == ["全市", "中心城区"]
    # a row split by a page break: footer, running header and repeated header, then the rest
    (cont,) = [w for w in plan.warnings if w.slug == "row-continued"]
    assert JIUJIANG.read_text(encoding="utf-8").split("\n")[cont.line - 1].strip() == "水质达到或优于Ⅲ类比例（%）"
    water = _row(plan, 0, "6")
    assert water.name == "县级及以上城市集中式饮用水水源水质达到或优于Ⅲ类比例（%）" and water.unit == "%"
    co2 = _row(plan, 0, "7")
    assert (co2.domain, co2.targets) == ("应对气候变化", {2025: "完成省下达任务"})
    # 表2: 目标值 has its year only in the caption (十四五 -> 2025)
    cod = _row(plan, 1, "1")
    assert (cod.name, cod.unit, cod.targets, cod.attribute) == ("化学需氧量重点工程减排量（万吨）", "万吨", {2025: "≥1.52"}, "约束性")
    assert cod.extra == {"数据来源": "市生态环境局"}
    assert [(p.column, p.name, p.investment_wan_yuan, p.period) for p in plan.projects] == [
        ("专栏2 长江大保护重大工程", "长江九江段入河排污口整治工程", 23000.0, "2021—2023"),
        ("专栏2 长江大保护重大工程", "八里湖湿地生态修复工程", 15000.0, "2022—2025"),
        ("专栏3 城镇污水处理提质增效工程", "中心城区污水管网改造工程", 12000.0, "2022—2024"),
        ("专栏3 城镇污水处理提质增效工程", "县城污水处理厂扩容工程", 8500.0, "2023—2025"),
    ]
    # a 专栏 table row whose content cell has a line break: one project, every cell in place
    wrapped = plan.projects[3]
    assert wrapped.content == "新建污水处理规模5万吨/日，配套管网40公里"
    assert wrapped.responsible == ["市住建局", "各县（市、区）政府"]
    assert plan.tasks[1].units == ["市生态环境局", "市水利局", "市农业农村局"]
    assert not [w for w in plan.warnings if w.slug in ("row-unplaced", "table-unrecognised", "task-text-without-units")]


def test_yearly_work_plan_with_numbered_tasks_and_lead_units() -> None:
    plan = read_plan(YUSHUI)
    assert plan.encoding == "utf-8-sig"
    assert (plan.title, plan.region, plan.kind) == ("新余市渝水区2025年生态环境保护工作方案", "渝水区", "工作方案")
    assert plan.region_info is not None and plan.region_info.parent == "新余市"
    assert (plan.period, plan.stage_years) == ((2025, 2025), [2025])
    (table,) = plan.indicator_tables
    assert table.title == "附表 渝水区2025年生态环境保护主要目标"
    assert _seqs(plan, 0) == [str(k) for k in range(1, 16)]
    pm = _row(plan, 0, "1")
    assert (pm.actual, pm.targets, pm.lead_unit, pm.extra) == ({2024: "29.6"}, {2025: "≤29"}, "区生态环境局", {})
    assert [t.section for t in plan.tasks] == [
        "1. 推进工业污染深度治理",
        "2. 强化移动源污染防治",
        "3. 加强饮用水水源地保护",
        "4. 推进农村生活污水治理",
        "5. 加强土壤污染源头防控",
        "6. 加强噪声污染防治",
        "7. 推进农村人居环境整治",
        "8. 加强生态环境宣传",
    ]
    first = plan.tasks[0]
    assert first.units == ["区生态环境局", "区工信局", "区发改委"] and first.lead == "区生态环境局"
    assert first.deadline is not None and first.deadline.isoformat() == "2025-06-30"
    assert "2家水泥企业超低排放改造" in first.text
    # the running header and page number between two tasks are in no task
    assert not any("工作方案" in t.text or "— 3 —" in t.text for t in plan.tasks)
    assert plan.tasks[2].placeholders == ["各乡镇（街道）"]
    assert plan.tasks[4].deadline is not None and plan.tasks[4].deadline.isoformat() == "2025-09-30"
    # the other ways work plans name units: (甲牵头，乙、丙配合); label lines of their own
    assert [(t.units, t.lead) for t in plan.tasks[5:]] == [
        (["区城管局", "区住建局", "区生态环境局"], "区城管局"),
        (["区农业农村局", "区城管局", "各乡镇（街道）"], "区农业农村局"),
        (["区生态环境局", "区委宣传部"], "区生态环境局"),
    ]
    assert plan.tasks[5].text == "开展建筑施工夜间噪声专项整治，全年办理噪声投诉办结率达到100%。"
    assert plan.tasks[6].deadline is not None and plan.tasks[6].deadline.isoformat() == "2025-11-30"
    assert errors(plan) == []


def test_pdf_layout_one_cell_per_line_with_page_break_and_footnotes() -> None:
    plan = read_plan(GUANGFENG)
    assert plan.encoding == "gb18030"  # 㙟 is not in GBK
    assert (plan.region, plan.region_info and plan.region_info.parent) == ("广丰区", "上饶市")
    assert (plan.kind, plan.base_year, plan.period, plan.stage_years) == ("生态环境保护规划", 2020, (2021, 2025), [2025])
    (table,) = plan.indicator_tables
    assert table.columns == ["类别", "序号", "指标名称", "单位", "现状值（2020年）", "目标值（2025年）", "指标属性"]
    assert _seqs(plan, 0) == [str(k) for k in range(1, 17)]
    good_days = _row(plan, 0, "2")
    assert (good_days.unit, good_days.targets) == ("％", {2025: "＞95"})
    # a cell broken over two lines by the PDF conversion
    assert _row(plan, 0, "4").name == "县级及以上城市集中式饮用水水源 水质达到或优于Ⅲ类比例"
    soil = _row(plan, 0, "6")
    assert soil.name == "受污染耕地安全利用率"  # footnote marker ① dropped
    assert soil.baseline is not None and (soil.baseline.year, soil.baseline.value) == (2020, "91.5")
    # the rows after "- 15 -" and the repeated header keep their domain
    after_break = _row(plan, 0, "7")
    assert (after_break.name, after_break.domain, after_break.targets) == ("污染地块安全利用率", "环境质量", {2025: "100"})
    assert (_row(plan, 0, "8").domain, _row(plan, 0, "16").domain) == ("污染减排", "应对气候变化")
    assert [(t.section, t.units) for t in plan.tasks] == [
        ("第一节 深入打好蓝天保卫战", ["区生态环境局", "区工信局", "区交通运输局"]),
        ("第二节 深入打好碧水保卫战", ["区住建局", "区生态环境局", "区水利局"]),
    ]
    # a sentence and a unit name broken by hard line breaks
    assert "煤改气，加强移动源污染防治" in plan.tasks[0].text
    assert "实施上㙟村段河道清淤" in plan.tasks[1].text
    assert [(p.name, p.investment_wan_yuan, p.period, p.responsible) for p in plan.projects] == [
        ("丰溪河流域综合治理工程", 21000.0, "2021—2024", []),
        ("城区雨污分流改造工程", 9800.0, "2022—2025", ["区住建局"]),
    ]
    assert errors(plan) == []


def test_same_header_over_a_second_table_whose_numbers_start_again(tmp_path: Path) -> None:
    header = "| 序号 | 指标名称 | 单位 | 现状值（2021年） | 2025年 | 2030年 | 属性 |\n|---|---|---|---|---|---|---|\n"
    path = tmp_path / "某某县生态文明建设示范县规划（2022—2030年）.md"
    path.write_text(
        "# 某某县生态文明建设示范县规划（2022—2030年）\n\n表1 省级指标\n\n"
        + header
        + "| 1 | 森林覆盖率 | % | 70 | ≥70 | ≥71 | 约束性 |\n| 2 | 河长制 | — | 全面实施 | 全面实施 | 全面实施 | 约束性 |\n\n"
        + "第 9 页\n\n"
        + header
        + "| 3 | 城镇污水<br>处理率 | % | 90 | ≥95 | ≥97 | 约束性 |\n\n"
        + "国家级指标如下。\n\n"
        + header
        + "| 1 | 林草覆盖率 | % | 80 | ≥80 | ≥81 | 约束性 |\n| 2 | 公众满意度 | % | 85 | ≥90 | ≥92 | 参考性 |\n",
        encoding="utf-8",
    )
    plan = read_plan(path)
    # after 第 9 页 the table goes on (序号 3); the third header starts a new table (序号 1 again)
    assert [[r.seq for r in t.rows] for t in plan.indicator_tables] == [["1", "2", "3"], ["1", "2"]]
    assert plan.indicator_tables[0].rows[2].name == "城镇污水 处理率"
    assert plan.indicator_tables[1].rows[0].name == "林草覆盖率"


def test_layered_header_yearly_key_points_and_stage_years_named_alone(tmp_path: Path) -> None:
    path = tmp_path / "points.txt"
    path.write_text(
        "某某县2024年度生态环境保护工作要点\n\n一、总体目标\n"
        "本县生态文明建设规划期限为2021—2035年，近期目标年为2025年，远期目标年为2035年。\n\n"
        "表1 某某县生态文明建设指标\n"
        "目标层\t准则层\t指标层\t单位\t现状值（2022年）\t2025年目标值\t2035年目标值\n"
        "生态文明\t生态环境\t森林覆盖率\t%\t70\t≥70\t≥71\n"
        "\t\t空气质量优良天数比例\t%\t95\t≥95\t≥96\n"
        "\t生态经济\t单位GDP能耗\t吨标煤/万元\t0.4\t0.38\t0.3\n",
        encoding="utf-8",
    )
    plan = read_plan(path)
    assert (plan.title, plan.kind, plan.region, plan.period) == (
        "某某县2024年度生态环境保护工作要点",
        "工作要点",
        "某某县",
        (2024, 2024),
    )
    rows = plan.indicator_tables[0].rows
    assert [(r.domain, r.name, r.targets) for r in rows] == [
        ("生态环境", "森林覆盖率", {2025: "≥70", 2035: "≥71"}),
        ("生态环境", "空气质量优良天数比例", {2025: "≥95", 2035: "≥96"}),
        ("生态经济", "单位GDP能耗", {2025: "0.38", 2035: "0.3"}),
    ]
    assert rows[0].extra == {"目标层": "生态文明"}
    stages = tmp_path / "stages.txt"
    stages.write_text(
        "某某县生态文明建设示范县规划（2021—2035年）\n\n规划期限为2021—2035年，以2020年为基准年。"
        "近期目标年为2025年，中期至2030年，远期目标年为2035年。\n",
        encoding="utf-8",
    )
    plan = read_plan(stages)
    assert (plan.base_year, plan.period, plan.stage_years) == (2020, (2021, 2035), [2025, 2030, 2035])


def test_a_label_line_inside_a_box_does_not_turn_plan_paragraphs_into_clause_tasks(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "某某县生态文明建设示范县规划（2022—2030年）\n\n第四章 主要任务\n（一）推进大气治理\n"
        "推进陶瓷行业深度治理，2023年底前完成煤改气。\n（二）推进水环境治理\n推进流域综合治理。\n\n"
        "专栏1 重点工程\n（一）流域综合治理工程\n建设内容：治理河道20公里，总投资1亿元，建设期限2023—2025年。\n"
        "责任单位：县水利局\n\n第五章 保障措施\n加强组织领导。\n",
        encoding="utf-8",
    )
    plan = read_plan(path)
    assert [(t.section, t.text, t.units) for t in plan.tasks] == [
        ("（一）推进大气治理", "推进陶瓷行业深度治理，2023年底前完成煤改气。", []),
        ("（二）推进水环境治理", "推进流域综合治理。", []),
    ]
    assert [(p.name, p.responsible) for p in plan.projects] == [("流域综合治理工程", ["县水利局"])]


def _layout_rows(plan: Plan) -> list[tuple[str | None, str | None, str, str | None, str | None, str | None, str | None]]:
    return [
        (
            r.domain,
            r.seq,
            r.name,
            r.unit,
            r.baseline.value if r.baseline else None,
            r.targets.get(2025),
            r.attribute,
        )
        for r in plan.indicator_tables[0].rows
    ]


QINGYUAN_ROWS = [
    ("环境质量", "1", "细颗粒物（PM2.5）浓度", "微克/立方米", "28", "≤26", "约束性"),
    ("环境质量", "2", "空气质量优良天数比率", "%", "95.1", "≥95", "约束性"),
    ("环境质量", "3", "地表水达到或好于Ⅲ类水体比例", "%", "100", "100", "约束性"),
    ("环境质量", "4", "县级及以上城市集中式饮用水水源 水质达到或优于Ⅲ类比例", "%", "100", "100", "约束性"),
    ("生态保护", "5", "森林覆盖率", "%", "65.3", "≥65.5", "约束性"),
    ("生态保护", "6", "生态质量指数（EQI）", "—", "—", "稳中向好", "预期性"),
    ("污染减排", "7", "化学需氧量重点工程减排量", "吨", "—", "完成市下达任务", "约束性"),
    ("污染减排", "8", "氨氮重点工程减排量", "吨", "—", "完成市下达任务", "约束性"),
]


def test_pdf_converted_with_space_aligned_columns() -> None:
    """pdftotext -layout: cells separated by runs of spaces, empty cells blank, a name wrapped."""
    plan = read_plan(QINGYUAN)
    assert (plan.region, plan.base_year, plan.period) == ("青原区", 2020, (2021, 2025))
    (table,) = plan.indicator_tables
    assert table.title == "表3 青原区“十四五”生态环境保护主要指标"
    assert table.columns == ["类别", "序号", "指标名称", "单位", "2020年", "2025年", "属性"]
    assert _layout_rows(plan) == QINGYUAN_ROWS
    assert [t.units for t in plan.tasks] == [["区生态环境局", "区工信局"], ["区水利局", "区生态环境局"]]
    assert errors(plan) == []


def test_space_aligned_columns_counted_in_characters(tmp_path: Path) -> None:
    """The same table padded to character columns (as pdftotext pads), not to display width."""
    widths = [8, 5, 34, 10, 8, 12, 6]

    def line(cells: tuple[str, ...]) -> str:
        return "".join(c.ljust(w + 2) for c, w in zip(cells, widths, strict=True)).rstrip()

    body = [line(("类别", "序号", "指标名称", "单位", "2020年", "2025年", "属性"))]
    domain = None
    for row in QINGYUAN_ROWS:
        shown = ("" if row[0] == domain else row[0], *row[1:])
        domain = row[0]
        if row[1] == "4":
            body.append(line((shown[0], shown[1], "县级及以上城市集中式饮用水水源", *shown[3:])))
            body.append(line(("", "", "水质达到或优于Ⅲ类比例", "", "", "", "")))
        else:
            body.append(line(shown))
    path = tmp_path / "layout.txt"
    path.write_text(
        "吉安市青原区生态环境保护“十四五”规划\n\n规划基准年为2020年，规划期限为2021—2025年。\n\n"
        "表3  青原区“十四五”生态环境保护主要指标\n\n" + "\n".join(body) + "\n\n第四章  主要任务\n",
        encoding="utf-8",
    )
    assert _layout_rows(read_plan(path)) == QINGYUAN_ROWS


def test_padded_pipe_table_is_not_read_as_a_space_aligned_one(tmp_path: Path) -> None:
    path = tmp_path / "padded.md"
    path.write_text(
        "# 某某县生态文明建设示范县规划（2022—2030年）\n\n表1 指标\n\n"
        "| 序号 | 指标名称              | 单位 | 现状值（2021年）  | 2025年   | 属性     |\n"
        "| ---- | --------------------- | ---- | ----------------- | -------- | -------- |\n"
        "| 1    | 森林覆盖率            | %    | 70                | ≥70      | 约束性   |\n"
        "| 2    | 河长制                | —    | 全面实施          | 全面实施 | 约束性   |\n",
        encoding="utf-8",
    )
    rows = read_plan(path).indicator_tables[0].rows
    assert [(r.seq, r.name, r.unit, r.targets, r.attribute) for r in rows] == [
        ("1", "森林覆盖率", "%", {2025: "≥70"}, "约束性"),
        ("2", "河长制", "—", {2025: "全面实施"}, "约束性"),
    ]
