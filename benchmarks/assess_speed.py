"""Assessment speed: 3,000 generated regions x 40 indicators x 10 years (1.2 million figures).

Builds a fresh SQLite database (plans through ``Store.save_plan``, figures through the store's
bulk path), then times the vectorised assessment of every region for the last year, *including*
loading the figures from the database: the whole matrix (every year, with progress and the year
a trend meets its target) and what ``ecociv assess --all`` does (the year's figures and the
indicators grouped by standard, read through sqlite3; 达标情况 only).  Target: under 2 s for the
whole command (``run_all.py`` measures it as a process).  Prints its figures.

    .venv/bin/python benchmarks/assess_speed.py [--regions 3000] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from ecociv.assess._batch import PROGRESS_CODES, STATUS_CODES, assess_current, latest_status
from ecociv.assess._batch_read import read_latest
from ecociv.model import Baseline, Indicator, IndicatorTable, Plan
from ecociv.store import Store, open_store

INDICATORS = 40
YEARS = list(range(2015, 2025))  # 10 years of figures; stage target 2025


def _indicators(rng: random.Random) -> list[Indicator]:
    out: list[Indicator] = []
    for k in range(INDICATORS):
        if k % 10 == 9:  # externally set: judged by the standards module, once per distinct value
            out.append(Indicator(name=f"单位地区生产总值能耗{k}", unit="吨标准煤/万元", standard="完成上级规定的目标任务", targets={2025: "完成上级规定的目标任务"}, attribute="约束性", seq=str(k + 1)))
        elif k % 2 == 0:
            floor = rng.choice([60, 80, 85, 90])
            out.append(Indicator(name=f"处理率指标{k}", unit="%", standard=f"≥{floor}", targets={2025: f"≥{floor + 5}"}, attribute="约束性" if k % 4 == 0 else "参考性", seq=str(k + 1)))
        else:
            ceiling = rng.choice([30, 35, 40])
            out.append(Indicator(name=f"细颗粒物浓度{k}", unit="微克/立方米", standard=f"≤{ceiling}", targets={2025: f"≤{ceiling - 3}"}, attribute="参考性", seq=str(k + 1), baseline=Baseline(2015, None)))
    return out


def build(db: Path, regions: int, seed: int = 7) -> str:
    """Create (or complete) the benchmark database; returns its URL."""
    url = f"sqlite:///{db}"
    store = open_store(url)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    plan_ids = [p.id for p in store.list_plans()]
    for r in range(len(plan_ids), regions):
        plan = Plan(
            title=f"示例区{r:04d}生态文明建设规划",
            region=f"示例区{r:04d}",
            base_year=2015,
            period=(2016, 2025),
            stage_years=[2025],
            indicator_tables=[IndicatorTable(title="表1 指标体系", rows=_indicators(rng))],
        )
        plan_ids.append(store.save_plan(plan))
    t_plans = time.perf_counter() - t0
    if store.observations(plan_ids[-1]):
        _summaries(store)
        return url
    t0 = time.perf_counter()
    ids = [store.indicator_ids(pid) for pid in plan_ids]  # read before the write transaction
    nrng = np.random.default_rng(seed)

    def rows():  # type: ignore[no-untyped-def]
        for per_plan in ids:
            for key, ind_id in per_plan.items():
                k = int(key.split("/")[1])
                start = 50.0 + 45.0 * nrng.random() if k % 2 == 0 else 25.0 + 20.0 * nrng.random()
                step = nrng.normal(0.6 if k % 2 == 0 else -0.5, 0.8, len(YEARS)).cumsum()
                values = np.clip(start + step, 0.0, 100.0)
                for y, v in zip(YEARS, values.tolist(), strict=True):
                    yield {"indicator_id": ind_id, "year": y, "value": round(v, 2), "source": "模拟数据"}

    n = store.bulk_insert_observations(rows(), supersede=False)
    t_obs = time.perf_counter() - t0
    print(f"生成：{len(plan_ids)} 个地区 × {INDICATORS} 项指标 × {len(YEARS)} 年 = {n:,} 条年度数据")
    print(f"  写入规划 {t_plans:.1f} 秒，批量写入年度数据 {t_obs:.1f} 秒")
    _summaries(store)
    return url


def _summaries(store: Store) -> None:
    """Store each plan's summary, as every write path of ecociv does after it changes figures
    (``assess --all`` and the home page read them); only missing or stale ones are computed."""
    from ecociv.assess import refresh_summaries

    t0 = time.perf_counter()
    n = refresh_summaries(store)
    if n:
        print(f"  保存 {n} 个规划的评估摘要 {time.perf_counter() - t0:.1f} 秒（写入路径都会做的事）")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--db", type=Path, default=None, help="reuse or create this SQLite file")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench.sqlite3"
    url = build(db, args.regions)
    store = open_store(url)
    times, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = assess_current(store, year=YEARS[-1])
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    quick, quick_cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        latest = read_latest(url, YEARS[-1])
        quick_status = latest_status(latest.ids, latest.desc, latest.standards, latest.obs_ids, latest.obs_values)
        quick.append(time.perf_counter() - t0)
        quick_cpu.append(time.process_time() - c0)
    same = dict(zip(latest.ids.tolist(), quick_status.tolist(), strict=True)) == dict(
        zip(result.indicator_ids.tolist(), result.status.tolist(), strict=True))
    n = len(result.indicator_ids)
    status = {STATUS_CODES[c]: int((result.status == c).sum()) for c in range(len(STATUS_CODES))}
    progress = {PROGRESS_CODES[c]: int((result.progress == c).sum()) for c in range(len(PROGRESS_CODES))}
    print(f"评估 {len(np.unique(result.plan_ids))} 个地区、{n:,} 项指标（{YEARS[-1]} 年，含从数据库读取全部年度数据）")
    print(f"  用时：最好 {min(times):.3f} 秒，各次 {', '.join(f'{t:.3f}' for t in times)}（目标 < 2 秒）")
    print(f"  本进程CPU时间：最好 {min(cpu):.3f} 秒（机器繁忙时墙钟时间会偏大；系统负载 {os.getloadavg()[0]:.1f}）")
    print(f"  assess --all 的读取与判断（只读评估年份的数据）：最好 {min(quick):.3f} 秒，CPU {min(quick_cpu):.3f} 秒；"
          f"达标情况与整矩阵{'一致' if same else '不一致'}")
    print(f"  达标情况：{status}")
    print(f"  进展：{progress}")
    proj = result.projected_year
    print(f"  线性趋势预计达标年份：已达到 {int((proj == YEARS[-1]).sum()):,} 项，今后 {int((proj > YEARS[-1]).sum()):,} 项，难以达到 {int((proj == 0).sum()):,} 项")
    tmp.cleanup()


if __name__ == "__main__":
    main()
