"""Plan importers: turn a document (text/Markdown, docx) into an :class:`ecociv.model.Plan`.

``read_plan(path)`` picks a reader from one registry (:data:`READERS`).  The parts, in order:
decoding and the line model (``_decode``), table segmentation (``_segment``), header mapping
(``_columns``), row assembly (``_build``, ``_multi``), metadata (``_meta``); tasks and 专栏
projects come from :mod:`.tasks` and :mod:`.projects`.
"""

from ecociv.importers._coverage import nothing_read_message
from ecociv.importers._meta import apply_meta, parse_period
from ecociv.importers._registry import READERS, Reader, read_plan

__all__ = ["READERS", "Reader", "apply_meta", "nothing_read_message", "parse_period", "read_plan"]
