"""Word lists and regular-expression pieces of the 指标值 language (shared by parser and judge)."""

from __future__ import annotations

import re
from functools import lru_cache

# A number as plans write it: -0.16, 93.08, 1,234.5, 1e-05 (the last only from rendering floats).
NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?"

# Units that may follow a number inside a cell.
UNIT = (
    r"(?:%|‰|个百分点|[\u4e00-\u9fff]{1,5}/(?:(?!左右|以上|以下|以内|及以)[\u4e00-\u9fffA-Za-z0-9³²]){1,5}"
    # Latin units, squared/cubed written with a plain digit too: km2, 万m3, m3/d, m3/万元, μg/m3
    r"|(?:万|亿)?[A-Za-zμµ]+[23²³]?(?:/(?:[A-Za-zμµ]+[23²³]?|[\u4e00-\u9fff]{1,3}))?"
    r"|平方公里|平方千米|平方米|立方米|公顷|万亩|亩|万吨|吨|千克|公斤|克|万元|亿元|千元|元|公里|千米|米|个|座|天|人|家|处|条|起|次)"
)

# Comparison operators, symbolic and in words, to the canonical operator.
OP_WORDS: dict[str, str] = {
    "大于或等于": ">=",
    "大于等于": ">=",
    "小于或等于": "<=",
    "小于等于": "<=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "不多于": "<=",
    "至少": ">=",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    ">=": ">=",
    "<=": "<=",
    "≥": ">=",
    "≧": ">=",
    "⩾": ">=",
    "≤": "<=",
    "≦": "<=",
    "⩽": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}
OP_RE = "|".join(sorted((re.escape(k) for k in OP_WORDS), key=len, reverse=True))
OP_SYMBOL_RE = r">=|<=|≥|≤|>|<|="

# Prose verbs before a number: 达到96%, 控制在24微克/立方米.
VERB_GE = ("达到", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "达")
VERB_LE = ("控制在", "降至", "降低到", "降低至", "下降到", "下降至", "降到")
VERB_EQ = ("稳定保持在", "保持在", "稳定在", "保持")
VERB_RE = "|".join(sorted((re.escape(v) for v in VERB_GE + VERB_LE + VERB_EQ), key=len, reverse=True))
SUFFIX_GE = ("及以上", "以上")
SUFFIX_LE = ("及以下", "以下", "以内")

# Qualitative states: the cell is a sequence of these words (建立实施落实到位 = 建立+实施+落实到位).
STATE_WORDS: tuple[str, ...] = (
    "保持长治久清",
    "建立健全",
    "建立实施",
    "全面实施",
    "全面推行",
    "全面建立",
    "全面开展",
    "全面落实",
    "基本建立",
    "基本消除",
    "全面消除",
    "基本完成",
    "有效开展",
    "依法开展",
    "落实到位",
    "制定实施",
    "持续推进",
    "稳步推进",
    "全覆盖",
    "建立",
    "完善",
    "健全",
    "制定",
    "实施",
    "开展",
    "落实",
    "完成",
    "消除",
    "推进",
    "推行",
    "执行",
    "编制",
    "出台",
    "印发",
    "建成",
    "达标",
    "有效",
    "到位",
    "无",
)

# Trend words, judged against the baseline.  Joined by 或/并/、 (保持稳定或持续改善).
TREND_WORDS: tuple[str, ...] = (
    "稳中向好",
    "稳定向好",
    "持续改善",
    "巩固提升",
    "保持稳定",
    "稳定保持",
    "逐步下降",
    "逐年下降",
    "稳定下降",
    "持续下降",
    "逐步提高",
    "逐年提高",
    "持续提升",
    "稳步提升",
    "只增不减",
    "不降低",
    "不下降",
    "不增加",
    "不减少",
    "不明显",
    "有所改善",
    "减少",
    "下降",
    "降低",
    "提升",
    "提高",
    "改善",
    "稳定",
)
TREND_JOINERS = ("或", "并", "、", "和")
#: Trends that ask for a lower value than the baseline whatever the indicator's direction.
TREND_DOWN = frozenset({"逐步下降", "逐年下降", "稳定下降", "持续下降", "减少", "下降", "降低", "不增加"})
#: Trends that ask for a higher value than the baseline whatever the indicator's direction.
TREND_UP = frozenset({"逐步提高", "逐年提高", "持续提升", "稳步提升", "提升", "提高", "巩固提升"})
#: Trends that allow the baseline itself (not worse).
TREND_HOLD = frozenset(
    {"保持稳定", "稳定保持", "稳定", "稳中向好", "稳定向好", "不降低", "不下降", "不减少", "只增不减"}
)

