"""Entry point for ``ecociv serve --workers N``: each worker process builds the app from the
environment (``ECOCIV_DATABASE_URL``, ``ECOCIV_SECRET_KEY`` set by the parent)."""

from __future__ import annotations

from fastapi import FastAPI


def app_from_env() -> FastAPI:
    from ecociv.store import open_store
    from ecociv.web import create_app

    app = create_app(open_store())
    app.state.views.warm_in_background()
    return app
