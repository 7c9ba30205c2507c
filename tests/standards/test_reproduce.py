"""Judging each sample-plan row's baseline against its standard reproduces the 达标情况 column.

Where the document is not consistent (it says 达标 but gives nothing to check that by), ecociv
says 待核定 and the test lists the row with the reason.  ecociv never contradicts the document
outright (达标 vs 未达标) on the sample plans.
"""

from __future__ import annotations

from tests.conftest import GANXIAN, HUICHANG, YICHUN

from ecociv.importers import read_plan
from ecociv.model import Indicator
from ecociv.standards import evaluate

# (table title fragment, 序号) -> why the document's 达标 cannot be reproduced from the row.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("3.1", "18"): "标准为“完成上级规定的目标任务”，现状值只给出 0.4704，未给出上级下达的能耗目标，也没有写明已完成",
    ("3.1", "19"): "标准为“完成上级规定的目标任务”，现状值只给出 107.7，未给出上级下达的用水量目标，也没有写明已完成",
    ("3.2", "7"): "标准含“保持稳定或持续改善”，现状值 98.6%、17ug/m3 没有上一年的值可比，上级考核任务也未给出",
    ("3.2", "8"): "标准含“完成上级规定的考核任务；保持稳定或持续改善”，现状值“优良比例 100%”没有可比的基准值",
    ("3.2", "17"): "现状值写明完成上级目标任务，但“保持稳定或持续改善”没有上一年的能耗可比",
    ("3.2", "18"): "现状值写明完成上级目标任务，但“持续改善”没有上一年的用水量可比",
    ("3.2", "22"): "适用条件（综合利用率≤60%/＞60%的地区）写在指标名称里，取决于地区的综合利用率；现状值把综合利用率 93.73% 和提高幅度写在同一格，没有单独的基准值",
}


def _rows() -> list[tuple[str, Indicator]]:
    out: list[tuple[str, Indicator]] = []
    for path in (HUICHANG, YICHUN, GANXIAN):
        plan = read_plan(path)
        for table in plan.indicator_tables:
            for row in table.rows:
                if row.status in ("达标", "未达标"):
                    out.append((table.title, row))
    return out


def _known(title: str, seq: str | None) -> str | None:
    for (frag, s), reason in KNOWN_DISAGREEMENTS.items():
        if frag in title and s == seq:
            return reason
    return None


def test_status_column_is_reproduced_or_disagreement_listed() -> None:
    rows = _rows()
    assert len(rows) == 64  # 表3.1 (29) and 表3.2 (35) of the Huichang plan carry 达标情况
    agreed: list[str] = []
    disagreed: dict[tuple[str, str], str] = {}
    for title, row in rows:
        j = evaluate(
            row.standard,
            row.baseline.value if row.baseline else None,
            name=row.name,
            unit=row.unit,
            direction=row.direction,
        )
        known = _known(title, row.seq)
        if j.label == row.status:
            assert known is None, f"{title} {row.seq} {row.name}: listed as a disagreement but agrees ({j.reason})"
            agreed.append(f"{title} {row.seq}")
        else:
            assert known is not None, f"{title} {row.seq} {row.name}: 文档 {row.status}, ecociv {j.label}（{j.reason}）"
            # never the opposite verdict: only what cannot be checked stays open
            assert j.status == "needs_review", (row.name, j.reason)
            assert j.reason.endswith("待核定")
            disagreed[(title, row.seq or "")] = j.reason
    assert len(agreed) == 64 - len(KNOWN_DISAGREEMENTS)
    assert len(disagreed) == len(KNOWN_DISAGREEMENTS)


def test_not_met_rows_are_judged_not_met_with_the_numbers() -> None:
    by_name = {row.name: row for _, row in _rows() if row.status == "未达标"}
    assert set(by_name) == {"生态文明建设规划及重大目标任务部署情况", "生态文明建设规划", "农村生活污水治理率"}
    row = by_name["农村生活污水治理率"]
    j = evaluate(row.standard, row.baseline.value if row.baseline else None, name=row.name)
    assert (j.status, j.reason) == ("not_met", "32 < 50，未达标")
    row = by_name["生态文明建设规划"]
    j = evaluate(row.standard, row.baseline.value if row.baseline else None, name=row.name)
    assert j.status == "not_met" and "规划待评审" in j.reason


def test_yichun_completion_table_targets_against_2020_actuals() -> None:
    plan = read_plan(YICHUN)
    table = plan.indicator_tables[0]
    results = {}
    for row in table.rows:
        j = evaluate(row.targets.get(2020), row.actual.get(2020), name=row.name, unit=row.unit)
        results[row.name.split("（")[0]] = j
    # numeric targets are decided from the figures
    assert results["全市主要河流监测断面Ⅲ类以上水质比例"].reason == "100 > 95，达标"
    assert results["地表水质量劣Ⅴ类水质比例"].reason == "0 < 1，达标"
    # 12.8 is a ceiling because 极差比例 is lower-is-better
    assert results["地下水水质极差比例"].reason == "0 ≤ 12.8，达标"
    # cumulative reductions: [8.68] achieved against [4.3] required
    assert results["化学需氧量排放量减少"].status == "met"
    assert results["化学需氧量排放量减少"].reason.startswith("五年累计")
    # [36] is a five-year cumulative decrease (表注); 31 is the year's concentration, not a decrease
    assert results["宜春中心城区细颗粒物浓度"].status == "needs_review"
    assert "五年累计" in results["宜春中心城区细颗粒物浓度"].reason
    # scopes: 城镇95.82 does not say which of 县城/城市/中心城区 it is
    assert results["生活污水集中处理率"].status == "needs_review"
    # no figure reported
    assert results["县级城市细颗粒物浓度下降"].status == "no_data"
    # higher-level targets stay open without the higher level's figure
    assert results["全市生态环境状况指数"].status == "needs_review"
