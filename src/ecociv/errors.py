"""Errors that reach users.  Their text is Chinese and names what went wrong and where.

The CLI turns an :class:`EcocivError` into a one-line message on stderr and exit code 2; the
web app turns it into a 400 page.  Anything else is a bug.
"""

from __future__ import annotations

from ecociv.model import Finding


class EcocivError(Exception):
    """A user-facing error with a Chinese message."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = list(findings or [])


class InputError(EcocivError):
    """Bad input: unreadable, unsupported or invalid file or value."""


class NotFoundError(EcocivError):
    """A plan, indicator, unit … that does not exist."""


class PermissionDenied(EcocivError):
    """The user may not do this."""


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Chinese (``strerror`` is English)."""
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，应为文件"
    if isinstance(exc, PermissionError):
        return "没有权限"
    if isinstance(exc, FileNotFoundError):
        return "文件或所在文件夹不存在"
    if isinstance(exc, FileExistsError):
        return "已有同名的文件，无法在该处建立文件夹"
    if isinstance(exc, NotADirectoryError):
        return "路径中有一段不是文件夹"
    if exc.errno == 28:  # ENOSPC
        return "磁盘空间不足"
    if exc.errno == 30:  # EROFS
        return "文件系统只读"
    return f"系统错误：{exc.strerror or exc}"


def file_reason(exc: BaseException, kind: str = "Office 文件") -> str:
    """Why a library could not open a document, in Chinese (the libraries' messages are English:
    "Package not found", "File is not a zip file", codec names …)."""
    import zipfile

    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and exc.errno is not None:
        return os_reason(exc)
    text = str(exc)
    if isinstance(exc, zipfile.BadZipFile) or "zip file" in text or "Package not found" in text:
        return f"不是有效的{kind}：文件已损坏，或其实是别的格式、只是改了扩展名"
    if isinstance(exc, UnicodeError | LookupError):
        return "文字编码无法识别"
    if isinstance(exc, KeyError):
        return f"{kind}内容不完整（缺少必需的部分）"
    return f"{kind}已损坏或格式不对"
