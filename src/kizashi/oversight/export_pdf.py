"""The PDFs of a signed oversight export: an access report and a subject-access export.

They are laid out by casework's printed report (:func:`kizashi.casework.render_pdf`: A4, Noto
Sans CJK JP, the handling code on every page), with this room's words
(``data/export_labels.yaml``). Each PDF is built from the same document as the JSON beside it
in the bundle (:mod:`kizashi.oversight.signed`), and shows nothing the JSON does not hold:
an access report is audit metadata only; a subject-access export is the torn record.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from kizashi import casework
from kizashi.datafiles import read_versioned
from kizashi.oversight.access import OTHER_PURPOSE, UNSTATED, tampered_purposes

LABELS_FILE = Path(__file__).parent / "data" / "export_labels.yaml"
HANDLING = "TLP:AMBER"
ACCESS_COLUMNS = ["seq", "when", "user", "role", "action", "resource", "stated_purpose", "decision"]
MAX_LINES = 5_000  # lines of accesses printed; the JSON holds them all (the PDF says how many)


@cache
def _labels() -> dict[str, dict[str, str]]:
    return dict(read_versioned(LABELS_FILE)["labels"])


def _translator(lang: str) -> Callable[[str], str]:
    table = _labels()

    def translate(key: str) -> str:
        return table.get(key, {}).get(lang) or key

    return translate


def _counts(values: dict[str, int]) -> list[list[str]]:
    return [[name, str(n)] for name, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))]


def _purpose_rows(summary: dict[str, Any], t: Callable[[str], str]) -> list[list[str]]:
    """by_purpose with its two buckets worded as the page words them (not the bare keys)."""
    words = {OTHER_PURPOSE: t("purpose_other"), UNSTATED: t("purpose_unstated")}
    return [[words.get(name, name), n] for name, n in _counts(summary["by_purpose"])]


def _other_rows(
    summary: dict[str, Any], lines: list[dict[str, Any]], t: Callable[[str], str]
) -> list[list[str]]:
    """other_purposes, each text marked with the audit numbers of tampered entries that carry
    it (:func:`kizashi.oversight.access.tampered_purposes`, as the page marks it)."""
    tampered = tampered_purposes(lines)
    rows = []
    for text, n in _counts(summary.get("other_purposes") or {}):
        seqs = tampered.get(text)
        mark = f" [{t('tampered_mark')}: seq {', '.join(map(str, seqs))}]" if seqs else ""
        rows.append([text + mark, n])
    return rows


def _subject(report: dict[str, Any]) -> str:
    if report["kind"] == "about_entity":
        return f"entity {report['entity']['id']} ({report['entity']['kind']})"
    if report["kind"] == "by_officer":
        o = report["officer"]
        return f"officer {o['name']} ({o['role']}, {o['desk'] or '-'})"
    return f"report {report['report']['id']}"


def _tampered(summary: dict[str, Any], t: Callable[[str], str]) -> str:
    seqs = summary.get("tampered") or []
    if not seqs:
        return t("none")
    return f"{len(seqs)}: seq {', '.join(map(str, seqs))}. {t('tampered_note')}"


def _seq(line: dict[str, Any], t: Callable[[str], str]) -> str:
    """The line's audit number, marked (with why) when it fails its hashes."""
    if not line.get("tampered"):
        return str(line["seq"])
    return f"{line['seq']} {t('tampered_mark')}: {line['tampered']}"


def _shared_sections(report: dict[str, Any]) -> list[dict[str, Any]]:
    """What left the building about the person (report["shared"], about an entity only): each
    product drafted from their alerts or reports, and each recipient's copy and its reads."""
    if report["kind"] != "about_entity":
        return []
    rows: list[list[str]] = []
    for p in report.get("shared") or []:
        product = f"{p['product']} ({p['kind']}, {p['handling_code']})"
        drafted = ", ".join(f"{s['kind']}:{s['id']}" for s in p["drafted_from"])
        made = f"{p['drafted_by']} {p['created_at'] or ''} ← {drafted}".strip()
        status = f"{p['status']} {p['released_at'] or ''}".strip()
        for d in p["deliveries"] or [None]:
            rows.append(
                [
                    product,
                    made,
                    status,
                    "-" if d is None else f"{d['recipient']} ({d['via']})",
                    "-" if d is None else (d["copy"] or "-"),
                    "-" if d is None else (d["delivered_at"] or "-"),
                    "-" if d is None else (d["read_at"] or "-"),
                    "-" if d is None else (d["acknowledged_at"] or "-"),
                ]
            )
    return [
        {
            "title": "shared",
            "columns": [
                "product",
                "drafted",
                "status",
                "recipient",
                "copy",
                "delivered",
                "read",
                "acknowledged",
            ],
            # 受領確認 broke as 受領確 / 認 in its narrow column.
            "nowrap": ["acknowledged"],
            "rows": rows,
        }
    ]


