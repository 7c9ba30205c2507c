"""Dashboard load: home and plan pages under 8 concurrent clients, on SQLite and PostgreSQL.

Loads 3,000 generated county plans (about 40 indicators each, a few years of figures through the
store's bulk path, then the plans' summaries, as every write path stores them) into a fresh
database, starts the real server (``ecociv serve`` in a subprocess on a free 127.0.0.1 port),
logs 8 clients in and sends a bounded number of requests (loopback only).  Prints p50/p95
latency of the home page (every page of the paginated list, right after the first start: the
first minute) and then of random home and plan pages after a restart.
Target: p95 < 300 ms.  ``--unsummarised`` leaves the summaries out (a database written by an
older release: the server computes them in the background, requests compute what they need).

    .venv/bin/python benchmarks/web_load.py [--regions 3000] [--requests 400] [--backend sqlite|postgresql|both]
                                           [--unsummarised]

PostgreSQL: ``$ECOCIV_TEST_POSTGRES_URL`` (a database where CREATE DATABASE is allowed), else a
throwaway cluster started like the test fixture does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ecociv.assess import refresh_summaries  # noqa: E402
from ecociv.model import Baseline, Indicator, IndicatorTable, Plan, Region  # noqa: E402
from ecociv.store import open_store  # noqa: E402
from ecociv.web import Accounts  # noqa: E402

INDICATORS = 40
YEARS = [2021, 2022, 2023, 2024]
CLIENTS = 8
USER, PASSWORD = "loadtest", "zhiliang-ceshi-2026"  # passes the password policy


def _indicators(rng: random.Random) -> list[Indicator]:
    out = []
    for k in range(INDICATORS):
        domain = ("生态制度", "生态安全", "生态空间", "生态经济", "生态生活", "生态文化")[k % 6]
        if k % 10 == 9:
            out.append(Indicator(name=f"考核任务完成情况{k}", domain=domain, seq=str(k + 1), unit="—",
                                 standard="完成上级下达任务", targets={2025: "完成", 2030: "完成"}, attribute="约束性"))
        elif k % 2 == 0:
            floor = rng.choice([60, 80, 85, 90])
            out.append(Indicator(name=f"处理率指标{k}", domain=domain, seq=str(k + 1), unit="%", standard=f"≥{floor}",
                                 baseline=Baseline(2021, None), targets={2025: f"≥{floor + 3}", 2030: f"≥{floor + 5}"},
                                 attribute="约束性" if k % 4 == 0 else "参考性"))
        else:
            ceiling = rng.choice([30, 35, 40])
            out.append(Indicator(name=f"细颗粒物浓度{k}", domain=domain, seq=str(k + 1), unit="微克/立方米",
                                 standard=f"≤{ceiling}", targets={2025: f"≤{ceiling - 2}", 2030: f"≤{ceiling - 4}"},
                                 attribute="参考性"))
    return out


def build(url: str, regions: int, seed: int = 11, *, summarise: bool = True) -> float:
    """Generate the plans and their figures through the store's bulk path; then, like every write
    path (import --save, observe import …), store the plans' summaries — unless ``summarise`` is
    off, which stands for a database written by a release that did not."""
    store = open_store(url)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    ids = []
    for r in range(regions):
        city = f"模拟市{r // 20:03d}"
        name = f"模拟县{r:04d}"
        plan = Plan(title=f"{name}生态文明建设示范区规划（2021-2030年）", region=name, base_year=2021,
                    period=(2021, 2030), stage_years=[2025, 2030], kind="生态文明建设示范区规划",
                    region_info=Region(name=name, level="县区", parent=city),
                    indicator_tables=[IndicatorTable(title="表1 指标体系", rows=_indicators(rng))])
        ids.append(store.save_plan(plan))
    t_plans = time.perf_counter() - t0
    t0 = time.perf_counter()

    keys = [store.indicator_ids(pid) for pid in ids]  # before the bulk transaction

    def rows():  # type: ignore[no-untyped-def]
        for by_key in keys:
            for key, ind_id in by_key.items():
                k = int(key.split("/")[1])
                start = rng.uniform(55, 95) if k % 2 == 0 else rng.uniform(25, 45)
                for i, y in enumerate(YEARS):
                    if k % 10 == 9:
                        yield {"indicator_id": ind_id, "year": y, "value": None, "text": "已完成", "source": "模拟"}
                    else:
                        v = start + (0.8 if k % 2 == 0 else -0.6) * i + rng.gauss(0, 0.7)
                        yield {"indicator_id": ind_id, "year": y, "value": round(min(max(v, 0), 100), 2),
                               "source": "模拟"}

    n = store.bulk_insert_observations(rows(), supersede=False)
    t_obs = time.perf_counter() - t0
    t0 = time.perf_counter()
    summarised = refresh_summaries(store) if summarise else 0  # what every write path does for its plans
    t_sum = time.perf_counter() - t0
    Accounts(store.engine).ensure(USER, PASSWORD, "viewer")
    store.engine.dispose()
    print(f"  生成 {regions} 个县区规划（每个 {INDICATORS} 项指标）用时 {t_plans:.1f} 秒；"
          f"{n:,} 条年度数据（{len(YEARS)} 年）批量写入 {t_obs:.1f} 秒；"
          + (f"写入后计算并保存 {summarised} 份规划汇总 {t_sum:.1f} 秒" if summarise else "未计算规划汇总（模拟旧版本写入的数据库）"))
    return t_plans + t_obs + t_sum


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


async def _login(client: httpx.AsyncClient) -> None:
    r = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    assert token
    r = await client.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": token.group(1)})
    assert r.status_code == 303, r.text[:300]


async def _load(base: str, paths: list[str]) -> dict[str, list[float]]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    times: dict[str, list[float]] = {"home": [], "plan": []}

    clients = [httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) for _ in range(CLIENTS)]
    for client in clients:  # log in first: password hashing is not what is measured
        await _login(client)

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            r = await client.get(path)
            dt_ms = (time.perf_counter() - t0) * 1000
            assert r.status_code == 200, (path, r.status_code, r.text[:300])
            times["plan" if path.startswith("/plans/") else "home"].append(dt_ms)

    try:
        await asyncio.gather(*(worker(c) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    return times


def _report(label: str, times: dict[str, list[float]]) -> bool:
    ok = True
    for kind, name in (("home", "首页"), ("plan", "规划页")):
        v = times[kind]
        p95 = _pct(v, 0.95)
        ok &= p95 < 300
        print(f"  {label} {name}：{len(v)} 次请求，p50 {_pct(v, 0.5):.0f} ms，p95 {p95:.0f} ms，"
              f"最大 {max(v):.0f} ms {'✓' if p95 < 300 else '✗ 超过 300 ms'}")
    return ok


def _start(url: str) -> tuple[subprocess.Popen[str], str, float]:
    """``ecociv serve`` in a subprocess; (process, base URL, seconds until it answered)."""
    port = _free_port()
    env = {**os.environ, "ECOCIV_DATABASE_URL": url, "ECOCIV_SECRET_KEY": "bench-" + "k" * 32}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "ecociv"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return proc, base, time.perf_counter() - t0
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError(f"服务器未能启动：{proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.05)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


async def _first(base: str, paths: list[str]) -> list[float]:
    """One logged-in client: milliseconds of each path, in order (the server's first pages)."""
    async with httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False) as client:
        await _login(client)
        out = []
        for path in paths:
            t0 = time.perf_counter()
            r = await client.get(path)
            out.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (path, r.status_code)
        return out


