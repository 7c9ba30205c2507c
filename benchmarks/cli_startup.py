"""How fast the ``ecociv`` command starts: CPU and wall seconds of whole processes.

Targets (issue 14, whole process, median): ``ecociv --help`` and ``ecociv eval "≥20" 24.5``
under 0.25 s; ``ecociv plans`` and ``ecociv show PLAN`` under 0.5 s (on 3,000 plans: see
``run_all.py --only startup store``; here on the three sample plans).  Each command runs as a
fresh process, as a user types it, in a temporary ``ECOCIV_HOME`` and cache folder, beside the
same command through Typer (``ECOCIV_FAST_CLI=0``, what every command did before the fast
dispatch) and ``python -c pass`` (the floor), as ratios.  Also prints the libraries a bare
``import ecociv.cli`` and a fast command load (none of the heavy ones should appear).
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
#: (command, target wall seconds or None where issue 14 sets none)
COMMANDS: list[tuple[list[str], float | None]] = [
    (["--help"], 0.25),
    (["eval", "≥20", "24.5"], 0.25),
    (["catalog", "list"], None),
    (["air", "daily", "--help"], None),
]
STORE_COMMANDS: list[tuple[list[str], float | None]] = [(["plans"], 0.5), (["show", "1"], 0.5)]
HEAVY = ("typer", "rich", "sqlalchemy", "alembic", "numpy", "pyarrow", "openpyxl", "matplotlib", "fastapi",
         "docx", "jinja2")


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


def _median(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    _run(cmd, env)  # page cache warm, .pyc files and the help record written
    _run(cmd, env)
    runs = [_run(cmd, env) for _ in range(RUNS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _loaded(code: str, env: dict[str, str]) -> list[str]:
    """The heavy libraries in memory when ``code`` ends (also by ``sys.exit``)."""
    probe = (
        "import atexit, sys; atexit.register(lambda: print(' '.join(m for m in "
        f"{HEAVY!r} if m in sys.modules), file=sys.stderr)); {code}"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    return out.stderr.split()


def _line(args: list[str], target: float | None, env: dict[str, str], floor: float, note: str = "") -> None:
    base = _ecociv()
    cpu, wall = _median(base + args, env)
    typer_cpu, typer_wall = _median(base + args, {**env, "ECOCIV_FAST_CLI": "0"})
    verdict = "no target" if target is None else f"{'meets' if wall < target else 'MISSES'} < {target} s"
    print(f"ecociv {' '.join(args)}{note}: {wall:.3f} s wall, {cpu:.3f} s CPU ({verdict}); "
          f"through Typer {typer_wall:.3f} s wall, {typer_cpu:.3f} s CPU; "
          f"{wall / typer_wall:.2f}× Typer, {wall / floor:.1f}× python -c pass (median of {RUNS})")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ECOCIV_HOME": home, "XDG_CACHE_HOME": str(Path(home) / "cache")}
        env.pop("ECOCIV_DATABASE_URL", None)
        _, floor = _median([sys.executable, "-c", "pass"], env)
        print(f"python -c pass: {floor:.3f} s wall")
        for args, target in COMMANDS:
            _line(args, target, env, floor)
        subprocess.run([*_ecociv(), "sample", "load"], env=env, stdout=subprocess.DEVNULL, check=True)
        for args, target in STORE_COMMANDS:  # the database exists and is at the newest migration
            _line(args, target, env, floor, " (3 sample plans)")
        bare = _loaded("import ecociv.cli", env)
        print(f"libraries loaded by 'import ecociv.cli': {', '.join(bare) or 'none'}")
        for args, _ in (*COMMANDS[:2], *STORE_COMMANDS):
            run = f"import sys; sys.argv = ['ecociv', *{args!r}]; from ecociv.cli import main; main()"
            print(f"libraries loaded by 'ecociv {' '.join(args)}': {', '.join(_loaded(run, env)) or 'none'}")


if __name__ == "__main__":
    main()
