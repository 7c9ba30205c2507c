"""Word's automatic numbering rendered as Word displays it.

A paragraph of a Word document may be numbered by Word itself (``w:numPr`` on the paragraph or
on its paragraph style): the number (一、 （一） 1. ①, a table's 序号 column …) is then not part
of the paragraph's text.  :func:`paragraph_labels` walks the document's paragraphs in order,
keeps Word's counters (per abstract numbering definition, levels restarting when a higher level
advances, ``w:start``, ``w:lvlOverride``/``w:startOverride``, ``w:lvlRestart``) and formats each
number by its level's ``w:numFmt`` and ``w:lvlText`` (``%1、``, ``（%1）``, ``%1.%2``, ``第%1章``),
honouring ``w:isLgl``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["format_number", "paragraph_labels"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
#: what the bullets of the Symbol and Wingdings fonts look like (by their private-use code)
_SYMBOL_BULLETS = {0xF0B7: "•", 0xF06C: "●", 0xF06E: "■", 0xF075: "◆", 0xF0A7: "▪", 0xF0D8: "➢", 0xF0FC: "✓",
                   0xF076: "❖", 0xF071: "❑", 0xF0A8: "◆", 0xF06F: "□", 0xF0A1: "○", 0xF0B2: "◇"}
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# a label ending so needs no space before the text (一、 （一） 1. 第一章 gets one)
_CLOSING = set("、.．。，,:：;；)）]】〕」』>》　") | set(_CIRCLED) | set(_PAREN) | set(_FULLSTOP)


def _chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += ("" if d == 1 and power == 10 and not out and digits is _DIGITS else digits[d]) + unit
    return out


def _letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 28 → BB (Word repeats the letter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def _enclosed(n: int, chars: str) -> str:
    return chars[n - 1] if 0 < n <= len(chars) else str(n)


def format_number(n: int, fmt: str) -> str:
    """The number ``n`` written in the ``w:numFmt`` ``fmt`` (an unknown format: Arabic digits)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseDigitalTenThousand", "ideographDigital"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _LEGAL_DIGITS, "拾佰仟")
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, _CIRCLED)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, _PAREN)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, _FULLSTOP)
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _child(el: Any, name: str) -> Any:
    return None if el is None else el.find(f"{_W}{name}")


def _val(el: Any, name: str) -> str | None:
    c = _child(el, name)
    return None if c is None else c.get(_VAL)


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _on(el: Any, name: str) -> bool:
    c = _child(el, name)
    return c is not None and c.get(_VAL, "true") not in ("0", "false", "off")


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    legal: bool = False
    suffix: str = "tab"
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 never
    style: str | None = None


def _fmt(el: Any) -> str:
    """The level's w:numFmt; a format Word 2010 writes as markup-compatibility content (custom
    formats such as 001, 002 …): the one it gives older readers."""
    fmt = _val(el, "numFmt")
    if fmt is None:
        fallback = el.find(f"{_MC}AlternateContent/{_MC}Fallback/{_W}numFmt")
        fmt = None if fallback is None else fallback.get(_VAL)
    return fmt or "decimal"


def _level(el: Any) -> _Level:
    start = _int(_val(el, "start"))
    return _Level(
        start=1 if start is None else start,
        fmt=_fmt(el),
        text=_val(el, "lvlText"),
        legal=_on(el, "isLgl"),
        suffix=_val(el, "suff") or "tab",
        restart=_int(_val(el, "lvlRestart")),
        style=_val(el, "pStyle"),
    )


@dataclass
class _Abstract:
    levels: dict[int, _Level] = field(default_factory=dict)
    style_link: str | None = None  # w:numStyleLink: the levels are those of a numbering style


@dataclass
class _Num:
    abstract: str
    levels: dict[int, _Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl
    starts: dict[int, int] = field(default_factory=dict)  # w:lvlOverride/w:startOverride


@dataclass
class _Style:
    based_on: str | None
    num: str | None
    ilvl: int | None


@dataclass
class _Counters:
    counts: dict[int, int] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)  # (numId, ilvl) overrides applied


