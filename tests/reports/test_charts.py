"""Charts: inline SVG for html (valid XML, one mark per figure) and PNG for docx."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from tests.reports.conftest import Stored

from ecociv.reports._png import cjk_font, status_bars_png, trends_png
from ecociv.reports._sections import CountRow, TrendSeries
from ecociv.reports._style import STATUS_COLORS
from ecociv.reports._svg import status_bars, trend_line

SVG = "{http://www.w3.org/2000/svg}"


def test_status_bars_svg_from_the_report(huichang: Stored) -> None:
    rows = huichang.ctx.by_domain
    root = ET.fromstring(status_bars(rows, "各领域指标达标情况"))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    # one bar segment per non-zero (group, status) pair, its tooltip naming the count
    expected = [(r.group, s, r.get(s)) for r in rows for s in STATUS_COLORS if r.get(s)]
    assert len(bars) == len(expected)
    for rect, (group, status, n) in zip(bars, expected, strict=True):
        assert rect.get("fill") == "#" + STATUS_COLORS[status][0]
        assert rect.findtext(f"{SVG}title", "").startswith(group) and f" {n} 项" in rect.findtext(f"{SVG}title", "")
    widths = {}
    for rect, (group, _, _) in zip(bars, expected, strict=True):
        widths[group] = widths.get(group, 0.0) + float(rect.get("width") or 0)
    assert all(w == pytest.approx(420, abs=0.5) for w in widths.values()), "each bar spans the full width"


def test_status_bars_svg_with_an_empty_group() -> None:
    root = ET.fromstring(status_bars([CountRow("生态经济", 0), CountRow("生态生活", 2, met=2)], "t"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "生态经济" in texts and "共0项" in texts
    assert len([r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]) == 1


def test_trend_line_svg() -> None:
    flat = TrendSeries("0/1", "城镇污水处理率", "%", "met", [(2022, 95.0), (2023, 95.0)], [(2025, 95.0)])
    root = ET.fromstring(trend_line(flat))
    circles = list(root.iter(f"{SVG}circle"))
    assert [c.findtext(f"{SVG}title") for c in circles] == ["2022年 95", "2023年 95"]
    assert len({c.get("cy") for c in circles}) == 1  # a constant series is a flat line
    targets = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-dasharray")]
    assert [t.findtext(f"{SVG}title") for t in targets] == ["2025年目标 95"]
    rising = TrendSeries("0/2", "森林覆盖率", "%", "not_met", [(2020, 60.0), (2021, 61.0), (2022, 62.5)])
    root = ET.fromstring(trend_line(rising))
    ys = [float(c.get("cy") or 0) for c in root.iter(f"{SVG}circle")]
    assert ys == sorted(ys, reverse=True)  # higher values are drawn higher up
    assert root.find(f"{SVG}polyline").get("stroke") == "#" + STATUS_COLORS["not_met"][0]


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (Debian: fonts-noto-cjk)")
def test_png_charts(huichang: Stored) -> None:
    from PIL import Image

    bars = Image.open(io.BytesIO(status_bars_png(huichang.ctx.by_domain, "各领域指标达标情况")))
    assert bars.format == "PNG" and bars.width > bars.height > 100
    nine = huichang.ctx.trends[:9]
    grid = Image.open(io.BytesIO(trends_png(nine)))
    assert grid.format == "PNG" and grid.height > 2 * 100 and grid.width > 600


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.47, "0.47"), (95.0, "95"), (-0.16, "-0.16"), (1200000.0, "1200000"), (1234567.5, "1234567.5"),
     (0.0000012, "0.0000012"), (float("nan"), "—")],
)
def test_figures_are_written_without_exponents(value: float, text: str) -> None:
    from ecociv.reports._sections import number_text

    assert number_text(value) == text
