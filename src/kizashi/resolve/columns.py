"""A table of person records normalised column by column: each distinct value once.

:func:`kizashi.resolve.records.feature_row` normalises one record at a time; at a million
records the Python work *around* the normalisers (cleaning every field of every row, a dict
per row, turning the dicts into Arrow columns) cost as much as the normalisers themselves.
Here each input column is cleaned once per distinct value (Arrow does it for all-ASCII
columns such as ids), and each feature is computed once per distinct combination of the
fields it reads — the name from the name fields, the address from the address, the phone
from the phone — then spread back to the rows with Arrow's ``take``. The functions that
compute a feature are the per-row path's own (``name_features``, ``phone_features`` …), so
both give the same rows (a property test holds them equal).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from kizashi.resolve.addresses import parse_address
from kizashi.resolve.contacts import account_key, email_key
from kizashi.resolve.name_columns import fast_name_columns
from kizashi.resolve.records import (
    FEATURES,
    RecordError,
    _birth_year,
    _clean,
    _int,
    _or_none,
    address_features,
    canonical_field,
    generic_kind,
    name_features,
    partial_year,
)
from kizashi.resolve.vectorised import birth_date_column, birth_year_column, phone_columns

__all__ = ["feature_columns"]

# What str.strip() removes from an ASCII string: Arrow trims exactly these, so an all-ASCII
# column (ids, romaji, dates, phones) is cleaned without a Python call per value (NFKC leaves
# ASCII as it is).
_ASCII_SPACE = "".join(chr(c) for c in range(128) if chr(c).isspace())
# What str.strip() removes from any string: Arrow trims exactly these code points.
_SPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_NULL = pa.scalar(None, pa.string())
_NAME_FIELDS = ("name", "family_name", "given_name", "name_kana", "name_romaji")


def _strings(column: pa.ChunkedArray) -> pa.Array:
    """A column as one string array (other types as ``str(value)``, as a row would give)."""
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.combine_chunks().cast(pa.string())
    return pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())


def _already_nfkc(column: pa.Array) -> bool:
    """Whether NFKC leaves every value as it is, tested in one pass over all of them: each
    value followed by NUL, a starter (combining class 0) that composes with nothing and that
    no character's compatibility form holds, so the text is NFKC exactly when every value
    is. A value holding NUL itself says no (the per-value path decides)."""
    if pc.any(pc.match_substring(column, "\x00")).as_py():
        return False
    ended = pc.binary_join_element_wise(column, "\x00", "")
    offsets, data = ended.buffers()[1], ended.buffers()[2]
    if data is None:
        return True
    first, last = (
        int.from_bytes(offsets[i * 4 : i * 4 + 4], "little", signed=True)
        for i in (ended.offset, ended.offset + len(ended))
    )
    text = data.to_pybytes()[first:last].decode("utf-8")
    return unicodedata.is_normalized("NFKC", text)


def _cleaned(column: pa.Array, fold: bool = False) -> pa.Array:
    """``_clean`` (then ``casefold`` if ``fold``) of every value; empty as null."""
    if pc.all(pc.string_is_ascii(column)).as_py() is not False:
        out = pc.utf8_trim(column, _ASCII_SPACE)
        if fold:
            out = pc.ascii_lower(out)
    elif not fold and _already_nfkc(column):
        # Names written in kana and kanji mostly are: only the strip is left, by Arrow (a
        # dictionary of a million names and a Python call for each cost a fifth of
        # normalising them).
        out = pc.utf8_trim(column, _SPACE)
    else:
        encoded = pc.dictionary_encode(column)
        values = [_clean(v) for v in encoded.dictionary.to_pylist()]
        if fold:
            values = [v.casefold() for v in values]
        out = pa.array(values, pa.string()).take(encoded.indices)
    return pc.if_else(pc.equal(out, ""), pa.scalar(None, pa.string()), out)


def _generic(kind: str | None, cleaned: pa.Array) -> pa.Array:
    """A generic column as ``records.generic_value`` compares it: a phone's national
    digits, a postcode's digits, else the cleaned text."""
    if kind == "phone":
        return phone_columns(cleaned)[0]
    if kind == "postcode":
        digits = pc.replace_substring_regex(cleaned, "[^0-9]", "")
        return pc.if_else(pc.equal(digits, ""), _NULL, digits)
    return cleaned


