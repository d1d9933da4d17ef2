"""Person records (any subset of name, kana, romaji, birth date, phone, e-mail, account,
address) → the normalised feature rows that linkage compares.

Input field names are matched loosely (``date_of_birth`` and ``dob`` are ``birth_date``);
fields the resolver has no normaliser for are kept as generic ``x_<field>`` columns and
compared as text, so FEBRL's suburbs and postcodes still count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kizashi.errors import KizashiError
from kizashi.resolve.addresses import Address, address_key
from kizashi.resolve.contacts import account_key, email_key, phone_key
from kizashi.resolve.names import name_key, name_key_parts

__all__ = [
    "FEATURES",
    "RecordError",
    "birth_date_key",
    "clear_value_caches",
    "feature_column",
    "feature_row",
    "feature_rows",
    "partial_year",
]

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
    "address": "address", "addr": "address", "age": "age", "as_of": "as_of", "reported_at": "as_of",
    # English spellings of the same columns in other exports
    "fullname": "name", "firstname": "given_name", "forename": "given_name",
    "lastname": "family_name", "birthdate": "birth_date", "birthday": "birth_date",
    "telephone": "phone", "mobile": "phone", "phone_no": "phone", "email_address": "email",
    "e_mail_address": "email", "handle": "account",
    # Japanese headers, as partners' and agencies' spreadsheets write them
    "氏名": "name", "名前": "name", "お名前": "name", "姓名": "name", "フルネーム": "name",
    "フリガナ": "name_kana", "ふりがな": "name_kana", "カナ": "name_kana", "かな": "name_kana",
    "氏名カナ": "name_kana", "氏名_カナ": "name_kana", "氏名(カナ)": "name_kana",
    "氏名(フリガナ)": "name_kana", "よみ": "name_kana", "ヨミ": "name_kana", "読み": "name_kana",
    "ローマ字": "name_romaji", "氏名ローマ字": "name_romaji", "氏名(ローマ字)": "name_romaji",
    "姓": "family_name", "氏": "family_name", "苗字": "family_name", "名字": "family_name",
    "名": "given_name", "生年月日": "birth_date", "誕生日": "birth_date",
    "電話番号": "phone", "電話": "phone", "携帯": "phone", "携帯電話": "phone",
    "携帯番号": "phone", "メール": "email", "メールアドレス": "email", "eメール": "email",
    "アカウント": "account", "住所": "address", "所在地": "address", "現住所": "address",
    "年齢": "age",
}  # fmt: skip
_SEPARATORS = re.compile(r"[\s\-・]+")


# Generic columns that hold numbers people write in several formats: a second phone (自宅電話,
# home_tel, fax) and a postcode (郵便番号, zip). They stay generic columns of their own (a
# home line beside the mobile is a household's, not the person's ``phone``), but compared by
# their digits, so 075-766-9350, (075)766-9350 and ０７５７６６９３５０ — or 324-0403, 〒3240403 —
# are one value rather than "alike" text.
_PHONE_WORDS = frozenset({"tel", "phone", "fax", "mobile", "cell", "telephone"})
_POSTCODE_WORDS = frozenset({"postcode", "zip", "zipcode", "postal", "post_code", "postalcode"})
# A column about a phone or a postcode that is not the number itself (its type, carrier, a
# note), or an address named "postal": compared as written, never by its digits alone
# (東京都足立区千住旭町4-11-3 and 大阪市北区梅田4丁目11番3号 are not one "4113").
_NOT_A_NUMBER = frozenset(
    {"type", "kind", "carrier", "memo", "note", "notes", "address", "addr", "company",
     "provider", "plan", "model", "owner", "name", "status", "remarks"}
)  # fmt: skip
_NOT_A_NUMBER_JA = (
    "キャリア",
    "メモ",
    "備考",
    "種別",
    "種類",
    "住所",
    "会社",
    "機種",
    "名義",
    "契約",
)


def generic_kind(field: str) -> str | None:
    """ "phone" or "postcode" for a generic column named as one (any case, full width, in
    Japanese or English), else None (compared as written)."""
    key = _SEPARATORS.sub("_", unicodedata.normalize("NFKC", field).strip().casefold())
    words = set(key.split("_"))
    if words & _NOT_A_NUMBER or any(part in key for part in _NOT_A_NUMBER_JA):
        return None  # Phone Type, mobile_carrier, 電話メモ, Postal Address (review of link28)
    if "電話" in key or "携帯" in key or words & _PHONE_WORDS:
        return "phone"
    if "郵便番号" in key or "〒" in key or words & _POSTCODE_WORDS or "post_code" in key:
        return "postcode"
    return None


def generic_value(kind: str | None, value: str) -> str | None:
    """A generic column's (cleaned) value as compared: a phone's national digits, a
    postcode's digits, else the value case-folded; None when empty."""
    if kind == "phone":
        return _or_none(phone_key(value).digits if value else "")
    if kind == "postcode":
        return _or_none(re.sub(r"[^0-9]", "", value))
    return _or_none(value.casefold())


