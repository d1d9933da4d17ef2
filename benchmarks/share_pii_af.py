"""Check family AE–AF for ``share_pii.py`` (written 2026-12-05 10:00 UTC by pii12 *after* the
twelfth round's recogniser was final, ad426dd; measured once on that code and once on the
round's starting code d61f311, never tuned on, its misses not read before both runs).

AC–AD was written before the round but its author then wrote the round's rules knowing its
shapes; this family is a check of the final code on documents written after it, by the same
author (who knows the rules: a caveat of its own). Shapes no earlier family used:

AE records — a PTA's phone tree (連絡網: numbered households, a child by given name and the
  parent with の母/の父, → to the next), a monthly parking contract list (区画 No., the
  holder with 様, a car model and a plate), a lost-property report at a koban (拾得者 and
  遺失者 with their addresses and phones).
AF groups and mail — a school trip's rooming list (room numbers, pupils joined by ・, the
  teacher on duty by surname and 先生), an e-mail signature in both scripts (romaji name /
  kanji name, a department, a direct line), a tutoring school's assignment note (生徒 with
  くん and a school year, 担当講師 with 先生, the guardian with 様).

Values: names the recogniser's tables do not hold (X–Y's sampler, this family's seed);
foreign names of nationalities no earlier family used (Slovenian, Maltese, Haitian,
Paraguayan, Sudanese, Latvian, Belarusian, Yemeni) in Western order and katakana; Geolonia
towns of a sample no earlier family drew (every 101st from the 7th).
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

# (given, surname, katakana given, katakana surname)
_FOREIGN = (
    ("Ziga", "Kranjc", "ジガ", "クランツ"),
    ("Marija", "Borg", "マリヤ", "ボルグ"),
    ("Widline", "Joseph", "ウィドリン", "ジョゼフ"),
    ("Rocio", "Benitez", "ロシオ", "ベニテス"),
    ("Hawa", "Osman", "ハワ", "オスマン"),
    ("Janis", "Berzins", "ヤニス", "ベルジンシュ"),
    ("Darya", "Novik", "ダリヤ", "ノヴィク"),
    ("Saleh", "Al-Hakimi", "サレハ", "アルハキミ"),
)
_CARS = ("プリウス", "N-BOX", "アクア", "ハイエース", "フィット")
_DEPTS = ("営業部", "総務課", "技術開発室")
_SCHOOLS = ("個別指導ホープ", "進学塾アスナロ", "学習塾ミライ")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 101st Geolonia town from the 7th."""
    return town_sample(shared, every=101, start=7)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Names the recogniser's tables do not hold (X–Y's sampler; the caller's seed), only
    those whose readings the benchmark's romaji table spells (R–S's values need a romaji
    initial; a reading it cannot spell broke the first draw of this family)."""
    from share_pii import romaji

    return [p for p in share_pii_xy.people(shared, rng) if romaji(p[2]) and romaji(p[3])]


def _hiragana(kata: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kata)


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    v = share_pii_xy.values(rng, folk, towns, romaji)
    kana_sur, kana_giv = v["kana"].split(" ")
    v["kana_given"] = rng.choice([kana_giv, _hiragana(kana_giv)])
    v["romaji_full"] = f"{romaji(kana_giv).capitalize()} {romaji(kana_sur).capitalize()}"
    f_giv, f_sur, fj_giv, fj_sur = rng.choice(_FOREIGN)
    v.update(
        f_nat=f"{f_giv} {f_sur}",
        f_ja=f"{fj_giv}・{fj_sur}",
        f_given_ja=fj_giv,
    )
    pref, muni, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)
    v["addr"] = rng.choice([f"{muni}{base}{a}-{b}-{c}", f"{pref}{muni}{town}{b}番地{c}"])
    v["car"] = rng.choice(_CARS)
    v["dept"] = rng.choice(_DEPTS)
    v["juku"] = rng.choice(_SCHOOLS)
    v["bay"] = str(rng.randint(1, 40))
    v["room"] = f"{rng.randint(2, 5)}{rng.randint(0, 1)}{rng.randint(1, 9)}"
    v["year"] = rng.choice(["小5", "小6", "中1", "中2"])
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "AE": [
        (
            "3年2組 連絡網\n1. {given}の母 {name}（{phone}）\n→ 2. {given2}の父 {surname2}"
            "（{phone2}）\n→ 3. {kana_given3}の母 {surname3}（{phone3}）",
            (
                "given",
                "name",
                "phone",
                "given2",
                "surname2",
                "phone2",
                "kana_given3",
                "surname3",
                "phone3",
            ),
        ),
        (
            "月極駐車場 契約者一覧\n区画No.{bay}　{name}様　{car}　{plate}\n"
            "区画No.{room}　{f_nat}様　連絡先 {phone2}\n管理：{surname3}",
            ("name", "plate", "f_nat", "phone2", "surname3"),
        ),
        (
            "拾得物件預り書\n拾得者　{name}　{addr}　電話 {phone}\n"
            "遺失者　{name2}（{age}）\n受理 {surname3} 巡査",
            ("name", "addr", "phone", "name2", "surname3"),
        ),
    ],
    "AF": [
        (
            "修学旅行 部屋割り\n{room}号室：{surname}・{surname2}・{f_given_ja}\n"
            "夜間巡回 {surname3}先生／{surname4}先生",
            ("surname", "surname2", "f_given_ja", "surname3", "surname4"),
        ),
        (
            "よろしくお願いいたします。\n--\n{romaji_full} / {name}\n{dept}\n"
            "直通 {landline}　{email}",
            ("romaji_full", "name", "landline", "email"),
        ),
        (
            "{juku} 担当割当\n生徒：{given}くん（{year}）\n担当講師：{surname2}先生\n"
            "保護者：{name3}様（{phone3}）\n体験生 {f_ja}",
            ("given", "surname2", "name3", "phone3", "f_ja"),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included.
ORDINARY = (
    "連絡網は年度初めに配ります。",
    "区画No.12は来月から空きになります。",
    "拾得者の方には後日ご連絡します。",
    "部屋割りは学級委員が決めました。",
    "夜間巡回は先生方が交代で行います。",
    "担当講師の変更はお気軽にご相談ください。",
    "保護者会は土曜の午前です。",
    "ハイエースとプリウスが並んで停まっていた。",
    "よろしくお願いいたします。",
    "直通番号は名刺の裏にあります。",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for AE then AF."""
    return draw_texts(
        rng,
        authors=("AE", "AF"),
        styles=STYLES,
        values=values,
        others=("2", "3", "4"),
        keys=("surname", "given", "name", "kana_given", "phone"),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
