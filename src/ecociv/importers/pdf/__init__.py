"""PDF and image documents: text PDFs by page layout (pdfplumber), scans by OCR (rapidocr)."""

from ecociv.importers.pdf._reader import ImageReader, PdfReader, Progress, page_tables

__all__ = ["ImageReader", "PdfReader", "Progress", "page_tables"]
