"""Air ingest benchmark: a folder of national hourly data (≈1,900 stations) → yearly figures.

Run: ``.venv/bin/python benchmarks/air_ingest.py [--stations 1900] [--years 1 10]``.
For each size it generates Parquet files in a temp folder (long layout, one file per month,
headers ``站点,时间,PM2.5(μg/m³),…``), then measures as whole processes (start-up included,
peak memory = ru_maxrss of the child):

* ``ecociv air annual FOLDER --json`` (reads every file, streams year by year);
* the simplest alternative a user has: pandas ``groupby`` daily means of the same files and the
  ``python-aqi`` package's daily IAQI/AQI (python-aqi is timed on a sample of station-days and
  extrapolated to all of them; the groupby is measured on all rows).

Targets: one national year ≤ 3 s and ≤ 2 GB peak; ten years ≤ 2 GB peak.  The machine is shared:
the 1-minute load average is printed beside each figure, and the command's CPU seconds (user +
system, all threads) show what it used whatever the load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

COLS = {"so2": "SO2(μg/m³)", "no2": "NO2(μg/m³)", "pm10": "PM10(μg/m³)", "co": "CO(mg/m³)", "o3": "O3(μg/m³)", "pm25": "PM2.5(μg/m³)"}
ECOCIV = str(Path(sys.executable).parent / "ecociv")


def generate(folder: Path, n_stations: int, years: int, first_year: int = 2014, seed: int = 7) -> int:
    rng = np.random.default_rng(seed)
    names = pa.array([f"{1001 + i}A" for i in range(n_stations)])
    level = {p: rng.gamma(a, b, n_stations) for p, (a, b) in {"so2": (2, 5), "no2": (4, 6), "pm10": (6, 9), "co": (6, 0.12), "o3": (8, 9), "pm25": (5, 7)}.items()}
    rows = 0
    for y in range(first_year, first_year + years):
        for m in range(1, 13):
            start = np.datetime64(f"{y}-{m:02d}-01T00", "h")
            end = (np.datetime64(f"{y}-{m:02d}", "M") + 1).astype("datetime64[h]")
            hs = np.arange(start, end).astype(np.int64)
            n = hs.size * n_stations
            hour = np.repeat(hs, n_stations)
            st = np.tile(np.arange(n_stations, dtype=np.int32), hs.size)
            season = 1.0 + 0.45 * np.cos(2 * np.pi * ((hour // 24) % 365 - 15) / 365)
            cols: dict[str, pa.Array] = {
                "站点": pa.DictionaryArray.from_arrays(pa.array(st), names),
                "时间": pa.array(hour * 3600, type=pa.timestamp("s")),
            }
            for p, header in COLS.items():
                v = (level[p][st] * season * rng.lognormal(0, 0.35, n)).astype(np.float32)
                v[rng.random(n) < 0.01] = np.nan
                cols[header] = pa.array(np.round(v, 1 if p == "co" else 0), from_pandas=True)
            pq.write_table(pa.table(cols), folder / f"{y}-{m:02d}.parquet", compression="snappy")
            rows += n
    return rows


ALTERNATIVE = r"""
import sys, time, json, glob
import numpy as np, pandas as pd, aqi
from aqi.constants import POLLUTANT_CO_24H, POLLUTANT_NO2_24H, POLLUTANT_PM10, POLLUTANT_PM25, POLLUTANT_SO2_24H
folder, sample = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
parts = []
for f in sorted(glob.glob(folder + "/*.parquet")):
    df = pd.read_parquet(f)
    df["日期"] = df["时间"].dt.floor("D")
    parts.append(df.drop(columns="时间").groupby(["站点", "日期"], observed=True).mean())
