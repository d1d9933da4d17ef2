"""Request size and JSON nesting limits, applied before routing, authentication or parsing.

An ASGI middleware (the app installs it outermost): a body announced larger than
``api_max_body_bytes`` is refused with 413 before a byte of it is read, and one that grows
past it while being read is cut off with 413 as well; nothing reaches a route, so an
unauthenticated 200 MB upload costs the server no parsing and no token lookup. A JSON body
nested deeper than ``api_max_json_depth`` is refused with 422 (never a 500 from a
recursion deep in validation). Answers are the one problem shape (:mod:`kizashi.http.problems`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")


def depth_exceeds(value: Any, limit: int) -> bool:
    """Whether a parsed JSON value nests arrays/objects more than `limit` deep (iterative)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def too_deep(body: bytes, limit: int) -> bool:
    """Whether a JSON (or JSON Lines) body nests more than `limit` deep.

    A body with no more openers than the limit cannot be too deep (a C-speed count); else
    it is parsed (orjson) and walked. A body that does not parse is left to the route,
    which answers 422 with the parser's reason.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    try:
        documents = [orjson.loads(body)]
    except orjson.JSONDecodeError:
        try:
            documents = [orjson.loads(line) for line in body.splitlines() if line.strip()]
        except orjson.JSONDecodeError:
            return False
    return any(depth_exceeds(document, limit) for document in documents)


class BodyLimits:
    """Refuse oversized and over-nested request bodies before the app sees them."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_depth: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        announced = headers.get("content-length")
        if announced is not None:
            try:
                size = int(announced)
            except ValueError:
                await _problem(send, 400, "Content-Length is not a number")
                return
            if size > self.max_bytes:
                await _problem(send, 413, self._too_large())
                return
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await _problem(send, 413, self._too_large())
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        kind = headers.get("content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if kind in JSON_TYPES and too_deep(body, self.max_depth):
            await _problem(send, 422, f"the JSON body nests deeper than {self.max_depth} levels")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes"


async def _problem(send: Send, status: int, detail: str) -> None:
    body = orjson.dumps({"detail": detail, "problems": []})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
