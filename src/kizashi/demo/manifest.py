"""The ledger every corpus writes into, and the ground-truth manifest it produces.

Corpora add records through :class:`Ledger` and say, at the same moment, whether a record
is planted (part of a case) or a decoy. Recording the truth where the record is made keeps
the manifest from drifting away from the data.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CHANNELS",
    "DECOY_SAMPLE",
    "ESPIONAGE_CASE",
    "LEAK_CASE",
    "LISTING_CASE",
    "LONE_CASE",
    "RECRUIT_CASE",
    "THREAT_CASE",
    "Ledger",
]

# Ids of the planted cases: the manifest's contract with tests and evaluation.
LONE_CASE = "lone-offender-yamada"
THREAT_CASE = "coded-threats-rally"
RECRUIT_CASE = "yami-baito-recruitment"
LISTING_CASE = "shell-casing-listings"
ESPIONAGE_CASE = "espionage-approach-semicon"
LEAK_CASE = "raid-leak-seized-chat"

# Output order of channels everywhere (files, counts): the order analysts meet them.
CHANNELS = (
    "sns_post",
    "purchase",
    "partner_report",
    "patrol_note",
    "public_tip",
    "listing",
    "company_approach",
    "company_consultation",
    "research_request",
    "seized_message",
)

# Field whose value orders a channel's records in time (ties broken by external_id).
_TIME_FIELD = {
    "sns_post": "posted_at",
    "purchase": "purchased_at",
    "partner_report": "observed_at",
    "patrol_note": "observed_at",
    "public_tip": "received_at",
    "listing": "listed_at",
    "company_approach": "approach_date",
    "company_consultation": "contact_date",
    "research_request": "requested_on",
    "seized_message": "sent_at",
}

# How many records of each decoy group the manifest lists: enough for evaluation to sample,
# small enough that the manifest stays readable.
DECOY_SAMPLE = 12


def ref(channel: str, record: dict[str, Any], role: str | None = None) -> dict[str, str]:
    out = {"channel": channel, "source": record["source"], "external_id": record["external_id"]}
    if role is not None:
        out["role"] = role
    return out


class Ledger:
    """Collects records per channel, case membership and decoy membership."""

    def __init__(self) -> None:
        self.records: dict[str, list[dict[str, Any]]] = {channel: [] for channel in CHANNELS}
        self._keys: set[tuple[str, str, str]] = set()
        self._cases: dict[str, dict[str, Any]] = {}
        self._case_refs: dict[str, list[dict[str, str]]] = {}
        self._decoys: dict[str, tuple[str, str, list[dict[str, str]]]] = {}

    def case(self, case_id: str, kind: str, summary: str, **details: Any) -> None:
        """Declare a planted case; records join it via ``add(..., case=case_id)``."""
        self._cases[case_id] = {"id": case_id, "kind": kind, "summary": summary, **details}
        self._case_refs.setdefault(case_id, [])

    def decoy_group(self, group_id: str, kind: str, note: str) -> None:
        """Declare a group of hard negatives of one kind."""
        if group_id not in self._decoys:
            self._decoys[group_id] = (kind, note, [])

    def add(
        self,
        channel: str,
        record: dict[str, Any],
        *,
        case: str | tuple[str, ...] | None = None,
        role: str = "",
        decoy: str | None = None,
    ) -> dict[str, Any]:
        """Store a record; duplicates of (channel, source, external_id) are generator bugs."""
        key = (channel, str(record["source"]), str(record["external_id"]))
        if key in self._keys:
            raise ValueError(f"duplicate demo record {key}")
        self._keys.add(key)
        self.records[channel].append(record)
        for case_id in (case,) if isinstance(case, str) else case or ():
            if case_id not in self._cases:
                raise KeyError(f"undeclared demo case {case_id}")
            self._case_refs[case_id].append(ref(channel, record, role or channel))
        if decoy is not None:
            self._decoys[decoy][2].append(ref(channel, record))
        return record

    def finish(self) -> dict[str, list[dict[str, Any]]]:
        """Sort every channel into time order so planted records sit among the background."""
        for channel, rows in self.records.items():
            field = _TIME_FIELD[channel]
            rows.sort(key=lambda row: (str(row.get(field, "")), str(row["external_id"])))
        return self.records

    def manifest(
        self,
        *,
        scenario: str,
        seed: int,
        scale: float,
        period: dict[str, str],
        protected: list[dict[str, Any]],
    ) -> dict[str, Any]:
        cases = []
        for case_id, info in self._cases.items():
            cases.append({**info, "records": list(self._case_refs[case_id])})
        decoys = []
        for group_id, (kind, note, refs) in self._decoys.items():
            decoys.append(
                {
                    "id": group_id,
                    "kind": kind,
                    "note": note,
                    "count": len(refs),
                    "records": refs[:DECOY_SAMPLE],
                }
            )
        return {
            "scenario": scenario,
            "seed": seed,
            "scale": scale,
            "period": period,
            "counts": {channel: len(self.records[channel]) for channel in CHANNELS},
            "protected": protected,
            "cases": cases,
            "decoys": decoys,
        }
