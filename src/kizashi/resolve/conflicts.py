"""Decisive disagreements: what says two records are two people, whatever else they share.

A father and his son can share a name, a home, a landline and a family e-mail; twins share a
birth date too. The evidence those records share says "same household", not "same person",
and a Fellegi–Sunter sum counts it as if it were independent evidence of one person. What
tells such people apart is personal: a **different full birth date** (not a typo of it: one
digit, two digits swapped, day and month swapped, one day off, or a swap on one record and a
digit on the other), a **different given name** under the same
surname (not a spelling or reading of it, nor a typo — but another vowel is another name, and
so, for two records born the same day in one home, is any one letter replaced between two
known given names: twins), a **different generation** (Jr., II, 二世), an age
that does not fit, or **different ID numbers** (a My-Number-like column).

:func:`conflicts` lists them for a pair of feature rows. A pair with a conflict is linked only
if the two records also share a *personal* identifier (a mobile, an account, an ID number, an
e-mail that is not a family's: see :mod:`kizashi.resolve.households`): the same person with a
wrong birth date on one record still carries their own mobile; a son does not carry his
father's. And only if one field is in conflict: a wrong birth date is one error, another birth
date *and* another given name are another person, whatever identifier the two share (a
couple's mailbox, in data too small to show that mailboxes there are families'). The same test guards every merge of two clusters (:mod:`kizashi.resolve.cluster`),
so a chain of links can never put a father and his son in one entity either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import jellyfish

from kizashi.resolve.name_parts import known_given_key
from kizashi.text.normalize import is_kanji

__all__ = [
    "CONFLICT_FIELDS",
    "GENERATION_YEARS",
    "HARD_ID_PATTERN",
    "IDENTIFYING",
    "Conflict",
    "alike_dates",
    "alike_given",
    "anonymous",
    "conflicts",
    "generation_apart",
    "is_hard_id_column",
    "shared_identifiers",
    "years_generation_apart",
]

Row = Mapping[str, Any]
Conflict = dict[str, str]

# Birth years this far apart under one name are a parent and a child, never one person's slip.
GENERATION_YEARS = 15

# Generic columns that hold one number per person (a person has one My Number, one passport
# in force, one social-security id): different values are a decisive disagreement.
# Japanese headers too (マイナンバー, 個人番号, 旅券番号, パスポート番号, 運転免許証番号,
# 在留カード番号): a column's name keeps its header's script (x_マイナンバー), and is NFKC-folded before
# the search (is_hard_id_column), so half-width ﾏｲﾅﾝﾊﾞｰ is the same header.
HARD_ID_PATTERN = re.compile(
    r"(my_?number|mynumber|individual_number|national_id|soc_sec|ssn|passport|licen[cs]e|"
    r"resident_card|zairyu|kojin_bango|"
    r"マイナンバー|個人番号|旅券番号|パスポート|免許証番号|在留カード)",
    re.IGNORECASE,
)


def is_hard_id_column(column: str) -> bool:
    """Is a generic column (``x_…``) named as an ID number one person holds one of?"""
    folded = unicodedata.normalize("NFKC", column)
    return folded.startswith("x_") and HARD_ID_PATTERN.search(folded) is not None


_DEVOICE = str.maketrans("gzdbp", "kstth")
# Every feature column :func:`conflicts` reads for relatives (beside the ID-number columns):
# two rows equal on all of them cannot disagree, which is what the columnar pre-tests
# (``decision.may_conflict``, clustering's signatures) rely on — so they read this one list.
CONFLICT_FIELDS = ("birth_date", "birth_year", "name_family", "name_given", "name_givens",
                   "name_given_written", "name_generation")  # fmt: skip


def _split(value: Any) -> list[str]:
    return [v for v in str(value).split("|") if v] if value else []


def alike_dates(a: str, b: str) -> bool:
    """The same birth date, or one a typist could have made of the other."""
    if a == b:
        return True
    x, y = a.replace("-", ""), b.replace("-", "")
    if len(x) != 8 or len(y) != 8:
        return False
    if generation_apart(x, y):
        return False
    if x[:4] + x[6:8] + x[4:6] == y:
        return True  # day and month swapped
    if int(jellyfish.damerau_levenshtein_distance(x, y)) <= 1:
        return True
    if _swapped_and_one_digit(x, y):
        return True
    if _one_day_apart(a, b):
        return True
    return _era_year_and_one_slip(a, b)


def _era_year_and_one_slip(a: str, b: str) -> bool:
    """An era year one off (昭和54 / 昭和55 is 1979 / 1980: one digit in the era, two in the
    Western year) together with one digit or one day of the month and day: two slips of one
    form filled in the era's years. A relative born a year and a day apart under one name
    would need the same given name in one home — which a family does not give twice."""
    if not (a[:4].isdigit() and b[:4].isdigit()) or abs(int(a[:4]) - int(b[:4])) != 1:
        return False
    day_a, day_b = a.replace("-", "")[4:], b.replace("-", "")[4:]
    if int(jellyfish.damerau_levenshtein_distance(day_a, day_b)) <= 1:
        return True
    return _one_day_apart(f"2000{a[4:]}", f"2000{b[4:]}")  # a leap year: 02-29 reads


def generation_apart(a: str, b: str) -> bool:
    """Two birth dates (``YYYY…``) whose years lie a generation apart: a parent and a child,
    never one person's slip — 1961 / 1981 is one digit and 1948 / 1984 two transposed, but a
    son born on his father's birthday is likelier than such a slip (lead, thirteenth session,
    and its review: a false merge is the harm)."""
    x, y = a[:4], b[:4]
    return x.isdigit() and y.isdigit() and abs(int(x) - int(y)) >= GENERATION_YEARS


def years_generation_apart(left: Row, right: Row) -> bool:
    """Two records' birth years (a date's own year, a partial date's, or a stated age's range)
    a generation apart: a parent and a child (or grandchild), whatever else they share."""
    years_l, years_r = _years(left.get("birth_year")), _years(right.get("birth_year"))
    if not years_l or not years_r:
        return generation_apart(
            str(left.get("birth_date") or ""), str(right.get("birth_date") or "")
        )
    gap = max(years_l[0] - years_r[1], years_r[0] - years_l[1])
    return gap >= GENERATION_YEARS


# What a record is compared on besides its birth date: a record holding none of them (no
# name, no phone, e-mail, account or address, no generic column) is known only by a birth
# date, which thousands share, so nothing may link it (nor two such records, nor two empty
# ones, as "identical"): an analyst joins it by hand.
IDENTIFYING = ("name_sorted", "name_written", "name_family", "name_given", "phone", "email",
               "account", "addr_block", "addr_area")  # fmt: skip


def anonymous(row: Row) -> bool:
    """No name and no identifier: at most a birth date (or an age) to go by."""
    if any(row.get(column) for column in IDENTIFYING):
        return False
    return not any(value for key, value in row.items() if key.startswith("x_"))


def _swapped_and_one_digit(x: str, y: str) -> bool:
    """Two records of one person that slipped each its own way — day and month swapped on
    one, a digit on the other (1980-05-04 → 1980-04-05 and 1981-05-04): each is alike to the
    true date, and unless they are alike to each other clustering keeps the three records
    in two people. Only within a decade: never a generation's date read as a slip."""
    if abs(int(x[:4]) - int(y[:4])) >= 10 if x[:4].isdigit() and y[:4].isdigit() else True:
        return False
    swapped = x[:4] + x[6:8] + x[4:6]
    return int(jellyfish.damerau_levenshtein_distance(swapped, y)) <= 1


