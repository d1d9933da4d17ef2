"""The web session: a signed cookie (HMAC-SHA256), HttpOnly, SameSite=Lax, with a CSRF token.

Who is signed in is not the cookie's to say: it carries the token of a server-side session
(``guard.identity.sessions``, surface ``web``), the one kind of revocable session the API's
bearer sessions are too. Sign-out ends that session (audited), disabling or locking the
account ends all of them, and a replayed cookie of an ended session signs nobody in. Besides
the token, the cookie holds the CSRF token, the language, the stated purpose and when it
was issued; nothing that a page shows. Its signing key is derived from the ``session_secret``
setting when one is given (production requires it: every server process must sign alike, and
the key must not sit in the data directory); otherwise it is a 256-bit secret kept in
``<data_dir>/web/session.key`` (mode 0600, written atomically), made on first use.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.errors import ConfigError
from kizashi.keyfiles import read_secret, write_secret

COOKIE = "kizashi_session"
MAX_AGE_SECONDS = 12 * 60 * 60  # one shift
LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Session:
    token: str | None = None  # the server-side session's token (kzs_...), once signed in
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lang: str = "ja"
    purpose: str = ""
    # When the cookie was issued, in seconds on the app's clock (SessionCodec.fresh sets it).
    issued: int = 0

    def signed_in(self, token: str, *, issued: int) -> Session:
        # A new CSRF token at sign-in, so a token seen before sign-in is worth nothing after.
        return replace(self, token=token, issued=issued, csrf=secrets.token_urlsafe(24))

    def csrf_ok(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf, token or "")


def key_path(settings: Settings) -> Path:
    return settings.data_dir / "web" / "session.key"


MIN_SECRET_LENGTH = 32


def load_or_create_key(settings: Settings) -> bytes:
    if settings.session_secret is not None:
        secret = settings.session_secret.get_secret_value()
        if len(secret) < MIN_SECRET_LENGTH:
            raise ConfigError(f"session_secret must be at least {MIN_SECRET_LENGTH} characters")
        return hashlib.sha256(b"kizashi-session-secret\x00" + secret.encode("utf-8")).digest()
    path = key_path(settings)
    if not path.exists():
        # Another process may make it first: then use theirs.
        with contextlib.suppress(FileExistsError):
            write_secret(path, secrets.token_bytes(32).hex().encode("ascii") + b"\n")
    try:
        key = bytes.fromhex(read_secret(path).decode("ascii").strip())
    except (ValueError, UnicodeDecodeError):
        raise ConfigError(f"{path}: the session key is not hex") from None
    if len(key) < 32:
        raise ConfigError(f"{path}: the session key must be at least 32 bytes")
    return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Signs and opens session cookies with one key; their age is read on the app's clock."""

    def __init__(self, key: bytes, *, clock: Clock = system_clock) -> None:
        self._key = key
        self._clock = clock

    def now(self) -> int:
        return int(self._clock().timestamp())

    def fresh(self, *, lang: str = "ja") -> Session:
        """A new anonymous session (a CSRF token and a language), issued now."""
        return Session(lang=lang, issued=self.now())

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, b"kizashi-web-session\x00" + payload, hashlib.sha256).digest()

    def dump(self, session: Session) -> str:
        payload = orjson.dumps(
            {
                "t": session.token,
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
                token=data["t"],
                csrf=str(data["c"]),
                lang=data["l"] if data["l"] in LANGUAGES else "ja",
                purpose=str(data["p"]),
                issued=issued,
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return None
        if (now if now is not None else self.now()) - issued > MAX_AGE_SECONDS:
            return None
        return session
