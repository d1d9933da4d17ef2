"""Held-out family V–W for ``share_pii.py`` (written 2026-12-05 03:00 UTC by pii9, before
the seventh round of changes to the recogniser; frozen: run once at the start and once at
the end, its misses never listed).

The shapes are documents partners and officers exchange that no earlier family used:

V partners' documents, a formal writer — a car-rental company's rental record (借受人,
  運転者, the card the deposit was paid with, a foreign co-driver); a mobile-phone shop's
  contract check (契約者, 本人確認書類, 支払方法 クレジットカード); a fitness club's member
  record with a foreign member written in Western order; a card issuer's English fraud
  notice (cardholder, card number, billing address); a drugstore's report of a watch-listed
  purchase (the buyer paid by card, the clerk's note of the buyer's katakana name); a
  language school's enrolment answer (a student, the guarantor, the homestay family).
W officers' notes and citizens' words, another writer — a neighbour's complaint taken at a
  koban (向かいの○○さんとこの息子, the family called by surname and kin words); a patrol
  officer's memo on a foreign resident; a desk's chat (@mentions, surnames with ranks); a
  card company's call relayed by phone; an interview with a landlord who calls the tenant
  by his given name; an English-speaking caller's words noted in Japanese.

Values: IPAdic names (the share_pii_pq sampler, own seed), foreign names written for this
family (Western order in Latin letters and in katakana with ・ or a space — given name
first —, passport capitals), Geolonia towns of a sample no earlier family drew (every 73rd
from the 19th), card numbers that pass the Luhn check (16 digits in fours with spaces,
dashes or none; 15-digit 4-6-5), lone surnames and given names with honorifics, ranks, kin
words or a household's context. Each voice also has ordinary sentences with no personal
data (dates, amounts, product and order numbers that fail the Luhn check, company and
product names in capitals and katakana with ・), to count false removals in the family's
own register.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import share_pii_rs
from share_pii_draw import draw_texts
from share_pii_towns import town_sample

# (passport capitals SURNAME GIVEN, Western order, katakana as a Japanese clerk writes it:
# given name first, ・ or a space)
_FOREIGN = (
    ("BROWN DAVID", "David Brown", "デビッド・ブラウン"),
    ("WILSON SARAH", "Sarah Wilson", "サラ・ウィルソン"),
    ("RODRIGUEZ CARLOS", "Carlos Rodriguez", "カルロス・ロドリゲス"),
    ("PETROV ALEXEI", "Alexei Petrov", "アレクセイ・ペトロフ"),
    ("SILVA ANA", "Ana Silva", "アナ　シルバ"),
    ("PHAM THI LAN", "Lan Pham", "ファム・ティ・ラン"),
    ("SHARMA RAHUL", "Rahul Sharma", "ラフル・シャルマ"),
    ("DUBOIS CLAIRE", "Claire Dubois", "クレール・デュボワ"),
    ("ROSSI MARCO", "Marco Rossi", "マルコ　ロッシ"),
    ("YILMAZ EMRE", "Emre Yilmaz", "エムレ・ユルマズ"),
    ("HERNANDEZ JOSE", "Jose Hernandez", "ホセ・エルナンデス"),
    ("TAYLOR JAMES", "James Taylor", "ジェームズ　テイラー"),
    ("BAKER EMMA", "Emma Baker", "エマ・ベイカー"),
    ("LOPEZ DIEGO", "Diego Lopez", "ディエゴ・ロペス"),
    ("KOWALSKI PIOTR", "Piotr Kowalski", "ピョートル・コワルスキ"),
    ("ANDERSON LUCY", "Lucy Anderson", "ルーシー・アンダーソン"),
)
# what a neighbour or a landlord calls a family member
_FAMILY = ("息子", "娘", "奥さん", "旦那", "お婆ちゃん", "お爺さん", "親父", "兄貴")
_RANKS = ("主任", "係長", "部長", "巡査長", "課長", "班長")
_SHOPS = ("ニコニコレンタカー 川口駅前店", "オリーブレンタカー 大宮店", "レンタカーひまわり 蒲田店")
_PHONE_SHOPS = ("スマホショップ新宿西口", "モバイルプラザ町田", "携帯ショップ千葉中央")
_GYMS = ("フィットネスクラブ ルネサンス北", "スポーツジム ライフ24 品川", "ジム・アスリート浦和")
_DRUG = ("ドラッグストア ミドリ 松戸店", "くすりのヤマト 草加店", "ファーマシー青葉 藤沢店")
_SCHOOLS = ("東京国際日本語学院", "さくら日本語アカデミー", "横浜ランゲージスクール")
_ISSUERS = ("Orion Card Services", "Meridian Payments Ltd.", "Bluefin Credit Co.")
_CARS = ("プリウス", "ハイエース", "ノート", "アクア", "セレナ")
_ITEMS = ("過酸化水素水 3L", "アセトン 18L", "硝酸アンモニウム系肥料 20kg", "塩素系漂白剤 12本")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 73rd Geolonia town from the 19th."""
    return town_sample(shared, every=73, start=19)


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these are doubled once the check digit is appended
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def card_number(rng: random.Random) -> str:
    """A number that passes the Luhn check, written as a clerk or a form writes it."""
    if rng.random() < 0.2:
        body = (
            rng.choice("3")
            + rng.choice("47")
            + "".join(rng.choice("0123456789") for _ in range(12))
        )
        n = body + _luhn_digit(body)
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    body = rng.choice("45") + "".join(rng.choice("0123456789") for _ in range(14))
    n = body + _luhn_digit(body)
    sep = rng.choice([" ", "-", "", "　"])
    return sep.join(n[i : i + 4] for i in range(0, 16, 4))


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    v = share_pii_rs.values(rng, folk, towns, romaji)
    f_pass, f_nat, f_ja = rng.choice(_FOREIGN)
    v.update(f_pass=f_pass, f_nat=f_nat, f_ja=f_ja)
    v["f_given"] = f_nat.split(" ")[0]
    v["f_sur"] = f_nat.split(" ")[-1]
    v["card"] = card_number(rng)
    v["family"] = rng.choice(_FAMILY)
    v["rank"] = rng.choice(_RANKS)
    v["shop"] = rng.choice(_SHOPS)
    v["phone_shop"] = rng.choice(_PHONE_SHOPS)
    v["gym"] = rng.choice(_GYMS)
    v["drug"] = rng.choice(_DRUG)
    v["school"] = rng.choice(_SCHOOLS)
    v["issuer"] = rng.choice(_ISSUERS)
    v["car"] = rng.choice(_CARS)
    v["item"] = rng.choice(_ITEMS)
    v["day"] = str(rng.randint(1, 28))
    v["hour"] = f"{rng.randint(8, 22)}:{rng.randint(0, 59):02d}"
    v["amount"] = f"{rng.randint(2, 98) * 1000:,}"
    v["expiry"] = f"{rng.randint(1, 12):02d}/{rng.randint(27, 31)}"
    v["member_no"] = f"{rng.randint(100000, 999999)}"
    v["order_no"] = f"{rng.randint(10**9, 10**10 - 1)}"
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "V": [
        (
            "貸渡記録（{shop}）\n借受人：{name}（{kana}）　生年月日 {dob_era}\n"
            "住所 {street}　携帯 {phone}\n車両 {car}　{plate}\n"
            "追加運転者 {f_nat}（国際免許）\n預り金 {amount}円 クレジット {card}（有効期限 {expiry}）",
            ("name", "kana", "dob_era", "street", "phone", "plate", "f_nat", "card"),
        ),
        (
            "ご契約内容確認書（{phone_shop}）\nご契約者様 {name} 様\n"
            "本人確認書類：運転免許証　ご連絡先 {landline}\n"
            "お支払方法：クレジットカード（{card}）\n"
            "同時申込回線の利用者：{given2}様（ご契約者様の{family}）\n受付：{surname3}",
            ("name", "landline", "card", "given2", "surname3"),
        ),
        (
            "会員情報照会のご回答　{gym}\n会員番号 {member_no}\n"
            "会員氏名 {f_ja} 様（{f_nat}）\nご住所 {street}\n"
            "緊急連絡先 {name2} 様 {phone2}\n月会費引落カード {card}\n"
            "最終入館 11月{day}日 {hour}（スタッフ {surname3}が対応）",
            ("f_ja", "f_nat", "street", "name2", "phone2", "card", "surname3"),
        ),
        (
            "Subject: Fraud alert - card ending in digits below\n"
            "To the Metropolitan Police, from {issuer}.\n"
            "Card number {card} issued to {f_nat} was used on Nov {day} at {hour} at an "
            "electronics store. Billing address: {street_en}. The cardholder told our agent "
            "that {f_given} had lent the card to nobody. Please contact our analyst "
            "{romaji_nat2} at {phone_intl}.",
            ("card", "f_nat", "street_en", "f_given", "romaji_nat2", "phone_intl"),
        ),
        (
            "指定薬品販売に関する報告（{drug}）\n11月{day}日 {hour}、{item}を購入。\n"
            "購入者は外国籍と思われる男性、レシートのカード名義は {f_pass}。"
            "店員には「{f_ja}」と名乗った。\nカード番号 {card}\n"
            "同行の日本人男性を{surname2}さんと呼んでいた。記入者 {name3}",
            ("f_pass", "f_ja", "card", "surname2", "name3"),
        ),
        (
            "在籍確認への回答（{school}）\n学生 {f_ja}（{f_pass}）　在籍中\n"
            "住所 {street}　{building}\n身元保証人 {name2}　電話 {phone2}\n"
            "ホームステイ先 {surname3}家（ホストファミリーの{given3}さん）",
            (
                "f_ja",
                "f_pass",
                "street",
                "building",
                "bname",
                "name2",
                "phone2",
                "surname3",
                "given3",
            ),
        ),
    ],
    "W": [
        (
            "交番での苦情聴取 {hour}\n向かいの{surname}さんとこの{family}が毎晩車をいじってて、"
            "ガソリンみたいな臭いがするんです。{surname}の{family}、名前は{given}だったかな。"
            "私は{name2}、電話は{phone2}です",
            ("surname", "given", "name2", "phone2"),
        ),
        (
            "警ら中、{street}のアパート前で外国人男性に職質。{f_ja}と名乗る（旅券 {f_pass}）。"
            "同居人は{f_nat}とのこと。雇用主は{surname2}社長。",
            ("street", "f_ja", "f_pass", "f_nat", "surname2"),
        ),
        (
            "[係チャット]\n@{surname} 例のカード不正利用、名義人は{name2}です\n"
            "了解。{surname2}{rank}にも共有します\n"
            "番号は{card}、加盟店照会は明日",
            ("surname", "name2", "surname2", "card"),
        ),
        (
            "カード会社より架電 {hour}\n不正検知の担当{surname3}氏から。"
            "会員{name}（{dob_era}生）名義のカード{card}で高額決済。"
            "利用者は本人ではなく{family}の{given2}と思われるとのこと。折返し{landline}",
            ("surname3", "name", "dob_era", "card", "given2", "landline"),
        ),
        (
            "大家さんから聴取。{building}の借主は{name}、みんな{given}くんって呼んでる。"
            "最近は{given}が夜中に出入り、友達の{f_given}って外国の子も来る。"
            "連帯保証人は{kana2}（伯父）",
            ("building", "bname", "name", "given", "f_given", "kana2"),
        ),
        (
            "英語での入電（通訳なし）。通報者は{f_nat}、{street}在住。"
            "隣室の{f_ja2}が爆発物を作っていると言う。電話 {phone_intl}。"
            "'My name is {f_given}, my neighbour is {f_nat2}.'",
            ("f_nat", "street", "f_ja2", "phone_intl", "f_given", "f_nat2"),
        ),
    ],
}