def _one_day_apart(a: str, b: str) -> bool:
    """A date one day off (a birth near midnight, a form filled from memory): 1947-11-10 and
    1947-11-09 differ in two digits, so the typist's test misses it. Twins born either side
    of midnight stay apart by their given names."""
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) == 1
    except ValueError:
        return False  # not a calendar date (a typo such as 1980-02-30)


def _alike_key(a: str, b: str) -> bool:
    if a == b or a.translate(_DEVOICE) == b.translate(_DEVOICE):
        return True  # a voicing mark added or lost (ゆうだい / ゆうたい)
    if _another_vowel(a, b):
        return False
    if min(len(a), len(b)) >= 4 and jellyfish.damerau_levenshtein_distance(a, b) <= 1:
        return True
    return min(len(a), len(b)) >= 5 and jellyfish.jaro_winkler_similarity(a, b) >= 0.92


_VOWELS = frozenset("aeiou")


def _another_vowel(a: str, b: str) -> bool:
    """One vowel for another, all else the same: another mora, so another name (ゆか / ゆき,
    りこ / りか, けんた / かんた, たくま / たくみ — twins are named so), not a slip of the pen. Long
    vowels are folded before (おう / おお / ō → o), so a spelling variant never gets here."""
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differ) == 1 and differ[0][0] in _VOWELS and differ[0][1] in _VOWELS


