"""Streaming record readers: each format's rules, bad rows among good ones, and streaming."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path
from typing import Any, Literal
from unittest import mock

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizashi.errors import InputError
from kizashi.intake import _json_stream
from kizashi.intake.readers import Format, RawRow, RecordSource, detect_format


def read(data: bytes, fmt: Format, **kwargs: Any) -> list[RawRow]:
    return list(RecordSource(io.BytesIO(data), fmt, **kwargs))


def good(rows: list[RawRow]) -> list[tuple[int, dict[str, Any] | None]]:
    return [(r.row, r.data) for r in rows if r.error is None]


def bad(rows: list[RawRow]) -> list[tuple[int, int, str | None]]:
    return [(r.row, r.line, r.error) for r in rows if r.error is not None]


# --- opening -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.jsonl", "jsonl"), ("A.NDJSON", "jsonl"), ("x/y.csv", "csv"), ("r.json", "json")],
)
def test_detect_format_by_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_unknown_extension_names_the_file() -> None:
    with pytest.raises(InputError, match=r"reports\.xml") as info:
        detect_format("reports.xml")
    assert info.value.file == "reports.xml"


def test_missing_file_and_directory_raise_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(InputError, match="no such file") as info:
        RecordSource(missing)
    assert info.value.file == str(missing)
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        RecordSource(folder)


def test_path_source_reports_size_progress_and_closes(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": 2}\n')
    with RecordSource(path) as source:
        assert (source.name, source.fmt, source.total_bytes) == (str(path), "jsonl", 18)
        assert [r.data for r in source] == [{"a": 1}, {"a": 2}]
        assert source.bytes_read == 18
        with pytest.raises(RuntimeError):
            iter(source)
    assert source._file.closed


def test_stream_defaults_to_jsonl_and_is_left_open() -> None:
    stream = io.BytesIO(b'{"a": 1}\n')
    source = RecordSource(stream)
    assert (source.name, source.fmt, source.total_bytes) == ("<stdin>", "jsonl", None)
    assert len(list(source)) == 1
    source.close()
    assert not stream.closed
    assert RecordSource(io.BytesIO(b"a\n"), name="upload.csv").fmt == "csv"
    assert RecordSource(io.BytesIO(b""), name="-").fmt == "jsonl"
    with pytest.raises(InputError, match=r"upload\.xml"):
        RecordSource(io.BytesIO(b""), name="upload.xml")
    with pytest.raises(InputError, match="unknown format"):
        RecordSource(io.BytesIO(b""), "xml")  # type: ignore[arg-type]


def test_json_progress_reaches_the_file_size(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(b'[{"a": 1}, {"a": 2}]\n')
    with RecordSource(path, chunk_size=4) as source:
        assert len(list(source)) == 2
    assert source.bytes_read == source.total_bytes == 21


# --- JSONL ---------------------------------------------------------------------------


def test_jsonl_bom_crlf_and_blank_lines() -> None:
    rows = read(b'\xef\xbb\xbf{"a": 1}\r\n\r\n   \n{"b": "x"}\r\n{"c": 3}', "jsonl")
    assert [(r.row, r.line, r.raw, r.data) for r in rows] == [
        (1, 1, '{"a": 1}', {"a": 1}),
        (2, 4, '{"b": "x"}', {"b": "x"}),
        (3, 5, '{"c": 3}', {"c": 3}),
    ]


def test_jsonl_bad_lines_do_not_stop_good_ones() -> None:
    data = b'{"ok": 1}\n{"a": 1 "b": 2}\n[1, 2]\n"text"\n{"b": "x\xffy"}\n{"ok": 2}\n'
    rows = read(data, "jsonl")
    assert good(rows) == [(1, {"ok": 1}), (6, {"ok": 2})]
    assert bad(rows) == [
        (2, 2, "invalid JSON: unexpected character, expected ',' or '}' (column 9)"),
        (3, 3, "not a JSON object (got array)"),
        (4, 4, "not a JSON object (got string)"),
        (5, 5, "invalid UTF-8 at byte 9"),
    ]
    assert rows[4].raw == '{"b": "x\\xffy"}'  # the bad byte survives, escaped


def test_a_utf8_jsonl_row_is_decoded_only_when_its_text_is_asked_for() -> None:
    rows = read('{"a": "山田"}\n'.encode() + b'{"b": "x\xffy"}\n', "jsonl")
    assert [r._raw for r in rows] == [None, None]  # nothing decoded while reading
    assert rows[0].raw == '{"a": "山田"}' and rows[0].raw_bytes == '{"a": "山田"}'.encode()
    assert rows[1].raw == '{"b": "x\\xffy"}'  # as the eager decode wrote it
    made = RawRow(1, 1, '{"a": "山田"}', {"a": "山田"}, None, rows[0].raw_bytes, "utf-8")
    assert rows[0] == made and "山田" in repr(rows[0])
    assert rows[0] != RawRow(2, 1, '{"a": "山田"}', {"a": "山田"}, None)


def test_a_raw_row_cannot_be_changed_but_copies_and_pickles() -> None:
    import copy
    import pickle

    row = RawRow(1, 1, "{}", {}, None)
    lazy = read(b'{"a": 1}\n', "jsonl")[0]
    assert copy.copy(lazy) == lazy and pickle.loads(pickle.dumps(lazy)) == lazy
    with pytest.raises(AttributeError):
        row.raw = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        row.row = 2  # type: ignore[misc]


# --- CSV -----------------------------------------------------------------------------


def test_csv_cells_become_records_and_empty_cells_are_left_out() -> None:
    rows = read(b"\xef\xbb\xbfid,name,note\r\n1,Taro,\r\n2,,hi\r\n", "csv")
    assert [(r.row, r.line, r.raw, r.data) for r in rows] == [
        (1, 2, "1,Taro,", {"id": "1", "name": "Taro"}),
        (2, 3, "2,,hi", {"id": "2", "note": "hi"}),
    ]


def test_csv_embedded_newlines_and_quotes_keep_raw_and_line() -> None:
    data = b'id,text\n1,"line one\nline ""two"", end"\n\n2,"a\r\nb"\n3,plain\n'
    rows = read(data, "csv")
    assert [(r.row, r.line, r.raw, r.data) for r in rows] == [
        (1, 2, '1,"line one\nline ""two"", end"', {"id": "1", "text": 'line one\nline "two", end'}),
        (2, 5, '2,"a\r\nb"', {"id": "2", "text": "a\r\nb"}),
        (3, 7, "3,plain", {"id": "3", "text": "plain"}),
    ]


def test_csv_dotted_headers_are_unflattened() -> None:
    data = (
        "id,persons.0.name,persons.0.phone,persons.1.name,place.city,place.ward\n"
        "1,山田,090,佐藤,Tokyo,\n"
        "2,,,鈴木,,\n"
    ).encode()
    assert [r.data for r in read(data, "csv")] == [
        {
            "id": "1",
            "persons": [{"name": "山田", "phone": "090"}, {"name": "佐藤"}],
            "place": {"city": "Tokyo"},
        },
        {"id": "2", "persons": [{"name": "鈴木"}]},
    ]


def test_csv_bad_rows_among_good_ones() -> None:
    data = b'a,b\n1,2\n1,2,3\n"x"y,2\nz,\xff\n3,4\n'
    rows = read(data, "csv")
    assert good(rows) == [(1, {"a": "1", "b": "2"}), (5, {"a": "3", "b": "4"})]
    assert [(row, line) for row, line, _ in bad(rows)] == [(2, 3), (3, 4), (4, 5)]
    assert rows[1].error == "CSV row has 3 cells, header has 2"
    assert rows[2].error is not None and rows[2].error.startswith("malformed CSV")
    assert rows[3].error == "invalid UTF-8 at byte 3"
    assert rows[3].raw == "z,\\xff"


def test_csv_unterminated_quote_at_end_is_an_error_row() -> None:
    rows = read(b'a,b\n1,2\n3,"open\nmore\n', "csv")
    assert good(rows) == [(1, {"a": "1", "b": "2"})]
    assert bad(rows)[0][:2] == (2, 3)
    assert rows[1].raw == '3,"open\nmore'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no header row"),
        (b"\n\r\n", "no header row"),
        (b"a,b,a\n1,2,3\n", "'a' appears twice"),
        (b"a,,c\n", "column 2 of the header row has no name"),
        (b"a,a.b\n", "'a' and 'a.b'"),
        (b"p.0,p.x\n", "'p.0' and 'p.x'"),
        (b"a..b\n", "empty part"),
    ],
)
def test_csv_header_problems_raise_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read(data, "csv", name="in.csv")
    assert info.value.file == "in.csv"


# --- JSON ----------------------------------------------------------------------------


def test_json_array_with_tricky_strings_and_nesting() -> None:
    data = b"""[
  {"a": "]}\\"[{,", "b": "\\\\"},
  {"nested": [[1, {"x": [2]}], {"y": "}"}]},
  [1, 2],
  {"ja": "\xe5\x85\x86\xe3\x81\x97"}
]"""
    rows = read(data, "json")
    assert [(r.row, r.line) for r in rows] == [(1, 2), (2, 3), (3, 4), (4, 5)]
    assert rows[0].data == {"a": ']}"[{,', "b": "\\"}
    assert rows[0].raw == '{"a": "]}\\"[{,", "b": "\\\\"}'
    assert rows[1].data == {"nested": [[1, {"x": [2]}], {"y": "}"}]}
    assert rows[2].error == "not a JSON object (got array)"
    assert rows[3].data == {"ja": "兆し"}


def test_json_malformed_element_recovers_at_next_comma() -> None:
    data = b'[{"a": 1}, {"b": 1,, }, {"c": [1, 2}, {"d": 4}, {"e":\n 5 6}, {"f": 6}]'
    rows = read(data, "json")
    assert good(rows) == [(1, {"a": 1}), (4, {"d": 4}), (6, {"f": 6})]
    assert [row for row, _, _ in bad(rows)] == [2, 3, 5]
    assert rows[4].error == (
        "invalid JSON: unexpected character, expected ',' or '}' (line 2, column 4)"
    )


def test_json_invalid_utf8_and_crlf_layout() -> None:
    data = b'[\r\n  {"a": "ok"},\r\n  {"b": "\xe5\x85"},\r\n  {"c": 3}\r\n]\r\n'
    rows = read(data, "json")
    assert good(rows) == [(1, {"a": "ok"}), (3, {"c": 3})]
    assert bad(rows) == [(2, 3, "invalid UTF-8 at byte 8")]
    assert rows[1].raw == '{"b": "\\xe5\\x85"}'


def test_json_truncated_array_gives_one_final_error_row() -> None:
    rows = read(b'[{"a": 1},\n {"b": "cut here', "json")
    assert good(rows) == [(1, {"a": 1})]
    assert bad(rows) == [(2, 2, "unexpected end of file")]
    assert rows[1].raw == '{"b": "cut here'
    rows = read(b'[{"a": 1},\n', "json")
    assert good(rows) == [(1, {"a": 1})]
    assert [(row, error) for row, _, error in bad(rows)] == [
        (2, "unexpected end of file (the array is not closed)")
    ]


def test_json_empty_elements_and_trailing_data_are_error_rows() -> None:
    rows = read(b'[{"a": 1},, {"b": 2}] [{"lost": true}]', "json")
    assert good(rows) == [(1, {"a": 1}), (3, {"b": 2})]
    assert [error for _, _, error in bad(rows)] == [
        "empty array element (a stray comma?)",
        "unexpected data after the array",
    ]
    assert rows[-1].raw == '[{"lost": true}]'
    assert read(b" [ ] \n", "json") == []


def test_json_single_object_is_one_row() -> None:
    rows = read(b'\xef\xbb\xbf\n\n{"a": [1, {"b": 2}]}\n', "json")
    assert [(r.row, r.line, r.raw, r.data) for r in rows] == [
        (1, 3, '{"a": [1, {"b": 2}]}', {"a": [1, {"b": 2}]})
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"42", "not a number"), (b' "x"', "not a string"), (b"", "empty"), (b"\n \n", "empty")],
)
def test_json_without_records_raises_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(data, "json")


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7])
def test_json_tiny_chunks_split_escapes_and_bom(chunk_size: int) -> None:
    data = b'\xef\xbb\xbf[{"a": "x\\\\\\"]"}, {"b": "\\u5146"}, {"c": [["]"]]}]'
    rows = read(data, "json", chunk_size=chunk_size)
    assert [r.data for r in rows] == [{"a": 'x\\"]'}, {"b": "兆"}, {"c": [["]"]]}]


# --- properties ----------------------------------------------------------------------

_chars = st.one_of(st.characters(codec="utf-8"), st.sampled_from(list('"\\\n\r\t[]{},.兆し日本語')))
_text = st.text(_chars, max_size=12)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    _text,
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)
_objects = st.lists(st.dictionaries(_text, _values, max_size=5), max_size=8)
_ws = st.text(st.sampled_from(" \t\r\n"), max_size=3)


@st.composite
def _jsonl_files(draw: st.DrawFn) -> tuple[bytes, list[dict[str, Any]]]:
    objects = draw(_objects)
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    parts = [draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))]
    for obj in objects:
        parts.append(draw(st.sampled_from([b"", ending, b" \t" + ending])))
        parts.append(orjson.dumps(obj) + ending)
    return b"".join(parts), objects


@st.composite
def _json_files(draw: st.DrawFn) -> tuple[bytes, list[dict[str, Any]]]:
    objects = draw(_objects)
    option = draw(st.sampled_from([0, orjson.OPT_INDENT_2]))
    items = [
        draw(_ws).encode() + orjson.dumps(o, option=option) + draw(_ws).encode() for o in objects
    ]
    return draw(_ws).encode() + b"[" + b",".join(items) + b"]" + draw(_ws).encode(), objects


@st.composite
def _csv_files(draw: st.DrawFn) -> tuple[bytes, list[dict[str, Any]]]:
    # No dots (they nest), and no U+FEFF, which at the very start is read as a BOM.
    names = st.text(_chars.filter(lambda c: c not in ".\ufeff"), min_size=1, max_size=8)
    header = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    cells = st.text(_chars, min_size=1, max_size=12)
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=8))
    out = io.StringIO()
    # With "\n" endings, minimal quoting would leave a cell's "\r" bare, which no reader
    # can tell from a line ending; quote everything then.
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    quoting: Literal[0, 1] = csv.QUOTE_ALL if ending == "\n" else csv.QUOTE_MINIMAL
    writer = csv.writer(out, lineterminator=ending, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(), [dict(zip(header, row, strict=True)) for row in rows]


_files = st.one_of(
    st.tuples(st.just("jsonl"), _jsonl_files()),
    st.tuples(st.just("json"), _json_files()),
    st.tuples(st.just("csv"), _csv_files()),
)


def _reparse(row: RawRow, fmt: str, header: list[str]) -> dict[str, Any]:
    if fmt != "csv":
        parsed: dict[str, Any] = orjson.loads(row.raw)
        return parsed
    (cells,) = list(csv.reader(io.StringIO(row.raw, newline="")))
    return dict(zip(header, cells, strict=True))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_files)
def test_round_trip_in_order_and_raw_reparses(case: tuple[str, tuple[bytes, list[Any]]]) -> None:
    fmt, (data, objects) = case
    rows = read(data, fmt)  # type: ignore[arg-type]
    assert [r.error for r in rows] == [None] * len(objects)
    assert [r.data for r in rows] == objects
    assert [r.row for r in rows] == list(range(1, len(objects) + 1))
    header = next(csv.reader(io.StringIO(data.decode(), newline=""))) if fmt == "csv" else []
    for row in rows:
        assert _reparse(row, fmt, header) == row.data
        # `line` points at the physical line where the record's text begins.
        text = data.decode("utf-8-sig")
        assert row.raw.split("\n")[0] in text.split("\n")[row.line - 1]


_junk = st.sampled_from([b"", b",", b"]", b"}", b"{", b'"', b"\\", b"[{", b",,", b"\xff", b" \n"])


def _read_all_ways(data: bytes, chunk_size: int) -> list[list[RawRow] | str]:
    """Read `data` with big and small chunks, with and without the fast path."""
    results: list[list[RawRow] | str] = []
    for size, guesses in ((1 << 20, 6), (chunk_size, 6), (1 << 20, 0), (chunk_size, 0)):
        with mock.patch.object(_json_stream, "_MAX_GUESSES", guesses):
            try:
                results.append(read(data, "json", chunk_size=size))
            except InputError as exc:
                results.append(str(exc))
    return results


@settings(deadline=None)
@given(
    _json_files(),
    st.integers(min_value=1, max_value=64),
    st.lists(st.tuples(st.floats(0, 1), _junk), max_size=3),
)
def test_chunk_size_and_fast_path_do_not_change_the_rows(
    case: tuple[bytes, list[Any]], chunk_size: int, damage: list[tuple[float, bytes]]
) -> None:
    data, _ = case
    # Damage the file too (junk spliced in, the end cut off), so error rows must agree.
    for where, junk in damage:
        at = int(where * len(data))
        data = data[:at] + junk + data[at + len(junk) // 2 :]
    first, *others = _read_all_ways(data, chunk_size)
    assert all(other == first for other in others)


# --- streaming -----------------------------------------------------------------------


def _peak_while_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        with RecordSource(path) as source:
            count = sum(1 for row in source if row.error is None)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# Each file is larger than the memory limit, so reading it whole could not pass. The files
# are about 6 MiB (they were 4x that: the same bytes a row and so the same leak a row is
# caught, at a quarter of the default run's time; the readers' peak is flat, 0.3 MiB for
# JSON lines and 3.1 MiB for the array, whatever the file's size).
_LIMIT = 5 * 1024 * 1024
_PAD = b"\xe6\xb3\xa8\xe6\x84\x8f " * 12


def test_memory_stays_flat_on_a_large_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        for i in range(50_000):
            out.write(b'{"id": %d, "text": "%s %d", "tags": ["a", "b"]}\n' % (i, _PAD, i))
    assert path.stat().st_size > _LIMIT
    count, peak = _peak_while_reading(path)
    assert count == 50_000
    assert peak < _LIMIT


def test_memory_stays_flat_on_a_large_json_array(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as out:
        out.write(b"[\n")
        for i in range(18_000):
            # The `]},` inside the string makes the fast path's first guess fail.
            sep = b"," if i else b""
            out.write(b'%s{"id": %d, "text": "x\\"]}, %s", "n": [%d]}\n' % (sep, i, _PAD * 4, i))
        out.write(b"]\n")
    assert path.stat().st_size > _LIMIT
    count, peak = _peak_while_reading(path)
    assert count == 18_000
    assert peak < _LIMIT
