"""Signed exports for oversight bodies (issue 18 items 3 and 5; docs/oversight.md).

- :func:`signed_access_report` — an access report (who looked at whom, the reverse, or one
  report's uses) with every line's inclusion proof, as JSON and PDF in a bundle signed by the
  audit log's checkpoint key; decided as the access report itself is (OVERSIGHT-1).
- :func:`signed_sar_export` — a subject-access export (SAR-2: an administrator, once) as
  JSON and PDF in a signed bundle; the bundle is made before the export is recorded, so a
  failure leaves the request unexported.
- :func:`verify` — check a bundle against the log's public key (offline: only the key).
"""

from __future__ import annotations

from typing import Any

import orjson

from kizashi.guard import Guard, User, Verifier
from kizashi.oversight import access
from kizashi.oversight.export_pdf import access_pdf, sar_pdf
from kizashi.oversight.service import access_report
from kizashi.oversight.signed import signed_bundle, verify_bundle
from kizashi.oversight.subject_access import export

__all__ = ["signed_access_report", "signed_sar_export", "verify"]

_JSON = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def _period(period: access.Period) -> str:
    since = period.since.isoformat() if period.since else "…"
    until = period.until.isoformat() if period.until else "…"
    return f"{since} – {until}"


def signed_access_report(
    guard: Guard,
    user: User,
    *,
    entity: str | None = None,
    officer: str | None = None,
    report: str | None = None,
    period: access.Period = access.Period(),
    lang: str = "ja",
    purpose: str = "oversight review",
    terminal: str = "",
) -> tuple[bytes, dict[str, Any]]:
    """The signed bundle (ZIP bytes) of an access report, and the report."""
    found = access_report(
        guard,
        user,
        entity=entity,
        officer=officer,
        report=report,
        period=period,
        proofs=True,
        purpose=purpose,
        terminal=terminal,
    )
    named = (("entity", entity), ("officer", officer), ("report", report))
    subject = ",".join(f"{kind}:{value}" for kind, value in named if value)
    bundle = signed_bundle(
        guard.audit.signer,
        kind="access_report",
        ref=subject,
        generated_at=found["generated_at"],
        generated_by=user.id,
        files={
            "access-report.json": orjson.dumps(found, option=_JSON),
            "access-report.pdf": access_pdf(found, lang=lang, period=_period(period)),
        },
    )
    return bundle, found


def signed_sar_export(
    guard: Guard,
    user: User,
    ref: str,
    *,
    lang: str = "ja",
    purpose: str = "subject access request",
    terminal: str = "",
) -> tuple[bytes, dict[str, Any]]:
    """The signed bundle (ZIP bytes) of a subject-access export, and the export."""
    made: list[bytes] = []

    def seal(document: dict[str, Any]) -> None:
        made.append(
            signed_bundle(
                guard.audit.signer,
                kind="subject_access_export",
                ref=ref,
                generated_at=document["generated_at"],
                generated_by=user.id,
                files={
                    "export.json": orjson.dumps(document, option=_JSON),
                    "export.pdf": sar_pdf(document, lang=lang),
                },
            )
        )

    document = export(guard, user, ref, purpose=purpose, terminal=terminal, prepare=seal)
    return made[0], document


def verify(bundle: bytes, verifier: Verifier) -> dict[str, Any]:
    """What a signed bundle says, if the key signed it and no file changed."""
    return verify_bundle(bundle, verifier)
