"""Streaming record readers: JSONL, CSV and JSON files in constant memory.

Every record comes out as a RawRow that names its row and starting line and keeps its
verbatim text, parsed or not, so validation can quarantine a bad row with everything an
analyst needs to fix it, and the good rows around it still go through. Only problems
with the whole input (no such file, unknown format, no CSV header, a JSON document that
holds no records) raise InputError.

Positions inside `RawRow.error` are 1-based and count within the record, so they stay
true for a record that spans several lines: columns and lines within `raw`, bytes within
the record's bytes as read.

Files come in UTF-8 (with or without a BOM), CP932 (Shift_JIS as Excel writes it) or
EUC-JP, detected from the start of the file or given (see :mod:`kizashi.intake.encodings`);
each record is decoded on its own and keeps its bytes as read (`RawRow.raw_bytes`), so the
quarantine can hold a row exactly as it came. CSV cells written as Excel formulas of a text
(`="0123"`, how partner systems keep the leading zero of a phone number) read as the text.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import FrozenInstanceError
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Literal, get_args

import orjson

from kizashi.errors import InputError
from kizashi.intake._json_stream import DEFAULT_CHUNK_SIZE, ShapeError, split_document
from kizashi.intake.encodings import (
    MAX_ASCII_PREFIX,
    SAMPLE_SIZE,
    UTF8,
    RecordDecoder,
    canonical_encoding,
    detect,
)

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


class RawRow:
    """One record as read, before validation; exactly one of `data`/`error` is None.

    Immutable, and compared field by field, like a frozen dataclass. The row's text
    (`raw`) of a UTF-8 JSONL record is decoded from its bytes only when something asks for
    it (a quarantined row, a conflict, an API item): a stored row's payload and hash are
    made from its bytes, so most rows of a file are never decoded into a str at all.
    """

    __slots__ = ("_raw", "data", "encoding", "error", "line", "raw_bytes", "row")
    __match_args__ = ("row", "line", "raw", "data", "error", "raw_bytes", "encoding")

    row: int  # 1-based record number (CSV: after the header; JSONL: non-blank lines)
    line: int  # 1-based physical line where the record starts
    _raw: str | None  # None: `raw_bytes` read as UTF-8, decoded when first asked for
    data: dict[str, Any] | None
    error: str | None
    raw_bytes: bytes | None  # the record's bytes as read (None: not read from bytes)
    encoding: str | None  # the encoding they were read in

    def __init__(
        self,
        row: int,
        line: int,
        raw: str,
        data: dict[str, Any] | None,
        error: str | None,
        raw_bytes: bytes | None = None,
        encoding: str | None = None,
    ) -> None:
        _ROW(self, row)
        _LINE(self, line)
        _RAW(self, raw)
        _DATA(self, data)
        _ERROR(self, error)
        _BYTES(self, raw_bytes)
        _ENCODING(self, encoding)

    @property
    def raw(self) -> str:
        """The verbatim text; undecodable bytes kept as \\xNN escapes."""
        raw = self._raw
        if raw is None:
            assert self.raw_bytes is not None  # only _raw_row leaves it unset, with bytes
            raw = self.raw_bytes.decode("utf-8", "backslashreplace")
            _RAW(self, raw)
        return raw

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.row,
            self.line,
            self.raw,
            self.data,
            self.error,
            self.raw_bytes,
            self.encoding,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not RawRow:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"RawRow(row={self.row!r}, line={self.line!r}, raw={self.raw!r}, data={self.data!r}, "
            f"error={self.error!r}, raw_bytes={self.raw_bytes!r}, encoding={self.encoding!r})"
        )

    def __reduce__(self) -> tuple[type[RawRow], tuple[Any, ...]]:
        # Pickle and copy through __init__: the default would set slots with setattr.
        return RawRow, self._fields()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


_NEW = object.__new__
_ROW, _LINE, _RAW, _DATA, _ERROR, _BYTES, _ENCODING = (
    getattr(RawRow, name).__set__
    for name in ("row", "line", "_raw", "data", "error", "raw_bytes", "encoding")
)


def _raw_row(
    row: int,
    line: int,
    raw: str | None,
    data: dict[str, Any] | None,
    error: str | None,
    raw_bytes: bytes | None,
    encoding: str | None,
) -> RawRow:
    """A RawRow without the Python-level ``__init__`` call (a reader makes one per record);
    ``raw`` None: UTF-8 ``raw_bytes``, decoded when the text is first asked for."""
    made = _NEW(RawRow)
    _ROW(made, row)
    _LINE(made, line)
    _RAW(made, raw)
    _DATA(made, data)
    _ERROR(made, error)
    _BYTES(made, raw_bytes)
    _ENCODING(made, encoding)
    return made


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
    CLI's filters take JSONL on stdin. Without `encoding` it is detected from the first
    bytes; `encoding` and `encoding_how` say which it is once reading has started. A file opened here is closed by `close()`, on
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
        encoding: str | None = None,
    ) -> None:
        is_path = isinstance(source, str | os.PathLike)
        self.name: str = name or (str(source) if is_path else "<stdin>")
        if fmt is None:
            # A stream named without an extension ("<stdin>", "-") is the CLI's JSONL.
            fmt = detect_format(self.name) if is_path or Path(self.name).suffix else "jsonl"
        elif fmt not in _FORMATS:
            raise InputError(f"unknown format {fmt!r}; expected one of {_FORMATS}", file=self.name)
        self.fmt: Format = fmt
        # Given (--encoding), else detected from the first bytes when reading starts.
        self.encoding: str | None = canonical_encoding(encoding) if encoding else None
        self.encoding_how: str | None = "given" if encoding else None
        self._head = b""  # bytes read for detection, not yet handed out
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
            self._detect()
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

    # --- encoding ------------------------------------------------------------------

    def _detect(self) -> None:
        """Read the first bytes, keep them to hand out first, and settle the encoding."""
        chunk = head = self._file.read(SAMPLE_SIZE)
        # A head of plain ASCII says nothing: read on (within reason) to the first other byte.
        while len(chunk) == SAMPLE_SIZE and head.isascii() and len(head) < MAX_ASCII_PREFIX:
            chunk = self._file.read(SAMPLE_SIZE)
            head += chunk
        complete = len(chunk) < SAMPLE_SIZE  # read() gives less only at the end
        self._head = head
        if self.encoding is None:
            found = detect(head, complete=complete)
            self.encoding, self.encoding_how = found.encoding, found.how
        elif self.encoding != UTF8 and head.startswith(_BOM):
            self.encoding, self.encoding_how = UTF8, "bom"  # a BOM overrides a guess

    def _lines(self) -> Iterator[bytes]:
        """The file's lines (with their ending), the detection head first."""
        head, self._head = self._head, b""
        start = 0
        while True:
            end = head.find(b"\n", start)
            if end < 0:
                break
            yield head[start : end + 1]
            start = end + 1
        rest = head[start:]
        if rest:
            yield rest + self._file.readline()
        yield from self._file

    # --- JSONL ---------------------------------------------------------------------

    def _jsonl(self) -> Iterator[RawRow]:
        encoding = self.encoding or UTF8
        decoder = RecordDecoder(encoding)
        utf8 = encoding == UTF8
        make = _raw_row
        loads, broken = orjson.loads, orjson.JSONDecodeError
        row = 0
        for lineno, bline in enumerate(self._lines(), 1):
            self.bytes_read += len(bline)
            body = bline
            if body[-1:] == b"\n":
                body = body[:-2] if body[-2:-1] == b"\r" else body[:-1]
            if lineno == 1 and body.startswith(_BOM):
                body = body[3:]
            if not body or (body[0] in _WS and not body.strip()):
                continue
            row += 1
            if utf8:
                # A JSON object parses here, in line: what _parse_json gives it, without its
                # two calls a row; anything else gets _parse_json's answer and message.
                try:
                    data = loads(body)
                except broken:
                    data = None
                if type(data) is dict:
                    error = None
                else:
                    data, error = _parse_json(body, decoder)
                # Decoded when first asked for: most rows are stored from their bytes.
                yield make(row, lineno, None, data, error, body, encoding)
            else:
                text, error = decoder.decode(body)
                data, error = (None, error) if error else _parse_json_text(text)
                yield make(row, lineno, text, data, error, body, encoding)

    # --- JSON ----------------------------------------------------------------------

    def _byte_reader(self) -> Callable[[int], bytes]:
        """read(size) over the file, the detection head first; UTF-8 whatever the file's
        encoding (the JSON splitter works on UTF-8 bytes: a CP932 character can hold a
        backslash byte that would read as a JSON escape)."""
        head = self._head
        self._head = b""

        def read(size: int) -> bytes:
            nonlocal head
            if head:
                chunk, head = head[:size], head[size:]
            else:
                chunk = self._file.read(size)
            self.bytes_read += len(chunk)
            return chunk

        if self.encoding in (None, UTF8):
            return read
        decoder = codecs.getincrementaldecoder(self.encoding)("backslashreplace")

        def transcoded(size: int) -> bytes:
            while True:
                chunk = read(size)
                text = decoder.decode(chunk, final=not chunk)
                if text or not chunk:  # b"" only at the end
                    return text.encode("utf-8", "surrogatepass")

        return transcoded

    def _json(self) -> Iterator[RawRow]:
        pieces = split_document(self._byte_reader(), self._chunk_size)
        encoding = self.encoding
        make = _raw_row
        try:
            for row, piece in enumerate(pieces, 1):
                raw = piece.text.decode("utf-8", "backslashreplace")
                if piece.problem is not None:
                    data, error = None, piece.problem
                elif piece.parsed is not None:
                    data, error = piece.parsed, None
                else:
                    data, error = _parse_json(piece.text)
                yield make(row, piece.line, raw, data, error, piece.text, encoding)
        except ShapeError as exc:
            raise InputError(str(exc), file=self.name) from None

    # --- CSV -----------------------------------------------------------------------

    def _csv(self) -> Iterator[RawRow]:
        # csv.reader pulls physical lines one by one and never reads ahead of the record
        # it is parsing, so the lines pulled since the last record are exactly its text.
        # Decoding line by line lets one bad byte spoil one record, not the whole file.
        encoding = self.encoding or UTF8
        decoder = RecordDecoder(encoding)
        decode = decoder.decode
        pending: list[str] = []
        pending_bytes: list[bytes] = []
        problems: list[str] = []  # the first encoding problem of the current record
        nbytes = 0  # bytes of the current record so far

        def lines() -> Iterator[str]:
            nonlocal nbytes
            for i, bline in enumerate(self._lines()):
                self.bytes_read += len(bline)
                if i == 0 and bline.startswith(_BOM):
                    bline = bline[3:]  # the BOM is not data
                text, problem = decode(bline, nbytes)
                if problem is not None and not problems:
                    problems.append(problem)
                nbytes += len(bline)
                pending.append(text)
                pending_bytes.append(bline)
                yield text

        reader = csv.reader(lines(), strict=True)
        line = 1  # line where the next record starts

        def take() -> tuple[list[str] | None, str | None, str, bytes, int]:
            """The next record's cells (None if malformed), error, raw text, bytes and line."""
            nonlocal line, nbytes
            error = None
            try:
                cells: list[str] | None = next(reader)
            except csv.Error as exc:
                cells, error = None, f"malformed CSV: {exc}"
            start, raw, raw_bytes = line, "".join(pending), b"".join(pending_bytes)
            line += len(pending)
            if problems:
                cells, error = None, problems[0]
            pending.clear()
            pending_bytes.clear()
            problems.clear()
            nbytes = 0
            if raw.endswith("\n"):
                raw = raw[:-2] if raw.endswith("\r\n") else raw[:-1]
                raw_bytes = raw_bytes[:-2] if raw_bytes.endswith(b"\r\n") else raw_bytes[:-1]
            return cells, error, raw, raw_bytes, start

        def first_record() -> list[str]:
            while True:  # blank lines before the header are tolerated
                try:
                    header, error, _, _, _ = take()
                except StopIteration:
                    raise InputError("no header row (the file is empty)", file=self.name) from None
                if error is not None:
                    raise InputError(f"cannot read the header row: {error}", file=self.name)
                if header:
                    return header

        header = first_record()
        build = _record_builder(header, self.name)
        width = len(header)
        make = _raw_row
        row = 0
        while True:
            try:
                cells, error, raw, raw_bytes, start = take()
            except StopIteration:
                return
            if cells == []:
                continue  # a blank line, not a record
            row += 1
            if cells is not None and len(cells) != width:
                error = f"CSV row has {len(cells)} cells, header has {width}"
                cells = None
            data = None if cells is None else build(cells)
            yield make(row, start, raw, data, error, raw_bytes, encoding)


def _parse_json(
    body: bytes, decoder: RecordDecoder | None = None
) -> tuple[dict[str, Any] | None, str | None]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as uexc:
            if decoder is not None:
                return None, decoder.bad(body, uexc.start)
            return None, f"invalid UTF-8 at byte {uexc.start + 1}"
        return None, _json_problem(exc)
    return _object(value)


def _parse_json_text(text: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return None, _json_problem(exc)
    return _object(value)


def _json_problem(exc: orjson.JSONDecodeError) -> str:
    where = f"column {exc.colno}"
    if exc.lineno > 1:
        where = f"line {exc.lineno}, {where}"
    return f"invalid JSON: {exc.msg} ({where})"


def _object(value: Any) -> tuple[dict[str, Any] | None, str | None]:
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
        for i, cell in enumerate(cells):
            if cell[:2] == '="' and cell[-1:] == '"' and len(cell) >= 3:
                cells[i] = cell[2:-1].replace('""', '"')  # Excel's ="0123": the text 0123
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
