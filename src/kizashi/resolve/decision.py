"""Deciding one pair: the model's evidence, household evidence counted once, conflicts.

Both paths end here: the batch run with the per-comparison weights splink computed, the
incremental path with those of :class:`kizashi.resolve.scoring.Scorer` (the same levels in
Python). A pair is linked when

1. its match probability reaches the threshold, with the evidence of **household**
   identifiers (those :mod:`kizashi.resolve.households` found shared by families in this
   data: a landline, a home address, a family mailbox) counted **once**: the strongest of
   them, not their sum — they all say "same household", and a father shares them with his son;
2. and it has no decisive disagreement (:mod:`kizashi.resolve.conflicts`), or it has one (one
   field in conflict) and also shares a *personal* identifier (a mobile, an account, an ID
   number) that says the disagreement is an error on one record. Two fields in conflict are
   never an error on one record.

A pair the model would have linked but a conflict stops is returned as a veto, with the
conflict, for the review list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jellyfish

from kizashi.resolve.conflicts import (
    CONFLICT_FIELDS,
    IDENTIFYING,
    Conflict,
    anonymous,
    conflicts,
    is_hard_id_column,
    shared_identifiers,
    years_generation_apart,
)
from kizashi.resolve.linker import Model, prior_weight, probability
from kizashi.resolve.name_parts import known_given_key
from kizashi.resolve.reference import name_readings
from kizashi.resolve.spelling import phonetic
from kizashi.text.normalize import is_kanji, to_hiragana

__all__ = [
    "Edge",
    "Veto",
    "compatible",
    "decide",
    "decide_batch",
    "evidence_column",
    "may_conflict",
]

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Edge:
    left: str
    right: str
    probability: float
    weight: float
    reasons: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Veto:
    left: str
    right: str
    probability: float
    conflicts: tuple[Conflict, ...]


def evidence_column(comparison: str, left: Row, right: Row) -> str | None:
    """The identifier column a comparison's agreement is about (None for name, birth date)."""
    if comparison == "phone":
        return "phone:mobile" if left.get("phone_kind") == "mobile" else "phone:other"
    if comparison == "address":
        return "addr_block"
    if comparison in ("email", "account"):
        return comparison
    if comparison in ("name", "birth_date"):
        return None
    return f"x_{comparison}"


def compatible(model: Model, left: Row, right: Row) -> tuple[bool, list[Conflict]]:
    """May the two records be one person? (no conflict, or a personal identifier in common
    and only one field in conflict — for a birth date or an age, an ID number)"""
    found = conflicts(left, right, model.hard_ids, model.families)
    if not found:
        return True, []
    # A shared personal identifier says a disagreement is one record's error, and one error
    # explains one field. Two fields that disagree (another birth date *and* another given
    # name) are two people sharing the identifier: a couple's mailbox in data too small to
    # show it is a family's, an account or a phone handed on.
    if len({c["field"] for c in found}) > 1:
        return False, found
    field = found[0]["field"]
    personal = model.personal_columns
    if field in ("birth_date", "age"):
        # A birth date no slip explains (alike_dates: a digit, two transposed, day and month
        # swapped, a day, an era year with a digit) is another person's, whatever a family
        # shares: a father and his son of one name on the family mobile, in a file too small
        # to show that the mobile is a family's (link37 review: 山田 太郎 born 1970 and 1998,
        # one entity). Only an equal ID number (one per person) says the date is one
        # record's error — and not across a generation: a son given his father's number
        # on a form is likelier than a birth date off by 15 years (issue 22, link40).
        if years_generation_apart(left, right):
            return False, found
        personal = [c for c in personal if _hard_id(model, c)]
    elif field == "given_name" and _another_name(left, right):
        # Two given names no slip explains (健太 / 翔太, 花子 / 葉子, ハナコ / ヨウコ, Takeshi /
        # Hiroshi, 花子 / ヨウコ) are twins' or siblings' on the family mobile, not one
        # person's: only an ID number says otherwise (link40 for kanji, link41 as read).
        personal = [c for c in personal if _hard_id(model, c)]
    elif field == "given_name" and _plainly_two_names(left, right):
        # Two given names that share little (ひろみ / Yuuji, なつこ / Keiko) are two names, not
        # one record's error: a mother and her son on the family's mailbox. Only what a
        # person carries alone (a mobile, an account, an ID number) says otherwise: a mora
        # dropped from a name written as read (いろう for いちろう, あみ for あけみ) fails the
        # typist's test, and the mobile shows it one person's.
        personal = [c for c in personal if _carried_alone(model, c)]
    return bool(shared_identifiers(left, right, personal)), found


