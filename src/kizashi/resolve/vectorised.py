"""Features computed by Arrow over whole columns, not by a Python call per value.

:mod:`kizashi.resolve.columns` computes each feature once per distinct value with the
per-record path's own functions. For the features whose rules are plain text rewriting —
phones (:func:`kizashi.resolve.contacts.phone_key`) and birth dates
(:func:`kizashi.resolve.records.birth_date_key`) — the rules are written here a second time
as Arrow compute kernels (RE2 regular expressions, slices, concatenations) over every ASCII
value at once; the per-value functions stay the reference, and compute what is not ASCII
(an era date, a ``内線`` extension), where Python's ``\\d`` and ``\\s`` and RE2's differ.
Property tests (``tests/resolve/test_vectorised.py``) hold both paths equal on generated
values. Input values are cleaned (NFKC, stripped) as ``columns._cleaned`` leaves them.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from kizashi.resolve.contacts import phone_key
from kizashi.resolve.records import birth_date_key

__all__ = ["birth_date_column", "birth_year_column", "phone_columns"]

# Python's \s over ASCII is exactly what str.isspace() accepts (\x1c-\x1f included); RE2's
# \s is not, so the class is spelt out. Over ASCII, Python's \d is [0-9].
_SPACE = "[" + "".join(f"\\x{c:02x}" for c in range(128) if chr(c).isspace()) + "]"
_EXTENSION = f"(?i)(?:ext\\.?|x){_SPACE}*[0-9]+{_SPACE}*$"
# records._DATE over ASCII: both separators or none (eight digits); one separator is a year
# and month (1958-11), left to partial_year. RE2 has no back-references or repeated group
# names, so the two forms are two patterns, joined by coalesce.
_DATE = "^(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})$"
_COMPACT_DATE = "^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$"
_NULL = pa.scalar(None, pa.string())


def _by_python(
    values: pa.Array,
    vectorised: pa.Array,
    compute: Callable[[str], str | None],
    also: pa.Array | None = None,
) -> pa.Array:
    """``vectorised`` where the value is ASCII (or null), else ``compute`` once per distinct
    value that is not — and where ``also`` holds (values the kernels do not read)."""
    ascii_ = pc.fill_null(pc.string_is_ascii(values), True)
    if also is not None:
        ascii_ = pc.and_(ascii_, pc.invert(pc.fill_null(also, False)))
    if pc.all(ascii_).as_py():
        return vectorised
    rest = pc.filter(values, pc.invert(ascii_))
    encoded = pc.dictionary_encode(rest)
    computed = pa.array([compute(v) for v in encoded.dictionary.to_pylist()], pa.string())
    return pc.replace_with_mask(vectorised, pc.invert(ascii_), computed.take(encoded.indices))


def _empty_as_null(values: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(values, ""), _NULL, values)


def _phone_kind(digits: pa.Array) -> pa.Array:
    """``contacts._kind`` over a column of national digits."""
    kind = pa.array(["invalid"] * len(digits), pa.string())
    # Later rules first, so that the first matching rule of _kind wins.
    for pattern, name in (
        ("^0[1-9][0-9]{8}$", "landline"),
        ("^(?:0120|0800)", "free"),
        ("^050[0-9]{8}$", "ip"),
        ("^0[789]0[0-9]{8}$", "mobile"),
    ):
        kind = pc.if_else(pc.match_substring_regex(digits, pattern), name, kind)
    return kind


def phone_columns(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """``phone`` and ``phone_kind`` of a column of cleaned phone fields (null when empty),
    as ``records.phone_features`` gives them."""
    text = pc.replace_substring_regex(pc.fill_null(values, ""), _EXTENSION, "")
    digits = pc.replace_substring_regex(text, "[^0-9]", "")
    length = pc.utf8_length(digits)
    plus, zeros = pc.starts_with(text, "+"), pc.starts_with(text, "00")
    # +81 / 0081: national form; another country code: foreign (kept with its +).
    abroad = pc.if_else(zeros, pc.utf8_slice_codeunits(digits, 2), digits)
    japan = pc.starts_with(abroad, "81")
    national_abroad = pc.binary_join_element_wise(
        "0", pc.replace_substring_regex(pc.utf8_slice_codeunits(abroad, 2), "^0+", ""), ""
    )
    eighty_one = pc.and_(pc.starts_with(digits, "81"), pc.is_in(length, pa.array([11, 12])))
    trunk_dropped = pc.and_(
        pc.and_(pc.greater(length, 0), pc.invert(pc.starts_with(digits, "0"))),
        pc.is_in(length, pa.array([9, 10])),
    )
    national = pc.case_when(
        pc.make_struct(eighty_one, trunk_dropped),
        pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(digits, 2), ""),
        pc.binary_join_element_wise("0", digits, ""),
        digits,
    )
    intl = pc.or_(plus, zeros)
    national = pc.if_else(intl, national_abroad, national)
    kind = _phone_kind(national)
    phone = pc.if_else(pc.equal(kind, "invalid"), "", national)
    foreign = pc.and_(intl, pc.invert(japan))
    long_enough = pc.greater_equal(pc.utf8_length(abroad), 7)
    phone = pc.if_else(
        foreign, pc.if_else(long_enough, pc.binary_join_element_wise("+", abroad, ""), ""), phone
    )
    kind = pc.if_else(foreign, pc.if_else(long_enough, "foreign", "invalid"), kind)
    phone = _empty_as_null(phone)
    kind = pc.if_else(pc.is_null(phone), _NULL, kind)
    # Empty and missing fields have no phone at all.
    missing = pc.fill_null(pc.equal(values, ""), True)
    phone = pc.if_else(missing, _NULL, phone)
    kind = pc.if_else(missing, _NULL, kind)

    def by_key(field: str) -> Callable[[str], str | None]:
        def compute(value: str) -> str | None:
            found = phone_key(value) if value else None
            if found is None or not found.digits:
                return None
            return found.digits if field == "phone" else found.kind

        return compute

    return _by_python(values, phone, by_key("phone")), _by_python(values, kind, by_key("kind"))


def birth_date_column(values: pa.Array) -> pa.Array:
    """``birth_date_key`` of a column of cleaned birth-date fields (null when unreadable)."""
    text = pc.replace_substring(pc.fill_null(values, ""), " ", "")
    parts = pc.extract_regex(text, _DATE)
    compact = pc.extract_regex(text, _COMPACT_DATE)

    def part(name: str) -> pa.Array:
        return pc.coalesce(pc.struct_field(parts, name), pc.struct_field(compact, name))

    year = part("y")
    month = pc.utf8_lpad(part("m"), 2, "0")
    day = pc.utf8_lpad(part("d"), 2, "0")
    dates = pc.binary_join_element_wise(year, month, day, "-")

    def compute(value: str) -> str | None:
        return birth_date_key(value) or None

    # An era's letter (S55.4.1, h2/3/4) is ASCII, but only the per-value function reads it.
    era = pc.match_substring_regex(values, "^[A-Za-z]")
    return _by_python(values, dates, compute, also=era)


def birth_year_column(birth_dates: pa.Array, others: pa.Array) -> pa.Array:
    """The birth year of a record with a birth date (its own year twice: ``1980-1980``),
    else ``others`` (the year a stated age gives, computed per value)."""
    year = pc.utf8_slice_codeunits(birth_dates, 0, 4)
    return pc.if_else(pc.is_null(birth_dates), others, pc.binary_join_element_wise(year, year, "-"))
