"""Paragraphs of a tagged PDF: which paragraph each character belongs to.

PDFs printed by Word (另存为 PDF), WPS and LibreOffice with tagging on carry a structure tree:
every run of text on a page is a marked-content sequence (its MCID), and the page's entry in the
tree's ParentTree names the structure element each MCID belongs to.  Walking up from there, the
nearest paragraph-like element (P, H, H1…H6, LI, Caption) is the paragraph the text was written
in.  Two lines of a table cell or of body text are one wrapped paragraph exactly when their
characters belong to the same such element — where the layout alone cannot tell (a narrow
column whose short items fill their lines).

A paragraph is named by the PDF object number of its element, so a paragraph running over a page
break keeps its name.  Untagged PDFs, and text outside the tree (page headers marked as
artifacts), get no paragraph: the layout heuristics decide there.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["paragraphs", "tagged_words"]

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


def _paragraph_of(ref: Any, role_map: dict[str, Any]) -> int | None:
    """Object number of the nearest paragraph element at or above the element ``ref``."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    for _ in range(_DEPTH):
        if not isinstance(ref, PDFObjRef):
            return None
        obj = resolve1(ref)
        if not isinstance(obj, dict):
            return None
        if _name(obj, role_map) in ("StructTreeRoot", "Document", "Table", "TR", "TD", "TH", "Sect", "Div"):
            return None  # no paragraph between the text and a cell or section: let the layout decide
        if _PARAGRAPH.match(_name(obj, role_map)):
            return int(ref.objid)
        ref = obj.get("P")
    return None


def paragraphs(page: Any) -> dict[int, int]:
    """MCID → paragraph (see the module docstring) of a pdfplumber page; empty when the PDF is
    not tagged or its tree cannot be read (then the layout decides everywhere)."""
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
        out: dict[int, int] = {}
        for mcid, ref in enumerate(parents):
            para = _paragraph_of(ref, role_map if isinstance(role_map, dict) else {})
            if para is not None:
                out[mcid] = para
        return out
    except Exception:  # a damaged structure tree only costs the exact paragraph breaks
        return {}


def tagged_words(page: Any, **options: Any) -> list[dict[str, Any]] | None:
    """The page's words as ``page.extract_words(**options)`` gives them, each with the paragraph
    of its characters under ``"para"`` (None outside any) and parted where the paragraph
    changes; None for a page without tags."""
    from pdfplumber.utils.text import extract_words

    para = paragraphs(page)
    if not para:
        return None
    chars = [{**c, "para": para.get(c["mcid"]) if c.get("mcid") is not None else None} for c in page.chars]
    return list(extract_words(chars, extra_attrs=["para"], **options))
