"""Assessment speed: 3,000 generated regions x 40 indicators x 10 years (1.2 million figures).

Builds a SQLite database (plans through ``Store.save_plan``, figures through the store's bulk
path, then each plan's summary stored as the write paths store it), then times in-process what
``ecociv assess --all`` reads (every plan's version and the stored summaries) and the per-plan
assessment a stale summary needs, checking a sample against the stored counts.  Target: under
2 s for the whole command (``run_all.py`` measures it as a process).  Prints its figures.

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
    ap.add_argument("--sample", type=int, default=100, help="plans assessed one by one, as when summaries are stale")
    args = ap.parse_args()
    from ecociv.assess import assess_plan
    from ecociv.assess._summaries import current_summaries, plan_versions

    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench.sqlite3"
    url = build(db, args.regions)
    store = open_store(url)
    times, cpu, vcpu = [], [], []
    for _ in range(args.repeat):
        c0 = time.process_time()
        plan_versions(store.engine)
        vcpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        summaries = current_summaries(store)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    ids = sorted(summaries)[: args.sample]
    c0 = time.process_time()
    for pid in ids:
        a = assess_plan(store.get_plan(pid, indicators_only=True), store.observations(pid), check_plan=False)
        if summaries[pid].assessed_counts != a.counts:
            raise SystemExit(f"规划 {pid} 的已存摘要与逐个评估不一致")
    each = (time.process_time() - c0) / max(len(ids), 1)
    total = {k: sum((s.assessed_counts or {}).get(k, 0) for s in summaries.values())
             for k in ("met", "not_met", "needs_review", "no_data")}
    print(f"assess --all 的读取（{len(summaries)} 个规划的版本与已存摘要）：最好 {min(times):.3f} 秒，"
          f"CPU {min(cpu):.3f} 秒，其中版本查询 CPU {min(vcpu):.3f} 秒（系统负载 {os.getloadavg()[0]:.1f}）")
    print(f"  逐个评估（摘要过期时的做法）：每个规划 CPU {each * 1000:.1f} 毫秒，抽查 {len(ids)} 个，与已存摘要一致")
    print(f"  达标情况合计：{total}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
