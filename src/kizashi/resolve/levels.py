"""Comparison levels that exist twice, as splink SQL and as a Python predicate.

The batch path hands the SQL to splink; the incremental path (one new report against the
existing clusters) evaluates the same levels in-process with the Python predicates and the
trained m/u, so a level means the same thing on both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jellyfish
import splink.comparison_level_library as cll
from splink.internals.comparison_level_creator import ComparisonLevelCreator

__all__ = [
    "OTHER_BLOCK_M",
    "Level",
    "Row",
    "another_reading",
    "blank",
    "both_mobile",
    "day_month_swapped",
    "else_level",
    "email_slip",
    "exact",
    "jw",
    "lev",
    "null_level",
    "other_block",
    "phone_says_nothing",
    "prefix",
    "run_together",
    "tokens",
]

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Level:
    label: str
    creator: ComparisonLevelCreator
    test: Callable[[Row, Row], bool]
    is_null: bool = False
    tf_column: str | None = None  # the column whose term frequency adjusts this exact level


def blank(value: Any) -> bool:
    return value is None or value == ""


def _jw(a: Any, b: Any) -> float:
    if blank(a) or blank(b):
        return 0.0
    return float(jellyfish.jaro_winkler_similarity(str(a), str(b)))


def null_level(*cols: str) -> Level:
    creators = [cll.NullLevel(c) for c in cols]
    creator = creators[0] if len(creators) == 1 else cll.Or(*creators)
    return Level(
        f"{'/'.join(cols)} missing",
        creator.configure(is_null_level=True),
        lambda a, b: any(blank(a.get(c)) or blank(b.get(c)) for c in cols),
        is_null=True,
    )


def phone_says_nothing() -> Level:
    """The phone comparison's null level: a number missing on one side, or a mobile against a
    number of another kind. A person has a mobile *and* a landline (or an office line): one
    record giving each is no evidence either way, while two different numbers of one kind are
    (two mobiles: the level below; two landlines: the else level)."""
    sql = (
        '"phone_l" IS NULL OR "phone_r" IS NULL OR '
        "(coalesce(\"phone_kind_l\" = 'mobile', false) <> coalesce(\"phone_kind_r\" = 'mobile', false))"
    )
    label = "phone missing, or a mobile against another kind"

    def test(left: Row, right: Row) -> bool:
        if blank(left.get("phone")) or blank(right.get("phone")):
            return True
        return (left.get("phone_kind") == "mobile") != (right.get("phone_kind") == "mobile")

    creator = cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")
    return Level(label, creator.configure(is_null_level=True), test, is_null=True)


def exact(col: str, label: str | None = None, tf: bool = False) -> Level:
    creator = cll.ExactMatchLevel(col, term_frequency_adjustments=tf)
    return Level(
        label or f"{col} exact",
        creator,
        lambda a, b: not blank(a.get(col)) and a.get(col) == b.get(col),
        tf_column=col if tf else None,
    )


def jw(col: str, threshold: float, label: str | None = None) -> Level:
    return Level(
        label or f"{col} Jaro-Winkler ≥ {threshold}",
        cll.JaroWinklerLevel(col, threshold),
        lambda a, b: _jw(a.get(col), b.get(col)) >= threshold,
    )


def lev(col: str, distance: int, label: str | None = None) -> Level:
    return Level(
        label or f"{col} within {distance} edit(s)",
        cll.LevenshteinLevel(col, distance),
        lambda a, b: (
            not blank(a.get(col))
            and not blank(b.get(col))
            and jellyfish.levenshtein_distance(str(a[col]), str(b[col])) <= distance
        ),
    )


def day_month_swapped(col: str, label: str) -> Level:
    """Two ``YYYY-MM-DD`` dates of one year with day and month exchanged (1981-05-11 /
    1981-11-05): a typist's slip between the orders forms write dates in, not another date.
    Levenshtein calls it up to four digits off; :func:`conflicts.alike_dates` already reads
    it as the same date, and this level lets the model weigh it as such."""
    a, b = f'"{col}_l"', f'"{col}_r"'
    sql = (
        f"({a} <> {b} AND length({a}) = 10 AND length({b}) = 10 "
        f"AND substr({a}, 1, 4) = substr({b}, 1, 4) "
        f"AND substr({a}, 6, 2) = substr({b}, 9, 2) AND substr({a}, 9, 2) = substr({b}, 6, 2))"
    )

    def test(left: Row, right: Row) -> bool:
        x, y = left.get(col), right.get(col)
        if blank(x) or blank(y) or x == y or len(str(x)) != 10 or len(str(y)) != 10:
            return False
        x, y = str(x), str(y)
        return x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7]

    return Level(label, cll.CustomLevel(sql, label, base_dialect_str="duckdb"), test)


EMAIL_SLIP = "e-mail one character off (not its number)"
# What tells one mailbox from another of the same name: a number (taiki.satou29). Not a
# separator: namesakes' tarou.suzuki / tarou_suzuki are rarer than one person's dot dropped or
# typed as a hyphen (link42's review, measured both ways: docs/linkage.md).
_APART = "0123456789"
_JP_SECOND_LEVEL = (".co.jp", ".ne.jp")


def _without_apart(value: str) -> str:
    return value.translate(str.maketrans("", "", _APART))


def _jp(domain: str) -> str:
    """yahoo.co.jp / docomo.ne.jp as yahoo.jp / docomo.jp: the level typists drop."""
    return domain[:-6] + ".jp" if domain.endswith(_JP_SECOND_LEVEL) else domain


def _parts(value: str) -> tuple[str, str]:
    """(mailbox, domain) as SQL's split_part reads them: before the first @ and up to a second."""
    pieces = value.split("@")
    return pieces[0], pieces[1] if len(pieces) > 1 else ""


