"""Invisible characters: format characters, combining marks and lone surrogates, in every
plane."""

from __future__ import annotations

import unicodedata

from kizashi.text import strip_invisible, without_surrogates
from kizashi.text.normalize import normalize


def _invisible(ch: str) -> bool:
    code = ord(ch)
    if code < 0x30000:
        return unicodedata.category(ch) in ("Cf", "Mn", "Me", "Cs")
    return 0xE0000 <= code <= 0xE007F or 0xE0100 <= code <= 0xE01EF  # tags, selectors


def test_exactly_the_format_characters_and_combining_marks_are_removed() -> None:
    every = "".join(chr(c) for c in range(0x110000))
    assert strip_invisible(every) == "".join(ch for ch in every if not _invisible(ch))


def test_a_text_of_the_first_plane_alone_loses_its_marks() -> None:
    assert strip_invisible("こ\u200bろ\u0301す\ufe0f") == "ころす"
    assert strip_invisible("殺🔪す\U000e0001") == "殺🔪す"


def test_a_lone_surrogate_is_no_character_and_the_spans_still_index_the_text() -> None:
    text = "56\ud800す\udfffよ"
    view = normalize(text)
    assert view.text == "56すよ"
    assert text[view.starts[2] : view.ends[2]] == "す"


def test_without_surrogates_drops_or_marks_lone_surrogates_only() -> None:
    text = "お前を\ud800殺す\udfff🔪"
    assert without_surrogates(text) == "お前を殺す🔪"
    marked = without_surrogates(text, "\ufffd")
    assert marked == "お前を\ufffd殺す\ufffd🔪"
    assert len(marked) == len(text)  # offsets of every other character are kept
    assert without_surrogates("plain text") == "plain text"
