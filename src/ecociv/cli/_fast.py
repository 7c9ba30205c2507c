"""A fast dispatch for the commands people run most, without importing Typer or Rich.

``ecociv eval STANDARD [VALUE] [options]`` (one judgement), ``ecociv eval --batch FILE``,
``ecociv plans [--json]``, ``ecociv show PLAN [--table N]``, ``ecociv import FILE [options]``
(one file) and the cached root help
(:mod:`ecociv.cli._help_cache`) run here when their command line is plain: known options, each
given once, values that need no conversion Typer would do differently.
Anything else — ``--help`` of a command, ``--batch`` beside other words, an unknown or repeated option, a value
starting with ``-``, a number Typer would have to read — returns ``False`` and Typer reads the
command line as usual, with its own messages.  Both paths print with the same functions
(:func:`ecociv.cli._judge.eval_line`, :func:`ecociv.cli._eval_batch.run_batch`,
:func:`ecociv.cli._plan_text.write_plans`, :func:`ecociv.cli._plan_show.write_show`,
:func:`ecociv.cli._plan_import.write_import`), and
``tests/cli/test_fast.py`` runs both on the same command lines and compares the bytes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping

#: a number Typer's ``float`` reads to the same value as Python's ``float``
_PLAIN_NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,15})?")

Options = dict[str, str | bool]


def parse(
    words: list[str], values: Mapping[str, str], flags: Mapping[str, tuple[str, bool]], max_args: int
) -> tuple[list[str], Options] | None:
    """Positional arguments and options of a plain command line; None for anything else.

    ``values`` maps an option that takes a value to its name, ``flags`` a flag to its name and
    value.  ``--option=value`` is read as ``--option value``.
    """
    args: list[str] = []
    options: Options = {}
    i = 0
    while i < len(words):
        word = words[i]
        if "\x1b" in word:  # Click strips terminal escapes from what it prints: Typer decides
            return None
        if not word.startswith("-"):
            args.append(word)
            i += 1
            continue
        opt, eq, value = word.partition("=")
        if opt in flags and not eq:
            name, flag = flags[opt]
            got: str | bool = flag
        elif opt in values:
            name = values[opt]
            if not eq:
                i += 1
                if i == len(words):
                    return None
                value = words[i]
            if value.startswith("-") or "\x1b" in value:
                return None
            got = value
        else:
            return None
        if name in options:
            return None
        options[name] = got
        i += 1
    if len(args) > max_args:
        return None
    return args, options


_EVAL_VALUES = {f"--{k}": k.replace("-", "_") for k in ("baseline", "direction", "name", "unit", "terrain", "higher-level")}
_EVAL_FLAGS = {"--confirmed": ("confirmed", True), "--not-confirmed": ("confirmed", False), "--json": ("as_json", True)}


def _batch(words: list[str]) -> bool:
    """``eval --batch FILE`` (``-``: standard input) and nothing else."""
    if len(words) == 2 and words[0] == "--batch":
        batch = words[1]
    elif len(words) == 1 and words[0].startswith("--batch="):
        batch = words[0].removeprefix("--batch=")
    else:
        return False
    if (batch.startswith("-") and batch != "-") or "\x1b" in batch:
        return False
    from pathlib import Path

    from ecociv.cli._eval_batch import run_batch

    run_batch(Path(batch))
    return True


def _eval(words: list[str]) -> bool:
    if any(w == "--batch" or w.startswith("--batch=") for w in words):
        return _batch(words)
    parsed = parse(words, _EVAL_VALUES, _EVAL_FLAGS, 2)
    if parsed is None:
        return False
    args, options = parsed
    higher = options.pop("higher_level", None)
    if higher is not None and not (isinstance(higher, str) and _PLAIN_NUMBER.fullmatch(higher)):
        return False
    text = {k: v for k, v in options.items() if isinstance(v, str)}
    confirmed = options.get("confirmed")
    from ecociv.cli._judge import eval_line

    line = eval_line(
        args[0] if args else None,
        args[1] if len(args) > 1 else None,
        baseline=text.get("baseline"),
        direction=text.get("direction"),
        name=text.get("name"),
        unit=text.get("unit"),
        terrain=text.get("terrain"),
        higher_level=float(higher) if higher is not None else None,
        confirmed=confirmed if isinstance(confirmed, bool) else None,
        as_json=options.get("as_json") is True,
    )
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    return True


def _plans(words: list[str]) -> bool:
    parsed = parse(words, {}, {"--json": ("as_json", True)}, 0)
    if parsed is None:
        return False
    from ecociv.cli._plan_text import write_plans

    write_plans(as_json=parsed[1].get("as_json") is True)
    return True


#: a table number Typer's ``int`` reads to the same value as Python's ``int``
_PLAIN_INT = re.compile(r"[1-9]\d{0,8}")


def _show(words: list[str]) -> bool:
    parsed = parse(words, {"--table": "table", "-t": "table"}, {}, 1)
    if parsed is None or len(parsed[0]) != 1:
        return False
    table = parsed[1].get("table")
    if table is not None and not (isinstance(table, str) and _PLAIN_INT.fullmatch(table)):
        return False
    from ecociv.cli._plan_show import write_show

    write_show(parsed[0][0], int(table) if table is not None else None)
    return True


_IMPORT_VALUES = {"--region": "region", "--period": "period", "--base-year": "base_year"}
_IMPORT_FLAGS = {
    f"--{k}": (k.replace("-", "_"), True) for k in ("json", "save", "replace", "explain", "allow-empty")
}
#: a year Typer's ``int`` reads to the same value as Python's ``int``
_PLAIN_YEAR = re.compile(r"[1-9]\d{3}")


def _import(words: list[str]) -> bool:
    """``import FILE [options]`` for one file that is not a folder."""
    parsed = parse(words, _IMPORT_VALUES, _IMPORT_FLAGS, 1)
    if parsed is None or len(parsed[0]) != 1 or not parsed[0][0]:
        return False
    options = parsed[1]
    base_year = options.get("base_year")
    if base_year is not None and not (isinstance(base_year, str) and _PLAIN_YEAR.fullmatch(base_year)):
        return False
    from pathlib import Path

    file = Path(parsed[0][0])
    if file.is_dir():
        return False
    from ecociv.cli._plan_import import meta_overrides, write_import

    text = {k: v for k, v in options.items() if isinstance(v, str)}
    overrides = meta_overrides(text.get("region"), text.get("period"), int(base_year) if base_year else None)
    write_import(
        file, as_json=options.get("json") is True, save=options.get("save") is True,
        replace=options.get("replace") is True, explain=options.get("explain") is True,
        allow_empty=options.get("allow_empty") is True, overrides=overrides,
    )
    return True


_COMMANDS: dict[str, Callable[[list[str]], bool]] = {
    "eval": _eval, "plans": _plans, "show": _show, "import": _import,
}


def run(argv: list[str]) -> bool:
    """Run ``argv`` (the words after ``ecociv``) here when it is a plain hot command; False when
    Typer should read it."""
    if not argv or argv[0] not in _COMMANDS:
        return False
    return _COMMANDS[argv[0]](argv[1:])
