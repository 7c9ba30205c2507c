"""``ecociv eval --batch FILE``: one JSON object per line in, one JSON judgement per line out.

Every line is read and checked before any is judged (a bad line stops the batch with no output
and names the line).  Lines with the same fields beside the value and the baseline share one
prepared :class:`~ecociv.standards.Evaluator`, and plain numbers are written from the lines its
:meth:`~ecociv.standards.Evaluator.number_rule` lets :class:`~ecociv.cli._eval_lines.NumberLines`
make once.  Runs from :mod:`ecociv.cli._fast` without Typer, and from the Typer command.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import Any

from ecociv.cli._judge import _citation, _direction_problem, _terrain_problem
from ecociv.errors import InputError, os_reason

_BATCH_FIELDS = {"standard", "value", "baseline", "direction", "name", "unit", "terrain", "higher_level", "confirmed"}


_TEXT_FIELDS = ("standard", "name", "unit", "direction", "terrain")


#: the types a batch field may have (exactly as JSON gives them; a bool is not a number)
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    **{key: (str, type(None)) for key in _TEXT_FIELDS},
    "value": (str, int, float, type(None)),
    "baseline": (str, int, float, type(None)),
    "higher_level": (int, float, type(None)),
    "confirmed": (bool, type(None)),
}


def _batch_problem(d: Any) -> str | None:
    """What is wrong with one parsed batch line (None: nothing)."""
    if type(d) is dict:  # the usual line: known fields of the right types
        for k, v in d.items():
            if type(v) not in _FIELD_TYPES.get(k, ()):
                break
        else:
            return _direction_problem(d.get("direction")) or _terrain_problem(d.get("terrain"))
    if not isinstance(d, dict):
        return "应为 JSON 对象，例如 {\"standard\": \"≥20\", \"value\": 24.5}"
    if not d.keys() <= _BATCH_FIELDS:
        unknown = sorted(set(d) - _BATCH_FIELDS)
        return f"未知字段 {'、'.join(unknown)}，可用字段：{'、'.join(sorted(_BATCH_FIELDS))}"
    for key in _TEXT_FIELDS:
        v = d.get(key)
        if v is not None and not isinstance(v, str):
            return f"字段 {key} 应为文本"
    for key in ("value", "baseline"):
        v = d.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
            return f"字段 {key} 应为数值或文本"
    hl = d.get("higher_level")
    if hl is not None and (isinstance(hl, bool) or not isinstance(hl, (int, float))):
        return "字段 higher_level 应为数值"
    if d.get("confirmed") is not None and not isinstance(d["confirmed"], bool):
        return "字段 confirmed 应为 true 或 false"
    return _direction_problem(d.get("direction")) or _terrain_problem(d.get("terrain"))


_Fields = tuple[tuple[str, Any], ...]
_NUMBER_OR_TEXT = frozenset(_FIELD_TYPES["value"])


class _Slot:
    """One distinct combination of a batch line's fields beside the value and the baseline; its
    evaluator and citation are prepared when first judged."""

    __slots__ = ("fields", "prepared")

    def __init__(self, fields: _Fields) -> None:
        self.fields = fields
        self.prepared: tuple[Any, str | None, Any, Any] | None = None


def _batch_rows(raw: bytes, source: str) -> list[tuple[_Slot, Any, Any]]:
    """Each non-blank line of ``raw`` (UTF-8) as (the slot of its fields but the value and the
    baseline, value, baseline); lines with the same fields share one slot.

    Every line is checked before any is judged: a bad line stops the batch with no output.  The
    fields beside the value and the baseline are checked once per distinct combination.  Lines
    end at ``\\n`` or ``\\r`` only: a JSON text may hold U+2028 or a form feed in its strings.
    """
    import orjson  # JSON lines in and out at C speed: 100,000 lines are mostly parsing and writing

    loads, decode_error, number_or_text = orjson.loads, orjson.JSONDecodeError, _NUMBER_OR_TEXT
    good: dict[_Fields, _Slot] = {}
    get = good.get
    rows: list[tuple[_Slot, Any, Any]] = []
    append = rows.append
    every = raw.splitlines()
    for line in every:
        try:
            d = loads(line)
        except decode_error as exc:
            if not line.strip():
                continue
            raise InputError(_line_error(source, every, line, exc.colno)) from None
        if type(d) is dict:
            value, baseline = d.pop("value", None), d.pop("baseline", None)
            fields = tuple(d.items())
            if type(value) in number_or_text and type(baseline) in number_or_text:
                try:
                    slot = get(fields)
                except TypeError:  # a list or an object as a field: reported below
                    slot = None
                else:
                    if slot is None and _batch_problem(d) is None:
                        slot = good[fields] = _Slot(fields)
                if slot is not None:
                    append((slot, value, baseline))
                    continue
            d.update((k, v) for k, v in (("value", value), ("baseline", baseline)) if v is not None)
        # the first line with these bytes: an earlier equal line would have stopped the batch
        raise InputError(f"{source} 第{every.index(line) + 1}行：{_batch_problem(d)}")
    return rows


def _line_error(source: str, every: list[bytes], line: bytes, column: int) -> str:
    n = every.index(line) + 1  # the first line with these bytes, as above
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{source} 第{n}行：不是 UTF-8 编码的文本（第{exc.start + 1}个字节起），应为每行一个 JSON 对象"
    return f"{source} 第{n}行：不是有效的 JSON（第{column}列出错），应为一个 JSON 对象"


def _prepare(fields: _Fields, lines: Any) -> tuple[Any, str | None, Any, Any]:
    """The evaluator of a batch line's fields (standard, name, unit, …), its citation, and the
    :class:`~ecociv.cli._eval_lines.NumberLines` of its plain numbers without and with a baseline
    (None where its number rule says judging takes more)."""
    from ecociv.cli._eval_lines import NumberLines
    from ecociv.standards import Evaluator

    d = dict(fields)
    hl, name, standard = d.get("higher_level"), d.get("name"), d.get("standard")
    judge = Evaluator(standard, direction=d.get("direction"), name=name, unit=d.get("unit"),
                      terrain=d.get("terrain"), confirmed=d.get("confirmed"),
                      higher_level=float(hl) if hl is not None else None)
    cite = _citation(name, standard)
    without, with_ = judge.number_rule(False), judge.number_rule(True)
    plain = NumberLines(judge, without, cite, lines) if without is not None else None
    # a comparison ignores the baseline; other rules hold for lines with a baseline or for those without
    based = plain if with_ == "compare" else NumberLines(judge, with_, cite, lines) if with_ is not None else None
    return judge, cite, plain, based


def run_batch(batch: Path) -> None:
    source = "标准输入" if str(batch) == "-" else str(batch)
    try:
        if str(batch) == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            raw = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
        else:
            raw = batch.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到批量文件 {source}") from None
    except OSError as exc:
        raise InputError(f"无法读取批量文件 {source}：{os_reason(exc)}") from None
    rows = _batch_rows(raw.removeprefix(codecs.BOM_UTF8), source)
    del raw
    from ecociv.cli._eval_lines import Lines

    # lines with the same standard, name, unit, … share one prepared evaluator and citation, and
    # plain numbers the lines its number rule makes without and with a baseline
    made = Lines()
    line = made.line
    out = sys.stdout.buffer
    lines: list[bytes] = []
    for slot, value, baseline in rows:
        prepared = slot.prepared
        if prepared is None:
            prepared = slot.prepared = _prepare(slot.fields, made)
        vt = value.__class__
        if vt is float or vt is int:
            bt = baseline.__class__
            numbers = prepared[2] if baseline is None else (prepared[3] if bt is float or bt is int else None)
            if numbers is not None:
                lines.append(numbers(value, baseline))
            else:
                lines.append(line(prepared[0](value, baseline), prepared[1]))
        else:
            lines.append(line(prepared[0](value, baseline), prepared[1]))
        if len(lines) >= 4096:
            out.write(b"\n".join(lines) + b"\n")
            lines.clear()
    if lines:
        out.write(b"\n".join(lines) + b"\n")
    out.flush()
