"""The twenty-fifth round (pii25): TLP:RED and TLP:AMBER+STRICT remove at least what
TLP:GREEN removes — the residual sweep runs at every level — and what a product keeps
(`keep`) the sweep leaves too. Examples written for these tests, not taken from a family."""

from __future__ import annotations

import pytest

from kizashi.share.restore import SpanRestoreRefusedError, restore_span
from kizashi.share.tear_line import HANDLING_CODES, default_rules, leftovers, tearline

# names no table holds (a rare surname, an Okinawan one, a Nigerian name) and a member number
TEXT = (
    "聴取メモ\n申出人 嵩原 颯汰（31）によると、先輩の儀保とは同じアパートに住んでいる。\n"
    "The contact said Adebayo Okonkwo-Eze rents a room there; member no. 2800-4417-9902."
)
NAMES = ["嵩原", "颯汰", "儀保", "Okonkwo-Eze"]


def _removed(code: str, **kwargs: object) -> set[int]:
    torn = tearline(TEXT, code, **kwargs)  # type: ignore[arg-type]
    return {i for r in torn.removed for i in range(r["start"], r["end"])}


@pytest.mark.parametrize("code", ["TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"])
def test_a_stricter_level_removes_every_character_green_removes(code: str) -> None:
    assert _removed("TLP:GREEN") <= _removed(code)


def test_red_takes_the_names_the_sweep_takes_at_green() -> None:
    assert leftovers(tearline(TEXT, "TLP:GREEN").text, NAMES) == []
    assert leftovers(tearline(TEXT, "TLP:RED").text, NAMES) == []
    assert "2800" not in tearline(TEXT, "TLP:RED").text


def test_every_level_runs_the_sweep_by_its_rules() -> None:
    for code in HANDLING_CODES:
        assert default_rules().levels[code].sweep, code


def test_keeping_persons_keeps_the_words_the_sweep_would_take_but_not_numbers() -> None:
    assert "儀保" in tearline(TEXT, "TLP:RED", keep=["person"], sweep=True).text
    torn = tearline(TEXT, "TLP:RED", keep=["person"]).text
    assert "嵩原 颯汰" in torn and "儀保" in torn and "Okonkwo-Eze" in torn
    assert "2800-4417-9902" not in torn  # an identifier-like number still goes
    assert "31" not in torn


def test_a_kept_plate_keeps_its_digits_from_the_sweep() -> None:
    # before pii25, AMBER with keep=plate gave ［人名?］ ［番号］ ぬ 48-21: the sweep took the
    # kept plate's region and number
    text = "白のアルファード（足立 330 ぬ 48-21）が深夜に停車している。"
    assert tearline(text, "TLP:AMBER", keep=["plate"]).text == text
    assert "330" not in tearline(text, "TLP:AMBER").text


def test_a_kept_address_keeps_its_town_from_the_sweep() -> None:
    text = "被害者の自宅は足立区保木間5-22-8のアパートで、夜間に物音がした。"
    assert tearline(text, "TLP:AMBER+STRICT", keep=["address"]).text == text
    assert tearline(text, "TLP:AMBER+STRICT", keep=["address"], sweep=True).text == text
    assert "保木間" not in tearline(text, "TLP:AMBER+STRICT").text
    assert "保木間" not in tearline(text, "TLP:RED").text


@pytest.mark.parametrize(
    "text",
    [
        "明日は晴れるので、公園で子どもたちとサッカーをする予定です。",
        "I think we should meet at the station after lunch.",
    ],
)
def test_an_ordinary_sentence_comes_through_red(text: str) -> None:
    assert tearline(text, "TLP:RED").text == text


@pytest.mark.parametrize("code", ["TLP:AMBER+STRICT", "TLP:RED"])
def test_a_swept_unknown_proper_noun_is_never_restored_at_the_named_levels(code: str) -> None:
    """Review of pii25: with the sweep at every level, `residual_proper` restorable at
    AMBER+STRICT and RED let the approver put a name no table holds back alone (Bilal)."""
    text = "共犯者 Bilal Chaudhry が運転。"
    torn = tearline(text, code)
    index = next(i for i, r in enumerate(torn.removed) if r["kind"] == "residual_proper")
    record = {"by": "approver", "reason": "needed"}
    with pytest.raises(SpanRestoreRefusedError):
        restore_span(text, torn.text, torn.removed, index, code, record)


@pytest.mark.parametrize(
    "text",
    ["情報提供者の田中太郎から聴取。", "通報者 田中太郎（近隣住民）", "協力者の田中太郎が同行"],
)
def test_an_informant_is_removed_even_where_persons_are_kept(text: str) -> None:
    """Review of pii25: the informant rule asked for a colon or は after the marker, so with
    `person` kept at RED 情報提供者の田中太郎 went out whole. A source is never kept."""
    torn = tearline(text, "TLP:RED", keep=["person"])
    assert "田中" not in torn.text
    assert "通報者の話では" in tearline("通報者の話では", "TLP:RED").text
