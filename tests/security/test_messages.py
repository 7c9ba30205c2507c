"""Point 10: every error in Chinese, including those wrapped from libraries, and web messages never
tell users to run command lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.web.conftest import Site, csrf_of

ENGLISH = ("Package not found", "zip file", "Traceback", "Error", "codec", "Usage:", "Not Found")


def test_damaged_office_files_are_explained_in_chinese(tmp_path: Path) -> None:
    fake = tmp_path / "规划.docx"
    fake.write_text("这其实是文本", encoding="utf-8")
    r = subprocess.run([str(REPO / ".venv/bin/ecociv"), "import", str(fake)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "不是有效的Word 文档" in r.stderr
    assert not any(word in r.stderr for word in ENGLISH), r.stderr


def test_web_errors_name_no_command_line(site: Site) -> None:
    c = site.client("admin")
    main = c.get("/plans/99999").text.split("<main>")[1].split("</main>")[0]
    assert "未找到" in main and "ecociv " not in main and "--" not in main
    pid = site.plans["huichang"]
    token = csrf_of(c.get(f"/plans/{pid}/upload").text)
    r = c.post(f"/plans/{pid}/upload", data={"csrf_token": token},
               files={"file": ("填报.xlsx", b"not really a workbook", "application/octet-stream")})
    assert r.status_code == 400 and "不是有效的Excel 工作簿" in r.text
    assert not any(word in r.text for word in ("zip file", "Package not found"))
    home = site.client("viewer").get("/").text
    assert "ecociv import" not in home and "ecociv sample" not in home