def email_slip(col: str = "email") -> Level:
    """Two addresses one typed slip apart, where the slip is not in a number: one mailbox
    mistyped. A slip is one character inserted, dropped, replaced or two neighbours swapped
    (gmail/gmial, tarou/taoru: Damerau-Levenshtein ≤ 1); so is the same mailbox at a domain
    one slip off or with its ``.co``/``.ne`` dropped (yahoo.co.jp / yahoo.jp). Not a
    similarity of the whole address: people build a mailbox from their own name
    (taiki.satou@…), so namesakes' addresses are alike by construction, and a provider tells
    their mailboxes apart by a number (taiki.satou / taiki.satou29) -- counting that as
    evidence counted the name twice (link42's probe: a namesake without a birth date joined
    another on "e-mail alike (JW ≥ 0.9)" and the name)."""
    a, b = f'"{col}_l"', f'"{col}_r"'
    dl, dr = f"split_part({a}, '@', 2)", f"split_part({b}, '@', 2)"

    def jp(domain: str) -> str:
        return f"regexp_replace({domain}, '\\.(co|ne)\\.jp$', '.jp')"

    sql = (
        f"({a} <> {b} AND ((abs(length({a}) - length({b})) <= 1 "
        f"AND damerau_levenshtein({a}, {b}) <= 1 "
        f"AND translate({a}, '{_APART}', '') <> translate({b}, '{_APART}', '')) "
        f"OR (split_part({a}, '@', 1) = split_part({b}, '@', 1) "
        f"AND split_part({a}, '@', 1) <> '' AND {dl} <> '' AND {dr} <> '' "
        f"AND (damerau_levenshtein({dl}, {dr}) <= 1 OR {jp(dl)} = {jp(dr)}))))"
    )

    def test(left: Row, right: Row) -> bool:
        x, y = left.get(col), right.get(col)
        if blank(x) or blank(y) or x == y:
            return False
        x, y = str(x), str(y)
        if (
            abs(len(x) - len(y)) <= 1
            and jellyfish.damerau_levenshtein_distance(x, y) <= 1
            and _without_apart(x) != _without_apart(y)
        ):
            return True
        (box_x, domain_x), (box_y, domain_y) = _parts(x), _parts(y)
        return (
            box_x == box_y
            and box_x != ""
            and domain_x != ""
            and domain_y != ""
            and (
                jellyfish.damerau_levenshtein_distance(domain_x, domain_y) <= 1
                or _jp(domain_x) == _jp(domain_y)
            )
        )

    return Level(EMAIL_SLIP, cll.CustomLevel(sql, EMAIL_SLIP, base_dialect_str="duckdb"), test)


def prefix(col: str, label: str) -> Level:
    """One value continues the other after a hyphen (block 3-18 inside 3-18-2)."""
    sql = f"({col}_l LIKE concat({col}_r, '-%') OR {col}_r LIKE concat({col}_l, '-%'))"

    def test(left: Row, right: Row) -> bool:
        a, b = left.get(col), right.get(col)
        if blank(a) or blank(b):
            return False
        return str(a).startswith(f"{b}-") or str(b).startswith(f"{a}-")

    return Level(
        label, cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb"), test
    )


