"""``ecociv --help`` from a cache: the text Typer and Rich wrote last time, when nothing it
depends on has changed.

Rendering the root help means importing every command module, building the Click commands and
laying out Rich panels (about 0.6 G instructions).  The first ``ecociv --help`` renders it as
usual and records, beside the text it wrote:

* every input Rich and Typer read to lay it out: the environment variables they consult, whether
  standard output is a terminal, the terminal size of standard input, output and error, the
  output encoding, the program name, the Python version and the ecociv release;
* every file the rendering loaded or opened and every folder it listed (modules, bytecode, data
  files, the folders imports search: an audit hook sees each ``open`` and listing), with its
  modification time and size — the test Python itself applies to its bytecode cache — or the
  fact that it was missing.

A later ``ecociv --help`` writes the recorded text only when all inputs are equal and every file
still has its recorded time and size; otherwise Typer renders it again (and the record is
replaced).  The record lives in ``$XDG_CACHE_HOME/ecociv`` (default ``~/.cache/ecociv``); when
that folder cannot be written, help is simply rendered each time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: environment variables that change what Typer, Click or Rich write, or how
_ENV = (
    "COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
    "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "DATABRICKS_RUNTIME_VERSION",
    "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL", "GITHUB_ACTIONS", "PY_COLORS",
    "TYPER_USE_RICH", "TYPER_STANDARD_TRACEBACK", "_TYPER_STANDARD_TRACEBACK", "_ECOCIV_COMPLETE",
    # the language gettext picks Click's and Typer's own words in
    "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG",
)
_FORMAT = 1


def _terminal_size(fd: int) -> list[int] | None:
    try:
        size = os.get_terminal_size(fd)
    except (OSError, ValueError):
        return None
    return [size.columns, size.lines]


def _isatty() -> bool | None:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return None


def _inputs() -> list[Any]:
    """What the rendered help depends on besides files, in a JSON-comparable form."""
    import ecociv

    return [
        _FORMAT,
        ecociv.__version__,
        sys.version,
        sys.executable,
        sys.platform,
        os.path.basename(sys.argv[0]) if sys.argv else "",
        [os.environ.get(name) for name in _ENV],
        _isatty(),
        getattr(sys.stdout, "encoding", None),
        getattr(sys.stdout, "errors", None),
        [_terminal_size(fd) for fd in (0, 1, 2)],
    ]


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ecociv"


def _record_path(inputs: list[Any]) -> Path:
    digest = hashlib.blake2b(json.dumps(inputs).encode(), digest_size=12).hexdigest()
    return _folder() / f"help-{digest}.json"


def _signature(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def write_cached() -> bool:
    """Write the recorded root help to standard output; False when there is no valid record."""
    inputs = _inputs()
    try:
        record = json.loads(_record_path(inputs).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("inputs") != inputs:
        return False
    files = record.get("files")
    text = record.get("text")
    if not isinstance(files, list) or not isinstance(text, str) or not files:
        return False
    for entry in files:
        if not isinstance(entry, list) or len(entry) != 2 or _signature(str(entry[0])) != entry[1]:
            return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


class _Tee:
    """Standard output that also keeps what is written (everything else is the real stream's)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        written = int(self._stream.write(text))  # first: a probe with bytes fails as on the real stream
        self.parts.append(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def render_and_record(render: Callable[[], None]) -> None:
    """Run ``render`` (the Typer application on ``--help``); when it ends with exit code 0,
    record what it wrote and what that depended on."""
    inputs = _inputs()  # before rendering: the same moment as write_cached reads them
    opened: set[str] = set()
    unknown: list[object] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event in ("open", "os.listdir", "os.scandir") and args:
            path = args[0]
            if isinstance(path, str):
                opened.add(path)
            elif event != "open" or not isinstance(path, int):  # an open file descriptor is no path
                unknown.append(path)

    sys.addaudithook(audit)
    tee = _Tee(sys.stdout)
    sys.stdout = tee
    code: Any = 0
    try:
        render()
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        sys.stdout = tee._stream
        if code in (0, None) and tee.parts and not unknown:
            _save(inputs, opened, "".join(tee.parts))


def _save(inputs: list[Any], opened: set[str], text: str) -> None:
    paths = opened | {f for m in list(sys.modules.values()) if isinstance(f := getattr(m, "__file__", None), str)}
    # a file looked for and missing is recorded as missing: when it appears, the record is stale
    files = [[path, _signature(path)] for path in sorted({os.path.abspath(p) for p in paths})]
    target = _record_path(inputs)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"inputs": inputs, "files": files, "text": text}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, target)
    except OSError:  # a read-only home: help is rendered each time
        return