# Below this Jaro-Winkler similarity two given-name readings are two names: hiromi / yuuzi
# 0.46, natuko / keiko 0.58, keiko / kyoko 0.76; slips score above (toko / tomoko 0.84,
# kukomi / kumiko 0.91). A short name's one slip scores below it (ken / kne, rie / eie: the
# link35 review), so one edit — a letter changed, added, dropped or two swapped — is a slip at
# any length. (Jun / Hun is not caught: its keys are zyun / hun, two edits apart.)
_TWO_NAMES = 0.8


def _plainly_two_names(left: Row, right: Row) -> bool:
    """Are the two given names plainly two names: written both as read (kana or romaji) or
    both in kanji — not one in kanji and one as read — and every reading of one far from
    every reading of the other?"""
    written_l = str(left.get("name_given_written") or "")
    written_r = str(right.get("name_given_written") or "")
    kanji_l, kanji_r = any(is_kanji(c) for c in written_l), any(is_kanji(c) for c in written_r)
    if kanji_l != kanji_r:
        return False
    keys_l = _keys(left.get("name_givens") or left.get("name_given"))
    keys_r = _keys(right.get("name_givens") or right.get("name_given"))
    return bool(keys_l and keys_r) and all(
        jellyfish.jaro_winkler_similarity(a, b) < _TWO_NAMES
        and jellyfish.damerau_levenshtein_distance(a, b) > 1
        for a in keys_l
        for b in keys_r
    )


def _another_name(left: Row, right: Row) -> bool:
    """Are the two given names another name each, which no slip of the pen explains?

    - Both in kanji (no reading in common, or :func:`conflicts.alike_given` would have
      joined them): their **first** readings far apart (健太 / 翔太, 花子 / 葉子). A wrong
      kanji keeps its reading (an input method's slip), so two kanji names read apart are
      two names; a secondary reading of the tables (葉子 はこ) near another's (花子 かこ) is
      two guesses, no evidence (link40 compared every reading: 花子 / 葉子 stayed one).
    - Both written as read (kana, romaji), both given names the tables know, more than one
      letter apart and not one mora dropped from the other (ハナコ / ヨウコ, Takeshi /
      Hiroshi, ハナコ / Yoko): the reading is the text, so a typist's slip is one letter
      (ハナコ / ハナユ is no known name), a voicing mark, or a mora left out (あみ for あけみ,
      いろう for いちろう: kept to the mobile), and spellings (Yohko, Syunichi) fold to one key.
    - One in kanji, one as read: the kanji name one the tables know with fewer than six
      readings (they keep six at most, so a name with six may have more: 寿子 のぶこ), the
      one as read a known given name, more than one letter from each of its readings and
      no slip of its first (花子 / ヨウコ, Hanako / 葉子). The tables still miss some
      readings (浩 ユタカ, 典子 フミコ): such a pair is the cost, an analyst's to join.

    A slip (:func:`_no_slip`) is one letter, a Jaro-Winkler near miss, a mora left out or
    two swapped (キヨミ / キミヨ, アキオ / アオキ), or in kana one kana left out (りょう / りう).
    """
    written_l = str(left.get("name_given_written") or "")
    written_r = str(right.get("name_given_written") or "")
    keys_l = _keys(left.get("name_givens") or left.get("name_given"))
    keys_r = _keys(right.get("name_givens") or right.get("name_given"))
    if not keys_l or not keys_r or not written_l or not written_r:
        return False
    kanji_l, kanji_r = any(is_kanji(c) for c in written_l), any(is_kanji(c) for c in written_r)
    if kanji_l and kanji_r:
        return _apart(keys_l[0], keys_r[0])
    if not kanji_l and not kanji_r:
        return (
            all(known_given_key(k) for k in (keys_l[0], keys_r[0]))
            and not _one_kana_left_out(written_l, written_r)
            and all(_no_slip(a, b) for a in keys_l for b in keys_r)
        )
    (kanji_keys, kanji), read = (
        ((keys_l, written_l), keys_r[0]) if kanji_l else ((keys_r, written_r), keys_l[0])
    )
    readings = name_readings("g", kanji)
    if not readings or len(readings) >= _READINGS_KEPT:
        return False  # the tables do not know the name, or keep only its commonest readings
    every = {*kanji_keys, *(phonetic(r) for r in readings)}
    # A slip of a secondary reading (葉子 はこ against Hanako) is two guesses: only one letter
    # from it is taken as a slip; the first reading gets the whole test.
    return (
        known_given_key(read)
        and all(jellyfish.damerau_levenshtein_distance(read, k) > 1 for k in every)
        and _no_slip(read, kanji_keys[0])
    )


