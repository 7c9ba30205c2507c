"""``observe template``: the fill-in workbook for a plan (openpyxl)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ecociv._cells import guard_workbook
from ecociv.model import Plan
from ecociv.observations._layout import (
    FIXED,
    KEY,
    NOTE,
    SHEET,
    SOURCE,
    expects_number,
    is_percent,
    plan_years,
    rows,
    signed_percent,
)
from ecociv.store import baseline_number

QUALITATIVE_CHOICES = "达标,未达标,已完成,未完成,待核定"


def write_template(plan: Plan, path: str | Path, years: tuple[int, int] | None = None) -> Path:
    """Write the workbook: one row per indicator or sub-indicator, a column per year.

    Year columns take numbers (0–100 for percentages) or, for qualitative indicators, one of
    达标/未达标/已完成/未完成/待核定; Excel enforces this with data validation.
    """
    first, last = years or plan_years(plan)
    target_years = sorted({y for _, ind, _, _ in rows(plan) for y in ind.targets})
    headers = [*FIXED, *[f"{y}年目标值" for y in target_years], *[f"{y}年" for y in range(first, last + 1)], SOURCE, NOTE]
    year_col0 = len(FIXED) + len(target_years) + 1
    year_cols = [get_column_letter(year_col0 + k) for k in range(last - first + 1)]

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c in ws[1]:
        c.font = bold
        c.fill = fill
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    dv_pct = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    dv_pct.error, dv_pct.errorTitle = "请填写0—100之间的数值（百分比，不带%号）", "数值超出范围"
    dv_signed = DataValidation(type="decimal", operator="between", formula1="-100", formula2="100", allow_blank=True)
    dv_signed.error, dv_signed.errorTitle = "请填写-100—100之间的数值（百分比变化）", "数值超出范围"
    dv_num = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
    dv_num.error, dv_num.errorTitle = "请填写数值", "需要数值"
    dv_text = DataValidation(type="list", formula1=f'"{QUALITATIVE_CHOICES}"', allow_blank=True)
    dv_text.error, dv_text.errorTitle = f"请选择：{QUALITATIVE_CHOICES}", "定性指标"
    dv_text.showErrorMessage = False  # a department may write a short text instead (已建立 …)
    for dv in (dv_pct, dv_signed, dv_num):
        dv.showErrorMessage = True
    for dv in (dv_pct, dv_signed, dv_num, dv_text):
        ws.add_data_validation(dv)

    for r, (key, ind, name, top) in enumerate(rows(plan), start=2):
        targets = [ind.targets.get(y) or "" for y in target_years]
        base = ind.baseline.value if ind.baseline else None
        ws.append(
            [
                key,
                ind.domain or top.domain or "",
                ind.seq or "",
                name,
                ind.unit or top.unit or "",
                ind.standard or "",
                ind.attribute or top.attribute or "",
                base or "",
                *targets,
            ]
        )
        if plan.base_year is not None and first <= plan.base_year <= last and base:
            cell = ws.cell(row=r, column=year_col0 + plan.base_year - first)
            number = baseline_number(base, ind.unit)
            if number is not None:  # a text baseline stays in 基准值 only
                cell.value = number
        if expects_number(ind):
            dv = (dv_signed if signed_percent(ind) else dv_pct) if is_percent(ind) else dv_num
        else:
            dv = dv_text
        dv.add(f"{year_cols[0]}{r}:{year_cols[-1]}{r}")

    widths = {KEY: 8, "领域": 10, "序号": 6, "指标名称": 36, "单位": 10, "指标值": 18, "指标属性": 8, "基准值": 14}
    for k, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(k)].width = widths.get(h, 12)
    ws.freeze_panes = "E2"

    info = wb.create_sheet("填报说明")
    for line in (
        [f"规划：{plan.title}"],
        [f"地区：{plan.region}"],
        ["每行一个指标或子指标；请勿修改“指标键”列。"],
        ["年度列填写该年数值：百分比只填数字（如 95.6），不带%；定性指标填写 达标/未达标/已完成 等。"],
        ["基准年的数值已按规划基准值预填，如有更正可直接修改。"],
        ["“数据来源（填报单位）”填写提供数据的部门；“备注”填写口径说明。"],
        ["填好后运行：ecociv observe import 规划 本文件.xlsx"],
    ):
        info.append(line)
    info.column_dimensions["A"].width = 90
    out = Path(path)
    guard_workbook(wb)
    wb.save(out)
    return out
