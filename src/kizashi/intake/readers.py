"""Streaming record readers: JSONL, CSV and JSON files in constant memory.

Every record comes out as a RawRow that names its row and starting line and keeps its
verbatim text, parsed or not, so validation can quarantine a bad row with everything an
analyst needs to fix it, and the good rows around it still go through. Only problems
with the whole input (no such file, unknown format, no CSV header, a JSON document that
holds no records) raise InputError.

Positions inside `RawRow.error` are 1-based and count within the record, so they stay
true for a record that spans several lines: columns and lines within `raw`, bytes within
the record's bytes as read.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Literal, get_args

import orjson

from kizashi.errors import InputError
from kizashi.intake._json_stream import DEFAULT_CHUNK_SIZE, ShapeError, split_document

__all__ = ["Format", "RawRow", "RecordSource", "detect_format"]

Format = Literal["jsonl", "csv", "json"]

_FORMATS: tuple[str, ...] = get_args(Format)
_EXTENSIONS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".json": "json",
}
_BOM = b"\xef\xbb\xbf"
_WS = frozenset(b" \t\r\n\x0b\x0c")  # what bytes.strip() strips
_JSON_KINDS: dict[type, str] = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


@dataclass(frozen=True, slots=True)
class RawRow:
    """One record as read, before validation; exactly one of `data`/`error` is None."""

    row: int  # 1-based record number (CSV: after the header; JSONL: non-blank lines)
    line: int  # 1-based physical line where the record starts
    raw: str  # verbatim text; undecodable bytes kept as \\xNN escapes
    data: dict[str, Any] | None
    error: str | None


def detect_format(name: str) -> Format:
    """Tell the format from a file name's extension (case-insensitive)."""
    fmt = _EXTENSIONS.get(Path(name).suffix.lower())
    if fmt is None:
        raise InputError(
            "cannot tell the format from the file name; "
            "expected a .jsonl, .ndjson, .csv or .json file",
            file=name,
        )
    return fmt


