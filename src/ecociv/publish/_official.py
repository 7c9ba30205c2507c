"""Which figures a public results site may show ("official" figures).

A figure is published only when all of these hold:

1. it is the current record of its indicator and year (a corrected value replaces the old one;
   the old one is never shown);
2. it has a number or a text;
3. it is not marked as provisional: its text, note or source contains none of
   :data:`PROVISIONAL_MARKS` (e.g. monitoring years with too few valid days are stored with the
   note “仅供参考”);
4. its year is not after the year the site is published for.

Everything else is left out and counted in the publication's summary, by reason.  Notes,
who entered a figure and evidence files are never published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ecociv.model import Observation

#: words that mark a figure as not (yet) official
PROVISIONAL_MARKS = ("仅供参考", "暂定", "待核", "未审核", "未审定", "未核定", "初步", "预估", "估算", "测算中", "草稿")


@dataclass
class Selection:
    official: list[Observation]
    #: left out: (indicator key, year, why)
    left_out: list[tuple[str, int, str]] = field(default_factory=list)


def provisional_mark(o: Observation) -> str | None:
    for text in (o.text, o.note, o.source):
        for mark in PROVISIONAL_MARKS:
            if text and mark in text:
                return mark
    return None


def select_official(observations: Iterable[Observation], year: int | None = None) -> Selection:
    """Split current observations into those a public site shows and those it leaves out."""
    sel = Selection(official=[])
    for o in observations:
        if o.value is None and not (o.text or "").strip():
            sel.left_out.append((o.indicator_key, o.year, "无数值"))
        elif year is not None and o.year > year:
            sel.left_out.append((o.indicator_key, o.year, f"晚于发布年份{year}年"))
        elif (mark := provisional_mark(o)) is not None:
            sel.left_out.append((o.indicator_key, o.year, f"标注为“{mark}”"))
        else:
            sel.official.append(Observation(o.indicator_key, o.year, value=o.value, text=o.text, source=o.source))
    return sel
