"""A report as a partner sees it: the one read model of the API, the CLI and the portal.

Issue 12 ("one door"): every surface gives a role the same answer. A partner reads only the
reports whose source is its organisation (PARTNER-2), and of those it sees what it sent —
its own fields as sent — and nothing the police added:

- never the police's grading or handling code, nor the purpose and legal basis the police
  recorded the report under (``provenance`` keeps them, as ``null``);
- never the police's correction notes (oversight writes them, with a reason and an author),
  nor the mentions the platform extracted from the text (its reading, not the partner's);
- ``raw`` (the payload exactly as it arrived) only for a report the partner sent itself over
  the API or the portal (``organisation`` is the partner's: its own bytes, whatever it typed
  in them). A report the police loaded from the partner's file is the police's row of that
  file: it may carry the grading, handling code or purpose the police typed in its envelope
  columns, so its ``raw``, ``raw_sha256`` (a hash would confirm a guessed grade),
  ``ingest_run_id`` (the police's run) and ``language`` are ``null``; the partner's own
  fields are in ``body`` and ``text``, the same as for its own submissions.

The portal's page of a submission renders exactly this dict, and the API answers it, so the
two cannot drift; ``tests/web/test_partner_one_door.py`` holds them to it over every route a
partner token reaches.
"""

from __future__ import annotations

from typing import Any

from kizashi.guard.identity import User

# What the police add to a report, never told to a partner (the portal shows none of it).
POLICE_ONLY_PROVENANCE = ("reliability", "credibility", "handling_code", "purpose", "legal_basis")
# What only the submitter's own submission shows: its own bytes and its own ingest run.
OWN_SUBMISSION_ONLY = ("raw", "raw_sha256")


def sent_by(user: User, report: dict[str, Any]) -> bool:
    """Did the partner's organisation send this report itself (API or portal)? A report the
    police loaded from the partner's file has no ``organisation`` (the column names who
    submitted it, not whose source it is)."""
    organisation = report["provenance"].get("organisation")
    return organisation is not None and organisation == user.organisation


def report_as_seen_by(user: User, report: dict[str, Any]) -> dict[str, Any]:
    """The report as ``user`` may see it: unchanged for the police, the partner's view for a
    partner. Works on a single read (with raw, mentions, corrections) and a list item."""
    if not user.is_partner:
        return report
    own = sent_by(user, report)
    provenance = {**report["provenance"], **dict.fromkeys(POLICE_ONLY_PROVENANCE)}
    if not own:
        provenance["ingest_run_id"] = None
    seen = {**report, "provenance": provenance}
    if not own:
        seen["language"] = None
        for name in OWN_SUBMISSION_ONLY:
            if name in seen:
                seen[name] = None
    if "mentions" in seen:
        seen["mentions"] = []
    if "corrections" in seen:
        seen["corrections"] = []
    return seen
