"""Long lines: the recognisers that searched the whole line (or text) again from each
candidate now search a bounded window or an index, and find what they found before."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.share.pii_caps import passport_capitals
from kizashi.share.pii_context import KANJI, KATA, _everywhere_one_pass, everywhere
from kizashi.share.pii_mail import MAIL, mail_matches
from kizashi.share.pii_records import foreign_names
from kizashi.share.pii_titles import a_title, bracket_marks
from kizashi.share.tear_line import tearline

_TITLE_BEFORE = re.compile(
    r"(?:役|作品|映画|舞台|演目|劇|戯曲|曲|小説|漫画|マンガ|アニメ|ゲーム|番組|絵本|童話|歌|オペラ|"
    r"ミュージカル|ドラマ|シリーズ)「$"
)


def _a_title_by_scanning(folded: str, start: int, end: int) -> bool:
    """The test as it was written before the index (pii22's review), searching the text."""
    opened = folded.rfind("『", 0, start)
    closed = folded.find("』", end)
    if opened >= 0 and closed >= 0 and "』" not in folded[opened:start]:
        whole = folded[opened + 1 : start].strip() == "" and folded[end:closed].strip() == ""
        quoted = folded.startswith(("と", "って", "っと"), closed + 1)
        return "\n" not in folded[opened:closed] and (whole or not quoted)
    quote = folded.rfind("「", 0, start)
    return (
        quote >= 0
        and "」" not in folded[quote:start]
        and "\n" not in folded[quote:start]
        and folded.find("」", end) >= 0
        and "\n" not in folded[end : folded.find("」", end)]
        and bool(_TITLE_BEFORE.search(folded, max(0, quote - 8), quote + 1))
    )


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="『』「」\n 　映画主役ハムレットと話って", max_size=30),
    start=st.integers(0, 30),
    length=st.integers(0, 6),
)
def test_a_title_by_the_index_is_the_title_by_scanning(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(start + length, len(text))
    assert a_title(text, start, end) == _a_title_by_scanning(text, start, end)
    assert a_title(text, start, end, bracket_marks(text)) == a_title(text, start, end)


def _everywhere_by_searching(folded: str, hunted: list[tuple[str, str]]) -> list[tuple[int, int]]:
    spans = []
    for word, script in hunted:
        pattern = re.escape(word)
        if script:
            pattern = rf"(?<![{script}]){pattern}(?![{script}])"
        spans += [m.span() for m in re.finditer(pattern, folded)]
    return spans


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet="田中林森アイウエオーさ 　", max_size=60),
    words=st.dictionaries(
        st.text(alphabet="田中林森アイウエオーさ", min_size=1, max_size=3),
        st.sampled_from(["", KATA, KANJI]),
        max_size=40,
    ),
)
def test_names_read_in_one_pass_are_found_where_each_search_finds_them(
    text: str, words: dict[str, str]
) -> None:
    hunted = sorted(words.items())
    assert [(s, e) for s, e, _ in _everywhere_one_pass(text, hunted)] == (
        _everywhere_by_searching(text, hunted)
    )


def test_a_long_log_of_many_names_finds_each_again() -> None:
    names = [f"{a}{b}" for a in "田中林森山" for b in "川村本口崎"]  # 25: past the one-pass mark
    text = "。".join(f"{n}さんが来た" for n in names) * 3
    found = {text[s:e] for s, e, _ in everywhere(text, names)}
    assert found == set(names)


def test_a_name_label_in_reach_is_read_on_a_long_line() -> None:
    filler = "Alpha Bravo " * 2000
    text = f"{filler}Name: Minjun Kim, {filler}"
    spans = [(s, e) for s, e, _, _ in foreign_names(text)]
    at = text.index("Minjun Kim")
    assert (at, at + len("Minjun Kim")) in spans
    capitals = f"{filler}旅券 GARCIA MARIA {filler}"
    at = capitals.index("GARCIA MARIA")
    assert (at, at + len("GARCIA MARIA")) in [(s, e) for s, e, _, _ in passport_capitals(capitals)]


def test_a_long_run_with_no_at_sign_holds_no_mail_address_and_one_after_it_is_taken() -> None:
    text = "1" * 5000 + " 連絡先 taro.yamada@example.jp まで"
    sanitised = tearline(text, "TLP:GREEN").text
    assert "taro.yamada@example.jp" not in sanitised
    assert sanitised.endswith(" 連絡先 ［メールアドレス］ まで")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab1.-_@x.coj p", max_size=40))
def test_mail_addresses_are_those_the_pattern_finds(text: str) -> None:
    assert [m.span() for m in mail_matches(text)] == [m.span() for m in MAIL.finditer(text)]


def test_a_lone_surrogate_is_replaced_and_the_names_around_it_still_go() -> None:
    result = tearline("山田太郎\udc00（35）の件", "TLP:RED")
    assert "山田" not in result.text
    assert "\ufffd" in result.text
    result.text.encode("utf-8")  # a product's text must be sendable


def test_a_label_far_to_the_left_of_its_name_in_an_aligned_form_still_names_it() -> None:
    """The label window starts where the form's alignment (spaces, the colon) before the
    name ends, so a wide form reads as it did before the window (review of lead1)."""
    for text, name in (
        ("Applicant" + " " * 115 + ":  WEI BROWN", "WEI BROWN"),
        ("Contact" + " " * 140 + ":  Anna Silva", "Anna"),
    ):
        assert name not in tearline(text, "TLP:GREEN").text