def _distinct(columns: Sequence[pa.Array]) -> tuple[pa.Array, list[tuple[Any, ...]]]:
    """The index of each row's combination of values among the distinct combinations, and
    the distinct combinations (None for a null)."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    radix = 1
    for column in columns:
        encoded = pc.dictionary_encode(column)
        size = len(encoded.dictionary) + 1
        index = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        if radix * size >= 2**62:  # too many combinations for one integer: renumber first
            codes = np.unique(codes, return_inverse=True)[1].astype(np.int64)
            radix = int(codes.max()) + 1 if len(codes) else 1
        codes = codes * size + index + 1
        radix *= size
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    picked = [column.take(pa.array(first)).to_pylist() for column in columns]
    return pa.array(inverse.ravel(), pa.int64()), list(zip(*picked, strict=True))


def _spread(
    columns: Sequence[pa.Array],
    compute: Callable[..., dict[str, str | None]],
    out: dict[str, pa.Array],
) -> None:
    """``compute`` once per distinct combination of ``columns`` ("" for a null), its
    results spread back to every row into ``out``."""
    rows, combinations = _distinct(columns)
    results = [compute(*(v or "" for v in combination)) for combination in combinations]
    if not results:
        return
    # One conversion of the result dicts by Arrow, not a Python list per feature.
    names = list(results[0])
    table = pa.Table.from_pylist(results, schema=pa.schema([(n, pa.string()) for n in names]))
    for name in names:
        out[name] = table.column(name).combine_chunks().take(rows)


def _coalesce(arrays: list[pa.Array], length: int) -> pa.Array:
    """The last non-empty value of the columns that are one field (a row's later field wins,
    as in ``feature_row``)."""
    if not arrays:
        return pa.nulls(length, pa.string())
    return arrays[-1] if len(arrays) == 1 else pc.coalesce(*reversed(arrays))


def feature_columns(source: pa.Table, id_field: str, offset: int = 0) -> pa.Table:
    """The feature rows of a table of records (one record a row) as a table: the same
    columns and values as ``feature_row`` gives each row, null for a missing value.

    ``offset``: the number of records before this table in the input (for errors)."""
    length = source.num_rows
    if id_field not in source.column_names:
        if length:
            raise RecordError(f"row {offset + 1}: field {id_field!r}: missing record id")
        ids = pa.array([], pa.string())
    else:
        ids = _cleaned(_strings(source.column(id_field)))
    if ids.null_count:
        number = offset + 1 + int(pc.index(pc.is_null(ids), True).as_py())
        raise RecordError(f"row {number}: field {id_field!r}: missing record id")
    fields: dict[str, list[pa.Array]] = {}
    extras: dict[str, pa.Array] = {}
    postcodes: list[pa.Array] = []  # the postcode columns' digits, in header order
    for position, field in enumerate(source.column_names):
        if field == id_field:
            continue
        canonical = canonical_field(field)
        column = _strings(source.column(position))
        if canonical is None:
            kind = generic_kind(field)
            extras["x_" + re.sub(r"\W", "_", field.casefold())] = generic = _generic(
                kind, _cleaned(column, fold=True)
            )
            if kind == "postcode":
                postcodes.append(generic)
        else:
            fields.setdefault(canonical, []).append(_cleaned(column))
    field = {name: _coalesce(arrays, length) for name, arrays in fields.items()}

    def get(name: str) -> pa.Array:
        found = field.get(name)
        return pa.nulls(length, pa.string()) if found is None else found

    out: dict[str, pa.Array] = {"unique_id": ids}
    ages: dict[str, pa.Array] = {}

    def names(*values: str) -> dict[str, str | None]:
        columns, age = name_features(*values)
        return {**columns, "kz_age": None if age is None else str(age)}

    # The commonest shapes (two romaji or two kana words alone) by Arrow from their parts'
    # keys (name_columns.py); the rest, and every row if none has them, per distinct name.
    name_fields = [get(name) for name in _NAME_FIELDS]
    fast = fast_name_columns(name_fields[0], name_fields[1:])
    if fast is None:
        _spread(name_fields, names, out)
    else:
        rows, computed = fast
        _spread([pc.if_else(rows, _NULL, f) for f in name_fields], names, out)
        for name, values in computed.items():
            out[name] = pc.if_else(rows, values, out.get(name, pa.nulls(length, pa.string())))
    del name_fields
    ages["kz_age"] = out.pop("kz_age", pa.nulls(length, pa.string()))
    # Birth dates and phones by Arrow over the whole column (vectorised.py; the per-value
    # functions compute what is not ASCII).
    out["birth_date"] = birth_date_column(get("birth_date"))

    def birth_year(name_age: str, age: str, as_of: str, partial: str) -> dict[str, str | None]:
        stated = int(name_age) if name_age else _int(age)
        years = _or_none(_birth_year("", stated, as_of, partial_year(partial or "")))
        return {"birth_year": years}

    # The year a stated age gives, for the records without a birth date (a birth date gives
    # its own year): the others' ages are left out, so their combinations collapse.
    dated = pc.is_valid(out["birth_date"])
    stated = [
        pc.if_else(dated, _NULL, c)
        for c in (ages["kz_age"], get("age"), get("as_of"), get("birth_date"))
    ]
    _spread(stated, birth_year, out)
    others = out.get("birth_year", pa.nulls(length, pa.string()))
    out["birth_year"] = birth_year_column(out["birth_date"], others)
    out["phone"], out["phone_kind"] = phone_columns(get("phone"))
    _spread([get("email")], lambda v: {"email": _or_none(email_key(v))}, out)

    def account(value: str, platform: str) -> dict[str, str | None]:
        return {"account": _or_none(account_key(value, platform or None) if value else "")}

    _spread([get("account"), get("platform")], account, out)
    # Each distinct address once: a cache would only add its lookup and its memory.
    address = get("address")
    if postcodes:  # a record with no address but a postcode: the postcode's town
        code = pc.coalesce(*postcodes) if len(postcodes) > 1 else postcodes[0]
        seven = pc.equal(pc.utf8_length(code), 7)
        from_code = pc.if_else(seven, pc.binary_join_element_wise("〒", code, ""), _NULL)
        address = pc.coalesce(address, from_code)
    _spread([address], lambda v: address_features(v, parse_address), out)
    columns = [out.get(name, pa.nulls(length, pa.string())) for name in FEATURES]
    names_ = list(FEATURES)
    for name in sorted(extras):
        columns.append(extras[name])
        names_.append(name)
    return pa.table(columns, names=names_)
