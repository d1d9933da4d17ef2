"""Held-out family T–U for ``share_pii.py`` (written 2026-12-05 00:25 UTC by share9, before
the sixth round of changes to the recogniser; frozen: run once at the start and once at the
end, its misses never listed).

The shapes are documents partners and officers exchange that no earlier family used:

T partners' documents, a formal writer — a rent-guarantee company's application form
  (申込者, 連帯保証人, 続柄); a second-hand dealer's register (古物台帳: 相手方の住所・氏名・
  職業・年齢, 確認方法 and the id's number); a hotel's guest register (宿泊者名簿, a foreign
  guest's passport); a delivery company's consignment record (依頼主, お届け先, 伝票番号);
  a school's report of a student who threatened others (生徒, 保護者, 担任); a bank's note of
  a suspicious transaction (口座名義, 口座番号, 取引店, 振込先); an English e-mail from a
  foreign company's security team.
U officers' notes and informal relays, another writer — a transcript of a 110 call
  (通報者, 110番 受理); an officer's memo after visiting a pawnshop; a desk's relay of a
  hotel front's call; officers' chat about a parcel; an interview note with a parent; a
  call memo with a foreign company's contact, in both languages.

Values: IPAdic names (seed and sample of the earlier families' people), Geolonia towns of a
sample no earlier family drew (every 67th from the 41st), given names after kinship words
and relationship labels, staff members introducing themselves, IPv4 and IPv6 addresses,
card and member numbers behind labels, residence-card numbers, era dates (令和/平成/昭和,
their one-letter forms, 元年), half-width katakana, buildings with and without rooms.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import share_pii_rs
from share_pii_draw import draw_texts
from share_pii_towns import town_sample

_FOREIGN = (
    ("WANG XIAOMING", "Xiaoming Wang", "ワン・シャオミン"),
    ("TRAN VAN HUNG", "Hung Tran", "チャン・ヴァン・フン"),
    ("SANTOS MARIA", "Maria Santos", "サントス　マリア"),
    ("KHAN IMRAN", "Imran Khan", "カーン・イムラン"),
    ("GURUNG BISHAL", "Bishal Gurung", "グルン　ビシャル"),
    ("CHOI YUNA", "Yuna Choi", "チェ・ユナ"),
    ("MUELLER THOMAS", "Thomas Mueller", "ミュラー・トーマス"),
    ("OLIVEIRA LUCAS", "Lucas Oliveira", "オリヴェイラ　ルーカス"),
    ("LIU YANG", "Yang Liu", "劉洋"),
    ("RAHMAN ABDUL", "Abdul Rahman", "ラーマン・アブドゥル"),
)
_KIN = ("妻", "夫", "長男", "長女", "次男", "次女", "父", "母", "兄", "姉", "弟", "妹", "祖母")
_BUILDINGS = ("コーポ{t}", "{t}ハイツ", "パレス{t}", "サンライズ{t}", "{t}マンション", "ヴィラ{t}")
_PARTNERS = ("日本中央保証", "リサイクルショップ大黒屋", "ホテルサンルート", "ヤマネコ運輸")
_BANKS = ("みずほ銀行", "三井住友銀行", "ゆうちょ銀行", "埼玉りそな銀行")
_SCHOOLS = ("区立第三中学校", "県立北高等学校", "市立桜台中学校")
_ITEMS = ("ロレックス腕時計", "iPhone 15 Pro", "金のネックレス", "ノートPC", "電動工具一式")
_CO_EN = ("Nordlicht Security GmbH", "Pacific Rim Logistics Ltd.", "Kestrel Analytics Inc.")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 67th Geolonia town from the 41st."""
    return town_sample(shared, every=67, start=41)


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    v = share_pii_rs.values(rng, folk, towns, romaji)
    pref, muni, town, _kana, _roma = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    short = re.sub("^大?字", "", base)[:3]
    room = f"{rng.randint(1, 12)}0{rng.randint(1, 9)}"
    bname = rng.choice(_BUILDINGS).format(t=short)
    v["bname"] = bname
    v["building"] = rng.choice([f"{bname}{room}号室", f"{bname} {room}", f"{bname}-{room}"])
    v["street"] = rng.choice(
        [
            f"{pref}{muni}{town}{rng.randint(1, 40)}-{rng.randint(1, 30)}",
            f"{muni}{base}{rng.randint(1, 5)}-{rng.randint(1, 40)}-{rng.randint(1, 30)}",
        ]
    )
    f_pass, f_nat, f_ja = rng.choice(_FOREIGN)
    v.update(f_pass=f_pass, f_nat=f_nat, f_ja=f_ja)
    year, month, day = rng.randint(1940, 2012), rng.randint(1, 12), rng.randint(1, 28)
    if year >= 2019:
        year = 2019
    if year < 1989:
        era, ey = ("昭和", "S"), year - 1925
    elif year < 2019:
        era, ey = ("平成", "H"), year - 1988
    else:
        era, ey = ("令和", "R"), 1
    ey_s = "元" if ey == 1 and rng.random() < 0.5 else str(ey)
    v["dob_era"] = rng.choice(
        [
            f"{era[0]}{ey_s}年{month}月{day}日",
            f"{era[1]}{ey}.{month:02d}.{day:02d}",
            f"{era[1]}{ey}/{month}/{day}",
            f"{era[0]}{ey_s}.{month}.{day}",
        ]
    )
    v["kin"] = rng.choice(_KIN)
    v["ip6"] = (
        "2400:"
        + ":".join(f"{rng.randint(0, 0xFFFF):x}" for _ in range(3))
        + "::"
        + (f"{rng.randint(1, 0xFFFF):x}")
    )
    v["ip"] = (
        f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )
    v["card"] = rng.choice(
        [
            f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            str(rng.randint(10**11, 10**12 - 1)),
            f"M{rng.randint(1000000, 9999999)}",
        ]
    )
    v["license"] = str(rng.randint(10**11, 10**12 - 1))
    v["account"] = f"{rng.randint(1000000, 9999999)}"
    v["tracking"] = f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    v["passport"] = (
        f"{rng.choice('EGKMPTX')}{rng.choice('ABCDEFGHJK')}{rng.randint(1000000, 9999999)}"
    )
    v["partner"] = rng.choice(_PARTNERS)
    v["bank"] = rng.choice(_BANKS)
    v["school"] = rng.choice(_SCHOOLS)
    v["item"] = rng.choice(_ITEMS)
    v["co_en"] = rng.choice(_CO_EN)
    v["amount"] = f"{rng.randint(10, 990)}万"
    v["grade"] = f"{rng.randint(1, 3)}年{rng.randint(1, 6)}組"
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "T": [
        (
            "賃貸保証委託申込書（{partner}）\n申込者氏名　{name}　フリガナ　{kana}\n"
            "生年月日　{dob_era}　現住所　{street}\n携帯電話　{phone}\n"
            "連帯保証人　{name2}（続柄：{kin}）　電話 {landline2}\n"
            "入居予定物件　{building}\n※審査担当 {surname3}",
            (
                "name",
                "kana",
                "dob_era",
                "street",
                "phone",
                "name2",
                "landline2",
                "building",
                "bname",
                "surname3",
            ),
        ),
        (
            "古物台帳（写）　{partner}\n取引年月日 2026.11.{day}　区別 買受\n"
            "品目 {item} 1点　代価 {amount}円\n相手方 住所 {street} {building}\n"
            "氏名 {name}　職業 会社員　年齢 {age}\n確認方法 運転免許証（番号 {license}）\n"
            "会員No.{card}　従業者 {surname3}",
            ("street", "building", "bname", "name", "license", "card", "surname3"),
        ),
        (
            "宿泊者名簿（抜粋）ご照会分\nチェックイン 11/{day} {time}　客室 0{day}\n"
            "氏名 {f_pass}　国籍 VIETNAM　旅券番号 {passport}\n"
            "同行者 {f_ja}\n連絡先 {phone}\n"
            "予約名義 {name}様（会員番号 {card}）\nフロント担当：{surname2}",
            ("f_pass", "passport", "f_ja", "phone", "name", "card", "surname2"),
        ),
        (
            "配達記録照会回答（{partner}）\n伝票番号 {tracking}\n"
            "依頼主 {name}　{street}　TEL {phone}\n"
            "お届け先 {name2}様　{street2}\n受領印 {surname2}\n"
            "備考：営業所止め、受取時に身分証提示（在留カード {zairyu}）",
            ("tracking", "name", "street", "phone", "name2", "street2", "surname2", "zairyu"),
        ),
        (
            "生徒指導上の報告（{school}）\n対象生徒 {grade} {name}（15歳）\n"
            "保護者 {kin}　{given2}\n住所 {street}\n"
            "11月{day}日、同級生 {surname3}に対し「殺す」等と記載した手紙を渡した。\n"
            "担任 {surname4}　記載者 生徒指導主事 {name3}",
            ("name", "given2", "street", "surname3", "surname4", "name3"),
        ),
        (
            "疑わしい取引に関するメモ（{bank} 取引店 本店営業部）\n"
            "口座名義 {kana}（{name}）　口座番号 普通 {account}\n"
            "11/{day} 現金入金{amount}円、同日ネットバンキングで全額振込。\n"
            "ログイン元IPアドレス {ip} / {ip6}\n振込先 {name2} 名義口座\n担当 {surname3}",
            ("kana", "name", "account", "ip", "ip6", "name2", "surname3"),
        ),
        (
            "From: security@example.invalid ({co_en})\nSubject: Suspicious access from Japan\n"
            "Dear officer, our logs show logins to the account of our customer {romaji_nat} "
            "(customer no. {card}) from {ip} and {ip6} on Nov {day}. The registered phone is "
            "{phone_intl} and the contact e-mail {email}. Our employee {f_nat} handled the case."
            "\nRegards, {romaji_nat2}",
            (
                "romaji_nat",
                "card",
                "ip",
                "ip6",
                "phone_intl",
                "email_local",
                "f_nat",
                "romaji_nat2",
            ),
        ),
    ],
    "U": [
        (
            "110番受理（反訳）{time}\n通：あの、{street}の{bname}なんですけど、"
            "隣の部屋の人がずっと爆発させるって叫んでて\n受：お名前を\n"
            "通：{surname}です、{surname}{given}。電話はこれ、{phone}\n"
            "通：隣は{surname2}って人で、{kin}の{given2}さんも一緒に住んでます",
            ("street", "bname", "surname", "given", "phone", "surname2", "given2"),
        ),
        (
            "古物商立入りメモ）{partner}で台帳確認。{item}持込みは{name}（{dob_era}生）、"
            "免許{license}で確認済み。\n連れの男は「{given3}」と呼ばれてた。"
            "店長{surname2}さん協力的",
            ("name", "dob_era", "license", "given3", "surname2"),
        ),
        (
            "ホテルフロントより電話（{time}）\nフロントの{surname2}と申しますが、"
            "{building}在住と記帳した{day}号室の客、{kana_half}で登録、"
            "携帯{phone}、部屋に薬品の臭い。同宿の{kin}{given3}も見かけないとのこと",
            ("surname2", "building", "bname", "kana_half", "phone", "given3"),
        ),
        (
            "【共有】例の荷物、送り主は{surname}（{street}）、届け先は{name2}宛。"
            "伝票{tracking}。ポイントカード{card}で支払い。\n"
            "受取人の在留カード{zairyu}、防カメ確認は{surname3}部長お願いします🙏",
            ("surname", "street", "name2", "tracking", "card", "zairyu", "surname3"),
        ),
        (
            "保護者面談記録 {day}日\n来署 {kin} {name}（{phone}）\n"
            "本人 {given2}（{grade}）は最近、父{given3}の工具を持ち出し夜間外出。"
            "友人の{surname4}君宅（{building}）に出入り。",
            ("name", "phone", "given2", "given3", "surname4", "building", "bname"),
        ),
        (
            "電話メモ {co_en}（英語）\n先方 {f_nat}、顧客 {romaji_nat2} の件。"
            "access from {ip6} / {ip}, card ending {card}\n"
            "顧客の日本の住所は{street}、DOB {dob_era}。折返し {phone_intl}",
            ("f_nat", "romaji_nat2", "ip6", "ip", "card", "street", "dob_era", "phone_intl"),
        ),
    ],
}


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for T then U."""
    return draw_texts(
        rng,
        authors="TU",
        styles=STYLES,
        values=values,
        others=("2", "3", "4"),
        keys=(
            "surname",
            "given",
            "name",
            "romaji_nat",
            "phone",
            "landline",
            "street",
            "bname",
        ),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
