"""The task and project readers never fail on damaged text: they return what they find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ecociv.importers.projects import extract_projects
from ecociv.importers.tasks import extract_tasks

_PIECES = st.sampled_from(
    [
        "〔责任单位：", "〕", "]", "（", "）", "责任单", "位：", "区生态环境局", "、", "；", "。", "1. ",
        "（一）", "专栏 1 重点工程", "专栏", "1、", "：", "**", "<b>", "</b>", "\t", "- ", "#", "第一章 主要任务",
        "到2025年", "6月底前", "完成", "15", "公里", "%", "以上", "投资", "亿元", "2023-2025年", "牵头单位：",
        " ", "“", "”", "\ufffd",
    ]
)
_LINE = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=25), st.one_of(st.none(), st.integers(2000, 2100)))
def test_readers_never_raise(lines: list[str], year: int | None) -> None:
    tasks, findings = extract_tasks(lines, plan_year=year)
    for t in tasks:
        assert t.text and (t.source_line is None or 1 <= t.source_line <= len(lines))
        assert all(u for u in t.units)
    projects, _ = extract_projects(lines)
    for p in projects:
        assert p.name and p.source_line is not None and 1 <= p.source_line <= len(lines)
    assert all(f.slug for f in findings)
