"""Plans built in code for store tests: every field of the model filled, including awkward values."""

from __future__ import annotations

import datetime as dt

from ecociv.model import (
    Baseline,
    Finding,
    Indicator,
    IndicatorTable,
    Plan,
    Project,
    Quantity,
    Region,
    Task,
)


def rich_plan(title: str = "会昌县生态文明建设示范区规划（2023—2030年）", region: str = "会昌县") -> Plan:
    forest = Indicator(
        name="森林覆盖率",
        domain="生态空间",
        seq="7",
        unit="%",
        standard="山区≥60 丘陵区≥40 平原地区≥18",
        baseline=Baseline(year=2022, value="79.5"),
        status="达标",
        targets={2025: "≥79.5", 2030: "≥80"},
        attribute="约束性",
        source_line=512,
        sub_indicators=[
            Indicator(name="山区", baseline=Baseline(year=None, value="80％"), targets={2025: "≥60"}),
            Indicator(name="丘陵区", baseline=Baseline(year=2021, value="—"), targets={2025: None}),
        ],
    )
    water = Indicator(
        name="地表水水质优良（达到或优于Ⅲ类）比例",
        domain="生态环境",
        seq="3",
        unit="%",
        baseline=Baseline(year=2022, value="100"),
        targets={2025: "100", 2030: "100"},
        attribute="约束性",
        extra={"备注": "国考、省考断面", "五年累计": ""},
        direction="higher",
        catalog_id="eco-county-2024/3",
        sub_indicators=[
            Indicator(name="国考监测断面", baseline=Baseline(year=2022, value="100")),
            Indicator(
                name="省考监测断面",
                baseline=Baseline(year=2022, value="95.2"),
                sub_indicators=[Indicator(name="其中：湘江流域", baseline=None)],
            ),
        ],
    )
    no_baseline = Indicator(
        name="生态环境保护责任制落实情况", standard="落实", baseline=None, status="未达标"
    )
    empty_baseline = Indicator(name="公众满意程度", unit="%", baseline=Baseline(), targets={2030: ">80"})
    completion = Indicator(
        name="PM2.5年均浓度",
        unit="微克/立方米",
        baseline=Baseline(year=2015, value="1,234.5"),
        targets={2020: "35"},
        actual={2020: "28", 2019: None},
    )
    return Plan(
        title=title,
        region=region,
        kind="生态文明建设示范区规划",
        base_year=2022,
        period=(2023, 2030),
        stage_years=[2025, 2030],
        source_file="huichang.txt",
        encoding="gb18030",
        region_info=Region(name=region, level="县区", parent="赣州市", code="360733", terrain="山区"),
        indicator_tables=[
            IndicatorTable(
                title="表3.1 会昌县生态文明建设示范区建设指标",
                columns=["领域", "序号", "指标名称", "单位", "指标值", "现状值", "达标情况", "指标属性"],
                source_line=500,
                rows=[water, forest, no_baseline, empty_baseline],
            ),
            IndicatorTable(
                title="表1 “十三五”生态环境保护指标完成情况",
                kind="completion",
                columns=["指标", "2015年", "2020年目标", "2020年完成"],
                rows=[completion],
            ),
            IndicatorTable(title="表9 空表", columns=[]),
        ],
        tasks=[
            Task(
                text="到2024年累计建成充电桩1510根，6月底前完成方案。",
                units=["县发改委", "县生态环境局", "各乡镇"],
                placeholders=["各乡镇"],
                section="（一）推进绿色低碳发展",
                title="建设充电设施",
                deadline=dt.date(2024, 6, 30),
                quantities=[
                    Quantity(
                        text="累计建成充电桩1510根",
                        value=1510.0,
                        unit="根",
                        comparison=">=",
                        deadline=dt.date(2024, 12, 31),
                        subject="充电桩",
                    ),
                    Quantity(text="完成率100%", value=100.0, unit="%"),
                ],
                source_line=900,
            ),
            Task(text="无责任单位的任务"),
        ],
        projects=[
            Project(
                name="湘江源头生态保护修复工程",
                column="专栏5 生态保护修复重点工程",
                content="修复河岸带 12 公里",
                investment_wan_yuan=12500.5,
                period="2023—2025年",
                responsible=["县林业局", "县水利局"],
                source_line=1200,
                quantities=[Quantity(text="修复河岸带12公里", value=12.0, unit="公里", subject="河岸带")],
            ),
            Project(name="无投资工程"),
        ],
        warnings=[
            Finding(
                slug="row-unplaced",
                message="无法归入任何指标表的行",
                line=733,
                data={"raw": "\t备注：……", "cells": ["a", "b"]},
            ),
            Finding(
                slug="encoding-detected", message="文件编码为 GB18030", severity="info", file="huichang.txt"
            ),
        ],
    )
