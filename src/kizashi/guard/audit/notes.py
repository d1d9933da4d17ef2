"""Signed checkpoints: C2SP signed-note (https://c2sp.org/signed-note) with Ed25519, carrying
a C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint).

A checkpoint note is::

    <origin>\\n<tree size in decimal>\\n<base64 root hash>\\n
    \\n
    — <key name> <base64(key id (4 bytes) || Ed25519 signature (64 bytes))>\\n

The signature covers the body including its final newline. The key id is the first four bytes
of SHA-256(key name || 0x0A || 0x01 || 32-byte public key), 0x01 being the Ed25519 signature
type. Keys are written in the Go ``golang.org/x/mod/sumdb/note`` text forms, so other tools
can read them: a verifier key ``<name>+<hex key id>+<base64(0x01 || public key)>`` and a signer
key ``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || 32-byte seed)>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, PublicFormat
from cryptography.hazmat.primitives.serialization import NoEncryption as _NoEncryption

from kizashi.guard.audit.errors import AuditKeyError, CheckpointError
from kizashi.keyfiles import write_secret

ED25519 = b"\x01"
EM_DASH = "\u2014"
_MAX_SIGNATURES = 100
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f]")


def _check_name(name: str) -> None:
    if not name or "+" in name or any(c.isspace() for c in name) or not name.isprintable():
        raise AuditKeyError(f"invalid key name {name!r}: non-empty, no spaces, no '+'")


def key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519 + public).digest()[:4]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Verifier:
    """A public key with its name: checks notes signed by the matching Signer."""

    name: str
    public: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public)

    def vkey(self) -> str:
        encoded = base64.b64encode(ED25519 + self.public).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    @classmethod
    def from_vkey(cls, text: str) -> Verifier:
        parts = text.strip().split("+", 2)  # base64 may hold "+": the key is the rest
        if len(parts) != 3:
            raise AuditKeyError("a verifier key reads <name>+<hex key id>+<base64 key>")
        name, hex_id, encoded = parts
        _check_name(name)
        try:
            raw = base64.b64decode(encoded, validate=True)
            wanted = bytes.fromhex(hex_id)
        except (binascii.Error, ValueError) as exc:
            raise AuditKeyError(f"unreadable verifier key: {exc}") from exc
        if len(raw) != 33 or raw[:1] != ED25519:
            raise AuditKeyError("verifier key is not an Ed25519 key (type 0x01, 32 bytes)")
        verifier = cls(name, raw[1:])
        if verifier.key_id != wanted:
            raise AuditKeyError(f"verifier key id {hex_id} does not match its name and key")
        return verifier

    def open(self, note: str) -> str:
        """The body of `note` if this key signed it; CheckpointError otherwise."""
        body, signatures = split_note(note)
        for name, signature in signatures:
            if name != self.name or signature[:4] != self.key_id:
                continue  # another key's signature (a witness's cosignature, say)
            try:
                Ed25519PublicKey.from_public_bytes(self.public).verify(
                    signature[4:], body.encode("utf-8")
                )
            except InvalidSignature:
                raise CheckpointError(f"signature by {self.name} does not verify") from None
            return body
        raise CheckpointError(f"no signature by {self.name} (key id {self.key_id.hex()})")


class Signer:
    """An Ed25519 private key with its name (the log's origin)."""

    def __init__(self, name: str, private: Ed25519PrivateKey) -> None:
        _check_name(name)
        self.name = name
        self._private = private
        self.verifier = Verifier(name, _raw_public(private.public_key()))

    @classmethod
    def generate(cls, name: str) -> Signer:
        return cls(name, Ed25519PrivateKey.generate())

    def sign(self, body: str) -> str:
        """A signed note of `body` (which must end in a newline and hold no blank line)."""
        if not body.endswith("\n") or "\n\n" in body:
            raise CheckpointError("a note body ends in a newline and holds no blank line")
        signature = self.verifier.key_id + self._private.sign(body.encode("utf-8"))
        line = f"{EM_DASH} {self.name} {base64.b64encode(signature).decode('ascii')}\n"
        return body + "\n" + line

    def skey(self) -> str:
        seed = self._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, _NoEncryption())
        encoded = base64.b64encode(ED25519 + seed).decode("ascii")
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{encoded}"

    @classmethod
    def from_skey(cls, text: str) -> Signer:
        parts = text.strip().split("+", 4)  # base64 may hold "+": the key is the rest
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise AuditKeyError("a signer key reads PRIVATE+KEY+<name>+<hex id>+<base64 key>")
        try:
            raw = base64.b64decode(parts[4], validate=True)
        except binascii.Error as exc:
            raise AuditKeyError(f"unreadable signer key: {exc}") from exc
        if len(raw) != 33 or raw[:1] != ED25519:
            raise AuditKeyError("signer key is not an Ed25519 key (type 0x01, 32-byte seed)")
        signer = cls(parts[2], Ed25519PrivateKey.from_private_bytes(raw[1:]))
        if signer.verifier.key_id.hex() != parts[3].lower():
            raise AuditKeyError("signer key id does not match its name and key")
        return signer