def _one_kana_left_out(a: str, b: str) -> bool:
    """Two names in kana, one the other with one kana left out (りょう / りう: a small ょ)."""
    if a.isascii() or b.isascii() or abs(len(a) - len(b)) != 1:
        return False
    return jellyfish.damerau_levenshtein_distance(to_hiragana(a), to_hiragana(b)) == 1


# The tables keep a kanji given name's six commonest readings (reference_build): a name
# with six may have more (寿子 read のぶこ, 成子 せいこ), so a reading against it is no proof.
_READINGS_KEPT = 6


def _no_slip(a: str, b: str) -> bool:
    """Two readings of given names that no slip joins: far apart, no mora left out (akemi /
    ami) and no two moras swapped (kiyomi / kimiyo, akio / aoki)."""
    return _apart(a, b) and not _a_mora_dropped(a, b) and not _moras_swapped(a, b)


_MORA = re.compile(r"[^aeiou]*[aeiou]|[^aeiou]+$")


def _moras_swapped(a: str, b: str) -> bool:
    """Is one key the other with two neighbouring moras swapped (ki-yo-mi / ki-mi-yo)?"""
    if len(a) != len(b) or sorted(a) != sorted(b):
        return False
    moras = _MORA.findall(a)
    return any(
        "".join([*moras[:i], moras[i + 1], moras[i], *moras[i + 2 :]]) == b
        for i in range(len(moras) - 1)
    )


def _apart(a: str, b: str) -> bool:
    """Two readings no one-letter slip joins and not alike by Jaro-Winkler."""
    return (
        jellyfish.damerau_levenshtein_distance(a, b) > 1
        and jellyfish.jaro_winkler_similarity(a, b) < _TWO_NAMES
    )


def _a_mora_dropped(a: str, b: str) -> bool:
    """Is one key the other with one mora (two or three letters in a row) left out (itiro /
    iro, akemi / ami)?"""
    if len(a) < len(b):
        a, b = b, a
    gap = len(a) - len(b)
    return gap in (2, 3) and any(a[:i] + a[i + gap :] == b for i in range(len(b) + 1))


def _keys(value: Any) -> list[str]:
    return [v for v in str(value).split("|") if v] if value else []


# Identifiers one person carries alone, whatever the data measures of the rest.
_CARRIED_ALONE = frozenset({"phone:mobile", "account"})


def _carried_alone(model: Model, column: str) -> bool:
    """Is the column one only a person carries (a mobile, an account, an ID number)?"""
    return column in _CARRIED_ALONE or _hard_id(model, column)


def _hard_id(model: Model, column: str) -> bool:
    """Is the column an ID number (one per person: My Number, passport, licence)?"""
    if column in model.hard_ids:
        return True
    return is_hard_id_column(column)


