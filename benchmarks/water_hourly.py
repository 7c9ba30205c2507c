"""Automatic-station water benchmark: N sections × one year of 4-hourly data (one CSV) → monthly
means, classes and shares.

Run: ``.venv/bin/python benchmarks/water_hourly.py [--sections 100 500]``.
Measured as whole processes (start-up included; peak memory = ru_maxrss of the child):

* ``ecociv water classify FILE --json``;
* the simplest alternative a user has: pandas ``read_csv`` + ``groupby([section, month]).mean()``
  (monthly means only: no flags, coverage, classes or shares), as the ratio's denominator.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ECOCIV = str(Path(sys.executable).parent / "ecociv")
ITEMS = {"pH": (7.5, 0.3), "溶解氧(mg/L)": (7.0, 1.0), "高锰酸盐指数(mg/L)": (4.0, 1.0), "氨氮(mg/L)": (0.5, 0.2),
         "总磷(mg/L)": (0.1, 0.03), "总氮(mg/L)": (1.5, 0.3)}
PANDAS = """
import sys, pandas as pd
d = pd.read_csv(sys.argv[1], na_values=["—"])
d = d[d["站点情况"] == "正常"]
d["month"] = d["监测时间"].str[:7]
print(len(d.groupby(["断面名称", "month"]).mean(numeric_only=True)))
"""


def generate(path: Path, n: int, seed: int = 3) -> int:
    rng = np.random.default_rng(seed)
    hours = np.arange(np.datetime64("2025-01-01T00"), np.datetime64("2026-01-01T00"), np.timedelta64(4, "h"))
    stamps = [str(h).replace("T", " ") + ":00:00" for h in hours]
    rows = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("断面名称,监测时间," + ",".join(ITEMS) + ",站点情况\n")
        for s in range(n):
            vals = {k: np.abs(rng.normal(m, sd, len(hours))) for k, (m, sd) in ITEMS.items()}
            status = np.where(rng.random(len(hours)) < 0.03, "维护", "正常")
            cols = [np.char.mod("%.3f", v) for v in vals.values()]
            for i, t in enumerate(stamps):
                fh.write(f"断面{s:04d},{t}," + ",".join(c[i] for c in cols) + f",{status[i]}\n")
                rows += 1
    return rows


def run(cmd: list[str]) -> tuple[float, float]:
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr[-2000:])
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return time.perf_counter() - t, peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sections", type=int, nargs="+", default=[100])
    args = ap.parse_args()
    print("| sections | rows | ecociv water classify | peak MB | pandas groupby | ratio |")
    print("|---|---|---|---|---|---|")
    for n in args.sections:
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / "auto.csv"
            rows = generate(f, n)
            ours, peak = run([ECOCIV, "water", "classify", str(f), "--json"])
            theirs, _ = run([sys.executable, "-c", PANDAS, str(f)])
            print(f"| {n} | {rows:,} | {ours:.1f} s | {peak:.0f} | {theirs:.1f} s | {ours / theirs:.1f}× |")


if __name__ == "__main__":
    main()