def run(url: str, regions: int, requests: int, label: str, *, built: bool = False,
        summarise: bool = True) -> dict[str, float]:
    """Figures (milliseconds) of one backend: first pages right after the server's first start on
    the database (``cold``: no server has read it yet; its summaries are those the write paths
    stored, none with ``summarise`` off) and after a restart (``restart``), p50/p95 of 8 clients
    from the start (every page of the list once, then random home and plan pages)."""
    print(f"== {label}")
    if not built:
        build(url, regions, summarise=summarise)
    pages = (regions + 49) // 50
    rng = random.Random(5)
    out: dict[str, float] = {}
    first_paths = ["/", f"/?page={pages // 2}", f"/plans/{regions // 2}"]
    proc, base, ready = _start(url)
    try:
        out["ready_s"] = ready
        cold = asyncio.run(_first(base, first_paths))
        out.update(cold_home_ms=cold[0], cold_page_ms=cold[1], cold_plan_ms=cold[2])
        print(f"  启动 {ready:.1f} 秒后可访问；首次请求（服务器从未读过此数据库）：首页 {cold[0]:.0f} ms，第 {pages // 2} 页 {cold[1]:.0f} ms，"
              f"规划页 {cold[2]:.0f} ms")
        t0 = time.perf_counter()
        first_pass = asyncio.run(_load(base, [f"/?page={p}" for p in range(1, pages + 1)]))
        took = time.perf_counter() - t0
        out.update(first_minute_p50_ms=_pct(first_pass["home"], 0.5), first_minute_p95_ms=_pct(first_pass["home"], 0.95))
        print(f"  刚启动时 {CLIENTS} 个客户端访问首页全部 {pages} 页：用时 {took:.1f} 秒，"
              f"p50 {out['first_minute_p50_ms']:.0f} ms，p95 {out['first_minute_p95_ms']:.0f} ms")
    finally:
        _stop(proc)
    proc, base, ready = _start(url)
    try:
        again = asyncio.run(_first(base, first_paths))
        out.update(restart_home_ms=again[0], restart_page_ms=again[1], restart_plan_ms=again[2])
        print(f"  重启后首次请求（汇总已存）：首页 {again[0]:.0f} ms，第 {pages // 2} 页 {again[1]:.0f} ms，规划页 {again[2]:.0f} ms")
        paths = [f"/?page={rng.randint(1, pages)}" if i % 2 == 0 else f"/plans/{rng.randint(1, regions)}"
                 for i in range(requests)]
        t0 = time.perf_counter()
        mixed = asyncio.run(_load(base, paths))
        wall = time.perf_counter() - t0
        print(f"  重启后 {CLIENTS} 个并发客户端，{requests} 次请求，用时 {wall:.1f} 秒（{requests / wall:.0f} 次/秒）")
        _report(label, mixed)
        out.update(home_p95_ms=_pct(mixed["home"], 0.95), plan_p95_ms=_pct(mixed["plan"], 0.95),
                   home_p50_ms=_pct(mixed["home"], 0.5), plan_p50_ms=_pct(mixed["plan"], 0.5))
    finally:
        _stop(proc)
    return out


