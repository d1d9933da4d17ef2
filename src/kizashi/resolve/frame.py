"""Feature rows held as Arrow columns: what batch linkage works on at a million records.

A million feature rows as Python dicts take gigabytes; as Arrow string columns, a few hundred
megabytes, and DuckDB reads them without a copy. :class:`RecordTable` keeps them so, and hands
out Python dicts only for the rows a decision needs, in bulk. Normalising (the Python part of
linkage) runs in chunks, so its transient memory is bounded: in this process up to 200,000
records, shared with a worker process beyond (see :func:`feature_table`).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cached_property
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from kizashi.resolve.columns import feature_columns
from kizashi.resolve.records import FEATURES, feature_rows

__all__ = ["RecordTable", "connect", "feature_table", "read_csv", "release_memory"]

_CHUNK = 20_000
# A table is normalised column by column (each distinct value once): chunks this large keep
# the repeats of a value together while bounding the transient columns. A value repeated
# in another chunk is computed again (or found in a bounded cache): at a million records one
# chunk took 9.6-10.2 CPU-s against 11.6-13.0 in four of 250,000, for ~130 MB more at
# normalising's peak, which stays well under prediction's (2026-12-05).
_TABLE_CHUNK = 1_000_000
_PARALLEL_FROM = 10  # chunks (200,000 records): below, a worker process costs more than it saves
# A batch this large drops the reference tables once normalised; a smaller one keeps them.
# They are a fixed ~150 MB (given names, towns, postcodes, read once per process in ~1.5 CPU-s)
# whatever the input: at a million records linking's peak is where memory is short, and the
# tables, read again if the process goes on, are better left to DuckDB (the 1M memory target,
# docs/linkage.md). A small batch's linking needs far less than they hold, and the process
# that links it in-process (the API's and the live worker's, the tests') would only read them
# again for the next one. The per-value caches grow with the input and are emptied after every
# batch either way.
_FORGET_TABLES_FROM = 100_000  # records


def _arrow(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> pa.Table:
    """Rows as string columns, an empty value as null — converted by Arrow, not per value
    in Python (a third of the cost of a chunk of 20,000 rows)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    schema = pa.schema([(c, pa.string()) for c in columns])
    table = pa.Table.from_pylist(list(rows), schema=schema)
    for index, name in enumerate(columns):
        column = table.column(index)
        if pc.any(pc.equal(column, "")).as_py():  # feature rows hold None; other rows may not
            table = table.set_column(index, name, pc.if_else(pc.equal(column, ""), None, column))
    return table


def _normalise(args: tuple[list[dict[str, Any]] | pa.Table, str, int]) -> pa.Table:
    """One chunk of records (dicts, or a slice of a raw table) → a table of feature rows (in
    a worker process)."""
    from kizashi.resolve.records import RecordError

    chunk, id_field, offset = args
    records = chunk.to_pylist() if isinstance(chunk, pa.Table) else chunk
    try:
        rows = feature_rows(records, id_field)
    except RecordError as exc:  # the row number counted from the first record of the input
        number, _, reason = str(exc).partition(": ")
        if number.startswith("row "):
            raise RecordError(f"row {offset + int(number[4:])}: {reason}") from None
        raise
    extra = sorted({k for r in rows for k in r if k not in FEATURES})
    return _arrow(rows, list(FEATURES) + extra)