def alike_given(left: Row, right: Row, *, twins: bool = False) -> bool:
    """Can the two given names be one name (a reading, a spelling, a typo of it)?

    ``twins``: the two records are born the same day in one home (:func:`_born_together`),
    where two names one letter apart, both written as read, are likelier twins' (ゆうま /
    Yuya) than a typo: see :func:`_a_slip_at_home`."""
    written_l, written_r = left.get("name_given_written"), right.get("name_given_written")
    if written_l and written_l == written_r:
        return True
    keys_l = _split(left.get("name_givens")) or _split(left.get("name_given"))
    keys_r = _split(right.get("name_givens")) or _split(right.get("name_given"))
    both_kanji = (
        written_l
        and written_r
        and any(is_kanji(c) for c in str(written_l))
        and any(is_kanji(c) for c in str(written_r))
    )
    shared = set(keys_l) & set(keys_r)
    if shared and both_kanji:
        # Two kanji spellings of one name: an IME's other candidate for the reading typed
        # (範雄 / 宣雄, both のりお), so the reading is the first of one of them at least. Two
        # names whose one common reading is neither's first (優子 ゆうこ / 洋子 ようこ, both
        # also ひろこ in the tables) are two names — twins' (link45). "First" is the order
        # reference_build.names ranks a spelling's readings in (IPAdic's own reading of the
        # spelling, then how common each reading is as a given name), not a source file's
        # row order. A がく typed as 学 or 岳 (neither's first) is two names: a limit.
        return bool(shared & {keys_l[0], keys_r[0]})
    if shared:
        return True
    if both_kanji:
        return False  # two kanji names with no reading in common are two names (優太 / 優斗)
    # A kanji name's readings are the tables' guesses, and they miss some (順子 のりこ): a
    # reading one letter off one of them is left to the typist's test even at home.
    as_read = not any(is_kanji(c) for c in f"{written_l or ''}{written_r or ''}")
    alike = _a_slip_at_home if twins and as_read else _alike_key
    return any(alike(a, b) for a in keys_l for b in keys_r)


def _a_slip_at_home(a: str, b: str) -> bool:
    """:func:`_alike_key` for two records born the same day in one home: one letter replaced
    by another where both are given names the tables know (ゆうま / ゆうや, ゆうま / ゆうな) is
    another mora, so another name — twins are named so. A letter replaced into no name
    (Takasi / Takahi) is a slip, and so are a voicing mark (ひろと / ひろど), two letters
    transposed (Nakoi), a mora typed twice (いちろろう, チヒヒロ) and a vowel left out (Daiske);
    long vowels are folded before (ゆうた / ゆた is one key)."""
    if a == b or a.translate(_DEVOICE) == b.translate(_DEVOICE):
        return True
    one_replaced = len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if one_replaced and known_given_key(a) and known_given_key(b):
        return False
    return _alike_key(a, b)


