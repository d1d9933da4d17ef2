"""Which identifiers belong to one person in *this* data, and which to a household.

A landline, a home address and a family mailbox are shared by everyone at home; a mobile, an
account handle or an ID number is one person's. That is true of Japanese records, but not of
every data set (FEBRL's phone numbers and addresses belong to one person each), so it is
measured, not assumed: among pairs of records that share a value of the column, how many
carry a decisive disagreement (:mod:`kizashi.resolve.conflicts`: another birth date, another
given name under the same surname)? Where more than one pair in seven does, the column is
shared by families and cannot prove that two records are one person. Where there are too few such
pairs to tell, the kind decides: landlines and IP phones and addresses are household (also in
a generic column: 自宅電話, Home Phone, Landline, Postal Address), mobiles, e-mail, accounts and
ID numbers personal.

The same counts say whether the data holds **families** at all (:func:`has_families`): where
no home address or landline is shared by relatives (FEBRL), a different birth date or given
name is noise to be weighed, not a decisive disagreement. And an ID-number column is decisive
only where it is reliable (:func:`reliable_ids`).

The results are part of the trained model, so batch and incremental linkage agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations, islice
from typing import Any

import jellyfish

from kizashi.resolve.conflicts import CONFLICT_FIELDS, conflicts, is_hard_id_column
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.records import generic_kind

__all__ = [
    "FAMILY_SHARE",
    "family_shares",
    "hard_id_columns",
    "has_families",
    "household_generic",
    "identifier_columns",
    "personal_columns",
    "reliable_ids",
]

FAMILY_SHARE = 0.15  # the share of conflicting pairs from which a column is a household's
NO_FAMILIES = 0.05  # below this share on every household column, the data holds no families
_MIN_PAIRS = 30
_MAX_GROUP = 30  # records per value looked at (a value on more is a placeholder or a shop)
_ID_LIKE = re.compile(r"^[0-9a-z@._+\-#:/]{5,}$")
_PRIOR_PERSONAL = {"phone:mobile": True, "phone:other": False, "addr_block": False}
_HOUSEHOLD_KINDS = ("addr_block", "phone:other")
_UNRELIABLE = 0.02  # an ID that differs in more anchor pairs than this is noisy

Row = Mapping[str, Any]
Records = RecordTable | Sequence[Row]
_SAMPLE = 20_000  # pairs per column the family share is measured on


# Header words of a generic column a household shares: a second phone that is not a mobile
# (自宅電話, Home Phone, Landline, 固定電話) or an address written in a column of its own
# (Postal Address, 自宅住所). A mobile word keeps a column personal (携帯2, Mobile 2).
_MOBILE_WORDS = ("携帯", "mobile", "cell", "keitai")
_HOME_WORDS = ("landline", "住所", "所在地", "address", "addr", "自宅", "固定")


def household_generic(column: str) -> bool:
    """Is a generic column (``x_…``) one a household shares, by its header?"""
    if not column.startswith("x_"):
        return False
    name = column.removeprefix("x_")
    if any(w in name for w in _MOBILE_WORDS) or _NOT_A_HOME.search(name):
        return False
    return generic_kind(name) == "phone" or any(w in name for w in _HOME_WORDS)


# "Mail Address", "IP Address", "Wallet Address": an address that is no home (review of link29).
_NOT_A_HOME = re.compile(r"(?:^|_)(?:e_?mail|mail|ip|wallet|url|web|mac)(?:_|$)|メール|ウォレット")


def _a_phone(column: str) -> bool:
    name = column.removeprefix("x_")
    return generic_kind(name) == "phone" or "landline" in name or "固定" in name


def hard_id_columns(columns: Sequence[str]) -> list[str]:
    """Generic columns that hold one ID number per person (My Number, passport, soc_sec_id)."""
    return [c for c in columns if is_hard_id_column(c)]


def _table(rows: Records) -> RecordTable:
    return rows if isinstance(rows, RecordTable) else RecordTable.from_rows(rows)


def identifier_columns(rows: Records, columns: Sequence[str]) -> list[str]:
    """Identifier columns: phone (split mobile / other), e-mail, account, and generic columns
    that hold ID-like values (no spaces, mostly distinct) or are named as ID numbers."""
    table = _table(rows)
    out = []
    if "phone" in columns:
        out += ["phone:mobile", "phone:other"]
    out += [c for c in ("email", "account") if c in columns]
    for column in columns:
        if not column.startswith("x_"):
            continue
        values = [str(v) for v in table.head(column, 20_000) if v]
        if not values:
            continue
        id_like = sum(bool(_ID_LIKE.match(v)) for v in values) / len(values)
        distinct = len(set(values)) / len(values)
        if is_hard_id_column(column) or (id_like >= 0.9 and distinct >= 0.3):
            out.append(column)
    return out


def _sampled_groups(table: RecordTable, column: str, budget: int = _SAMPLE) -> list[list[int]]:
    """Positions of the records sharing each value of a column (groups of 2 to 30 records,
    in the order of each value's first record, positions ascending), up to and including
    the group that brings the pairs looked at to ``budget``.

    By Arrow and NumPy over the column: at a million records, building a Python list of the
    column and a dict of every value's positions cost seconds per column, for a sample of
    20,000 pairs (the groups are those a dict in record order would give)."""
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    field, _, kind = column.partition(":")
    if field not in table.columns:
        return []
    values = table.table.column(field).combine_chunks()
    if not pa.types.is_string(values.type):
        values = values.cast(pa.string())
    keep = pc.fill_null(pc.not_equal(values, ""), False)
    if kind:
        mobile = (
            pc.fill_null(pc.equal(table.table.column("phone_kind"), "mobile"), False)
            if "phone_kind" in table.columns
            else pa.array(np.zeros(len(values), dtype=bool))
        )
        keep = pc.and_(keep, mobile if kind == "mobile" else pc.invert(mobile))
    positions = np.flatnonzero(keep.to_numpy(zero_copy_only=False))
    if len(positions) == 0:
        return []
    # Codes in the order of first appearance, as a dict fills in record order.
    codes = pc.dictionary_encode(values.take(pa.array(positions))).indices.to_numpy()
    counts = np.bincount(codes)
    valid = np.flatnonzero((counts >= 2) & (counts <= _MAX_GROUP))
    pairs = np.cumsum(counts[valid] * (counts[valid] - 1) // 2)
    reached = np.flatnonzero(pairs >= budget)
    chosen = valid if len(reached) == 0 else valid[: reached[0] + 1]
    order = np.argsort(codes, kind="stable")  # each value's records together, in order
    starts = np.concatenate(([0], np.cumsum(counts)))
    return [positions[order[starts[c] : starts[c + 1]]].tolist() for c in chosen]


def _comparable(left: Row, right: Row) -> bool:
    """Could a conflict show at all (both have a birth date, or both a surname and given)?"""
    return bool(
        (left.get("birth_date") and right.get("birth_date"))
        or (
            left.get("name_family")
            and right.get("name_family")
            and left.get("name_given")
            and right.get("name_given")
        )
    )


def family_shares(rows: Records, identifiers: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per identifier column: (conflicting pairs, comparable pairs) among records sharing a
    value — a statistic, so at most :data:`_SAMPLE` pairs per column are looked at."""
    table = _table(rows)
    out: dict[str, tuple[int, int]] = {}
    for column in identifiers:
        # Conflicts here are the family kind only; an ID's own reliability is measured apart.
        conflicting = comparable = 0
        chosen = _sampled_groups(table, column)
        positions = sorted({p for g in chosen for p in g})
        found = dict(zip(positions, table.rows(positions, CONFLICT_FIELDS), strict=True))
        for group in chosen:
            for left, right in combinations([found[p] for p in group], 2):
                if _comparable(left, right):
                    comparable += 1
                    conflicting += bool(conflicts(left, right))
        out[column] = (conflicting, comparable)
    return out


def has_families(shares: Mapping[str, tuple[int, int]]) -> bool:
    """Does this data hold families: relatives sharing a home address or a landline?

    Japanese records do, and that is assumed wherever there is a home address or a landline,
    unless the data shows it is not so (fewer than one pair in twenty sharing one disagrees
    decisively). Where there is neither (FEBRL), a different birth date or given name is
    noise to be weighed, not a decisive disagreement."""
    present = [c for c in _HOUSEHOLD_KINDS if c in shares]
    # Without a home address or a landline of the known fields, a home line in a column of its
    # own (自宅電話, Home Phone, Landline) is where relatives show.
    # Only a home *line*: FEBRL's address_1 / address_2 are in a column of their own too, in
    # data without families (a generic address column alone does not say relatives are there).
    present = present or [c for c in shares if household_generic(c) and _a_phone(c)]
    if not present:
        return False
    measured = [shares[c] for c in present if shares[c][1] >= _MIN_PAIRS]
    return not measured or any(k / n >= NO_FAMILIES for k, n in measured)


def personal_columns(
    shares: Mapping[str, tuple[int, int]],
    families: bool,
    priors: Mapping[str, bool] | None = None,
) -> dict[str, bool]:
    """Per evidence column: does a shared value say "one person" in this data?

    Measured where enough pairs share values; else ``priors`` (by default: landlines, IP
    phones and addresses are a household's, everything else personal). In data without
    families every column is personal. A postcode column is a place wherever there are
    families, whatever the count: it names a delivery area (a town, a few blocks) that the
    record's address names too, so it is counted once with the address, never beside it
    (link45: a postcode measured "personal" in a file where few records shared one added
    +6.8 to the address's +7.7 and merged namesakes of one town)."""
    priors = {**_PRIOR_PERSONAL, **(priors or {})}
    out: dict[str, bool] = {}
    for column, (conflicting, comparable) in shares.items():
        if not families:
            out[column] = True
        elif column.startswith("x_") and generic_kind(column[2:]) == "postcode":
            out[column] = False
        elif comparable >= _MIN_PAIRS:
            out[column] = conflicting / comparable < FAMILY_SHARE
        else:
            out[column] = priors.get(column, True)
    return out


def reliable_ids(rows: Records, hard_ids: Sequence[str]) -> list[str]:
    """The ID-number columns whose values can be trusted to differ only between people.

    Among pairs with the same name reading and the same birth date (one person, nearly
    always), how often does the ID differ by more than a typo? FEBRL's soc_sec_id does in
    4 % of them (its generator replaces values): there, a different ID is evidence, not
    decisive."""
    table = _table(rows)
    names, births = table.column("name_sorted"), table.column("birth_date")
    out = []
    for column in hard_ids:
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name, birth, value in zip(names, births, table.column(column), strict=True):
            if value and name and birth:
                groups[(str(name), str(birth))].append(str(value))
        differ = total = 0
        for values in groups.values():
            for a, b in islice(combinations(values[:_MAX_GROUP], 2), 400):
                total += 1
                differ += a != b and jellyfish.damerau_levenshtein_distance(a, b) > 1
        if total < _MIN_PAIRS or differ / total < _UNRELIABLE:
            out.append(column)
    return out