def postcode_address(digits: str | None) -> str:
    """The address a postcode column stands for when the record gives no address (a
    marketplace account's 〒 alone): ``〒NNNNNNN``, which ``parse_address`` reads as the
    postcode's prefecture, city and town — so it meets a written address of that town at the
    "same town" level. "" unless seven digits (FEBRL's four-digit postcodes stay generic)."""
    return f"〒{digits}" if digits and len(digits) == 7 else ""


def canonical_field(name: str) -> str | None:
    """The field a column stands for (``ALIASES``), read as people write headers: any case,
    full- or half-width (NFKC), spaces, hyphens and ・ as ``_`` ("E-mail", "Date of birth",
    "氏名（カナ）"); None for a column compared as generic text."""
    key = _SEPARATORS.sub("_", unicodedata.normalize("NFKC", name).strip().casefold())
    return ALIASES.get(key)


# Columns of a feature row, in order; generic x_* columns follow.
FEATURES = (
    "unique_id", "name_written", "name_sorted", "name_joined", "name_alt", "name_alts",
    "tok_a", "tok_b", "name_family", "name_given", "name_givens", "name_given_written",
    "name_generation", "birth_date", "birth_year", "phone", "phone_kind", "email", "account",
    "addr_area", "addr_block", "addr_room", "addr_building",
)  # fmt: skip

_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
# An era's one-letter and one-kanji abbreviations, as forms and partners' files write them
# (S55.4.1, H2/3/4, R5.4.1, 昭55.4.1): M T S H R, 明 大 昭 平 令.
_ERA_OF = {**{era: era for era in _ERAS}, **{era[0]: era for era in _ERAS}}
_ERA_OF |= dict(zip("MTSHR", _ERAS, strict=True))
# A full date has both separators (1989-5-14, 1989年5月14日) or none (19890514, eight digits):
# one separator is a year and month (1958-11, 1980-05), which partial_year reads, not a date
# (an optional separator once made 1958-11 into 1958-01-01 and 1980-05 into 1980-00-05).
_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$")
_ERA_DATE = re.compile(
    r"^(明治|大正|昭和|平成|令和|[明大昭平令]|[MTSHR]\.?)(元|\d{1,2})(?:年|[-/.])"
    r"(\d{1,2})(?:月|[-/.])(\d{1,2})日?$",
    re.IGNORECASE,
)


class RecordError(KizashiError):
    """A person record cannot be read (names the row, field and reason)."""

    status = 400


def birth_date_key(value: str) -> str:
    """``YYYY-MM-DD`` from 1989-05-14, 1989/5/14, 19890514, 平成元年5月14日 or H1.5.14 / 平1.5.14;
    "" if unreadable."""
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    if m := _ERA_DATE.match(text):
        era = _ERA_OF[m.group(1).rstrip(".").upper()]
        year = _ERAS[era] + (1 if m.group(2) == "元" else int(m.group(2)))
        return f"{year:04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
    if m := _DATE.match(text):
        month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        return f"{int(m.group(1)):04d}-{int(month):02d}-{int(day):02d}"
    return ""


_COLUMN_OF = {"name": "name_sorted", "name_kana": "name_sorted", "name_romaji": "name_sorted",
              "family_name": "name_family", "given_name": "name_given", "address": "addr_block"}  # fmt: skip


def feature_column(field: str) -> str:
    """The feature column an input field becomes (``surname`` → name_family, ``postcode``
    → x_postcode): what ``kizashi link --block`` names."""
    canonical = canonical_field(field)
    if canonical is None:
        return "x_" + re.sub(r"\W", "_", field.strip().casefold())
    return _COLUMN_OF.get(canonical, canonical)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def record_id(value: Any) -> str:
    """A record's id as the linker keys it (NFKC, trimmed): ``１２３`` and ``123`` are one id."""
    return _clean(value)


def _or_none(value: str) -> str | None:
    return value or None


def _joined(values: Iterable[str]) -> str:
    """A set of keys as one column: "|a|b|", so that "|a|" finds a member with LIKE."""
    values = [v for v in values if v]
    return f"|{'|'.join(values)}|" if values else ""


