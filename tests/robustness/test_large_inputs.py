"""Point 2: lint reports repeated paragraphs as groups (each once, with its count) in bounded memory;
a plan JSON above the documented size is refused at once (the 50 MB figures CSV: test_upload)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import HUICHANG, REPO

from ecociv.assess import lint_file

PARA = "推进城镇污水管网全覆盖，开展雨污分流改造，建立污泥从产生到处置的全过程监管体系，全面提升污水收集处理效能。"


def test_lint_groups_repeated_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(HUICHANG.read_text(encoding="utf-8") + "\n" + "\n".join([PARA * 40] * 480) + "\n",
                    encoding="utf-8")
    dup = [f for f in lint_file(path) if f.slug == "duplicate-paragraph"]
    big = [f for f in dup if f.data.get("count") == 480]
    assert len(big) == 1, [f.message for f in dup][:5]
    assert "共 480 段" in big[0].message and len(big[0].data["lines"]) == 20
    assert len(dup) < 20  # groups, never the 114,960 pairs


def test_lint_of_a_large_text_stays_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(HUICHANG.read_text(encoding="utf-8") + "\n" + "\n".join([PARA * 130] * 480) + "\n",
                    encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.returncode); print(r.stdout[-2000:])")
    r = subprocess.run([sys.executable, "-c", probe, str(REPO / ".venv/bin/ecociv"), "lint", str(path)],
                       capture_output=True, text=True, timeout=120)
    peak_kb, _code, out = r.stdout.split("\n", 2)
    assert "共 480 段" in out
    assert int(peak_kb) < 512 * 1024  # the pairwise report grew to 24 GB on 50 MB


def test_a_plan_json_above_the_limit_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"schema": "ecociv.plan/1", "plan": {"title": "t", "region": "r"}, "tasks": [')
        fh.write(",".join([json.dumps({"text": PARA * 3}, ensure_ascii=False)] * 110_000))
        fh.write("]}")
    assert path.stat().st_size > 50_000_000
    r = subprocess.run([str(REPO / ".venv/bin/ecociv"), "import", str(path), "--save"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "超过规划 JSON 的上限 10 MB" in r.stderr
