"""Which pairs of records are compared: blocking rules chosen from the data's columns.

Every rule turns a record into zero or more *keys*; two records are compared when they share a
key of any rule. The same key strings serve both paths: the batch run hands them to splink as
blocking columns (``bk_<rule>``, each key as its integer code: :func:`key_codes`), the
incremental path looks them up in an indexed table, so both compare exactly the same pairs.

Rules, derived from the columns a data set has (:func:`derive_rules`):

- the name: every reading of it (``name_sorted`` and the other readings of its kanji), the
  written spelling, and the reading run together in either order;
- every identifier column on its own: phone, e-mail, account, and any generic column whose
  values are ID-like (a social-security id, a My Number);
- the address block on its own where that is cheap and no block is a stop key, else the
  address block with each name part and the address block with the room (one room, one
  household: its records meet whatever their names): where many people share blocks (a
  million records in a few thousand blocks) the block alone compares pairs of strangers by
  the million — at 1M records of the benchmark 4.85M pairs no other rule compares, none of
  them a match — while of the pairs above the threshold that only a block finds on the
  evaluation sets, all but 3 of 88 share a name part (the rule is the block alone on all of
  them: each is cheap). A block on more than STOP_SIZE records would otherwise compare its
  records by no address at all;
- the birth date with each name part (so 佐藤 in either position meets), and the birth date
  alone where that is cheap (few records share a day);
- any other generic column on its own where it is cheap (FEBRL's ``address_1``);
- ``--block`` adds rules of one or more columns.

A key shared by more than :data:`STOP_SIZE` records (a placeholder number, a shop's address)
is a *stop key*: it would compare thousands of unrelated pairs and is left out, in both paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from kizashi.resolve.frame import RecordTable, connect

__all__ = [
    "STOP_SIZE",
    "BlockRule",
    "block_columns",
    "derive_rules",
    "key_codes",
    "multi",
    "record_keys",
    "stop_keys",
]

STOP_SIZE = 300  # records sharing one key beyond which it is a placeholder, not a block
CHEAP = 2.5  # pairs per record a rule on one column may add and still block on its own

Row = Mapping[str, Any]
Records = RecordTable | Sequence[Row]
_MULTI = {"readings", "joined", "tokens"}  # rule columns that give several keys per record
_SLICE = 50_000


@dataclass(frozen=True)
class BlockRule:
    """A blocking rule: the columns whose values (all present) form its keys.

    A column written ``name_alts*`` contributes each of its "|"-delimited values; ``tokens``
    stands for both name parts (tok_a, tok_b)."""

    name: str
    columns: tuple[str, ...]

    def keys(self, row: Row) -> list[str]:
        parts: list[list[str]] = []
        for column in self.columns:
            values = _values(row, column)
            if not values:
                return []
            parts.append(values)
        keys = [""]
        for values in parts:
            keys = [f"{k}\x1f{v}" if k else v for k in keys for v in values]
        return sorted(set(keys))

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "columns": list(self.columns)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BlockRule:
        return cls(str(data["name"]), tuple(data["columns"]))


def _values(row: Row, column: str) -> list[str]:
    if column == "tokens":
        return [t for t in (row.get("tok_a"), row.get("tok_b")) if t]
    if column == "readings":
        alternatives = [v for v in str(row.get("name_alts") or "").split("|") if v]
        return [v for v in (row.get("name_sorted"), *alternatives) if v]
    if column == "joined":
        return [v for v in (row.get("name_joined"), row.get("name_alt")) if v]
    value = row.get(column)
    return [str(value)] if value not in (None, "") else []


def _table(rows: Records) -> RecordTable:
    return rows if isinstance(rows, RecordTable) else RecordTable.from_rows(rows)


def _sizes(table: RecordTable, column: str) -> list[int]:
    """How many records share each value of the column."""
    if column not in table.columns:
        return []
    counts = pc.value_counts(table.table.column(column).drop_null())
    return list(counts.field("counts").to_pylist())


def _pairs(table: RecordTable, column: str) -> int:
    """Pairs a rule on this column alone would compare (stop keys left out)."""
    return sum(n * (n - 1) // 2 for n in _sizes(table, column) if n <= STOP_SIZE)


def derive_rules(
    rows: Records,
    columns: Iterable[str],
    identifiers: Sequence[str],
    extra: Sequence[Sequence[str]] = (),
) -> list[BlockRule]:
    """The rules for a data set: see the module doc. ``identifiers``: identifier columns."""
    table = _table(rows)
    present = set(columns)
    rules: list[BlockRule] = []

    def add(name: str, *cols: str) -> None:
        if cols not in {r.columns for r in rules}:
            rules.append(BlockRule(name, cols))

    if "name_sorted" in present:
        add("name reading", "readings")
        add("name run together", "joined")
    if "name_written" in present:
        add("name spelling", "name_written")
    for column in identifiers:
        field = column.partition(":")[0]
        if field in present:
            add(field.removeprefix("x_"), field)
    budget = CHEAP * max(len(table), 4000)
    if "addr_block" in present:
        sizes = _sizes(table, "addr_block")
        crowded = sum(n * (n - 1) // 2 for n in sizes if n <= STOP_SIZE) > budget or any(
            n > STOP_SIZE for n in sizes
        )
        if "tok_a" in present and crowded:
            add("address block + name part", "addr_block", "tokens")
            if "addr_room" in present:
                # One room is one household: its records meet whatever their names.
                add("address block + room", "addr_block", "addr_room")
        else:
            add("address block", "addr_block")
    if "birth_date" in present:
        if "tok_a" in present:
            add("birth date + name part", "birth_date", "tokens")
        if _pairs(table, "birth_date") <= budget:
            add("birth date", "birth_date")
    for column in sorted(c for c in present if c.startswith("x_")):
        if _pairs(table, column) <= budget:
            add(column.removeprefix("x_"), column)
    for cols in extra:
        add("+".join(c.removeprefix("x_") for c in cols), *cols)
    return rules


def record_keys(row: Row, rules: Sequence[BlockRule]) -> list[str]:
    """Every key of a record, prefixed by its rule's index (``3:09012345678``)."""
    return [f"{i}:{k}" for i, rule in enumerate(rules) for k in rule.keys(row)]


