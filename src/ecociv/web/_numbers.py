"""Numbers to draw: the standard's threshold and stage targets, read from their cell texts.

Only for drawing reference lines; the judgement (达标/未达标) is the assessment's.  A text with
several numbers (a range, scopes) contributes its first; a text without a number draws nothing.
"""

from __future__ import annotations

import re

from ecociv.model import Indicator
from ecociv.web._charts import Line

_NUM = re.compile(r"[-−]?\d+(?:\.\d+)?")


def first_number(text: str | None) -> float | None:
    if not text:
        return None
    m = _NUM.search(text.replace(",", "").replace("，", ""))
    if not m:
        return None
    return float(m.group(0).replace("−", "-"))


def reference_lines(ind: Indicator) -> list[Line]:
    lines: list[Line] = []
    std = first_number(ind.standard)
    if std is not None:
        lines.append(Line(label="指标值", value=std, colour="#1565c0"))
    palette = ["#6a1b9a", "#00838f", "#ad1457", "#558b2f"]
    for i, (year, text) in enumerate(sorted(ind.targets.items())):
        v = first_number(text)
        if v is not None:
            lines.append(Line(label=f"{year}年目标", value=v, year=year, colour=palette[i % len(palette)]))
    return lines
