"""The store's linkage model: saved with each batch run, read by every incremental decision.

The JSON of the last run's :class:`~kizashi.resolve.linker.Model` lives in
``resolve_runs.model``; its term frequencies (hundreds of thousands of values on a large
store) in ``resolve_term_frequencies``, of which the incremental path reads only the values
of the record in hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kizashi.resolve.linker import Model
from kizashi.resolve.repository import chunks
from kizashi.resolve.training import with_current_levels
from kizashi.store.tables_resolve import resolve_runs, resolve_term_frequencies

__all__ = [
    "frequency_lookup",
    "has_linkage_model",
    "latest_model",
    "save_frequencies",
]

_MODELS: dict[tuple[str, str], Model] = {}


def has_linkage_model(connection: Connection) -> bool:
    """Whether a batch run trained a model on this store (else the shipped default is used)."""
    model = connection.execute(
        select(resolve_runs.c.model).order_by(resolve_runs.c.started_at.desc()).limit(1)
    ).scalar()
    return bool(model and model.get("levels"))


def latest_model(connection: Connection, *, with_frequencies: bool = False) -> tuple[str, Model]:
    """(run id, model) of the last run that trained or applied one; before any run, ("",
    the shipped default model). The model is parsed once per run and kept."""
    run = connection.execute(
        select(resolve_runs.c.id)
        .order_by(resolve_runs.c.started_at.desc(), resolve_runs.c.id.desc())
        .limit(1)
    ).scalar()
    key = (str(connection.engine.url), str(run))
    if run is not None and key not in _MODELS:
        data = connection.execute(
            select(resolve_runs.c.model).where(resolve_runs.c.id == run)
        ).scalar()
        if data and data.get("levels"):
            _MODELS.clear()  # one model in force per store; the old one is never asked again
            # A model saved by an earlier release: this release's levels, matched by label.
            _MODELS[key] = with_current_levels(Model.from_json(data))
    if key not in _MODELS:
        # Before the first batch run: the model the project trained and ships.
        from kizashi.resolve.default_model import default_model

        return "", default_model()
    model = _MODELS[key]
    if with_frequencies and not model.tf:
        tf: dict[str, dict[str, float]] = {}
        for r in connection.execute(select(resolve_term_frequencies)):
            tf.setdefault(str(r.column), {})[str(r.value)] = float(r.frequency)
        model.tf = tf
    return str(run), model


def save_frequencies(connection: Connection, model: Model) -> None:
    """Replace the stored term frequencies with the model's."""
    connection.execute(delete(resolve_term_frequencies))
    rows = [
        {"column": column, "value": value[:400], "frequency": frequency}
        for column, table in model.tf.items()
        for value, frequency in table.items()
    ]
    for chunk in chunks(rows, 5000):
        connection.execute(insert(resolve_term_frequencies), chunk)


def frequency_lookup(
    connection: Connection, model: Model, wanted: Iterable[tuple[str, str]] = ()
) -> Callable[[str, str], float | None]:
    """The term frequency of one value, from the model if it holds them, else the store.

    ``wanted`` (column, value) pairs are read up front in one statement (a 500 values) and
    answered from memory: the live path passes every value its batch's new records could
    be asked for, where one lookup per value was one statement each (issue 12, twelfth run:
    ~5 of a small pass's resolve statements). A pair not in ``wanted`` is read when asked,
    as before; the table changes only in a batch run, which holds the store's lock alone."""
    if model.tf:
        return lambda column, value: model.tf.get(column, {}).get(value)
    cache: dict[tuple[str, str], float | None] = {}
    pairs = sorted(set(wanted))
    columns = sorted({column for column, _ in pairs})
    values = sorted({value for _, value in pairs})
    for chunk in chunks(values, 500):
        for r in connection.execute(
            select(
                resolve_term_frequencies.c.column,
                resolve_term_frequencies.c.value,
                resolve_term_frequencies.c.frequency,
            ).where(
                resolve_term_frequencies.c.column.in_(columns),
                resolve_term_frequencies.c.value.in_(chunk),
            )
        ):
            cache[(str(r.column), str(r.value))] = float(r.frequency)
    for pair in pairs:
        cache.setdefault(pair, None)

    def lookup(column: str, value: str) -> float | None:
        if (column, value) not in cache:
            found: Any = connection.execute(
                select(resolve_term_frequencies.c.frequency).where(
                    resolve_term_frequencies.c.column == column,
                    resolve_term_frequencies.c.value == value,
                )
            ).scalar()
            cache[(column, value)] = None if found is None else float(found)
        return cache[(column, value)]

    return lookup
