"""Held-out family Z–Ω for ``share_pii.py`` (written 2026-12-05 07:05 UTC by pii10, before
the tenth round of changes to the recogniser; frozen: run once at the start and once at the
end, its misses never listed before the end run).

The shapes are documents no earlier family used:

Z businesses answering a police inquiry (捜査関係事項照会), a formal writer — a hotel's
  guest-register answer (宿泊者氏名, a companion in Western order, a passport number of a
  foreign format, the guest's home as a town with block numbers only); a rental-car
  company's reply (借受人, licence number, an additional driver as "Surname, Given"); a
  school's reply about a student (生徒, 保護者, the student's kana given name alone, the
  home room teacher); an SNS operator's subscriber record in Japanese (登録者, 認証用旅券,
  an English name field); an English reply from a car-sharing company.
Ω neighbours and friends, another writer — a neighbourhood association's report (班長, a
  foreign family by katakana surname and given name, a town with 番地 but no
  municipality); a LINE-style group chat export (timestamps, speakers by given name in
  kana, a foreign given name before って, a passport photo named by number); a landlord's
  note to the koban (入居者, the tenant's friend in katakana joined by ＝, パスポート番号);
  a volunteer fire brigade's roster note (団員 by surname, kana given names, a town and
  block); a day-care's pick-up card (園児 by kana given name, the adults allowed to
  collect her, a foreign father in Western order).

Values: names the recogniser's tables do not hold (IPAdic surnames not among the 1,999
common surnames, IPAdic given names not in the popular subset; share_pii_xy's sampler with
this family's own seed); foreign names written for this family (Portuguese, Peruvian,
Thai, Sri Lankan, Polish, Turkish, Korean in romanisation, French, Ghanaian, Pakistani,
Cambodian, Uzbek, Colombian, Finnish, Burmese) in passport capitals, Western order,
"Surname, Given", katakana with ・, ＝ or a space, a given name alone; Geolonia towns of a
sample no earlier family drew (every 79th from the 43rd), often written as the town and
its block numbers with no prefecture or municipality; passport numbers in the Japanese
format (two capitals and seven digits) and foreign formats (a capital and eight digits,
nine digits, a capital, seven digits and a capital) after 旅券/パスポート/passport labels;
licence numbers, phones, e-mails, My Numbers. The family has its own ordinary sentences
with look-alikes, counted as "sentences touched".
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import share_pii_xy
from share_pii_draw import draw_texts
from share_pii_towns import town_sample

# (passport capitals SURNAME GIVEN, given, surname, katakana given, katakana surname)
_FOREIGN = (
    ("FERREIRA JOAO", "Joao", "Ferreira", "ジョアン", "フェレイラ"),
    ("HUAMAN ROSA", "Rosa", "Huaman", "ロサ", "ワマン"),
    ("SRISUK NARONG", "Narong", "Srisuk", "ナロン", "シースック"),
    ("BANDARA NIMAL", "Nimal", "Bandara", "ニマル", "バンダラ"),
    ("WOZNIAK AGNIESZKA", "Agnieszka", "Wozniak", "アグニェシュカ", "ヴォズニアック"),
    ("DEMIR BURAK", "Burak", "Demir", "ブラク", "デミル"),
    ("JUNG HAEUN", "Haeun", "Jung", "ハウン", "チョン"),
    ("LEFEVRE MATHILDE", "Mathilde", "Lefevre", "マティルド", "ルフェーヴル"),
    ("MENSAH KWAME", "Kwame", "Mensah", "クワメ", "メンサー"),
    ("QURESHI FAHAD", "Fahad", "Qureshi", "ファハド", "クレシ"),
    ("SOK DARA", "Dara", "Sok", "ダラ", "ソク"),
    ("RASULOV JASUR", "Jasur", "Rasulov", "ジャスル", "ラスロフ"),
    ("MORALES VALENTINA", "Valentina", "Morales", "バレンティナ", "モラレス"),
    ("VIRTANEN AINO", "Aino", "Virtanen", "アイノ", "ヴィルタネン"),
    ("THANT ZIN", "Zin", "Thant", "ズィン", "タン"),
)
_SEPARATORS = ("・", "　", "＝", " ")
_HOTELS = ("ホテル潮騒", "ビジネスホテル銀杏", "旅館 山茶花", "ホステル・カナル")
_RENTALS = ("つばめレンタカー", "さくらレンタリース", "みちのくカーレンタル")
_SCHOOLS = ("市立若葉中学校", "私立白鷺高等学校", "町立北小学校")
_SNS = ("株式会社ヒトコト", "ポスト・ラボ株式会社", "ミナトネット合同会社")
_ASSOC = ("東三丁目町内会", "桜ヶ丘自治会", "本町二区町内会")
_CARSHARE = ("Rideloop K.K.", "ShareWheel Japan", "Mobi Go Inc.")
_KANJI_DIGIT = "〇一二三四五六七八九"


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 79th Geolonia town from the 43rd."""
    return town_sample(shared, every=79, start=43)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Names the recogniser's tables do not hold (X–Y's sampler; the caller's seed)."""
    return share_pii_xy.people(shared, rng)


