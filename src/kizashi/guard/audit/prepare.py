"""Preparing audit entries before the log's lock is taken.

Everything about an entry except its seq is known before the append takes the log's lock:
the time stamp, the salts, the salted hashes of personal data, and the leaf's canonical JSON.
The seq is the only part that depends on the log's state, and in the canonical form (keys
sorted) it sits between the ``resource`` key and the ``time`` and ``v`` keys, so a prepared
leaf is two byte strings with the seq's decimal digits spliced in between:

    {"action":...,"resource":{...},"seq":   41   ,"time":"...","v":1}
    \\____________ head _______________/ seq \\______ tail _______/

Preparing in the caller's thread (the GroupCommitWriter's request threads, or before the lock
in ``AuditLog.append_many``) keeps the Python work out of the critical section, and lets it
overlap the previous batch's commit, which waits on the disk or the server without the GIL.
A test checks that a spliced leaf equals the canonical JSON of the whole leaf.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

from kizashi.guard.audit.canonical import new_salts
from kizashi.guard.audit.entry import LEAF_VERSION, AuditEntry

_SPLICE_HEAD = b',"seq":'
_sha256 = hashlib.sha256


def format_time(value: datetime) -> str:
    """RFC 3339 in UTC with microseconds, the one time format of a leaf."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


@dataclass(slots=True)
class PreparedEntry:
    """An entry ready to append: its leaf lacks only the seq."""

    time: datetime
    head: bytes  # canonical JSON of the leaf up to and including '"seq":'
    tail: bytes  # ',"time":"...","v":1}'
    columns: tuple[str, str, str, str, str, str]  # actor, action, type, id, purpose, effect
    personal: list[tuple[str, bytes, str]]  # (field, salt, value), hashed in the leaf

    def leaf(self, seq: int) -> bytes:
        return self.head + str(seq).encode("ascii") + self.tail


def prepare_entries(entries: Sequence[AuditEntry], now: datetime) -> list[PreparedEntry]:
    """Salts, hashes and leaf bytes for `entries` (AuditEntry), stamped `now` unless timed.

    Raises ValueError/TypeError for a value the canonical form cannot hold (AuditEntry has
    checked its fields already; orjson still refuses, say, a lone surrogate).
    """
    salts = new_salts(sum(len(entry.personal) for entry in entries))
    taken = 0
    stamps: dict[datetime, bytes] = {}  # most entries of a batch share one time
    prepared: list[PreparedEntry] = []
    for entry in entries:
        time = entry.time or now
        tail = stamps.get(time)
        if tail is None:
            tail = stamps[time] = (
                b',"time":"' + format_time(time).encode("ascii") + b'","v":%d}' % LEAF_VERSION
            )
        hashes: dict[str, str] = {}
        personal: list[tuple[str, bytes, str]] = []
        for name, plain in entry.personal.items():
            salt = salts[taken]
            taken += 1
            hashes[name] = _sha256(salt + plain.encode("utf-8")).hexdigest()
            personal.append((name, salt, plain))
        # Every key of the leaf but seq, time and v sorts before "seq"; those three are
        # written by hand, in their sorted order, around the spliced seq.
        body = orjson.dumps(
            {
                "action": entry.action,
                "actor": entry.actor,
                "context": dict(entry.context),
                "decision": {"effect": entry.effect, "reason": entry.reason},
                "personal": hashes,
                "purpose": entry.purpose,
                "resource": {"type": entry.resource_type, "id": entry.resource_id},
            },
            option=orjson.OPT_SORT_KEYS,
        )
        prepared.append(
            PreparedEntry(
                time,
                body[:-1] + _SPLICE_HEAD,
                tail,
                (
                    entry.actor,
                    entry.action,
                    entry.resource_type,
                    entry.resource_id,
                    entry.purpose,
                    entry.effect,
                ),
                personal,
            )
        )
    return prepared
