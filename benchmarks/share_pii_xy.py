"""Held-out family X–Y for ``share_pii.py`` (written 2026-12-05 06:25 UTC by pii10, before
the ninth round of changes to the recogniser, the brief's "round 8"; frozen: run once at the
start and once at the end, its misses never listed before the end run).

The shapes are documents no earlier family used:

X partners and the legal side, a formal writer — a real-estate association member's
  consultation memo (the tenant a foreign resident written surname first, the owner called
  オーナー); a platform's answer to a disclosure request (registered name, address in
  full-width digits, e-mail, login IP, the card holder's name as "Surname, Given"); a
  prosecutor's case summary (被疑者, 本籍, 住居 in kanji numerals, 被害者, an accomplice
  known as 「…」こと, a foreigner "calling himself"); a real-estate agent's e-mail (大家,
  入居者, a foreign tenant's given name alone); a shop's report of a purchase by its
  店長 (a customer who named herself by given name, a companion called by a foreign given
  name in katakana, a former shop's オーナー); an English e-mail from a platform's law-
  enforcement response team.
Y police shorthand, another writer — a radio log (マル対, 任同, a phone in full-width
  digits with ー); an interview of a witness who speaks of 「…という男」; a desk's handover
  (大家 and 店長 with a surname or a given name, a foreign オーナー, a My Number); a
  detective's notebook (licence, passport, kanji-numeral address, an in-law); detectives'
  chat (speakers by surname, a 元カノ by kana given name, a bank account in half-width
  katakana); a koban's household visit card (世帯主, wife, children and mother by given
  name, a foreign worker in the annex).

Values: names the recogniser's tables do not hold — IPAdic surnames that are not among
the 1,999 common surnames and IPAdic given names whose spelling is not in the popular
subset (own sample, own seed); foreign names written for this family (Nepali, Filipino,
Brazilian, Ukrainian, Nigerian, Indonesian, Mongolian, German, Dutch, Swedish,
Bangladeshi, Egyptian, Iranian, Kenyan, Chinese in pinyin, Vietnamese, Czech) in
passport capitals, Western order, "Surname, Given", katakana given name first or surname
first, joined by ・, a space or ＝; Geolonia towns of a sample no earlier family drew
(every 83rd from the 37th) written in every form (prefecture or not, chome-ban-go in
kanji numerals, full-width digits, の, 番地, a postal code before it, romaji); phones in
full-width digits, with ー, with a bracketed area code, international with dashes; My
Numbers with a valid check digit (run together or in fours), licence numbers (第…号),
passport numbers, bank accounts, card numbers passing the Luhn check. The family also has
its own ordinary sentences with look-alikes (place names in company names, katakana
non-names such as band and product names, dates, prices and numbers), counted as
"sentences touched".
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import share_pii_rs
import share_pii_vw
from share_pii_draw import draw_texts
from share_pii_towns import town_sample

# (passport capitals SURNAME GIVEN, given, surname, katakana given, katakana surname)
_FOREIGN = (
    ("TAMANG BISHNU", "Bishnu", "Tamang", "ビシュヌ", "タマン"),
    ("DIZON ROWENA", "Rowena", "Dizon", "ロウェナ", "ディゾン"),
    ("OLIVEIRA THIAGO", "Thiago", "Oliveira", "チアゴ", "オリヴェイラ"),
    ("KOVALENKO OKSANA", "Oksana", "Kovalenko", "オクサナ", "コヴァレンコ"),
    ("OKAFOR CHINEDU", "Chinedu", "Okafor", "チネドゥ", "オカフォー"),
    ("LESTARI DEWI", "Dewi", "Lestari", "デウィ", "レスタリ"),
    ("ENKHBAYAR TEMUULEN", "Temuulen", "Enkhbayar", "テムーレン", "エンフバヤル"),
    ("HOFFMANN JUERGEN", "Juergen", "Hoffmann", "ユルゲン", "ホフマン"),
    ("DE VRIES SANNE", "Sanne", "de Vries", "サンネ", "デフリース"),
    ("LINDQVIST LINNEA", "Linnea", "Lindqvist", "リンネア", "リンドクヴィスト"),
    ("KARIM REZAUL", "Rezaul", "Karim", "レザウル", "カリム"),
    ("MAHMOUD AHMED", "Ahmed", "Mahmoud", "アハメド", "マフムード"),
    ("TEHRANI REZA", "Reza", "Tehrani", "レザ", "テヘラニ"),
    ("ODHIAMBO GRACE", "Grace", "Odhiambo", "グレース", "オディアンボ"),
    ("WANG HAORAN", "Haoran", "Wang", "ハオラン", "ワン"),
    ("TRAN VAN DUC", "Duc", "Tran", "ドゥック", "チャン"),
    ("NOVAKOVA TEREZA", "Tereza", "Novakova", "テレザ", "ノヴァコヴァ"),
)
_SEPARATORS = ("・", "　", "＝", " ")
_PLATFORMS = ("株式会社ツナグSNS", "ミライチャット合同会社", "トークルーム株式会社")
_PLATFORMS_EN = ("Chirp Inc.", "Lumen Social Ltd.", "Gather Networks")
_AGENCIES = ("いろは不動産", "大宮ハウジング", "品川エステート", "ことぶき住宅販売")
_IZAKAYA = ("居酒屋 千鳥", "炭火焼 とり松", "バル・エスペランサ", "スナック 夕月")
_BANKS = ("みなと銀行", "あさひ信用金庫", "ゆうちょ銀行")
_ITEMS = ("硝酸カリウム 5kg", "過酸化水素水 10本", "アルミ粉末 2kg", "アセトン 18L缶")
_FW = str.maketrans("0123456789-", "０１２３４５６７８９－")
_KANJI_DIGIT = "〇一二三四五六七八九"


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 83rd Geolonia town from the 37th."""
    return town_sample(shared, every=83, start=37)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(surname, given, surname kana, given kana): IPAdic surnames that are not among the
    1,999 common surnames and IPAdic given names whose spelling is not in the popular
    subset — names the recogniser's tables do not hold (two or three characters: a
    one-character value would be "found" inside other words)."""
    names = shared / "japanese_names_readings"
    with (names / "surnames.csv").open(encoding="utf-8") as f:
        common_sur = {r["kanji"] for r in csv.DictReader(f)}
    with (names / "given_names.csv").open(encoding="utf-8") as f:
        popular_giv = {r["kanji"] for r in csv.DictReader(f) if r["in_popular_subset"] == "1"}
    with (names / "ipadic_person_names.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sur = [
        r
        for r in rows
        if r["name_type"] == "surname"
        and 2 <= len(r["surface"]) <= 3
        and r["surface"] not in common_sur
    ]
    giv = [
        r
        for r in rows
        if r["name_type"] == "given"
        and 2 <= len(r["surface"]) <= 3
        and r["surface"] not in popular_giv
    ]
    out = []
    for _ in range(3000):
        s, g = rng.choice(sur), rng.choice(giv)
        out.append((s["surface"], g["surface"], s["reading_katakana"], g["reading_katakana"]))
    return out


def _kanji_number(n: int) -> str:
    """12 → 十二, 30 → 三十, 7 → 七 (as a typed document writes chome and ban)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGIT[tens] + "十")
    return head + (_KANJI_DIGIT[ones] if ones else "")


