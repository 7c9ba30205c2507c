"""Layouts met in published plans that the readers did not know: one-cell-per-line tables that
cannot be split (said, never silent), responsibility clauses with a deadline inside or in other
brackets, and task tables grouped by rows merged across the table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import DATA
from ecociv.importers import read_plan
from ecociv.importers._tasks_clauses import clause_deadline, parse_unit_clause
from ecociv.importers._tasks_table import deadline_cell
from ecociv.model import Plan

UNSEEN = DATA / "plans_unseen"


def _write(tmp_path: Path, lines: list[str]) -> Path:
    f = tmp_path / "plan.txt"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def _tasks(plan: Plan) -> list[tuple[str | None, list[str], str | None]]:
    return [(t.title, t.units, t.deadline and t.deadline.isoformat()) for t in plan.tasks]


def _unread(plan: Plan) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in plan.warnings if w.slug == "table-unread"]


_HEAD = ["某某县生态环境保护工作方案（2024—2025年）", "", "一、主要目标", "到2025年，全县空气质量优良天数比率达到95%。"]
_CELLS = ["序号", "名称", "单位", "2023年", "2025年", "属性"]


def test_one_cell_per_line_table_whose_rows_do_not_split_is_said_with_line_and_header(tmp_path: Path) -> None:
    """The caption says no 指标; a cell left out (no line for it, not even an empty one) shifts
    every cell after it.  (A cell of two lines is read: test_unseen_more.)"""
    rows = ["1", "空气质量优良天数比率", "%", "94.0", "95", "约束性", "2", "细颗粒物浓度", "30", "28", "约束性"]
    rows += ["3", "森林覆盖率", "%", "60", "61", "约束性"]
    plan = read_plan(_write(tmp_path, [*_HEAD, "表2 主要目标", *_CELLS, *rows, "", "二、保障措施", "加强组织领导，落实工作责任。"]))
    assert not plan.indicator_tables
    ((line, message),) = _unread(plan)
    assert line == 6  # the header's first cell
    assert "序号 | 名称 | 单位 | 2023年" in message and "表2 主要目标" in message and "不能按 6 格一行分开" in message
    assert plan.table_coverage["unread_blocks"] == 1


def test_the_same_table_whose_rows_split_is_read_without_a_warning(tmp_path: Path) -> None:
    rows = ["1", "空气质量优良天数比率", "%", "94.0", "95", "约束性", "2", "细颗粒物浓度", "微克/立方米", "30", "28", "约束性"]
    plan = read_plan(_write(tmp_path, [*_HEAD, "表2 主要目标", *_CELLS, *rows, "", "二、保障措施", "加强组织领导。"]))
    assert [r.name for t in plan.indicator_tables for r in t.rows] == ["空气质量优良天数比率", "细颗粒物浓度"]
    assert _unread(plan) == []


def test_a_short_prose_list_under_a_caption_is_no_table(tmp_path: Path) -> None:
    lines = [*_HEAD, "专栏1 典型经验", "村庄保洁", "河长巡河", "垃圾分类", "每个乡镇选一个村先行先试，逐步推广。", "二、保障措施", "加强组织领导。"]
    plan = read_plan(_write(tmp_path, lines))
    assert _unread(plan) == [] and plan.table_coverage["table_like_blocks"] == 0


def test_clause_with_its_deadline_inside_and_roles_after_the_names() -> None:
    content = "责任单位：区交通运输局、区公安局；完成时限：2027年底前"
    assert parse_unit_clause(content) == ["区交通运输局", "区公安局"]
    assert clause_deadline(content) == "2027年底前"
    assert clause_deadline("牵头单位：甲局，配合单位：乙局") is None
    assert parse_unit_clause("区城管局（配合），区发改委（牵头）") == ["区发改委", "区城管局"]
    # labels set apart by blanks only, as a table cell converted to text writes them
    assert parse_unit_clause("牵头部门：市生态环境局  配合部门：市公安局") == ["市生态环境局", "市公安局"]


def test_deadline_cells_naming_a_span_of_years_end_with_its_last_year() -> None:
    assert [deadline_cell(c, 2024) for c in ("2024—2025年", "2024-2025年", "2027年", "持续推进")] == [
        dt.date(2025, 12, 31),
        dt.date(2025, 12, 31),
        dt.date(2027, 12, 31),
        None,
    ]


def test_lead_and_assisting_units_in_square_brackets(tmp_path: Path) -> None:
    lines = [
        "某某市2024年大气污染防治工作方案",
        "一、重点任务",
        "1.推进工业炉窑治理。2024年9月底前完成。〔市生态环境局牵头，市工信局、市发改委参与〕",
        "2.强化扬尘管控。落实六个百分百要求。【市住建局牵头，市城管局配合】",
    ]
    plan = read_plan(_write(tmp_path, lines))
    assert _tasks(plan) == [
        ("推进工业炉窑治理", ["市生态环境局", "市工信局", "市发改委"], "2024-09-30"),
        ("强化扬尘管控", ["市住建局", "市城管局"], "2024-12-31"),
    ]


def test_task_table_rows_grouped_by_rows_merged_across(tmp_path: Path) -> None:
    lines = [
        "某某区2024年生态环境保护工作方案",
        "附表 重点任务清单",
        "序号\t重点任务\t责任单位\t完成时限",
        "一、大气",
        "1\t治理扬尘\t区住建局\t2024年6月",
        "二、水",
        "2\t整治排污口\t区生态环境局（牵头），区水利局\t持续推进",
        "",
        "三、保障措施",
    ]
    plan = read_plan(_write(tmp_path, lines))
    assert [(t.section, t.title, t.units, t.deadline and t.deadline.isoformat()) for t in plan.tasks] == [
        ("一、大气", "治理扬尘", ["区住建局"], "2024-06-30"),
        ("二、水", "整治排污口", ["区生态环境局", "区水利局"], None),
    ]


def test_name_header_spanning_category_columns_keeps_each_level() -> None:
    """``指标`` written once over 类别 | 分项 | 名称: the rows are two cells wider than the header."""
    plan = read_plan(UNSEEN / "dayu-14th-five-eco-env-plan.txt")
    (table,) = plan.indicator_tables
    assert table.columns[:3] == ["指标（类别）", "指标（分项）", "指标"]
    assert [(r.domain, r.extra.get("指标（分项）")) for r in table.rows] == [
        ("环境治理", "1.大气环境"),
        ("环境治理", "1.大气环境"),
        ("环境治理", "2.水环境"),
        ("环境治理", "2.水环境"),
        ("环境治理", "3.减排"),
        ("生态保护", "4.生态质量"),
        ("生态保护", "4.生态质量"),
    ]
    assert [w.slug for w in plan.warnings if w.severity != "info"] == []


def test_extra_columns_of_indicator_tables_are_kept_by_their_header() -> None:
    """评价方法/数据来源 and a 任务 column beside 领域 stay with each indicator."""
    fuzhou = read_plan(UNSEEN / "fuzhou-beautiful-city-outline-2025-2035.docx")
    assert fuzhou.indicator_tables[0].rows[0].extra == {"评价方法/数据来源": "统计年鉴，市统计局"}
    xinjian = read_plan(UNSEEN / "xinjian-eco-civilization-demo-plan-2022-2030.html")
    assert xinjian.encoding == "gb18030"
    assert [r.extra["任务"] for r in xinjian.indicator_tables[0].rows][2:4] == ["（二）生态文明建设考核", "（三）生态环境质量改善"]


def test_task_table_category_column_merged_down_groups_its_rows(tmp_path: Path) -> None:
    lines = [
        "某某县2024年生态环境保护工作方案",
        "附件 重点任务清单",
        "类别\t序号\t工作任务\t牵头单位\t配合单位\t完成时限",
        "蓝天\t1\t治理油烟\t县城管局\t县市场监管局\t2024年6月底前",
        "\t2\t管控焚烧\t县农业农村局\t各乡镇人民政府\t2024—2025年",
        "碧水\t3\t整治排污口\t县生态环境局\t\t长期坚持",
        "",
    ]
    plan = read_plan(_write(tmp_path, lines))
    assert [(t.section, t.title, t.units, t.deadline and t.deadline.isoformat()) for t in plan.tasks] == [
        ("蓝天", "治理油烟", ["县城管局", "县市场监管局"], "2024-06-30"),
        ("蓝天", "管控焚烧", ["县农业农村局", "各乡镇人民政府"], "2025-12-31"),
        ("碧水", "整治排污口", ["县生态环境局"], None),
    ]


def test_unbracketed_unit_sentence_closing_a_task_paragraph(tmp_path: Path) -> None:
    """``…完成。责任单位：甲、乙。`` with no bracket: the units and the deadline label are read
    (the tasks had no units and no finding before)."""
    lines = [
        "某某县2024年水污染防治工作方案",
        "一、重点任务",
        "（一）城镇污水治理",
        "1.推进污水管网建设。新建污水管网12公里，2024年10月底前完成。责任单位：县住建局、县城管局。",
        "2.开展黑臭水体排查。对建成区水体开展全面排查。责任单位：县生态环境局；完成时限：2024年6月底前。",
        "3.推进化肥减量增效。测土配方施肥覆盖率达到92%。牵头单位：县农业农村局，配合单位：各乡镇人民政府。",
        "二、保障措施",
        "加强组织领导。",
    ]
    plan = read_plan(_write(tmp_path, lines))
    assert _tasks(plan) == [
        ("推进污水管网建设", ["县住建局", "县城管局"], "2024-10-31"),
        ("开展黑臭水体排查", ["县生态环境局"], "2024-06-30"),
        ("推进化肥减量增效", ["县农业农村局", "各乡镇人民政府"], "2024-12-31"),
    ]
    assert [w.slug for w in plan.warnings if w.severity != "info"] == []


def test_a_unit_sentence_inside_a_project_box_stays_the_project_s() -> None:
    """专栏 items end in ``责任单位：县水利局。``: they remain projects, the plan's tasks paragraphs."""
    plan = read_plan(UNSEEN / "wanan-eco-civilization-demo-county-plan-2022-2030.docx")
    assert [p.responsible for p in plan.projects] == [["县水利局"], ["县城管局"]]


