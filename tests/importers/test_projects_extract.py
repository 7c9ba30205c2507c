"""Key projects from the 专栏 boxes of the sample plans (four box formats)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import GANXIAN, HUICHANG, YICHUN
from ecociv.importers.projects import extract_projects, parse_investment, parse_period


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_huichang_columns_1_to_6_yield_44_projects() -> None:
    projects, findings = extract_projects(_lines(HUICHANG))
    per_column = Counter((p.column or "").split(" ")[0] for p in projects)
    # Counted by hand in the document: 专栏1 has 1 item, 2: 17, 3: 8, 4: 9, 5: 6, 6: 3.
    assert per_column == {"专栏1": 1, "专栏2": 17, "专栏3": 8, "专栏4": 9, "专栏5": 6, "专栏6": 3}
    assert len(projects) == 44
    by_name = {p.name: p for p in projects}
    # <p><b>1. name：</b>content</p>
    assert by_name["生态文明示范创建工程"].column == "专栏1 生态制度体系建设重点工程"
    # "- 2、**name**：content" and an item broken by a page break mid-sentence
    mine = by_name["会昌县矿山生态修复工程"]
    assert mine.content is not None and "对各个废弃露天矿山" in mine.content
    assert mine.source_line == 587
    long_item = by_name["会昌县长江经济带综合治理与生态修复工程"]
    assert long_item.content is not None and long_item.content.endswith("新增污水处理厂站和配套管网。")
    # "- 1、name：**content" (bold closed after the colon)
    farmland = by_name["会昌县高标准农田建设项目"]
    assert [(q.value, q.unit) for q in farmland.quantities] == [(13.13, "万亩")]
    # "3、**name**：content" without a list bullet, last item of the last box
    assert by_name["会昌县文化艺术中心建设项目"].column == "专栏6 生态文化体系建设重点工程"
    # The same construction-waste content appears under two names (专栏2 #11 and 专栏4 #9).
    dups = [f for f in findings if f.slug == "project-duplicate"]
    assert [(f.line, f.data["first_line"]) for f in dups] == [(690, 538)]


def test_yichun_columns_1_to_9_yield_29_projects() -> None:
    projects, findings = extract_projects(_lines(YICHUN))
    per_column = Counter((p.column or "").split(" ")[0] for p in projects)
    assert per_column == {
        "专栏1": 3, "专栏2": 3, "专栏3": 4, "专栏4": 4, "专栏5": 4,
        "专栏6": 2, "专栏7": 4, "专栏8": 2, "专栏9": 3,
    }
    assert len(projects) == 29
    first = projects[0]
    assert (first.name, first.column, first.source_line) == (
        "重点行业绿色转型升级工程",
        "专栏1 产业结构调整重大工程",
        580,
    )
    assert first.content is not None and first.content.startswith("推进农业、工业、制造")
    # Numbered sub-points stay inside their item's content.
    monitoring = next(p for p in projects if p.name == "生态环境监测能力建设工程")
    assert monitoring.content is not None and "3.大气环境监测能力建设" in monitoring.content
    # The box ends at the next chapter: its text is not swallowed.
    assert all("第四章" not in (p.content or "") for p in projects)
    assert not [f for f in findings if f.slug == "project-duplicate"]


def test_work_plan_without_columns_has_no_projects() -> None:
    assert extract_projects(_lines(GANXIAN)) == ([], [])


def test_investment_period_and_responsible_units() -> None:
    assert parse_investment("项目总投资1.25亿元，其中中央资金3000万元") == 12500.0
    assert parse_investment("估算投资：3500万元") == 3500.0
    assert parse_investment("建设污水处理厂站36座") is None
    assert parse_period("建设期限：2023—2025年") == "2023—2025"
    lines = [
        "专栏 3 重点工程",
        "1、甲县污水处理厂扩建工程：新增处理规模2万吨/日，总投资2.4亿元，建设期2024-2026年，责任单位：县城管局、县生态环境局。",
        "2、乙县垃圾焚烧发电项目：日处理生活垃圾600吨，投资8000万元。",
        "3、甲县污水处理厂扩建工程：续建配套管网12公里。",
        "## 第五章 保障措施",
    ]
    projects, findings = extract_projects(lines)
    assert [p.investment_wan_yuan for p in projects] == [24000.0, 8000.0, None]
    assert projects[0].period == "2024—2026"
    assert projects[0].responsible == ["县城管局", "县生态环境局"]
    assert [(f.slug, f.line) for f in findings] == [("project-duplicate", 4)]


def test_table_style_column() -> None:
    lines = [
        "专栏 2  “十四五”水环境重点工程",
        "序号\t项目名称\t建设内容\t总投资（亿元）\t建设期限\t责任单位",
        "1\t城北污水处理厂扩建工程\t新增处理规模3万吨/日\t1.5\t2023-2025年\t县城管局",
        "2\t农村生活污水治理工程\t完成120个行政村污水治理\t0.8\t2024—2025\t县生态环境局、各乡镇",
        "",
        "| 3 | 饮用水水源地规范化建设 | 完成2处水源地整治 | 0.05 | 2024年 | 县水利局 |",
        "第五章 保障措施",
    ]
    projects, findings = extract_projects(lines)
    assert [p.name for p in projects] == ["城北污水处理厂扩建工程", "农村生活污水治理工程", "饮用水水源地规范化建设"]
    assert [p.investment_wan_yuan for p in projects] == [15000.0, 8000.0, 500.0]
    assert [p.period for p in projects] == ["2023—2025", "2024—2025", "2024年"]
    assert projects[1].responsible == ["县生态环境局", "各乡镇"]
    assert projects[1].quantities[0].value == 120.0
    assert all(p.column == "专栏2 “十四五”水环境重点工程" for p in projects)
    assert projects[0].source_line == 3 and findings == []
