"""Person records (any subset of name, kana, romaji, birth date, phone, e-mail, account,
address) → the normalised feature rows that linkage compares.

Input field names are matched loosely (``date_of_birth`` and ``dob`` are ``birth_date``);
fields the resolver has no normaliser for are kept as generic ``x_<field>`` columns and
compared as text, so FEBRL's suburbs and postcodes still count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from kizashi.errors import KizashiError
from kizashi.resolve.addresses import address_key
from kizashi.resolve.contacts import account_key, email_key, phone_key
from kizashi.resolve.names import name_key

__all__ = ["FEATURES", "RecordError", "birth_date_key", "feature_row", "feature_rows"]

ALIASES = {
    "name": "name", "full_name": "name", "buyer_name": "name",
    "name_kana": "name_kana", "kana": "name_kana", "buyer_name_kana": "name_kana",
    "name_romaji": "name_romaji", "romaji": "name_romaji",
    "family_name": "family_name", "surname": "family_name", "last_name": "family_name",
    "given_name": "given_name", "first_name": "given_name",
    "birth_date": "birth_date", "date_of_birth": "birth_date", "dob": "birth_date",
    "phone": "phone", "phone_number": "phone", "tel": "phone",
    "email": "email", "e_mail": "email", "mail": "email",
    "account": "account", "account_handle": "account", "platform": "platform",
    "address": "address",
}  # fmt: skip

# Columns of a feature row, in order; generic x_* columns follow.
FEATURES = (
    "unique_id", "name_written", "name_sorted", "name_joined", "name_alt", "tok_a", "tok_b",
    "birth_date", "phone", "phone_kind", "email", "account",
    "addr_area", "addr_block", "addr_room", "addr_building",
)  # fmt: skip

_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$")
_ERA_DATE = re.compile(r"^(明治|大正|昭和|平成|令和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$")


class RecordError(KizashiError):
    """A person record cannot be read (names the row, field and reason)."""


def birth_date_key(value: str) -> str:
    """``YYYY-MM-DD`` from 1989-05-14, 1989/5/14, 19890514 or 平成元年5月14日; "" if unreadable."""
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    if m := _ERA_DATE.match(text):
        year = _ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))
        return f"{year:04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
    if m := _DATE.match(text):
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return ""


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _or_none(value: str) -> str | None:
    return value or None


def feature_row(record: Mapping[str, Any], id_field: str = "id") -> dict[str, str | None]:
    """The normalised comparison columns of one person record."""
    if id_field not in record or _clean(record[id_field]) == "":
        raise RecordError(f"field {id_field!r}: missing record id")
    fields: dict[str, str] = {}
    extras: dict[str, str | None] = {}
    for field, value in record.items():
        if field == id_field:
            continue
        canonical = ALIASES.get(field.casefold())
        if canonical is None:
            extras["x_" + re.sub(r"\W", "_", field.casefold())] = _or_none(_clean(value).casefold())
        elif _clean(value):
            fields[canonical] = _clean(value)
    written = fields.get("name", "")
    if not written and (fields.get("family_name") or fields.get("given_name")):
        written = f"{fields.get('family_name', '')} {fields.get('given_name', '')}".strip()
    # The reading comes from the most phonetic spelling available: kana, then romaji, then
    # Sudachi's reading of the written name.
    spoken = fields.get("name_kana") or fields.get("name_romaji") or written
    key = name_key(spoken) if spoken else None
    tokens = sorted(key.tokens) if key else []
    written_key = name_key(written).written if written else (key.written if key else "")
    phone = phone_key(fields["phone"]) if "phone" in fields else None
    address = address_key(fields["address"]) if "address" in fields else None
    row: dict[str, str | None] = {
        "unique_id": _clean(record[id_field]),
        "name_written": _or_none(written_key),
        "name_sorted": _or_none(" ".join(tokens)),
        "name_joined": _or_none(key.joined if key else ""),
        # The reading run together in the other order: "yosukewatanabe" for わたなべ ようすけ,
        # so that a name Sudachi could not split still meets its spaced spelling.
        "name_alt": _or_none("".join(key.tokens[1:] + key.tokens[:1]) if key else ""),
        "tok_a": _or_none(tokens[0] if tokens else ""),
        "tok_b": _or_none(tokens[-1] if len(tokens) > 1 else ""),
        "birth_date": _or_none(birth_date_key(fields.get("birth_date", ""))),
        "phone": _or_none(phone.digits if phone else ""),
        "phone_kind": phone.kind if phone and phone.digits else None,
        "email": _or_none(email_key(fields.get("email", ""))),
        "account": _or_none(
            account_key(fields["account"], fields.get("platform")) if "account" in fields else ""
        ),
        "addr_area": _or_none(address.area if address else ""),
        "addr_block": _or_none(
            f"{address.area}|{address.block}" if address and address.block else ""
        ),
        "addr_room": _or_none(address.room if address else ""),
        "addr_building": _or_none(address.building if address else ""),
    }
    row.update(sorted(extras.items()))
    return row


def feature_rows(
    records: Iterable[Mapping[str, Any]], id_field: str = "id"
) -> list[dict[str, Any]]:
    """Feature rows of many records; errors name the row number."""
    rows = []
    for number, record in enumerate(records, start=1):
        try:
            rows.append(feature_row(record, id_field))
        except RecordError as exc:
            raise RecordError(f"row {number}: {exc}") from exc
    return rows