# An age column as reports write it: 45, 45歳, 45才, (45), ４５歳 — the number alone.
_STATED_AGE = re.compile(r"^\s*[(（]?\s*(\d{1,3})\s*(?:歳|才|yrs?|years?)?\s*[)）]?\s*$", re.I)


def _int(value: str | None) -> int | None:
    """The age an age column states (``45``, ``45歳``, ``45才``), else None."""
    if not value:
        return None
    found = _STATED_AGE.match(unicodedata.normalize("NFKC", value))
    return int(found.group(1)) if found else None


# "born in" after a partial date, as reports write it (1998年生, 昭和43年生まれ); then
# "about" (1980年頃, 昭和55年ごろ, 1980年くらい): an estimate, a witness's or a desk's.
_BORN = r"(?:生まれ|生)?(?P<about>頃|ごろ|くらい|ぐらい|位|前後)?"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:年|[-/.](?=\d))?(?:(\d{1,2})月?)?" + _BORN + "$")
_PARTIAL_ERA = re.compile(
    r"^(明治|大正|昭和|平成|令和|[明大昭平令]|[MTSHR]\.?)(元|\d{1,2})(?:年|[-/.](?=\d))?"
    r"(?:(\d{1,2})月?)?" + _BORN + "$",
    re.IGNORECASE,
)
# How far an estimated year ("1980年頃") may be from the true one. Guessing an adult's age
# from his looks or from hearsay is off by several years (5 either way is a common margin of
# a witness's estimate), yet a generation (24 years and more: a father and his son of one
# name) stays far outside it. Read as one exact year, an estimate made a hard conflict with
# the person's full date two years on and split records sharing his mobile (link45 review).
ABOUT_YEARS = 5


def partial_year(value: str) -> str:
    """The year of a partial birth date ("1980", "1980-05", 1980年5月, 1998年生, 昭和43年,
    H10.4, 平成元年生まれ); the years around an estimate (1980年頃, 昭和55年ごろ: "1975-1985",
    :data:`ABOUT_YEARS` either way); "" otherwise. Only a year is compared: a month alone
    says too little to set two records apart."""
    text = unicodedata.normalize("NFKC", value or "").strip().replace(" ", "")
    if m := _PARTIAL_ERA.match(text):
        if m.group(3) and not 1 <= int(m.group(3)) <= 12:
            return ""
        era = _ERA_OF[m.group(1).rstrip(".").upper()]
        return _about(_ERAS[era] + (1 if m.group(2) == "元" else int(m.group(2))), m)
    m = _PARTIAL_DATE.match(text)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        return ""
    return _about(int(m.group(1)), m) if 1800 <= int(m.group(1)) <= 2200 else ""


def _about(year: int, match: re.Match[str]) -> str:
    """The year, or the range around it when the date is an estimate (頃, ごろ)."""
    if match.group("about"):
        return f"{year - ABOUT_YEARS}-{year + ABOUT_YEARS}"
    return str(year)


def _birth_year(birth: str, age: int | None, as_of: str, partial: str = "") -> str:
    """The birth year a stated age gives (as of the record's date): "1979-1980"; "" if none.

    A full birth date gives its own year, and so does a partial one (``partial``)."""
    if birth:
        return f"{birth[:4]}-{birth[:4]}"
    if partial:
        return partial if "-" in partial else f"{partial}-{partial}"  # an estimate's range
    if age is None or not (0 < age < 120):
        return ""
    year = re.match(r"\s*(\d{4})", unicodedata.normalize("NFKC", as_of or ""))
    if not year:
        return ""
    return f"{int(year.group(1)) - age - 1}-{int(year.group(1)) - age}"


