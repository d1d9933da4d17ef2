"""The HTTP API: ``create_app(settings)``, with every room's routers from ``kizashi.rooms``."""

from kizashi.api.app import create_app

__all__ = ["create_app"]
