"""The region's terrain is taken from a terrain-dependent row's baseline where the plan states it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import HUICHANG, YICHUN

from ecociv.importers import read_plan


def test_terrain_named_in_a_baseline_becomes_the_regions_terrain() -> None:
    plan = read_plan(HUICHANG)
    assert plan.region_info is not None and plan.region_info.terrain == "丘陵区"
    found = [w for w in plan.warnings if w.slug == "terrain-inferred"]
    assert len(found) == 1 and found[0].severity == "info"
    row = next(ind for _, ind in plan.indicators() if ind.source_line == found[0].line)
    assert row.name.startswith("森林覆盖率") and "丘陵区" in (row.baseline.value or "")  # type: ignore[union-attr]


def test_no_terrain_when_the_plan_states_none() -> None:
    plan = read_plan(YICHUN)
    assert plan.region_info is None or plan.region_info.terrain is None
    assert not [w for w in plan.warnings if w.slug == "terrain-inferred"]


def test_rows_that_disagree_set_no_terrain(tmp_path: Path) -> None:
    header = "序号\t指标名称\t单位\t指标值\t2022年现状值\t2025年目标值\t指标属性"
    rows = [
        "1\t森林覆盖率 山区 丘陵区 平原地区\t%\t>60 >40 >18\t丘陵区 70.2\t≥70.2\t约束性",
        "2\t林草覆盖率 山区 丘陵区 平原地区\t%\t≥60 ≥40 ≥18\t山区 75\t≥75\t约束性",
        "3\t城镇污水处理率\t%\t≥85\t93\t≥95\t约束性",
    ]
    text = "某某县生态文明建设示范区规划（2023-2030年）\n\n规划基准年为2022年。\n\n表1 某某县指标体系\n\n" + "\n".join([header, *rows]) + "\n\n"
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path)
    assert len(plan.indicator_tables[0].rows) == 3
    assert plan.region_info is None or plan.region_info.terrain is None