def _born_together(left: Row, right: Row) -> bool:
    """One full birth date and one home (the same address block or the same landline): twins
    or triplets, if the given names differ."""
    date = left.get("birth_date")
    if not date or date != right.get("birth_date"):
        return False
    phone = left.get("phone")
    both_mobile = left.get("phone_kind") == "mobile" and right.get("phone_kind") == "mobile"
    if phone and phone == right.get("phone") and both_mobile:
        # One mobile: a person's own, so a one-letter difference is their typo (ゆうた typed
        # ゆうや — t and y are neighbours), not a twin's name (review of link31).
        return False
    block = left.get("addr_block")
    if block and block == right.get("addr_block"):
        return True
    return bool(
        phone
        and phone == right.get("phone")
        and left.get("phone_kind") != "mobile"
        and right.get("phone_kind") != "mobile"
    )


def _same_family(left: Row, right: Row) -> bool:
    a, b = left.get("name_family"), right.get("name_family")
    if not a or not b:
        return False
    return bool(a == b or _alike_key(str(a), str(b)))


def _years(value: Any) -> tuple[int, int] | None:
    if not value:
        return None
    low, _, high = str(value).partition("-")
    return int(low), int(high or low)


def conflicts(
    left: Row, right: Row, hard_ids: Sequence[str] = (), families: bool = True
) -> list[Conflict]:
    """Every decisive disagreement between two feature rows (empty: none).

    ``families``: the data holds relatives (birth dates, given names and generations tell
    them apart); ``hard_ids``: the ID-number columns reliable enough to be decisive."""
    out: list[Conflict] = []
    if families:
        _family_conflicts(left, right, out)
    for column in hard_ids:
        a, b = left.get(column), right.get(column)
        if a and b and a != b and jellyfish.damerau_levenshtein_distance(str(a), str(b)) > 1:
            out.append({"field": column.removeprefix("x_"), "conflict": f"{a} / {b}"})
    return out


def _family_conflicts(left: Row, right: Row, out: list[Conflict]) -> None:
    date_l, date_r = left.get("birth_date"), right.get("birth_date")
    if date_l and date_r and not alike_dates(str(date_l), str(date_r)):
        out.append({"field": "birth_date", "conflict": f"birth dates {date_l} / {date_r}"})
    elif not (date_l and date_r):
        years_l, years_r = _years(left.get("birth_year")), _years(right.get("birth_year"))
        if years_l and years_r and (years_l[0] > years_r[1] + 1 or years_r[0] > years_l[1] + 1):
            out.append(
                {
                    "field": "age",
                    "conflict": f"born {left['birth_year']} / {right['birth_year']}",
                }
            )
    if (
        left.get("name_given")
        and right.get("name_given")
        and _same_family(left, right)
        and not alike_given(left, right, twins=_born_together(left, right))
    ):
        out.append(
            {
                "field": "given_name",
                "conflict": "same surname, different given names "
                f"({left.get('name_given_written') or left['name_given']} / "
                f"{right.get('name_given_written') or right['name_given']})",
            }
        )
    gen_l, gen_r = left.get("name_generation"), right.get("name_generation")
    if gen_l and gen_r and gen_l != gen_r:
        out.append({"field": "generation", "conflict": f"generations {gen_l} / {gen_r}"})


def shared_identifiers(left: Row, right: Row, personal: Sequence[str]) -> list[str]:
    """The personal identifier columns on which the two rows agree exactly.

    ``personal`` names the columns (``phone:mobile``, ``phone:other``, ``email``, ``account``,
    ``x_…``) that identify one person in this data (see :mod:`kizashi.resolve.households`)."""
    out = []
    for column in personal:
        field, _, kind = column.partition(":")
        a, b = left.get(field), right.get(field)
        if not a or a != b:
            continue
        if kind and _phone_class(left.get("phone_kind")) != kind:
            continue
        out.append(column)
    return out


def _phone_class(kind: Any) -> str:
    return "mobile" if kind == "mobile" else "other"
