"""Pass 14 of issue 13 (Japanese, rules only): threats that carry no harm word — keigo
menace, mass violence said as taking people along, a routine known and a warning, the
causative of 死ぬ in code, a meeting named as the reader's death day, SNS markup around a
weapon pictograph — and recruitment that buys accounts, phones and ID documents; the business
letters, 道連れ in its ordinary senses, family routines, used-phone shops, police warnings
and games stay unflagged.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, detect_rules
from kizashi.detect.gate import passes_gate
from kizashi.text import views
from tests.detect.readings import guards_fired, rule_ids


@pytest.mark.parametrize(
    ("text", "rule", "category"),
    [
        (
            "会長殿、お嬢様の身に何が起きようとも当方は責任を負いかねます",
            "threat-keigo-disclaim-ja",
            "threat",
        ),
        (
            "知事、ご覚悟のほどを。来週の視察でお会いしましょう",
            "threat-keigo-disclaim-ja",
            "threat",
        ),
        ("理事長、背後には十分ご用心くださいませ", "threat-keigo-disclaim-ja", "threat"),
        ("日曜の駅伝大会、沿道の連中を道連れにしてやる", "threat-mass-along-ja", "threat"),
        ("明日の始業式、校庭で一人でも多く巻き込んでやる", "threat-mass-along-ja", "threat"),
        (
            "ご主人、毎週水曜は夜9時に帰宅されますよね。気をつけた方がいいですよ",
            "threat-watched-ja",
            "threat",
        ),
        ("お前の息子、毎日3時に学校を出るだろ。気をつけろ", "threat-watched-ja", "threat"),
        ("あの店長、死なせに行くから", "threat-die-causative-ja", "threat"),
        ("来週、課長を4なせる", "threat-die-causative-ja", "threat"),
        ("係長、氏なせてやる", "threat-die-causative-ja", "threat"),
        ("来月の理事会が、貴様の命日だ", "threat-death-day-ja", "threat"),
        ("週明けの総会を社長の最期にしてやる", "threat-death-day-ja", "threat"),
        ("@suzuki_giin 🔪 #投票日 #市民ホール 覚悟しろ", "threat-sns-menace-ja", "threat"),
        ("預金口座、1口座につき4万円で買い取ります。LINEへ", "rec-account-buy-ja", "recruitment"),
        ("通帳とキャッシュカードを譲ってくれたら報酬5万", "rec-account-buy-ja", "recruitment"),
        ("新規契約した携帯を渡すだけで1台3万円お支払い", "rec-phone-buy-ja", "recruitment"),
    ],
)
def test_pass14_shapes_are_read_and_flagged(
    scorer: Scorer, text: str, rule: str, category: str
) -> None:
    assert passes_gate(text), text
    assert rule in rule_ids(text), text
    assert scorer.score([text])[0].category == category, text


@pytest.mark.parametrize(
    "text",
    [
        "弊社は配送中の破損について責任を負いかねますのでご了承ください",
        "皆様、ご健康にはくれぐれもお気をつけください",
        "先生、雨の夜道お気をつけてお帰りくださいませ",
        "合宿の筋肉痛はご覚悟ください",
        "夜更かしに弟を道連れにしてしまった",
        "人生は旅、旅は道連れ",
        "無差別殺傷事件の遺族が会見した",
        "息子は毎朝8時に家を出ます。気をつけて行ってらっしゃいと声をかけた",
        "凍結してるから、明日の朝は足元に気をつけた方がいいよ",
        "飼っていた金魚を死なせてしまった",
        "今日は祖母の命日です",
        "あれが恩師との最期となりました",
        "🔪🥩 今日のキャンプ料理はこれで終わり #アウトドア",
        "次はお前の打席だぞ、しっかり振れ",
        "中古スマホ高価買取中！iPhone最大5万円、店頭で査定",
        "新規口座開設で現金3000円プレゼント",
        "口座の売買は犯罪です。報酬5万円という誘いに乗らないで",
        "NISA口座で投資信託を売って12万円の利益",
    ],
)
def test_pass14_innocent_shapes_are_not_flagged(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text


def test_a_harm_reading_without_a_target_is_no_threat(scorer: Scorer) -> None:
    # The new readings are intent components only: with no person, place or event they are
    # evidence, never a flag.
    text = "道連れにしてやる"
    assert "threat-mass-along-ja" in rule_ids(text)
    assert detect_rules(text).reading == ()
    assert scorer.score([text])[0].category is None


def test_the_routine_rule_needs_a_routine_and_a_knowing_tag() -> None:
    assert "threat-watched-ja" not in rule_ids("お前、気をつけろ")
    assert "threat-watched-ja" not in rule_ids("毎朝7時に出るんだ。気をつけろ")
    assert "threat-watched-ja" in rule_ids("毎朝7時に出るよね。気をつけろ")


def test_the_causative_is_decoded_from_digits_and_homophones() -> None:
    def targets(text: str) -> list[tuple[str, str]]:
        return [(text[d.start : d.end], d.target) for d in views(text).decodings]

    assert ("4", "し") in targets("課長を4なせる")
    assert ("氏", "死") in targets("係長、氏なせてやる")
    # Not a count of things, nor 4 before other kana (4なす is four aubergines).
    assert targets("りんごを4個なせる") == []
    assert targets("4なすを買った") == []


def test_incident_guard_stands_down_for_an_incident_not_a_plan() -> None:
    assert "incident-noun-ja" in guards_fired("秋葉原の無差別殺傷事件から15年")
    assert "threat-mass-ja" in rule_ids("駅で無差別殺傷事件を起こしてやる")


def test_turn_guard_reads_whose_move_it_is() -> None:
    assert "turn-ja" in guards_fired("次はお前のターンだ")
    assert "threat-implicit-ja" in rule_ids("次はお前の番だ")


def test_a_warning_with_its_hazard_or_reason_is_advice(scorer: Scorer) -> None:
    advice = "部長、毎週金曜は飲み会ですよね。飲みすぎに気をつけた方がいいですよ"
    assert "hazard-advice-ja" in guards_fired(advice)
    assert scorer.score([advice])[0].category is None
    reason = "先生、毎朝7時の電車ですよね。最近ひったくりが多いので気をつけてね"
    assert scorer.score([reason])[0].category is None
    menace = "先生、毎朝7時の電車ですよね。背後には気をつけてね"
    assert "threat-watched-ja" in rule_ids(menace)
    assert scorer.score([menace])[0].category == "threat"


def test_a_sale_told_as_done_is_no_offer(scorer: Scorer) -> None:
    done = "使ってない口座を3万円で売った"
    assert "past-act-ja" in guards_fired(done)
    assert scorer.score([done])[0].category is None
    assert scorer.score(["子どもに通帳を渡した。お年玉の3万円が入ってる"])[0].category is None
    assert "rec-account-buy-ja" in rule_ids("使ってない口座、3万円で売ってくれる人募集")
