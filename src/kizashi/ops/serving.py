"""The app factory each HTTP worker process calls when `kizashi serve --workers N` runs several.

uvicorn starts its worker processes afresh and imports this; each builds its own app (its
own engine, audit log and guard) from the settings in the environment, which the parent
shares with them. The parent runs the live pipeline's worker, if any.
"""

from __future__ import annotations

from fastapi import FastAPI

from kizashi.config import load_settings
from kizashi.observe import configure_logging


def served_app() -> FastAPI:
    from kizashi.api import create_app

    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)
