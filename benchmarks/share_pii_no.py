"""Held-out family N–O for ``share_pii.py`` (written 2026-12-04 17:15 UTC, before the third
round of tuning; frozen: run once at the start and once at the end, misses never listed).

(The brief called it "L–M"; that name was already taken by a development family.)

Other authors and other templates than any earlier family, and value variants chosen
without looking at the recogniser: N are institutions' documents (a bank's notice of a
suspicious transfer, a retailer's purchase log as a Markdown table, a foreign company's
English e-mail, a real-estate association's transcribed handwritten note, a school's
contact sheet); O are informal messages (a LINE group chat with speakers' names, an
anonymous board post, an SMS in English and Japanese, a voice-memo transcript with names
run together, a second-hand shop's buyback slip). Values: e-mails hidden as (at), ＠ with
a full-width dot, アットマーク, " at … dot …", [@] and ★ (the seeded value is the local
part, the piece that names a person); phones with long-vowel marks, full-width digits and
brackets, U+2010/U+2212 dashes, +81 (0); bank accounts with branch numbers and ゆうちょ
記号番号; My Number full-width and spaced; plates full-width and with dots; addresses with
full-width or kanji numbers and in English word order; names in kanji (spaced with a
full-width space or joined), katakana (full-width space or run together), hiragana given
names, romaji given names and surnames after Mr/Ms/this is/it's. Names are IPAdic's (not
shipped), towns Geolonia's (not shipped), municipalities' romaji from the ABR table.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from share_pii_towns import town_sample

_WIDE = str.maketrans({**{str(d): chr(0xFF10 + d) for d in range(10)}, "-": "－", " ": "\u3000"})
_KANJI_DIGITS = "〇一二三四五六七八九"


def _kanji_number(n: int) -> str:
    if n < 10:
        return _KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI_DIGITS[tens]) + "十" + (_KANJI_DIGITS[ones] if ones else "")


def _hira(kata: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kata)


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, municipality romaji) of a sample no earlier
    family drew (every 71st town from the 33rd)."""
    return town_sample(shared, every=71, start=33)


def values(
    rng: random.Random,
    people: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    name, kana, surname, kana_surname = rng.choice(people)
    given, kana_given = name.split(" ")[1], kana.split(" ")[1]
    r_sur, r_given = romaji(kana_surname), romaji(kana_given)
    pref, muni, town, town_kana, muni_roma = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 7), rng.randint(1, 35), rng.randint(1, 24)
    mob = f"0{rng.choice([70, 80, 90])}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    land = f"0{rng.randint(42, 99)}{rng.randint(100, 999)}{rng.randint(1000, 9999)}"
    local = rng.choice(
        [
            f"{r_given}.{r_sur}",
            f"{r_sur}_{r_given[:1]}{rng.randint(1, 99)}",
            f"{r_given}{rng.randint(70, 99)}",
            f"{r_sur[:4]}{r_given[:3]}",
        ]
    )
    dom = rng.choice(
        ["gmail.com", "au.com", "softbank.ne.jp", "outlook.jp", "nifty.com", "kougyo-sha.co.jp"]
    )
    email = rng.choice(
        [
            f"{local}(at){dom}",
            f"{local}＠{dom.replace('.', '．')}",
            f"{local} アットマーク {dom}",
            f"{local} at {dom.replace('.', ' dot ')}",
            f"{local}[@]{dom}",
            f"{local}★{dom}",
            f"{local} (at) {dom}",
        ]
    )
    phone = rng.choice(
        [
            f"{mob[:3]}ー{mob[3:7]}ー{mob[7:]}",
            f"{mob[:3]}-{mob[3:7]}-{mob[7:]}".translate(_WIDE),
            f"{mob[:3]}({mob[3:7]}){mob[7:]}".translate(_WIDE)
            .replace("(", "（")
            .replace(")", "）"),
            f"+81 (0){mob[1:3]} {mob[3:7]} {mob[7:]}",
            f"{mob[:3]}\u2010{mob[3:7]}\u2010{mob[7:]}",
            f"{land[:3]}\u2212{land[3:6]}\u2212{land[6:]}",
            f"{mob[:3]} {mob[3:7]} {mob[7:]}".translate(_WIDE),
        ]
    )
    d12 = "".join(str(rng.randint(0, 9)) for _ in range(12))
    mynumber = rng.choice(
        [f"{d12[:4]} {d12[4:8]} {d12[8:]}".translate(_WIDE), f"{d12[:4]}-{d12[4:8]}-{d12[8:]}", d12]
    )
    bank = rng.choice(
        [
            f"店番{rng.randint(100, 999)} 普通 {rng.randint(1000000, 9999999)}",
            f"口座番号（普通）{rng.randint(1000000, 9999999)}",
            f"（普）{rng.randint(1000000, 9999999)}",
            f"記号{rng.randint(10000, 19999)} 番号{rng.randint(10000000, 99999999)}",
        ]
    )
    bank_value = re.search(r"\d{7,8}$", bank).group()  # type: ignore[union-attr]
    region = rng.choice(
        ["練馬", "世田谷", "杉並", "春日部", "川口", "土浦", "宇都宮", "浜松", "京都", "神戸"]
    )
    plate = rng.choice(
        [
            f"{region} {rng.randint(300, 599)} {rng.choice('せそたなはまやらわ')} {rng.randint(10, 99)}-{rng.randint(10, 99)}",
            f"{region}{rng.randint(300, 599)}{rng.choice('あいうえか')}{rng.randint(10, 99)}-{rng.randint(10, 99)}".translate(
                _WIDE
            ),
            f"{region} {rng.randint(300, 599)} {rng.choice('ほまも')} ・・・{rng.randint(1, 9)}",
        ]
    )
    room = rng.randint(101, 905)
    address = rng.choice(
        [
            f"{pref}{muni}{town}{b}番{c}号".translate(_WIDE),
            f"{muni}{town}{_kanji_number(b)}番地の{_kanji_number(c)}",
            f"{pref}{muni}{base}{a}-{b}-{c} ハイム{base[:2]}{room}",
            f"{base}{a}丁目{b}-{c}",
        ]
    )
    roma_town = romaji(re.sub(r"[0-9]+.*$", "", town_kana)).capitalize()
    year, month, day = rng.randint(1948, 2007), rng.randint(1, 12), rng.randint(1, 28)
    era = ("昭和", year - 1925) if year < 1989 else ("平成", year - 1988)
    dob = rng.choice(
        [
            f"{era[0]}{era[1]}年{month}月{day}日".translate(_WIDE),
            f"{year}年{month}月{day}日",
            f"{year}/{month}/{day}",
        ]
    )
    spaced = rng.choice([" ", "\u3000", ""])
    return {
        "name": name.replace(" ", spaced),
        "surname": surname,
        "given": given,
        "kana": kana.replace(" ", "\u3000"),
        "kana_joined": kana.replace(" ", ""),
        "kana_surname": kana_surname,
        "hira_given": _hira(kana_given),
        "romaji": rng.choice(
            [f"{r_given.capitalize()} {r_sur.capitalize()}", f"{r_sur.upper()} {r_given.upper()}"]
        ),
        "romaji_given": r_given.capitalize(),
        "romaji_surname": r_sur.capitalize(),
        "email": email,
        "email_local": local,
        "phone": phone,
        "mynumber": mynumber,
        "bank": bank,
        "bank_value": bank_value,
        "plate": plate,
        "postal": f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}".translate(_WIDE),
        "address": address,
        "address_en": f"{a}-{b}-{c} {roma_town}, {muni_roma}",
        "dob": dob,
        "child_age": str(rng.randint(6, 12)),
        "age": str(rng.randint(18, 82)).translate(_WIDE)
        if rng.random() < 0.5
        else str(rng.randint(18, 82)),
    }


