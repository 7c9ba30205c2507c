"""How fast the ``ecociv`` command starts: prints CPU and wall seconds per run of light commands.

Target: ``ecociv --help`` under 0.4 s CPU (user + system of the child process); commands that
open the database (``plans``, ``show``) are listed too, for reference.  Each command
runs as a fresh process, as a user types it, in a temporary ``ECOCIV_HOME``; the figure is the
median of several runs.  Also prints the heavy libraries a bare ``import ecociv.cli`` loads
(none should appear: SQLAlchemy, Alembic, NumPy, PyArrow, openpyxl, matplotlib, FastAPI load
only inside the commands that need them).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
TARGET_HELP_CPU = 0.4
COMMANDS: list[list[str]] = [
    ["--help"],
    ["eval", "≥20", "24.5"],
    ["catalog", "list"],
    ["air", "daily", "--help"],
]
STORE_COMMANDS: list[list[str]] = [["plans"], ["show", "1"]]
HEAVY = ("sqlalchemy", "alembic", "numpy", "pyarrow", "openpyxl", "matplotlib", "fastapi", "docx", "jinja2")


def _ecociv() -> list[str]:
    script = Path(sys.executable).with_name("ecociv")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from ecociv.cli import main; main()"]


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(cpu seconds, wall seconds) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _heavy_modules(env: dict[str, str]) -> list[str]:
    code = (
        "import sys, ecociv.cli; "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ECOCIV_HOME": home}
        base = _ecociv()
        help_cpu = 0.0
        for args in COMMANDS:
            _run(base + args, env)  # warm the page cache and .pyc files
            runs = [_run(base + args, env) for _ in range(RUNS)]
            cpu = statistics.median(r[0] for r in runs)
            wall = statistics.median(r[1] for r in runs)
            if args == ["--help"]:
                help_cpu = cpu
            print(f"ecociv {' '.join(args)}: {cpu:.3f} s CPU, {wall:.3f} s wall (median of {RUNS})")
        subprocess.run([*base, "sample", "load"], env=env, stdout=subprocess.DEVNULL, check=True)
        for args in STORE_COMMANDS:  # the database exists and is at the newest migration
            runs = [_run(base + args, env) for _ in range(RUNS)]
            cpu = statistics.median(r[0] for r in runs)
            wall = statistics.median(r[1] for r in runs)
            print(f"ecociv {' '.join(args)} (3 sample plans): {cpu:.3f} s CPU, {wall:.3f} s wall (median of {RUNS})")
        heavy = _heavy_modules(env)
        print(f"heavy libraries loaded by 'import ecociv.cli': {', '.join(heavy) or 'none'}")
        verdict = "meets" if help_cpu < TARGET_HELP_CPU else "MISSES"
        print(f"ecociv --help {verdict} the {TARGET_HELP_CPU} s CPU target ({help_cpu:.3f} s)")


if __name__ == "__main__":
    main()