def split_note(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    """A note's body and its (key name, key id || signature) lines; checks the syntax only."""
    if _CONTROL.search(note):
        raise CheckpointError("a note holds no control characters other than newline")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise CheckpointError("not a signed note: no blank line before the signatures")
    body, lines = note[: cut + 1], note[cut + 2 : -1].split("\n")
    if len(lines) > _MAX_SIGNATURES:
        raise CheckpointError("too many signatures on a note")
    signatures = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != EM_DASH:
            raise CheckpointError(f"malformed signature line {line!r}")
        try:
            signature = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            raise CheckpointError(f"malformed signature line {line!r}") from None
        if base64.b64encode(signature).decode("ascii") != parts[2]:
            # Decoders ignore the spare bits of the last character: without this check, a
            # signature line could be altered and still verify.
            raise CheckpointError(f"non-canonical base64 in signature line {line!r}")
        if len(signature) < 5:
            raise CheckpointError(f"signature too short in line {line!r}")
        signatures.append((parts[1], signature))
    return body, signatures


@dataclass(frozen=True)
class Checkpoint:
    """The tree head a note signs: origin, size and root hash."""

    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode('ascii')}\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        lines = body.split("\n")
        if len(lines) < 4 or lines[-1] != "" or any(line == "" for line in lines[:-1]):
            raise CheckpointError("a checkpoint body is at least three non-empty lines")
        origin, size, encoded = lines[:3]
        if not size.isdigit() or not size.isascii() or (size != "0" and size.startswith("0")):
            raise CheckpointError(f"checkpoint tree size {size!r} is not a decimal number")
        try:
            root = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise CheckpointError("checkpoint root hash is not base64") from None
        if len(root) != 32 or base64.b64encode(root).decode("ascii") != encoded:
            raise CheckpointError("checkpoint root hash is not 32 bytes")
        return cls(origin, int(size), root)


def open_checkpoint(note: str, verifier: Verifier) -> Checkpoint:
    """The checkpoint in `note`, after checking the verifier's signature and the origin."""
    checkpoint = Checkpoint.parse(verifier.open(note))
    if checkpoint.origin != verifier.name:
        raise CheckpointError(
            f"checkpoint origin {checkpoint.origin!r} is not the key's name {verifier.name!r}"
        )
    return checkpoint


# --- key files --------------------------------------------------------------------------------


def write_signer(path: Path, signer: Signer) -> None:
    """Write the signer key readable by its owner only (0600), and the verifier key beside it."""
    # Atomically (temp file, fsync, link): a full disk or a crash leaves no empty key that
    # every later start would refuse (kizashi.keyfiles). The verifier is public, and
    # written first, so that a key never exists without its verifier.
    if path.exists():
        raise AuditKeyError(f"{path} exists already: refusing to replace a checkpoint key")
    write_secret(
        verifier_path(path),
        (signer.verifier.vkey() + "\n").encode("ascii"),
        mode=0o644,
        replace=True,
    )
    try:
        write_secret(path, (signer.skey() + "\n").encode("ascii"))
    except FileExistsError:
        raise AuditKeyError(
            f"{path} exists already: refusing to replace a checkpoint key"
        ) from None


def verifier_path(signer_path: Path) -> Path:
    return signer_path.with_suffix(".vkey")


def read_signer(path: Path) -> Signer:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"cannot read checkpoint key {path}: {exc}") from exc
    if path.stat().st_mode & 0o077:
        raise AuditKeyError(f"checkpoint key {path} is readable by others: chmod 600 it")
    if not text.strip():
        raise AuditKeyError(f"checkpoint key {path} is empty")
    return Signer.from_skey(text)


def read_verifier(path: Path) -> Verifier:
    try:
        return Verifier.from_vkey(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"cannot read verifier key {path}: {exc}") from exc


def load_or_create_signer(path: Path, name: str) -> Signer:
    """The signer key at `path`, made on first use."""
    if not path.exists():
        try:
            write_signer(path, Signer.generate(name))
        except AuditKeyError:
            if not path.exists():
                raise  # else another process made it first: use theirs
    return read_signer(path)
