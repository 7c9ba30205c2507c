"""Prose readers on phrasings other plans use (not only the samples' wording)."""

from __future__ import annotations

from ecociv.assess._prose import cn_int, count_claims, duplicate_paragraphs, figure_mentions, prose_sentences


def test_chinese_numerals() -> None:
    assert [cn_int(s) for s in ("28", "二十八", "两", "十", "十二", "三十", "百")] == [28, 28, 2, 10, 12, 30, None]


def test_count_claims_in_several_phrasings() -> None:
    lines = [
        "本规划共选取24项指标，详见表2-1。",
        "目前已达标的指标有二十项，包括甲指标、乙指标、丙指标。",
        "全县仍有两项指标未达标，即丁指标、戊指标，需要加快推进。",
        "\t领域\t序号\t指标名称",  # a table row is not prose
    ]
    claims = count_claims(lines)
    assert [(c.kind, c.count, c.line) for c in claims] == [("total", 24, 1), ("met", 20, 2), ("unmet", 2, 3)]
    assert claims[0].table_ref == "2-1"
    assert claims[1].names == ["甲指标", "乙指标", "丙指标"]
    assert claims[2].names == ["丁指标", "戊指标"]


def test_figures_for_a_year() -> None:
    lines = [
        "2020年，全市城市生活污水集中处理率为 93.5%，较2015年提高8个百分点。",
        "到2025年，城市生活污水集中处理率达到96%以上，农村生活污水治理率达到40%。",
        "城市生活污水集中处理率持续提升。",  # no year: no figure
    ]
    got = [(m.line, m.year, m.is_target, m.value, m.comparison) for m in figure_mentions(prose_sentences(lines), "城市生活污水集中处理率")]
    assert got == [(1, 2020, False, 93.5, "="), (2, 2025, True, 96.0, ">=")]
    rural = figure_mentions(prose_sentences(lines), "农村生活污水治理率")
    assert [(m.year, m.value) for m in rural] == [(2025, 40.0)]


def test_repeated_paragraphs_need_substance() -> None:
    body = "推进城镇污水管网全覆盖，开展雨污分流改造，建立污泥从产生到处置的全过程监管体系，全面提升污水收集处理效能。"
    lines = ["**一、提升污水处理。**" + body, "其他内容不相同的一段话，讲的是大气污染防治和扬尘管控工作。", "**二、完善设施。**" + body, "短句重复。", "短句重复。"]
    assert [(g.lines, g.count, g.share) for g in duplicate_paragraphs(lines)] == [([1, 3], 2, 1.0)]
