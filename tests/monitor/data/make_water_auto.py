"""Writes the automatic-station fixtures beside this file (run once; the outputs are committed).

Every item of a section-month is ``base - d`` in the first half of each day and ``base + d`` in
the second, so a month's mean is its base as long as whole days, or a morning and an afternoon
sample of one day, are left out.  The bases, the gaps and the expected monthly and annual
classes are written out in tests/monitor/test_water_hourly.py.

water_auto_4h.csv    wide layout, one row per section every 4 hours, 2025-01..03, two rivers;
                     青石桥 is in 维护 on 2025-02-10..17 (8 days: 120 of 168 samples valid, below
                     75 %); 龙门渡 has a 故障 day, a "—" and a 0 in March.
water_auto_1h.xlsx   long layout (one row per section-hour-item) with a title row and a status
                     column, hourly, 2025-04..05, one lake (翠湖); 维护 on 2025-05-01..03 and
                     校准 on 总磷 at 02:00 and 14:00 of 2025-05-10..20.
water_manual_2025.csv  manual monthly samples of 青石桥 in 2025-01..03 (for the mixed folder).
"""

from __future__ import annotations

import calendar
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
# section -> month -> item -> (base, half-spread)
CSV_BASES = {
    "青石桥": {
        1: {"ph": (7.5, 0.3), "do": (8.0, 0.4), "codmn": (3.0, 0.5), "nh3n": (0.40, 0.1), "tp": (0.08, 0.02)},
        2: {"ph": (7.4, 0.3), "do": (5.0, 0.4), "codmn": (6.0, 0.5), "nh3n": (2.5, 0.1), "tp": (0.30, 0.02)},
        3: {"ph": (7.6, 0.3), "do": (6.5, 0.4), "codmn": (5.0, 0.5), "nh3n": (0.90, 0.1), "tp": (0.15, 0.02)},
    },
    "龙门渡": {
        1: {"ph": (7.8, 0.3), "do": (5.5, 0.4), "codmn": (7.0, 0.5), "nh3n": (1.6, 0.1), "tp": (0.25, 0.02)},
        2: {"ph": (7.8, 0.3), "do": (4.0, 0.4), "codmn": (8.0, 0.5), "nh3n": (2.4, 0.1), "tp": (0.30, 0.02)},
        3: {"ph": (8.8, 0.3), "do": (6.0, 0.4), "codmn": (5.0, 0.5), "nh3n": (0.8, 0.1), "tp": (0.15, 0.02)},
    },
}
XLSX_BASES = {
    4: {"ph": (8.0, 0.2), "do": (7.0, 0.5), "codmn": (3.5, 0.5), "nh3n": (0.30, 0.05), "tp": (0.040, 0.005), "tn": (0.9, 0.1)},
    5: {"ph": (8.2, 0.2), "do": (6.5, 0.5), "codmn": (4.5, 0.5), "nh3n": (0.45, 0.05), "tp": (0.058, 0.005), "tn": (1.2, 0.1)},
}
NAMES = {"ph": "pH(无量纲)", "do": "溶解氧(mg/L)", "codmn": "高锰酸盐指数(mg/L)", "nh3n": "氨氮(mg/L)", "tp": "总磷(mg/L)", "tn": "总氮(mg/L)"}
LONG_NAMES = {"ph": "pH", "do": "溶解氧", "codmn": "高锰酸盐指数", "nh3n": "氨氮", "tp": "总磷", "tn": "总氮"}
UNITS = {"ph": "无量纲", "do": "mg/L", "codmn": "mg/L", "nh3n": "mg/L", "tp": "mg/L", "tn": "mg/L"}


def _v(base: tuple[float, float], afternoon: bool, nd: int = 3) -> str:
    b, d = base
    return f"{round(b + d if afternoon else b - d, nd):g}"


def write_csv() -> None:
    with (HERE / "water_auto_4h.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["断面名称", "监测时间", "水温(℃)", *NAMES.values(), "电导率(μS/cm)", "浊度(NTU)", "水质类别", "站点情况"])
        for section, months in CSV_BASES.items():
            for month, bases in months.items():
                for day in range(1, calendar.monthrange(2025, month)[1] + 1):
                    for hour in range(0, 24, 4):
                        pm = hour >= 12
                        vals = [_v(bases[k], pm) if k in bases else "" for k in NAMES]
                        status = "正常"
                        if section == "青石桥" and month == 2 and 10 <= day <= 17:
                            status = "维护"
                        if section == "龙门渡" and month == 3:
                            if day == 5:
                                status = "仪器故障"
                            if day == 12 and hour == 4:
                                vals[3] = "—"  # 氨氮 morning sample missing …
                            if day == 12 and hour == 16:
                                vals[3] = "0"  # … and an afternoon one ≤ 0: the mean stays the base
                        w.writerow([section, f"2025-{month:02d}-{day:02d} {hour:02d}:00:00", "12.5", *vals, "350", "20", "Ⅲ", status])


def write_xlsx() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小时数据"
    ws.append(["翠湖水质自动站小时监测数据（2025年4—5月）"])
    ws.append(["站点名称", "水体类型", "监测时间", "监测项目", "监测值", "单位", "数据标识"])
    for month, bases in XLSX_BASES.items():
        for day in range(1, calendar.monthrange(2025, month)[1] + 1):
            for hour in range(24):
                pm = hour >= 12
                for k, b in bases.items():
                    flag = "N"
                    if month == 5 and day <= 3:
                        flag = "维护"
                    if month == 5 and 10 <= day <= 20 and k == "tp" and hour in (2, 14):
                        flag = "校准"
                    ws.append(["翠湖", "湖库", f"2025/{month}/{day} {hour}:00", LONG_NAMES[k], float(_v(b, pm, 4)), UNITS[k], flag])
    wb.save(HERE / "water_auto_1h.xlsx")


def write_manual() -> None:
    rows = [
        ["青石桥", "2025-01-08", "河流", "7.2", "9.0", "2.5", "12", "2.0", "0.2", "0.05"],
        ["青石桥", "2025-02-12", "河流", "7.3", "7.0", "3.5", "16", "3.5", "0.6", "0.12"],
        ["青石桥", "2025-03-11", "河流", "7.4", "6.0", "4.5", "22", "3.0", "1.0", "0.18"],
    ]
    with (HERE / "water_manual_2025.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["断面名称", "采样日期", "断面类型", "pH", "溶解氧", "高锰酸盐指数", "化学需氧量", "五日生化需氧量", "氨氮", "总磷"])
        w.writerows(rows)


if __name__ == "__main__":
    write_csv()
    write_xlsx()
    write_manual()
