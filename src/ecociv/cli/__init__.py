"""Command-line interface: a thin layer over the core library.

Each ``_area`` module registers its commands on :data:`ecociv.cli._app.app`.  A user-facing
error (:class:`ecociv.errors.EcocivError`) becomes one Chinese line on stderr and exit code 2.
"""

from __future__ import annotations

import sys

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
from ecociv.errors import EcocivError


def main() -> None:
    try:
        app()
    except EcocivError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        for f in exc.findings[:50]:
            print(f"  - {f}", file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "main"]