class RecordSource:
    """Opens a path (or a binary stream such as sys.stdin.buffer, name "<stdin>") and
    iterates RawRow lazily, once.

    A stream without `fmt` is read as JSONL unless `name` has an extension, since the
    CLI's filters take JSONL on stdin. A file opened here is closed by `close()`, on
    leaving a `with` block, or when iteration ends; a stream passed in belongs to the
    caller and is never closed. Format problems found at the start of the data (no CSV
    header, a bare JSON number) raise InputError from the first `next()`.
    """

    def __init__(
        self,
        source: str | Path | BinaryIO,
        fmt: Format | None = None,
        *,
        name: str | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> None:
        is_path = isinstance(source, str | os.PathLike)
        self.name: str = name or (str(source) if is_path else "<stdin>")
        if fmt is None:
            # A stream named without an extension ("<stdin>", "-") is the CLI's JSONL.
            fmt = detect_format(self.name) if is_path or Path(self.name).suffix else "jsonl"
        elif fmt not in _FORMATS:
            raise InputError(f"unknown format {fmt!r}; expected one of {_FORMATS}", file=self.name)
        self.fmt: Format = fmt
        self.bytes_read: int = 0
        self.total_bytes: int | None = None
        self._chunk_size = chunk_size
        self._started = False
        self._owned = is_path
        if isinstance(source, str | os.PathLike):
            self._file: BinaryIO = self._open(source)
            self.total_bytes = os.fstat(self._file.fileno()).st_size
        else:
            self._file = source

    def _open(self, path: str | os.PathLike[str]) -> BinaryIO:
        try:
            return open(path, "rb")  # closed by close() / __exit__
        except FileNotFoundError:
            raise InputError("no such file", file=self.name) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a file", file=self.name) from None
        except PermissionError:
            raise InputError("permission denied", file=self.name) from None
        except OSError as exc:
            raise InputError(f"cannot open: {exc.strerror or exc}", file=self.name) from exc

    def __iter__(self) -> Iterator[RawRow]:
        if self._started:
            raise RuntimeError(f"{self.name} has already been read; open it again")
        self._started = True
        return self._rows()

    def _rows(self) -> Iterator[RawRow]:
        try:
            if self.fmt == "jsonl":
                yield from self._jsonl()
            elif self.fmt == "csv":
                yield from self._csv()
            else:
                yield from self._json()
        except OSError as exc:
            raise InputError(f"read failed: {exc.strerror or exc}", file=self.name) from exc
        finally:
            # Read once only, so a file we opened can go as soon as the rows are out.
            self.close()

    def close(self) -> None:
        if self._owned:
            self._file.close()

    def __enter__(self) -> RecordSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- JSONL ---------------------------------------------------------------------

    def _jsonl(self) -> Iterator[RawRow]:
        row = 0
        for lineno, bline in enumerate(self._file, 1):
            self.bytes_read += len(bline)
            body = bline
            if body[-1:] == b"\n":
                body = body[:-2] if body[-2:-1] == b"\r" else body[:-1]
            if lineno == 1 and body.startswith(_BOM):
                body = body[3:]
            if not body or (body[0] in _WS and not body.strip()):
                continue
            row += 1
            data, error = _parse_json(body)
            yield RawRow(row, lineno, body.decode("utf-8", "backslashreplace"), data, error)

    # --- JSON ----------------------------------------------------------------------

    def _read(self, size: int) -> bytes:
        chunk = self._file.read(size)
        self.bytes_read += len(chunk)
        return chunk

    def _json(self) -> Iterator[RawRow]:
        pieces = split_document(self._read, self._chunk_size)
        try:
            for row, piece in enumerate(pieces, 1):
                raw = piece.text.decode("utf-8", "backslashreplace")
                if piece.problem is not None:
                    yield RawRow(row, piece.line, raw, None, piece.problem)
                elif piece.parsed is not None:
                    yield RawRow(row, piece.line, raw, piece.parsed, None)
                else:
                    data, error = _parse_json(piece.text)
                    yield RawRow(row, piece.line, raw, data, error)
        except ShapeError as exc:
            raise InputError(str(exc), file=self.name) from None

    # --- CSV -----------------------------------------------------------------------

    def _csv(self) -> Iterator[RawRow]:
        # csv.reader pulls physical lines one by one and never reads ahead of the record
        # it is parsing, so the lines pulled since the last record are exactly its text.
        # Decoding line by line lets one bad byte spoil one record, not the whole file.
        pending: list[str] = []
        bad_at: list[int] = []  # 0-based byte offset of the first bad byte, per record
        nbytes = 0  # bytes of the current record so far

        def lines() -> Iterator[str]:
            nonlocal nbytes
            for i, bline in enumerate(self._file):
                self.bytes_read += len(bline)
                if i == 0 and bline.startswith(_BOM):
                    bline = bline[3:]  # the BOM is not data
                try:
                    text = bline.decode("utf-8")
                except UnicodeDecodeError as exc:
                    if not bad_at:
                        bad_at.append(nbytes + exc.start)
                    text = bline.decode("utf-8", "backslashreplace")
                nbytes += len(bline)
                pending.append(text)
                yield text

        reader = csv.reader(lines(), strict=True)
        line = 1  # line where the next record starts

        def take() -> tuple[list[str] | None, str | None, str, int]:
            """The next record's cells (None if malformed), error, raw text and line."""
            nonlocal line, nbytes
            error = None
            try:
                cells: list[str] | None = next(reader)
            except csv.Error as exc:
                cells, error = None, f"malformed CSV: {exc}"
            start, raw = line, "".join(pending)
            line += len(pending)
            if bad_at:
                cells, error = None, f"invalid UTF-8 at byte {bad_at[0] + 1}"
            pending.clear()
            bad_at.clear()
            nbytes = 0
            if raw.endswith("\n"):
                raw = raw[:-2] if raw.endswith("\r\n") else raw[:-1]
            return cells, error, raw, start

        def first_record() -> list[str]:
            while True:  # blank lines before the header are tolerated
                try:
                    header, error, _, _ = take()
                except StopIteration:
                    raise InputError("no header row (the file is empty)", file=self.name) from None
                if error is not None:
                    raise InputError(f"cannot read the header row: {error}", file=self.name)
                if header:
                    return header

        header = first_record()
        build = _record_builder(header, self.name)
        width = len(header)
        row = 0
        while True:
            try:
                cells, error, raw, start = take()
            except StopIteration:
                return
            if cells == []:
                continue  # a blank line, not a record
            row += 1
            if cells is not None and len(cells) != width:
                error = f"CSV row has {len(cells)} cells, header has {width}"
                cells = None
            yield RawRow(row, start, raw, None if cells is None else build(cells), error)


def _parse_json(body: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as uexc:
            return None, f"invalid UTF-8 at byte {uexc.start + 1}"
        where = f"column {exc.colno}"
        if exc.lineno > 1:
            where = f"line {exc.lineno}, {where}"
        return None, f"invalid JSON: {exc.msg} ({where})"
    if type(value) is dict:
        return value, None
    return None, f"not a JSON object (got {_JSON_KINDS.get(type(value), 'something else')})"


def _record_builder(header: list[str], file: str) -> _Builder:
    """Check the header row and return what turns a row's cells into a record."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header, 1):
        if not name:
            raise InputError(f"column {i} of the header row has no name", file=file)
        if name in seen:
            raise InputError(
                f"column {name!r} appears twice in the header row (columns {seen[name]} and {i})",
                file=file,
            )
        seen[name] = i
    return _Builder(header, file)


class _Builder:
    """Cells to a record: empty cells left out, dotted names unflattened.

    `persons.0.name` and `persons.1.phone` make a list of two objects under `persons`;
    a numeric part means a list index. Indices give the order only: since empty cells
    are left out, the list holds just the items that have a value, in index order.
    """

    def __init__(self, header: list[str], file: str) -> None:
        self._header = header
        self._flat = [(i, n) for i, n in enumerate(header) if "." not in n]
        # (column, top-level name, rest of the path)
        self._nested: list[tuple[int, str, tuple[str | int, ...]]] = []
        leaves: dict[tuple[str | int, ...], str] = {}
        inner: dict[tuple[str | int, ...], tuple[type, str]] = {}  # kind of child keys
        for i, name in enumerate(header):
            parts = name.split(".")
            if "" in parts:
                raise InputError(f"column {name!r} has an empty part in its dotted name", file=file)
            indices = (int(p) if p.isascii() and p.isdigit() else p for p in parts[1:])
            path: tuple[str | int, ...] = (parts[0], *indices)
            clash = leaves.get(path) or (inner[path][1] if path in inner else None)
            for k in range(1, len(path)):
                clash = clash or leaves.get(path[:k])
                # All children of one parent must be list indices, or all names.
                kind, first = inner.setdefault(path[:k], (type(path[k]), name))
                clash = clash or (first if kind is not type(path[k]) else None)
            if clash:
                raise InputError(
                    f"columns {clash!r} and {name!r} cannot both be unflattened", file=file
                )
            leaves[path] = name
            if len(path) > 1:
                self._nested.append((i, parts[0], path[1:]))

    def __call__(self, cells: list[str]) -> dict[str, Any]:
        header = self._header
        if not self._nested:
            return {name: cell for name, cell in zip(header, cells, strict=True) if cell}
        record: dict[str, Any] = {name: cells[i] for i, name in self._flat if cells[i]}
        touched: set[str] = set()
        for i, root, rest in self._nested:
            cell = cells[i]
            if not cell:
                continue
            node: dict[Any, Any] = record.setdefault(root, {})
            for part in rest[:-1]:
                node = node.setdefault(part, {})
            node[rest[-1]] = cell
            touched.add(root)
        for key in touched:
            record[key] = _listify(record[key])
        return record


def _listify(node: Any) -> Any:
    """Turn the int-keyed dicts built for list indices into lists, in index order."""
    if isinstance(node, dict):
        if node and isinstance(next(iter(node)), int):
            return [_listify(node[k]) for k in sorted(node)]
        for key, value in node.items():
            node[key] = _listify(value)
    return node
