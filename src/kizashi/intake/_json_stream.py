"""Incremental splitter for a JSON document that is an array of records (or one record).

A 2 GB export must not be loaded whole, so the top-level array is cut into its elements
over fixed-size chunks; each element's bytes are then handed to orjson on their own. The
splitter knows only enough JSON to find the cuts: strings (with escapes), bracket depth
and top-level commas. It never decides whether an element is valid; that is orjson's job,
which keeps one malformed element from taking its neighbours down with it.

Most elements take a fast path: guess that an object element ends at the next `}` that
is followed by `,` or `]`, and let orjson parse the guess. JSON objects are prefix-free,
so a guess that parses is the true element, and its parse is the one needed anyway. When
the guesses fail (deep nesting, a malformed element, an element across chunks) the exact
scanner takes over: regular expressions that skip runs of uninteresting bytes and whole
strings in C, so its Python loop turns once per bracket or top-level comma, not per byte.

Everything works on bytes: every byte that matters to the structure is ASCII, and UTF-8
never uses ASCII values inside a multi-byte character, so a chunk may end in the middle
of a character without harm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import orjson

from kizashi.errors import InputError

__all__ = ["DEFAULT_CHUNK_SIZE", "EOF_PROBLEM", "Piece", "ShapeError", "split_document"]

DEFAULT_CHUNK_SIZE = 1 << 20

_BOM = b"\xef\xbb\xbf"
_WS = b" \t\r\n"
_QUOTE, _COMMA = ord('"'), ord(",")
_LBRACKET, _RBRACKET, _LBRACE, _RBRACE = ord("["), ord("]"), ord("{"), ord("}")
_OPENER_OF = {_RBRACKET: _LBRACKET, _RBRACE: _LBRACE}
# Unterminated at the end of the file, whatever else is wrong.
EOF_PROBLEM = "unexpected end of file"
# Keeps a stray tail from being read into memory in full just to be reported.
_TRAILING_CAP = 64 * 1024

# A complete string. Possessive quantifiers keep the engine from backtracking through
# long strings when one is cut off by the end of the buffer.
_STR = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
# Between elements of the top-level array: stop at brackets, commas and unfinished strings.
_SKIP_TOP = re.compile(rb'[^\]\[{}",]*+(?:' + _STR + rb'[^\]\[{}",]*+)*+', re.DOTALL)
# Inside an element, commas do not matter: stop only at brackets and unfinished strings.
_SKIP_DEEP = re.compile(rb'[^\]\[{}"]*+(?:' + _STR + rb'[^\]\[{}"]*+)*+', re.DOTALL)
# The rest of a string whose opening quote has been seen; stops before `"` or a lone
# trailing backslash (its escaped byte is still in the next chunk).
_STRING_REST = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)
_NON_WS = re.compile(rb"[^ \t\r\n]")
# Fast path: an object element's start, and a place where it might end.
_OBJECT_END = re.compile(rb"\}[ \t\r\n]*+([,\]])[ \t\r\n]*+")
# Each failed guess costs a partial parse; past this many, scanning is cheaper.
_MAX_GUESSES = 6


class ShapeError(InputError, ValueError):
    """The document is neither an array nor an object, so it holds no records."""


class Piece(NamedTuple):
    """One element of the top-level array (or the whole top-level object).

    `problem` is set when the splitter itself found the piece wrong (cut off by the end
    of the file, an empty element, data after the array); otherwise `text` is for orjson,
    unless `parsed` already holds the object (the fast path parses to find the end).
    """

    line: int
    text: bytes
    problem: str | None = None
    parsed: dict[str, Any] | None = None


def split_document(
    read: Callable[[int], bytes], chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[Piece]:
    """Yield the records of a JSON document read through `read(chunk_size)`.

    Raises ShapeError before yielding anything when the top-level value is not an array
    or an object.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    buf = bytearray()
    eof = False
    # A BOM can straddle chunks when chunks are tiny, so gather three bytes first.
    while len(buf) < len(_BOM) and not eof:
        chunk = read(chunk_size)
        eof = not chunk
        buf += chunk
    if buf.startswith(_BOM):
        del buf[: len(_BOM)]
    m = _NON_WS.search(buf)
    while m is None and not eof:
        chunk = read(chunk_size)
        eof = not chunk
        buf += chunk
        m = _NON_WS.search(buf)
    if m is None:
        raise ShapeError("the JSON document is empty")
    start = m.start()
    first = buf[start]
    if first == _LBRACKET:
        yield from _array_elements(read, chunk_size, buf, start + 1)
    elif first == _LBRACE:
        # A single object has to be held whole anyway to become one record.
        while chunk := read(chunk_size):
            buf += chunk
        yield Piece(1 + buf.count(b"\n", 0, start), bytes(buf[start:].rstrip(_WS)))
    else:
        raise ShapeError(
            "the top-level JSON value must be an array of objects or an object, "
            f"not {_kind_of_start(first)}"
        )


def _kind_of_start(byte: int) -> str:
    char = chr(byte)
    if char == '"':
        return "a string"
    if char in "-0123456789":
        return "a number"
    if char in "tf":
        return "a boolean"
    if char == "n":
        return "null"
    return f"JSON (it starts with {char!r})"


