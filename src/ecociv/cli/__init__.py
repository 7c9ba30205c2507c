"""Command-line interface: a thin layer over the core library.

Each ``_area`` module registers its commands on :data:`ecociv.cli._app.app`; they are imported
(with Typer and Rich) when a command needs Typer.  The commands people run most — one ``eval``
judgement, ``plans``, the root ``--help`` — run through :mod:`ecociv.cli._fast` first when their
command line is plain, with the same output (``ECOCIV_FAST_CLI=0`` always uses Typer).  A
user-facing error (:class:`ecociv.errors.EcocivError`) becomes one Chinese line on stderr and
exit code 2.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer


def typer_app() -> typer.Typer:
    """The Typer application with every command registered."""
    from ecociv.cli import (  # noqa: F401  (imported to register their commands)
        _assess,
        _maps,
        _monitor,
        _plan_meta,
        _plans,
        _publish,
        _regions,
        _reports,
        _standards,
        _tracking,
        _water,
        _web,
        _workflow,
    )
    from ecociv.cli._app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return typer_app()
    raise AttributeError(f"module 'ecociv.cli' has no attribute {name!r}")


def _typer_main() -> None:
    typer_app()()


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that flushing at exit raises nothing more."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    argv = sys.argv[1:]
    fast = os.environ.get("ECOCIV_FAST_CLI") != "0"
    if fast and argv == ["--help"]:
        from ecociv.cli import _help_cache

        if _help_cache.write_cached():
            sys.exit(0)
        _help_cache.render_and_record(_typer_main)
        return
    from ecociv.errors import EcocivError

    try:
        if fast:
            from ecociv.cli import _fast

            try:
                if _fast.run(argv):
                    return
            except BrokenPipeError:  # the reader went away (``| head``): as Click does, quietly exit 1
                _quiet_stdout()
                sys.exit(1)
            except KeyboardInterrupt:
                print("\n已中断。", file=sys.stderr)
                sys.exit(130)
        _typer_main()
    except EcocivError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        for f in exc.findings[:50]:
            print(f"  - {f}", file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "main", "typer_app"]