def test_task_table_with_units_header_over_two_rows(tmp_path: Path) -> None:
    """责任单位 merged over 牵头单位 | 配合单位 in a web page: the second header row is no task,
    and the co-units are kept."""
    rows = [
        ("1", "开展扬尘治理", "县住建局", "县城管局、县交通运输局", "2024年6月底前"),
        ("2", "整治入河排污口", "县生态环境局", "县水利局", "2024年12月底前"),
    ]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = (
        '<html><head><meta charset="utf-8"><title>某某县2024年生态环境保护工作要点</title></head><body>'
        "<h1>某某县2024年生态环境保护工作要点</h1><p>附件 重点工作任务分解表</p><table>"
        '<tr><td rowspan="2">序号</td><td rowspan="2">工作任务</td><td colspan="2">责任单位</td><td rowspan="2">完成时限</td></tr>'
        f"<tr><td>牵头单位</td><td>配合单位</td></tr>{body}</table><p>二、保障措施</p></body></html>"
    )
    f = tmp_path / "plan.html"
    f.write_text(page, encoding="utf-8")
    assert _tasks(read_plan(f)) == [
        ("开展扬尘治理", ["县住建局", "县城管局", "县交通运输局"], "2024-06-30"),
        ("整治入河排污口", ["县生态环境局", "县水利局"], "2024-12-31"),
    ]


def test_a_note_under_the_table_dates_an_undated_baseline_column(tmp_path: Path) -> None:
    lines = [
        "某某市美丽城市建设规划（2025—2035年）",
        "表1 主要指标",
        "序号\t指标名称\t单位\t现状值\t2027年\t属性",
        "1\t森林覆盖率\t%\t60\t61\t约束性",
        "2\t细颗粒物浓度\t微克/立方米\t30\t28\t约束性",
        "注：现状值为2024年数据。",
    ]
    (table,) = read_plan(_write(tmp_path, lines)).indicator_tables
    assert [r.baseline and (r.baseline.year, r.baseline.value) for r in table.rows] == [(2024, "60"), (2024, "30")]
