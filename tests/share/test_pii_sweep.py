"""The residual sweep (share/pii_sweep.py): after the recogniser, what is identifying-shaped
and not ordinary vocabulary is generalised at the levels that say so; municipality names and
ordinary sentences come through."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizashi.errors import SchemaError
from kizashi.share.pii_sweep import _overlap_test, sweep
from kizashi.share.tear_line import RULES_FILE, leftovers, load_rules, tearline

# Written for this test: a place-name surname and a given-name spelling no shipped table
# lists, a name in Hangul, a Vietnamese name, a phone read out, a messenger id.
SEEDED_TEXT = (
    "相談記録\n申出人 桑蓮 汐詩（49）は、大家の蔦平が無断で部屋に入ると訴えた。\n"
    "同居人 박서준（パク・ソジュン）、友人 Trần Thị Mai。\n"
    "折り返しは080の5521の7304、微信 wxid_kq774120。"
)
SEEDED = [
    "桑蓮",
    "汐詩",
    "蔦平",
    "박서준",
    "パク・ソジュン",
    "Trần Thị Mai",
    "5521",
    "7304",
    "wxid_kq774120",
]


def test_the_tearline_of_a_seeded_product_holds_none_of_the_seeded_values() -> None:
    torn = tearline(SEEDED_TEXT, "TLP:GREEN")
    assert leftovers(torn.text, SEEDED) == []
    # the sweep, not only the recogniser, took part, and its placeholders say what went
    assert any(r["rule"].startswith("SWEEP-") for r in torn.removed)
    assert "［番号］" in torn.text
    assert "［固有名詞］" in torn.text or "［人名?］" in torn.text


def test_without_the_sweep_the_recogniser_alone_leaves_some_of_them() -> None:
    torn = tearline(SEEDED_TEXT, "TLP:GREEN", sweep=False)
    assert leftovers(torn.text, SEEDED) != []
    assert not any(r["rule"].startswith("SWEEP-") for r in torn.removed)


@pytest.mark.parametrize(
    "code", ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
)
def test_every_level_sweeps(code: str) -> None:
    # pii25: the named-recipient levels sweep too — a stricter level never removes less
    # (before, RED and AMBER+STRICT left 桑蓮, 蔦平, 박서준 and the rest)
    torn = tearline(SEEDED_TEXT, code)
    assert leftovers(torn.text, SEEDED) == []
    assert any(r["rule"].startswith("SWEEP-") for r in torn.removed)


@pytest.mark.parametrize(
    "text",
    [
        "東京都足立区で説明会を開き、横浜と札幌の支部からも参加があった。",
        "足立区と練馬区の不動産協会に注意喚起を送った。",
        "関東地方は明日も晴れる見込みです。",
    ],
)
def test_prefectures_municipalities_and_regions_survive(text: str) -> None:
    assert tearline(text, "TLP:GREEN").text == text


def test_a_town_below_the_municipality_is_cut_off_and_the_ward_stays() -> None:
    torn = tearline("足立区千住旭町の倉庫で物音がした。", "TLP:GREEN").text
    assert torn.startswith("足立区")
    assert "千住旭町" not in torn


@pytest.mark.parametrize(
    "text",
    [
        "私は毎朝ジョギングをします。",
        "2026年10月3日に炊き出しで150食を作った。",
        "預り金3,000円と手数料500円を受け取った。",
        "令和8年11月20日付の回答書を受領した。",
        "ミニトマトとロールケーキを買ってきた。",
        "トヨタのハイエースが駅前に停まっていた。",
        "参加者は120人、会場は3階でした。",
        "Hence the meeting was moved to Tuesday afternoon.",
        "The shop sold 16GB cards for 1,200 yen.",
    ],
)
def test_ordinary_sentences_keep_their_sense(text: str) -> None:
    assert tearline(text, "TLP:GREEN").text == text


def test_the_sweep_names_the_kind_it_removed() -> None:
    text = "家主の김민수が、電話は090の4413の2087だと言った。"
    kinds = {(text[f.start : f.end], f.kind) for f in sweep(text, [])}
    assert ("김민수", "residual_proper") in kinds
    assert {("4413", "residual_number"), ("2087", "residual_number")} <= kinds
    assert ("家主", "residual_proper") not in kinds


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("保険証 記号4821 番号556", "4821"),  # a label after a space is no counter
        ("折り返しは070の3318の6402までお願いします。", "6402"),  # まで is no counter
    ],
)
def test_a_counter_must_be_a_kanji_right_after_the_number(text: str, number: str) -> None:
    assert number not in tearline(text, "TLP:GREEN").text


def test_what_the_recogniser_took_is_not_swept_again() -> None:
    text = "会社の火打社長"
    assert sweep(text, [(3, 5)]) == []


def test_a_person_name_the_dictionary_knows_is_a_name() -> None:
    text = "昨日トムとメアリーが来た。"
    found = sweep(text, [])
    assert {text[f.start : f.end] for f in found} == {"トム", "メアリー"}
    assert {f.kind for f in found} == {"residual_name"}


def test_an_unknown_level_sweep_kind_is_refused(tmp_path: Path) -> None:
    bad = RULES_FILE.read_text("utf-8").replace(
        "sweep: [residual_name, residual_proper, residual_number]", "sweep: [everything]", 1
    )
    path = tmp_path / "tearline.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(SchemaError):
        load_rules(path)


@given(
    taken=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=25),
    start=st.integers(0, 70),
    length=st.integers(0, 15),
)
def test_the_overlap_test_is_the_pairwise_one(
    taken: list[tuple[int, int]], start: int, length: int
) -> None:
    """The sweep's log-time overlap test (a long chat made the pairwise one quadratic) says
    what testing every taken span says, zero-length spans and nested ones included."""
    spans = [(s, s + n) for s, n in taken]
    end = start + length
    pairwise = any(start < e and s < end for s, e in spans)
    assert _overlap_test(spans)(start, end) is pairwise
