"""Web pages (.html, .htm, .xhtml): plans as government sites publish them, saved from the browser,
and Word or LibreOffice documents saved as web pages.

The page is reduced to the lines the text reader sees, like the .docx reader does: block elements
(paragraphs, headings, list items, ``<br>``) become lines, each data-table row one tab-separated
line with merged cells expanded as the .docx reader lists them (repeated down a ``rowspan``, once
across a ``colspan``).  Scripts, styles, forms and navigation are dropped, and when a page wraps
the document in site furniture (menus, footers) the element holding the bulk of the text is taken
as the document.  A table that holds other tables, or only one column, is layout: its cells' text
becomes lines.  Line numbers in findings count these lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ecociv.errors import InputError
from ecociv.importers._clean import join_cell_paragraphs
from ecociv.importers._decode import decode_bytes
from ecociv.importers._html_tables import grid_of
from ecociv.importers._text import plan_from_lines
from ecociv.model import Finding, Plan

__all__ = ["HtmlReader", "html_lines"]

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "nav", "form", "select", "button", "iframe", "svg", "object"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "param", "embed"})
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote", "center", "table", "tr", "caption", "body", "html", "figure", "figcaption", "address"}
)
#: share of the text a child element must hold to be taken as the document instead of its parent
_BULK = 0.7
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_PLAN_WORDS = ("规划", "方案", "纲要", "计划", "意见", "实施")


@dataclass
class _El:
    tag: str
    attrs: dict[str, str]
    children: list[_El | str] = field(default_factory=list)
    size: int = 0  # characters of text inside, computed after parsing

    def measure(self) -> int:
        self.size = sum(len(c.strip()) if isinstance(c, str) else c.measure() for c in self.children)
        return self.size


class _Tree(HTMLParser):
    """A forgiving element tree: unclosed elements are closed by their parent's end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _El("#root", {})
        self.stack = [self.root]
        self.title: list[str] = []
        # the dropped element being skipped (script, nav …) and how deep in itself: only its own
        # tag is counted, so unclosed <li>/<option>/<p> inside it cannot keep the rest dropped
        self._skip: str | None = None
        self._depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self._skip == "head" and tag == "body":  # a page that never closes its <head>
            self._skip = None
        if self._skip is not None:
            self._depth += tag == self._skip
            return
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip, self._depth = tag, 1
            return
        el = _El(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is None and tag not in _SKIP:
            self.stack[-1].children.append(_El(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip is not None:
            if tag == self._skip:
                self._depth -= 1
                if self._depth == 0:
                    self._skip = None
            return
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                del self.stack[k:]
                return

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif self._skip is None:
            self.stack[-1].children.append(data)


def _document(root: _El) -> _El:
    """The element holding the document: descend while one child holds the bulk of the text
    (through layout tables, never into a data table, a paragraph or a list item)."""
    el = root
    while True:
        kids = [c for c in el.children if isinstance(c, _El)]
        big = max(kids, key=lambda c: c.size, default=None)
        if big is None or big.size < _BULK * el.size or big.tag in ("p", "li"):
            return el
        if big.tag in ("table", "tbody", "thead", "tr") and not _layout(big):
            return el
        el = big


def _layout(el: _El) -> bool:
    """A table (or part of one) used for page layout: it holds tables, or cells holding blocks."""
    return _has_table(el) or any(
        isinstance(d, _El) and d.tag in _BLOCK - {"p", "br"} for cell in _cells(el) for d in cell.children
    )


def _text(el: _El) -> str:
    """The text of an element on one line (a table cell, a heading)."""
    parts: list[str] = []
    for c in el.children:
        if isinstance(c, str):
            parts.append(c)
        elif c.tag == "br" or c.tag in _BLOCK:
            parts.append(" " + _text(c) + " ")
        else:
            parts.append(_text(c))
    return re.sub(r"\s+", " ", "".join(parts).replace("\xa0", " ")).strip()


def _cell_text(el: _El) -> str:
    """A table cell on one line, its paragraphs (``<p>``, ``<br>``) joined as Word cells are."""
    parts: list[str] = []
    cur: list[str] = []

    def walk(e: _El) -> None:
        for c in e.children:
            if isinstance(c, str):
                cur.append(c)
            elif c.tag == "br" or c.tag in _BLOCK:
                parts.append("".join(cur))
                cur.clear()
                walk(c)
                parts.append("".join(cur))
                cur.clear()
            else:
                walk(c)

    walk(el)
    parts.append("".join(cur))
    return join_cell_paragraphs([re.sub(r"\s+", " ", t.replace("\xa0", " ")) for t in parts])


def _rows(table: _El) -> list[list[tuple[str, int, int]]]:
    """The rows of a table (``thead``/``tbody``/``tfoot`` looked through), cells with their spans."""
    out: list[list[tuple[str, int, int]]] = []
    for c in table.children:
        if not isinstance(c, _El):
            continue
        if c.tag in ("thead", "tbody", "tfoot"):
            out.extend(_rows(c))
        elif c.tag == "tr":
            out.append([(_cell_text(d), _span(d.attrs.get("rowspan")), _span(d.attrs.get("colspan"))) for d in c.children if isinstance(d, _El) and d.tag in ("td", "th")])
    return out


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 200))
    except ValueError:
        return 1


def _has_table(el: _El) -> bool:
    return any(isinstance(c, _El) and (c.tag == "table" or _has_table(c)) for c in el.children)


def _lines(el: _El, out: list[str], cur: list[str]) -> None:
    """Render ``el`` into lines: ``cur`` collects the inline text of the current line."""

    def flush() -> None:
        line = re.sub(r"[ \t\r\n\xa0]+", " ", "".join(cur)).strip()
        if line:
            out.append(line)
        cur.clear()

    for c in el.children:
        if isinstance(c, str):
            cur.append(c)
            continue
        if c.tag == "br":
            flush()
        elif c.tag == "table":
            flush()
            rows = _rows(c)
            width = max((sum(s for _, _, s in r) for r in rows), default=0)
            if _layout(c) or width < 2:  # layout, or a one-column box (专栏): its text as lines
                for cell in (d for r in c.children if isinstance(r, _El) for d in _cells(r)):
                    _lines(cell, out, cur)
                    flush()
                continue
            out.append("")
            out.extend("\t".join(x.replace("\t", " ") for x in row) for row in grid_of(rows))
            out.append("")
        elif c.tag in _BLOCK:
            flush()
            _lines(c, out, cur)
            flush()
        else:
            _lines(c, out, cur)
    if el.tag in _BLOCK:
        flush()


def _cells(el: _El) -> list[_El]:
    if el.tag in ("td", "th"):
        return [el]
    return [d for c in el.children if isinstance(c, _El) for d in _cells(c)]


def html_lines(text: str) -> tuple[list[str], str]:
    """The document's lines and the page title."""
    tree = _Tree()
    tree.feed(text)
    tree.close()
    tree.root.measure()
    out: list[str] = []
    cur: list[str] = []
    _lines(_document(tree.root), out, cur)
    if cur:
        out.append(re.sub(r"\s+", " ", "".join(cur)).strip())
    return out, re.sub(r"\s+", " ", "".join(tree.title)).strip()


def _declared(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` (GB2312/GBK read as GB18030, their superset)."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936") else name


def _title_line(page_title: str, lines: list[str]) -> str | None:
    """The plan's title from the page title (``某县…规划（2023—2030年）_某县人民政府``) when the
    document's first lines do not already hold it."""
    parts = [p.strip() for p in re.split(r"\s*[_|｜]\s*|\s+-\s+", page_title) if p.strip()]
    named = [p for p in parts if any(w in p for w in _PLAN_WORDS)]
    if not named:
        return None
    title = max(named, key=len)
    head = "".join(lines[:8]).replace(" ", "")
    return None if title.replace(" ", "") in head else title


class HtmlReader:
    """Web pages saved from a browser, and documents saved as web pages (.html/.htm/.xhtml)."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml", ".shtml")

    def sniff(self, path: Path, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
        return start.startswith((b"<!doctype html", b"<html")) or (start.startswith(b"<?xml") and b"<html" in start)

    def read(self, path: Path, *, encoding: str | None = None) -> Plan:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}：无法读取文件（{exc.strerror or exc}）。") from None
        declared = _declared(data) if encoding is None else None
        warnings: list[Finding] = []
        try:
            decoded = decode_bytes(data, str(path), encoding or declared)
        except InputError:
            if declared is None:
                raise
            decoded = decode_bytes(data, str(path), None)  # the page's declared charset is wrong
            warnings.append(Finding("encoding-declared-wrong", f"网页声明的编码 {declared} 无法解码，已按 {decoded.encoding} 读取", "warning", file=path.name))
        warnings.extend(decoded.warnings)
        lines, page_title = html_lines(decoded.text)
        if not any(line.strip() for line in lines):
            raise InputError(f"{path}：网页中没有正文文字，没有可导入的内容。")
        title = _title_line(page_title, lines)
        if title:
            lines.insert(0, title)
        return plan_from_lines(lines, source_file=path.name, encoding=decoded.encoding, warnings=warnings, reader="html")
