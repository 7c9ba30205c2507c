"""Regenerate the sample plans shipped in ``src/ecociv/sample_data`` from ``../shared/plans``.

Run after an importer change: ``.venv/bin/python scripts/make_sample_data.py``.  Each sample is
the importer's output (``plan_to_dict(read_plan(file))``), the same JSON as ``ecociv import --json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ecociv._serialize import plan_to_dict
from ecociv.importers import read_plan

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO.parent / "shared" / "plans"
OUT = REPO / "src" / "ecociv" / "sample_data"


def main() -> int:
    files = sorted(PLANS.glob("*.txt"))
    if not files:
        print(f"没有找到示例规划：{PLANS}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    for f in files:
        plan = read_plan(f)
        name = f.stem.split("-")[0] + ".json"
        (OUT / name).write_text(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        rows = sum(len(t.rows) for t in plan.indicator_tables)
        print(f"{name}: {plan.title}（指标表 {len(plan.indicator_tables)} 张，指标 {rows} 项，任务 {len(plan.tasks)} 项，工程 {len(plan.projects)} 项）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
