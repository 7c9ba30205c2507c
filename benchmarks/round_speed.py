"""The 调度 cycle's read paths on a year of monthly rounds: round status, scores, the 调度通报.

Builds a fresh SQLite database with one generated plan (``--tasks`` tasks, each led by one of
``--units`` units and assisted by another), opens ``--rounds`` monthly rounds over every task and
stores one submitted report per (round, task, unit) (rows written directly: this measures
reading), then times whole ``ecociv`` processes, start-up included:

* ``ecociv round status LAST --json`` (every unit of the last round, with last time's reports);
* ``ecociv score show PLAN --json`` (every unit's score over all rounds);
* ``ecociv round export LAST -o 通报.docx``;

beside the simplest thing a user has without the cycle, ``ecociv tasks PLAN --json`` (the task
register), as a ratio.

    .venv/bin/python benchmarks/round_speed.py [--tasks 300] [--units 30] [--rounds 12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

REPO = Path(__file__).resolve().parents[1]
ECOCIV = Path(sys.executable).parent / "ecociv"


def build(url: str, n_tasks: int, n_units: int, n_rounds: int) -> int:
    from ecociv.model import Plan, Task
    from ecociv.store import open_store
    from ecociv.store.tables import round_reports
    from ecociv.workflow import Actor, open_round, set_rule

    store = open_store(url)
    units = [f"第{k + 1}局" for k in range(n_units)]
    plan = Plan(title="基准规划", region="基准县", tasks=[
        Task(text=f"第{k + 1}项任务的内容。", title=f"任务{k + 1}", units=[units[k % n_units], units[(k + 7) % n_units]],
             deadline=dt.date(2030, 12, 31))
        for k in range(n_tasks)
    ])
    pid = store.save_plan(plan)
    office = Actor("bench", "admin")
    now = dt.datetime(2025, 1, 1)
    for m in range(n_rounds):
        rnd = open_round(store, office, pid, kind="monthly", due=dt.date(2025, m + 1, 20), kinds=["task"])
        rows = [
            {"round_id": rnd.id, "item_ref": f"T{k + 1}", "unit_name": u, "state": "approved" if k % 3 else "submitted",
             "progress_text": "按计划推进", "percent": float(min(100, 10 * (m + 1))), "updated_by": "bench",
             "updated_at": now, "submitted_at": dt.datetime(2025, m + 1, 15 + (k % 10))}
            for k in range(n_tasks) for u in (units[k % n_units], units[(k + 7) % n_units])
        ]
        with store.engine.begin() as conn:
            conn.execute(insert(round_reports), rows)
    set_rule(store, office, pid, {"on_schedule": 40, "on_time": 30, "closed": 20, "indicators": 10})
    store.engine.dispose()
    return pid


def timed(args: list[str], env: dict[str, str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([str(ECOCIV), *args], env=env, capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed: {done.stderr}")
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--units", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=12)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**os.environ, "ECOCIV_DATABASE_URL": url, "ECOCIV_HOME": tmp}
        os.environ.update(ECOCIV_DATABASE_URL=url, ECOCIV_HOME=tmp)
        t0 = time.perf_counter()
        pid = build(url, a.tasks, a.units, a.rounds)
        n = a.tasks * 2 * a.rounds
        print(f"built: {a.tasks} tasks, {a.units} units, {a.rounds} rounds, {n} reports "
              f"in {time.perf_counter() - t0:.1f} s")
        base = timed(["tasks", str(pid), "--json"], env)
        print(f"ecociv tasks PLAN --json (baseline)        {base:6.2f} s")
        for label, args in (
            ("ecociv round status LAST --json", ["round", "status", str(a.rounds), "--json"]),
            ("ecociv score show PLAN --json", ["score", "show", str(pid), "--json"]),
            ("ecociv round export LAST -o x.docx", ["round", "export", str(a.rounds), "-o", str(Path(tmp) / "x.docx")]),
        ):
            t = timed(args, env)
            print(f"{label:42s} {t:6.2f} s  ({t / base:.1f}× the baseline)")


if __name__ == "__main__":
    main()
