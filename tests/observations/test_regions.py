"""``observe import TABLE``: a long table of many regions' figures, into each region's plans,
all or nothing."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import GANXIAN, HUICHANG, YICHUN

from ecociv.errors import InputError
from ecociv.importers import read_plan
from ecociv.observations import import_region_table
from ecociv.observations._layout import expects_number, rows
from ecociv.store import open_store

ECOCIV = str(Path(sys.executable).parent / "ecociv")


@pytest.fixture(autouse=True)
def _isolated_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECOCIV_DATABASE_URL", raising=False)
    monkeypatch.setenv("ECOCIV_HOME", str(tmp_path / "home"))


def _numeric(plan_path: Path) -> list[tuple[str, str]]:
    plan = read_plan(plan_path)
    out = [(k, ind.name) for k, ind, name, _ in rows(plan) if expects_number(ind) and "%" not in (ind.unit or "") and name == ind.name]
    names = [n for _, n in out]
    return [(k, n) for k, n in out if names.count(n) == 1][:3]


def _write(path: Path, lines: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["地区", "指标", "年份", "数值", "来源"])
        w.writerows(lines)
    return path


def test_province_table_into_each_regions_plan(tmp_path: Path) -> None:
    store = open_store()
    ids = {p: store.save_plan(read_plan(p)) for p in (HUICHANG, YICHUN, GANXIAN)}
    regions = {p: store.get_plan(i).region for p, i in ids.items()}
    lines: list[list[object]] = []
    expect: dict[tuple[int, str, int], float] = {}
    for n, p in enumerate((HUICHANG, YICHUN, GANXIAN)):
        for j, (key, name) in enumerate(_numeric(p)):
            value = 10 + n * 10 + j
            lines.append([regions[p], name, 2023, value, "统计局"])
            expect[(ids[p], key, 2023)] = value
    table = _write(tmp_path / "province.csv", lines)
    r = subprocess.run([ECOCIV, "observe", "import", str(table)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    n_regions = len({line[0] for line in lines})
    assert n_regions >= 2 and f"写入数据 {len(expect)} 个" in r.stdout and f"{n_regions} 个地区" in r.stdout
    for (pid, key, year), value in expect.items():
        got = {o.indicator_key: o for o in store.observations(pid, year=year)}
        assert got[key].value == value and got[key].source == "统计局"


def test_one_bad_row_writes_nothing(tmp_path: Path) -> None:
    store = open_store()
    hid = store.save_plan(read_plan(HUICHANG))
    region = store.get_plan(hid).region
    (key, name), (_, other) = _numeric(HUICHANG)[:2]
    before = len(store.observations(hid))
    bad = _write(tmp_path / "bad.csv", [[region, name, 2023, 5], [region, other, 2023, "很多"], ["火星市", name, 2023, 1], [region, name, 2023, 6]])
    with pytest.raises(InputError) as e:
        import_region_table(store, bad)
    slugs = {(f.slug, f.row) for f in e.value.findings}
    assert slugs == {("not-a-number", 3), ("unknown-region", 4), ("duplicate-row", 5)}
    assert len(store.observations(hid)) == before
    r = subprocess.run([ECOCIV, "observe", "import", str(bad)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.startswith("错误：") and "未写入任何数据" in r.stderr
    del key
