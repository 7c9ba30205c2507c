"""Reading what a plan's prose claims: counts, name lists, figures for a year, repeated paragraphs.

Everything here works on the decoded document lines (line *n* is ``lines[n-1]``) and is general:
it keys on the phrasing plan writers use (共设定 N 项指标, 已达标指标 N 项，包括……, 尚有 N 项……
未达标，即……, 到2025年……达95%以上), never on one document's wording or line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ecociv.importers._clean import clean_text

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """``28`` / ``二十八`` / ``两`` -> int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(s) if len(s) == 1 else None


_N = r"(\d+|[一二两三四五六七八九十]+)"


def norm_name(s: str) -> str:
    """Indicator name reduced for comparison: no spaces, footnote marks, brackets or dashes."""
    s = clean_text(s)
    s = re.sub(r"[（(]\s*[\d一二三四五六七八九十]+\s*[)）]", "", s)  # (1) (2) footnote/enumeration marks
    s = re.sub(r"^\s*[\d一二三四五六七八九十]+\s*[.、．]\s*", "", s)  # leading "1." numbering
    s = re.sub(r"[\s\-—–:：;；,，、。“”\"'（）()\[\]【】<>《》]", "", s)
    return s


def name_similarity(a: str, b: str) -> float:
    """1.0 when one normalized name contains the other, else difflib's ratio."""
    na, nb = norm_name(a), norm_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    if na in nb or nb in na:
        return 0.95 if min(len(na), len(nb)) >= 4 else 0.5
    return SequenceMatcher(None, na, nb).ratio()


def is_prose(line: str) -> bool:
    """Running text, as opposed to a table cell or row (cells are tab-separated in converted plans)."""
    return "\t" not in line and len(line.strip()) >= 8


@dataclass
class CountClaim:
    """A count stated in prose, with the names it lists (if any)."""

    kind: str  # "total", "met", "unmet"
    count: int
    line: int
    names: list[str] = field(default_factory=list)
    table_ref: str | None = None  # "3.1" from 详见表3.1
    text: str = ""


_TOTAL = re.compile(rf"共(?:设定|设置|选取|确定|设|选定|包括|涉及)?了?(?:规划|建设|考核)?指标\s*{_N}\s*项|共(?:设定|设置|选取|确定|设|选定)了?\s*{_N}\s*项(?:规划|建设|考核)?指标")
_MET = re.compile(rf"(?:已达标?|已经达标|达标)(?:的)?指标(?:有|共)?\s*{_N}\s*项|{_N}\s*项指标(?:已|已经)达标")
_UNMET = re.compile(rf"(?:尚有|还有|仍有|有)\s*{_N}\s*项(?:指标)?(?:未达|尚未达|不达|没有达)|未达标(?:的)?指标(?:有|共)?\s*{_N}\s*项")
_TABLE_REF = re.compile(r"表\s*([0-9]+(?:[.\-－][0-9]+)*)")


def _first_int(m: re.Match[str]) -> int | None:
    for g in m.groups():
        if g:
            return cn_int(g)
    return None


def _split_names(s: str) -> list[str]:
    s = re.split(r"[。；;]|，(?!\s*[^，。]{0,12}、)", s, maxsplit=1)[0]
    parts = [p.strip(" ：:，,。.“”\"") for p in s.split("、")]
    return [p for p in parts if p]


def count_claims(lines: list[str]) -> list[CountClaim]:
    """Every 共设定/已达标/未达标 count claim in prose, with its name list."""
    out: list[CountClaim] = []
    for i, raw in enumerate(lines, start=1):
        if not is_prose(raw):
            continue
        line = clean_text(raw)
        ref_m = _TABLE_REF.search(line)
        ref = ref_m.group(1) if ref_m else None
        for kind, rx in (("total", _TOTAL), ("met", _MET), ("unmet", _UNMET)):
            for m in rx.finditer(line):
                n = _first_int(m)
                if n is None:
                    continue
                rest = line[m.end():]
                names: list[str] = []
                lm = re.search(r"(?:包括|分别是|分别为|即|为|是)[：:]?", rest[:30])
                if lm and kind != "total":
                    names = _split_names(rest[lm.end():])
                    # a one-item "list" that is really a sentence is no list
                    if len(names) == 1 and len(names[0]) > 30:
                        names = []
                out.append(CountClaim(kind, n, i, names, ref, m.group(0)))
    return out


@dataclass
class FigureMention:
    """A figure for a named indicator in prose: 到2025年，城镇污水处理率达95%以上."""

    line: int
    year: int
    is_target: bool  # 到/至 … 年 (a target) rather than a year's actual value
    value: float
    comparison: str  # "=", ">=", "<="
    text: str


_YEAR = re.compile(r"(到|至|力争|预计)?\s*((?:19|20)\d{2})\s*年(?:底|末)?(?:前)?")
_AFTER = re.compile(
    r"^[^，。；0-9]{0,8}?(?:为|达|达到|降至|下降到|降低到|提高到|提升到|提高至|提升至|稳定在|控制在|保持在|保持|达到了|超过|不低于|不高于|低于|高于)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|个百分点)?(?P<tail>以上|以下|以内|左右)?"
)


def find_name(sentence: str, n: str) -> int | None:
    """End offset of the normalized name ``n`` (or a close variant of it) in ``sentence``."""
    if len(n) < 3:
        return None
    k = sentence.find(n)
    if k >= 0:
        return k + len(n)
    m = SequenceMatcher(None, sentence, n, autojunk=False).find_longest_match(0, len(sentence), 0, len(n))
    if m.size >= max(5, int(0.75 * len(n) + 0.5)) and m.b + m.size >= len(n) - 1:
        return m.a + m.size + (len(n) - m.b - m.size)
    return None


