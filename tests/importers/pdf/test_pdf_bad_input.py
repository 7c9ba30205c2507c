"""Bad PDF and image input: one Chinese line naming the file (and page), exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA
from ecociv.errors import InputError
from ecociv.importers import read_plan

BAD = DATA / "plans-with-problems"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("encrypted.pdf", "PDF 已加密"),
        ("corrupt.pdf", "PDF 文件已损坏"),
        ("empty.pdf", "第1页没有文字层，OCR 也没有识别出文字"),
        ("no-text.png", "第1页没有文字层，OCR 也没有识别出文字"),
    ],
)
def test_bad_pdf_and_image_give_one_chinese_line(name: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        read_plan(BAD / name)
    msg = info.value.message
    assert words in msg and name in msg and "\n" not in msg


def test_cli_exits_2_without_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "规划.pdf"
    broken.write_bytes((BAD / "corrupt.pdf").read_bytes())
    image = tmp_path / "scan.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0 not a real jpeg")
    for f in (broken, image, BAD / "encrypted.pdf"):
        done = subprocess.run(
            [str(Path(sys.executable).parent / "ecociv"), "import", str(f)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("错误：") and "Traceback" not in done.stderr
        assert f.name in done.stderr
