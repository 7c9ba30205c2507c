"""Every speed target of ecociv, measured as a user feels it: whole processes, start-up included.

Each row runs the real command (``.venv/bin/ecociv …``) as a fresh process and reports the median
wall time of ``--runs`` runs (CPU time and peak memory of the child beside it), next to the
simplest alternative a user has, run on the same data in the same session, as a ratio:

* start-up rows: a bare ``python -c pass`` (the interpreter alone);
* store rows (plans, show, assess --all, load): a plain ``sqlite3`` (+ NumPy) script doing the
  same reads or writes without ecociv;
* eval --batch: a plain Python loop (``json`` + comparisons of ≥/≤ numbers only);
* air annual: pandas groupby (daily means) + the ``python-aqi`` package value by value
  (timed on a sample, extrapolated);
* import: Python reading and splitting the same file.

The machine is shared: the 1-minute load average is printed beside every figure, and CPU
seconds show what the command itself used.  Data sets are generated once into ``--data``
(default: a temporary folder) and reused when the folder is given again.

    .venv/bin/python benchmarks/run_all.py [--data DIR] [--runs 5] [--only ROW …] [--markdown FILE]

Rows, in the order they run: startup, store (plans, show, assess --all), eval, import, load, web,
air (``--only`` picks some; each row is printed as soon as it is measured).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
PY = str(Path(sys.executable))
ECOCIV = str(Path(sys.executable).with_name("ecociv"))
PLANS_DIR = REPO.parent / "shared" / "plans"


@dataclass
class Row:
    work: str
    target: str
    figure: str
    ok: bool | None  # None: measured only (no target of ours)
    alternative: str = "—"
    ratio: str = "—"
    load: float = 0.0


@dataclass
class Run:
    wall: float
    cpu: float
    rss: int  # bytes


def whole(cmd: list[str], env: dict[str, str] | None = None, stdin: Path | None = None) -> Run:
    """One fresh process: wall seconds, CPU seconds (user + system) and peak resident memory."""
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} 失败（{p.returncode}）：{err[-800:]}")
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024)


def median_of(n: int, cmd: list[str], env: dict[str, str] | None = None, stdin: Path | None = None) -> Run:
    runs = [whole(cmd, env, stdin) for _ in range(n)]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs), max(r.rss for r in runs))


def load_avg() -> float:
    return os.getloadavg()[0]


def fig(r: Run, memory: bool = False) -> str:
    out = f"{r.wall:.2f} s（CPU {r.cpu:.2f} s"
    return out + (f"，峰值内存 {r.rss / 2**30:.2f} GB）" if memory else "）")


def ratio(ours: float, alt: float) -> str:
    return f"{ours / alt:.1f}×" if alt > 0 else "—"


# --- data ---------------------------------------------------------------------------------------

def store_db(data: Path, regions: int) -> str:
    """3,000 regions × 40 indicators × 10 years (1.2 million figures), built once."""
    from assess_speed import build

    return build(data / "store.sqlite3", regions)


def plan_files(data: Path, n: int) -> Path:
    """``n`` plan JSON files (the three sample plans under new titles and regions)."""
    from importlib import resources

    out = data / f"plans{n}"
    if out.is_dir() and len(list(out.glob("*.json"))) == n:
        return out
    out.mkdir(parents=True, exist_ok=True)
    docs = [json.loads((resources.files("ecociv") / "sample_data" / f"{k}.json").read_text("utf-8"))
            for k in ("huichang", "yichun", "ganxian")]
    for i in range(n):
        d = json.loads(json.dumps(docs[i % 3]))
        d["plan"]["title"] = f"模拟县{i:04d}" + d["plan"]["title"]
        d["plan"]["region"] = f"模拟县{i:04d}"
        if d["plan"].get("region_info"):
            d["plan"]["region_info"]["name"] = d["plan"]["region"]
        (out / f"plan{i:04d}.json").write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    return out


def eval_lines(data: Path, n: int) -> Path:
    """``n`` JSON lines over every standard of the shipped catalogs, random values around them."""
    import random

    from ecociv.standards import list_catalogs

    path = data / f"eval{n}.jsonl"
    if path.exists():
        return path
    rows = [(x.standard or "", x.name, x.unit) for c in list_catalogs() for e in c.entries for x in (e, *e.sub_indicators)]
    rnd = random.Random(1)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            s, name, unit = rows[i % len(rows)]
            d: dict[str, object] = {"standard": s, "value": round(rnd.uniform(0, 120), 2), "name": name, "unit": unit}
            if i % 3 == 0:
                d["baseline"] = round(rnd.uniform(0, 120), 2)
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


# --- the simplest alternatives ------------------------------------------------------------------

PLAIN_PLANS = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
counts = {}
for pid, n in c.execute("SELECT t.plan_id, count(*) FROM indicators i JOIN indicator_tables t ON t.id = i.table_id GROUP BY t.plan_id"):
    counts[pid] = n
for pid, title, region in c.execute("SELECT p.id, p.title, r.name FROM plans p JOIN regions r ON r.id = p.region_id ORDER BY p.id"):
    print(pid, title, region, counts.get(pid, 0), sep="  ")
"""

