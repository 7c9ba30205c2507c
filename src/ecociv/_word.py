"""Word documents: Chinese fonts that Word actually uses (shared by every DOCX writer)."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def set_font(run_or_style: Any, name: str) -> None:
    """Set the font for Latin and CJK text alike (Word uses w:eastAsia for Chinese characters)."""
    run_or_style.font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)
