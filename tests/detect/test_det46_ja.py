"""det46 (issue 13, Japanese): causes found on a fresh probe's tune half, fixed generally.

A decision said of the writer's own act (刺すことに決めた); kin, in-laws, landlords and a
group as the person a harm names; a person right before a bare verb with the particle
dropped (元嫁刺す); other notorious attacks named as the writer's model (京アニの再現,
安倍さんと同じ目に遭わせる); 火を放つ with を dropped; run over said with ひく in kana; a
body left unable ever again (二度と歩けない体にしてやる); a blade driven in (ナイフぶち込んで
やる); the keigo causative of the life-ending frames; a chemical smell or fertiliser mixed
at a dwelling at night; the pipe named by its form; a barrel sawn short; the other secure
messengers; a police officer as who gave the warning; an incident named by its vehicle.
None of these sentences is a probe item (docs/detection.md, "det46").

The det46 review's lines (and variants) pin what those readings must not reach: a smell with
an everyday source or no sign of concealment, a place or studio named without the writer's
act or in prevention talk, a runner thrown out (刺す in baseball), a plumber's pipe, a band's
practice app — and the lures and threats the new guards must not hide (a lure citing the
police as an endorsement or minimising a crime's entrance, 事件起こす with を dropped)."""

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
        ("夜になると隣の空き家からきつい薬品のにおいがする", "suspicious_activity"),
        ("深夜、向かいのガレージで誰かが肥料を調合している", "suspicious_activity"),
        ("夜中に倉庫で鉄板を溶接する音がずっと続いてる", "suspicious_activity"),
        ("散弾銃の銃身を切り詰めて車に隠したい", "weapon"),
        ("仕事の詳細はポテトチャットで送ります、報酬は日払い", "recruitment"),
        # the det46 review's fixes keep the writer's act
        ("あいつの家を京アニみたいにしてやる", "threat"),
        ("明日は秋葉原事件の続きをやる", "threat"),
        ("第二の秋葉原事件を起こす", "threat"),
        ("佐藤刺す、明日やる", "threat"),
        ("夜中に倉庫で鉄パイプを切断する音がする", "suspicious_activity"),
        ("夜中に誰かが空き家に出入りして薬品のにおいがする", "suspicious_activity"),
        ("案件の報酬はセッションってアプリで伝える", "recruitment"),
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


@pytest.mark.parametrize(
    "text",
    [
        # a smell with an everyday source, a room or the night is no sign of concealment
        "ベランダのプランターに肥料を混ぜた",
        "夜に庭の土と肥料を混ぜ合わせた",
        "プールの塩素のにおいが夜まで取れない",
        "夜に漂白剤を使ったら塩素の臭いが部屋にこもった",
        "温泉の硫黄のにおいが部屋にまで残ってる",
        "アパートの廊下でアンモニア臭がする、猫のおしっこかな",
        "歯医者の薬品の匂いが部屋に残る",
        "倉庫の中の溶剤の臭いがきつかった",
        "夜中に部屋でシンナーのにおいがすると思ったら妹がネイルしてた",
        "夜中にキッチンで薬品のにおいがすると思ったら妻が排水管の掃除をしていた",
        "深夜に部屋で除光液の異臭がしてた",
        "毎晩、隣の家から刺激臭がする、たぶん唐辛子を炒めてる",
        "マンションのゴミ置き場から異臭がすると管理人に言った",
        "夜にマンションの部屋でカビ取りの塩素の匂いがこもる",
        "誰かが隣で焼肉してて異臭がする",
        "不審な荷物から異臭がすると駅員に通報した",
        "怪しい薬品のにおいがする化粧品は使わない",
        # a place, a studio or a city named without the writer's act, or in prevention
        "秋葉原の再現をしたジオラマ",
        "秋葉原の再現をするプラモを買った",
        "アキバの続きをやる、ストーリー長いな",
        "相模原の続きをやる、ドラマの話",
        "相模原みたいにするって市長が言ってた再開発計画",
        "安倍さんみたいにするのは無理だけど政治家になりたい",
        "第二の秋葉原事件を防ぐために歩行者天国の警備が強化された",
        "第二の京アニ事件を防ぐにはどうすればいいか議論した",
        "京アニの再現をしてみた、作画の練習",
        "秋葉原の再現しようぜ、ジオラマで",
        "秋葉原事件の再現をするジオラマを作った",
        # a runner thrown out, a plumber's pipe, a band's practice app
        "佐藤刺す、牽制球で一塁アウト",
        "鈴木刺す、盗塁阻止",
        "二塁で田中刺した、ナイス送球",
        "水道屋さんが隣の部屋で塩ビパイプを切断する音がうるさい",
        "セッションアプリでバンド練習の予定を連絡します",
        "セッションってアプリで練習の詳細を連絡します",
        "セッションのアプリで音楽を作ってる",
    ],
)
def test_review_everyday_lines_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a lure citing the police as an endorsement is no retold warning
        ("警察官も言ってた、この仕事は合法だって、日給5万、詳細はテレグラム", "recruitment"),
        ("刑事が話してたけどこのバイトは安全、荷物受け取るだけで10万", "recruitment"),
        ("警官が言うには捕まらないらしい、即日払い、運ぶだけ、詳細DM", "recruitment"),
        # a lure that makes a crime's entrance its topic to minimise it
        ("闇バイトの始まりは怖くないよ、受け取るだけで即日5万、テレグラムで連絡", "recruitment"),
        ("強盗の入口は簡単、詳細はシグナルで", "recruitment"),
        ("闇バイトの入口はここ、詳細はテレグラムで連絡して", "recruitment"),
        # 事件起こす with を dropped is still the writer's act
        ("歩行者天国に車で突っ込んで事件起こす", "threat"),
        ("無差別殺傷して事件起こす", "threat"),
    ],
)
def test_review_lures_and_threats_stay_flagged(scorer: Scorer, text: str, category: str) -> None:
    assert scorer.score([text])[0].category == category
