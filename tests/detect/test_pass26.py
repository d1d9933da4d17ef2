"""Pass 26 of issue 13: a death wished in keigo (永眠していただく, 天に召されていただく); the
reader's own funeral pictured as prepared (お前の墓はもう掘ってある); a planted thing said to go
off; the reader's ruined body as a consequence, a harm said as a pity, the reader's door known;
an office-holder's occasion ending in an ambulance; casings called cartridge cases; a received
threat notice, a legal warning and an English model kit left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, scan
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat or listing, the rule it is read by, its category, and a twin of the same shape that
# is none.
TWINS = [
    (
        "係長殿には近々永眠していただきたく存じます",
        "threat-keigo-euphemism-ja",
        "threat",
        "係長殿のお父様が先月永眠いたしました",
    ),
    (
        "てめえの棺桶はもう注文してあるからな",
        "threat-funeral-image-ja",
        "threat",
        "祖母の棺桶はもう注文してあるそうだ",
    ),
    (
        "来週の朝、品川駅に仕掛けた物が爆発する",
        "threat-planted-device-ja",
        "threat",
        "来週の朝、品川駅の近くで仕掛け花火が上がる",
    ),
    (
        "hand over the footage or you'll be breathing through a tube by friday",
        "threat-reader-ruin-en",
        "threat",
        "after the surgery you'll be breathing on your own by friday",
    ),
    (
        "it'd be a real shame if your garage caught fire tonight",
        "threat-pity-if-en",
        "threat",
        "it'd be a real shame if you missed the fireworks tonight",
    ),
    (
        "we know which door you use after your shift",
        "threat-reader-known-en",
        "threat",
        "do you know which door you use after your shift?",
    ),
    (
        "the governor's rally on saturday is going to end in a stretcher",
        "threat-office-medical-en",
        "threat",
        "the governor's rally on saturday is going to end in a fireworks show",
    ),
    (
        "カートリッジケース .45 真鍮 20個 送料込み",
        "lst-cartridge-case-ja",
        "prohibited_listing",
        "トナーカートリッジケース 20個 送料込み",
    ),
]


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(
    text: str, rule: str, category: str, twin: str
) -> None:
    assert passes_gate(text)
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_the_readings_are_flagged_and_the_twins_are_not(
    scorer: Scorer, text: str, rule: str, category: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == category
    assert not scorer.score([twin])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        # Kansai いてこます split い|て|こ|ます by Sudachi.
        "明日会うたらいてこますぞ、覚えとけ",
        # A keigo routine warning closed with あそばせ.
        "お嬢様が毎週水曜に塾へ通われているのは存じ上げております。お気をつけあそばせ",
        # An office-holder's occasion foretold as the last of something done there.
        "市長殿、来週の式典が最後の公務となります",
    ],
)
def test_wordings_the_older_rules_now_read(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


def test_a_career_end_keeps_the_last_stage_a_farewell(scorer: Scorer) -> None:
    text = "市長は退任を表明し、来週の式典が最後の公務となります"
    assert "threat-last-occasion-ja" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        ("区役所に爆破予告の電話があり、窓口が閉鎖された", "reported-threat-ja"),
        ("実物の空薬莢をネットで売り買いするのは禁止されています", "listing-enforcement-ja"),
        ("1/48 scale model kit, unbuilt, spent brass casings decals, $30 shipped", "legal-replica"),
    ],
)
def test_reports_warnings_and_kits_are_stood_down(scorer: Scorer, text: str, guard: str) -> None:
    assert guard in guards_fired(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "天気がいいうちに墓参りに行ってきます",
        "話しかけるタイミングを逃した",
        "永遠に続く夏休みがほしい",
        "話しかけたけど無視された",
        "部位はよく分からないけど、焼き方はミディアムで",
    ],
)
def test_everyday_words_near_the_new_anchors_stay_out_of_the_gate(text: str) -> None:
    assert not passes_gate(text)


def test_a_map_lookup_a_greeting_and_a_lie_in_are_not_threats_to_the_reader() -> None:
    everyday = [
        "It's easy to find where you live on the map app, just type the postcode.",
        "I know which window is yours, I'll wave when the bus goes past!",
        "After the marathon you won't be waking up before noon, trust me.",
    ]
    menacing = [
        "I know which window is yours",
        "found your address on the map, you'll regret this",
        "talk to the cops and you won't be waking up tomorrow",
    ]
    flagged = {
        str(out["id"]): bool(out["flagged"])
        for out in scan([{"id": t, "text": t} for t in everyday + menacing])
    }
    assert [flagged[t] for t in everyday] == [False, False, False]
    assert [flagged[t] for t in menacing] == [True, True, True]
