"""`kizashi audit`: keys, checkpoints, export, proofs, offline verification and the witness.

`verify` is offline: it reads only the export, saved checkpoints and a public key, so it can
run on a machine that has never seen the store. It exits 0 when the export is intact and 1,
with one line naming the first bad entry, when it is not.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kizashi.cli.common import engine, handle_errors, settings, stderr, write_json
from kizashi.guard.audit import (
    DEFAULT_ORIGIN,
    AuditKeyError,
    Signer,
    Witness,
    export_log,
    key_path,
    open_audit_log,
    read_checkpoint_notes,
    read_verifier,
    verifier_path,
    verify_export,
    witness_path,
    write_signer,
)

EXIT_TAMPERED = 1

audit_app = typer.Typer(
    help="The tamper-evident audit log: checkpoints, export, proofs, offline verification.",
    no_args_is_help=True,
)


@audit_app.command("keygen")
@handle_errors
def keygen(
    origin: str = typer.Option(DEFAULT_ORIGIN, help="Log name, signed into every checkpoint."),
) -> None:
    """Make the checkpoint signing key (mode 0600) and print its public verifier key."""
    path = key_path(settings())
    signer = Signer.generate(origin)
    write_signer(path, signer)
    stderr.print(f"wrote {path} (private, 0600) and {verifier_path(path)} (public)")
    print(signer.verifier.vkey())


@audit_app.command("checkpoint")
@handle_errors
def checkpoint() -> None:
    """Sign a checkpoint of the log now and print it (a C2SP signed note)."""
    current = settings()
    sys.stdout.write(open_audit_log(current, engine(current)).checkpoint())


@audit_app.command("export")
@handle_errors
def export(
    file: Path = typer.Argument(..., help="Output JSONL file ('-' for stdout)."),
    personal: bool = typer.Option(
        False, "--personal", help="Include personal data (salts and values) not yet redacted."
    ),
) -> None:
    """Export entries, leaf hashes and signed checkpoints, up to a fresh checkpoint."""
    current = settings()
    log = open_audit_log(current, engine(current))
    if str(file) == "-":
        count = export_log(log, sys.stdout.buffer, include_personal=personal)
        sys.stdout.flush()
    else:
        with file.open("wb") as out:
            count = export_log(log, out, include_personal=personal)
    stderr.print(f"exported {count} audit entries")


@audit_app.command("prove")
@handle_errors
def prove(seq: int = typer.Argument(..., help="Entry number (0-based).")) -> None:
    """Print the inclusion proof of an entry against the latest signed checkpoint (JSON)."""
    current = settings()
    write_json(open_audit_log(current, engine(current)).prove(seq).to_json())


@audit_app.command("verify")
@handle_errors
def verify(
    export_file: Path = typer.Argument(..., metavar="EXPORT", help="An audit export (JSONL)."),
    checkpoints: Path | None = typer.Option(
        None,
        "--checkpoints",
        help="Saved checkpoints: a witness directory, a .note file, or JSONL with 'note'.",
    ),
    public_key: Path | None = typer.Option(
        None, "--public-key", help="The log's verifier key file (default: the data directory's)."
    ),
) -> None:
    """Verify an export offline; exit 1 naming the first tampered, missing or reordered entry."""
    key_file = public_key or verifier_path(key_path(settings()))
    if not key_file.exists():
        raise AuditKeyError(f"no verifier key at {key_file}: pass --public-key")
    saved = read_checkpoint_notes(checkpoints) if checkpoints else []
    report = verify_export(export_file, read_verifier(key_file), saved)
    if report.problem is not None:
        print(f"FAILED {report.problem}")
        raise typer.Exit(EXIT_TAMPERED)
    print(
        f"OK {report.entries} entries, {report.checkpoints} signed checkpoints, "
        f"every entry covered up to size {report.verified_size}"
    )


@audit_app.command("witness")
@handle_errors
def witness(
    directory: Path | None = typer.Option(
        None,
        "--dir",
        help="Witness directory (default: KIZASHI_WITNESS_URL, else <data_dir>/witness).",
    ),
) -> None:
    """Hand the latest checkpoint to the witness, which keeps it only if it extends the last."""
    current = settings()
    log = open_audit_log(current, engine(current))
    held = Witness(directory or witness_path(current), log.signer.verifier).sync(log)
    print(f"witnessed size {held.size} root {held.root.hex()}")


@audit_app.command("redact")
@handle_errors
def redact(
    seq: int = typer.Argument(..., help="Entry number (0-based)."),
    reason: str = typer.Option(..., "--reason", help="Why (kept with the redaction)."),
) -> None:
    """Delete an entry's personal data (salts and values); its proofs still verify."""
    current = settings()
    fields = open_audit_log(current, engine(current)).redact(seq, reason)
    print(f"redacted {fields} personal field(s) of entry {seq}")
