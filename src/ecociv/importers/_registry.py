"""One registry of document readers; :func:`read_plan` picks one by suffix, else by sniffing."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ecociv.errors import InputError
from ecociv.importers._docx import DocxReader
from ecociv.importers._html import HtmlReader
from ecociv.importers._legacy import LegacyOfficeReader
from ecociv.importers._text import TextReader
from ecociv.importers._xlsx import XlsxReader
from ecociv.importers.pdf import ImageReader, PdfReader, Progress
from ecociv.model import Plan

__all__ = ["READERS", "Reader", "read_plan", "reader_for"]


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, *, encoding: str | None = None) -> Plan: ...


#: By suffix, else by sniffing: a web page before plain text (a page is text too), then text/Markdown,
#: the format plans arrive in after conversion.
READERS: list[Reader] = [HtmlReader(), TextReader(), DocxReader(), PdfReader(), ImageReader(), XlsxReader(), LegacyOfficeReader()]


def reader_for(path: Path, head: bytes) -> Reader:
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    for reader in READERS:
        if reader.sniff(path, head):
            return reader
    known = "、".join(s for r in READERS for s in r.suffixes)
    hint = "请先用 Word/WPS 另存为 .docx 或纯文本 .txt 后再导入。" if suffix in (".docm", ".dotx", ".pages") else ""
    raise InputError(f"{path}：不支持的文件类型（{suffix or '无扩展名'}，且内容不是文本）；支持 {known}。{hint}")


def read_plan(path: Path | str, *, encoding: str | None = None, progress: Progress | None = None) -> Plan:
    """Read a plan document into a :class:`Plan`.

    Raises :class:`InputError` (one Chinese line naming the file) when the file is missing,
    unreadable, empty, binary or of an unsupported type.  Problems inside a readable document
    are returned as ``plan.warnings``.  ``progress(done, total)`` is called after each page a
    reader has to OCR (scanned PDFs, images).
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}：文件不存在。")
    if p.is_dir():
        raise InputError(f"{p}：这是一个目录，不是规划文件。")
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"{p}：无法读取文件（{exc.strerror or exc}）。") from None
    if not head.strip(b" \t\r\n\f\x00\xef\xbb\xbf"):
        raise InputError(f"{p}：文件为空，没有可导入的内容。")
    reader = reader_for(p, head)
    if progress is not None and getattr(reader, "accepts_progress", False):
        plan = reader.read(p, encoding=encoding, progress=progress)  # type: ignore[call-arg]
    else:
        plan = reader.read(p, encoding=encoding)
    return plan
