"""Held-out family AG–AH for ``share_pii.py`` (written 2026-12-05 18:25 UTC by pii15, before
any change of the fourteenth round — the residual sweep — and committed first; frozen: run
once at the start and once at the end, its misses never listed before the end run).

Styles no earlier family used:

AG institutions' papers — a prosecutor's case summary (被疑者 with an era date of birth and an
  occupation, 被害者 by household, 参考人 a foreign resident in Hangul with a reading); a
  landlord association's circular (回覧: a former tenant who moved out with 様 and the new
  address, the chair with a landline, a contact person by kana given name); a hospital's
  discharge note relayed by a medical social worker (MSW by surname, the patient with an
  age, the key person by kin word and given name with a mobile, an insurance card's 記号・番号);
  a school's incident report (a pupil with class and 出席番号, a witness pupil by surname and
  kana given name, the guardian with 様 and a phone, the teacher on duty by surname and 教諭).
AH people's own voices — a transcribed voicemail (the caller's surname after もしもし, a
  phone read out digit-group by group with の between, "…の件で" a given name); a Korean
  resident's consultation mixed Hangul/Japanese (own name in Hangul with its katakana, the
  landlord's surname with さん, an address, a Korean mobile +82); a Vietnamese trainee's
  message with diacritics (Vietnamese full name, the company's president by surname and 社長,
  a friend by Vietnamese given name alone, a Japanese mobile); a Chinese resident's note in
  simplified characters mixed with Japanese (a name in simplified hanzi, the landlord 房东 by
  surname, an address, a WeChat id).

Names are drawn from sources no earlier family drew and the recogniser's tables are least
likely to hold: **surnames made from Geolonia place names** (two-kanji town names — most
Japanese surnames are place names — that are neither among the 1,999 common surnames nor
IPAdic surnames), **given-name spellings the shipped tables do not list** (shuheilocale's
89,339 spellings minus the 35,182 the tables ship, two characters, not IPAdic given names);
foreign names written here in their own scripts (Hangul, Vietnamese with diacritics,
simplified Chinese) — no earlier family wrote a name in Hangul, with Vietnamese diacritics or
in simplified hanzi. Towns: every 113th Geolonia town from the 41st (no earlier family's sample).
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

_KANJI = re.compile(r"^[\u4e00-\u9fff]{2}$")

# (name in its script, katakana reading)
_HANGUL = (
    ("김서연", "キム・ソヨン"),
    ("박지훈", "パク・チフン"),
    ("이하은", "イ・ハウン"),
    ("정우진", "チョン・ウジン"),
    ("최예린", "チェ・イェリン"),
    ("윤도현", "ユン・ドヒョン"),
    ("한소희", "ハン・ソヒ"),
)
_VIET = (
    ("Nguyễn Thị Thu Hà", "Hà"),
    ("Trần Văn Đức", "Đức"),
    ("Phạm Minh Tuấn", "Tuấn"),
    ("Lê Thị Ngọc Ánh", "Ánh"),
    ("Võ Hoàng Phúc", "Phúc"),
    ("Đặng Thùy Linh", "Linh"),
    ("Bùi Quang Huy", "Huy"),
)
_HANZI = ("张晓燕", "刘伟东", "陈静怡", "赵国强", "黄丽娟", "吴俊杰", "孙梦瑶")
_JOBS = ("無職", "会社員", "アルバイト", "自営業")
_HALLS = ("第二集会所", "町会事務所", "公民館")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 113th Geolonia town from the 41st."""
    return town_sample(shared, every=113, start=41)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(surname, given, surname kana, given kana): surnames from two-kanji place names that
    no name list holds; given-name spellings the shipped tables do not list."""
    import json

    names = shared / "japanese_names_readings"
    shipped = json.loads(
        (Path(__file__).parents[1] / "src/kizashi/share/data/pii_tables.json").read_text("utf-8")
    )
    with (names / "surnames.csv").open(encoding="utf-8") as f:
        common = {r["kanji"] for r in csv.DictReader(f)}
    with (names / "ipadic_person_names.csv").open(encoding="utf-8") as f:
        ipadic = list(csv.DictReader(f))
    ip_sur = {r["surface"] for r in ipadic if r["name_type"] == "surname"}
    ip_giv = {r["surface"] for r in ipadic if r["name_type"] == "given"}
    sur: dict[str, str] = {}
    with (shared / "japanese_addresses/towns_geolonia.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            t, kana = r["postal_town"], r["postal_town_kana"]
            if (
                _KANJI.match(t)
                and kana
                and 3 <= len(kana) <= 5
                and t not in common
                and t not in ip_sur
                and not t.endswith(("町", "村", "市", "区", "郡", "島", "山", "川"))
            ):
                sur.setdefault(t, kana)
    giv: dict[str, str] = {}
    with (names / "given_names.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            k = r["kanji"]
            if _KANJI.match(k) and k not in shipped["given"] and k not in ip_giv:
                kata = "".join(
                    chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in r["reading_hiragana"]
                )
                giv.setdefault(k, kata)
    s_items, g_items = sorted(sur.items()), sorted(giv.items())
    out = []
    for _ in range(3000):
        s, g = rng.choice(s_items), rng.choice(g_items)
        out.append((s[0], g[0], s[1], g[1]))
    return out


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    surname, given, _kana_sur, kana_giv = rng.choice(folk)
    pref, muni, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 5), rng.randint(1, 40), rng.randint(1, 25)
    head = rng.choice(["090", "080", "070"])
    mid, tail = _digits(rng, 4), _digits(rng, 4)
    hangul, hangul_kata = rng.choice(_HANGUL)
    viet, viet_given = rng.choice(_VIET)
    y = rng.randint(40, 63)
    return {
        "surname": surname,
        "given": given,
        "name": f"{surname}{given}",
        "kana_given": rng.choice(
            [
                kana_giv,
                "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in kana_giv),
            ]
        ),
        "addr": rng.choice(
            [
                f"{pref}{muni}{town}{b}番{c}号",
                f"{muni}{base}{a}丁目{b}-{c}",
                f"{muni}{town}{b}番地の{c}",
            ]
        ),
        "phone": rng.choice(
            [f"{head}-{mid}-{tail}", f"{head}（{mid}）{tail}", f"{head} {mid} {tail}"]
        ),
        "spoken": f"{head}の{mid}の{tail}",
        "landline": f"0{rng.randint(3, 99)}-{_digits(rng, 3)}-{_digits(rng, 4)}",
        "kr_phone": f"+82 10-{_digits(rng, 4)}-{_digits(rng, 4)}",
        "age": rng.randint(8, 88),
        "dob": f"昭和{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日生",
        "job": rng.choice(_JOBS),
        "hall": rng.choice(_HALLS),
        "hangul": hangul,
        "hangul_kata": hangul_kata,
        "viet": viet,
        "viet_given": viet_given,
        "hanzi": rng.choice(_HANZI),
        "wechat": f"wxid_{rng.choice(['xy', 'lm', 'zq'])}{_digits(rng, 6)}",
        "ins_k": _digits(rng, 4),
        "ins_n": _digits(rng, 3),
        "seat": str(rng.randint(1, 35)),
        "klass": f"{rng.randint(1, 6)}年{rng.randint(1, 4)}組",
        "room": f"{rng.randint(1, 3)}0{rng.randint(1, 8)}",
    }


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "AG": [
        (
            "事件概要（送致用）\n被疑者 {name}（{dob}、{job}）は、{addr}の自宅車庫において"
            "火薬類を製造した疑い。被害者 {surname2}方の窓ガラスが割れた。\n"
            "参考人 {hangul}（{hangul_kata}、韓国籍）は犯行前夜に物音を聞いたと供述。",
            ("name", "dob", "addr", "surname2", "hangul", "hangul_kata"),
        ),
        (
            "【回覧】家主の会からのお知らせ\n先月退去された{surname}様（旧{room}号室）の転居先は"
            "{addr2}と伺っています。\n郵便物が届いた場合は会長 {surname3}（{landline}）まで。"
            "受付は事務の{kana_given4}さんが{hall}で承ります。",
            ("surname", "addr2", "surname3", "landline", "kana_given4"),
        ),
        (
            "MSW {surname3}より情報提供\n{name}さん（{age}歳）は来週退院予定、退院先は{addr}。"
            "キーパーソンは長女の{given2}さん（携帯 {phone2}）。\n保険証 記号{ins_k} 番号{ins_n}",
            ("surname3", "name", "addr", "given2", "phone2", "ins_k"),
        ),
        (
            "事故報告書\n{klass} {name}（出席番号{seat}）が昼休みに階段で転倒。"
            "目撃者は同じクラスの{surname2}{kana_given2}。\n保護者 {surname}様 {phone}へ連絡済。"
            "当番 {surname4}教諭",
            ("name", "surname2", "kana_given2", "phone", "surname4"),
        ),
    ],
    "AH": [
        (
            "（留守電 文字起こし）あ、もしもし、{surname}です。{given}の件でお電話しました。"
            "折り返しは{spoken}までお願いします。{addr}の件も、ええと、また話します。",
            ("surname", "given", "spoken", "addr"),
        ),
        (
            "안녕하세요. 저는 {hangul}（{hangul_kata}）です。{addr}に住んでいます。"
            "大家さんの{surname2}さんが勝手に部屋に入ります。連絡は {kr_phone} か {phone} に"
            "お願いします。",
            ("hangul", "hangul_kata", "addr", "surname2", "kr_phone", "phone"),
        ),
        (
            "Em tên là {viet}. 会社の{surname}社長がパスポートを返してくれません。"
            "友達の{viet_given2}も同じです。電話 {phone}、寮は{addr}です。",
            ("viet", "surname", "viet_given2", "phone", "addr"),
        ),
        (
            "我叫{hanzi}，住在{addr}。房东{surname}先生说下个月要涨房租。"
            "微信 {wechat}、電話は{phone}です。",
            ("hanzi", "addr", "surname", "wechat", "phone"),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included.
ORDINARY = (
    "被疑者は犯行を否認している。",
    "参考人の供述は録音してあります。",
    "回覧が終わったら次のお宅へ回してください。",
    "家主の会の総会は来月第二日曜です。",
    "退院先の調整は地域連携室が行います。",
    "キーパーソンの同意が必要です。",
    "昼休みの見守りは当番の教諭が行う。",
    "留守電にメッセージが残っていました。",
    "안녕하세요. 日本語は少し話せます。",
    "微信でも連絡できます。",
    "会社の社長が面談に来ました。",
    "保険証のコピーを提出してください。",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for AG then AH."""
    return draw_texts(
        rng,
        authors=("AG", "AH"),
        styles=STYLES,
        values=values,
        others=("2", "3", "4"),
        keys=("surname", "given", "name", "kana_given", "phone", "addr", "viet_given"),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