def multi(rule: BlockRule) -> bool:
    """Does the rule give several keys per record (exploded in splink)?"""
    return any(c in _MULTI for c in rule.columns)


def _multi_keys(table: RecordTable, rule: BlockRule, start: int, stop: int) -> list[list[str]]:
    """The keys of a several-keys rule for rows start..stop: what :meth:`BlockRule.keys`
    gives, fast (a slice at a time, so that a million records never become Python objects
    all at once)."""

    def column(name: str) -> list[Any]:
        if name not in table.columns:
            return [None] * (stop - start)
        return list(table.table.column(name).slice(start, stop - start).to_pylist())

    parts: list[list[list[str]]] = []
    for name in rule.columns:
        if name == "tokens":
            parts.append(
                [[t for t in ab if t] for ab in zip(column("tok_a"), column("tok_b"), strict=True)]
            )
        elif name == "readings":
            parts.append(
                [
                    ([s] if s else []) + [v for v in (alts or "").split("|") if v]
                    for s, alts in zip(column("name_sorted"), column("name_alts"), strict=True)
                ]
            )
        elif name == "joined":
            parts.append(
                [
                    [v for v in ja if v]
                    for ja in zip(column("name_joined"), column("name_alt"), strict=True)
                ]
            )
        else:
            parts.append([[str(v)] if v else [] for v in column(name)])
    out: list[list[str]] = []
    for values in zip(*parts, strict=True):
        if not all(values):
            out.append([])
            continue
        keys = [""]
        for options in values:
            keys = [f"{k}\x1f{v}" if k else v for k in keys for v in options]
        out.append(sorted(set(keys)))
    return out


# The several-keys rules as DuckDB list expressions: the same keys as BlockRule.keys gives
# (a set: distinct, sorted; none → NULL), computed without a Python object per record.
_CLEAN = "list_sort(list_distinct(list_filter({}, lambda x: x IS NOT NULL AND x <> '')))"
_SQL_KEYS: dict[tuple[str, ...], str] = {
    ("readings",): _CLEAN.format(
        "list_concat([name_sorted], string_split(coalesce(name_alts, ''), '|'))"
    ),
    ("joined",): _CLEAN.format("[name_joined, name_alt]"),
    **{
        (column, "tokens"): f"CASE WHEN {column} IS NULL THEN NULL ELSE "
        + _CLEAN.format(f"[{column} || chr(31) || tok_a, {column} || chr(31) || tok_b]")
        + " END"
        for column in ("birth_date", "addr_block")
    },
}
_SQL_COLUMNS = (
    "name_sorted",
    "name_alts",
    "name_joined",
    "name_alt",
    "birth_date",
    "addr_block",
    "tok_a",
    "tok_b",
)


def _column(table: RecordTable, name: str) -> pa.Array:
    if name not in table.columns:
        return pa.nulls(len(table), pa.string())
    return table.table.column(name).combine_chunks()


