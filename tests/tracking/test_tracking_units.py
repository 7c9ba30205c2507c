"""Units of the Ganxian work plan through the alias table; alias suggestions."""

from __future__ import annotations

from conftest import GANXIAN
from ecociv.importers.tasks import extract_tasks
from ecociv.tracking import AliasTable, default_alias_table, suggest_aliases


def _written_units() -> list[str]:
    tasks, _ = extract_tasks(GANXIAN.read_text(encoding="utf-8").split("\n"))
    return [u for t in tasks for u in t.units]


def test_ganxian_has_44_units_after_normalisation_3_placeholders() -> None:
    written = _written_units()
    assert len(set(written)) == 50  # as written in the document
    table = default_alias_table()
    units = table.units(written)
    assert len(units) == 44
    assert sorted(u.name for u in units if u.placeholder) == ["区有关单位", "区有关部门", "各乡镇"]
    by_name = {u.name: u for u in units}
    assert by_name["区市场监督管理局"].aliases == ["区市场监管局"]
    assert by_name["区林业局"].aliases == ["区林业分局"]
    assert by_name["赣州高新区经济发展局"].aliases == ["高新区经发局"]


def test_normalize_keeps_order_and_drops_duplicates() -> None:
    table = default_alias_table()
    assert table.normalize(["区林业分局", "区生态环境局", "区林业局"]) == ["区林业局", "区生态环境局"]
    assert table.canonical(" 区市场监管局 ") == "区市场监督管理局"
    assert table.is_placeholder("各乡（镇）") and table.is_placeholder("县有关部门")
    assert not table.is_placeholder("区生态环境局")


def test_user_entries_override_defaults_and_follow_chains() -> None:
    table = default_alias_table().with_entries({"区林业局": "赣州市林业局赣县分局"})
    assert table.canonical("区林业分局") == "赣州市林业局赣县分局"
    assert "区林业局" in table.user_aliases


def test_suggestions_find_the_six_alias_pairs_without_any_table() -> None:
    suggestions = suggest_aliases(_written_units(), AliasTable())
    pairs = {frozenset((s.alias, s.canonical)) for s in suggestions}
    assert pairs == {
        frozenset(p)
        for p in [
            ("区市场监管局", "区市场监督管理局"),
            ("区林业分局", "区林业局"),
            ("高新区经发局", "赣州高新区经济发展局"),
            ("高新区行政审批局", "赣州高新区行政审批局"),
            ("区自然资源分局", "区自然资源局"),
            ("区机关事务管理中心", "区机关事务管理局"),
        ]
    }
    # The more frequent spelling is proposed as the standard one.
    forest = next(s for s in suggestions if "区林业局" in (s.alias, s.canonical))
    assert (forest.canonical, forest.count_canonical) == ("区林业分局", 13)
    # Once the defaults join them, nothing is left to suggest.
    assert suggest_aliases(_written_units(), default_alias_table()) == []
