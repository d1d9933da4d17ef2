"""Identity rules: links that need no model, because the identifier is one person's.

- the same account handle, or the same e-mail address: a handle or mailbox belongs to one
  person — unless this data shows the column shared by families (a family mailbox, see
  :mod:`kizashi.resolve.households`), in which case it is left to the model;
- the same *mobile* number with at least one name part in common — a reading, or the given
  name as written (加寿美 read かずみ by the tables and カスミ by its owner: a married woman's
  two surnames share nothing else), or a name that is one run-together token (a marketplace
  or SNS display name such as ``kanda_hideharu77`` or ``takehiro_t``) which the other
  record's name parts *account for*: its given name and its surname or an initial, digits
  and separators, nothing else. ``takehiromama``, ``satoshi_papa``, ``yamamoto_family`` are a
  mother's, a father's, a family's handle (〇〇ママ is "〇〇's mother"); a surname alone is a
  family's; a token the names of two people on the mobile account for (a father and his son
  of one name) is linked to neither; and a conflicting full birth date stops the link (a
  one-token name has no given name to make the second conflict ``compatible`` asks for).
  (A landline is shared by a household, so it stays with the model.)
- where this data shows mobiles shared by families (a mobile handed down from brother to
  brother), the same mobile with the same **given name** and the same full **birth date**: a
  married woman under her maiden and her married surname. Brothers, a mother and a daughter,
  twins sharing a mobile differ in the given name or the date, so they are left to the model.

A key that is a blocking stop key (on hundreds of records) is a placeholder, not an identity. Rule
edges carry the rule as their reason and sit above every model edge; an analyst's "not the
same" still splits them. The incremental path finds them through the blocking keys and asks
:func:`rule_for` about each pair; the batch run groups the table's columns
(:func:`rule_pairs`: what :func:`rule_edges`, ``rule_for`` per grouped pair, gives for every
row, computed by Arrow and NumPy).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from kizashi.resolve.linker import Model

if TYPE_CHECKING:
    from kizashi.resolve.frame import RecordTable

__all__ = ["RULES", "RULE_WEIGHT", "rule_edges", "rule_for", "rule_pairs"]

RULE_WEIGHT = 50.0
# key → blocking rule; "shared mobile": a mobile where this data shows mobiles shared by families
_RULE_OF = {"account": "account", "email": "email", "mobile": "phone", "shared mobile": "phone"}
# The rules in the order ``_rule`` tries them (a pair sharing an account and a mobile is
# linked by the account): ``rule_pairs`` gives each pair's rule as an index into this.
RULES = (
    "same account handle",
    "same e-mail address",
    "same mobile number and a name part in common",
    "same mobile number, given name and birth date",
)

Row = Mapping[str, Any]


def _tokens(row: Row) -> set[str]:
    return {t for t in (row.get("tok_a"), row.get("tok_b")) if t}


# The shortest reading looked for inside a run-together name: "ken" or "ai" inside a handle
# is chance, "takehiro" is the name.
_PART_INSIDE = 4
# What may remain of a run-together name once the other record's name parts are taken out:
# an initial (``takehiro_t``). Digits and separators do not count.
_LEFT_OVER = 1


def _givens(row: Row) -> set[str]:
    """The given name's readings (none when the name's order is not known)."""
    found = {g for g in str(row.get("name_givens") or "").split("|") if g}
    given = row.get("name_given")
    return found | ({str(given)} if given else set())


def _accounts_for(token: str, row: Row) -> bool:
    """Whether the row's name parts account for the one-token name ``token``: taken out of it
    (longest first, each once), they leave at most an initial, digits and separators; one
    of them is the given name (a surname alone is a family's handle) and one is four
    letters or more (a short reading inside a handle is chance)."""
    parts = _tokens(row)
    if token in parts:
        return False  # a token in common: the plain rule
    rest, taken = token, set()
    for part in sorted(parts, key=len, reverse=True):
        if part in rest:
            rest = rest.replace(part, "", 1)
            taken.add(part)
    if sum(c.isalpha() for c in rest) > _LEFT_OVER:
        return False  # "mama", "papa", "family", "nohaha": a role beside the name
    if not any(len(part) >= _PART_INSIDE for part in taken):
        return False
    givens = _givens(row)
    return bool(taken & givens) if givens else taken == parts


def _dates_conflict(left: Row, right: Row) -> bool:
    date, date_r = left.get("birth_date"), right.get("birth_date")
    return bool(date and date_r and date != date_r)


def _person(row: Row) -> tuple[tuple[str, ...], str]:
    """Whom a name and a birth date describe: two rows of one are one person's."""
    return tuple(sorted(_tokens(row))), str(row.get("birth_date") or "")


def _run_together_link(left: Row, right: Row, group: Sequence[Row] = ()) -> bool:
    """One record's name is one token the other's name parts account for (see the module's
    docstring), their full birth dates do not conflict, and no other person on the mobile
    (``group``: the records sharing it, the pair's two among them or not) accounts for the
    token too. Two names of two or more parts are not compared this way."""
    for one, other in ((left, right), (right, left)):
        mine = _tokens(one)
        if len(mine) != 1:
            continue
        token = next(iter(mine))
        if not _accounts_for(token, other) or _dates_conflict(one, other):
            continue
        ids = (one.get("unique_id"), other.get("unique_id"))
        people = {_person(other)} | {
            _person(row)
            for row in group
            if row.get("unique_id") not in ids
            and _accounts_for(token, row)
            and not _dates_conflict(one, row)
        }
        if len(people) == 1:
            return True
    return False


def _name_part_in_common(left: Row, right: Row, group: Sequence[Row] = ()) -> bool:
    if _tokens(left) & _tokens(right):
        return True
    written = left.get("name_given_written")
    if written and written == right.get("name_given_written"):
        return True
    return _run_together_link(left, right, group)


def _one_given_name_and_birth(left: Row, right: Row) -> bool:
    """The same full birth date and the same given name (a reading or as written): what a
    married woman's two surnames leave of her, and what no brother sharing her mobile has."""
    date = left.get("birth_date")
    if not date or date != right.get("birth_date"):
        return False
    given, given_r = left.get("name_given"), right.get("name_given")
    if given and given_r and given != given_r:
        return False  # 翔 read ショウ on one and カケル on the other: two names (review of link31)
    written = left.get("name_given_written")
    return bool(
        (given and given == given_r) or (written and written == right.get("name_given_written"))
    )


def _prefixes(model: Model) -> dict[str, str]:
    """Per identity key, the prefix its blocking rule gives its stop keys ("<index>:")."""
    index = {rule.name: i for i, rule in enumerate(model.rules)}
    return {field: f"{index.get(rule, -1)}:" for field, rule in _RULE_OF.items()}


def _keys(
    row: Row, model: Model, prefixes: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """The row's identity keys that are personal in this data and not placeholders
    (``prefixes``: :func:`_prefixes` of the model, computed once by a caller asking often)."""
    out = []
    for field in ("account", "email"):
        if row.get(field) and model.personal.get(field, True):
            out.append((field, str(row[field])))
    if row.get("phone") and row.get("phone_kind") == "mobile":
        personal = model.personal.get("phone:mobile", True)
        out.append(("mobile" if personal else "shared mobile", str(row["phone"])))
    prefixes = prefixes if prefixes is not None else _prefixes(model)
    return [(field, value) for field, value in out if prefixes[field] + value not in model.stops]


def rule_for(left: Row, right: Row, model: Model, others: Iterable[Row] = ()) -> str | None:
    """The identity rule that links two records, if one does (``others``: the records met
    beside them — those sharing their mobile decide whether a run-together name is one
    person's or ambiguous, as in the batch run)."""
    left_keys = _keys(left, model)
    mobile = dict(left_keys).get("mobile")
    group = [r for r in others if r.get("phone_kind") == "mobile" and str(r.get("phone")) == mobile]
    return _rule(left, right, left_keys, _keys(right, model), group)


def _rule(
    left: Row,
    right: Row,
    left_keys: list[tuple[str, str]],
    right_keys: list[tuple[str, str]],
    group: Sequence[Row] = (),
) -> str | None:
    """``group``: the records sharing the pair's mobile (see ``_run_together_link``)."""
    theirs = dict(right_keys)
    for field, value in left_keys:
        if theirs.get(field) != value:
            continue
        if field == "account":
            return RULES[0]
        if field == "email":
            return RULES[1]
        if field == "mobile" and _name_part_in_common(left, right, group):
            return RULES[2]
        if field == "shared mobile" and _one_given_name_and_birth(left, right):
            return RULES[3]
    return None


def rule_edges(rows: Iterable[Row], model: Model) -> list[tuple[str, str, str]]:
    """(left id, right id, rule) for every pair an identity rule links (each row's keys
    found once, not again for every pair it is in)."""
    prefixes = _prefixes(model)
    groups: dict[tuple[str, str], list[tuple[Row, list[tuple[str, str]]]]] = defaultdict(list)
    for row in rows:
        keys = _keys(row, model, prefixes)
        for key in keys:
            groups[key].append((row, keys))
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda m: str(m[0]["unique_id"]))
        for (a, a_keys), (b, b_keys) in combinations(ordered, 2):
            pair = (str(a["unique_id"]), str(b["unique_id"]))
            if pair in seen:
                continue
            mobile = dict(a_keys).get("mobile")
            group = [m[0] for m in groups.get(("mobile", mobile), [])] if mobile else []
            rule = _rule(a, b, a_keys, b_keys, group)
            if rule is not None:
                seen.add(pair)
                out.append((*pair, rule))
    return out


Positions = npt.NDArray[np.int64]


def _strings(table: RecordTable, name: str) -> pa.Array:
    if name not in table.columns:
        return pa.nulls(len(table), pa.string())
    column = table.table.column(name).combine_chunks()
    return column if column.type == pa.string() else column.cast(pa.string())


def _codes(values: pa.Array) -> Positions:
    """Each value's number among the column's distinct values; -1 for a null or ""."""
    values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
    encoded = pc.dictionary_encode(values)
    codes: Positions = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return codes.astype(np.int64)


def _key_codes(table: RecordTable, model: Model) -> list[Positions]:
    """Per identity key (account, e-mail, mobile), each record's key as a number (-1: the
    record has none, it is not personal in this data, or it is a stop key) — ``_keys`` of
    every row at once."""
    prefixes = _prefixes(model)
    null = pa.scalar(None, pa.string())
    out = []
    for field in _RULE_OF:
        if field in ("mobile", "shared mobile"):
            kind = pc.fill_null(pc.equal(_strings(table, "phone_kind"), "mobile"), False)
            values = pc.if_else(kind, _strings(table, "phone"), null)
            # One column of mobiles, keyed as the rule this data's measure of them asks for.
            personal = model.personal.get("phone:mobile", True) == (field == "mobile")
        else:
            values = _strings(table, field)
            personal = model.personal.get(field, True)
        if not personal:
            out.append(np.full(len(table), -1, dtype=np.int64))
            continue
        prefix = prefixes[field]
        stops = [s[len(prefix) :] for s in model.stops if s.startswith(prefix)]
        if stops:
            stopped = pc.is_in(values, value_set=pa.array(stops, pa.string()))
            values = pc.if_else(pc.fill_null(stopped, False), null, values)
        out.append(_codes(values))
    return out


def _same_codes(table: RecordTable, name: str, left: Positions, right: Positions) -> Any:
    """Per pair, whether both records hold the column and the same value in it."""
    codes = _codes(_strings(table, name))
    return (codes[left] >= 0) & (codes[left] == codes[right])


# What ``_run_together_link`` reads of a record.
_RUN_TOGETHER_COLUMNS = ("unique_id", "tok_a", "tok_b", "name_given", "name_givens", "birth_date")


def _run_together(
    table: RecordTable,
    left: Positions,
    right: Positions,
    mobiles: Positions,
    asked: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Per pair, ``_run_together_link`` of the two records among those sharing their mobile
    (``mobiles``: each record's mobile as a number) — asked only of the pairs in ``asked``
    (a mobile in common and no token), few, so by Python."""
    out = np.zeros(len(left), dtype=bool)
    pairs = np.flatnonzero(asked)
    if not len(pairs):
        return out
    wanted = np.unique(mobiles[left[pairs]])
    members = np.flatnonzero(np.isin(mobiles, wanted))
    present = [c for c in _RUN_TOGETHER_COLUMNS if c in table.columns]
    taken = table.table.select(present).take(pa.array(members, type=pa.int64()))
    columns = [taken.column(c).to_pylist() for c in present]
    rows = {
        position: {c: v for c, v in zip(present, values, strict=True) if v is not None}
        for position, values in zip(members.tolist(), zip(*columns, strict=True), strict=True)
    }
    groups: dict[int, list[Row]] = defaultdict(list)
    for position in members.tolist():
        groups[int(mobiles[position])].append(rows[position])
    for k in pairs.tolist():
        a, b = int(left[k]), int(right[k])
        out[k] = _run_together_link(rows[a], rows[b], groups[int(mobiles[a])])
    return out


def rule_pairs(table: RecordTable, model: Model) -> tuple[Positions, Positions, Positions] | None:
    """What :func:`rule_edges` gives for the table's rows, as (left positions, right
    positions, index into :data:`RULES`), in the same order — computed on the columns by
    Arrow and NumPy, without a row as a Python object. None when an id repeats in the table
    (``rule_edges`` then keys rows by id: the caller takes that way)."""
    count = len(table)
    ids = _strings(table, "unique_id")
    empty = np.zeros(0, dtype=np.int64)
    if count < 2:
        return empty, empty, empty
    if pc.count_distinct(ids).as_py() != count or ids.null_count:
        return None
    keys = _key_codes(table, model)
    # Every (key, record) of a key on two records or more: `rule_edges`' groups.
    positions, first, fields = [], [], []
    for field, codes in enumerate(keys):
        held = np.flatnonzero(codes >= 0)
        code = codes[held]
        if not len(code):
            continue
        sizes = np.bincount(code)
        shared = sizes[code] >= 2
        held, code = held[shared], code[shared]
        # The group's first record (positions ascend): where rule_edges first meets the group.
        earliest = np.full(len(sizes), count, dtype=np.int64)
        np.minimum.at(earliest, code, held)
        positions.append(held)
        first.append(earliest[code])
        fields.append(np.full(len(held), field, dtype=np.int64))
    if not positions:
        return empty, empty, empty
    held, earliest, kind = (np.concatenate(a) for a in (positions, first, fields))
    # Groups in the order rule_edges makes them (the first record's position, then the key's
    # place in a row's keys), each group's records in the order of their ids (Python's
    # order of str: code points, as Arrow sorts UTF-8; the ids are distinct).
    by_id = np.empty(len(held), dtype=np.int64)
    by_id[pc.sort_indices(ids.take(pa.array(held))).to_numpy()] = np.arange(len(held))
    order = np.lexsort((by_id, kind, earliest))
    held, group = held[order], (earliest * len(keys) + kind)[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    within = np.arange(len(group)) - np.repeat(starts, sizes)
    # Every pair of a group in `combinations`' order: each record with every later one.
    later = np.repeat(sizes, sizes) - 1 - within
    left = np.repeat(np.arange(len(group)), later)
    block = np.repeat(np.cumsum(later) - later, later)
    right = left + (np.arange(len(left)) - block) + 1
    left, right = held[left], held[right]
    same = [(codes[left] >= 0) & (codes[left] == codes[right]) for codes in keys]
    tokens = _codes(pa.concat_arrays([_strings(table, "tok_a"), _strings(table, "tok_b")]))
    tok_a, tok_b = tokens[:count], tokens[count:]
    common = np.zeros(len(left), dtype=bool)
    for mine in (tok_a[left], tok_b[left]):
        for theirs in (tok_a[right], tok_b[right]):
            common |= (mine >= 0) & (mine == theirs)
    written = _codes(_strings(table, "name_given_written"))
    common |= (written[left] >= 0) & (written[left] == written[right])
    common |= _run_together(table, left, right, keys[2], same[2] & ~common & (tok_a[left] >= 0))
    given = _codes(_strings(table, "name_given"))
    readings_differ = (given[left] >= 0) & (given[right] >= 0) & (given[left] != given[right])
    one_person = (
        _same_codes(table, "birth_date", left, right)
        & ~readings_differ
        & (
            _same_codes(table, "name_given", left, right)
            | _same_codes(table, "name_given_written", left, right)
        )
    )
    rule = np.where(same[2] & common, 2, np.where(same[3] & one_person, 3, -1))
    rule = np.where(same[0], 0, np.where(same[1], 1, rule))
    linked = np.flatnonzero(rule >= 0)
    # Each pair once, where rule_edges first links it (its rule is the same in every group).
    _, once = np.unique(left[linked] * count + right[linked], return_index=True)
    kept = linked[np.sort(once)]
    return left[kept], right[kept], rule[kept].astype(np.int64)
