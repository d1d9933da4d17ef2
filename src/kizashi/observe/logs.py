"""Log lines an operator's collector can read: one JSON object per line, with a request id.

Every line carries the id of the request being served (``request_id``), so that one
request's lines can be found among many processes'; the app's middleware sets it for each
request and sends it back in the ``X-Request-ID`` header. Log lines hold no personal data
and no secret: the access line names the route *template* (``/api/v1/reports/{report_id}``),
never the path or query as typed; nobody logs a body, a header or a user name; and the store
hides the bound values of a failed SQL statement (``hide_parameters``), so an error names the
statement, not the row. A test greps the logs of a whole demo run for the demo's names,
phone numbers, passwords and tokens.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

import orjson

from kizashi.config import Settings

_request_id: ContextVar[str | None] = ContextVar("kizashi_request_id", default=None)
_HANDLER_NAME = "kizashi"
# The attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_id_scope(request_id: str) -> Iterator[None]:
    """Lines logged inside carry `request_id`."""
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or _request_id.get()
        if request_id and request_id != "-":
            line["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode("utf-8")


QUIET = ("httpx", "httpx2", "httpcore")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def configure_logging(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Send every logger's records (uvicorn's too) to one handler on stderr, as JSON lines or
    text (``log_format``), at ``log_level``. Calling it again replaces the handler."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(_RequestIdFilter())
    handler.setFormatter(JsonFormatter() if settings.json_logs else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # uvicorn's own loggers write through ours (their access log is replaced by the app's,
    # which names route templates, not paths as typed).
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # HTTP clients log every URL they call at INFO; a webhook's URL may carry a secret.
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
