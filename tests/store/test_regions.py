"""Region settings (terrain, level, parent) change how terrain-dependent standards are judged."""

from __future__ import annotations

import pytest
from tests.conftest import HUICHANG

from ecociv.assess import assess_plan
from ecociv.errors import InputError, NotFoundError
from ecociv.importers import read_plan
from ecociv.store import open_store


def test_terrain_set_on_region_is_used_by_assessment_and_audited() -> None:
    store = open_store()
    pid = store.save_plan(read_plan(HUICHANG))
    plan = store.get_plan(pid)
    key = next(k for k, ind in plan.indicators() if ind.name.startswith("森林覆盖率") and k.count("/") == 1)

    def status() -> str:
        p = store.get_plan(pid)
        a = assess_plan(p, store.observations(pid), p.base_year)
        return next(i.standard.status for i in a.indicators if i.key == key)

    # the import takes 丘陵区 from the baseline; without a terrain the standard cannot be judged
    assert plan.region_info is not None and plan.region_info.terrain == "丘陵区"
    store.update_region(plan.region, terrain=None, user="admin")
    assert status() == "needs_review"  # 山区/丘陵区/平原地区 standards need the terrain
    region = store.update_region(plan.region, terrain="丘陵区", user="admin")
    assert region.terrain == "丘陵区"
    assert store.get_plan(pid).region_info is not None
    assert store.get_plan(pid).region_info.terrain == "丘陵区"  # type: ignore[union-attr]
    assert status() == "met"  # 80.87 > 40 for 丘陵区
    entry = store.audit_log(limit=1, entity="region")[0]
    assert entry.username == "admin" and entry.new["terrain"] == "丘陵区"
    assert entry.old["terrain"] is None


def test_bad_region_settings_are_refused_in_chinese() -> None:
    store = open_store()
    pid = store.save_plan(read_plan(HUICHANG))
    region = store.get_plan(pid).region
    with pytest.raises(InputError, match="地形"):
        store.update_region(region, terrain="沙漠")
    with pytest.raises(InputError, match="级别"):
        store.update_region(region, level="乡")
    with pytest.raises(NotFoundError, match="没有名为"):
        store.update_region("不存在县", terrain="山区")


def test_region_set_command(tmp_path: object) -> None:
    from typer.testing import CliRunner

    from ecociv.cli import app

    store = open_store()
    pid = store.save_plan(read_plan(HUICHANG))
    region = store.get_plan(pid).region
    runner = CliRunner()
    ok = runner.invoke(app, ["region", "set", region, "--terrain", "丘陵区", "--parent", "赣州市"])
    assert ok.exit_code == 0, ok.output
    assert "丘陵区" in ok.output
    info = store.get_plan(pid).region_info
    assert info is not None and info.terrain == "丘陵区" and info.parent == "赣州市"
    none = runner.invoke(app, ["region", "set", region])
    assert none.exit_code == 2
