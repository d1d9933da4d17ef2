"""Paging cursors that reveal nothing the caller may not see.

A list route reads a page of rows, then leaves out what the guard denies. If the page ends
on a hidden row, the cursor to the next page cannot be that row's id (walking with
``limit=1`` would enumerate every hidden id), nor the last visible id (a page of hidden rows
only would never move on). So the position is *sealed*: AES-GCM under a key derived from the
installation's audit signing key, with a fresh nonce, so the caller holds an opaque token
that the server alone can open, and two cursors to one position do not compare equal.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kizashi.errors import InputError

PREFIX = "c1."
_CONTEXT = b"kizashi/paging-cursor/v1"


class Cursors:
    """Seal and open paging positions (one installation key)."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(hashlib.sha256(b"kizashi/paging-cursor\n" + key).digest())

    def seal(self, position: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, position.encode("utf-8"), _CONTEXT)
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")

    def open(self, cursor: str) -> str:
        """The position inside a sealed cursor; InputError if it is not one of ours."""
        if not cursor.startswith(PREFIX):
            raise InputError("not a paging cursor")
        body = cursor[len(PREFIX) :]
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return self._aead.decrypt(raw[:12], raw[12:], _CONTEXT).decode("utf-8")
        except (ValueError, InvalidTag, UnicodeDecodeError):
            raise InputError("not a paging cursor (or from another installation)") from None

    def next_after(self, last_row_id: str, last_visible: bool) -> str:
        """What a full page hands back: the last id if the caller saw it, else sealed."""
        return last_row_id if last_visible else self.seal(last_row_id)

    def position(self, after: str | None) -> str | None:
        """Where a page starts: a sealed cursor opened, or an id the caller gave."""
        if after is None or not after.startswith(PREFIX):
            return after
        return self.open(after)
