"""Decoding of a plan file into lines: encoding detection, binary and empty-file checks.

Line *n* of the file is ``lines[n-1]``; nothing is merged or dropped here, so every later part
can report the line numbers the user sees in an editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecociv.errors import InputError
from ecociv.model import Finding

__all__ = ["Decoded", "decode_bytes", "looks_binary", "plausible_text"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


@dataclass
class Decoded:
    text: str
    encoding: str
    lines: list[str]
    warnings: list[Finding] = field(default_factory=list)


def looks_binary(head: bytes) -> bool:
    """True when ``head`` is clearly not text: NUL bytes or many control characters."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, enc in _BOMS if enc == "utf-16"):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(head) // 50)


_TEXT_RANGES = ((32, 126), (0xA0, 0x3FF), (0x2000, 0x2BFF), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def plausible_text(text: str) -> bool:
    """Decoded text that is mostly CJK, ASCII printable or common punctuation."""
    if not text:
        return True
    good = sum(1 for ch in text if ch in "\t\n\r\f" or any(lo <= ord(ch) <= hi for lo, hi in _TEXT_RANGES))
    return good >= 0.9 * len(text)


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode ``data`` (the content of file ``name``), detecting its encoding unless given.

    Raises :class:`InputError` for an empty or binary file or one in no known encoding.
    """
    if not data.strip(b" \t\r\n\f\x00\xef\xbb\xbf"):
        raise InputError(f"{name}：文件为空，没有可导入的内容。")
    if looks_binary(data[:4096]):
        raise InputError(f"{name}：这是二进制文件，不是文本文件，无法作为规划导入（请提供 .txt / .md 文本或 .docx 文件）。")
    warnings: list[Finding] = []
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"{name}：不认识的编码“{encoding}”。") from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(f"{name} 第{line}行：按指定编码 {encoding} 无法解码（第{exc.start}字节）。") from None
        used = encoding.lower()
    else:
        text, used = _detect(data, name, warnings)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"{name}：文件为空，没有可导入的内容。")
    return Decoded(text=text, encoding=used, lines=_split_lines(text), warnings=warnings)


def _detect(data: bytes, name: str, warnings: list[Finding]) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A file cut in the middle of a multi-byte character: keep what is complete.
        if exc.start >= len(data) - 3:
            try:
                text = data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                line = text.count("\n") + 1
                warnings.append(
                    Finding(
                        slug="truncated-character",
                        message="文件末尾有一个不完整的字符（文件可能被截断），已忽略该字符。",
                        line=line,
                    )
                )
                return text, "utf-8"
        utf8_error = exc
    for enc in ("gbk", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if plausible_text(text):
            return text, enc
    # Mostly UTF-8 with a few damaged bytes: keep the text, report each damaged line.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad and bad <= max(3, len(text) // 1000):
        lines = _split_lines(text)
        for n, text_line in enumerate(lines, 1):
            if "\ufffd" in text_line:
                warnings.append(
                    Finding(slug="invalid-bytes", message="此行有无法按 UTF-8 解码的字节，已替换。", line=n)
                )
        return text, "utf-8"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        f"{name}：无法识别文件编码（第{line}行起既不是 UTF-8 也不是 GB18030/GBK），请另存为 UTF-8 文本后重试。"
    )