class _Numbering:
    """The numbering definitions and paragraph styles of one document, and Word's counters."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstracts: dict[str, _Abstract] = {}
        self.nums: dict[str, _Num] = {}
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self.counters: dict[str, _Counters] = {}
        for el in [] if numbering is None else numbering.iterchildren(f"{_W}abstractNum"):
            levels = {i: _level(lv) for lv in el.iterchildren(f"{_W}lvl") if (i := _int(lv.get(f"{_W}ilvl"))) is not None}
            self.abstracts[el.get(f"{_W}abstractNumId", "")] = _Abstract(levels, _val(el, "numStyleLink"))
        for el in [] if numbering is None else numbering.iterchildren(f"{_W}num"):
            num = _Num(_val(el, "abstractNumId") or "")
            for over in el.iterchildren(f"{_W}lvlOverride"):
                i = _int(over.get(f"{_W}ilvl"))
                if i is None:
                    continue
                start = _int(_val(over, "startOverride"))
                if start is not None:
                    num.starts[i] = start
                if (lv := _child(over, "lvl")) is not None:
                    num.levels[i] = _level(lv)
                    if start is None and _child(lv, "start") is not None:
                        num.starts[i] = num.levels[i].start
            self.nums[el.get(f"{_W}numId", "")] = num
        for el in [] if styles is None else styles.iterchildren(f"{_W}style"):
            sid = el.get(f"{_W}styleId", "")
            ppr = _child(el, "pPr")
            numpr = _child(ppr, "numPr")
            self.styles[sid] = _Style(_val(el, "basedOn"), _val(numpr, "numId"), _int(_val(numpr, "ilvl")))
            if el.get(f"{_W}type") == "paragraph" and el.get(f"{_W}default") in ("1", "true", "on"):
                self.default_style = sid

    def _abstract_id(self, num: _Num) -> str:
        """The abstract definition whose levels count, following a w:numStyleLink to its style."""
        aid = num.abstract
        for _ in range(5):
            link = self.abstracts.get(aid, _Abstract()).style_link
            style = self.styles.get(link) if link else None
            target = self.nums.get(style.num) if style and style.num else None
            if target is None:
                break
            aid = target.abstract
        return aid

    def _resolve(self, p: Any) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph: its own w:numPr, else the first of its style chain's."""
        ppr = _child(p, "pPr")
        numpr = _child(ppr, "numPr")
        num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"))
        sid = _val(ppr, "pStyle") or self.default_style
        seen: set[str] = set()
        while num_id is None and sid and sid not in seen:
            seen.add(sid)
            style = self.styles.get(sid)
            if style is None:
                break
            if style.num is not None:
                num_id = style.num
                if ilvl is None and style.ilvl is None and num_id in self.nums:
                    # a style numbered without a level: the level that names it (w:lvl/w:pStyle)
                    levels = self._levels(num_id)
                    ilvl = next((i for i, lv in sorted(levels.items()) if lv.style == sid), None)
                ilvl = style.ilvl if ilvl is None else ilvl
            sid = style.based_on
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, ilvl or 0

    def _levels(self, num_id: str) -> dict[int, _Level]:
        num = self.nums[num_id]
        levels = dict(self.abstracts.get(self._abstract_id(num), _Abstract()).levels)
        levels.update(num.levels)
        return levels

    def label(self, p: Any) -> str:
        """The number Word shows before the paragraph (advancing the counters), or ``""``."""
        found = self._resolve(p)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self._levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return ""
        num = self.nums[num_id]
        state = self.counters.setdefault(self._abstract_id(num), _Counters())
        if ilvl in num.starts and (num_id, ilvl) not in state.started:
            state.started.add((num_id, ilvl))
            state.counts[ilvl] = num.starts[ilvl]
        elif ilvl in state.counts:
            state.counts[ilvl] += 1
        else:
            state.counts[ilvl] = level.start
        for deeper in [k for k in state.counts if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del state.counts[deeper]
        return _render(level, ilvl, levels, state.counts)


def _render(level: _Level, ilvl: int, levels: dict[int, _Level], counts: dict[int, int]) -> str:
    if level.fmt == "bullet":
        # symbol-font bullets (Symbol, Wingdings) are private-use characters: the shape they draw
        text = "".join(_SYMBOL_BULLETS.get(ord(c), "•") if 0xE000 <= ord(c) <= 0xF8FF else c for c in level.text or "•")
    else:
        text = "%1" if level.text is None and ilvl == 0 else (level.text or "")
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token not in text:
                continue
            lv = levels.get(k - 1, _Level())
            n = counts.get(k - 1, lv.start)
            fmt = "decimal" if level.legal and k - 1 != ilvl and lv.fmt != "decimalZero" else lv.fmt
            text = text.replace(token, format_number(n, fmt))
    if not text.strip():
        return ""
    if level.suffix == "nothing" or text[-1] in _CLOSING:
        return text
    return text + " "


def paragraph_labels(paragraphs: Iterable[Any], numbering: Any, styles: Any) -> dict[Any, str]:
    """The number Word shows before each numbered paragraph (``w:p`` elements, in document order)
    given the document's ``w:numbering`` and ``w:styles`` elements (either may be ``None``)."""
    if numbering is None:
        return {}
    state = _Numbering(numbering, styles)
    labels: dict[Any, str] = {}
    for p in paragraphs:
        if label := state.label(p):
            labels[p] = label
    return labels
