"""One request id per HTTP request, so the audit log can tell a page from its items.

A page (or an API call) often decides many items at once: a case page that shows eight
reports and hides three writes eleven audit entries. Insider analytics must read those back
as *one* access, not as three refusals (docs/insider.md), so every decision made while a
request is served carries the request's id (the guard's ``request_scope``; the key
``request`` in each entry's context). The same id is returned in the ``X-Request-Id``
response header, so a user's report of a problem can be found in the log.

A plain ASGI middleware rather than a dependency: a context variable set in a dependency
that FastAPI runs in a worker thread would not reach the endpoint. Behind the operations
middleware (``kizashi.ops``: access lines and metrics, which takes a caller's valid
``X-Request-Id`` or makes one) the request keeps that one id — in the logs, the audit log
and the one response header alike; on its own, it makes the id and sends the header.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kizashi.guard.policy import request_scope
from kizashi.ids import new_id
from kizashi.observe import current_request_id

REQUEST_ID_HEADER = "X-Request-Id"


class RequestScope:
    """ASGI middleware: each HTTP request is served inside its own ``request_scope``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        outer = current_request_id()
        request_id = outer or new_id()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start" and outer is None:
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with request_scope(request_id):
            await self.app(scope, receive, send_with_id)
