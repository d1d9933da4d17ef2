"""The HTTP API: ``create_app(settings)``, one router per context."""

from kizashi.api.app import create_app

__all__ = ["create_app"]