def decide(
    model: Model,
    left: Row,
    right: Row,
    weights: Mapping[str, tuple[float, str]],
) -> Edge | Veto | None:
    """The decision on a pair from its per-comparison (weight, level label)."""
    if anonymous(left) or anonymous(right):
        return None  # a birth date alone links nobody (:func:`kizashi.resolve.conflicts.anonymous`)
    total = prior_weight(model.prior)
    household = 0.0
    reasons: list[dict[str, Any]] = []
    for comparison, (weight, label) in weights.items():
        column = evidence_column(comparison, left, right)
        shared = column is not None and not model.personal.get(column, True)
        reason: dict[str, Any] = {
            "field": comparison,
            "comparison": label,
            "weight": round(weight, 3),
        }
        if shared and weight > 0:
            household = max(household, weight)
            reason["household"] = True
        else:
            total += weight
        reasons.append(reason)
    total += household
    p = probability(total)
    if p < model.threshold:
        return None
    ids = (str(left["unique_id"]), str(right["unique_id"]))
    ok, found = compatible(model, left, right)
    if not ok:
        return Veto(*ids, p, tuple(found))
    reasons.sort(key=lambda r: -abs(float(r["weight"])))
    return Edge(*ids, p, total, tuple(reasons))


def _label(model: Model, comparison: str, weight: float) -> str:
    """The level a weight belongs to (splink returns weights, not levels)."""
    from kizashi.resolve.linker import level_weight

    options = [(level_weight(lv), str(lv["label"])) for lv in model.levels.get(comparison, [])]
    return min(((abs(w - weight), lb) for w, lb in options if w is not None), default=(0.0, "?"))[1]


def _differ(table: Any, left: Any, right: Any, column: str) -> Any:
    """Both present and different, per pair (an Arrow boolean array)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    if column not in table.columns:
        return None
    values = table.table.column(column)
    a, b = values.take(left), values.take(right)
    return pc.fill_null(pc.and_(pc.and_(pc.is_valid(a), pc.is_valid(b)), pc.not_equal(a, b)), False)


def _identified(table: Any, positions: Any) -> Any:
    """Per record (positions in ``table``), whether it has a name or an identifier — not
    :func:`kizashi.resolve.conflicts.anonymous` (a NumPy boolean array)."""
    import numpy as np
    import pyarrow.compute as pc

    found = np.zeros(len(positions), dtype=bool)
    named = [c for c in IDENTIFYING if c in table.columns]
    columns = [*named, *(c for c in table.columns if c.startswith("x_"))]
    for column in columns:
        if found.all():
            break  # most records have a name: one column read
        values = table.table.column(column).take(positions)
        present = pc.and_(pc.is_valid(values), pc.not_equal(pc.cast(values, "string"), ""))
        found |= pc.fill_null(present, False).to_numpy(zero_copy_only=False)
    return found


def may_conflict(model: Model, table: Any, left: Any, right: Any) -> Any:
    """Per pair of rows (``left``, ``right``: positions in ``table``, Arrow int64 arrays),
    whether :func:`compatible` could find a conflict: some field a conflict is made of holds
    two different values (a NumPy boolean array; False pairs need no test)."""
    import numpy as np

    fields = [*(CONFLICT_FIELDS if model.families else ()), *model.hard_ids]
    maybe = np.zeros(len(left), dtype=bool)
    for field_name in fields:
        found = _differ(table, left, right, field_name)
        if found is not None:
            maybe |= found.to_numpy(zero_copy_only=False)
    return maybe


def decide_batch(
    model: Model, table: Any, batch: Any, *, explain: bool = False
) -> tuple[list[Edge], list[Veto]]:
    """The decisions on a batch of predicted pairs (see :func:`kizashi.resolve.training.predict`)
    — what :func:`decide` gives for each, computed on columns: the weights summed with the
    household cap in NumPy, the conflict test only for the pairs that could have one."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    names = list(model.levels)
    weights = {n: batch.column(f"w_{n}").to_numpy(zero_copy_only=False) for n in names}
    mobile = pc.fill_null(pc.equal(batch.column("phone_kind_l"), "mobile"), False).to_numpy(
        zero_copy_only=False
    )
    total = np.full(batch.num_rows, prior_weight(model.prior))
    household = np.zeros(batch.num_rows)
    shared_cols: dict[str, Any] = {}
    for name in names:
        w = weights[name]
        if name == "phone":
            shared = np.where(
                mobile,
                not model.personal.get("phone:mobile", True),
                not model.personal.get("phone:other", True),
            )
        else:
            column = evidence_column(name, {}, {})
            shared = np.full(
                batch.num_rows, column is not None and not model.personal.get(column, True)
            )
        shared = shared & (w > 0)
        shared_cols[name] = shared
        household = np.maximum(household, np.where(shared, w, 0.0))
        total += np.where(shared, 0.0, w)
    total += household
    odds = np.clip(total, -60, 60)
    probability = 1.0 / (1.0 + np.power(2.0, -odds))
    passing = np.nonzero(probability >= model.threshold)[0]
    if len(passing) and "position_l" in batch.schema.names:
        # A record with no name and no identifier links nobody (as :func:`decide`).
        named = _identified(table, batch.column("position_l").take(pa.array(passing)))
        named &= _identified(table, batch.column("position_r").take(pa.array(passing)))
        passing = passing[named]
    if len(passing) == 0:
        return [], []
    ids_l = batch.column("unique_id_l").take(pa.array(passing)).to_pylist()
    ids_r = batch.column("unique_id_r").take(pa.array(passing)).to_pylist()
    if "position_l" in batch.schema.names:  # prediction gave the records' positions
        left = batch.column("position_l").take(pa.array(passing))
        right = batch.column("position_r").take(pa.array(passing))
    else:
        position = table.position
        left = pa.array([position[i] for i in ids_l], pa.int64())
        right = pa.array([position[i] for i in ids_r], pa.int64())
        named = _identified(table, left) & _identified(table, right)
        if not named.all():
            passing, left, right = passing[named], left.filter(named), right.filter(named)
            ids_l = [i for i, keep in zip(ids_l, named.tolist(), strict=True) if keep]
            ids_r = [i for i, keep in zip(ids_r, named.tolist(), strict=True) if keep]
            if len(passing) == 0:
                return [], []
    suspects = np.nonzero(may_conflict(model, table, left, right))[0]
    rows_l = dict(
        zip(suspects.tolist(), table.rows(left.take(pa.array(suspects)).to_pylist()), strict=True)
    )
    rows_r = dict(
        zip(suspects.tolist(), table.rows(right.take(pa.array(suspects)).to_pylist()), strict=True)
    )
    edges: list[Edge] = []
    vetoes: list[Veto] = []
    # The passing pairs' figures as Python floats once (the same values one by one).
    passing_probability = probability[passing].tolist()
    passing_total = total[passing].tolist()
    explained = _explainer(model, names, batch, weights, shared_cols, passing) if explain else None
    for k in range(len(passing)):
        if k in rows_l:
            ok, found_conflicts = compatible(model, rows_l[k], rows_r[k])
            if not ok:
                vetoes.append(
                    Veto(ids_l[k], ids_r[k], passing_probability[k], tuple(found_conflicts))
                )
                continue
        reasons = explained(k) if explained is not None else ()
        edges.append(Edge(ids_l[k], ids_r[k], passing_probability[k], passing_total[k], reasons))
    return edges, vetoes


