"""det37: Latin lookalike letters of other scripts read as Latin inside a Latin word, and a
Latin word read as a harm word only when its leet digits or drawn-out letters spell one. The
sentences are written for these tests."""

from __future__ import annotations

import pytest

from kizashi.text import fold_spelling, load_tables, read_harm_spellings, views
from kizashi.text.decode import harm_reading
from kizashi.text.normalize import latin_lookalikes, normalize


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("I will \u043a\u0456\u04cf\u04cf him", "I will kill him"),  # Cyrillic к і ӏ ӏ
        ("\u03ba\u03b9ll", "kill"),  # Greek κ ι
        ("\u0455\u04bb\u043e\u043et", "shoot"),  # Cyrillic ѕ һ о о
        ("b\u0585mb", "bomb"),  # Armenian օ
        ("\u13daTAB", "STAB"),  # Cherokee Ꮪ
        ("bu\u0280n", "burn"),  # small capital ʀ, named by Unicode
        ("\u0257ead", "dead"),  # ɗ: d with hook
    ],
)
def test_lookalike_letters_in_a_latin_word_are_latin(text: str, read: str) -> None:
    assert latin_lookalikes(text) == read
    assert normalize(text).text == read
    assert fold_spelling(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "\u0431\u043e\u0440\u0449",  # борщ: щ is no lookalike, so о and р stay Cyrillic
        "\u03b1\u7248",  # α版: one letter
        "\u0434\u043e\u043c \u043d\u0430 \u0443\u043b\u0438\u0446\u0435",  # дом на улице
        "plain English text, 4 people",
    ],
)
def test_words_of_their_own_script_are_left_alone(text: str) -> None:
    assert latin_lookalikes(text) == text


def test_a_word_made_only_of_lookalikes_is_read_in_latin_letters() -> None:
    # Москва has no letter of its own script that is not a lookalike: it reads "Mockba",
    # which no rule knows; the fold never makes a word of another script a threat by itself.
    assert latin_lookalikes("\u041c\u043e\u0441\u043a\u0432\u0430") == "Mockba"


def test_lookalike_spans_index_the_original() -> None:
    text = "I will \u043a\u0456\u04cf\u04cf you"
    view = views(text)
    i = view.normalized.text.index("kill")
    start, end = view.normalized.span(i, i + 4)
    assert text[start:end] == "\u043a\u0456\u04cf\u04cf"


@pytest.mark.parametrize(
    ("word", "harm"),
    [
        ("kiiill", "kill"),
        ("kkill", "kill"),
        ("staaab", "stab"),
        ("kkiill", "kill"),
        ("5h007", "shoot"),
        ("b0m8", "bomb"),
        ("8urn", "burn"),
        ("KIIILL", "kill"),
        # mend16: the inflected forms, derived from the table's verbs
        ("kiiilling", "killing"),
        ("5h00ting", "shooting"),
        ("st4bbed", "stabbed"),
        ("b0mb1ng", "bombing"),
        ("staaabbing", "stabbing"),
        ("burrrning", "burning"),
    ],
)
def test_a_word_that_spells_a_harm_word_is_read_as_it(word: str, harm: str) -> None:
    assert harm_reading(word, load_tables()) == harm
    assert views(f"I will {word} him").decoded.text == f"I will {harm} him"


@pytest.mark.parametrize(
    "word",
    [
        "kill",  # already the word
        "good",  # a real double letter
        "coffee",  # two doubled letters, no harm word
        "address",
        "shoot",
        "Gunn",  # a name: one doubled final letter is spelling
        "skiing",
        "4",  # a number
        "2024",
        "5748",  # digits only: a number, never a word
        "mp3",
        "win10",
        "gr8",
        "shhh",
        "killing",  # already the word
        "shooting",
        "c00l",
        "sooo",
        "shott",  # one doubled final letter: spelling, as in Gunn
        "burnning",  # one doubled letter inside a word
    ],
)
def test_ordinary_words_are_not_read_as_harm_words(word: str) -> None:
    assert harm_reading(word, load_tables()) is None


def test_the_gate_reading_matches_the_view() -> None:
    tables = load_tables()
    assert read_harm_spellings("I will kiiill you at 5", tables) == "I will kill you at 5"
    assert read_harm_spellings("4 people had coffee", tables) == "4 people had coffee"


def test_the_gate_reading_reads_an_inflection_as_its_verb() -> None:
    # The view reads "k1lling" as "killing"; the gate reads it as the verb, its anchor.
    tables = load_tables()
    assert read_harm_spellings("k1lling u 2nite", tables) == "kill u 2nite"
    assert read_harm_spellings("murd3ring you", tables) == "murder you"
    assert read_harm_spellings("d1ed", tables) == "die"
    assert read_harm_spellings("killing time", tables) == "killing time"  # not disguised
    assert views("k1lling u 2nite").decoded.text.startswith("killing")


def test_doubled_and_leet_words_keep_their_spans() -> None:
    text = "I will staaab you"
    view = views(text)
    (decoding,) = view.decodings
    assert decoding.kind == "stretch"
    assert text[decoding.start : decoding.end] == "staaab"


def test_named_latin_letters_of_extended_a_are_read() -> None:
    # ĸ (kra) and ı (dotless i) have no decomposition; Unicode's names say what they are.
    assert latin_lookalikes("\u0138\u0131ll") == "kill"