PLAIN_SHOW = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT title FROM plans WHERE id = ?", (int(sys.argv[2]),)).fetchone()[0])
for row in c.execute("SELECT i.key, i.name, i.unit, i.standard, i.targets FROM indicators i JOIN indicator_tables t "
                     "ON t.id = i.table_id WHERE t.plan_id = ? ORDER BY t.position, i.position", (int(sys.argv[2]),)):
    print(*row, sep="  ")
"""

PLAIN_ASSESS = """
import re, sqlite3, sys
import numpy as np
c = sqlite3.connect(sys.argv[1])
year = int(sys.argv[2])
ind = c.execute("SELECT i.id, t.plan_id, i.standard FROM indicators i JOIN indicator_tables t ON t.id = i.table_id").fetchall()
ids = np.array([r[0] for r in ind]); plans = np.array([r[1] for r in ind])
op = np.zeros(len(ind)); thr = np.full(len(ind), np.nan)
for k, (_, _, s) in enumerate(ind):
    m = re.fullmatch(r"([≥≤])\\s*([\\d.]+)", s or "")
    if m:
        op[k] = 1 if m.group(1) == "≥" else -1; thr[k] = float(m.group(2))
obs = np.array(c.execute("SELECT indicator_id, value FROM observations WHERE superseded_at IS NULL AND year = ? "
                         "AND value IS NOT NULL", (year,)).fetchall(), dtype=float).reshape(-1, 2)
val = np.full(ids.max() + 1, np.nan); val[obs[:, 0].astype(int)] = obs[:, 1]
v = val[ids]
met = np.where(op > 0, v >= thr, v <= thr) & ~np.isnan(v) & (op != 0)
per_plan = np.bincount(plans, weights=met)
print(int(met.sum()), len(per_plan))
"""

PLAIN_LOAD = """
import json, sqlite3, sys
from pathlib import Path
c = sqlite3.connect(sys.argv[2])
c.execute("CREATE TABLE plans (id INTEGER PRIMARY KEY, title TEXT, region TEXT)")
c.execute("CREATE TABLE indicators (plan_id INT, key TEXT, name TEXT, unit TEXT, standard TEXT, targets TEXT)")
c.execute("CREATE TABLE tasks (plan_id INT, position INT, text TEXT)")
c.execute("CREATE TABLE projects (plan_id INT, position INT, name TEXT, content TEXT)")
def walk(rows, prefix):
    for r, ind in enumerate(rows):
        yield f"{prefix}/{r}", ind
        yield from walk(ind.get("sub_indicators") or [], f"{prefix}/{r}")
with c:
    for n, f in enumerate(sorted(Path(sys.argv[1]).glob("*.json")), 1):
        d = json.loads(f.read_text("utf-8"))
        c.execute("INSERT INTO plans VALUES (?, ?, ?)", (n, d["plan"]["title"], d["plan"]["region"]))
        c.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?)", [
            (n, k, i["name"], i.get("unit"), i.get("standard"), json.dumps(i.get("targets"), ensure_ascii=False))
            for t, table in enumerate(d["indicator_tables"]) for k, i in walk(table["rows"], str(t))])
        c.executemany("INSERT INTO tasks VALUES (?, ?, ?)", [(n, k, x["text"]) for k, x in enumerate(d.get("tasks", []))])
        c.executemany("INSERT INTO projects VALUES (?, ?, ?, ?)",
                      [(n, k, x["name"], x.get("content")) for k, x in enumerate(d.get("projects", []))])
