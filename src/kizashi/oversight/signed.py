"""Signed exports: a report for an oversight body as one ZIP whose files a signature covers.

An access report (who looked at whom) or a subject-access export leaves the platform as a
bundle: the report as PDF (for people) and as JSON (for machines), and ``SIGNATURE``, a C2SP
signed note (https://c2sp.org/signed-note) by the audit log's checkpoint key over a manifest:

    kizashi/oversight-export v1
    kind access_report
    ref "entity:0b9e..."
    generated 2026-11-02T12:00:00+00:00 by <user id>
    sha256 <hex> report.json
    sha256 <hex> report.pdf

The same key signs the log's checkpoints, so whoever holds the log's public key (``.vkey``)
verifies an export offline (``kizashi oversight verify-export BUNDLE --key FILE.vkey``). The
first line differs from the log's origin and the second is not a tree size, so no export can be
read as a checkpoint, nor a checkpoint as an export. The signature covers every file's bytes:
a changed page, a file added or removed, and verification fails.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Mapping
from typing import Any

import orjson

from kizashi.errors import InputError
from kizashi.guard import AuditError, Signer, Verifier

__all__ = ["HEADER", "SIGNATURE", "signed_bundle", "verify_bundle"]

HEADER = "kizashi/oversight-export v1"
SIGNATURE = "SIGNATURE"
_STAMP = (2026, 1, 1, 0, 0, 0)  # fixed member times: the bundle's bytes depend on content only


def _manifest(
    kind: str, ref: str, generated_at: str, generated_by: str, files: Mapping[str, bytes]
) -> str:
    lines = [
        HEADER,
        f"kind {kind}",
        # JSON-quoted: whatever the reference holds, the line has no newline or control byte.
        f"ref {orjson.dumps(ref).decode()}",
        f"generated {generated_at} by {generated_by}",
    ]
    for name in sorted(files):
        if not name or any(c.isspace() for c in name) or name == SIGNATURE or "/" in name:
            raise InputError(f"bundle file name {name!r}: no spaces, no '/', not {SIGNATURE}")
        lines.append(f"sha256 {hashlib.sha256(files[name]).hexdigest()} {name}")
    return "\n".join(lines) + "\n"


def signed_bundle(
    signer: Signer,
    *,
    kind: str,
    ref: str,
    generated_at: str,
    generated_by: str,
    files: Mapping[str, bytes],
) -> bytes:
    """The ZIP of ``files`` and their signed manifest (``SIGNATURE``)."""
    note = signer.sign(_manifest(kind, ref, generated_at, generated_by, files))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in [*sorted(files), SIGNATURE]:
            info = zipfile.ZipInfo(name, _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, note.encode() if name == SIGNATURE else files[name])
    return out.getvalue()


def verify_bundle(data: bytes, verifier: Verifier) -> dict[str, Any]:
    """What a bundle says (kind, ref, when, by whom, its files) if ``verifier``'s key signed
    it and every file is as signed; :class:`InputError` naming the problem otherwise."""
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        members = {name: bundle.read(name) for name in bundle.namelist()}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, zlib.error) as exc:
        raise InputError(f"not a signed export (a ZIP): {exc}") from None
    if SIGNATURE not in members:
        raise InputError(f"not a signed export: no {SIGNATURE} in it")
    try:
        body = verifier.open(members.pop(SIGNATURE).decode("utf-8"))
    except (AuditError, UnicodeDecodeError) as exc:
        raise InputError(f"{SIGNATURE}: {exc}") from None
    lines = body.rstrip("\n").split("\n")
    if len(lines) < 4 or lines[0] != HEADER:
        raise InputError(f"{SIGNATURE}: not an oversight export manifest")
    listed: dict[str, str] = {}
    for line in lines[4:]:
        _, digest, name = line.split(" ", 2)
        listed[name] = digest
    if set(listed) != set(members):
        raise InputError(
            f"files differ from the signed list: missing {sorted(set(listed) - set(members))}, "
            f"not signed {sorted(set(members) - set(listed))}"
        )
    for name, digest in sorted(listed.items()):
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise InputError(f"{name}: its SHA-256 is not the one signed (the file was changed)")
    generated = lines[3].removeprefix("generated ")
    at, _, by = generated.partition(" by ")
    return {
        "verified": True,
        "key": verifier.vkey(),
        "kind": lines[1].removeprefix("kind "),
        "ref": orjson.loads(lines[2].removeprefix("ref ")),
        "generated_at": at,
        "generated_by": by,
        "files": {name: listed[name] for name in sorted(listed)},
    }
