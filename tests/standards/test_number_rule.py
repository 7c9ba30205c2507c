"""``Evaluator.number_rule`` says how a plain number is judged, and ``eval --batch`` trusts it to
write most lines from one judgement.  For every catalog standard and hand-written standards of
every kind, in every context a batch line can give, the rule must hold on many numbers and
baselines: "compare" is the plain comparison, "same" one judgement, "echo" one judgement but for
the number written once in the reason."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ecociv.standards import Evaluator, list_catalogs
from ecociv.standards._expr import fmt
from ecociv.standards._judgement import Judgement, compare

#: standards of every kind, beside the catalogs' (names give direction, terrain and conditions)
_MORE: list[tuple[str, str | None, str | None]] = [
    ("消除", "城市黑臭水体", None), ("无", "Ⅴ类及劣Ⅴ类水体", None), ("建立2个", None, None), ("2", None, None),
    ("100", "生态环境信息公开率", "%"), ("0", "重特大突发环境事件", "起"), ("85", None, None), ("约85", None, "%"),
    ("80~90", None, None), ("ΔEQI≥-1", "生态质量指数（EQI）", None), ("≥-1", "生态质量指数（EQI）", None),
    ("[≤10]", "单位地区生产总值能耗降低", "%"), ("≤35", "细颗粒物（PM2.5）浓度", "微克/立方米"),
    ("完成上级规定的考核任务；无", "地表水环境质量", None), ("完成上级下达的目标任务", None, None),
    ("完成上级下达的目标任务", "单位地区生产总值能耗", "吨标准煤/万元"), ("≥95 不明显", "生物多样性保护", "%"),
    ("山区≥60 丘陵区≥40 平原地区≥18", "森林覆盖率", "%"), ("山区≥60；丘陵区≥40", "森林覆盖率", "%"),
    ("综合利用率≤60%的地区 ≥2 综合利用率>60%的地区 保持稳定或持续改善", "一般工业固体废物综合利用率提高幅度", "%"),
    ("≥2 保持稳定或持续改善", "综合利用率≤60%的地区 综合利用率>60%的地区", "%"),
    ("不增加", None, None), ("持续改善", "空气质量优良天数比例", "%"), ("持续改善", None, None), ("不明显", None, None),
    ("面积不减少", "自然保护地面积", None), ("面积不减少，性质不改变，功能不降低", None, None),
    ("性质不改变，功能不降低", None, None), ("", None, None), ("某种说法", None, None), ("Ⅲ类", "地表水水质", None),
]

_CONTEXTS: list[dict[str, Any]] = [
    {}, {"confirmed": True}, {"confirmed": False}, {"higher_level": 20.0}, {"direction": "lower"},
    {"direction": "higher"}, {"terrain": "山区"}, {"terrain": "平原地区"}, {"higher_level": 20.0, "direction": "lower"},
]
_VALUES: list[float] = [0, 0.0, -0.0, 2, 2.0, 19.5, 20, 85, 100, -1.5, 1e-07, 1e20, 123456789012345678]
_BASELINES: list[float] = [0, 19.5, 30, 100.0, -2]
#: a number no standard writes: where an echoed number sits in the reason
_PROBE = 123.456789


def _standards() -> list[tuple[str, str | None, str | None]]:
    out = [(x.standard or "", x.name, x.unit) for c in list_catalogs() for e in c.entries for x in (e, *e.sub_indicators)]
    return sorted(set(out + _MORE), key=str)


def _same(a: Judgement, b: Judgement) -> bool:
    return a.to_dict() == b.to_dict()


def _check(ev: Evaluator, rule: str | None, baselines: list[float | None]) -> None:
    if rule is None:
        return
    for b in baselines:
        first = ev(_PROBE, b)
        for v in _VALUES:
            j = ev(v, b)
            if rule == "compare":
                op, t = ev.plain_comparison or ("", 0.0)
                assert _same(j, compare(float(v), op, t, ev.expr)), (ev.expr, v, b)
            elif rule == "same":
                assert _same(j, first) and _same(j, ev(_PROBE, baselines[0])), (ev.expr, v, b, j, first)
            else:
                assert first.reason.count(fmt(_PROBE)) == 1, first
                before, after = first.reason.split(fmt(_PROBE))
                expected = Judgement(first.status, first.label, before + fmt(float(v)) + after,
                                     first.parts, first.expression)
                assert _same(j, expected), (ev.expr, v, b, j)


def test_number_rules_hold_for_every_standard_in_every_context() -> None:
    seen: Counter[str | None] = Counter()
    for standard, name, unit in _standards():
        for ctx in _CONTEXTS:
            ev = Evaluator(standard, name=name, unit=unit, **ctx)
            without, with_ = ev.number_rule(False), ev.number_rule(True)
            _check(ev, without, [None])
            _check(ev, with_, list(_BASELINES))
            seen.update((without, with_))
    # every rule is met, so the checks above are not empty; and some standards need each judgement
    assert seen["compare"] and seen["same"] and seen["echo"] and seen[None], seen


@pytest.mark.parametrize(
    ("standard", "name", "unit", "ctx", "without", "with_"),
    [
        ("100", "生态环境信息公开率", "%", {}, "compare", "compare"),  # 100% is reached from below
        ("85", None, None, {}, None, None),  # no direction: 85 against 85 is met, others need review
        ("建立", None, None, {}, "echo", "echo"),
        ("无", None, None, {}, None, None),  # 0 is met, any other number not
        ("完成上级规定的考核任务", None, None, {}, "same", "same"),
        ("完成上级规定的考核任务", None, None, {"higher_level": 20.0, "direction": "lower"}, None, None),
        ("持续改善", "空气质量优良天数比例", "%", {}, "same", None),  # a baseline decides
        ("不明显", None, None, {}, "same", "same"),  # no number decides 不明显
        ("面积不减少，性质不改变，功能不降低", None, None, {}, "same", None),
        ("性质不改变，功能不降低", None, None, {}, "same", "same"),
        ("山区≥60 丘陵区≥40 平原地区≥18", "森林覆盖率", "%", {}, "same", "same"),  # the terrain is missing
        ("山区≥60 丘陵区≥40 平原地区≥18", "森林覆盖率", "%", {"terrain": "山区"}, None, None),
        ("≥95 不明显", None, None, {}, "same", "same"),  # one number for two parts
        ("ΔEQI≥-1", "生态质量指数（EQI）", None, {}, None, None),
        ("建立", None, None, {"confirmed": True}, "same", "same"),
    ],
)
def test_number_rule_of_each_kind(
    standard: str, name: str | None, unit: str | None, ctx: dict[str, Any], without: str | None, with_: str | None
) -> None:
    ev = Evaluator(standard, name=name, unit=unit, **ctx)
    assert (ev.number_rule(False), ev.number_rule(True)) == (without, with_)
