"""det55 review fixes: the reviewer's reproducers, read as main read them or better.

Each group pins one defect of the review (docs/history/detection-journal.md, det55, "Review fixes"): a metal
trade named as a landmark or a doubted claim keeps a night metal-noise report (legit-trade);
a workplace word beside a pay keeps a messenger lure (workplace-chat-ja); a courier lure that
says "pickup only" or "ships" keeps its reading (goods-sale-en); drilling, hammering or sawing
at night without metal is a neighbour's DIY (act-night-work-en); one common precursor with cash
or a repeat alone is no report (act-precursor-purchase); a doubted or incidental purpose stands
nothing down (stated-purpose); pistol primers and powder with no paperwork are a listing; a
toy's 38口径ホイール風 sticker is no converted gun."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # 1. a trade as a landmark, a closed trade, hours ended, a doubted claim
        ("板金屋の裏の空き倉庫から深夜に金属音がする", "suspicious_activity"),
        ("廃業した鉄工所のシャッターの中から夜中に金属を削る音", "suspicious_activity"),
        ("夜中のガレージから金属を削る音、営業時間は終わっているはず", "suspicious_activity"),
        ("深夜のガレージから金属音、借主は整備士を名乗っているが工具もない", "suspicious_activity"),
        (
            "Metal grinding from the storage unit at 3am, well outside business hours",
            "suspicious_activity",
        ),
        (
            "Grinding metal in the garage at 2am, he claims he's a mechanic but there are no tools",
            "suspicious_activity",
        ),
        (
            "Workshop hours are 9-5, but we hear steel being cut in unit 9 at 2am every night",
            "suspicious_activity",
        ),
        # 2. the office named by a lure with its pay
        ("上司も同僚もいない自由な仕事 1日5万 シグナルへ", "recruitment"),
        ("簡単な書類運び 1日10万 シグナルで連絡ください 社員の紹介です", "recruitment"),
        ("部署移動で人手不足！ 受け取りだけで5万 詳細はテレグラム", "recruitment"),
        # 3. a runner's pickup and shipping are no goods for sale
        (
            "Drivers needed: pick up parcels and drop them off, no questions asked, $400 cash per run, pickup only",
            "recruitment",
        ),
        (
            "Just carry a bag to Osaka, 100k yen same day, no questions asked, ships tomorrow",
            "recruitment",
        ),
        # 6. a doubted or incidental purpose
        (
            "Man bought potassium nitrate and sulfur, paid cash, he lives near the school",
            "suspicious_activity",
        ),
        (
            "Buyer refused to give a name, bought sulfur and saltpeter, said he's clean",
            "suspicious_activity",
        ),
        ("男性が硝酸カリウムと硫黄を購入、農業用と言うが畑は持っていない", "suspicious_activity"),
        # 5. one precursor with a real refusal or two signs still reads
        (
            "The individual bought potassium chlorate and sugar in several stores on the same day",
            "suspicious_activity",
        ),
        # 7. a component listing
        (
            "Pistol primers and pistol powder, no paperwork, no ID, ships discreetly",
            "prohibited_listing",
        ),
        # det55's own reading: a listing's "no questions asked" is the listing's, not a lure
        (
            "Lot of 200 once-fired 9mm brass, no questions asked, ships discreetly, $40 obo",
            "prohibited_listing",
        ),
        (
            "Live 9mm rounds, 200, cash only, no questions asked, local pickup only",
            "prohibited_listing",
        ),
    ],
)
def test_det55_review_reports_flag(scorer: Scorer, text: str, category: str) -> None:
    assert scorer.score([text])[0].category == category


@pytest.mark.parametrize(
    "text",
    [
        # 4. night DIY without metal, and metal noise explained
        "Drilling noises from the flat upstairs at midnight again, so rude",
        "The apartment above has drilling sounds every night, I'm losing my mind",
        "Hammering noises next door at night, they're hanging pictures I guess",
        "Sawing noises from the garage at night, dad's making a birdhouse",
        "Metal clanging from the garage at midnight, turns out my son was fixing his exhaust",
        "Sound of metal being cut at 2am from the railway maintenance crew near the flat",
        # 5. one common precursor with cash or a repeat
        "Customer bought a bottle of acetone, paid cash",
        "Lady bought hydrogen peroxide again, she always does",
        "He bought peroxide again for his cuts",
        "男性がアセトンを購入、現金払い",
        "She bought epsom salt and peroxide, paid cash, for her feet",
        # 6. a purpose said as the purchase's
        "Customer bought charcoal and sulfur dust, said it's for the greenhouse and the barbecue",
        # 8. a toy's decoration
        "ミニ四駆 改造済み 38口径ホイール風ステッカー付き",
        # det55's own readings still stand down
        "隣の溶接工場から毎日金属を切る音、営業時間内",
    ],
)
def test_det55_review_everyday_unflagged(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None
