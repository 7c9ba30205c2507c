"""Errors that reach users.  Their text is Chinese and names what went wrong and where.

The CLI turns an :class:`EcocivError` into a one-line message on stderr and exit code 2; the
web app turns it into a 400 page.  Anything else is a bug.
"""

from __future__ import annotations

from ecociv.model import Finding


class EcocivError(Exception):
    """A user-facing error with a Chinese message."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = list(findings or [])


class InputError(EcocivError):
    """Bad input: unreadable, unsupported or invalid file or value."""


class NotFoundError(EcocivError):
    """A plan, indicator, unit … that does not exist."""


class PermissionDenied(EcocivError):
    """The user may not do this."""