def other_block() -> Level:
    """The same town, each record at a street block of its own (2-11-20 / 8-3-18): two homes,
    not one. Left in "same town", it took that level's weight, which counts the town as the
    home where one record gives no block — and merged namesakes of one town (link45's probe:
    山本 昭夫 at 1-4-5 and at 4-5-24 of one 町, one postcode, two mobiles). Placed after the
    block levels, so the two blocks differ and neither holds the other.

    Its m is fixed, not trained: EM cannot tell namesakes of one town from one person at two
    homes (both share a name and a town), and in a file with such namesakes it learnt m 0.28
    — a person's records at two blocks in one town a quarter of the time. A person who moves
    within one town is rarer than that: :data:`OTHER_BLOCK_M` of a person's record pairs."""
    label = "same town, another block"
    sql = "(addr_area_l = addr_area_r AND addr_block_l IS NOT NULL AND addr_block_r IS NOT NULL)"

    def test(left: Row, right: Row) -> bool:
        area = left.get("addr_area")
        return (
            not blank(area)
            and area == right.get("addr_area")
            and not blank(left.get("addr_block"))
            and not blank(right.get("addr_block"))
        )

    creator = cll.CustomLevel(sql, label, base_dialect_str="duckdb")
    return Level(
        label, creator.configure(m_probability=OTHER_BLOCK_M, fix_m_probability=True), test
    )


# The share of one person's record pairs at two street blocks of one town (a move within the
# town, a block mistyped beyond a nested one): fixed, as EM cannot learn it (other_block).
OTHER_BLOCK_M = 0.01


def tokens(kind: str, threshold: float = 0.88) -> Level:
    """Name tokens (sorted readings tok_a, tok_b): both close, or one shared exactly."""
    if kind == "both_close":
        creator = cll.And(
            cll.JaroWinklerLevel("tok_a", threshold), cll.JaroWinklerLevel("tok_b", threshold)
        )

        def test(left: Row, right: Row) -> bool:
            return (
                _jw(left.get("tok_a"), right.get("tok_a")) >= threshold
                and _jw(left.get("tok_b"), right.get("tok_b")) >= threshold
            )

        return Level(f"both name parts sound alike (JW ≥ {threshold})", creator, test)
    sql = "(tok_a_l = tok_a_r OR tok_b_l = tok_b_r OR tok_a_l = tok_b_r OR tok_b_l = tok_a_r)"

    def shared(left: Row, right: Row) -> bool:
        mine = {left.get("tok_a"), left.get("tok_b")} - {None, ""}
        theirs = {right.get("tok_a"), right.get("tok_b")} - {None, ""}
        return bool(mine & theirs)

    return Level(
        "one name part the same",
        cll.CustomLevel(sql, "one name part the same", base_dialect_str="duckdb"),
        shared,
    )


def else_level() -> Level:
    return Level("all other comparisons", cll.ElseLevel(), lambda a, b: True)


def run_together() -> Level:
    """The same reading with the name run together, in either order."""
    sql = (
        "(name_joined_l = name_joined_r OR name_joined_l = name_alt_r "
        "OR name_alt_l = name_joined_r)"
    )
    label = "same reading run together"

    def test(left: Row, right: Row) -> bool:
        a, b = left.get("name_joined"), right.get("name_joined")
        if blank(a) or blank(b):
            return False
        return bool(a == b or a == right.get("name_alt") or left.get("name_alt") == b)

    return Level(label, cll.CustomLevel(sql, label, base_dialect_str="duckdb"), test)


def another_reading() -> Level:
    """One record's reading is another reading of the other's kanji (淳: あつし / じゅん)."""
    sql = (
        "(name_alts_l LIKE concat('%|', name_sorted_r, '|%') "
        "OR name_alts_r LIKE concat('%|', name_sorted_l, '|%'))"
    )
    label = "same reading (another reading of the kanji)"

    def test(left: Row, right: Row) -> bool:
        a, b = left.get("name_sorted"), right.get("name_sorted")
        alts_l, alts_r = left.get("name_alts") or "", right.get("name_alts") or ""
        return bool((b and f"|{b}|" in alts_l) or (a and f"|{a}|" in alts_r))

    return Level(label, cll.CustomLevel(sql, label, base_dialect_str="duckdb"), test)


def both_mobile() -> Level:
    """Two different mobile numbers (a person keeps one; a landline and a mobile say nothing)."""
    label = "two different mobile numbers"
    sql = "(phone_kind_l = 'mobile' AND phone_kind_r = 'mobile')"

    def test(left: Row, right: Row) -> bool:
        return left.get("phone_kind") == "mobile" and right.get("phone_kind") == "mobile"

    return Level(label, cll.CustomLevel(sql, label, base_dialect_str="duckdb"), test)
