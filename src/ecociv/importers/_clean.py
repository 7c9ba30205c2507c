"""Removal of conversion residue from text converted from Word/PDF.

``clean_text`` is applied to every cell and to every heading the importers keep.  It removes
what the converters add (bookmarks, HTML-ish tags, Markdown emphasis, LaTeX maths) and collapses
whitespace, but keeps the text *as written* otherwise: no unit or symbol normalisation beyond
turning LaTeX commands into the characters they stand for.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "ascii_digits",
    "clean_text",
    "goes_on",
    "is_note_number",
    "join_cell_paragraphs",
    "join_cell_parts",
    "latex_to_text",
    "read_number_cell",
    "strip_footnote_marker",
]

#: LaTeX commands seen in converted plans, mapped to the characters they print.
_LATEX_SYMBOLS: dict[str, str] = {
    "Delta": "Δ",
    "delta": "δ",
    "geq": "≥",
    "ge": "≥",
    "geqslant": "≥",
    "leq": "≤",
    "le": "≤",
    "leqslant": "≤",
    "neq": "≠",
    "ne": "≠",
    "times": "×",
    "div": "÷",
    "pm": "±",
    "circ": "°",
    "degree": "°",
    "sim": "～",
    "approx": "≈",
    "cdot": "·",
    "%": "%",
    "mu": "μ",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "lambda": "λ",
    "rho": "ρ",
    "sigma": "σ",
    "Sigma": "Σ",
    "sum": "Σ",
    "prime": "′",
    "rightarrow": "→",
    "to": "→",
    "lt": "<",
    "gt": ">",
    ",": "",
    ";": "",
    "quad": "",
    "qquad": "",
    "left": "",
    "right": "",
    "{": "{",
    "}": "}",
}

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_ANCHOR = re.compile(r"\{#[^}]*\}|<a\s+(?:name|id)=[^>]*>\s*</a>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:sub|sup|b|i|u|strong|em|span|font|br|p|s)\b[^>]*>", re.IGNORECASE)
#: ``PM <sub>2.5</sub>`` -> ``PM2.5``: the space before a sub/superscript is layout, not text.
_SCRIPT_TAG = re.compile(r"\s*<su[bp]>\s*([^<]*?)\s*</su[bp]>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$")
_LATEX_WRAP = re.compile(r"\\(?:mathrm|mathbf|mathit|text|textrm|operatorname|rm|mathsf)\s*\{([^{}]*)\}")
_LATEX_CMD = re.compile(r"\\([A-Za-z]+|[%,;{}])")
_LATEX_SCRIPT = re.compile(r"[\^_]\{([^{}]*)\}|[\^_](\S)")
_WS = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
#: Markdown heading marks and escape backslashes left by converters.
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
#: A trailing footnote marker after a name: ``林草覆盖率(2)``, ``森林覆盖率（3）``, ``PM2.5浓度[1]``, ``森林覆盖率①``.
_FOOTNOTE_TAIL = re.compile(
    r"(?<=[\u4e00-\u9fff）)])\s*(?:[(（]\d{1,2}[)）]|\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹]+|[①②③④⑤⑥⑦⑧⑨⑩]|\*{1,2}|[▲△★☆※])$"
)


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def ascii_digits(s: str) -> str:
    """Full-width digits as ASCII ones (``２０２５年`` -> ``2025年``), for reading years and
    numbers; cell texts themselves are kept as written."""
    return s.translate(_FULL_DIGITS)


#: A cell that states a number: optional comparator or bracket, then a digit (ASCII or full-width).
_NUMBER_CELL = re.compile(r"^[≥≤<>＞＜=≧≦±~～〔［\[（(]*\s*-?[0-9０-９]")
#: ``76。7`` / ``22．4``: a full stop or full-width point between digits is a decimal point.
_DECIMAL_MARK = re.compile(r"(?<=\d)[。．](?=\d)")
#: Footnote marks after a number: ``31*``, ``100▲``, ``96.7①``.
_NUMBER_MARK = re.compile(r"(?<=[\d%％‰〕\]］)）])\s*([*＊▲△★☆※#①②③④⑤⑥⑦⑧⑨⑩]+)$")


def read_number_cell(text: str) -> tuple[str, str | None]:
    """A value cell as a number is read: full-width digits as ASCII, ``。``/``．`` between digits
    as the decimal point, a trailing footnote mark split off -> (value, mark or None).
    Cells that do not start with a number are returned unchanged."""
    if not _NUMBER_CELL.match(text):
        return text, None
    t = _DECIMAL_MARK.sub(".", ascii_digits(text))
    m = _NUMBER_MARK.search(t)
    if m is None:
        return t, None
    return t[: m.start()].rstrip(), m.group(1).replace("＊", "*")


def latex_to_text(expr: str) -> str:
    """Render a LaTeX maths fragment as plain text: ``\\Delta EQI \\geq -1`` -> ``ΔEQI≥-1``."""
    s = expr
    for _ in range(3):  # nested wrappers
        s2 = _LATEX_WRAP.sub(r"\1", s)
        if s2 == s:
            break
        s = s2

    def cmd(m: re.Match[str]) -> str:
        name = m.group(1)
        return _LATEX_SYMBOLS.get(name, name)

    s = _LATEX_CMD.sub(cmd, s)
    s = _LATEX_SCRIPT.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), s)
    s = s.replace("{", "").replace("}", "")
    return re.sub(r"\s+", "", s)


#: A footnote mark before the bracket that ends a name: ``水体比例①（%）``.
_FOOTNOTE_BEFORE_BRACKET = re.compile(
    r"(?<=[\u4e00-\u9fff）)])\s*(?:[¹²³⁴⁵⁶⁷⁸⁹]+|[①②③④⑤⑥⑦⑧⑨⑩]|\*{1,2}|[▲△★☆※])\s*(?=[（(][^（）()]+[）)]$)"
)


def strip_footnote_marker(name: str) -> str:
    """Drop one footnote marker at the end of an indicator name (``林草覆盖率(2)`` -> ``林草覆盖率``),
    or just before the bracket that ends it (``水体比例①（%）`` -> ``水体比例（%）``)."""
    name = _FOOTNOTE_TAIL.sub("", name).rstrip()
    return _FOOTNOTE_BEFORE_BRACKET.sub("", name)


#: a superscript that numbers a note: digits, several parted by commas (¹ / ¹,²)
_NOTE_NUMBER = re.compile(r"^\d{1,2}(?:[,，、]\d{1,2})*$")
#: what a note number may follow: Chinese text, a number, a percent sign, a closing bracket/quote
_NOTED = re.compile(r"[\u3400-\u9fff0-9%％‰)）」』”’]$")
#: ``10`` written on its own before a superscript: a power of ten (10⁴吨), not a noted value
_POWER_BASE = re.compile(r"(?:^|[^0-9.．])10$")


def is_note_number(mark: str, before: str) -> bool:
    """Whether ``mark``, set as a superscript after the text ``before``, is the number of a note
    (森林覆盖率¹, 76.5²), not part of the text: the exponent of a unit follows a letter (m³),
    that of a power of ten follows 10 (10⁴); other marks (*, ▲) may date values and are kept."""
    before = before.rstrip()
    return (
        bool(_NOTE_NUMBER.match(mark.strip()))
        and bool(_NOTED.search(before))
        and not _POWER_BASE.search(before)
    )


def join_cell_parts(a: str, b: str) -> str:
    """Two pieces of one cell cut by a line or page break: Chinese pieces join without a space
    (``地表水国考断`` + ``面水质优良`` -> ``地表水国考断面水质优良``), Latin words and numbers with one."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return a or b
    return f"{a} {b}" if re.search(r"[A-Za-z0-9.%]$", a) and re.match(r"[A-Za-z0-9(]", b) else a + b


