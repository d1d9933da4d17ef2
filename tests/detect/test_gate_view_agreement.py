"""The gate and the decoded view read word gaps and whole katakana runs with one definition
(``kizashi.text.WORD_GAP``, ``kizashi.text.inside_katakana_run``), so they cannot disagree:
whatever the view glues into an anchor, or reads as a whole-run spelling, the gate passes.
(det37's half-width ﾞ/ﾟ defect was such a disagreement, kept in step by hand.)"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizashi.detect.gate import passes_gate
from kizashi.text import views

# Anchors of the shipped rules, split where a gap may sit (at a kanji).
_SPLIT_ANCHORS = [
    ("殺", "す"),
    ("殺", "してやる"),
    ("爆", "破する"),
    ("刺", "す"),
    ("放", "火する"),
]
_SEPARATORS = [" ", "\n", "・", "･", ".", "/", "|", "｜", "-", "_", "~", "〜", "🔪", "💣", "♡"]
_CONTEXT = st.text(alphabet="あいうおかをにはアイマー今日明後で部長 !。", max_size=6)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=_CONTEXT,
    anchor=st.sampled_from(_SPLIT_ANCHORS),
    gap=st.lists(st.sampled_from(_SEPARATORS), min_size=1, max_size=3).map("".join),
    after=_CONTEXT,
)
def test_the_gate_passes_every_anchor_the_view_glues_across_a_gap(
    before: str, anchor: tuple[str, str], gap: str, after: str
) -> None:
    text = f"{before}{anchor[0]}{gap}{anchor[1]}{after}"
    glued = any(d.id == "separator-gap" for d in views(text).decodings)
    if glued and "".join(anchor) in views(text).decoded.text:
        assert passes_gate(text), text


_AROUND = st.text(alphabet="アマリーブル・ねよ死 !、", max_size=4)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_AROUND, after=_AROUND)
def test_the_gate_passes_every_whole_run_the_view_reads(before: str, after: str) -> None:
    text = f"{before}シネ{after}"
    if any(d.id == "vis-shine-katakana" for d in views(text).decodings):
        assert passes_gate(text), text


def test_a_pictograph_in_a_gap_the_view_keeps_still_passes_the_gate() -> None:
    # 🔫 sits in a gap at a kanji (だ🔫 家) that the dictionary does not read as one word: the
    # view keeps it, and the gate, which glues every such gap, must not lose it.
    text = "@yamada お前はもう終わりだ🔫 家の前にいるぞ"
    assert "🔫" in views(text).decoded.text
    assert passes_gate(text)


# A weapon pictograph is a gate shape only beside an @handle or a #tag on its own line
# (gate.yaml weapon-markup), so a pictograph glued out of a gap must be read where it was.
_LONG_LINE = (
    "明日は朝から会議があって、そのあと取引先に寄ってから帰る予定なので遅くなります、よろしく"
)


def test_a_glued_pictograph_is_read_on_its_own_line_beside_the_handle() -> None:
    text = f"@yamada お前はもう終わりだ🔫 家の前にいるぞ\nじゃあね\n{_LONG_LINE}"
    assert len(text) > 60
    assert passes_gate(text)


def test_a_glued_pictograph_is_not_moved_to_a_handle_on_another_line() -> None:
    for text in (
        "射的 🔫 で景品取った\n@friend ありがと",
        f"射的 🔫 で景品取った\n{_LONG_LINE}\n@friend ありがと",
    ):
        assert not passes_gate(text), text