# Sentences in the family's voices with no personal data: each must come through whole.
ORDINARY = (
    "貸渡記録：車両 プリウス、返却予定 11月12日 18:00、燃料満タン返し。",
    "預り金 30,000円はクレジットカードで決済済み（承認番号 502113）。",
    "ご契約内容：5Gギガプラン、端末 iPhone 15、分割24回。",
    "お支払方法：口座振替。受付時間 10:00〜19:00。",
    "会員番号の再発行手数料は1,100円です。",
    "Card number changes take 7 to 10 business days to process.",
    "Please contact Customer Service at our Tokyo office for further details.",
    "The Fraud Prevention Team reviewed 1,204 alerts in October.",
    "指定薬品の販売は身分証確認の上、1人1点までとしている。",
    "商品コード 4901234567894、在庫 12点。",
    "注文番号 1234-5678-9012-3456 の発送は明日です。",
    "ジョン・ディアのトラクターとニューヨーク・タイムズの記事を展示。",
    "在籍確認の照会書は令和8年11月20日付で受領。",
    "ホームステイ先の変更は学院の規則で年1回まで。",
    "向かいの家の車庫で毎晩エンジン音がする。",
    "警ら中、駅前のアパート前で不審車両を確認、異常なし。",
    "[係チャット] 了解です、明日の朝イチで確認します",
    "カード会社からの架電は午後3時、内容は不正検知の一般的な説明。",
    "大家さんの話では、最近は夜中の出入りが増えたとのこと。",
    "英語での入電、通訳センターに転送。",
    "Merry Christmas and Happy New Year from all of us!",
    "The Grand Hotel and Royal Park are both near Central Station.",
    "被害額は合計 4,980,000 円、件数は 37 件。",
    "ポイント 1,250pt を付与しました。",
    "マリオネット・ラボの新作はシルバー・アクセサリー。",
    "お婆ちゃんの知恵袋という番組を見た。",
    "息子さんによろしくお伝えください。",
    "隣の部屋からガソリンの臭いがする。",
    "担当者が不在のため、折り返しご連絡いたします。",
    "Our analyst will call you back tomorrow morning.",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for V then W."""
    return draw_texts(
        rng,
        authors="VW",
        styles=STYLES,
        values=values,
        others=("2", "3"),
        keys=(
            "surname",
            "given",
            "name",
            "kana",
            "romaji_nat",
            "phone",
            "f_ja",
            "f_nat",
        ),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