#: A paragraph going on with the one above it in the same cell (且持续改善, （县级及以上）), or a
#: paragraph left hanging (甲、).
_GOES_ON = re.compile(r"^[且并及和或与、，,；;）)]|^[（(][^（）()]*[)）]$")
_HANGS = re.compile(r"[、，,；;（(及和与或且]$")


def goes_on(above: str, part: str) -> bool:
    """Whether paragraph ``part`` of a cell plainly goes on with the paragraph ``above`` it."""
    return bool(above) and bool(_GOES_ON.search(part) or _HANGS.search(above))


def join_cell_paragraphs(parts: list[str]) -> str:
    """A cell written as several paragraphs, as one line.  Each paragraph may be an item of its
    own (a sub-indicator, a unit, a value under another), so paragraphs stay apart by a space;
    only one that plainly goes on with the paragraph above (``≥98`` + ``且持续改善``, a name + its
    ``（县级及以上）``) joins it without one."""
    out = ""
    for part in (t.strip() for t in parts):
        if not part:
            continue
        out = out + part if goes_on(out, part) else f"{out} {part}".strip()
    return out


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@lru_cache(maxsize=16384)
def clean_text(s: str) -> str:
    """Remove conversion residue from ``s`` and collapse whitespace to single spaces.

    Handles ``[bookmark: …]``, ``<sub>``/``<sup>``/``<b>`` and similar tags, ``**bold**``,
    LaTeX maths (``$\\Delta EQI \\geq -1$`` -> ``ΔEQI≥-1``), Markdown heading marks and
    escapes, and safely recognisable OCR noise (replacement characters, stray control
    characters).  Symbols are kept as written: full-width ``％ ＞`` and a Latin ``V`` for the
    Roman ``Ⅴ`` are left for :mod:`ecociv.standards` to read.  Results are cached (pure function).
    """
    if not s:
        return ""
    s = s.replace("\r", "").replace("\ufffd", "")
    s = _CONTROL.sub(" ", s.replace("\t", " "))
    if "[" in s:
        s = _BOOKMARK.sub("", s)
    if "<" in s or "{" in s:
        s = _ANCHOR.sub("", s)
        s = _SCRIPT_TAG.sub(r"\1", s)
        s = _TAG.sub("", s)
    if "$" in s:
        s = _MATH.sub(lambda m: latex_to_text(m.group(1) or m.group(2) or ""), s)
    if "*" in s or "__" in s:
        for _ in range(2):
            s = _BOLD.sub(lambda m: m.group(1) or m.group(2) or "", s)
        s = s.replace("**", "")
    if "#" in s:
        s = _MD_HEADING.sub("", s)
    if "\\" in s:
        s = _MD_ESCAPE.sub(r"\1", s)
    s = _WS.sub(" ", s.replace("\n", " "))
    return s.strip()