# Targets fixed by a higher level.
HIGHER_MARKERS = (
    "上级",
    "省下达",
    "市下达",
    "国家下达",
    "省里",
    "国家批复",
    "国家批准",
    "国家下发",
    "国家要求",
    "省考核",
    "市考核",
    "考核要求",
    "监管要求",
    "下达",
)

# Invariance clauses: 面积不减少，性质不改变，功能不降低.
INVARIANCE_CLAUSE = r"[\u4e00-\u9fff]{1,4}?不(?:减少|改变|降低|下降|减小)"

# Words in a value cell that say the thing is not (yet) done.
NEGATIVE_MARKERS = ("未", "待", "尚未", "没有", "暂无", "不到位", "不完善", "缺乏", "滞后", "在编", "编制中", "审批中")
# Words in a value cell that say something got better / worse than before.
BETTER_WORDS = ("提升", "提高", "改善", "好转", "向好", "增加", "上升")
WORSE_WORDS = ("恶化", "变差", "退化")

PLACEHOLDERS = frozenset({"", "—", "——", "-", "--", "—-", "/", "－", "─"})

# Terrain words as plans write them -> the model's TERRAINS names.
TERRAIN_ALIASES: dict[str, str] = {
    "山区": "山区",
    "丘陵区": "丘陵区",
    "丘陵地区": "丘陵区",
    "丘陵": "丘陵区",
    "平原地区": "平原地区",
    "平原区": "平原地区",
    "平原": "平原地区",
    "干旱半干旱地区": "干旱半干旱地区",
    "青藏高原地区": "青藏高原地区",
}
TERRAIN_RE = "|".join(sorted((re.escape(t) for t in TERRAIN_ALIASES), key=len, reverse=True))
TERRAIN_ORDER = ("山区", "丘陵区", "平原地区", "干旱半干旱地区", "青藏高原地区")


@lru_cache(maxsize=4096)
def _terrains(text: str) -> tuple[str, ...]:
    return tuple(TERRAIN_ALIASES[m] for m in re.findall(TERRAIN_RE, text))


def find_terrains(text: str | None) -> list[str]:
    """Terrain names mentioned in ``text``, in order, canonical (丘陵地区 -> 丘陵区)."""
    return list(_terrains(text)) if text else []


def tokenize(text: str, words: tuple[str, ...], joiners: tuple[str, ...] = ()) -> list[str] | None:
    """Split ``text`` entirely into ``words`` (longest first, joiners skipped); None if it cannot."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        for j in joiners:
            if out and text.startswith(j, i):
                i += len(j)
                break
        else:
            for w in words:
                if text.startswith(w, i):
                    out.append(w)
                    i += len(w)
                    break
            else:
                return None
            continue
        if i >= n:
            return None  # dangling joiner
    return out


_STATE_SORTED = tuple(sorted(STATE_WORDS, key=len, reverse=True))
_TREND_SORTED = tuple(sorted(TREND_WORDS, key=len, reverse=True))


@lru_cache(maxsize=8192)
def state_tokens(text: str) -> tuple[str, ...] | None:
    """``text`` as a sequence of state words (建立实施落实到位 -> 建立实施, 落实到位), or None."""
    t = tokenize(text, _STATE_SORTED)
    return tuple(t) if t is not None else None


@lru_cache(maxsize=8192)
def trend_tokens(text: str) -> tuple[str, ...] | None:
    """``text`` as trend words joined by 或/并/、/和 (保持稳定或持续改善), or None."""
    t = tokenize(text, _TREND_SORTED, TREND_JOINERS)
    return tuple(t) if t is not None else None
