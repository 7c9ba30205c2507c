"""Bounded work on 50 MB inputs (issue 17): every command finishes or refuses within 60 s and 1 GB.

Generates, in a temporary folder, a 50 MB plan text (a real sample plan followed by one long
paragraph repeated 480 times, the case that made ``lint`` report 124,750 pairs and grow to 24 GB),
a 50 MB figures CSV (one indicator and year repeated: millions of duplicate rows) and a 50 MB plan
JSON, then runs each command as a fresh process and prints wall seconds, CPU seconds and peak memory
of the child, beside the simplest alternative a user has (Python reading and splitting the same file)
as a ratio.  The machine is shared: the 1-minute load average is printed too.

    .venv/bin/python benchmarks/large_inputs.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO.parent / "shared" / "plans" / "huichang-eco-civilization-plan-2023-2030.txt"
SIZE = 50 * 1024 * 1024
LIMIT_S, LIMIT_MB = 60, 1024


_PROBE = ("import resource, subprocess, sys; "
          "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
          "u = resource.getrusage(resource.RUSAGE_CHILDREN); print(u.ru_maxrss, u.ru_utime + u.ru_stime, rc)")


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall s, cpu s, peak MB, exit code) of one command, run by a small probe process of its own."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PROBE, *cmd], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    wall = time.perf_counter() - t0
    return wall, float(out[1]), int(out[0]) / 1024, int(out[2])


def _files(tmp: Path) -> dict[str, Path]:
    text = PLAN.read_text(encoding="utf-8")
    para = "推进城镇污水管网全覆盖，开展雨污分流改造，建立污泥从产生到处置的全过程监管体系，全面提升污水收集处理效能。"
    line = para * (SIZE // 480 // len(para.encode()))
    plan = tmp / "plan-50mb.txt"
    plan.write_text(text + "\n" + "\n".join([line] * 480) + "\n", encoding="utf-8")
    rows = "0/0,50\n" * (SIZE // len(b"0/0,50\n"))
    csv = tmp / "figures-50mb.csv"
    csv.write_text("指标键,2023年\n" + rows, encoding="utf-8")
    doc = json.loads(subprocess.run([str(REPO / ".venv/bin/ecociv"), "import", str(PLAN), "--json"],
                                    capture_output=True, text=True, check=True).stdout)
    doc["tasks"] = doc["tasks"] * (SIZE // max(len(json.dumps(doc["tasks"], ensure_ascii=False).encode()), 1) + 1)
    js = tmp / "plan-50mb.json"
    js.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return {"plan": plan, "csv": csv, "json": js}


def main() -> None:
    eco = str(REPO / ".venv/bin/ecociv")
    with tempfile.TemporaryDirectory() as home:
        tmp = Path(home)
        env = {**os.environ, "ECOCIV_HOME": home, "ECOCIV_DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}"}
        files = _files(tmp)
        subprocess.run([eco, "sample", "load"], env=env, stdout=subprocess.DEVNULL, check=True)
        rows = [
            ("lint 50 MB text", [eco, "lint", str(files["plan"])], files["plan"]),
            ("import 50 MB text --replace", [eco, "import", str(files["plan"]), "--save", "--replace"], files["plan"]),
            ("observe import 50 MB CSV", [eco, "observe", "import", "1", str(files["csv"])], files["csv"]),
            ("import 50 MB plan JSON", [eco, "import", str(files["json"]), "--save"], files["json"]),
        ]
        print(f"{'command':28} {'MB':>5} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'exit':>4} {'vs read':>8} {'load':>5}")
        for name, cmd, path in rows:
            base, *_ = _run([sys.executable, "-c", f"open({str(path)!r}, encoding='utf-8').read().splitlines()"], env)
            wall, cpu, peak, rc = _run(cmd, env)
            ok = "ok" if wall <= LIMIT_S and peak <= LIMIT_MB else "OVER"
            print(f"{name:28} {path.stat().st_size / 1e6:5.0f} {wall:7.1f} {cpu:6.1f} {peak:8.0f} {rc:4} "
                  f"{wall / base:7.0f}x {os.getloadavg()[0]:5.1f} {ok}")


if __name__ == "__main__":
    main()
