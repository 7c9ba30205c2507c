"""The .docx reader: paragraphs and tables (python-docx) turned into the same lines the text
reader sees — one line per paragraph, one tab-separated line per table row — so one table
reader serves both.  A one-column table (a 专栏 box drawn as a table) and a text box give their
paragraphs as lines.  Line numbers in findings count these lines (paragraph or table-row index).
Numbers Word adds itself (automatic numbering: headings, task lists, a table's 序号 column) are
written before the paragraph's text as Word shows them (``_docx_numbering``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ecociv.errors import InputError, file_reason
from ecociv.importers._clean import is_note_number, join_cell_paragraphs
from ecociv.importers._docx_numbering import paragraph_labels
from ecociv.importers._text import plan_from_lines
from ecociv.model import Plan

__all__ = ["DocxReader", "docx_lines"]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TXBX = f"{_W}txbxContent"
_P = f"{_W}p"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _cell_text(cell: Any, labels: dict[Any, str]) -> str:
    return join_cell_paragraphs([_text(p, labels) for p in cell.paragraphs]).replace("\t", " ")


def _text(paragraph: Any, labels: dict[Any, str]) -> str:
    """A paragraph's text, after the number Word shows before it (automatic numbering) and
    without the superscript numbers of notes (森林覆盖率¹ → 森林覆盖率)."""
    label = labels.get(paragraph._p, "")
    runs = list(paragraph.runs)
    if not any(r.font.superscript for r in runs) or "".join(r.text for r in runs) != paragraph.text:
        return label + str(paragraph.text)
    out = ""
    for r in runs:
        if not (r.font.superscript and is_note_number(r.text, out)):
            out += r.text
    return label + out


def _part_element(document: Any, kind: str) -> Any:
    """The root element of the document's ``kind`` part (numbering, styles), or ``None``."""
    from docx.oxml import parse_xml

    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/" + kind):
            continue
        part = rel.target_part
        element = getattr(part, "element", None)
        return element if element is not None else parse_xml(part.blob)
    return None


def _numbering_labels(document: Any) -> dict[Any, str]:
    """The automatic number of each numbered paragraph of the body, counted in document order
    (the paragraphs of tables and text boxes included, as Word counts them)."""
    body = document.element.body
    paragraphs = [p for p in body.iter(_P) if not any(a.tag == _FALLBACK for a in p.iterancestors())]
    return paragraph_labels(paragraphs, _part_element(document, "numbering"), _part_element(document, "styles"))


def docx_lines(path: Path) -> list[str]:
    """The document body in order: paragraphs as lines, table rows as tab-separated lines."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise InputError(f"{path}：无法作为 Word 文档（.docx）打开：{file_reason(exc, 'Word 文档（.docx）')}") from None
    labels = _numbering_labels(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_text(Paragraph(block, document), labels).replace("\n", " "))
            # text boxes anchored in the paragraph (专栏 boxes are often drawn so): their paragraphs
            for box in block.iter(_TXBX):
                if any(a.tag == _FALLBACK for a in box.iterancestors()):
                    continue  # the VML copy of a box Word also wrote as a drawing
                lines.extend(
                    _text(Paragraph(q, document), labels).replace("\n", " ")
                    for q in box.iter(_P)
                    if q.getparent() is box
                )
        elif tag == "tbl":
            table = Table(block, document)
            lines.append("")
            if len(table.columns) == 1:
                # a one-column table is a box (专栏, 注): its paragraphs are lines of text
                for row in table.rows:
                    paras = (_text(p, labels) for p in row.cells[0].paragraphs)
                    lines.extend(t.replace("\n", " ") for t in paras if t.strip())
                lines.append("")
                continue
            for row in table.rows:
                texts: list[str] = []
                prev: Any = None
                for c in row.cells:
                    # a horizontally merged cell is listed once per grid column: keep it once
                    texts.append("" if prev is not None and c._tc is prev._tc else _cell_text(c, labels))
                    prev = c
                lines.append("\t".join(texts))
            lines.append("")
    return lines


class DocxReader:
    """Word documents (.docx)."""

    name = "docx"
    suffixes: tuple[str, ...] = (".docx",)

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as z:
                return "word/document.xml" in z.namelist()
        except (OSError, zipfile.BadZipFile):
            return False

    def read(self, path: Path, *, encoding: str | None = None) -> Plan:
        lines = docx_lines(path)
        if not any(line.strip() for line in lines):
            raise InputError(f"{path}：文档为空，没有可导入的内容。")
        return plan_from_lines(lines, source_file=path.name, encoding=None, reader="docx")
