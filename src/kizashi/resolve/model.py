"""The linkage model: comparisons and their training, on DuckDB or Spark.

Comparisons are built from the feature columns a data set actually has (a column that is
empty everywhere cannot be trained). m/u: u by random sampling, m by expectation
maximisation in two sessions (blocked on the reading, then on birth date or phone, so each
field is estimated in one of them); term-frequency adjustments on names and phones.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.exceptions import SplinkException

from kizashi.resolve.levels import (
    Level,
    another_reading,
    both_mobile,
    day_month_swapped,
    else_level,
    email_slip,
    exact,
    jw,
    lev,
    null_level,
    other_block,
    phone_says_nothing,
    prefix,
    run_together,
    tokens,
)
from kizashi.resolve.predict_sql import REWRITES, swap_levels

log = logging.getLogger(__name__)

__all__ = [
    "Comparison",
    "LinkConfig",
    "build_comparisons",
    "db_api",
    "spark_session",
    "train_linker",
]


# (m, u) of the exact levels of identifying fields, used when a field is too sparse to train.
PRIORS = {
    "same birth date": (0.95, 5e-5),  # one day in about 55 years of birth dates
    "same phone number": (0.9, 1e-5),
    "same e-mail": (0.95, 1e-6),
    "same account": (0.95, 1e-6),
}
SPARSE = 100  # fewer filled values than this: use the priors


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[Level, ...]
    column: str = ""  # the column whose filled count decides if it is sparse

    @property
    def all_levels(self) -> tuple[Level, ...]:
        return (*self.levels, else_level())

    def creator(self, sparse: bool = False) -> cl.CustomComparison:
        levels = []
        for level in self.all_levels:
            creator = level.creator
            if not level.is_null:
                creator = creator.configure(label_for_charts=level.label)
                prior = PRIORS.get(level.label)
                if sparse and prior is not None:
                    # Too few values to sample u from (two birth dates in a whole store):
                    # a domain prior, fixed, instead of a meaningless estimate.
                    creator = creator.configure(
                        m_probability=prior[0],
                        u_probability=prior[1],
                        fix_m_probability=True,
                        fix_u_probability=True,
                    )
            levels.append(creator)
        return cl.CustomComparison(
            comparison_levels=list[Any](levels),
            output_column_name=self.name,
            comparison_description=self.name,
        )


@dataclass
class LinkConfig:
    """Knobs of one linkage run; the defaults are the ones the evaluation reports."""

    threshold: float = 0.9  # match probability at which two records are clustered
    max_pairs_u: float = 2e6
    seed: int = 7
    extra_blocks: Sequence[Sequence[str]] = field(default_factory=tuple)  # feature columns
    prior_recall: float = 0.8
    em_max_pairs: float = 5e5  # EM needs a sample of blocked pairs, not all of them


def _present(rows_columns: dict[str, int], *cols: str) -> bool:
    return all(rows_columns.get(c, 0) > 0 for c in cols)


def build_comparisons(filled: dict[str, int]) -> list[Comparison]:
    """Comparisons for the columns that have values (``filled``: column → non-null count)."""
    out: list[Comparison] = []
    if _present(filled, "name_sorted"):
        out.append(
            Comparison(
                "name",
                (
                    null_level("name_sorted"),
                    exact("name_written", "same spelling", tf=True),
                    exact("name_sorted", "same reading (any script, any order)", tf=True),
                    run_together(),
                    another_reading(),
                    tokens("both_close"),
                    tokens("shared"),
                    jw("name_joined", 0.8, "readings alike (JW ≥ 0.8)"),
                ),
            )
        )
    if _present(filled, "birth_date"):
        out.append(
            Comparison(
                "birth_date",
                (
                    null_level("birth_date"),
                    exact("birth_date", "same birth date"),
                    lev("birth_date", 1, "birth date one digit off"),
                    day_month_swapped("birth_date", "birth date with day and month swapped"),
                    lev("birth_date", 2, "birth date two digits off"),
                ),
                "birth_date",
            )
        )
    if _present(filled, "phone"):
        out.append(
            Comparison(
                "phone",
                (
                    phone_says_nothing(),
                    exact("phone", "same phone number", tf=True),
                    lev("phone", 1, "phone one digit off"),
                    both_mobile(),
                ),
                "phone",
            )
        )
    if _present(filled, "email"):
        out.append(
            Comparison(
                "email",
                (
                    null_level("email"),
                    exact("email", "same e-mail"),
                    email_slip(),
                ),
                "email",
            )
        )
    if _present(filled, "account"):
        out.append(
            Comparison(
                "account", (null_level("account"), exact("account", "same account")), "account"
            )
        )
    if _present(filled, "addr_area"):
        out.append(
            Comparison(
                "address",
                (
                    null_level("addr_area"),
                    Level("same address and room", *_and_exact("addr_block", "addr_room")),
                    exact("addr_block", "same block (丁目-番-号)"),
                    prefix("addr_block", "one block inside the other (3-18 / 3-18-2)"),
                    other_block(),
                    exact("addr_area", "same town"),
                ),
            )
        )
    for column in sorted(c for c in filled if c.startswith("x_") and filled[c] > 0):
        out.append(
            Comparison(
                column[2:],
                (
                    null_level(column),
                    exact(column, f"{column[2:]} exact", tf=True),
                    lev(column, 1, f"{column[2:]} one edit off"),
                    jw(column, 0.88, f"{column[2:]} alike (JW ≥ 0.88)"),
                ),
            )
        )
    return out


def _and_exact(*cols: str) -> tuple[Any, Any]:
    import splink.comparison_level_library as cll

    creator = cll.And(*(cll.ExactMatchLevel(c) for c in cols))

    def test(left: dict[str, Any], right: dict[str, Any]) -> bool:
        return all(left.get(c) not in (None, "") and left.get(c) == right.get(c) for c in cols)

    return creator, test


def db_api(engine: str = "duckdb", spark: Any = None) -> Any:
    """A splink database API: DuckDB in-process, or Spark (an existing session or local[2])."""
    if engine == "duckdb":
        from splink import DuckDBAPI

        from kizashi.resolve.frame import connect

        return DuckDBAPI(connect())
    if engine == "spark":
        from splink import SparkAPI

        if spark is None:
            spark = spark_session()
        return SparkAPI(spark_session=spark, num_partitions_on_repartition=4)  # type: ignore[no-untyped-call]
    raise ValueError(f"unknown linkage engine {engine!r} (duckdb or spark)")


def spark_session(master: str = "local[2]") -> Any:
    """A Spark session with splink's similarity UDF jar (jaro_winkler etc.) registered."""
    import tempfile

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master(master)
        .appName("kizashi-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="kizashi-spark-"))
    return spark


def settings_for(
    comparisons: list[Comparison], rules: list[Any], filled: dict[str, int] | None = None
) -> SettingsCreator:
    filled = filled or {}
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[c.creator(sparse=filled.get(c.column, SPARSE) < SPARSE) for c in comparisons],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


def train_linker(
    table: Any,
    filled: dict[str, int],
    comparisons: list[Comparison],
    config: LinkConfig,
    rules: list[Any],
    *,
    faster: bool = False,
) -> Linker:
    """A linker over a registered table with m/u trained by sampling and EM. ``faster``
    (DuckDB): its levels evaluate :mod:`~kizashi.resolve.predict_sql`'s cheaper equal
    conditions — the caller puts splink's own back before saving the model."""
    linker = Linker(table, settings_for(comparisons, rules, filled), log_level=None)
    if faster:
        swap_levels(linker._settings_obj, REWRITES)
    # No step of training reads a term frequency (u by sampling drops them itself, EM runs
    # ``estimate_without_term_frequencies``, the prior counts pairs), yet with the levels'
    # term-frequency columns set splink counts every value of those columns over the whole
    # table and joins the counts to every record in each EM session. Taken off while it
    # trains, put back before the model is read.
    frequencies = _without_frequencies(linker._settings_obj)
    deterministic: list[Any] = [
        r
        for r in (
            block_on("name_sorted", "birth_date")
            if _present(filled, "name_sorted", "birth_date")
            else None,
            block_on("name_sorted", "phone") if _present(filled, "name_sorted", "phone") else None,
            block_on("email") if _present(filled, "email") else None,
        )
        if r is not None
    ] or rules[:1]
    try:
        linker.training.estimate_probability_two_random_records_match(
            deterministic, recall=config.prior_recall
        )
    except (ValueError, SplinkException):
        # No deterministic match at all (a handful of records): a cautious prior instead.
        linker._settings_obj._probability_two_random_records_match = 1e-4
    prior = linker._settings_obj._probability_two_random_records_match
    # A tiny input can estimate 0 or 1, which no Bayes factor can express.
    linker._settings_obj._probability_two_random_records_match = min(max(prior, 1e-9), 0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=config.max_pairs_u, seed=config.seed)
    # Two EM sessions that succeed train every comparison (each estimates the comparisons
    # outside its own blocking rule); a session that fails to converge is replaced by the next.
    succeeded = 0
    for col in ("name_sorted", "birth_date", "phone", "account", "addr_block", "email"):
        if succeeded == 2 or not comparisons:
            break
        if not _present(filled, col):
            continue
        saved = copy.deepcopy(linker._settings_obj)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(col),
                estimate_without_term_frequencies=True,
                max_pairs=config.em_max_pairs,
            )
            succeeded += 1
        except (ValueError, SplinkException) as exc:
            # EM can find no pairs in a small data set, or run a level's m to underflow on small or lopsided data (few matches in
            # the block); the levels keep the values of the sessions that did converge.
            log.warning("EM blocked on %s did not converge: %s", col, exc)
            linker._settings_obj = saved  # a failed session leaves the model half-trained
    _with_frequencies(linker._settings_obj, frequencies)
    return linker


def _without_frequencies(settings: Any) -> dict[tuple[int, int], Any]:
    """Every level's term-frequency column, by (comparison, level) position, taken off the
    levels of splink ``settings`` (a restored copy of them has the same positions)."""
    taken: dict[tuple[int, int], Any] = {}
    for i, comparison in enumerate(settings.comparisons):
        for j, level in enumerate(comparison.comparison_levels):
            if level._tf_adjustment_column is not None:
                taken[(i, j)] = level._tf_adjustment_column
                level._tf_adjustment_column = None
    return taken


def _with_frequencies(settings: Any, taken: dict[tuple[int, int], Any]) -> None:
    """Put back what :func:`_without_frequencies` took off."""
    for i, comparison in enumerate(settings.comparisons):
        for j, level in enumerate(comparison.comparison_levels):
            if (i, j) in taken:
                level._tf_adjustment_column = taken[(i, j)]
