"""The output lines of ``ecociv eval --batch``, built from pieces serialised once.

A line is ``orjson.dumps`` of the judgement's data (:meth:`Judgement.to_dict`) with its catalog
citation: ``{"status", "label", "reason", "expression", "parts"?, "source"?}``.  Of a judgement
without parts only the reason changes from one value to the next, so the bytes before and after
it are serialised once per (expression, status, label, citation) — by ``orjson`` itself, from the
same data with a marker for the reason — and each line is those bytes around its serialised
reason.  Judgements with parts are serialised whole.  The bytes are the same either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from ecociv.cli._judge import _cited
from ecociv.standards._expr import fmt
from ecociv.standards._judgement import holds

if TYPE_CHECKING:
    from ecociv.standards import Evaluator, Expr, Judgement

#: stands for the reason while the bytes around it are made (control characters, escaped by
#: orjson, cannot come before the reason: status and label are fixed words)
_MARK = "\x00\x01reason\x02"
_MARK_JSON = orjson.dumps(_MARK)


class Lines:
    """JSON lines of judgements and their citations."""

    def __init__(self) -> None:
        # each expression serialised once (kept beside its id so that the id is not reused)
        self._expressions: dict[int, tuple[Expr, orjson.Fragment]] = {}
        self._frames: dict[tuple[int, str, str, str | None], tuple[bytes, bytes]] = {}

    def expression(self, e: Expr) -> orjson.Fragment:
        hit = self._expressions.get(id(e))
        if hit is None:
            hit = self._expressions[id(e)] = (e, orjson.Fragment(orjson.dumps(e.to_dict())))
        return hit[1]

    def line(self, j: Judgement, cite: str | None) -> bytes:
        """``orjson.dumps(_cited(j.to_dict(), cite))``."""
        e = j.expression
        if j.parts or e is None:
            return orjson.dumps(_cited(j.to_dict(self.expression), cite))
        key = (id(e), j.status, j.label, cite)
        frame = self._frames.get(key)
        if frame is None:
            d: dict[str, Any] = {"status": j.status, "label": j.label, "reason": _MARK, "expression": self.expression(e)}
            if cite:
                d["source"] = cite.removeprefix("依据：")
            whole = orjson.dumps(d)
            at = whole.index(_MARK_JSON)
            frame = self._frames[key] = (whole[:at], whole[at + len(_MARK_JSON):])
        reason = f"{j.reason}（{cite}）" if cite else j.reason
        return frame[0] + orjson.dumps(reason) + frame[1]


def _text(v: float) -> bytes:
    """``fmt(v).encode()`` for a float, without its function calls: an integral float below
    10**15 is written without ``.0`` (``-0.0`` as ``0``), any other as ``repr`` writes it."""
    r = repr(v)
    if r[-2:] == ".0" and -1e15 < v < 1e15:
        r = r[:-2] if v else "0"
    return r.encode()


class NumberLines:
    """The lines of one prepared evaluator's plain-number judgements when its
    :meth:`~ecociv.standards.Evaluator.number_rule` says how they go — without a judgement object
    per line:

    * ``"compare"``: the reason is the value, then words fixed by the status, so a line is the
      value between bytes made once per status from a real judgement (:class:`Lines`);
    * ``"same"``: every number gets the line of the first one;
    * ``"echo"``: a line is the value between bytes made once from a real judgement in which the
      value's text occurs exactly once.
    """

    __slots__ = ("_frames", "_judge", "_lines", "_op", "_rule", "_same", "_threshold", "_tries", "cite")

    def __init__(self, judge: Evaluator, rule: str, cite: str | None, lines: Lines) -> None:
        self._judge, self._rule, self.cite, self._lines = judge, rule, cite, lines
        self._op, self._threshold = judge.plain_comparison or ("", 0.0)
        self._frames: dict[bool, tuple[bytes, bytes] | None] = {}
        self._same: bytes | None = None
        self._tries = 0

    def __call__(self, value: float, baseline: float | None) -> bytes:
        rule = self._rule
        if rule == "compare":
            v = float(value)
            met = holds(v, self._op, self._threshold)
            frame = self._frames[met] if met in self._frames else self._frame(v, baseline, met)
        elif rule == "same":
            if self._same is None:
                self._same = self._lines.line(self._judge(value, baseline), self.cite)
            return self._same
        else:
            v = float(value)
            frame = self._frames.get(True)
            if frame is None and self._tries < 3:  # a number also written elsewhere in the line: try the next one
                self._tries += 1
                frame = self._frame(v, baseline, True, anywhere=True)
        if frame is None:
            return self._lines.line(self._judge(value, baseline), self.cite)
        return frame[0] + _text(v) + frame[1]

    def _frame(self, value: float, baseline: float | None, key: bool, anywhere: bool = False) -> tuple[bytes, bytes] | None:
        """The bytes before and after the value in ``value``'s line (None: the value is not where
        it is expected, the line is made whole): at the start of the reason, or with ``anywhere``
        the one place the value's text occurs in the line."""
        whole = self._lines.line(self._judge(value, baseline), self.cite)
        number = fmt(value).encode()
        frame = None
        if anywhere:
            if whole.count(number) == 1:
                at = whole.index(number)
                frame = (whole[:at], whole[at + len(number):])
        else:
            at = whole.find(b'"reason":"' + number)
            if at >= 0 and whole.count(b'"reason":"') == 1:
                at += len(b'"reason":"')
                frame = (whole[:at], whole[at + len(number):])
        self._frames[key] = frame
        return frame
