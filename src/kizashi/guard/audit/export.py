"""Export of the audit log, and its offline verification.

An export is JSONL, every line in canonical form (:mod:`kizashi.guard.audit.canonical`)::

    {"format":"kizashi-audit-export/1","kind":"header","origin":...,"size":N,...}   line 1
    {"kind":"checkpoint","note":"<signed note>"}                                    one per checkpoint
    {"entry":{<the leaf>},"kind":"entry","leaf_hash":"<hex>","seq":0}               one per entry
    ... optionally with "personal":{"<field>":{"salt":"<hex>","value":"..."}}

The leaf of an entry is exactly the canonical JSON of its "entry" object, so the line being
canonical means any edited byte changes either the form, the leaf hash, or the tree.
:func:`verify_export` needs only the file, checkpoints and the log's public key: it recomputes
every leaf hash and the tree, checks each checkpoint's signature and root, and stops at the
first problem, naming the entry (seq and line) and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from kizashi.guard.audit import merkle
from kizashi.guard.audit import store as audit_store
from kizashi.guard.audit.canonical import canonical_json
from kizashi.guard.audit.errors import CheckpointError
from kizashi.guard.audit.log import AuditLog
from kizashi.guard.audit.notes import Checkpoint, Verifier, open_checkpoint

FORMAT = "kizashi-audit-export/1"
_SORT = orjson.OPT_SORT_KEYS
_ENTRY_KEYS = {"entry", "kind", "leaf_hash", "seq"}  # and "personal" when exported with it


def export_log(log: AuditLog, out: BinaryIO, *, include_personal: bool = False) -> int:
    """Write the log up to a freshly signed checkpoint; returns the number of entries."""
    log.checkpoint()
    notes = log.checkpoint_notes()
    size = open_checkpoint(notes[-1], log.signer.verifier).size
    header = {
        "kind": "header",
        "format": FORMAT,
        "origin": log.origin,
        "vkey": log.signer.verifier.vkey(),
        "size": size,
    }  # every header field is checked by verify_export: nothing in an export goes unchecked
    out.write(canonical_json(header) + b"\n")
    for note in notes:
        out.write(canonical_json({"kind": "checkpoint", "note": note}) + b"\n")
    count = 0
    for seq, leaf, digest, personal in audit_store.iter_entries(
        log.engine, include_personal=include_personal
    ):
        if seq >= size:
            break
        line: dict[str, Any] = {
            "kind": "entry",
            "seq": seq,
            "leaf_hash": digest.hex(),
            "entry": orjson.loads(leaf),
        }
        if personal:
            line["personal"] = personal
        out.write(orjson.dumps(line, option=_SORT) + b"\n")
        count += 1
    return count


@dataclass(frozen=True)
class Problem:
    """The first thing wrong with an export."""

    kind: str  # tampered, missing, reordered, truncated, forged-checkpoint, malformed
    reason: str
    line: int | None = None
    seq: int | None = None

    def __str__(self) -> str:
        where = []
        if self.seq is not None:
            where.append(f"seq {self.seq}")
        if self.line is not None:
            where.append(f"line {self.line}")
        return f"{self.kind}: {', '.join(where) + ': ' if where else ''}{self.reason}"


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    checkpoints: int
    verified_size: int  # entries covered by a matching signed checkpoint
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def read_checkpoint_notes(path: Path) -> list[tuple[str, str]]:
    """(where, note) pairs from a witness directory, a *.note file, or JSONL with "note"."""
    if path.is_dir():
        base = path / "checkpoints" if (path / "checkpoints").is_dir() else path
        return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(base.glob("*.note"))]
    text = path.read_text(encoding="utf-8")
    if not text.startswith("{"):
        return [(str(path), text)]
    notes = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            value = orjson.loads(line)
            if isinstance(value, dict) and isinstance(value.get("note"), str):
                notes.append((f"{path}:{number}", value["note"]))
    return notes


class _Verifier:
    """The state of one pass over an export."""

    def __init__(self, verifier: Verifier) -> None:
        self.key = verifier
        self.roots: dict[int, tuple[bytes, str]] = {}
        self.frontier: list[bytes] = []
        self.size = 0
        self.verified = 0
        self.header: dict[str, Any] | None = None
        self.entries_start: int | None = None  # line number of seq 0

    def add_checkpoint(self, note: str, where: str, line: int | None = None) -> None:
        try:
            checkpoint: Checkpoint = open_checkpoint(note, self.key)
        except CheckpointError as exc:
            raise _StopError(Problem("forged-checkpoint", f"{where}: {exc}", line)) from None
        held = self.roots.get(checkpoint.size)
        if held is not None and held[0] != checkpoint.root:
            raise _StopError(
                Problem(
                    "forged-checkpoint",
                    f"{where} and {held[1]} are both signed for size {checkpoint.size} but "
                    "disagree: the log's history was rewritten and re-signed",
                    line,
                )
            )
        self.roots[checkpoint.size] = (checkpoint.root, where)

    def entry(self, value: dict[str, Any], number: int, path: Path) -> None:
        seq = value.get("seq")
        expected = self.size
        if seq != expected:
            raise _StopError(_misplaced(path, number, seq, expected))
        entry = value.get("entry")
        if not isinstance(entry, dict) or entry.get("seq") != seq:
            raise _StopError(
                Problem("tampered", "the entry's own seq was changed", number, expected)
            )
        digest = merkle.leaf_hash(orjson.dumps(entry, option=_SORT))
        if digest.hex() != value.get("leaf_hash"):
            raise _StopError(
                Problem(
                    "tampered",
                    "the entry's content does not match its recorded leaf hash",
                    number,
                    expected,
                )
            )
        _check_personal(value, entry, number, expected)
        merkle.extend_frontier(self.frontier, self.size, digest)
        self.size += 1
        if self.entries_start is None:
            self.entries_start = number
        held = self.roots.get(self.size)
        if held is not None:
            if merkle.frontier_root(self.frontier) != held[0]:
                start = self.verified
                first_line = (self.entries_start or number) + start
                raise _StopError(
                    Problem(
                        "tampered",
                        f"entries {start}..{self.size - 1} (lines {first_line}..{number}) do not "
                        f"reproduce the root signed at size {self.size} ({held[1]}): one of them "
                        "was altered, replaced or reordered and its leaf hash recomputed",
                        number,
                        start,
                    )
                )
            self.verified = self.size


class _StopError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _misplaced(path: Path, number: int, seq: Any, expected: int) -> Problem:
    if not isinstance(seq, int):
        return Problem("tampered", f"seq {seq!r} is not a number", number, expected)
    if seq < expected:
        return Problem(
            "reordered", f"seq {seq} appears again after seq {expected - 1}", number, seq
        )
    # seq > expected: is the expected entry later in the file (reordered) or absent (missing)?
    marker = b'"seq":' + str(expected).encode() + b"}"
    with path.open("rb") as stream:
        for later, raw in enumerate(stream, 1):
            if later > number and raw.rstrip(b"\n").endswith(marker):
                return Problem(
                    "reordered",
                    f"line {number} holds seq {seq} where seq {expected} belongs; "
                    f"seq {expected} is at line {later}",
                    number,
                    expected,
                )
    return Problem(
        "missing", f"seq {expected} is absent (line {number} holds seq {seq})", number, expected
    )


def _check_personal(value: dict[str, Any], entry: dict[str, Any], number: int, seq: int) -> None:
    hashes = entry.get("personal") or {}
    for name, item in (value.get("personal") or {}).items():
        try:
            if set(item) != {"salt", "value"}:
                raise ValueError(name)
            salt = bytes.fromhex(item["salt"])
            computed = hashlib.sha256(salt + item["value"].encode("utf-8")).hexdigest()
        except (KeyError, TypeError, ValueError, AttributeError):
            computed = None
        if computed is None or hashes.get(name) != computed:
            raise _StopError(
                Problem(
                    "tampered",
                    f"personal data {name!r} does not match the hash in the leaf",
                    number,
                    seq,
                )
            )


def verify_export(
    path: Path, verifier: Verifier, checkpoints: Iterable[tuple[str, str]] = ()
) -> VerifyReport:
    """Check an export against its own checkpoints and any saved (trusted) ones."""
    state = _Verifier(verifier)
    try:
        for where, note in checkpoints:
            state.add_checkpoint(note, where)
        _scan(path, state)
    except _StopError as stop:
        return VerifyReport(state.size, len(state.roots), state.verified, stop.problem)
    return VerifyReport(state.size, len(state.roots), state.verified, None)


def _scan(path: Path, state: _Verifier) -> None:
    number = 0
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, 1):
            line = raw[:-1] if raw.endswith(b"\n") else raw
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise _StopError(
                    _at(Problem("tampered", f"not JSON ({exc})", number), state)
                ) from None
            if not isinstance(value, dict) or orjson.dumps(value, option=_SORT) != line:
                problem = Problem(
                    "tampered", "the line is not in canonical form: it was edited", number
                )
                raise _StopError(_at(problem, state))
            kind = value.get("kind")
            if number == 1:
                if kind != "header" or value.get("format") != FORMAT:
                    raise _StopError(Problem("malformed", f"not a {FORMAT} export", 1))
                _check_header(value, state.key)
                state.header = value
            elif kind == "checkpoint" and set(value) == {"kind", "note"}:
                if state.size:
                    raise _StopError(Problem("malformed", "checkpoint after the entries", number))
                state.add_checkpoint(value["note"], f"export line {number}", number)
            elif kind == "entry" and set(value) - {"personal"} == _ENTRY_KEYS:
                state.entry(value, number, path)
            else:
                raise _StopError(
                    _at(Problem("tampered", f"unexpected fields in a {kind!r} line", number), state)
                )
    _finish(state, number)


def _check_header(header: dict[str, Any], key: Verifier) -> None:
    if set(header) != {"format", "kind", "origin", "size", "vkey"}:
        raise _StopError(Problem("tampered", "unexpected fields in the header", 1))
    if header["origin"] != key.name or header["vkey"] != key.vkey():
        raise _StopError(
            Problem(
                "tampered",
                f"the header names the log {header['origin']!r} with key {header['vkey']!r}, "
                f"not the trusted key {key.vkey()!r}",
                1,
            )
        )
    if not isinstance(header["size"], int) or isinstance(header["size"], bool):
        raise _StopError(Problem("tampered", "the header's size is not a number", 1))


def _at(problem: Problem, state: _Verifier) -> Problem:
    """A line that cannot be read stands where the next entry belongs."""
    seq = state.size if state.entries_start is not None else None
    return Problem(problem.kind, problem.reason, problem.line, seq)


def _finish(state: _Verifier, last_line: int) -> None:
    if state.header is None:
        raise _StopError(Problem("truncated", "the export is empty"))
    beyond = [size for size in state.roots if size > state.size]
    if beyond:
        raise _StopError(
            Problem(
                "truncated",
                f"the export ends after {state.size} entries (line {last_line}) but a checkpoint "
                f"of size {max(beyond)} is signed: entries {state.size}..{max(beyond) - 1} are "
                "missing",
                last_line,
                state.size,
            )
        )
    if state.header.get("size") != state.size:
        raise _StopError(
            Problem(
                "truncated",
                f"the header announces {state.header.get('size')} entries, the file holds "
                f"{state.size}",
                last_line,
                state.size,
            )
        )
    if not state.roots:
        raise _StopError(Problem("malformed", "no signed checkpoint: nothing to verify against"))
    if state.verified < state.size:
        start = state.verified
        raise _StopError(
            Problem(
                "tampered",
                f"entries {start}..{state.size - 1} are covered by no signed checkpoint "
                "(an export always ends at one): they were added",
                (state.entries_start or last_line) + start,
                start,
            )
        )