def _two_value_keys(first: pa.Array, second: pa.Array) -> pa.ListArray:
    """Per row, the distinct values of ``first`` and ``second`` sorted, NULL and '' left out,
    NULL where none is left: what :data:`_SQL_KEYS`' ``list_sort(list_distinct(list_filter(
    [first, second], …)))`` gives, by Arrow kernels over the columns (a list function over a
    million rows cost DuckDB ~0.8 CPU-s a rule at 1M records, this 0.36–0.46). Strings compare
    by their bytes in both, and the lists hold the values in the same order, so their codes
    (:func:`_coded`) are the same too."""
    import numpy as np

    def present(values: pa.Array) -> Any:
        return pc.fill_null(pc.not_equal(values, ""), False).to_numpy(zero_copy_only=False)

    has_a, has_b = present(first), present(second)
    both = has_a & has_b
    if both.any():
        a_first = pc.fill_null(pc.less_equal(first, second), True)
        low = pc.if_else(a_first, first, second)
        high = pc.if_else(a_first, second, first)
        differ = pc.fill_null(pc.not_equal(first, second), False).to_numpy(zero_copy_only=False)
    else:
        low, high, differ = first, second, both
    # One slot from the lower (or only) value, a second where two differ.
    lead = pc.if_else(pa.array(both), low, pc.if_else(pa.array(has_a), first, second))
    takes = np.stack([has_a | has_b, both & differ], axis=1)
    n = len(first)
    at = np.stack([np.arange(n), np.arange(n) + n], axis=1)[takes]
    values = pa.concat_arrays([lead.cast(pa.string()), high.cast(pa.string())])
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(takes.sum(axis=1), out=offsets[1:])
    return pa.ListArray.from_arrays(
        pa.array(offsets),
        values.take(pa.array(at, pa.int64())),
        mask=pa.array(offsets[1:] == offsets[:-1]),
    )


def _arrow_keys(table: RecordTable, rule: BlockRule) -> pa.Array | None:
    """The keys of the two-value rules (a name run together and its other spelling; the
    birth date or the address block beside each name part) by Arrow; None for another rule."""
    if rule.columns == ("joined",):
        return _two_value_keys(_column(table, "name_joined"), _column(table, "name_alt"))
    if rule.columns in {("birth_date", "tokens"), ("addr_block", "tokens")}:
        first = _column(table, rule.columns[0])
        # DuckDB's ``||``: NULL if either side is; '' kept ('' is left out as a key only).
        return _two_value_keys(
            *(
                pc.binary_join_element_wise(first, _column(table, part), "\x1f")
                for part in ("tok_a", "tok_b")
            )
        )
    return None


def _sql_keys(table: RecordTable, rule: BlockRule) -> pa.Array | None:
    """The keys of a several-keys rule computed by Arrow or DuckDB without a Python object
    per record; None for a rule neither has a form for."""
    computed = _arrow_keys(table, rule)
    return computed if computed is not None else _duckdb_keys(table, rule)


def _duckdb_keys(table: RecordTable, rule: BlockRule) -> pa.Array | None:
    """The keys of a several-keys rule computed by DuckDB; None for a rule it has no form for."""
    expression = _SQL_KEYS.get(rule.columns)
    if expression is None:
        return None
    columns = {
        c: table.table.column(c) if c in table.columns else pa.nulls(len(table), pa.string())
        for c in _SQL_COLUMNS
    }
    connection = connect()
    connection.register("records", pa.table(columns))
    # A projection of one scan, without ORDER BY: DuckDB keeps the rows' order (its default
    # ``preserve_insertion_order``), so no sort of a million rows of lists by their position.
    result = connection.sql(
        f"SELECT CASE WHEN len(k) = 0 THEN NULL ELSE k END AS k FROM "
        f"(SELECT {expression} AS k FROM records)"
    ).to_arrow_table()
    connection.close()
    return result.column("k").combine_chunks().cast(pa.list_(pa.string()))


def _scalar_keys(table: RecordTable, rule: BlockRule) -> pa.Array:
    arrays = [
        table.table.column(c).combine_chunks()
        if c in table.columns
        else pa.nulls(len(table), pa.string())
        for c in rule.columns
    ]
    if len(arrays) == 1:
        return arrays[0]
    # As BlockRule.keys: no key where a value is missing or empty.
    arrays = [
        pc.if_else(pc.equal(a, ""), pa.scalar(None, a.type), a)
        if pa.types.is_string(a.type) or pa.types.is_large_string(a.type)
        else a
        for a in arrays
    ]
    return pc.binary_join_element_wise(*arrays, "\x1f")


