"""Person records from the mentions of one report.

A report names people in *slots*: ``persons[0].name`` and ``persons[0].phone`` belong to
slot ``persons[0]``; ``buyer_name`` and ``buyer_phone`` to the root slot ``""``. A slot with a
person mention or an identifying handle (phone, e-mail, account, payment token) becomes one
person record. A root-level address of a report with persons in a list (the garage of a
partner report, the place of a patrol note) is where something happened, not where the person
lives, so it stays out of the record and becomes an address entity. Birth dates are not mentions, so they are read
from the report body beside the name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kizashi.resolve.records import feature_row

__all__ = ["IDENTIFIERS", "SlotRecord", "slot_records"]

IDENTIFIERS = ("phone", "email", "account", "payment_token")
_SLOT = re.compile(r"^(.*\[\d+\])\.[^.\[\]]+$")
_NAME_FIELDS = ("name_kana", "kana")
_ROMAJI_FIELDS = ("name_romaji", "romaji")


@dataclass
class SlotRecord:
    id: str  # the first mention of the slot (a person mention if there is one)
    report_id: str
    slot: str
    mention_ids: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    def features(self) -> dict[str, Any]:
        return feature_row({"id": self.id, **self.fields})


def _slot(path: str) -> str:
    m = _SLOT.match(path)
    return m.group(1) if m else ""


def _at(body: Any, slot: str) -> Mapping[str, Any]:
    node = body
    for part in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", slot):
        name, index = part
        node = node.get(name) if isinstance(node, Mapping) else None
        if index and isinstance(node, list):
            node = node[int(index)] if int(index) < len(node) else None
    return node if isinstance(node, Mapping) else {}


def _birth_date(body: Mapping[str, Any], slot: str) -> str | None:
    node = _at(body, slot) if slot else body
    for key in ("birth_date", "buyer_birth_date", "date_of_birth"):
        if node.get(key):
            return str(node[key])
    return None


def _role(path: str) -> str:
    return path.split("_", 1)[0]


def _split_root_roles(by_slot: dict[str, list[Mapping[str, Any]]]) -> None:
    """Root fields that name two different people (a company approach's ``employee_name`` and
    ``approacher_name``) are two slots, one per role prefix: the approached employee must never
    be joined to the foreign official who approached him. A root with one role
    (``buyer_name``, ``buyer_name_kana``, ``buyer_phone``) stays one slot."""
    root = by_slot.get("", [])
    roles = {_role(str(m["path"])) for m in root if m["kind"] == "person"}
    if len(roles) < 2:
        return
    del by_slot[""]
    for mention in root:
        role = _role(str(mention["path"]))
        by_slot[role if role in roles else ""].append(mention)


def slot_records(
    report_id: str,
    body: Mapping[str, Any],
    mentions: Iterable[Mapping[str, Any]],
    *,
    as_of: str | None = None,
) -> tuple[list[SlotRecord], list[Mapping[str, Any]]]:
    """The person records of a report, and the mentions left outside every record."""
    by_slot: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for mention in sorted(mentions, key=lambda m: (str(m["path"]), str(m["id"]))):
        by_slot[_slot(str(mention["path"]))].append(mention)
    _split_root_roles(by_slot)
    person_slots = [
        s for s, ms in by_slot.items() if any(m["kind"] in ("person", *IDENTIFIERS) for m in ms)
    ]
    records: list[SlotRecord] = []
    used: set[str] = set()
    for slot in sorted(person_slots):
        items = [m for m in by_slot[slot] if m["kind"] in ("person", "address", *IDENTIFIERS)]
        people = [m for m in items if m["kind"] == "person"]
        first = (people or items)[0]
        record = SlotRecord(str(first["id"]), report_id, slot)
        for mention in items:
            kind, value = str(mention["kind"]), str(mention["value"])
            record.mention_ids.append(str(mention["id"]))
            used.add(str(mention["id"]))
            if kind == "person":
                leaf = str(mention["path"]).rsplit(".", 1)[-1]
                key = "name_kana" if leaf.endswith(_NAME_FIELDS) else "name"
                if leaf.endswith(_ROMAJI_FIELDS):
                    # A business card's Latin-letter line is a reading of the name beside
                    # the printed one (Wang Wei beside 王伟), not a second name.
                    key = "name_romaji"
                if leaf == "display_name":
                    # A screen name ("T.Y@南大塚") is chosen, not given: compared as text,
                    # never as a person's name.
                    key = "display_name"
                record.fields.setdefault(key, value)
            elif kind == "account":
                record.fields.setdefault("account", value)
                if mention.get("qualifier"):
                    record.fields.setdefault("platform", str(mention["qualifier"]))
            elif kind == "payment_token":
                record.fields.setdefault("payment_token", value)
            else:
                record.fields.setdefault(kind, value)
        if (birth := _birth_date(body, slot)) is not None:
            record.fields["birth_date"] = birth
        if as_of:
            record.fields["as_of"] = as_of
        records.append(record)
    leftovers = [m for ms in by_slot.values() for m in ms if str(m["id"]) not in used]
    return records, leftovers
