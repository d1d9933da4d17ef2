"""Report payloads, sealed: the one way a report's content goes into the store and out of it.

Why sealed: reports are immutable (the database refuses UPDATE and DELETE of ``reports``),
yet a report kept beyond its retention period must stop being readable. So the content of
every report — the submission verbatim (``raw``), the validated record (``body``) and its
free text (``text``) — is encrypted with AES-256-GCM under a data key kept in
``payload_keys``; expiry destroys the key (crypto-shredding, see docs/oversight.md) and the
``reports`` row with its hashes stays, so the audit log's references and proofs stay valid.

Why per batch: intake writes thousands of reports a second. One fresh key per batch costs one
small row, and sealing is a few microseconds per field; a per-report key would double the
rows written. A report that must outlive the rest of its batch (material of a case, a legal
hold) is re-sealed under a key of its own before its batch key is destroyed
(:func:`reseal`).

Readers never decrypt by hand: :func:`open_payloads` (and :func:`open_bodies`,
:func:`open_texts`) take report ids and return what can still be read; a report whose key
is destroyed, or that has no payload, is simply absent from the answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, bindparam, exists, select, update

from kizashi.ids import new_id
from kizashi.store.tables import payload_keys, report_payloads

Field = Literal["raw", "body", "text"]
FIELDS: tuple[Field, ...] = ("raw", "body", "text")
NONCE_BYTES = 12
# Ids per statement: well under SQLite's bound-parameter limit.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Payload:
    """What :func:`open_payloads` could read of one report (fields not asked for are None)."""

    raw: str | None = None
    body: dict[str, Any] | None = None
    text: str | None = None


def _aad(report_id: str, field: str) -> bytes:
    # Binds a ciphertext to its report and field: a sealed body cannot be passed off as
    # another report's, or as the same report's text.
    return f"{report_id}/{field}".encode()


def body_bytes(body: dict[str, Any]) -> bytes:
    """A body as the store seals it (orjson; keys that are not strings allowed)."""
    return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)


class Sealer:
    """A fresh data key, and the sealing of payloads under it (one per intake batch)."""

    def __init__(self, kind: str = "batch") -> None:
        self.key_id = new_id()
        self.kind = kind
        self.key = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self.key)

    def key_row(self, now: datetime) -> dict[str, Any]:
        return {"id": self.key_id, "key": self.key, "kind": self.kind, "created_at": now}

    def seal(self, report_id: str, field: str, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data, _aad(report_id, field))

    def payload_tuple(
        self, report_id: str, raw: str, body: bytes, text: str
    ) -> tuple[str, str, bytes, bytes, bytes, int]:
        """A row of ``report_payloads`` in column order (for the bulk writers)."""
        seal = self.seal
        return (
            report_id,
            self.key_id,
            seal(report_id, "raw", raw.encode("utf-8", "surrogatepass")),
            seal(report_id, "body", body),
            seal(report_id, "text", text.encode("utf-8", "surrogatepass")),
            len(text),
        )

    @property
    def encrypt(self) -> Callable[[bytes, bytes, bytes | None], bytes]:
        """AES-256-GCM under this key: ``encrypt(nonce, data, associated_data)``, for a bulk
        writer that seals as :meth:`seal` does with nonces it draws in bulk."""
        return self._aead.encrypt

    def payload_row(self, report_id: str, raw: str, body: bytes, text: str) -> dict[str, Any]:
        values = self.payload_tuple(report_id, raw, body, text)
        return dict(zip(PAYLOAD_COLUMNS, values, strict=True))


PAYLOAD_COLUMNS = ("report_id", "key_id", "raw", "body", "text", "text_length")


def store_payloads(
    connection: Connection, sealer: Sealer, rows: Iterable[tuple[str, str, bytes, str]], now: Any
) -> int:
    """Seal ``(report_id, raw, body_bytes, text)`` rows under a new key and insert them."""
    sealed = [sealer.payload_row(*row) for row in rows]
    if not sealed:
        return 0
    connection.execute(payload_keys.insert(), [sealer.key_row(now)])
    connection.execute(report_payloads.insert(), sealed)
    return len(sealed)


def _open(key: bytes, report_id: str, field: str, sealed: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(report_id, field))


def _decode(field: str, data: bytes) -> Any:
    if field == "body":
        return orjson.loads(data)
    return data.decode("utf-8", "surrogatepass")


def _columns(fields: Sequence[str]) -> list[Any]:
    return [report_payloads.c[f] for f in fields]


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


# The fields a pass holds opened (see :class:`HeldPayloads`); ``raw`` is read by no stage.
HELD_FIELDS: tuple[Field, ...] = ("body", "text")


class HeldPayloads:
    """The unsealed payloads of the reports one worker pass carries, for that pass only.

    Why: a pass runs seven stages on the same few reports, and each stage opened (read and
    unsealed) their texts or bodies again — six times a report a pass. While a pass holds
    them (:func:`holding_payloads`), :func:`open_payloads` reads and unseals a held report's
    body and text once, on its first read, and answers every later read of the pass from
    memory; reports not held (an entity's older reports, say) are opened as always. The
    plaintext lives in this object only, never in the store or a file, and is dropped when
    the pass ends. Each read decodes the body afresh, so no stage sees another's changes to
    its dict. A key destroyed while the pass runs is seen by the next pass (the reports were
    read before it, as in one transaction's snapshot).
    """

    def __init__(self) -> None:
        self.held: set[str] = set()
        self.plain: dict[str, dict[str, bytes]] = {}
        self.unreadable: set[str] = set()

    def hold(self, report_ids: Iterable[str]) -> None:
        self.held.update(report_ids)

    def clear(self) -> None:
        self.held.clear()
        self.plain.clear()
        self.unreadable.clear()

    def open(
        self, connection: Connection, ids: list[str], fields: Sequence[Field]
    ) -> dict[str, Payload]:
        held = [i for i in ids if i in self.held]
        found = _open_payloads(connection, [i for i in ids if i not in self.held], fields)
        missing = [i for i in held if i not in self.plain and i not in self.unreadable]
        if missing:
            unsealed = _unseal(connection, missing, HELD_FIELDS)
            self.plain.update(unsealed)
            self.unreadable.update(i for i in missing if i not in unsealed)
        for report_id in held:
            plain = self.plain.get(report_id)
            if plain is not None:  # only the fields asked for, as when opened from the store
                found[report_id] = Payload(**{f: _decode(f, plain[f]) for f in fields})
        return found


_HELD: ContextVar[HeldPayloads | None] = ContextVar("kizashi_held_payloads", default=None)


@contextmanager
def holding_payloads() -> Iterator[HeldPayloads]:
    """Hold the payloads of the reports given to :meth:`HeldPayloads.hold` opened until the
    block ends (in this thread or task only); then the plaintext is dropped."""
    held = HeldPayloads()
    token = _HELD.set(held)
    try:
        yield held
    finally:
        _HELD.reset(token)
        held.clear()


def open_payloads(
    connection: Connection, report_ids: Collection[str], fields: Sequence[Field] = FIELDS
) -> dict[str, Payload]:
    """The readable payloads of ``report_ids`` (only ``fields`` decrypted), by report id.

    A report that has expired (its key destroyed) or has no payload is left out. Inside
    :func:`holding_payloads`, a held report's body and text are opened once a pass.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown payload fields {sorted(unknown)}; fields: {FIELDS}")
    ids = list(dict.fromkeys(report_ids))
    held = _HELD.get()
    if held is not None and held.held and set(fields) <= set(HELD_FIELDS):
        return held.open(connection, ids, fields)
    return _open_payloads(connection, ids, fields)


def _open_payloads(
    connection: Connection, ids: list[str], fields: Sequence[Field]
) -> dict[str, Payload]:
    return {
        report_id: Payload(**{f: _decode(f, data) for f, data in plain.items()})
        for report_id, plain in _unseal(connection, ids, fields).items()
    }


def _unseal(
    connection: Connection, ids: list[str], fields: Sequence[Field]
) -> dict[str, dict[str, bytes]]:
    """The plaintext bytes of ``fields`` of the readable reports among ``ids``."""
    if not ids:
        return {}
    columns = _columns(fields)
    ciphers: dict[str, AESGCM] = {}
    found: dict[str, dict[str, bytes]] = {}
    for chunk in _chunks(ids):
        query = (
            select(report_payloads.c.report_id, payload_keys.c.id, payload_keys.c.key, *columns)
            .join(payload_keys, payload_keys.c.id == report_payloads.c.key_id)
            .where(report_payloads.c.report_id.in_(chunk), payload_keys.c.key.is_not(None))
        )
        for row in connection.execute(query):
            report_id, key_id, key = row[0], row[1], row[2]
            aead = ciphers.get(key_id)
            if aead is None:
                aead = ciphers[key_id] = AESGCM(bytes(key))
            values: dict[str, bytes] = {}
            for field, sealed in zip(fields, row[3:], strict=True):
                data = bytes(sealed)
                values[field] = aead.decrypt(
                    data[:NONCE_BYTES], data[NONCE_BYTES:], _aad(report_id, field)
                )
            found[report_id] = values
    return found


def with_payloads(
    connection: Connection,
    rows: Iterable[Any],
    fields: Sequence[Field],
    *,
    key: str = "id",
) -> Iterator[tuple[Any, Payload]]:
    """Each row of ``rows`` (whose attribute ``key`` is a report id) with its opened payload,
    a chunk at a time; rows whose report can no longer be read are left out."""
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == _CHUNK:
            yield from _attach(connection, chunk, fields, key)
            chunk = []
    if chunk:
        yield from _attach(connection, chunk, fields, key)


def _attach(
    connection: Connection, rows: list[Any], fields: Sequence[Field], key: str
) -> Iterator[tuple[Any, Payload]]:
    opened = open_payloads(connection, [getattr(r, key) for r in rows], fields)
    for row in rows:
        payload = opened.get(getattr(row, key))
        if payload is not None:
            yield row, payload


def open_bodies(connection: Connection, report_ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """The readable bodies of ``report_ids``, by report id."""
    opened = open_payloads(connection, report_ids, ("body",))
    return {rid: p.body for rid, p in opened.items() if p.body is not None}


def open_texts(connection: Connection, report_ids: Collection[str]) -> dict[str, str]:
    """The readable free texts of ``report_ids``, by report id."""
    opened = open_payloads(connection, report_ids, ("text",))
    return {rid: p.text for rid, p in opened.items() if p.text is not None}


def is_readable(report_id: Any) -> Any:
    """A SQL condition on a report id column: its payload can still be read (not expired)."""
    return exists().where(
        report_payloads.c.report_id == report_id,
        payload_keys.c.id == report_payloads.c.key_id,
        payload_keys.c.key.is_not(None),
    )


def readable(connection: Connection, report_ids: Collection[str]) -> set[str]:
    """Which of ``report_ids`` still have a readable payload (no decryption)."""
    out: set[str] = set()
    for chunk in _chunks(list(dict.fromkeys(report_ids))):
        query = (
            select(report_payloads.c.report_id)
            .join(payload_keys, payload_keys.c.id == report_payloads.c.key_id)
            .where(report_payloads.c.report_id.in_(chunk), payload_keys.c.key.is_not(None))
        )
        out.update(connection.execute(query).scalars())
    return out


def reseal(connection: Connection, report_ids: Collection[str], now: datetime) -> str | None:
    """Seal the payloads of ``report_ids`` again under one fresh key of their own.

    Used before a batch key is destroyed for the reports of the batch that must be kept
    longer. Returns the new key's id (None when none of them had a readable payload).
    """
    ids = list(dict.fromkeys(report_ids))
    sealer = Sealer("reseal")
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        query = (
            select(report_payloads.c.report_id, payload_keys.c.key, *_columns(FIELDS))
            .join(payload_keys, payload_keys.c.id == report_payloads.c.key_id)
            .where(report_payloads.c.report_id.in_(chunk), payload_keys.c.key.is_not(None))
        )
        for row in connection.execute(query):
            key = bytes(row.key)
            sealed = {
                f"s_{f}": sealer.seal(
                    row.report_id, f, _open(key, row.report_id, f, bytes(row[i + 2]))
                )
                for i, f in enumerate(FIELDS)
            }
            rows.append({"rid": row.report_id, **sealed})
    if not rows:
        return None
    connection.execute(payload_keys.insert(), [sealer.key_row(now)])
    statement = (
        update(report_payloads)
        .where(report_payloads.c.report_id == bindparam("rid"))
        .values(
            key_id=sealer.key_id,
            raw=bindparam("s_raw"),
            body=bindparam("s_body"),
            text=bindparam("s_text"),
        )
    )
    connection.execute(statement, rows)
    return sealer.key_id


def destroy_keys(connection: Connection, key_ids: Collection[str], now: datetime) -> int:
    """Destroy data keys: every payload sealed under them becomes unreadable, for good."""
    destroyed = 0
    for chunk in _chunks(list(dict.fromkeys(key_ids))):
        result = connection.execute(
            update(payload_keys)
            .where(payload_keys.c.id.in_(chunk), payload_keys.c.key.is_not(None))
            .values(key=None, destroyed_at=now)
        )
        destroyed += result.rowcount
    return destroyed


__all__ = [
    "FIELDS",
    "HELD_FIELDS",
    "PAYLOAD_COLUMNS",
    "Field",
    "HeldPayloads",
    "Payload",
    "Sealer",
    "body_bytes",
    "destroy_keys",
    "holding_payloads",
    "is_readable",
    "open_bodies",
    "open_payloads",
    "open_texts",
    "readable",
    "reseal",
    "store_payloads",
    "with_payloads",
]