def _chunks(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_csv(path: str) -> pa.Table:
    """A CSV file as a table of strings (empty cells as empty strings), read by Arrow."""
    import csv as stdlib_csv

    from pyarrow import csv

    with open(path, encoding="utf-8", newline="") as handle:
        header = next(stdlib_csv.reader(handle), [])
    convert = csv.ConvertOptions(
        column_types={name: pa.string() for name in header}, strings_can_be_null=False
    )
    return csv.read_csv(path, convert_options=convert)


def feature_table(
    records: Iterable[dict[str, Any]] | pa.Table,
    id_field: str = "id",
    workers: int | None = None,
    *,
    chunk_size: int | None = None,
) -> RecordTable:
    """Normalise records (any iterable, read once, never all in memory) into a table.

    Normalising is cheap (0.06-0.09 ms of CPU a record: each distinct name, address and
    phone is normalised once, through the normalisers' caches); a worker process is not — it
    starts Python, imports pyarrow and the reference tables (1-2 s of CPU) and holds its own
    copy of them and of the caches (~200 MB), which counts in the peak memory of the whole
    run. So up to ``_PARALLEL_FROM`` chunks (of ``chunk_size`` records) are normalised here;
    beyond, where halving the wall time is worth one process, this process and
    ``workers - 1`` workers share the chunks (this one would otherwise only wait). At most two
    chunks per worker are in flight, so memory stays bounded whatever the input size."""
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    parts: list[pa.Table] = []
    if isinstance(records, pa.Table):
        # Column by column, in this process: a worker would cost more than it saves.
        size = chunk_size or _TABLE_CHUNK
        parts = [
            feature_columns(records.slice(start, size), id_field, start)
            for start in range(0, records.num_rows, size)
        ]
        return _finish(parts)
    chunk_size = chunk_size or _CHUNK
    work = (
        (chunk, id_field, n * chunk_size) for n, chunk in enumerate(_chunks(records, chunk_size))
    )
    first = list(itertools.islice(work, _PARALLEL_FROM))
    if workers <= 1 or len(first) < _PARALLEL_FROM:
        parts = [_normalise(args) for args in itertools.chain(first, work)]
    else:
        # A fresh server process forks the workers: forking this one, which may already run
        # DuckDB's threads, is unsafe.
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
            # Results in input order: a finished part, or a worker's future.
            pending: deque[Future[pa.Table] | pa.Table] = deque()
            for n, args in enumerate(itertools.chain(first, work)):
                # Every ``workers``-th chunk is this process's own; the others go to the pool.
                if n % workers == workers - 1:
                    pending.append(_normalise(args))
                else:
                    pending.append(pool.submit(_normalise, args))
                while len(pending) > 2 * workers or (pending and _done(pending[0])):
                    parts.append(_result(pending.popleft()))
            parts += [_result(part) for part in pending]
    return _finish(parts)


def _finish(parts: list[pa.Table]) -> RecordTable:
    """The normalised parts as one table; the normalisers' caches emptied (and the reference
    tables dropped after a large batch, `_FORGET_TABLES_FROM`)."""
    _forget_values(tables=sum(part.num_rows for part in parts) >= _FORGET_TABLES_FROM)
    if not parts:
        return RecordTable(_arrow([], list(FEATURES)))
    table = RecordTable(pa.concat_tables(parts, promote_options="default"))
    del parts
    release_memory()
    return table


# DuckDB's allocator keeps what a query freed for the next one until the query peaked above
# this (its default is 128 MB): every step of linkage has its own connection, and what one
# step kept counted in the peak of all that followed.
_DUCKDB_FLUSH = "16MB"


def connect() -> Any:
    """An in-memory DuckDB for one step of linkage: no progress bars on stderr (kizashi's
    commands are filters), and memory handed back to the system after each query."""
    import duckdb

    # Background threads let DuckDB's allocator hand freed pages back to the system as
    # time passes, not only when a later allocation happens to purge them: at a million
    # records the hash tables of blocking were otherwise still resident through prediction.
    connection = duckdb.connect(
        config={"allocator_flush_threshold": _DUCKDB_FLUSH, "allocator_background_threads": True}
    )
    connection.execute("SET enable_progress_bar = false")
    return connection


def release_memory() -> None:
    """Hand the memory a finished step freed back to the system: Arrow's pool and the C
    heap keep it otherwise, and it counts in the peak of every step that follows."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _done(part: Future[pa.Table] | pa.Table) -> bool:
    return not isinstance(part, Future) or part.done()


def _result(part: Future[pa.Table] | pa.Table) -> pa.Table:
    return part.result() if isinstance(part, Future) else part


def _forget_values(*, tables: bool) -> None:
    """Empty this process's caches of normalised values, and with `tables` the reference
    tables and the romaji priors derived from them: linking a file needs them no more, and
    the memory is better left to DuckDB (the live path reads and fills them again as it
    goes)."""
    from kizashi.resolve.name_parts import _romaji_priors
    from kizashi.resolve.records import clear_value_caches
    from kizashi.resolve.reference import forget_tables

    clear_value_caches()
    if tables:
        _romaji_priors.cache_clear()
        forget_tables()


class RecordTable:
    """Feature rows (see :mod:`kizashi.resolve.records`) as Arrow string columns."""

    def __init__(self, table: pa.Table) -> None:
        # One chunk per column: taking a few rows from a chunked table costs milliseconds.
        self.table = table.combine_chunks()
        self._spilled: tuple[Any, int] | None = None  # (temporary directory, rows) if spilled
        self._columns = [str(c) for c in self.table.column_names]
        self._fetched: dict[tuple[str, ...], list[str]] = {}

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]]) -> RecordTable:
        extra = sorted({k for r in rows for k in r if k not in FEATURES})
        columns = list(FEATURES) + extra
        batches = [_arrow(rows[i : i + _CHUNK], columns) for i in range(0, len(rows), _CHUNK)]
        if not batches:
            return cls(_arrow([], columns))
        return cls(pa.concat_tables(batches))

    def __len__(self) -> int:
        return len(self.table) if self._spilled is None else self._spilled[1]

    def spill(self) -> None:
        """Write the table to a temporary Arrow file and let go of its memory (and of the
        ids as Python strings) until :meth:`restore` reads it back; nothing may read the
        table in between."""
        import tempfile

        if self._spilled is not None:
            return
        directory = tempfile.TemporaryDirectory(prefix="kizashi-link-")
        path = f"{directory.name}/records.arrow"
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, self.table.schema) as out:
            out.write_table(self.table)
        self._spilled = (directory, len(self.table))
        self.table = pa.table({})
        for cached in ("ids", "position"):
            self.__dict__.pop(cached, None)
        release_memory()

    def restore(self) -> None:
        """Read a spilled table back (nothing to do if it is not spilled)."""
        if self._spilled is None:
            return
        directory, _ = self._spilled
        with pa.OSFile(f"{directory.name}/records.arrow", "rb") as source:
            self.table = pa.ipc.open_file(source).read_all().combine_chunks()
        directory.cleanup()
        self._spilled = None

    @property
    def columns(self) -> list[str]:
        return list(self._columns)  # a copy: kept, it is asked for in every row fetch

    @cached_property
    def ids(self) -> list[str]:
        return [str(v) for v in self.table.column("unique_id").to_pylist()]

    @cached_property
    def position(self) -> dict[str, int]:
        return {record_id: i for i, record_id in enumerate(self.ids)}

    def column(self, name: str) -> list[Any]:
        if name not in self.table.column_names:
            return [None] * len(self)
        return list(self.table.column(name).to_pylist())

    def head(self, name: str, n: int) -> list[Any]:
        if name not in self.table.column_names:
            return []
        return list(self.table.column(name).slice(0, n).to_pylist())

    def filled(self) -> dict[str, int]:
        """Non-empty values per column (the unique id and blocking keys left out)."""
        out = {}
        for name in self.table.column_names:
            if name == "unique_id" or name.startswith("bk_"):
                continue
            count = len(self) - self.table.column(name).null_count
            if count:
                out[str(name)] = int(count)
        return out

    def rows(
        self, positions: Sequence[int], columns: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """Dicts of the non-empty values of the rows at ``positions`` (all feature columns)."""
        names = self._names(tuple(columns or ()))
        taken = self.table.select(names).take(pa.array(positions, type=pa.int64()))
        columns_ = [taken.column(n).to_pylist() for n in names]
        return [
            {n: v for n, v in zip(names, values, strict=True) if v is not None}
            for values in zip(*columns_, strict=True)
        ]

    def _names(self, columns: tuple[str, ...]) -> list[str]:
        """The columns a row fetch reads (asked for many times with the same few lists)."""
        names = self._fetched.get(columns)
        if names is None:
            present = set(self._columns)
            names = [
                c for c in (columns or self._columns) if not c.startswith("bk_") and c in present
            ] + [c for c in self._columns if columns and c.startswith("x_") and c not in columns]
            if "unique_id" not in names:
                names = ["unique_id", *names]
            self._fetched[columns] = names
        return names

    def all_rows(self) -> Iterator[dict[str, Any]]:
        for start in range(0, len(self), _CHUNK):
            yield from self.rows(range(start, min(start + _CHUNK, len(self))))

    def with_column(self, name: str, values: pa.Array) -> None:
        if name in self.table.column_names:
            self.table = self.table.drop_columns([name])
        self.table = self.table.append_column(name, values)
        self._columns = [str(c) for c in self.table.column_names]
        self._fetched = {}