# (template, seeded fields); `bank` is seeded as `bank_value`, `email` as `email_local`
STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "N": [
        (
            "疑わしい取引の届出（写）\n振込依頼人：{kana}\n依頼人電話：{phone}\n"
            "受取口座：{bank}\n受取人名義：{kana2}\n備考：窓口で「{surname2}の代理」と説明",
            ("kana", "phone", "bank_value", "kana2", "surname2"),
        ),
        (
            "| 項目 | 内容 |\n|---|---|\n| 購入者 | {name} 様 |\n| 生年月日 | {dob} |\n"
            "| 連絡先 | {phone} |\n| 車両 | {plate} |\n| 購入品 | 硝酸カリウム 5kg ×3 |",
            ("name", "dob", "phone", "plate"),
        ),
        (
            "Dear Officer,\nOur former engineer Mr. {romaji_surname} ({email}) copied design files "
            "before leaving. His manager, Ms. {romaji_surname2}, noticed it on Monday. He lives at "
            "{address_en}; mobile {phone}.\nBest regards",
            ("romaji_surname", "email_local", "romaji_surname2", "address_en", "phone"),
        ),
        (
            "（手書きメモの書き起こし）借主 {kana}（{name}）様 {age}才\n現住所 {postal} {address}\n"
            "勤務先電話 {phone}　保証人 {surname2}（父）",
            ("kana", "name", "address", "phone", "surname2"),
        ),
        (
            "緊急連絡票　児童：{hira_given2}（{child_age}歳）　保護者：{name}　"
            "マイナンバー（番号確認済）：{mynumber}　連絡用メール：{email}",
            ("hira_given2", "name", "mynumber", "email_local"),
        ),
    ],
    "O": [
        (
            "{surname}: 今日また{given2}さんの家の前に{plate}の車いたよ\n{surname2}: まじか\n"
            "{surname}: 電話してみる？ {phone} だっけ",
            ("surname", "given2", "plate", "phone", "surname2"),
        ),
        (
            "123 名無しさん\n{address}に住んでる{name}ってやつ、毎晩ドローン飛ばしてる。"
            "メアド晒しとくわ {email}",
            ("address", "name", "email_local"),
        ),
        (
            "Hey it's {romaji_given}. Got your number from {romaji_given2}-san. 例の件、"
            "振込先は{bank}でお願いします。my mail {email}",
            ("romaji_given", "romaji_given2", "bank_value", "email_local"),
        ),
        (
            "（ボイスメモ）えっと、名前は{kana_surname}、フルネームで{kana_joined}って言ってました。"
            "{hira_given2}ちゃんの父親だそうです。番号は{phone}。",
            ("kana_surname", "kana_joined", "hira_given2", "phone"),
        ),
        (
            "買取伝票\nお客様氏名 {name}　{age}歳\n本人確認 マイナンバーカード {mynumber}\n"
            "ご住所 {address}\n振込先 {bank}\n担当 {surname2}",
            ("name", "mynumber", "address", "bank_value"),
        ),
    ],
}


def texts(
    rng: random.Random,
    people: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for N then O."""
    out = []
    for author in "NO":
        for _ in range(per_author):
            v = values(rng, people, towns, romaji)
            other = values(rng, people, towns, romaji)
            for key in ("surname", "given", "kana", "hira_given", "romaji_surname", "romaji_given"):
                v[key + "2"] = other[key]
            template, fields = rng.choice(STYLES[author])
            out.append((template.format(**v), [str(v[f]) for f in fields], list(fields)))
    return out