def _array_elements(
    read: Callable[[int], bytes], chunk_size: int, buf: bytearray, pos: int
) -> Iterator[Piece]:
    """Cut the elements of an array whose `[` ends just before `buf[pos]`."""
    line = 1  # line number at buf[line_pos]
    line_pos = 0
    elem_start = pos
    # Open brackets inside the current element; empty means "between elements".
    stack: list[int] = []
    in_string = False
    saw_comma = False

    def cut(end: int) -> Piece | None:
        nonlocal line, line_pos
        seg = buf[elem_start:end]
        text = seg.lstrip(_WS)
        begin = elem_start + len(seg) - len(text)
        line += buf.count(b"\n", line_pos, begin)
        line_pos = begin
        text = text.rstrip(_WS)
        if text:
            return Piece(line, bytes(text))
        if saw_comma:
            return Piece(line, b"", "empty array element (a stray comma?)")
        return None  # `[]` or `[ ]`: an empty array is not an error

    while True:
        n = len(buf)
        if pos == elem_start and not stack and not in_string:
            # Fast path, inlined because it runs once per record.
            begin = pos
            if begin < n and buf[begin] != _LBRACE:
                ws = _NON_WS.search(buf, begin)
                begin = ws.start() if ws else n
            guess_from = begin
            hit = False
            guesses = _MAX_GUESSES if begin < n and buf[begin] == _LBRACE else 0
            while guesses:
                guesses -= 1
                end = _OBJECT_END.search(buf, guess_from)
                if end is None:
                    break
                guess_from = end.start() + 1
                text = bytes(buf[begin:guess_from])
                try:
                    value = orjson.loads(text)
                except orjson.JSONDecodeError:
                    continue
                line += buf.count(b"\n", line_pos, begin)
                line_pos = begin
                yield Piece(line, text, None, value)
                pos = elem_start = end.end()
                if end.group(1) == b"]":
                    yield from _trailing(read, chunk_size, buf, pos, line, line_pos)
                    return
                saw_comma = hit = True
                break
            if hit:
                continue  # an element went by: look for the next one the same way
        if in_string:
            # The patterns match the empty string too, so match() never returns None.
            e = _STRING_REST.match(buf, pos).end()  # type: ignore[union-attr]
            if e < n and buf[e] == _QUOTE:
                in_string = False
                pos = e + 1
                continue
            pos = e
        else:
            skip = _SKIP_DEEP if stack else _SKIP_TOP
            e = skip.match(buf, pos).end()  # type: ignore[union-attr]
            if e < n:
                c = buf[e]
                pos = e + 1
                if c == _QUOTE:
                    # A string the skip pattern could not finish: continue it chunk by
                    # chunk, so a very long string is scanned once, not once per chunk.
                    in_string = True
                elif c == _COMMA:  # only _SKIP_TOP stops at commas
                    piece = cut(e)
                    if piece is not None:
                        yield piece
                    elem_start = pos
                    saw_comma = True
                elif c in (_LBRACKET, _LBRACE):
                    stack.append(c)
                elif stack:
                    opener = _OPENER_OF[c]
                    if stack[-1] == opener:
                        stack.pop()
                    elif opener in stack:
                        # Mismatched closer: assume the inner brackets were never closed,
                        # so the depth, and with it the next cut, stays in step.
                        del stack[len(stack) - 1 - stack[::-1].index(opener) :]
                    # else: a stray closer; orjson will reject the element.
                elif c == _RBRACKET:
                    piece = cut(e)
                    if piece is not None:
                        yield piece
                    yield from _trailing(read, chunk_size, buf, pos, line, line_pos)
                    return
                # else: a stray `}` between elements; orjson will reject the element.
                continue
            pos = e
        # The buffer is used up: drop what has been cut and read on.
        chunk = read(chunk_size)
        if not chunk:
            break
        if elem_start:
            line += buf.count(b"\n", line_pos, elem_start)
            line_pos = 0
            del buf[:elem_start]
            pos -= elem_start
            elem_start = 0
        buf += chunk

    piece = cut(len(buf))
    if in_string or stack:
        # Cut off inside an element; `piece` cannot be None, the element has begun.
        assert piece is not None
        yield Piece(piece.line, piece.text, EOF_PROBLEM)
        return
    if piece is not None and piece.problem is None:
        # The last element is complete, only the closing `]` is missing: keep it. (An
        # empty one after a final comma is just where the file was cut off.)
        yield piece
    line += buf.count(b"\n", line_pos)
    yield Piece(line, b"", EOF_PROBLEM + " (the array is not closed)")


def _trailing(
    read: Callable[[int], bytes],
    chunk_size: int,
    buf: bytearray,
    pos: int,
    line: int,
    line_pos: int,
) -> Iterator[Piece]:
    """Report anything but whitespace after the closing `]` (e.g. a second array)."""
    tail = buf[pos:]
    line += buf.count(b"\n", line_pos, pos)
    m = _NON_WS.search(tail)
    while m is None:
        line += tail.count(b"\n")
        tail = bytearray(read(chunk_size))
        if not tail:
            return
        m = _NON_WS.search(tail)
    line += tail.count(b"\n", 0, m.start())
    del tail[: m.start()]
    while len(tail) < _TRAILING_CAP and (chunk := read(chunk_size)):
        tail += chunk
    yield Piece(line, bytes(tail[:_TRAILING_CAP].rstrip(_WS)), "unexpected data after the array")
