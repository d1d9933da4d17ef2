"""The web session: a signed cookie (HMAC-SHA256), HttpOnly, SameSite=Lax, with a CSRF token.

The cookie holds only the user id, the CSRF token, the language, the stated purpose and the
time it was issued; nothing that a page shows. Its signing key is a 256-bit secret kept in
``<data_dir>/web/session.key`` (mode 0600), made on first use, so that restarting
``kizashi serve`` keeps people signed in and deleting the file signs everyone out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

from kizashi.config import Settings

COOKIE = "kizashi_session"
MAX_AGE_SECONDS = 12 * 60 * 60  # one shift
LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Session:
    user_id: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lang: str = "ja"
    purpose: str = ""
    issued: int = field(default_factory=lambda: int(time.time()))

    def signed_in(self, user_id: str) -> Session:
        # A new CSRF token at sign-in, so a token seen before sign-in is worth nothing after.
        return replace(
            self, user_id=user_id, issued=int(time.time()), csrf=secrets.token_urlsafe(24)
        )

    def csrf_ok(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf, token or "")


def key_path(settings: Settings) -> Path:
    return settings.data_dir / "web" / "session.key"


def load_or_create_key(settings: Settings) -> bytes:
    path = key_path(settings)
    if path.exists():
        key = bytes.fromhex(path.read_text("ascii").strip())
        if len(key) < 32:
            raise ValueError(f"{path}: the session key must be at least 32 bytes")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex() + "\n")
    return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Signs and opens session cookies with one key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, b"kizashi-web-session\x00" + payload, hashlib.sha256).digest()

    def dump(self, session: Session) -> str:
        payload = orjson.dumps(
            {
                "u": session.user_id,
                "c": session.csrf,
                "l": session.lang,
                "p": session.purpose,
                "i": session.issued,
            }
        )
        return f"{_b64(payload)}.{_b64(self._mac(payload))}"

    def load(self, cookie: str | None, *, now: float | None = None) -> Session | None:
        """The session of a cookie; None if absent, tampered with or expired."""
        if not cookie or "." not in cookie:
            return None
        body, _, mac = cookie.partition(".")
        try:
            payload, given = _unb64(body), _unb64(mac)
        except ValueError:
            return None
        if not hmac.compare_digest(self._mac(payload), given):
            return None
        try:
            data = orjson.loads(payload)
            issued = int(data["i"])
            session = Session(
                user_id=data["u"],
                csrf=str(data["c"]),
                lang=data["l"] if data["l"] in LANGUAGES else "ja",
                purpose=str(data["p"]),
                issued=issued,
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return None
        if (now if now is not None else time.time()) - issued > MAX_AGE_SECONDS:
            return None
        return session
