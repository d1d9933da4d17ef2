"""det46 (issue 13, Japanese): causes found on a fresh probe's tune half, fixed generally.

A decision said of the writer's own act (刺すことに決めた); kin, in-laws, landlords and a
group as the person a harm names; a person right before a bare verb with the particle
dropped (元嫁刺す); other notorious attacks named as the writer's model (京アニの再現,
安倍さんと同じ目に遭わせる); 火を放つ with を dropped; run over said with ひく in kana; a
body left unable ever again (二度と歩けない体にしてやる); a blade driven in (ナイフぶち込んで
やる); the keigo causative of the life-ending frames; a chemical smell or fertiliser mixed
at a dwelling at night; the pipe named by its form; a barrel sawn short; the other secure
messengers; a police officer as who gave the warning; an incident named by its vehicle.
None of these sentences is a probe item (docs/detection.md, "det46")."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("叔父を来週の集まりで刺すことに決めた", "threat"),
        ("あの劇団の稽古場で京アニの再現してやる", "threat"),
        ("市議を安倍さんと同じ目に遭わせてやる", "threat"),
        ("義母の店に夜中に火放ってやる", "threat"),
        ("元旦那を車でひいてやる", "threat"),
        ("二度と歩けない体にしてやる、管理人", "threat"),
        ("兄貴の背中にナイフぶち込んでやる", "threat"),
        ("元嫁刺す", "threat"),
        ("夜になると隣の部屋からきつい薬品のにおいがする", "suspicious_activity"),
        ("深夜、向かいのガレージで誰かが肥料を調合している", "suspicious_activity"),
        ("夜中に倉庫で鉄板を溶接する音がずっと続いてる", "suspicious_activity"),
        ("散弾銃の銃身を切り詰めて車に隠したい", "weapon"),
        ("仕事の詳細はポテトチャットで送ります、報酬は日払い", "recruitment"),
    ],
)
def test_phrasings_read_with_their_category(scorer: Scorer, text: str, category: str) -> None:
    assert scorer.score([text])[0].category == category


@pytest.mark.parametrize(
    "text",
    [
        # flagged on main: the warning retold, the incident remembered
        "高額バイトは受け子だと警察官が朝礼で言っていた",
        "歩道の列に軽トラが突入した事件から3年、現場で黙祷",
        # left alone on main too, by construction: the new readings' everyday twins
        "京アニみたいな背景美術が好き",
        "秋葉原みたいに賑やかな街",
        "同じ目に遭わせたくないから娘には言わない",
        "病院の薬品のにおいが苦手",
        "畑の土に肥料を混ぜた",
        "兄とキャンプに行くことにした",
        "車で駅まで送ってやる",
        "映画館を吹き飛ばす映像がすごかった",
    ],
)
def test_everyday_twins_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
