"""Older and other word-processor formats (.doc, .wps, .rtf, .odt): converted to .docx by
LibreOffice when it is installed (Debian: libreoffice-writer-nogui), then read by the .docx reader.

Nothing is downloaded and no network is used; the conversion runs in a temporary folder with its
own LibreOffice profile, so several imports may run at once.  Without LibreOffice the user is told
how to convert the file instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ecociv.errors import InputError
from ecociv.importers._decode import plausible_text
from ecociv.importers._docx import docx_lines
from ecociv.importers._text import plan_from_lines
from ecociv.model import Finding, Plan

__all__ = ["OLE", "LegacyOfficeReader", "convert", "has_calc", "plausible_plan", "soffice"]

#: seconds LibreOffice may take to convert one document
TIMEOUT = 240
#: Chinese characters a converted document must hold to be taken as a plan at all
_MIN_HANZI = 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and WPS documents are OLE compound files


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (``ECOCIV_SOFFICE`` overrides)."""
    given = os.environ.get("ECOCIV_SOFFICE")
    if given is not None:
        return given or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, work: Path, suffix: str, target: str, what: str, instead: str) -> Path:
    """``path`` converted by LibreOffice to ``target`` (docx, xlsx) in the folder ``work``; the copy
    LibreOffice reads is named ``document{suffix}``.  ``what`` names the formats expected and
    ``instead`` what the user can do instead (用 Word/WPS 另存为 .docx), both for the messages."""
    program = soffice()
    if program is None:
        raise InputError(
            f"{path}：{path.suffix or '此类'}文件需要 LibreOffice 转换后才能读取，本机未安装 LibreOffice"
            f"（Debian：apt install libreoffice-writer-nogui libreoffice-calc-nogui）；也可{instead}后再导入。"
        )
    # a plain ASCII name: LibreOffice and the shell need not agree on the file name's encoding
    source = work / f"document{suffix}"
    try:
        shutil.copyfile(path, source)
    except OSError as exc:
        raise InputError(f"{path}：无法读取文件（{exc.strerror or exc}）。") from None
    try:
        done = subprocess.run(
            [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", target, "--outdir", str(work), str(source)],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"{path}：LibreOffice 转换超过 {TIMEOUT} 秒未完成，文件可能损坏；请{instead}后再导入。") from None
    except OSError as exc:
        raise InputError(f"{path}：无法启动 LibreOffice（{program}：{exc.strerror or exc}）。") from None
    out = work / f"document.{target}"
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        if target == "xlsx" and not has_calc(program):
            raise InputError(
                f"{path}：本机的 LibreOffice 没有安装表格组件 Calc，无法转换工作簿"
                f"（Debian：apt install libreoffice-calc-nogui）；也可{instead}后再导入。"
            )
        raise InputError(f"{path}：LibreOffice 无法转换此文件（可能已损坏、设有密码，或不是 {what}）；请{instead}后再导入。")
    return out


def has_calc(program: str) -> bool:
    """Whether the LibreOffice beside ``program`` has its spreadsheet component (Calc's core
    library: ``libsclo.so`` on Linux, ``sclo.dll`` on Windows), which converts workbooks."""
    folder = Path(program).resolve().parent
    return any(folder.glob("libsclo.*")) or (folder / "sclo.dll").exists()


def plausible_plan(lines: list[str]) -> bool:
    """Whether converted lines are a plan's Chinese text: LibreOffice opens many damaged files as
    raw bytes (as text, or as a table of them)."""
    text = "\n".join(lines)
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= _MIN_HANZI and plausible_text(text)


class LegacyOfficeReader:
    """Word 97–2003 (.doc), WPS (.wps), RTF and OpenDocument (.odt) documents, through LibreOffice."""

    name = "legacy-office"
    suffixes: tuple[str, ...] = (".doc", ".wps", ".rtf", ".odt", ".dot", ".wpt")

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.startswith(OLE) or head.startswith(b"{\\rtf")

    def read(self, path: Path, *, encoding: str | None = None) -> Plan:
        suffix = ".doc" if path.suffix.lower() in (".wps", ".wpt", ".dot") else path.suffix.lower() or ".doc"
        with tempfile.TemporaryDirectory(prefix="ecociv-convert-") as tmp:
            # a .wps file is offered as .doc, the Word 97 format WPS writes it in
            out = convert(path, Path(tmp), suffix, "docx", "Word/WPS/RTF/ODT 文档", "用 Word/WPS 另存为 .docx")
            lines = docx_lines(out)
        if not any(line.strip() for line in lines):
            raise InputError(f"{path}：文档为空，没有可导入的内容。")
        if not plausible_plan(lines):
            # LibreOffice opens many damaged files as raw bytes: a plan is Chinese text
            raise InputError(f"{path}：LibreOffice 转换后几乎没有中文文字，文件可能已损坏或不是规划文档；请用 Word/WPS 打开检查，另存为 .docx 后再导入。")
        note = Finding("converted-by-libreoffice", "已用 LibreOffice 转换为 .docx 后读取（行号按转换后的段落和表格行计）。", "info", file=path.name)
        return plan_from_lines(lines, source_file=path.name, encoding=None, warnings=[note], reader="docx")
