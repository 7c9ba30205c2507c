"""Task extraction on the sample plans: 责任单位 clauses (Ganxian) and task paragraphs (规划)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import GANXIAN, HUICHANG, YICHUN
from ecociv.importers._tasks_quantities import find_deadline
from ecociv.importers.tasks import extract_tasks, parse_unit_clause
from ecociv.model import Task


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def ganxian() -> list[Task]:
    tasks, _ = extract_tasks(_lines(GANXIAN))
    return tasks


def _section_no(t: Task) -> int:
    assert t.section is not None
    return int(t.section.split(".")[0])


def test_one_task_per_unit_clause_in_tasks_1_to_21(ganxian: list[Task]) -> None:
    text = GANXIAN.read_text(encoding="utf-8")
    # Every clause counts, including the one split by a page break (〔责任单\n\n位：…]) and
    # those closed by an ASCII ']': 74 are written whole with 〔…〕, 2 close with ']'.
    assert text.count("〔责任单位") == 75 and text.count("〔责任单") == 76
    assert len(ganxian) == 76
    assert sorted({_section_no(t) for t in ganxian}) == list(range(1, 22))
    assert all(t.units for t in ganxian)


def test_sections_titles_and_leads(ganxian: list[Task]) -> None:
    first = ganxian[0]
    assert first.section == "1. 积极稳妥推动碳达峰"
    assert first.text.startswith("深入实施碳达峰“十大行动”")
    # The rule sentence inside the first clause is not a unit.
    assert first.units == ["区发展改革委", "高新区经发局", "区有关单位"]
    assert first.lead == "区发展改革委"
    assert first.placeholders == ["区有关单位"]
    assert sorted({p for t in ganxian for p in t.placeholders}) == ["区有关单位", "区有关部门", "各乡镇"]
    assert sum(1 for t in ganxian if t.placeholders) == 4
    # Trailing 等 is not part of the last unit's name.
    assert ganxian[1].units[-1] == "区行政审批局"
    # Text broken by a page break is joined; the clause after it still belongs to task 1.
    assert ganxian[2].text == "完善能耗双控和碳排放双控制度，推动能耗双控逐步向碳排放双控转变。"
    assert ganxian[2].source_line == 43
    # A clause closed with ']' after a page break inside its own words.
    radiation = next(t for t in ganxian if t.text.startswith("严守辐射安全红线"))
    assert radiation.units == ["区生态环境局"]
    red_line = next(t for t in ganxian if t.text.startswith("推动出台生态保护红线监管"))
    assert red_line.units == ["区生态环境局", "区公安局"]
    # A paragraph without its own number stays in the running task (15).
    waste = next(t for t in ganxian if t.text.startswith("加强农业固废污染防治"))
    assert waste.section == "15. 稳步推进农业面源污染治理"
    assert waste.units == ["区农业农村局", "区生态环境局", "区供销社"]


def test_quantified_sub_targets_with_deadlines(ganxian: list[Task]) -> None:
    q = {(x.value, x.unit): (x, t) for t in ganxian for x in t.quantities}
    charger, _ = q[(1510.0, "根")]
    assert charger.comparison == ">=" and charger.deadline == dt.date(2024, 12, 31)
    assert charger.subject is not None and charger.subject.endswith("充电桩")
    toilets, _ = q[(690.0, "个")]
    assert toilets.subject == "农村户厕" and toilets.deadline == dt.date(2024, 12, 31)
    factories, _ = q[(2.0, "家")]
    assert factories.subject == "国家级绿色工厂"
    pipes, _ = q[(15.0, "公里")]
    assert pipes.subject == "污水管网" and pipes.comparison == ">="
    pv, _ = q[(43.0, "万千瓦")]
    assert pv.comparison == ">="
    straw = [x for t in ganxian for x in t.quantities if x.subject == "秸秆综合利用率"]
    assert [(x.value, x.unit) for x in straw] == [(90.0, "%")]
    # 摸排6个国（省）监测断面上游5公里范围内排污口 describes work, it sets no target.
    survey = next(t for t in ganxian if "摸排6个" in t.text)
    assert survey.quantities == []


def test_month_deadline_takes_the_plan_year(ganxian: list[Task]) -> None:
    pumped = next(t for t in ganxian if "抽水蓄能电站6月底前" in t.text)
    assert pumped.deadline == dt.date(2024, 6, 30)
    assert extract_tasks(_lines(GANXIAN), plan_year=2025)[0][7].deadline == dt.date(2025, 6, 30)


def test_no_findings_on_the_work_plan() -> None:
    _, findings = extract_tasks(_lines(GANXIAN))
    assert findings == []


def test_unit_clause_parsing() -> None:
    assert parse_unit_clause("区发展改革委、高新区经发局、区有关单位；有多个责任单位的，排名第一位的为牵头单位，下同") == [
        "区发展改革委",
        "高新区经发局",
        "区有关单位",
    ]
    assert parse_unit_clause("区生态环境局、区生态环境局，区水利局等") == ["区生态环境局", "区水利局"]


def test_bracket_variants_and_findings() -> None:
    lines = [
        "三、重点任务",
        "1. 推进治理。开展专项整治（责任单位：县生态环境局、县水利局）完成排查",
        "〔责任单位：〕",
    ]
    tasks, findings = extract_tasks(lines, plan_year=2025)
    # The empty clause still closes its text (a task with no units), and is reported.
    assert [(t.text, t.units) for t in tasks] == [
        ("开展专项整治", ["县生态环境局", "县水利局"]),
        ("完成排查", []),
    ]
    assert tasks[0].section == "1. 推进治理"
    assert tasks[0].deadline == dt.date(2025, 12, 31)
    assert {f.slug for f in findings} == {"task-clause-empty"}


def test_plans_without_clauses_yield_task_paragraphs() -> None:
    hc, _ = extract_tasks(_lines(HUICHANG))
    assert hc and all(t.units == [] for t in hc)
    forest = next(t for t in hc if t.title == "深化实施林长制")
    assert forest.section == "4、完善生态保护和修复制度"
    assert forest.text.startswith("建立林业资源保育与利用制度")
    # A paragraph broken by a page break is one task.
    water = next(t for t in hc if t.title == "加强饮用水水源安全保障")
    assert water.text.endswith("水质优良率 100%。")
    # 专栏 items and the framing chapters (创建基础, 规划总则, 保障措施) are not tasks.
    assert not any("会昌县高标准农田建设项目" in t.text for t in hc)
    assert all(t.source_line is not None and 349 < t.source_line < 784 for t in hc)

    yc, _ = extract_tasks(_lines(YICHUN))
    assert yc and all(t.units == [] for t in yc)
    peak = next(t for t in yc if t.title == "制定碳排放达峰行动方案")
    assert peak.section == "第一节 开展碳排放达峰行动"
    assert all(t.source_line is not None and 510 <= t.source_line < 974 for t in yc)
    assert not any(t.text.startswith("推进农业、工业、制造") for t in yc)  # 专栏1 content
    # A chapter's preamble (before its first 节) frames the chapter; it is no task.
    assert not any("抓住新的历史机遇" in t.text for t in yc)
    assert not any(t.section and t.section.startswith("第三章") for t in yc)


def test_clause_variants_of_other_work_plans() -> None:
    lines = [
        "（二）深入打好碧水保卫战",
        "（三）推进污水治理。完成管网改造20公里（牵头单位：市城管局；配合单位：各县（市、区）人民政府、市生态环境局）",
        "开展排污口整治，2025年6月底前完成销号。【责任单位：市生态环境局，市水利局】",
        "加强执法[责任部门：市生态环境局]",
    ]
    tasks, findings = extract_tasks(lines, plan_year=2025)
    assert findings == []
    assert [t.units for t in tasks] == [
        ["市城管局", "各县（市、区）人民政府", "市生态环境局"],
        ["市生态环境局", "市水利局"],
        ["市生态环境局"],
    ]
    assert {t.section for t in tasks} == {"（三）推进污水治理"}
    assert tasks[0].quantities[0].value == 20.0 and tasks[0].quantities[0].unit == "公里"
    assert tasks[1].deadline == dt.date(2025, 6, 30)
    # The lead is named first even when the clause lists 配合 before 牵头.
    assert parse_unit_clause("配合单位：乙局、丙局；牵头单位：甲局") == ["甲局", "乙局", "丙局"]


def test_deadline_of_a_part_of_a_named_year() -> None:
    # the named year wins over the plan year; a bare date is an event, not a deadline
    assert find_deadline("到2025年上半年完成改造", 2024) == dt.date(2025, 6, 30)
    assert find_deadline("2024年第三季度前完成", 2024) == dt.date(2024, 9, 30)
    assert find_deadline("2024年6月30日前完成验收", 2023) == dt.date(2024, 6, 30)
    assert find_deadline("2024年6月5日开展环境日宣传", 2024) is None
    assert find_deadline("上半年完成", 2024) == dt.date(2024, 6, 30)


def test_a_bulleted_task_is_titled_without_its_bullet() -> None:
    lines = ["三、主要任务",
             "● 推进工业污染源全面达标排放，完成10家企业提标改造。〔责任单位：县生态环境局、县工信局〕",
             "◆ 加强秸秆综合利用。（责任单位：县农业农村局）",
             "—— 落实河长制。（责任单位：县水利局）"]
    tasks, _ = extract_tasks(lines)
    assert [(t.title, t.units) for t in tasks] == [
        ("推进工业污染源全面达标排放", ["县生态环境局", "县工信局"]),
        ("加强秸秆综合利用", ["县农业农村局"]),
        ("落实河长制", ["县水利局"]),
    ]


def test_task_table_header_repeated_on_the_next_page_is_no_task() -> None:
    from ecociv.importers._text import plan_from_lines

    header = "序号\t重点任务\t牵头单位\t配合单位\t完成时限"
    lines = [
        "某某县2024年生态环境保护工作要点",
        "",
        "表1 重点任务分工",
        "",
        header,
        "1\t开展入河排污口排查整治\t县生态环境局\t县水利局\t2024年6月",
        header,  # a PDF or Word table whose header row repeats at the top of each page
        "2\t推进农村生活污水治理\t县生态环境局\t各乡镇人民政府\t2024年12月",
        "",
    ]
    plan = plan_from_lines(lines, source_file="要点.txt")
    assert [(t.section, t.title, t.lead, t.deadline) for t in plan.tasks] == [
        ("表1 重点任务分工", "开展入河排污口排查整治", "县生态环境局", dt.date(2024, 6, 30)),
        ("表1 重点任务分工", "推进农村生活污水治理", "县生态环境局", dt.date(2024, 12, 31)),
    ]
