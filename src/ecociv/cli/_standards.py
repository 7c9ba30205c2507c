"""Commands of this area register on the shared app (filled in by its owner)."""

from ecociv.cli._app import app  # noqa: F401
