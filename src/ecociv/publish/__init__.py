"""The public results site (评估结果向社会公布): a static, read-only copy of one plan's official
results that opens from the file system and from any web server.

>>> result = build_site(store, "会昌县", Path("site"), year=2024)

What counts as official (and so is published) is defined in :mod:`ecociv.publish._official`.
"""

from __future__ import annotations

from ecociv.publish._map import map_for_site
from ecociv.publish._official import PROVISIONAL_MARKS, Selection, select_official
from ecociv.publish._site import Published, build_site

__all__ = ["PROVISIONAL_MARKS", "Published", "Selection", "build_site", "map_for_site", "select_official"]