def postgres_database() -> tuple[str, Any]:
    """A new, empty database on ``$ECOCIV_TEST_POSTGRES_URL`` or a throwaway cluster; (url, dropper)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url, cluster = _postgres()
    name = f"ecociv_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if cluster is not None:
            cluster.stop()

    return url, drop


def _postgres() -> tuple[str, object | None]:
    env = os.environ.get("ECOCIV_TEST_POSTGRES_URL")
    if env:
        return env, None
    from tests.conftest import _Cluster

    cluster = _Cluster()
    return cluster.start(), cluster


def main() -> None:
    ap = argparse.ArgumentParser(description="仪表板负载测试")
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--unsummarised", action="store_true",
                    help="写入后不计算规划汇总（模拟旧版本写入的数据库：由服务器启动后在后台补算）")
    args = ap.parse_args()
    ok = True
    figures = []
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            figures.append(run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.regions, args.requests, "SQLite",
                               summarise=not args.unsummarised))
    if args.backend in ("postgresql", "both"):
        url, drop = postgres_database()
        try:
            figures.append(run(url, args.regions, args.requests, "PostgreSQL", summarise=not args.unsummarised))
        finally:
            drop()
    ok = all(f["home_p95_ms"] < 300 and f["plan_p95_ms"] < 300 for f in figures)
    print("结论：" + ("首页和规划页 p95 均低于 300 ms" if ok else "有页面 p95 超过 300 ms"))


if __name__ == "__main__":
    main()