def name_features(
    written: str, family: str, given: str, kana: str, romaji: str
) -> tuple[dict[str, str | None], int | None]:
    """The name columns of a record from its (cleaned, "" when missing) name fields, and the
    age written beside the name (山田太郎(45)), if any."""
    if not written and (family or given):
        written = f"{family} {given}".strip()
    # The reading comes from the most phonetic spelling available: kana, then romaji, then
    # the written name (read from the name tables, or by Sudachi).
    spoken = kana or romaji
    written_key = name_key_parts(family, given) if family and given else name_key(written)
    key = name_key(spoken) if spoken else (written_key if written else None)
    if key is not None and spoken and written and not key.family and written_key.family:
        key = written_key  # a kana reading that cannot be split says less than the kanji
    tokens = sorted(key.tokens) if key else []
    columns = {
        "name_written": _or_none(written_key.written if written else ""),
        "name_sorted": _or_none(" ".join(tokens)),
        "name_joined": _or_none(key.joined if key else ""),
        # The reading run together in the other order: "yosukewatanabe" for わたなべ ようすけ,
        # so that a name the tables could not split still meets its spaced spelling.
        "name_alt": _or_none("".join(key.tokens[1:] + key.tokens[:1]) if key else ""),
        # Other readings of the whole name (淳 is あつし or じゅん), "|"-delimited.
        "name_alts": _or_none(_joined(key.alternatives) if key else ""),
        "tok_a": _or_none(tokens[0] if tokens else ""),
        "tok_b": _or_none(tokens[-1] if len(tokens) > 1 else ""),
        "name_family": _or_none(key.family if key else ""),
        "name_given": _or_none(key.given if key else ""),
        "name_givens": _or_none(_joined(key.given_keys) if key else ""),
        "name_given_written": _or_none(written_key.given_written if written else ""),
        "name_generation": _or_none(key.generation if key else ""),
    }
    return columns, key.age if key and key.age is not None else None


def phone_features(value: str) -> dict[str, str | None]:
    """``phone`` and ``phone_kind`` of a (cleaned) phone field; both None when empty."""
    phone = phone_key(value) if value else None
    return {
        "phone": _or_none(phone.digits if phone else ""),
        "phone_kind": phone.kind if phone and phone.digits else None,
    }


def address_features(
    value: str, parse: Callable[[str], Address] = address_key
) -> dict[str, str | None]:
    """The address columns of a (cleaned) address field (``parse``: the cached
    ``address_key`` for a record at a time, the uncached ``parse_address`` for a caller
    that asks once per distinct value)."""
    address = parse(value) if value else None
    return {
        "addr_area": _or_none(address.area if address else ""),
        "addr_block": _or_none(
            f"{address.area}|{address.block}" if address and address.block else ""
        ),
        "addr_room": _or_none(address.room if address else ""),
        "addr_building": _or_none(address.building if address else ""),
    }


def feature_row(record: Mapping[str, Any], id_field: str = "id") -> dict[str, str | None]:
    """The normalised comparison columns of one person record."""
    if id_field not in record or _clean(record[id_field]) == "":
        raise RecordError(f"field {id_field!r}: missing record id")
    fields: dict[str, str] = {}
    extras: dict[str, str | None] = {}
    postcode = None  # the first postcode column's digits
    for field, value in record.items():
        if field == id_field:
            continue
        canonical = canonical_field(field)
        if canonical is None:
            kind = generic_kind(field)
            extras["x_" + re.sub(r"\W", "_", field.casefold())] = generic = generic_value(
                kind, _clean(value)
            )
            if kind == "postcode" and postcode is None:
                postcode = generic
        elif _clean(value):
            fields[canonical] = _clean(value)
    names, age = name_features(
        fields.get("name", ""),
        fields.get("family_name", ""),
        fields.get("given_name", ""),
        fields.get("name_kana", ""),
        fields.get("name_romaji", ""),
    )
    if age is None:
        age = _int(fields.get("age"))
    birth = birth_date_key(fields.get("birth_date", ""))
    row: dict[str, str | None] = {
        "unique_id": _clean(record[id_field]),
        **names,
        "birth_date": _or_none(birth),
        "birth_year": _or_none(
            _birth_year(
                birth,
                age,
                fields.get("as_of", ""),
                "" if birth else partial_year(fields.get("birth_date", "")),
            )
        ),
        **phone_features(fields.get("phone", "")),
        "email": _or_none(email_key(fields.get("email", ""))),
        "account": _or_none(
            account_key(fields["account"], fields.get("platform")) if "account" in fields else ""
        ),
        **address_features(fields.get("address") or postcode_address(postcode)),
    }
    row.update(sorted(extras.items()))
    return row


def clear_value_caches() -> None:
    """Empty the caches of normalised values (names, spellings, addresses, phones): each
    distinct value is normalised once while they are filled, and a batch that is done with
    them frees their memory for what follows (tens of MB per 100,000 records)."""
    from kizashi.resolve import addresses, contacts, name_parts, names, spelling

    for cached in (names.name_key, names.name_key_parts, addresses.address_key,
                   addresses._known_municipality, addresses.fold_town, addresses._current_city,
                   contacts.phone_key, spelling.romaji_key, spelling.phonetic,
                   name_parts.split_kana, name_parts.split_kanji):  # fmt: skip
        cached.cache_clear()


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