def access_pdf(report: dict[str, Any], *, lang: str, period: str) -> bytes:
    """An access report (:func:`kizashi.oversight.service.access_report`) as PDF."""
    lang = lang if lang in ("ja", "en") else "ja"
    t = _translator(lang)
    summary = report["summary"]
    header = [
        ("subject", _subject(report)),
        ("period", period),
        ("generated_at", report["generated_at"]),
        ("generated_by", report["generated_by"]),
        ("accesses_total", f"{summary['accesses']} ({summary['denied']})"),
        ("truncated", "yes" if report.get("truncated") else "no"),
        # The entries that failed their hashes, as loud on paper as on the page.
        ("tampered", _tampered(summary, t)),
        ("handling", HANDLING),
        ("signature", t("signature_note")),
    ]
    lines = report["accesses"]
    sections: list[dict[str, Any]] = []
    if report["kind"] == "about_report":
        facts = report["report"]
        sections.append(
            {
                "title": "report_facts",
                "columns": ["channel", "received", "purpose", "legal_basis"],
                "rows": [
                    [
                        facts["channel"],
                        facts["received_at"],
                        f"{facts['collected_for']} ({facts['recorded_purpose']})",
                        facts["legal_basis"] or "",
                    ]
                ],
            }
        )
        sections.append(
            {
                "title": "purpose_changes",
                "columns": ["when", "purpose", "legal_basis", "decision"],
                "rows": [
                    [c["at"], c["to"], c["legal_basis"], f"{c['decided_by']} {c['rule']}"]
                    for c in facts["purpose_changes"]
                ],
            }
        )
    sections += [
        {"title": "by_user", "columns": ["user", "count"], "rows": _counts(summary["by_user"])},
        {
            "title": "by_purpose",
            "columns": ["purpose", "count"],
            "rows": _purpose_rows(summary, t),
        },
        {
            "title": "other_purposes",
            "columns": ["stated_text", "count"],
            "rows": _other_rows(summary, lines, t),
        },
        *_shared_sections(report),
        {
            "title": "accesses",
            "columns": ACCESS_COLUMNS,
            "rows": [
                [
                    _seq(line, t),
                    line["time"],
                    line["user"],
                    f"{line['role'] or ''} {line['desk'] or ''}".strip(),
                    line["action"],
                    f"{line['resource']['type']}:{line['resource']['id']}",
                    f"{line['stated_purpose'] or ''} ({line['purpose'] or '-'})",
                    f"{line['effect']} {line['rule'] or ''}".strip(),
                ]
                for line in lines[:MAX_LINES]
            ],
            "more": max(0, len(lines) - MAX_LINES),
        },
    ]
    context = {
        "lang": lang,
        "t": t,
        "heading": t("access_report"),
        "handling": HANDLING,
        "header": header,
        "sections": sections,
    }
    return casework.render_pdf(context)


def _withheld(report: dict[str, Any]) -> str:
    return "; ".join(f"{w['what']}: {w['reason']}" for w in report["withheld"])


def sar_pdf(document: dict[str, Any], *, lang: str) -> bytes:
    """A subject-access export (:func:`kizashi.oversight.subject_access.export`) as PDF: the
    same torn record as the JSON, nothing more."""
    lang = lang if lang in ("ja", "en") else "ja"
    t = _translator(lang)
    request = document["request"]
    identifiers = request.get("identifiers") or {}
    header = [
        ("request", request["ref"]),
        ("requester", request.get("requester") or ""),
        ("legal_basis", request["legal_basis"]),
        ("identifiers", "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(identifiers.items()))),
        ("generated_at", document["generated_at"]),
        ("generated_by", document["generated_by"]),
        ("expired_reports", str(document.get("expired_reports", 0))),
        ("handling", HANDLING),
        ("signature", t("signature_note")),
    ]
    reports = document.get("reports", [])
    sections = [
        {
            "title": "reports",
            "columns": ["report", "channel", "received", "purpose", "content"],
            "rows": [
                [
                    r["id"],
                    r["channel"],
                    r["received_at"],
                    f"{r['purpose'] or ''} / {r['legal_basis'] or ''}",
                    str(r.get("text") or orjson.dumps(r.get("record") or {}).decode()),
                ]
                for r in reports
            ],
        },
        {
            "title": "withheld",
            "columns": ["report", "withheld"],
            "rows": [[r["id"], _withheld(r)] for r in reports if r.get("withheld")],
        },
        {
            "title": "entities",
            "columns": ["id", "kind"],
            "rows": [[e["id"], e["kind"]] for e in document.get("entities", [])],
        },
        {
            "title": "alerts",
            "columns": ["id", "status", "category", "score", "rules"],
            "rows": [
                [
                    a["id"],
                    a["status"],
                    a["category"] or "",
                    f"{a['score']:.1f}",
                    ", ".join([*a["rules"], *a["rule_versions"]]),
                ]
                for a in document.get("alerts", [])
            ],
        },
        {
            "title": "signals",
            "columns": ["report", "category", "score", "rules"],
            "rows": [
                [s["report_id"], s["category"] or "", f"{s['score']:.2f}", ", ".join(s["rules"])]
                for s in document.get("signals", [])
            ],
        },
    ]
    context = {
        "lang": lang,
        "t": t,
        "heading": f"{t('sar_export')} {request['ref']}",
        "handling": HANDLING,
        "header": header,
        "sections": sections,
    }
    return casework.render_pdf(context)