"""

PLAIN_EVAL = """
import json, re, sys
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    m = re.fullmatch(r"([≥≤])\\s*([\\d.]+)", d.get("standard") or "")
    if m and isinstance(d.get("value"), (int, float)):
        t = float(m.group(2)); v = d["value"]
        ok = v >= t if m.group(1) == "≥" else v <= t
        out.append(json.dumps({"status": "met" if ok else "not_met"}))
    else:
        out.append(json.dumps({"status": "needs_review"}))
sys.stdout.write("\\n".join(out) + "\\n")
"""

PLAIN_AIR = """
import sys, time
import pandas as pd
df = pd.read_parquet(sys.argv[1])
df["day"] = df["time"].dt.floor("D")
daily = df.groupby(["station", "day"], observed=True)[["so2", "no2", "pm10", "co", "o3", "pm25"]].mean()
annual = daily.groupby(level="station", observed=True).mean()
print(len(daily), len(annual))
"""


def python_aqi_seconds(values: int, sample: int = 20_000) -> float:
    """python-aqi (MEP algorithm) value by value on a sample of daily PM2.5 means, extrapolated."""
    import random

    import aqi
    from aqi.constants import POLLUTANT_PM25

    algo = aqi.get_algo(aqi.ALGO_MEP)
    rnd = random.Random(2)
    conc = [str(round(rnd.gammavariate(3.0, 15.0))) for _ in range(sample)]
    t0 = time.perf_counter()
    for c in conc:
        algo.iaqi(POLLUTANT_PM25, c)
    return (time.perf_counter() - t0) / sample * values


# --- the rows -----------------------------------------------------------------------------------

def rows_startup(env: dict[str, str], runs: int) -> list[Row]:
    bare = median_of(runs, [PY, "-c", "pass"], env)
    out = []
    for args, work in ((["--help"], "`ecociv --help`"), (["eval", "≥20", "24.5"], '`ecociv eval "≥20" 24.5`')):
        whole([ECOCIV, *args], env)  # .pyc files written, page cache warm
        r = median_of(runs, [ECOCIV, *args], env)
        out.append(Row(work, "< 0.25 s", fig(r), r.wall < 0.25, f"python -c pass {bare.wall:.2f} s",
                       ratio(r.wall, bare.wall), load_avg()))
    return out


def rows_store(env: dict[str, str], runs: int, data: Path, regions: int) -> list[Row]:
    url = store_db(data, regions)
    db = url.removeprefix("sqlite:///")
    env = {**env, "ECOCIV_DATABASE_URL": url}
    out = []
    for args, plain, work in ((["plans"], [PLAIN_PLANS, db], f"`ecociv plans`（{regions:,} 份规划）"),
                              (["show", str(regions // 2)], [PLAIN_SHOW, db, str(regions // 2)],
                               f"`ecociv show PLAN`（{regions:,} 份规划）")):
        whole([ECOCIV, *args], env)
        r = median_of(runs, [ECOCIV, *args], env)
        alt = median_of(runs, [PY, "-c", *plain], env)
        out.append(Row(work, "< 0.5 s", fig(r), r.wall < 0.5, f"sqlite3 脚本 {alt.wall:.2f} s", ratio(r.wall, alt.wall), load_avg()))
    r = median_of(runs, [ECOCIV, "assess", "--all"], env)
    alt = median_of(runs, [PY, "-c", PLAIN_ASSESS, db, "2024"], env)
    out.append(Row(f"`ecociv assess --all`（{regions:,} 地区 × 40 指标 × 10 年）", "< 2 s", fig(r, True), r.wall < 2,
                   f"sqlite3 + NumPy（仅 ≥/≤ 数值标准）{alt.wall:.2f} s", ratio(r.wall, alt.wall), load_avg()))
    return out


def rows_eval(env: dict[str, str], runs: int, data: Path, n: int) -> list[Row]:
    path = eval_lines(data, n)
    r = median_of(runs, [ECOCIV, "eval", "--batch", str(path)], env)
    alt = median_of(runs, [PY, "-c", PLAIN_EVAL, str(path)], env)
    return [Row(f"`ecociv eval --batch`（{n:,} 行 JSON 入，JSON 行出）", "< 1 s", fig(r), r.wall < 1,
                f"json + 数值比较循环 {alt.wall:.2f} s", ratio(r.wall, alt.wall), load_avg())]


def rows_load(env: dict[str, str], data: Path, n: int, runs: int) -> list[Row]:
    folder = plan_files(data, n)
    walls, alts = [], []
    for k in range(runs):
        db = data / f"load{k}.sqlite3"
        plain = data / f"load-plain{k}.sqlite3"
        for p in (db, plain):
            p.unlink(missing_ok=True)
        walls.append(whole([ECOCIV, "import", str(folder), "--save"], {**env, "ECOCIV_DATABASE_URL": f"sqlite:///{db}"}))
        alts.append(whole([PY, "-c", PLAIN_LOAD, str(folder), str(plain)], env))
        db.unlink(missing_ok=True)
        plain.unlink(missing_ok=True)
    r = Run(statistics.median(w.wall for w in walls), statistics.median(w.cpu for w in walls), max(w.rss for w in walls))
    alt = statistics.median(a.wall for a in alts)
    return [Row(f"`ecociv import 文件夹 --save`（{n:,} 份规划 JSON，{runs} 次中位数）", "< 60 s", fig(r, True), r.wall < 60,
                f"sqlite3 executemany（指标、任务、工程）{alt:.1f} s", ratio(r.wall, alt), load_avg())]


def rows_air(env: dict[str, str], data: Path, stations: int, runs: int) -> list[Row]:
    from air_quality import generate

    path = data / f"air{stations}.parquet"
    if not path.exists():
        generate(path, stations)
    r = median_of(runs, [ECOCIV, "air", "annual", str(path)], env)
    try:
        alt = whole([PY, "-c", PLAIN_AIR, str(path)], env)
        station_days = stations * 365
        aqi_s = python_aqi_seconds(station_days * 7)  # 7 daily IAQIs per station-day
        alt_text = f"pandas groupby {alt.wall:.1f} s + python-aqi（外推）{aqi_s:.0f} s"
        alt_total = alt.wall + aqi_s
    except ImportError as exc:  # pandas is a dev dependency
        alt_text, alt_total = f"未测（{exc.name} 未安装）", 0.0
    return [Row(f"`ecociv air annual`（{stations:,} 站 × 8,760 小时，仅测量，{runs} 次中位数）", "≤ 3 s，≤ 2 GB", fig(r, True),
                r.wall <= 3 and r.rss <= 2 * 2**30, alt_text, ratio(r.wall, alt_total), load_avg())]


def rows_import(env: dict[str, str], runs: int) -> list[Row]:
    files = sorted(PLANS_DIR.glob("*.txt"), key=lambda p: p.stat().st_size)
    if not files:
        return [Row("`ecociv import 规划.txt`", "< 0.5 s / 150 KB", f"未测（{PLANS_DIR} 中没有样例规划）", None)]
    big = files[-1]
    kb = big.stat().st_size / 1024
    r = median_of(runs, [ECOCIV, "import", str(big)], env)
    alt = median_of(runs, [PY, "-c", "import sys; open(sys.argv[1], encoding='utf-8').read().splitlines()", str(big)], env)
    per150 = r.wall * 150 / kb
    return [Row(f"`ecociv import {big.name}`（{kb:.0f} KB；按 150 KB 折算 {per150:.2f} s）", "< 0.5 s / 150 KB", fig(r),
                per150 < 0.5, f"Python 读文件并分行 {alt.wall:.2f} s", ratio(r.wall, alt.wall), load_avg())]


def rows_web(regions: int, requests: int, backends: list[str]) -> list[Row]:
    import web_load

    out = []
    for backend in backends:
        if backend == "sqlite":
            tmp = tempfile.TemporaryDirectory()
            url, drop = f"sqlite:///{Path(tmp.name) / 'web.sqlite3'}", tmp.cleanup
        else:
            url, drop = web_load.postgres_database()
        try:
            f = web_load.run(url, regions, requests, "SQLite" if backend == "sqlite" else "PostgreSQL")
        finally:
            drop()
        label = "SQLite" if backend == "sqlite" else "PostgreSQL"
        first = max(f["cold_home_ms"], f["cold_page_ms"], f["cold_plan_ms"])
        again = max(f["restart_home_ms"], f["restart_page_ms"], f["restart_plan_ms"])
        out.append(Row(f"网页：`ecociv serve` 后首次请求（{label}，{regions:,} 地区，服务器首次读库 / 重启后）", "< 1 s",
                       f"{first / 1000:.2f} s / {again / 1000:.2f} s（启动 {f['ready_s']:.1f} s）", first < 1000, load=load_avg()))
        p95 = max(f["home_p95_ms"], f["plan_p95_ms"])
        out.append(Row(f"网页：8 个客户端 p95（{label}；刚启动时首页全部页 / 之后首页与规划页）", "< 300 ms",
                       f"{f['first_minute_p95_ms']:.0f} ms / {p95:.0f} ms", max(p95, f["first_minute_p95_ms"]) < 300,
                       load=load_avg()))
    return out


def table(rows: list[Row]) -> str:
    head = "| 项目 | 目标 | 结果（墙钟中位数） | 达标 | 最简单的替代做法 | 比值（本程序 ÷ 替代） | 1 分钟负载 |\n|---|---|---|---|---|---|---|"
    verdict = {True: "✓", False: "✗", None: "—"}
    return head + "\n" + "\n".join(
        f"| {r.work} | {r.target} | {r.figure} | {verdict[r.ok]} | {r.alternative} | {r.ratio} | {r.load:.1f} |" for r in rows)


ROWS = ("startup", "store", "assess", "eval", "import", "load", "web", "air")


def main() -> None:
    ap = argparse.ArgumentParser(description="ecociv 全部速度目标（整进程，含启动）")
    ap.add_argument("--data", type=Path, help="生成数据的文件夹（给出时重复使用）")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--heavy-runs", type=int, default=1, help="载入 3,000 份规划的重复次数")
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--stations", type=int, default=1900)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--only", nargs="*", choices=ROWS, default=list(ROWS))
    ap.add_argument("--markdown", type=Path, help="把表格另写入此文件")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory() if args.data is None else None
    data = args.data or Path(tmp.name)  # type: ignore[union-attr]
    data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ECOCIV_HOME": str(data / "home"), "ECOCIV_DATABASE_URL": f"sqlite:///{data / 'home.sqlite3'}"}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"机器：{os.cpu_count()} 核；开始时 1 分钟平均负载 {load_avg():.1f}；{started}")
    rows: list[Row] = []

    def done(new: list[Row]) -> None:
        """Each row is printed (and the Markdown file rewritten) as soon as it is measured."""
        rows.extend(new)
        for r in new:
            print(f"{r.work}：{r.figure}（目标 {r.target}）{'' if r.ok is None else '达标' if r.ok else '未达标'}；"
                  f"替代：{r.alternative}，比值 {r.ratio}；负载 {r.load:.1f}", flush=True)
        if args.markdown:
            args.markdown.write_text(f"测量于 {started}，{os.cpu_count()} 核。\n\n{table(rows)}\n", encoding="utf-8")

    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    steps = {
        "startup": lambda: rows_startup(env, args.runs),
        "store": lambda: rows_store(env, args.runs, data, args.regions),
        "eval": lambda: rows_eval(env, args.runs, data, args.lines),
        "import": lambda: rows_import(env, args.runs),
        "load": lambda: rows_load(env, data, args.regions, args.heavy_runs),
        "web": lambda: rows_web(args.regions, args.requests, backends),
        "air": lambda: rows_air(env, data, args.stations, args.runs),
    }
    wanted = ["store" if k == "assess" else k for k in args.only]
    for name, step in steps.items():
        if name in wanted:
            done(step())
    print()
    print(table(rows))
    print(f"\n结束时 1 分钟平均负载 {load_avg():.1f}（共 {os.cpu_count()} 核；负载高于核数时墙钟时间按比例变长，CPU 时间不受影响）")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
