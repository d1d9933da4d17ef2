"""Held-out family AI–AJ for ``share_pii.py`` (written 2026-12-05 21:30 UTC by pii16, before
any change of the fifteenth round and committed first). AI is the round's tune family (its
misses may be listed); **AJ is frozen**: run once at the start and once at the end, its misses
never listed before the end run.

Styles no earlier family used:

AI partners and advisories — a hotel front desk's report to the police (a guest checked in
  under one name, a hiragana given name alone with さん, a romaji name on the passport copy, a
  plate in the car park); a home-centre's purchase report (the buyer by surname with 様, a
  loyalty card number, an e-mail); a draft advisory to a residents' association (a suspicious
  man 〜と名乗る, an address written in kanji numerals, a landline); a security firm's patrol
  report (the guard by surname and 隊員, the resident by full name with 氏, a postal code).
AJ requests and officer notes — a request to an SNS operator for subscriber information (the
  account handle, the display name in romaji, the suspect's e-mail, a My-Number-like id of the
  complainant); an officer's note of a doorstep visit (「名前は〇〇」, a given name in
  katakana, the mother by kin word and hiragana given name, a date of birth); a note of a
  telephone consultation (the caller with 氏 or 様 after a dictionary-word surname, a
  full-width phone, a municipality-and-ward address); a handover note between duty officers
  (被疑者 by surname with 容疑者, an associate by 〜ちゃん, an address with building and room,
  a +81 phone).

Names: **surnames that are dictionary words** (the common surnames whose whole spelling
Sudachi reads as one ordinary word — a noun or a place, not a person's name: 森, 林, 中川,
平野 …) for half the people, the rest common surnames ranked 300–1,999; **given names written
in hiragana only** (shuheilocale's readings), in katakana, in kanji (its spellings) and in
romaji. Towns: every 127th Geolonia town from the 61st (no earlier family's sample).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from share_pii_draw import draw_texts
from share_pii_towns import town_sample

_HIRA = re.compile(r"^[ぁ-ゖー]{2,4}$")
_KANJI = re.compile(r"^[\u4e00-\u9fff]{1,3}$")
_WIDE = str.maketrans("0123456789-", "０１２３４５６７８９－")
_KANJI_DIGITS = "〇一二三四五六七八九"
_PLATE_REGIONS = ("品川", "練馬", "横浜", "なにわ", "福岡", "尾張小牧", "つくば", "湘南")
_PLATE_KANA = "さすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるろれわ"
_ROLES = ("店長", "所長", "会長", "隊長")
_SITES = ("Xアカウント", "Instagramアカウント", "TikTokアカウント")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 127th Geolonia town from the 61st."""
    return town_sample(shared, every=127, start=61)


