"""``ecociv report`` as a user runs it: a real process on a real SQLite database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from ecociv.reports import SECTION_TITLES
from ecociv.reports._xlsx import SHEETS

EXE = Path(sys.executable).parent / "ecociv"


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env, timeout=300)


def test_report_command(tmp_path: Path) -> None:
    env = dict(os.environ, ECOCIV_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ECOCIV_HOME=str(tmp_path))
    assert _run("sample", "load", env=env).returncode == 0
    # the sample plan, figures for its base year only: the report is that year's
    docx = tmp_path / "out" / "会昌报告.docx"
    done = _run("report", "会昌县", "-o", str(docx), env=env)
    assert done.returncode == 0, done.stderr
    assert "已生成Word 文档" in done.stdout and str(docx) in done.stdout
    doc = Document(str(docx))
    assert doc.paragraphs[0].text.startswith("会昌县") and "评估报告" in doc.paragraphs[0].text
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == list(SECTION_TITLES)
    # a format named explicitly wins over the suffix; the year chosen is in the title
    xlsx = tmp_path / "赣县.dat"
    done = _run("report", "赣县区", "--format", "xlsx", "--year", "2024", "-o", str(xlsx), env=env)
    assert done.returncode == 0, done.stderr
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()))  # openpyxl wants .xlsx names
    assert wb.sheetnames == list(SHEETS)
    assert wb[SHEETS[0]]["A1"].value == "赣县区2024年度生态文明建设（示范区创建）评估报告"


def test_report_command_errors(tmp_path: Path) -> None:
    env = dict(os.environ, ECOCIV_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ECOCIV_HOME=str(tmp_path))
    assert _run("sample", "load", env=env).returncode == 0
    cases = [
        (["宜春", "-o", str(tmp_path / "r.pdf")], "无法从文件名“r.pdf”判断报告格式"),
        (["宜春", "--format", "pdf", "-o", str(tmp_path / "r.html")], "不支持的报告格式“pdf”"),
        (["宜春", "-o", str(tmp_path / "r.html"), "--as-of", "2024-13-01"], "--as-of 日期“2024-13-01”无效"),
        (["不存在的规划", "-o", str(tmp_path / "r.html")], "没有标题或地区包含“不存在的规划”的规划"),
    ]
    for args, message in cases:
        done = _run("report", *args, env=env)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("错误：") and message in done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "r.pdf").exists()