daily = pd.concat(parts).groupby(level=[0, 1], observed=True).mean()
t_group = time.perf_counter() - t0
rows = daily.sample(n=min(sample, len(daily)), random_state=1)
keys = {"PM2.5(μg/m³)": POLLUTANT_PM25, "PM10(μg/m³)": POLLUTANT_PM10, "SO2(μg/m³)": POLLUTANT_SO2_24H, "NO2(μg/m³)": POLLUTANT_NO2_24H, "CO(mg/m³)": POLLUTANT_CO_24H}
t1 = time.perf_counter()
for _, r in rows.iterrows():
    vals = [(keys[c], str(round(r[c], 1 if c.startswith("CO") else 0))) for c in keys if r[c] == r[c]]
    aqi.to_aqi(vals, algo=aqi.ALGO_MEP)
t_aqi = (time.perf_counter() - t1) / len(rows) * len(daily)
print(json.dumps({"groupby_s": t_group, "aqi_extrapolated_s": t_aqi, "station_days": len(daily)}))
"""


#: a fresh wrapper per measurement, so ru_maxrss of its children is this command's peak alone
WRAP = (
    "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); r = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "sys.stderr.write(f'\\nMAXRSS {r.ru_maxrss} CPU {r.ru_utime + r.ru_stime}\\n'); sys.exit(p.returncode)"
)


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS of the command in MB, stdout, CPU seconds of the command."""
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", WRAP, *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    tail = p.stderr.rsplit("MAXRSS", 1)[1].split()
    return wall, int(tail[0]) / 1024, p.stdout, float(tail[2])


def measure(n_stations: int, years: int, sample: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ecociv-bench-") as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        t0 = time.perf_counter()
        rows = generate(folder, n_stations, years)
        print(f"[{years} 年] 生成 {n_stations} 站 × {years} 年 = {rows:,} 行（Parquet，{len(list(folder.iterdir()))} 个文件）用时 {time.perf_counter() - t0:.1f} s")
        # pandas is a dev dependency only (for the alternative below); PyArrow imports it on every
        # NumPy conversion when it is installed, so ecociv runs as a user installs it: without pandas
        hide = Path(tmp) / "no-pandas" / "pandas"
        hide.mkdir(parents=True)
        (hide / "__init__.py").write_text("raise ImportError('pandas hidden: not an ecociv dependency')\n")
        env = {**os.environ, "PYTHONPATH": str(hide.parent)}
        wall, peak, out, cpu = run([ECOCIV, "air", "annual", str(folder), "--json"], env)
        n_rows = len(json.loads(out)["annual"])
        target = "≤ 3 s，≤ 2 GB" if years == 1 else "≤ 2 GB"
        ok = peak <= 2048 and (years != 1 or wall <= 3)
        print(
            f"[{years} 年] ecociv air annual（整个进程）：{wall:.2f} s（CPU {cpu:.2f} s），峰值内存 {peak:.0f} MB（结果 {n_rows} 行）；"
            f"目标 {target}：{'达标' if ok else '未达标'}；1 分钟平均负载 {os.getloadavg()[0]:.1f}"
        )
        alt_wall, alt_peak, alt_out, _ = run([sys.executable, "-c", ALTERNATIVE, str(folder), str(sample)])
        alt = json.loads(alt_out)
        total = alt_wall + alt["aqi_extrapolated_s"]
        print(
            f"[{years} 年] pandas groupby + python-aqi：{total:.1f} s（groupby 整个进程 {alt_wall:.1f} s，峰值内存 {alt_peak:.0f} MB；"
            f"python-aqi 按 {sample} 个站点·日抽样外推 {alt['aqi_extrapolated_s']:.1f} s，共 {alt['station_days']:,} 个站点·日）"
        )
        print(f"[{years} 年] 比值：ecociv 用时为替代做法的 1/{total / wall:.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stations", type=int, default=1900)
    ap.add_argument("--years", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--sample", type=int, default=5000, help="station-days given to python-aqi (extrapolated)")
    a = ap.parse_args()
    print(f"机器：{os.cpu_count()} 核，开始时 1 分钟平均负载 {os.getloadavg()[0]:.1f}（负载高于核数时各项用时按比例变长）")
    for y in a.years:
        measure(a.stations, y, a.sample)


if __name__ == "__main__":
    main()