def _kata(hira: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hira)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(surname, given, surname romaji, given hiragana): half the surnames dictionary words
    (Sudachi reads the whole spelling as one word that is not a person's name), half common
    surnames ranked 300–1,999; given names from shuheilocale's spellings."""
    from sudachipy import dictionary

    tok = dictionary.Dictionary().create()
    names = shared / "japanese_names_readings"
    with (names / "surnames.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    word_sur, rare_sur = [], []
    for i, r in enumerate(rows):
        k = r["kanji"]
        if not _KANJI.match(k):
            continue
        ms = tok.tokenize(k)
        if len(ms) == 1 and ms[0].part_of_speech()[2] != "人名":
            word_sur.append((k, r["romaji"]))
        elif i >= 300:
            rare_sur.append((k, r["romaji"]))
    giv: list[tuple[str, str, str]] = []
    with (names / "given_names.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if _KANJI.match(r["kanji"]) and _HIRA.match(r["reading_hiragana"]):
                giv.append((r["kanji"], r["reading_hiragana"], r["romaji"]))
    out = []
    for i in range(3000):
        s = rng.choice(word_sur if i % 2 == 0 else rare_sur)
        g = rng.choice(giv)
        out.append((s[0], g[0], s[1], g[1]))
    return out


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _kanji_num(n: int) -> str:
    return "".join(_KANJI_DIGITS[int(c)] for c in str(n))


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    surname, given, sur_roma, giv_hira = rng.choice(folk)
    pref, muni, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 30), rng.randint(1, 20)
    head = rng.choice(["090", "080", "070"])
    mid, tail = _digits(rng, 4), _digits(rng, 4)
    giv_roma = romaji(_kata(giv_hira)).capitalize()  # romaji() reads katakana
    sur_r = sur_roma.capitalize()
    handle = rng.choice([sur_roma, giv_roma.lower(), "night", "kumo"]) + rng.choice(["_", ".", ""])
    handle += _digits(rng, rng.randint(2, 4))
    y, era = rng.choice([(rng.randint(1975, 2008), "AD"), (rng.randint(50, 63), "昭和")])
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return {
        "surname": surname,
        "given": given,
        "name": f"{surname}{given}",
        "spaced": f"{surname} {given}",
        "hira_given": giv_hira,
        "kata_given": _kata(giv_hira),
        "roma_name": rng.choice([f"{giv_roma} {sur_r}", f"{sur_roma.upper()} {giv_roma}"]),
        "roma_given": giv_roma,
        "addr": rng.choice(
            [
                f"{pref}{muni}{town}{b}番{c}号",
                f"{muni}{base}{a}丁目{b}-{c}",
                f"{muni}{base}{_kanji_num(a)}丁目{_kanji_num(b)}番地",
                f"{base}{a}－{b}－{c}",
                f"{pref}{muni}{town}{b}-{c} コーポ{base[:2]}{rng.randint(1, 3)}0{c % 9 + 1}号室",
            ]
        ),
        "postal": f"〒{_digits(rng, 3)}-{_digits(rng, 4)}",
        "phone": rng.choice(
            [f"{head}-{mid}-{tail}", f"{head}{mid}{tail}", f"{head}-{mid}-{tail}".translate(_WIDE)]
        ),
        "intl": f"+81-{head[1:]}-{mid}-{tail}",
        "landline": f"0{rng.randint(3, 99)}-{_digits(rng, 3)}-{_digits(rng, 4)}",
        "plate": f"{rng.choice(_PLATE_REGIONS)}{rng.randint(300, 599)}"
        f"{rng.choice(_PLATE_KANA)}{_digits(rng, 2)}-{_digits(rng, 2)}",
        "handle": "@" + handle,
        "email": f"{rng.choice([sur_roma, giv_roma.lower()])}.{_digits(rng, 3)}@"
        f"{rng.choice(['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com'])}",
        "mynum": rng.choice(
            [_digits(rng, 12), f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"]
        ),
        "card": _digits(rng, 10),
        "dob": f"{y}年{m}月{d}日生" if era == "AD" else f"{era}{y}年{m}月{d}日生まれ",
        "age": rng.randint(15, 85),
        "role": rng.choice(_ROLES),
        "site": rng.choice(_SITES),
        "room": f"{rng.randint(2, 9)}0{rng.randint(1, 9)}",
    }


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "AI": [
        (
            "ホテルフロントからの報告\n{surname}と名乗る男性が{room}号室に3泊。同行の女性は"
            "{hira_given2}さんと呼ばれていた。パスポート写しの氏名は {roma_name} 。"
            "駐車場の車両は{plate}。",
            ("surname", "hira_given2", "roma_name", "plate"),
        ),
        (
            "購入報告（ホームセンター）\n{surname}様が硝酸アンモニウム肥料を20袋購入。"
            "ポイントカード番号 {card}、連絡先メール {email}。お連れ様は{kata_given}さん。",
            ("surname", "card", "email", "kata_given"),
        ),
        (
            "【注意喚起（案）】町内会の皆様へ\n{addr}付近で「{surname}」と名乗る男が"
            "点検と称して訪問しています。不審に思われたら{landline}（交番）へ。"
            "被害に遭われた{name2}さんのご協力に感謝します。",
            ("addr", "surname", "landline", "name2"),
        ),
        (
            "巡回報告（警備会社）\n担当 {surname3}隊員。{postal} {addr}の{name}氏宅で"
            "センサー発報。本人{age}歳は不在、長男の{given2}さん（{phone}）に連絡済。",
            ("surname3", "postal", "addr", "name", "given2", "phone"),
        ),
    ],
    "AJ": [
        (
            "照会依頼書（発信者情報）\n{site} {handle}（表示名 {roma_name}）について、"
            "契約者の氏名・住所・メールアドレス（{email} と推定）の開示を求める。"
            "申告者 {spaced}（個人番号 {mynum}）",
            ("handle", "roma_name", "email", "spaced", "mynum"),
        ),
        (
            "訪問メモ\n{addr}を訪問。応対した少年は名前は{kata_given}と答えた。"
            "母親の{hira_given2}さん（{dob}）が後から帰宅。父親は{surname}{role}と呼ばれている。",
            ("addr", "kata_given", "hira_given2", "dob", "surname"),
        ),
        (
            "電話相談記録\n相談者 {surname}様（{age}歳）から。自宅 {muni_addr}。"
            "連絡先 {phone}。隣人の{surname2}氏が深夜に騒ぐとのこと。娘は{roma_given}と名乗る。",
            ("surname", "muni_addr", "phone", "surname2", "roma_given"),
        ),
        (
            "引継ぎメモ\n{surname}容疑者は{addr}の知人宅に出入り。仲間の{hira_given3}ちゃんと"
            "呼ばれる女は{intl}を使用。{name4}くんも同席していた模様。",
            ("surname", "addr", "hira_given3", "intl", "name4"),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included.
ORDINARY = (
    "フロントに落とし物の届けがありました。",
    "肥料の購入は春先に増えます。",
    "点検と称する訪問にご注意ください。",
    "センサーの発報は誤報でした。",
    "開示請求には裁判所の命令が必要です。",
    "名前は後で確認します。",
    "森の中を散歩した。",
    "平野部では雨が降るでしょう。",
    "林の奥に小屋がある。",
    "さくらが咲きました。",
    "お母さんが迎えに来た。",
    "中川の河川敷で花火大会があります。",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for AI then AJ."""
    return draw_texts(
        rng,
        authors=("AI", "AJ"),
        styles=STYLES,
        values=_with_muni_addr,
        others=("2", "3", "4"),
        keys=("surname", "given", "name", "hira_given", "kata_given"),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )


def _with_muni_addr(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    """values plus an address written from the municipality on (no prefecture), one more
    draw after the others so that ``values`` keeps its order."""
    v = values(rng, folk, towns, romaji)
    _, muni, town, _, _ = rng.choice(towns)
    v["muni_addr"] = f"{muni}{town}{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    return v
