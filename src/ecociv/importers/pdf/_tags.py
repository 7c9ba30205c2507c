"""Paragraphs and table rows of a tagged PDF: where in the structure each character belongs.

PDFs printed by Word (另存为 PDF), WPS and LibreOffice with tagging on carry a structure tree:
every run of text on a page is a marked-content sequence (its MCID), and the page's entry in the
tree's ParentTree names the structure element each MCID belongs to.  Walking up from there, the
nearest paragraph-like element (P, H, H1…H6, LI, Caption) is the paragraph the text was written
in.  Two lines of a table cell or of body text are one wrapped paragraph exactly when their
characters belong to the same such element — where the layout alone cannot tell (a narrow
column whose short items fill their lines).

The table row (TR) above a cell's text is kept too: a table drawn without borders is cut into
rows by it (:mod:`._tables`), where the layout would take a cell's wrapped lines for rows.

A paragraph is named by the PDF object number of its element, so a paragraph running over a page
break keeps its name.  Untagged PDFs, and text outside the tree (page headers marked as
artifacts), get no paragraph: the layout heuristics decide there.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Place", "places", "tagged_words"]

#: structure types that hold one paragraph of text (standard types of ISO 32000-1, 14.8.4)
_PARAGRAPH = re.compile(r"^(?:P|H[1-6]?|LI|LBody|Caption|TOCI)$")
#: how far up the tree a paragraph is looked for (Span inside Link inside P …)
_DEPTH = 12


def _name(obj: Any, role_map: dict[str, Any]) -> str:
    from pdfminer.psparser import PSLiteral

    s = obj.get("S") if isinstance(obj, dict) else None
    name = s.name if isinstance(s, PSLiteral) else str(s or "")
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    mapped = role_map.get(name)
    if isinstance(mapped, PSLiteral) and not _PARAGRAPH.match(name):
        name = mapped.name.decode("latin-1") if isinstance(mapped.name, bytes) else str(mapped.name)
    return str(name)


#: a text's place in the tree: its paragraph and the table row (TR) it is in, as object numbers
Place = tuple[int | None, int | None]


def _place_of(ref: Any, role_map: dict[str, Any]) -> Place:
    """Object numbers of the nearest paragraph element at or above the element ``ref`` (none
    beyond a table cell or section: there the layout decides) and of the table row above it."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    para: int | None = None
    cell_reached = False
    for _ in range(_DEPTH):
        if not isinstance(ref, PDFObjRef):
            break
        obj = resolve1(ref)
        if not isinstance(obj, dict):
            break
        name = _name(obj, role_map)
        if name == "TR":
            return para, int(ref.objid)
        if name in ("StructTreeRoot", "Document", "Table", "Sect", "Div"):
            break
        if name in ("TD", "TH"):
            cell_reached = True
        elif _PARAGRAPH.match(name) and para is None and not cell_reached:
            para = int(ref.objid)
        ref = obj.get("P")
    return para, None


def places(page: Any) -> dict[int, Place]:
    """MCID → place (see :func:`_place_of`) of a pdfplumber page; empty when the PDF is not
    tagged or its tree cannot be read (then the layout decides everywhere)."""
    from pdfminer.data_structures import NumberTree
    from pdfminer.pdftypes import resolve1

    try:
        root = resolve1(page.pdf.doc.catalog.get("StructTreeRoot"))
        key = page.page_obj.attrs.get("StructParents")
        if not isinstance(root, dict) or key is None or "ParentTree" not in root:
            return {}
        role_map = resolve1(root.get("RoleMap")) or {}
        parents = next((resolve1(v) for k, v in NumberTree(root["ParentTree"]).values if k == key), None)
        if not isinstance(parents, list):
            return {}
        out: dict[int, Place] = {}
        for mcid, ref in enumerate(parents):
            place = _place_of(ref, role_map if isinstance(role_map, dict) else {})
            if place != (None, None):
                out[mcid] = place
        return out
    except Exception:  # a damaged structure tree only costs the exact paragraph breaks
        return {}


def tagged_words(page: Any, chars: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]] | None:
    """The words of ``chars`` (the page's characters) as ``extract_words(chars, **options)``
    gives them, each with the paragraph of its characters under ``"para"`` and their table row
    under ``"row"`` (None outside any), parted where either changes; None for a page without tags."""
    from pdfplumber.utils.text import extract_words

    where = places(page)
    if not where:
        return None
    placed = []
    for c in chars:
        para, row = where.get(c["mcid"], (None, None)) if c.get("mcid") is not None else (None, None)
        placed.append({**c, "para": para, "row": row})
    return list(extract_words(placed, extra_attrs=["para", "row"], **options))
