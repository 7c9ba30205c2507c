"""The web dashboard: FastAPI app with server-rendered pages, ``/api`` JSON, accounts and audit.

>>> from ecociv.store import open_store
>>> from ecociv.web import create_app
>>> app = create_app(open_store())   # serve with uvicorn; see ``ecociv serve``
"""

from __future__ import annotations

from ecociv.web._accounts import Accounts, User
from ecociv.web._app import create_app

__all__ = ["Accounts", "User", "create_app"]
