"""read_plan end to end: the reader registry, encodings, bad input, the JSON contract, docx."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, GANXIAN, HUICHANG, SCHEMA, YICHUN
from ecociv._serialize import plan_from_dict, plan_to_dict
from ecociv.errors import InputError
from ecociv.importers import READERS, read_plan

BAD = DATA / "plans-with-problems"


@pytest.mark.parametrize("path", [HUICHANG, YICHUN, GANXIAN], ids=lambda p: p.name[:8])
def test_json_matches_contract_and_round_trips(path: Path) -> None:
    plan = read_plan(path)
    d = plan_to_dict(plan)
    jsonschema.validate(d, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert plan_to_dict(plan_from_dict(json.loads(json.dumps(d, ensure_ascii=False)))) == d


def test_ganxian_work_plan_without_indicator_table() -> None:
    plan = read_plan(GANXIAN)
    assert plan.title == "2024年赣县区美丽赣州建设行动工作方案"
    assert plan.region == "赣县区"
    assert plan.kind == "工作方案"
    assert plan.base_year == 2024
    assert plan.period == (2024, 2024)
    assert plan.stage_years == [2024]
    assert plan.indicator_tables == []
    assert plan.tasks, "tasks come from ecociv.importers.tasks"


def test_tasks_and_projects_are_filled() -> None:
    plan = read_plan(HUICHANG)
    assert plan.tasks and plan.projects
    assert all(t.source_line for t in plan.tasks)


def test_readers_by_suffix_then_by_content() -> None:
    from ecociv.importers._registry import reader_for

    assert reader_for(Path("plan.txt"), b"<html><body>x</body></html>").name == "text"  # the suffix decides
    assert reader_for(Path("plan.md"), b"# x").name == "text"
    assert reader_for(Path("plan"), b"<!DOCTYPE html><html><body>x</body></html>").name == "html"
    assert reader_for(Path("plan"), "某某县规划\n".encode()).name == "text"
    assert reader_for(Path("plan"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).name == "legacy-office"
    assert {r.name for r in READERS} >= {"text", "docx", "html", "pdf", "legacy-office"}


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("gbk.txt", "gbk"), ("gb18030.txt", "gb18030"), ("utf8-bom.txt", "utf-8-sig")],
)
def test_encodings_detected_and_recorded(name: str, encoding: str) -> None:
    plan = read_plan(BAD / name)
    assert plan.encoding == encoding
    assert plan.title.endswith("生态文明建设示范区规划（2021-2030年）")
    assert plan.base_year == 2020 and plan.period == (2021, 2030) and plan.stage_years == [2025, 2030]
    (table,) = plan.indicator_tables
    assert [r.name for r in table.rows][1] == "河长制"
    forest = table.rows[2]
    assert [(s.name, s.standard) for s in forest.sub_indicators] == [("山区", "≥60"), ("丘陵区", "≥40"), ("平原地区", "≥18")]
    assert forest.sub_indicators[1].baseline is not None and forest.sub_indicators[1].baseline.value == "66.5"


def test_gbk_sample_plan_reads_like_utf8(tmp_path: Path) -> None:
    gbk = tmp_path / "yichun-gbk.txt"
    gbk.write_bytes(YICHUN.read_text(encoding="utf-8").encode("gb18030"))
    a, b = read_plan(YICHUN), read_plan(gbk)
    assert b.encoding in ("gbk", "gb18030")
    assert plan_to_dict(a)["indicator_tables"] == plan_to_dict(b)["indicator_tables"]


def test_explicit_encoding(tmp_path: Path) -> None:
    assert read_plan(BAD / "gbk.txt", encoding="gbk").encoding == "gbk"
    with pytest.raises(InputError, match="utf-8"):
        read_plan(BAD / "gbk.txt", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.txt", "文件为空"),
        ("blank-lines-only.txt", "文件为空"),
        ("binary.txt", "二进制文件"),
    ],
)
def test_bad_files_give_one_line_chinese_error(name: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        read_plan(BAD / name)
    msg = info.value.message
    assert words in msg and name in msg and "\n" not in msg


def test_missing_unsupported_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        read_plan(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="目录"):
        read_plan(tmp_path)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\x02\x03\nendstream\n")
    with pytest.raises(InputError, match="PDF 文件已损坏"):
        read_plan(pdf)
    doc = tmp_path / "plan.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)
    # a damaged Word 97 file: LibreOffice opens it as raw bytes, which are no plan
    with pytest.raises(InputError, match="LibreOffice"):
        read_plan(doc)
    odd = tmp_path / "plan.xyz"
    odd.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="不支持的文件类型"):
        read_plan(odd)
    fake = tmp_path / "plan.docx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="Word"):
        read_plan(fake)


def test_text_without_suffix_is_sniffed(tmp_path: Path) -> None:
    f = tmp_path / "PLAN"
    f.write_bytes(HUICHANG.read_bytes())
    plan = read_plan(f)
    assert [len(t.rows) for t in plan.indicator_tables] == [29, 35]


def test_missing_column_fixture() -> None:
    plan = read_plan(BAD / "missing-column.txt")
    (table,) = plan.indicator_tables
    second = table.rows[1]
    assert (second.seq, second.name, second.unit) == ("2", "空气质量优良天数比率", None)
    assert second.baseline is not None and second.baseline.value == "89.9"
    assert second.targets == {2025: "92"} and second.attribute == "约束性"
    slugs = [(w.slug, w.line) for w in plan.warnings if w.slug.startswith(("row-", "table-"))]
    assert slugs == [("row-shifted", 7), ("table-unrecognised", 10)]


def test_truncated_fixture() -> None:
    plan = read_plan(BAD / "truncated.txt")
    (table,) = plan.indicator_tables
    assert [r.name for r in table.rows] == ["森林覆盖率（%）", "城市黑臭水体比例（%）"]
    assert table.rows[0].attribute == "约束性"
    slugs = [w.slug for w in plan.warnings]
    assert "truncated-character" in slugs and "row-incomplete" in slugs
    (inc,) = [w for w in plan.warnings if w.slug == "row-incomplete"]
    assert inc.line == 15 and inc.file == "truncated.txt"


def test_truncated_sample_never_crashes(tmp_path: Path) -> None:
    """Cut the Yichun plan at many points, including inside its tables and characters."""
    data = YICHUN.read_bytes()
    for cut in range(2000, len(data), 9973):
        f = tmp_path / "cut.txt"
        f.write_bytes(data[:cut])
        plan = read_plan(f)
        assert plan.title


def test_docx_reader(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("某某县生态文明建设示范区规划（2024-2030年）")
    d.add_paragraph("规划基准年为2023年，规划期限为2024-2030年。")
    d.add_paragraph("表1 某某县生态文明建设示范区指标体系")
    rows = [
        ["领域", "序号", "指标名称", "单位", "指标值", "2023年现状值", "2030年目标值", "指标属性"],
        ["生态空间", "1", "森林覆盖率 山区 丘陵区 平原地区", "%", ">60 >40 >18", "丘陵区 70.1", "≥70.5", "约束性"],
        ["", "2", "湿地保护率", "%", "≥50", "55", "巩固提升", "参考性"],
    ]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("以上指标中约束性指标必须达标。")
    path = tmp_path / "plan.docx"
    d.save(str(path))
    plan = read_plan(path)
    assert plan.region == "某某县" and plan.base_year == 2023 and plan.period == (2024, 2030)
    (table,) = plan.indicator_tables
    assert [(r.domain, r.seq, r.name) for r in table.rows] == [
        ("生态空间", "1", "森林覆盖率 山区 丘陵区 平原地区"),
        ("生态空间", "2", "湿地保护率"),
    ]
    assert [s.standard for s in table.rows[0].sub_indicators] == [">60", ">40", ">18"]
    assert table.rows[1].targets == {2030: "巩固提升"}
    jsonschema.validate(plan_to_dict(plan), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_docx_merged_header_cell_gives_scope_column(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("某某市“十四五”生态环境保护规划")
    d.add_paragraph("表2 某某市“十四五”生态环境保护规划主要指标")
    rows = [
        ["指标", "", "2020年基准值", "2025年目标值", "指标属性"],
        ["（一）环境治理", "", "", "", ""],
        ["1.细颗粒物（PM2.5）浓度（微克/立方米）", "中心城区", "37.0", "29.0", "约束性"],
        ["", "县（市、区）城市", "41.0", "24.9", "预期性"],
        ["2.森林覆盖率（%）", "", "57.12", "≥57.12", "约束性"],
    ]
    t = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(0, 0).merge(t.cell(0, 1))  # 指标 spans the name and scope columns
    t.cell(1, 0).merge(t.cell(1, 4))  # the category row spans the table
    path = tmp_path / "plan.docx"
    d.save(str(path))
    plan = read_plan(path)
    (table,) = plan.indicator_tables
    assert [(r.domain, r.seq, r.name) for r in table.rows] == [
        ("环境治理", "1", "细颗粒物（PM2.5）浓度（微克/立方米）"),
        ("环境治理", "2", "森林覆盖率（%）"),
    ]
    pm = table.rows[0]
    assert [(s.name, s.targets, s.attribute) for s in pm.sub_indicators] == [
        ("中心城区", {2025: "29.0"}, "约束性"),
        ("县（市、区）城市", {2025: "24.9"}, "预期性"),
    ]
    assert table.rows[1].targets == {2025: "≥57.12"}