def _passport(rng: random.Random) -> str:
    """A passport number in one of the formats officers copy: Japan's two capitals and seven
    digits, a capital and eight digits (Korea, China), nine digits (US, UK), a capital,
    seven digits and a capital (the Philippines)."""
    upper = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return rng.choice(
        [
            f"{rng.choice(upper)}{rng.choice(upper)}{rng.randint(1000000, 9999999)}",
            f"{rng.choice(upper)}{rng.randint(10000000, 99999999)}",
            f"{rng.randint(100000000, 999999999)}",
            f"P{rng.randint(1000000, 9999999)}{rng.choice('ABC')}",
        ]
    )


def _hiragana(kata: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kata)


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    v = share_pii_xy.values(rng, folk, towns, romaji)
    kana_giv = next(p[3] for p in folk if p[0] == v["surname"] and p[1] == v["given"])
    v["kana_given"] = rng.choice([kana_giv, _hiragana(kana_giv), _hiragana(kana_giv)])
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
        f_sur_ja=fj_sur,
    )
    _, _, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)
    v["town_block"] = rng.choice(
        [
            f"{base}{a}丁目{b}番{c}号",
            f"{base}{a}丁目{b}-{c}",
            f"{base}{a}-{b}-{c}",
            f"{town}{b}番地{c}",
            f"{town}{rng.randint(100, 2999)}番地",
        ]
    )
    v["passport"] = _passport(rng)
    v["hotel"] = rng.choice(_HOTELS)
    v["rental"] = rng.choice(_RENTALS)
    v["school"] = rng.choice(_SCHOOLS)
    v["sns"] = rng.choice(_SNS)
    v["assoc_town"] = rng.choice(_ASSOC)
    v["carshare"] = rng.choice(_CARSHARE)
    v["grade"] = f"{rng.randint(1, 3)}年{rng.randint(1, 5)}組"
    v["nights"] = str(rng.randint(1, 6))
    v["month"] = str(rng.randint(1, 12))
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "Z": [
        (
            "捜査関係事項照会に対する回答（{hotel}）\n宿泊者氏名：{name}　様\n"
            "住所（宿泊者カード記載）：{town_block}\n電話：{phone}\n"
            "同宿者：{f_nat}（旅券番号 {passport}）\n宿泊日：11月{day}日から{nights}泊",
            ("name", "town_block", "phone", "f_nat", "passport"),
        ),
        (
            "ご照会の件について（{rental}）\n借受人　{name}（{kana}）\n"
            "運転免許証番号　{licence}\n現住所　{street_any}\n"
            "追加運転者　{f_comma}（国際運転免許証、パスポート {passport}）\n"
            "受付担当　{surname2}",
            ("name", "kana", "licence", "street_any", "f_comma", "passport", "surname2"),
        ),
        (
            "{school}より回答\n当該生徒：{grade} {name}\n保護者：{name2}（父）　連絡先 {phone}\n"
            "本人は級友から「{kana_given}」と呼ばれており、担任の{surname3}によると"
            "最近は欠席がちです。自宅は{town_block}です。",
            ("name", "name2", "phone", "kana_given", "surname3", "town_block"),
        ),
        (
            "加入者情報（{sns}）\n登録者名：{name}\n英字氏名：{f_comma}\n"
            "本人確認書類：旅券（{passport}）\nメールアドレス：{email}\n"
            "登録時IPアドレス：{ip}\n請求先住所：{town_block}",
            ("name", "f_comma", "passport", "email", "ip", "town_block"),
        ),
        (
            "From: Trust & Safety, {carshare}\nTo whom it may concern,\n"
            "The booking was made by {f_comma} (passport no. {passport}), who added "
            "{romaji_nat2} as a second driver. The billing address given was {street_en}; "
            "contact {phone_intl}. Our duty manager {romaji_nat3} can confirm the details.",
            ("f_comma", "passport", "romaji_nat2", "street_en", "phone_intl", "romaji_nat3"),
        ),
    ],
    "Ω": [
        (
            "{assoc_town} 防犯部会報告\n班長 {surname} より：{town_block}の空き家に"
            "夜間出入りあり。出入りしていたのは{f_ja_rev}さん一家と思われる。"
            "隣の{name2}さん（{phone2}）が目撃。",
            ("surname", "town_block", "f_ja_rev", "name2", "phone2"),
        ),
        (
            "[LINE] 11/{day}（土）\n{hour} {kana_given}: {f_given_ja}って子、{town_block}に住んでるらしい\n"
            "{hour} {kana_given2}: え、{surname3}くんの友達？\n"
            "{hour} {kana_given}: パスポート番号 {passport} の写真が回ってきた",
            ("kana_given", "f_given_ja", "town_block", "kana_given2", "surname3", "passport"),
        ),
        (
            "交番への連絡メモ（大家）\n{bname}{room_no}号室の入居者 {name}さんの部屋に、"
            "{f_ja}という方が出入りしています。パスポート番号は{passport}と控えました。"
            "{name}さんの電話は{phone_fw}です。",
            ("bname", "name", "f_ja", "passport", "phone_fw"),
        ),
        (
            "消防団 第{unit}分団 名簿メモ\n団員 {surname}（{town_block}）、{surname2}、"
            "{surname3}\n炊き出し担当 {kana_given}さん、{kana_given2}さん\n連絡網 {phone}",
            ("surname", "town_block", "surname2", "surname3", "kana_given", "kana_given2", "phone"),
        ),
        (
            "お迎えカード\n園児：{kana_given}（{month}月生まれ）\n"
            "お迎えできる人：母 {name2}、祖母 {given3}、父 {f_nat}\n"
            "自宅：{town_block}　{building}\n緊急連絡先：{phone}",
            ("kana_given", "name2", "given3", "f_nat", "town_block", "building", "phone"),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included: each must
# come through whole.
ORDINARY = (
    "宿泊者カードの保存期間は3年です。",
    "ホテル潮騒の朝食は6:30から9:30まで、料金は1,650円。",
    "旅券の有効期限が6か月未満の場合は入国できない国があります。",
    "パスポートの申請には戸籍謄本が必要です。",
    "Passport applications take about 10 business days.",
    "レンタカーの返却は営業所の閉店30分前までにお願いします。",
    "運転免許証の更新は誕生日の前後1か月です。",
    "国際運転免許証の有効期間は発行から1年。",
    "当該生徒の出席日数は2学期で58日でした。",
    "保護者会は12月8日、体育館で開催します。",
    "担任の先生と面談の予定を調整中です。",
    "登録時のIPアドレスは保存期間を過ぎて削除済みです。",
    "本人確認書類として運転免許証または旅券を受け付けています。",
    "The billing address must match the card on file.",
    "Our Trust & Safety team responds within 72 hours.",
    "防犯部会は毎月第3土曜日、公民館で開きます。",
    "空き家の見回りは班ごとに月2回。",
    "東三丁目のごみ集積所は火曜と金曜です。",
    "2丁目の公園は工事のため12月末まで閉鎖。",
    "消防団の出初式は1月6日、参加者は約80名。",
    "炊き出し訓練ではカレーを150食作った。",
    "お迎えの時間は18時までにお願いします。",
    "園児の持ち物には名前を書いてください。",
    "LINEのグループは全部で12人、既読は9人。",
    "ジョン・レノンの曲を合唱で歌った。",
    "ブエナ・ビスタ・ソシアル・クラブのCDを借りた。",
    "サッポロ・ビールの工場見学に行った。",
    "マリア・テレジア展は来年の春から。",
    "ミッキー・マウスの人形が落とし物で届いた。",
    "オリエンタル・ランドの株価が上がった。",
    "部屋番号は305、鍵の番号はK-1024です。",
    "整理券番号A1234567は無効になりました。",
    "型番 TZ1234567 の部品は販売終了です。",
    "会員登録は無料、年会費は2,200円です。",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for Z then Ω."""
    return draw_texts(
        rng,
        authors=("Z", "Ω"),
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