def my_number(rng: random.Random) -> str:
    """Twelve digits whose last is the check digit the My Number law prescribes."""
    body = [rng.randint(0, 9) for _ in range(11)]
    total = 0
    for n, p in enumerate(reversed(body), start=1):
        total += p * (n + 1 if n <= 6 else n - 5)
    rest = total % 11
    digits = "".join(map(str, body)) + str(0 if rest <= 1 else 11 - rest)
    return rng.choice([digits, f"{digits[:4]} {digits[4:8]} {digits[8:]}"])


def _hiragana(kata: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kata)


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    v = share_pii_rs.values(rng, folk, towns, romaji)
    kana_giv = next(p[3] for p in folk if p[0] == v["surname"] and p[1] == v["given"])
    v["kana_given"] = rng.choice([kana_giv, _hiragana(kana_giv)])
    f_pass, f_giv, f_sur, fj_giv, fj_sur = rng.choice(_FOREIGN)
    sep = rng.choice(_SEPARATORS)
    v.update(
        f_pass=f_pass,
        f_nat=f"{f_giv} {f_sur}",
        f_comma=f"{f_sur}, {f_giv}",
        f_ja=f"{fj_giv}{sep}{fj_sur}",
        f_ja_rev=f"{fj_sur}{sep}{fj_giv}",
        f_given=f_giv,
        f_given_ja=fj_giv,
    )
    pref, muni, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)
    v["postal"] = f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    v["street_kanji"] = (
        f"{rng.choice([pref, ''])}{muni}{base}{_kanji_number(a)}丁目"
        f"{_kanji_number(b)}番{_kanji_number(c)}号"
    )
    v["street_fw"] = f"{muni}{town}{b}-{c}".translate(_FW)
    v["street_short"] = rng.choice([f"{base}{a}-{b}", f"{base}{a}の{b}の{c}", f"{town}{b}番地{c}"])
    v["street_any"] = rng.choice(
        [v["street"], v["street_kanji"], v["street_fw"], f"{pref}{muni}{base}{a}丁目{b}番地"]
    )
    mob = f"0{rng.choice([70, 80, 90])}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    v["phone_fw"] = rng.choice(
        [
            f"{mob[:3]}-{mob[3:7]}-{mob[7:]}".translate(_FW),
            f"{mob[:3]}ー{mob[3:7]}ー{mob[7:]}",
            f"{mob[:3]} {mob[3:7]} {mob[7:]}",
        ]
    )
    v["phone_intl_dash"] = f"+81-{mob[1:3]}-{mob[3:7]}-{mob[7:]}"
    v["landline_paren"] = rng.choice(
        [
            f"（0{rng.choice([3, 6])}）{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            f"（04{rng.randint(60, 99)}）{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        ]
    )
    v["mynumber"] = my_number(rng)
    digits = "".join(str(rng.randint(0, 9)) for _ in range(12))
    v["licence"] = f"第{digits}号"
    v["passport"] = f"{rng.choice(['TR', 'TK', 'MZ', 'PA'])}{rng.randint(1000000, 9999999)}"
    v["account"] = f"{rng.randint(1000000, 9999999)}"
    v["card"] = share_pii_vw.card_number(rng)
    v["platform"] = rng.choice(_PLATFORMS)
    v["platform_en"] = rng.choice(_PLATFORMS_EN)
    v["agency"] = rng.choice(_AGENCIES)
    v["izakaya"] = rng.choice(_IZAKAYA)
    v["bank_name"] = rng.choice(_BANKS)
    v["item"] = rng.choice(_ITEMS)
    v["room_no"] = f"{rng.randint(1, 9)}0{rng.randint(1, 9)}"
    v["hour"] = f"{rng.randint(8, 22)}:{rng.randint(0, 59):02d}"
    v["mm"] = f"{rng.randint(0, 59):02d}"
    v["unit"] = str(rng.randint(1, 12))
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "X": [
        (
            "相談メモ（{assoc} 会員 {agency}）\n相談者：{name}（{age}歳・管理担当）\n"
            "対象物件：{street_any}　{building}\n"
            "入居者 {f_ja_rev}（在留カード {zairyu}）の部屋から夜間に金属を削る音。"
            "オーナーの{surname2}様にも報告済み。相談者連絡先 {phone}",
            ("name", "street_any", "building", "bname", "f_ja_rev", "zairyu", "surname2", "phone"),
        ),
        (
            "発信者情報開示請求に対する回答書\n{platform} 法務部 {surname3}\n"
            "1. 登録氏名：{name}\n2. 登録住所：{street_fw}\n3. 電話番号：{phone_intl_dash}\n"
            "4. 電子メールアドレス：{email}\n"
            "5. 最終ログイン時のIPアドレス：{ip}（2026年11月{day}日 {hour}）\n"
            "6. 有料機能の決済に用いられたカードの名義：{f_comma}",
            ("surname3", "name", "street_fw", "phone_intl_dash", "email", "ip", "f_comma"),
        ),
        (
            "事件概要（送致書添付）\n被疑者　{name}（{kana}）　{age}歳　無職\n本籍　{honseki}\n"
            "住居　{street_kanji}\n被害者　{name2}\n共犯者　{name3}こと通称「{nick}」\n"
            "被疑者は、{f_nat}と称する外国人から薬品を購入し、{surname2}方の車庫で調合したもの。",
            ("name", "kana", "honseki", "street_kanji", "name2", "name3", "f_nat", "surname2"),
        ),
        (
            "{surname2}様\nいつもお世話になっております。{agency}の{surname3}です。\n"
            "{bname}{room_no}号室の件、大家の{name}様より、入居者の{f_ja}さんが"
            "別室も借りたいと申し出たとのご連絡がありました。{f_given_ja}さんの携帯は{phone_fw}、"
            "勤務先は{company}です。\n何卒よろしくお願いいたします。",
            ("surname2", "surname3", "bname", "name", "f_ja", "f_given_ja", "phone_fw"),
        ),
        (
            "不審購入の報告（{store}）\n報告者：店長 {surname}\n"
            "{day}日 {hour}頃、{given2}と名乗る女性が{item}を購入。"
            "同行の男性を「{f_given_ja}」と呼んでいた。ポイントカード会員 {kana2} 様"
            "（会員番号 {member}）。\n前の店のオーナーの{surname3}さんからも同じ客の話を聞いている。",
            ("surname", "given2", "f_given_ja", "kana2", "member", "surname3"),
        ),
        (
            "From: Law Enforcement Response Team, {platform_en}\n"
            "Re: Emergency disclosure request\n"
            "The account @{handle} is registered to {f_comma}, date of birth {dob_en}, "
            "phone {phone_intl}. A second account lists {romaji_nat2} as its recovery contact "
            "({email2}). Subscriber address: {street_en}. Card holder on file: {f_pass}.",
            ("handle", "f_comma", "dob_en", "phone_intl", "romaji_nat2", "email2", "street_en"),
        ),
    ],
    "Y": [
        (
            "無線記録\n14:{mm} 機捜{unit}→本部 マル対{surname}（{age}）{street_short}付近で発見、"
            "同行の{f_ja}も任同\n14:{mm} 本部了解。マル対携帯 {phone_fw}",
            ("surname", "street_short", "f_ja", "phone_fw"),
        ),
        (
            "参考人{name}（{dob_era}生）から聴取。「先月、{surname2}という男が店に来て、"
            "{f_given_ja}って外人の分も払うと言ったんです。{surname2}の電話は{phone}で、"
            "住んでるのは{street_short}あたりだと思います」",
            ("name", "dob_era", "surname2", "f_given_ja", "phone", "street_short"),
        ),
        (
            "引継ぎ事項\n・{bname}の大家{surname}さん（{landline_paren}）から再度入電、"
            "{room_no}号室の{given2}さんと連絡が取れないとのこと\n"
            "・{izakaya}の{given3}店長、{f_given_ja}オーナーには確認済み\n"
            "・マイナンバーカードの写し（{mynumber}）は金庫へ",
            ("bname", "surname", "landline_paren", "given2", "given3", "f_given_ja", "mynumber"),
        ),
        (
            "捜査メモ　免許照会 {licence} → {name}、住所 {street_kanji}。"
            "旅券 {passport}（{f_pass}）は同居人。車は{plate}、所有者は{surname3}（義兄）",
            ("licence", "name", "street_kanji", "passport", "f_pass", "plate", "surname3"),
        ),
        (
            "[捜査チャット]\n{surname}: {surname2}のヤサ、{street_fw}で確定\n"
            "{surname3}: 了解。女は{kana_given}、たぶん{f_ja_rev}の元カノ\n"
            "{surname}: 口座は{bank_name} 普通 {account}、名義 {kana_half}",
            (
                "surname",
                "surname2",
                "street_fw",
                "surname3",
                "kana_given",
                "f_ja_rev",
                "account",
                "kana_half",
            ),
        ),
        (
            "巡回連絡カード\n世帯主 {name}　電話 {phone_fw}\n"
            "同居 妻 {given2}、子 {kana_given4}（小3）、母 {given3}\n"
            "{postal} {street_any}　{building}\n"
            "離れに外国人従業員 {f_nat}（旅券 {passport}）が住む",
            (
                "name",
                "phone_fw",
                "given2",
                "kana_given4",
                "given3",
                "street_any",
                "building",
                "f_nat",
                "passport",
            ),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included: each must
# come through whole.
ORDINARY = (
    "相談メモ：対象物件は築25年、家賃は月額72,000円、管理費5,000円。",
    "大宮運輸と品川精機の合同説明会は12月10日に開催。",
    "横浜銀行と千葉興業銀行のATMは駅前にある。",
    "昨日はレッド・ツェッペリンとディープ・パープルのレコードを聴いた。",
    "ローリング・ストーンズのツアーTシャツが3,980円だった。",
    "オーナー様向けの説明会は午後2時から第2会議室で行います。",
    "大家さん向けセミナーの参加費は無料です。",
    "店長会議は毎月第一月曜日、議題は年末の人員配置。",
    "発信者情報開示請求の件数は前年比12％増加した。",
    "回答書は令和8年11月28日付で受領、文書番号は第2026-114号。",
    "有料機能の決済方法はクレジットカードとコンビニ払い。",
    "事件概要：被疑者は容疑を認めており、共犯関係は捜査中。",
    "本籍地の照会には2週間程度かかる見込み。",
    "送致予定日は12月15日、担当検事は未定。",
    "The account was suspended on November 30 for violating our terms.",
    "Please allow 48 hours for our Law Enforcement Response Team to reply.",
    "Chirp Inc. received 3,412 government requests in the first half of 2026.",
    "無線記録：14:05 本部→各局 異常なし、14:10 機捜3 了解。",
    "マル対の行動確認は明朝6時から再開。",
    "参考人の聴取は約40分、調書は3枚。",
    "引継ぎ事項：金庫の鍵は当直責任者が保管。",
    "居酒屋の営業時間は17:00〜翌1:00、定休日は日曜。",
    "捜査メモ：車両はトヨタ・ハイエース、色は白。",
    "口座の取引履歴は10月1日から11月30日まで、計127件。",
    "巡回連絡カードの回収率は地区全体で86％。",
    "離れは物置として使われているとのこと。",
    "サンシャイン・シティとアクア・シティでイベントがある。",
    "フォルクス・ワーゲンのディーラーで見積もりをもらった。",
    "ベルリン・フィルの来日公演は完売だった。",
    "商品番号 4512345678901、単価 1,280円、数量 24。",
    "会員番号の桁数は10桁で、先頭は必ず9です。",
    "電話受付は平日9:00〜17:30、土日祝は休み。",
    "ダイヤモンド・プリンセス号の寄港は来年3月。",
    "ジャパン・タイムズの記事によると、詐欺被害は増えている。",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for X then Y."""
    return draw_texts(
        rng,
        authors="XY",
        styles=STYLES,
        values=values,
        others=("2", "3", "4"),
        keys=(
            "surname",
            "given",
            "name",
            "kana",
            "kana_given",
            "romaji_nat",
            "phone",
            "email",
        ),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
