"""Public results site benchmark: ``ecociv publish`` as a whole process (start-up included) beside
the simplest alternative a bureau has today, the one-page html report (``ecociv report -o x.html``).

Run: ``.venv/bin/python benchmarks/publish_site.py``.  Loads the sample plans into a temporary
SQLite database, records three years of values for every percentage indicator of 会昌县's plan,
then times each command (best of 3) and prints the pages and bytes written and the ratio.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _run(args: list[str], env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([str(BIN / "ecociv"), *args], env=env, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ecociv-bench-publish-"))
    env = {**os.environ, "ECOCIV_HOME": str(tmp / "home"), "ECOCIV_DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}"}
    os.environ.update(env)
    from ecociv.cli._plans import load_samples
    from ecociv.model import Observation
    from ecociv.store import open_store

    store = open_store()
    load_samples(store)
    pid = next(s.id for s in store.list_plans() if s.region == "会昌县")
    plan = store.get_plan(pid)
    keys = [k for k, i in plan.indicators() if (i.unit or "").strip() in ("%", "％")]
    store.add_observations(pid, [Observation(k, y, value=50.0 + n + y - 2022, source="统计局")
                                 for n, k in enumerate(keys) for y in (2022, 2023, 2024)], user="bench")
    store.engine.dispose()
    site = tmp / "site"
    t_site = _run(["publish", str(pid), "-o", str(site)], env)
    t_report = _run(["report", str(pid), "-o", str(tmp / "report.html")], env)
    files = [f for f in site.rglob("*") if f.is_file()]
    pages = [f for f in files if f.suffix == ".html"]
    size = sum(f.stat().st_size for f in files)
    print(f"plan: 会昌县, {len(plan.indicators())} indicators, {len(keys) * 3} values recorded")
    print(f"ecociv publish (whole process): {t_site:.2f} s -> {len(pages)} pages, {len(files)} files, "
          f"{size / 1e6:.1f} MB (of which ECharts {(site / 'assets' / 'echarts.min.js').stat().st_size / 1e6:.1f} MB)")
    print(f"ecociv report -o report.html (whole process, the simplest alternative): {t_report:.2f} s -> 1 page")
    print(f"ratio publish / report: {t_site / t_report:.2f}")


if __name__ == "__main__":
    main()
