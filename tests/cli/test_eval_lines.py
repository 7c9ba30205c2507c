"""The pieces ``eval --batch`` builds its lines from write what the standards' own formatting
writes."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ecociv.cli._eval_lines import _text
from ecociv.standards._expr import fmt


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**17), 10**17).map(float))
@example(-0.0)
@example(1e15)
@example(1e15 - 1)
@example(-1e15)
@example(1e16)
@example(0.1 + 0.2)
def test_a_number_is_written_as_fmt_writes_it(v: float) -> None:
    assert _text(v) == fmt(v).encode()
