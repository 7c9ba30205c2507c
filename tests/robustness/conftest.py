"""Fixtures of the robustness tests: the web tests' site (SQLite store, sample plans, one account per role)."""

from __future__ import annotations

from tests.web.conftest import site  # noqa: F401  (the fixture, shared)