def _explainer(
    model: Model,
    names: list[str],
    batch: Any,
    weights: dict[str, Any],
    shared_cols: dict[str, Any],
    passing: Any,
) -> Callable[[int], tuple[dict[str, Any], ...]]:
    """Per passing pair (its index among ``passing``), the reasons of its edge: each
    comparison whose level weight is not 0, strongest first. The columns are read once for
    the passing pairs (Python floats and bools), not as one Arrow scalar per edge and
    comparison, and each level's label is found once per distinct weight."""
    columns = [
        (
            name,
            weights[name][passing].tolist(),
            batch.column(f"mw_{name}").to_numpy(zero_copy_only=False)[passing].tolist(),
            shared_cols[name][passing].tolist(),
        )
        for name in names
    ]
    labels: dict[tuple[str, float], str] = {}

    def label(name: str, level: float) -> str:
        key = (name, level)
        if key not in labels:
            labels[key] = _label(model, name, level)
        return labels[key]

    def reasons(k: int) -> tuple[dict[str, Any], ...]:
        found = []
        for name, w, levels, shared in columns:
            level = float(levels[k])
            if level != 0.0:
                reason: dict[str, Any] = {
                    "field": name,
                    "comparison": label(name, level),
                    "weight": round(float(w[k]), 3),
                }
                if shared[k]:
                    reason["household"] = True
                found.append(reason)
        return tuple(sorted(found, key=lambda r: -abs(float(r["weight"]))))

    return reasons