def _stop_keys(index: str, codes: pa.Array, keys: pa.Array, limit: int = STOP_SIZE) -> set[str]:
    """The keys of a coded column (:func:`_coded`: ``codes`` index ``keys``) on more than
    ``limit`` records, as ``"<index>:<key>"``. Counted from the codes (a null list's slots
    and null keys left out), not by hashing the key strings again — DuckDB's ``GROUP BY``
    of them cost nearly as much as coding them."""
    import numpy as np

    if pa.types.is_list(codes.type):
        child = codes.values
        keep = child.is_valid().to_numpy(zero_copy_only=False)
        if codes.null_count:
            lengths = np.diff(codes.offsets.to_numpy(zero_copy_only=False))
            keep &= np.repeat(codes.is_valid().to_numpy(zero_copy_only=False), lengths)
    else:
        child = codes
        keep = codes.is_valid().to_numpy(zero_copy_only=False)
    flat = child.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)[keep]
    counts = np.bincount(flat, minlength=len(keys))
    over = np.flatnonzero(counts > limit)
    return {f"{index}:{key}" for key in keys.take(pa.array(over, pa.int64())).to_pylist()}


def _without(values: pa.Array, stopped: list[str]) -> pa.Array:
    """The key column with the stop keys left out."""
    banned = pa.array(stopped, pa.string())
    if not pa.types.is_list(values.type):
        return pc.if_else(pc.is_in(values, banned), pa.scalar(None, pa.string()), values)
    cleaned = [
        [k for k in ks if k not in set(stopped)] or None if ks else None
        for ks in values.to_pylist()
    ]
    return pa.array(cleaned, type=pa.list_(pa.string()))


def block_columns(
    table: RecordTable, rules: Sequence[BlockRule], stops: set[str] | None = None
) -> set[str]:
    """Add one blocking-key column per rule (``bk_<index>``) to the table, stop keys left out.

    With ``stops`` None, the stop keys are found (keys on more than :data:`STOP_SIZE`
    records) and returned."""
    columns: dict[str, pa.Array] = {}
    for index, rule in enumerate(rules):
        if multi(rule) and (computed := _sql_keys(table, rule)) is not None:
            columns[f"bk_{index}"] = computed
        elif multi(rule):
            pieces = [
                pa.array(
                    [
                        ks or None
                        for ks in _multi_keys(table, rule, start, min(start + _SLICE, len(table)))
                    ],
                    type=pa.list_(pa.string()),
                )
                for start in range(0, len(table), _SLICE)
            ]
            columns[f"bk_{index}"] = (
                pa.concat_arrays(pieces) if pieces else pa.array([], pa.list_(pa.string()))
            )
        else:
            columns[f"bk_{index}"] = _scalar_keys(table, rule)
    found: set[str] = set() if stops is None else set(stops)
    for name, values in columns.items():
        number = name.removeprefix("bk_")
        codes, keys = _coded(values)
        if stops is None:
            found |= _stop_keys(number, codes, keys)
        mine = [k.split(":", 1)[1] for k in found if k.split(":", 1)[0] == number]
        table.with_column(name, _coded(_without(values, mine))[0] if mine else codes)
    return found


def key_codes(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A blocking-key column (strings, or lists of strings) as integers: each key's code among
    the column's distinct keys, null as null. splink only ever tests two keys of one column
    for equality, and equal keys have equal codes, so it compares exactly the same pairs —
    while its joins hash and hold four-byte integers instead of the key strings (at a
    million records, prediction's largest tables). Nothing reads a key's text from the
    table: the live path and the store compute keys with :func:`record_keys`."""
    return _coded(values)[0]


def _coded(values: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, pa.Array]:
    """:func:`key_codes`, and the distinct keys the codes index."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_list(values.type):
        # The keys the lists span coded (a null list's slots too: nothing reads them), the
        # lists rebuilt on the same offsets (from 0) and validity.
        offsets = values.offsets
        first = offsets[0].as_py()
        child = values.values.slice(first, offsets[-1].as_py() - first)
        encoded = pc.dictionary_encode(child)
        return pa.ListArray.from_arrays(
            pc.subtract(offsets, pa.scalar(first, offsets.type)),
            encoded.indices,
            mask=pc.is_null(values) if values.null_count else None,
        ), encoded.dictionary
    encoded = pc.dictionary_encode(values)
    return encoded.indices, encoded.dictionary


def stop_keys(rows: Records, rules: Sequence[BlockRule]) -> set[str]:
    """Keys shared by more than :data:`STOP_SIZE` records."""
    table = RecordTable(_table(rows).table)
    return block_columns(table, rules)
