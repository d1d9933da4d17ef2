"""The cheaper prediction conditions decide every pair as the conditions they replace."""

from __future__ import annotations

import duckdb
import hypothesis
import pytest
from hypothesis import strategies as st

from kizashi.resolve.default_model import default_model
from kizashi.resolve.model import build_comparisons
from kizashi.resolve.predict_sql import REWRITES, faster
from tests.depth import examples

# Digits, a hyphen, a bar, kana (several bytes each: the rewrites count characters).
TEXT = st.one_of(st.none(), st.text(alphabet="019-|あイ", max_size=12))
# With LIKE's wildcards too: there the rewrites test the characters themselves.
WILD = st.one_of(st.none(), st.text(alphabet="01-|%_あ", max_size=8))

_COLUMNS = [
    "name_alts_l", "name_alts_r", "name_sorted_l", "name_sorted_r", "addr_block_l",
    "addr_block_r", "birth_date_l", "birth_date_r", "phone_l", "phone_r",
]  # fmt: skip


def _decided(values: dict[str, str | None]) -> list[tuple[bool, bool]]:
    """Per rewrite, (old condition true, new condition true) on one pair — as a CASE WHEN
    reads it (NULL is not true)."""
    connection = duckdb.connect()
    columns = ", ".join(f"CAST(? AS VARCHAR) AS {c}" for c in _COLUMNS)
    tests = ", ".join(
        f"coalesce(({old}), false), coalesce(({new}), false)" for old, new in REWRITES.items()
    )
    row = connection.execute(
        f"SELECT {tests} FROM (SELECT {columns})", [values[c] for c in _COLUMNS]
    ).fetchone()
    connection.close()
    assert row is not None
    return [(bool(row[i]), bool(row[i + 1])) for i in range(0, len(row), 2)]


def _near(base: str, edits: list[tuple[int, int, str]]) -> str:
    """``base`` with a few edits (0 substitute, 1 insert, 2 delete) — pairs a few edits apart."""
    out = base
    for kind, at, char in edits:
        at = at % (len(out) + 1)
        if kind == 0 and at < len(out):
            out = out[:at] + char + out[at + 1 :]
        elif kind == 1:
            out = out[:at] + char + out[at:]
        elif at < len(out):
            out = out[:at] + out[at + 1 :]
    return out


EDITS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 12), st.sampled_from("019-あ")), max_size=3
)


@hypothesis.given(
    st.fixed_dictionaries({c: TEXT for c in _COLUMNS}),
    st.text(alphabet="0129-あ", max_size=10),
    EDITS,
    EDITS,
)
@pytest.mark.deep
@hypothesis.settings(max_examples=examples(300), deadline=None)
@hypothesis.example(dict.fromkeys(_COLUMNS, ""), "", [], [])
@hypothesis.example(dict.fromkeys(_COLUMNS, None), "", [], [])
def test_each_rewrite_decides_a_pair_as_the_condition_it_replaces(
    values: dict[str, str | None],
    base: str,
    edits_date: list[tuple[int, int, str]],
    edits_phone: list[tuple[int, int, str]],
) -> None:
    # Half the dates and phones a few edits apart (independent strings seldom are).
    if base:
        values["birth_date_l"], values["birth_date_r"] = base, _near(base, edits_date)
        values["phone_l"], values["phone_r"] = _near(base, edits_phone), base
    for old, new in _decided(values):
        assert old == new


@hypothesis.given(st.fixed_dictionaries({c: WILD for c in _COLUMNS}))
@pytest.mark.deep
@hypothesis.settings(max_examples=examples(150), deadline=None)
def test_with_wildcards_the_rewrites_read_them_as_characters(
    values: dict[str, str | None],
) -> None:
    decided = _decided(values)
    reading, block = decided[0][1], decided[1][1]
    alts_l, alts_r = values["name_alts_l"], values["name_alts_r"]
    sorted_l, sorted_r = values["name_sorted_l"] or "", values["name_sorted_r"] or ""
    # As the incremental path's predicate (levels.another_reading): a plain substring.
    assert reading == bool(
        (alts_l is not None and f"|{sorted_r}|" in alts_l)
        or (alts_r is not None and f"|{sorted_l}|" in alts_r)
    )
    a, b = values["addr_block_l"], values["addr_block_r"]
    assert block == bool(
        (a is not None and a.startswith(f"{b or ''}-"))
        or (b is not None and b.startswith(f"{a or ''}-"))
    )


def test_every_rewrite_is_a_condition_the_models_write() -> None:
    # The shipped model and a model trained now (its levels' SQL as splink writes it):
    # a rewrite whose condition no model has any more would silently stop applying.
    shipped = {
        level["sql_condition"]
        for comparison in default_model().settings["comparisons"]
        for level in comparison["comparison_levels"]
    }
    filled = {c: 1000 for c in ("name_sorted", "birth_date", "phone", "addr_area")}
    trained = {
        level.creator.get_comparison_level("duckdb").sql_condition
        for comparison in build_comparisons(filled)
        for level in comparison.levels
    }
    for condition in REWRITES:
        assert condition in shipped
        assert condition in trained


def test_faster_changes_only_the_listed_conditions() -> None:
    settings = default_model().settings
    rewritten = faster(settings)
    changed = 0
    for before, after in zip(settings["comparisons"], rewritten["comparisons"], strict=True):
        for old, new in zip(before["comparison_levels"], after["comparison_levels"], strict=True):
            condition = old["sql_condition"]
            assert new["sql_condition"] == REWRITES.get(condition, condition)
            assert {k: v for k, v in new.items() if k != "sql_condition"} == {
                k: v for k, v in old.items() if k != "sql_condition"
            }
            changed += condition in REWRITES
    assert changed == len(REWRITES)
    assert settings["comparisons"][0] is not rewritten["comparisons"][0]  # a copy


def test_training_with_the_cheaper_conditions_gives_the_same_model() -> None:
    # u by random sampling and m by EM count the same pairs at each level; the model saved
    # after swap_levels(SPLINK_OWN) is the one trained with splink's own SQL.
    from kizashi.resolve.frame import RecordTable
    from kizashi.resolve.model import LinkConfig, db_api, train_linker
    from kizashi.resolve.predict_sql import SPLINK_OWN, swap_levels
    from kizashi.resolve.records import feature_rows
    from kizashi.resolve.training import fit, splink_rules
    from tests.resolve.test_training import _records

    table = RecordTable.from_rows(feature_rows(_records()))
    model = fit(table, LinkConfig())  # its blocking rules; the blocking-key columns added
    saved = []
    for cheaper in (False, True):
        registered = db_api("duckdb").register(table.table)
        comparisons = build_comparisons(model.filled)
        linker = train_linker(
            registered, model.filled, comparisons, LinkConfig(), splink_rules(model), faster=cheaper
        )
        conditions = {
            level._sql_condition
            for comparison in linker._settings_obj.comparisons
            for level in comparison.comparison_levels
        }
        assert bool(conditions & set(REWRITES.values())) == cheaper  # the swap took place
        swap_levels(linker._settings_obj, SPLINK_OWN)
        settings = linker.misc.save_model_to_json()
        settings.pop("linker_uid")
        saved.append(settings)
    assert saved[0] == saved[1]
    conditions = {
        level["sql_condition"]
        for comparison in saved[1]["comparisons"]
        for level in comparison["comparison_levels"]
    }
    assert not conditions & set(REWRITES.values())
