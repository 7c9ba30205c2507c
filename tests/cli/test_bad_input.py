"""Bad input to the commands other than ``import``: exit code 2 and a Chinese message naming where — as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ECOCIV = Path(sys.executable).parent / "ecociv"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ECOCIV), *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def plans() -> None:
    assert _run("sample", "load").returncode == 0


@pytest.mark.usefixtures("plans")
def test_observe_import_refuses_a_figure_under_a_header_that_is_not_a_year(tmp_path: Path) -> None:
    csv = tmp_path / "填报.csv"
    csv.write_text("指标键,2023年,第二年\n0/4,,55\n", encoding="utf-8")
    _refused(_run("observe", "import", "2", str(csv)), "填报.csv 第2行 C列", "“第二年”不是可识别的年份", "“55”")


def test_water_classify_refuses_an_impossible_date(tmp_path: Path) -> None:
    csv = tmp_path / "断面.csv"
    csv.write_text("断面,日期,氨氮\n城南断面,2024-13-45,0.5\n", encoding="utf-8")
    _refused(_run("water", "classify", str(csv)), "断面.csv 第2行 日期列", "“2024-13-45”不是有效的日期")


def test_water_classify_refuses_micrograms_instead_of_judging_them_as_mg(tmp_path: Path) -> None:
    csv = tmp_path / "断面.csv"
    csv.write_text("断面,日期,氨氮(μg/L)\n城南断面,2024-01-05,500\n", encoding="utf-8")
    _refused(_run("water", "classify", str(csv)), "断面.csv", "“氨氮(μg/L)”列的单位是微克", "mg/L")