def prose_sentences(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, sentence without spaces) of every prose sentence that names a year."""
    out: list[tuple[int, str]] = []
    for i, raw in enumerate(lines, start=1):
        if not is_prose(raw):
            continue
        line = re.sub(r"\s+", "", clean_text(raw))
        out.extend((i, s) for s in re.split(r"[。；;]", line) if _YEAR.search(s))
    return out


def figure_mentions(sentences: list[tuple[int, str]], name: str) -> list[FigureMention]:
    """Figures written right after ``name`` in the year-naming ``sentences`` (:func:`prose_sentences`)."""
    out: list[FigureMention] = []
    n = norm_name(name)
    if len(n) < 3:
        return out
    tail = n[-2:]
    for i, sentence in sentences:
        if tail not in sentence:
            continue
        end = find_name(sentence, n)
        if end is None:
            continue
        years = [y for y in _YEAR.finditer(sentence) if y.start() < end]
        if not years:
            continue
        y = years[-1]
        fm = _AFTER.match(sentence[end:])
        if not fm or fm.group("unit") == "个百分点":
            continue
        tail_word = fm.group("tail") or ""
        comp = {"以上": ">=", "以下": "<=", "以内": "<="}.get(tail_word, "=")
        out.append(FigureMention(i, int(y.group(2)), bool(y.group(1)), float(fm.group("num")), comp, sentence))
    return out


def _sentences(text: str) -> list[str]:
    """Clauses of a paragraph long enough to be telling when repeated."""
    return [s for s in re.split(r"[。；;！？，,]", re.sub(r"\s+", "", clean_text(text))) if len(s) >= 10]


@dataclass(frozen=True)
class DuplicateGroup:
    """Prose lines that largely repeat each other: reported once, with how many there are."""

    lines: list[int]  # the first few line numbers, in order (all when few)
    count: int  # how many paragraphs repeat each other
    share: float  # smallest share of repeated sentences between two of them (1.0: identical)


#: Line numbers kept per group (the count says how many there are in all).
_GROUP_LINES = 20
#: A clause found in more paragraphs than this is boilerplate, not a sign of copying.
_COMMON_CLAUSE = 64
#: Pairs of distinct paragraphs compared at most (bounds time and memory on huge documents).
_MAX_PAIRS = 200_000


def duplicate_paragraphs(lines: list[str], min_len: int = 40, overlap: float = 0.6) -> list[DuplicateGroup]:
    """Groups of prose lines whose sentences largely repeat each other (each group once, with its size).

    Identical paragraphs are grouped by a hash of their clauses; distinct paragraphs sharing at least
    ``overlap`` of the shorter one's clause length are joined into one group.  Memory stays bounded by
    the number of distinct paragraphs, never by the number of pairs of repeats.
    """
    exact: dict[int, list[int]] = {}  # content hash -> [count, length, first lines ...]
    for i, raw in enumerate(lines, start=1):
        if not is_prose(raw):
            continue
        ss = _sentences(raw)
        total = sum(len(x) for x in ss)
        if total < min_len:
            continue
        entry = exact.setdefault(hash(tuple(ss)), [0, total])
        entry[0] += 1
        if len(entry) < 2 + _GROUP_LINES:
            entry.append(i)
    reps = {e[2]: e for e in exact.values()}  # first line -> entry
    index: dict[int, list[int]] = {}
    for first in reps:
        for x in set(_sentences(lines[first - 1])):
            where = index.setdefault(hash(x), [])
            if len(where) <= _COMMON_CLAUSE:
                where.append(first)
    shared: dict[tuple[int, int], int] = {}
    for key, where in index.items():
        if len(where) > _COMMON_CLAUSE:
            continue
        for a in range(len(where)):
            for b in range(a + 1, len(where)):
                pair = (where[a], where[b])
                if pair in shared or len(shared) < _MAX_PAIRS:
                    shared[pair] = shared.get(pair, 0) + _clause_len(key, lines, where[a])
    parent = {r: r for r in reps}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    least: dict[int, float] = {}
    for (a, b), n in shared.items():
        share = min(n / min(reps[a][1], reps[b][1]), 1.0)
        if share >= overlap:
            ra, rb = root(a), root(b)
            low = min(share, least.get(ra, 1.0), least.get(rb, 1.0))
            parent[max(ra, rb)] = min(ra, rb)
            least[min(ra, rb)] = low
    members: dict[int, list[int]] = {}
    for r in sorted(reps):
        members.setdefault(root(r), []).append(r)
    out = []
    for r, group in sorted(members.items()):
        count = sum(reps[m][0] for m in group)
        if count < 2:
            continue
        first_lines = sorted(n for m in group for n in reps[m][2:])[:_GROUP_LINES]
        out.append(DuplicateGroup(first_lines, count, round(least.get(r, 1.0), 3)))
    return out


_CLAUSE_LEN: dict[int, int] = {}


def _clause_len(key: int, lines: list[str], line: int) -> int:
    """Length of the clause with hash ``key`` in ``line`` (looked up once per clause)."""
    if key not in _CLAUSE_LEN:
        if len(_CLAUSE_LEN) > 100_000:
            _CLAUSE_LEN.clear()
        for x in _sentences(lines[line - 1]):
            _CLAUSE_LEN[hash(x)] = len(x)
    return _CLAUSE_LEN.get(key, 0)
