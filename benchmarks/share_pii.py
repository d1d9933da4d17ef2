"""Personal-data removal by the tear-line, measured on a set built from public tables.

    .venv/bin/python benchmarks/share_pii.py [--per-author 40] [--seed 7]

Texts are written in nine authors' styles: A a police memo, B a partner's informal report,
C an e-mail, D a tabular contract note, E a patrol note (one template each, the first
measurement); H a shop staff's chat, I an investigation report with aliases and katakana
readings (three templates each); F an SNS post, G a phone-call transcript (three templates
each, written before any tuning for them and run only at the end). Names come from IPAdic's
person names (NOT the MIT name lists the recogniser ships), places from Geolonia's town
table (the recogniser ships municipalities only), phones/e-mails/ids/plates are random.

J a partner's note and K SNS posts and DMs (six templates each, values of newer shapes:
romaji names, partial addresses, era dates of birth, labelled ids; written before the second
tuning and run once at the end); L–M development texts of the newer shapes; N–O a fresh
held-out family (``share_pii_no.py``, frozen before the third tuning, run at its start and end);
P–Q the next (``share_pii_pq.py``, frozen before the fourth tuning, now spent); R–S the
next (``share_pii_rs.py``, frozen before the fifth round, now spent); T–U the next
(``share_pii_tu.py``, frozen before the sixth round, now spent); V–W the next
(``share_pii_vw.py``, frozen before the seventh round, now spent); X–Y the next
(``share_pii_xy.py``, frozen before the ninth round, names the recogniser's tables do not
hold, with ordinary sentences of its own; now spent); Z–Ω the next (``share_pii_za.py``,
code ``ZA``, frozen before the tenth round, now spent); AA–AB the next (``share_pii_ab.py``,
code ``AB``, frozen before the eleventh round, now spent); AC–AD the next (``share_pii_ad.py``,
code ``AD``, frozen before the twelfth round, now spent); AE–AF a check written after the
twelfth round's code was final (``share_pii_af.py``, code ``AF``), measured once on that code
and on the round's starting code, never tuned on; AG–AH the fourteenth round's held-out
family (``share_pii_ah.py``, code ``AH``), written before the residual sweep and run at its
start and end (``--show-misses`` never lists it); AI–AJ the fifteenth round's family
(``share_pii_aj.py``, written before its code): AI (code ``AI``) tuned on, AJ (code ``AJ``)
frozen, run at the round's start and end only (``--show-misses`` never lists it); AK–AL the
twentieth round's hand-marked family (``share_pii_al.py``, written before its code): AK (code
``AK``) tuned on, AL (code ``AL``) frozen, with strict recall and must-keep words over-removed
beside the usual figures; AM–AN the twenty-first round's hand-marked family
(``share_pii_am.py``, written before its code): AM (code ``AM``) tuned on, AN (code ``AN``)
frozen, scored as AK–AL; AO–AP the twenty-second round's hand-marked family
(``share_pii_ao.py``, written before its code): AO (code ``AO``) tuned on, AP (code ``AP``)
frozen, scored as AK–AL; AQ–AR the twenty-third round's hand-marked family
(``share_pii_aq.py``, written before its code): AR (code ``AR``) tuned on, AQ (code ``AQ``)
frozen, scored as AK–AL; AS–AT the twenty-fourth round's hand-marked family
(``share_pii_as.py``, written before its code): AS (code ``AS``) tuned on, AT (code ``AT``)
frozen, scored as AK–AL; AU–AV the twenty-fifth round's hand-marked family
(``share_pii_au.py``, written before its code): AU (code ``AU``) tuned on, AV (code ``AV``)
frozen, scored as AK–AL. ``--level`` picks the handling code,
``--sweep on|off|default`` forces the residual sweep (share/pii_sweep.py) on or off.

Splits: A–C, H–I and L–M are development (tuned on); D–E, F–G, J–K and N–O were held-out in
their rounds and were tuned on later; P–Q and R–S were held-out in the fourth and fifth
rounds and are spent, T–U in the sixth, V–W in the seventh, X–Y in the ninth, Z–Ω in the
tenth, AA–AB in the eleventh, AC–AD in the twelfth; AE–AF is a check (`--show-misses` never lists it; `--splits` chooses which run; `--by-field` gives recall per kind). Recall = share of seeded values absent from
the tear-line; precision = share of removed spans that overlap a seeded value. Ordinary
text (Tatoeba Japanese sentences, no personal data) gives the false-removal rate. Reads
../shared/data (KIZASHI_SHARED_DATA); nothing is shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
from pathlib import Path

import share_pii_ab
import share_pii_ad
import share_pii_af
import share_pii_ah
import share_pii_aj
import share_pii_al
import share_pii_am
import share_pii_ao
import share_pii_aq
import share_pii_as
import share_pii_au
import share_pii_no
import share_pii_pq
import share_pii_rs
import share_pii_tu
import share_pii_vw
import share_pii_xy
import share_pii_za

from kizashi.share.tear_line import leftovers, tearline

SHARED = Path(
    os.environ.get("KIZASHI_SHARED_DATA", Path(__file__).parents[1] / ".." / "shared" / "data")
)


def _load(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    rows = list(
        csv.DictReader(
            (SHARED / "japanese_names_readings/ipadic_person_names.csv").open(encoding="utf-8")
        )
    )
    sur = [r for r in rows if r["name_type"] == "surname" and int(r["ipadic_cost"]) < 8000]
    giv = [r for r in rows if r["name_type"] == "given" and int(r["ipadic_cost"]) < 8000]
    people = []
    for _ in range(2000):
        s, g = rng.choice(sur), rng.choice(giv)
        people.append(
            (
                s["surface"] + " " + g["surface"],
                s["reading_katakana"] + " " + g["reading_katakana"],
                s["surface"],
                s["reading_katakana"],
            )
        )
    towns = []
    with (SHARED / "japanese_addresses/towns_geolonia.csv").open(encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if i % 97 == 0 and r["pref"] in ("東京都", "神奈川県", "埼玉県", "千葉県", "大阪府"):
                towns.append(f"{r['pref']}{r['municipality']}{r['town']}")
    ordinary = [
        json.loads(line)["text"]
        for line in (SHARED / "tanaka_tatoeba_enja/ja.jsonl").open(encoding="utf-8")
    ]
    return people, towns, ordinary


def _values(rng: random.Random, people, towns):  # type: ignore[no-untyped-def]
    name, kana, surname, kana_surname = rng.choice(people)
    return {
        "name": name,
        "kana": kana,
        "surname": surname,
        "kana_surname": kana_surname,
        "address": f"{rng.choice(towns)}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        "phone": f"0{rng.choice([80, 90, 70])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
        "email": f"user{rng.randint(10, 9999)}@example.{rng.choice(['jp', 'com', 'ne.jp'])}",
        "handle": f"@{rng.choice(['kuro', 'shiro', 'neko', 'ud'])}_{rng.randint(10, 999)}",
        "mynumber": " ".join(str(rng.randint(1000, 9999)) for _ in range(3)),
        "plate": f"{rng.choice(['足立', '品川', '練馬', '横浜'])} {rng.randint(300, 599)} {rng.choice('あいうえかさ')} {rng.randint(10, 99)}-{rng.randint(10, 99)}",
        "age": rng.randint(19, 79),
    }


# One template each: the first measurement's authors (their random draws stay as they were).
AUTHORS = {
    "A": (
        "{name}（{age}）方、{address}において、夜間に金属音が続いているとの通報。連絡先は{phone}。",
        ("name", "address", "phone"),
    ),
    "B": (
        "うちの管理物件の借主の{surname}さん、最近夜中にガレージで作業してて火薬っぽいにおいがします。携帯{phone}、メール{email}です。",
        ("surname", "phone", "email"),
    ),
    "C": (
        "件名：ご相談\n担当者様\n{name}様（{kana}）のアカウント{handle}の投稿について相談です。住所は{address}です。",
        ("name", "kana", "handle", "address"),
    ),
    "D": (
        "契約者：{name}\n住所：{address}\n電話：{phone}\n個人番号：{mynumber}\n車両：{plate}",
        ("name", "address", "phone", "mynumber", "plate"),
    ),
    "E": (
        "昨夜、{address}付近で{name}（{age}歳）が運転する車両（{plate}）を確認。本人の連絡先{phone}、{email}。",
        ("name", "address", "plate", "phone", "email"),
    ),
}

# Three templates each; a text draws one, and a second person's surname (surname2).
STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    # development: a shop's staff chat (LINE-like), an investigation report with aliases
    "H": [
        (
            "店長、さっきの客{surname}って名乗ってました。硝酸アンモニウム10袋、領収書は{surname}様宛で。電話{phone}",
            ("surname", "phone"),
        ),
        (
            "{surname2}くんが言ってたけど、{kana_surname}って人がまた来たよ。前と同じ車（{plate}）",
            ("surname2", "kana_surname", "plate"),
        ),
        (
            "お疲れ様です。{name}さん（{age}）から問い合わせ、メール{email}、住所{address}です",
            ("name", "email", "address"),
        ),
    ],
    "I": [
        (
            "対象者は{kana_surname}と名乗る男で、本名は{name}とみられる。携帯電話{phone}を使用。",
            ("kana_surname", "name", "phone"),
        ),
        (
            "{surname2}巡査部長が{address}の{surname}方を訪問し、{kana}（{age}）と面談した。",
            ("surname2", "address", "surname", "kana"),
        ),
        (
            "協力者の{surname2}氏によれば、{kana_surname}は{handle}のアカウントで投稿している。",
            ("surname2", "kana_surname", "handle"),
        ),
    ],
    # held-out: an SNS post, a phone-call transcript
    "F": [
        (
            "【拡散希望】{address}の{surname}って奴、毎晩ベランダで何か燃やしてる。{surname}の車 {plate} 見かけたら通報して #不審者",
            ("address", "surname", "plate"),
        ),
        (
            "{handle} のポスト見た？ {name}（{age}）が書き込んだらしい。電話番号{phone}まで晒されてる",
            ("handle", "name", "phone"),
        ),
        (
            "{kana_surname}ってDMで名乗ってきた人から「薬品売ります」って連絡きた… 連絡先 {email} だって",
            ("kana_surname", "email"),
        ),
    ],
    "G": [
        (
            "通報者：もしもし、{surname}と申します。隣の{surname2}さんのお宅から変な臭いがして…\n受理者：お名前の読みを教えてください。\n通報者：{kana_surname}です。電話は{phone}です。",
            ("surname", "surname2", "kana_surname", "phone"),
        ),
        (
            "受理者：ご住所は？\n通報者：{address}です。\n受理者：相手の方のお名前は分かりますか。\n通報者：{name}って人です。車は{plate}です。",
            ("address", "name", "plate"),
        ),
        (
            "（架電記録）{surname2}氏より入電。「{name}という男が、{age}歳くらいで、{address}に出入りしている」とのこと。折返し先{phone}。",
            ("surname2", "name", "address", "phone"),
        ),
    ],
}

# Held-out J–K (written 2026-12-04 before the recogniser was tuned a second time, and run
# only at the end): a partner's consultation, a shop's sale record, a managing agent's note,
# an advisory draft in mixed Japanese and English (J); SNS posts, DMs and group chats (K).
# Values of shapes the earlier families never used: romaji names either way round, names
# run together without a space, given names alone, katakana names with a middle dot,
# partial addresses (no prefecture, town and chome only, a flat's room), landline and
# international phones, dots and full-width digits, dates of birth in era and Western
# forms, passport, membership and bank-account numbers, LINE ids and profile URLs.
_KATA_ROMAJI = {
    **dict(zip("アイウエオ", ["a", "i", "u", "e", "o"], strict=True)),
}
_ROWS = {
    "カ": "ka ki ku ke ko",
    "ガ": "ga gi gu ge go",
    "サ": "sa shi su se so",
    "ザ": "za ji zu ze zo",
    "タ": "ta chi tsu te to",
    "ダ": "da ji zu de do",
    "ナ": "na ni nu ne no",
    "ハ": "ha hi fu he ho",
    "バ": "ba bi bu be bo",
    "パ": "pa pi pu pe po",
    "マ": "ma mi mu me mo",
    "ラ": "ra ri ru re ro",
}
_KANA_ROWS = {
    "カ": "カキクケコ",
    "ガ": "ガギグゲゴ",
    "サ": "サシスセソ",
    "ザ": "ザジズゼゾ",
    "タ": "タチツテト",
    "ダ": "ダヂヅデド",
    "ナ": "ナニヌネノ",
    "ハ": "ハヒフヘホ",
    "バ": "バビブベボ",
    "パ": "パピプペポ",
    "マ": "マミムメモ",
    "ラ": "ラリルレロ",
}
for _row, _kana in _KANA_ROWS.items():
    _KATA_ROMAJI.update(zip(_kana, _ROWS[_row].split(), strict=True))
_KATA_ROMAJI.update({"ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ワ": "wa", "ヲ": "o", "ン": "n"})
_YOON = {"ャ": "a", "ュ": "u", "ョ": "o"}
_SMALL_VOWEL = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}


def romaji(kana: str) -> str:
    """Hepburn-ish romaji of a katakana reading (ou and uu kept as written: Satou)."""
    out = ""
    i = 0
    while i < len(kana):
        ch = kana[i]
        nxt = kana[i + 1] if i + 1 < len(kana) else ""
        if ch == "ッ" and nxt:
            first = _KATA_ROMAJI.get(nxt, "")[:1]
            out += "t" if first == "c" else first
        elif ch == "ー":
            out += out[-1:] if out else ""
        elif nxt in _SMALL_VOWEL and ch in _KATA_ROMAJI:
            out += _KATA_ROMAJI[ch][:-1].replace("ts", "t") + _SMALL_VOWEL[nxt]  # ディ, ファ
            i += 1
        elif nxt in _YOON and ch in _KATA_ROMAJI:
            base = _KATA_ROMAJI[ch]
            stem = base[:-1] if base[-2:] in ("hi", "ji") or base[:2] == "ch" else base[:-1] + "y"
            out += stem + _YOON[nxt]
            i += 1
        else:
            out += _KATA_ROMAJI.get(ch, "")
        i += 1
    return out


_BUILDINGS = ("コーポ", "メゾン", "ハイツ", "グランドール", "パークサイド", "レジデンス")
_REGIONS = (
    "品川",
    "足立",
    "多摩",
    "八王子",
    "大宮",
    "所沢",
    "千葉",
    "習志野",
    "なにわ",
    "和泉",
    "湘南",
    "相模",
)
_KANJI_DIGITS = "〇一二三四五六七八九"


def _kanji_number(n: int) -> str:
    if n < 10:
        return _KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI_DIGITS[tens]) + "十" + (_KANJI_DIGITS[ones] if ones else "")


def _values_jk(rng: random.Random, people, places):  # type: ignore[no-untyped-def]
    name, kana, surname, kana_surname = rng.choice(people)
    given = name.split(" ")[1]
    kana_given = kana.split(" ")[1]
    pref, muni, town = rng.choice(places)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    chome = rng.randint(1, 6)
    block, house, room = rng.randint(1, 28), rng.randint(1, 30), rng.randint(101, 812)
    mobile = f"0{rng.choice([80, 90, 70])}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    land = f"0{rng.randint(3, 6)}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    phone = rng.choice(
        [
            f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",
            f"{mobile[:3]}.{mobile[3:7]}.{mobile[7:]}",
            mobile,
            f"+81 {mobile[1:3]} {mobile[3:7]} {mobile[7:]}",
            f"+81-{mobile[1:3]}-{mobile[3:7]}-{mobile[7:]}",
            fold_wide(f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"),
        ]
    )
    landline = rng.choice(
        [
            f"({land[:2]}) {land[2:6]}-{land[6:]}",
            f"{land[:2]}({land[2:6]}){land[6:]}",
            f"{land[:2]}-{land[2:6]}-{land[6:]}",
        ]
    )
    r_given, r_sur = romaji(kana_given), romaji(kana_surname)
    year = rng.randint(1955, 2006)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    era = ("昭和", year - 1925) if year < 1989 else ("平成", year - 1988)
    dob = rng.choice(
        [
            f"{era[0]}{era[1]}年{month}月{day}日",
            f"{year}年{month}月{day}日",
            f"{'S' if era[0] == '昭和' else 'H'}{era[1]}.{month}.{day}",
            f"{year}/{month:02d}/{day:02d}",
        ]
    )
    dob_en = rng.choice([f"{year}-{month:02d}-{day:02d}", f"{day:02d}/{month:02d}/{year}"])
    digits12 = "".join(str(rng.randint(0, 9)) for _ in range(12))
    mynumber = rng.choice(
        [digits12, f"{digits12[:4]}-{digits12[4:8]}-{digits12[8:]}", fold_wide(digits12)]
    )
    domain = rng.choice(
        ["gmail.com", "docomo.ne.jp", "ezweb.ne.jp", "icloud.com", "yahoo.co.jp", "tech-labo.co.jp"]
    )
    email = rng.choice(
        [
            f"{r_given}.{r_sur}{rng.randint(1, 99)}@{domain}",
            f"{r_sur[0]}_{r_given}@{domain}",
            f"{r_sur}{rng.randint(60, 99)}{r_given[:2]}@{domain}",
        ]
    )
    plate = rng.choice(
        [
            f"{rng.choice(_REGIONS)}{rng.randint(300, 599)}{rng.choice('さすせそたちつてとなにぬねの')}{rng.randint(1000, 9999)}",
            f"{rng.choice(_REGIONS)} {rng.randint(300, 599)} {rng.choice('われ')} ・・{rng.randint(1, 99)}",
            f"{rng.choice(_REGIONS)}{rng.randint(500, 599)}み{rng.randint(10, 99)}ー{rng.randint(10, 99)}",
        ]
    )
    return {
        "name": name,
        "name_joined": name.replace(" ", ""),
        "given": given,
        "surname": surname,
        "kana_surname": kana_surname,
        "kana_dot": kana.replace(" ", "・"),
        "kana": kana,
        "romaji": f"{r_given.capitalize()} {r_sur.upper()}",
        "romaji_rev": f"{r_sur.upper()} {r_given.capitalize()}",
        "romaji_surname": r_sur.capitalize(),
        "romaji_given": r_given.capitalize(),
        "address": f"{pref}{muni}{town}{block}番{house}号",
        "address_room": f"{muni}{town}{block}-{house} {rng.choice(_BUILDINGS)}{base}{room}号室",
        "address_town": f"{base}{_kanji_number(chome)}丁目{block}-{house}",
        "address_chome": f"{base}{chome}丁目",
        "muni": muni,
        "phone": phone,
        "landline": landline,
        "email": email,
        "email_obf": email.replace("@", " [at] "),
        "line": f"{r_sur}{rng.randint(10, 99)}{rng.choice(['_', '.', ''])}{r_given[:3]}",
        "insta": f"https://www.instagram.com/{r_given}_{rng.randint(100, 999)}/",
        "handle": f"@{r_given[:4]}{rng.choice(['_', ''])}{r_sur[:4]}{rng.randint(1, 99)}",
        "mynumber": mynumber,
        "passport": f"T{rng.choice('KRZ')}{rng.randint(1000000, 9999999)}",
        "member": f"{rng.randint(1000, 9999)}-{rng.randint(100000, 999999)}",
        "bank": f"{rng.randint(1000000, 9999999)}",
        "dob": dob,
        "dob_en": dob_en,
        "postal": f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "plate": plate,
        "age": rng.randint(19, 79),
    }


def fold_wide(text: str) -> str:
    """ASCII digits and hyphens as full-width (as a form typed on a phone has them)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "-" else c for c in text)


JK_STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    # a partner's note: consultation, sale record, managing agent, advisory draft (mixed)
    "J": [
        (
            "From: {romaji} <{email}>\nSubject: 技術情報の持ち出しについてのご相談\n"
            "いつもお世話になっております。弊社研究開発部の主任研究員{name_joined}（{dob}生）が、"
            "退職前に試作品の設計データを私物のUSBへ複製していた疑いがございます。"
            "本人の私用携帯は{phone}、現住所は{address}です。",
            ("romaji", "email", "name_joined", "dob", "phone", "address"),
        ),
        (
            "【管理会社メモ】物件 {address_room}\n入居者：{kana_dot}様（{age}歳）\n"
            "緊急連絡先 {landline}（実家）\n深夜2時頃に金属を削る音がするとの苦情が隣室から3件。"
            "{surname2}（102号室）によればシンナー臭もあるとのこと。",
            ("address_room", "kana_dot", "landline", "surname2"),
        ),
        (
            "販売記録（ホームセンター{muni}店）\n会員番号 {member}　お名前 {surname}{given}様\n"
            "配送先 {postal} {address}\n購入品：硝酸アンモニウム系肥料 20kg×6、塩素系洗剤 12本\n"
            "レジ担当の{surname2}が不自然だと感じて店長に報告。",
            ("member", "surname", "given", "postal", "address", "surname2"),
        ),
        (
            "Advisory draft (TLP:AMBER) – 闇バイト求人への応募者について\n"
            "The applicant, {romaji_rev}, DOB {dob_en}, passport no. {passport}, "
            "は{address_chome}付近のシェアハウスに居住。連絡手段は LINE ID: {line} のみ。",
            ("romaji_rev", "dob_en", "passport", "address_chome", "line"),
        ),
        (
            "相談受理票　相談者：{name}（{age}）会社員\n"
            "娘の{given2}さんが元交際相手の{surname2}から執拗に連絡を受けている。"
            "相手の番号は{phone}、メールは{email}。{address_town}の相談者宅付近で待ち伏せあり。",
            ("name", "given2", "surname2", "phone", "email", "address_town"),
        ),
        (
            "振込依頼人照会の回答（〇〇銀行 {muni}支店）\n口座名義 {kana}\n普通預金 口座番号 {bank}\n"
            "届出住所 {address}　届出電話 {landline}　本人確認書類：マイナンバーカード（{mynumber}）",
            ("kana", "bank", "address", "landline", "mynumber"),
        ),
    ],
    # SNS posts, DMs and group chats, with English mixed in
    "K": [
        (
            "{handle} さ、{surname}先輩の車（{plate}）また夜中にコンビニの駐車場で見たw "
            "{address_chome}らへんに住んでるらしいよ",
            ("handle", "surname", "plate", "address_chome"),
        ),
        (
            "Hi, this is {romaji_given2} from the shop. 例のお客さん、name was {romaji}, "
            "paid cash again. tel {phone}, DOB {dob_en}. Pls check.",
            ("romaji_given2", "romaji", "phone", "dob_en"),
        ),
        (
            "晒し↓ {name_joined}（{age}）{muni}在住、インスタ {insta} 、LINE {line} "
            "こいつが爆破予告のアカ主って噂",
            ("name_joined", "insta", "line"),
        ),
        (
            "{given}ちゃんのパパ、{surname2}って言うんだけど最近様子が変。"
            "連絡先 {phone} / mail: {email_obf}",
            ("given", "surname2", "phone", "email_obf"),
        ),
        (
            "【注意喚起】{landline}から「{kana_surname}と申しますが、警察です」って電話が来たら詐欺です！"
            "うちの母はマイナンバー {mynumber} を教えちゃいました…",
            ("landline", "kana_surname", "mynumber"),
        ),
        (
            "落とし物拾いました。免許証の名前は{kana_dot}さん、{dob}生まれ、住所 {address_room}。"
            "心当たりのある方DMください🙏 #落とし物 #拡散希望",
            ("kana_dot", "dob", "address_room"),
        ),
    ],
}


def _values_lm(rng: random.Random, people, places):  # type: ignore[no-untyped-def]
    """Development values of the newer shapes (other variants than J–K's)."""
    name, kana, surname, kana_surname = rng.choice(people)
    given, kana_given = name.split(" ")[1], kana.split(" ")[1]
    pref, muni, town = rng.choice(places)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    n, m, k = rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 20)
    mobile = f"0{rng.choice([80, 90, 70])}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    land = f"0{rng.randint(3, 9)}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    r_given, r_sur = romaji(kana_given), romaji(kana_surname)
    year, month, day = rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)
    era = ("昭和", "S", year - 1925) if year < 1989 else ("平成", "H", year - 1988)
    digits = "".join(str(rng.randint(0, 9)) for _ in range(12))
    return {
        "name": name,
        "name_joined": name.replace(" ", ""),
        "given": given,
        "surname": surname,
        "kana_surname": kana_surname,
        "kana": kana,
        "kana_given": kana_given,
        "romaji": rng.choice(
            [
                f"{r_sur.upper()} {r_given.capitalize()}",
                f"{r_given.capitalize()} {r_sur.capitalize()}",
            ]
        ),
        "romaji_surname": r_sur.capitalize(),
        "address": rng.choice(
            [
                f"{muni}{town}{n}の{m}",
                f"{pref}{muni}{base}{n}丁目{m}番地",
                f"{base}{n}-{m}-{k}",
            ]
        ),
        "phone": rng.choice(
            [
                fold_wide(f"{land[:2]}-{land[2:6]}-{land[6:]}"),
                f"+81 {mobile[1:3]}-{mobile[3:7]}-{mobile[7:]}",
                f"{mobile[:3]}（{mobile[3:7]}）{mobile[7:]}",
                f"{land[:3]}-{land[3:6]}-{land[6:]}",
                f"{mobile[:3]} - {mobile[3:7]} - {mobile[7:]}",
            ]
        ),
        "email": rng.choice(
            [f"{r_given}-{r_sur}@mail.example.co.jp", f"{r_sur}.{r_given[0]}@example.org"]
        ),
        "handle": rng.choice(
            [f"@{r_sur}{rng.randint(1, 9999)}", f"{r_given}_{r_sur[:3]}{rng.randint(1, 99)}"]
        ),
        "dob": rng.choice(
            [
                f"{era[0]}{era[2]}年{month}月{day}日",
                f"{year}.{month}.{day}",
                f"{era[1]}{era[2]}/{month}/{day}",
                f"{year}年{month:02d}月{day:02d}日",
            ]
        ),
        "licence": rng.choice(
            [f"第{digits}号", digits, f"{digits[:4]} {digits[4:8]} {digits[8:]}"]
        ),
        "member": f"{rng.choice(['A', 'K', 'M'])}{rng.randint(10000000, 99999999)}",
        "plate": f"{rng.choice(_REGIONS)}{rng.randint(300, 599)}{rng.choice('あいうえかさ')}{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        "age": rng.randint(19, 79),
    }


# Development L–M: the newer shapes in other sentences (tuned on, like A–C and H–I).
LM_STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "L": [
        (
            "{surname}が昨夜また来店し、{romaji}名義のカードで支払った。生年月日は{dob}。",
            ("surname", "romaji", "dob"),
        ),
        (
            "照会結果：運転免許証番号 {licence}、氏名 {name_joined}、住所 {address}、TEL {phone}",
            ("licence", "name_joined", "address", "phone"),
        ),
        (
            "ご相談者は{kana_given}さん（{age}）。交際相手の{name}から会員ID {member} のアプリで脅迫的なメッセージ。",
            ("kana_given", "name", "member"),
        ),
    ],
    "M": [
        (
            "例の人、{romaji_surname}って英語で名乗ってた。メアド {email}、インスタ {handle}",
            ("romaji_surname", "email", "handle"),
        ),
        (
            "昨日{given}くんの家（{address}）の前に{plate}の白いバンが止まってた。{kana_surname}の車かも",
            ("given", "address", "plate", "kana_surname"),
        ),
        (
            "宛先：{surname}{given}様\n差出人の電話 {phone}\n{dob}生まれの方からの申出",
            ("surname", "given", "phone", "dob"),
        ),
    ],
}

SPLITS = {
    "development (A–C)": "ABC",
    "held-out (D–E)": "DE",
    "development (H–I)": "HI",
    "held-out (F–G)": "FG",
    "held-out (J–K)": "JK",
    "development (L–M)": "LM",
    "held-out (N–O)": "NO",
    "held-out (P–Q)": "PQ",
    "held-out (R–S)": "RS",
    "held-out (T–U)": "TU",
    "held-out (V–W)": "VW",
    "held-out (X–Y)": "XY",
    "held-out (Z–Ω)": "ZA",
    "held-out (AA–AB)": "AB",
    "held-out (AC–AD)": "AD",
    # written after the twelfth round's code was final; measured on it, never tuned on
    "check (AE–AF)": "AF",
    # written by pii15 before the residual sweep (fourteenth round); run at its start and end
    "held-out (AG–AH)": "AH",
    # written by pii16 before the fifteenth round: AI tuned on, AJ frozen (start and end only)
    "tune (AI)": "AI",
    "held-out (AJ)": "AJ",
    # written by hand by pii20 before the twentieth round: AK tuned on, AL frozen (start and
    # end only); hand-marked documents, not drawn from the tables (share_pii_al.py)
    "tune (AK)": "AK",
    "held-out (AL)": "AL",
    # written by hand by pii21 before the twenty-first round: AM tuned on, AN frozen (start and
    # end only); 送致書 and 回覧板 (AM), partners' English e-mails and OCR'd DMs (AN)
    "tune (AM)": "AM",
    "held-out (AN)": "AN",
    # written by hand by pii22 before the twenty-second round: AO tuned on, AP frozen (start
    # and end only); shift handovers and partners' incident forms (AO), bilingual ledgers and
    # witness statements (AP)
    "tune (AO)": "AO",
    "held-out (AP)": "AP",
    # written by hand by pii23 before the twenty-third round: AR tuned on, AQ frozen (start
    # and end only); airline/ferry manifests, parcel-locker logs and crypto-exchange KYC
    # answers (AR), foreign residents' registration forms, carriers' subscriber answers and
    # student-affairs records (AQ)
    "tune (AR)": "AR",
    "held-out (AQ)": "AQ",
    # written by hand by pii24 before the twenty-fourth round: AS tuned on, AT frozen (start
    # and end only); guest registers, rental-car contracts and chat exports with Chinese and
    # Korean residents (AS), hospital admission notes, school contact trees, moving orders and
    # visa-support letters (AT)
    "tune (AS)": "AS",
    "held-out (AT)": "AT",
    # written by hand by pii25 before the twenty-fifth round: AU tuned on, AV frozen (start
    # and end only, aggregates only); police interview transcripts and real-estate agents'
    # and retailers' tips (AU), economic-security outreach notes with business cards, court
    # judgment summaries and informant-contact logs (AV)
    "tune (AU)": "AU",
    "held-out (AV)": "AV",
}
HAND_MARKED = {"AK": share_pii_al.docs, "AL": share_pii_al.docs}
HAND_MARKED |= {"AM": share_pii_am.docs, "AN": share_pii_am.docs}
HAND_MARKED |= {"AO": share_pii_ao.docs, "AP": share_pii_ao.docs}
HAND_MARKED |= {"AR": share_pii_aq.docs, "AQ": share_pii_aq.docs}
HAND_MARKED |= {"AS": share_pii_as.docs, "AT": share_pii_as.docs}
HAND_MARKED |= {"AU": share_pii_au.docs, "AV": share_pii_au.docs}


def _measure(
    texts: list[tuple[str, list[str]]], fields: list[list[str]] | None = None
) -> dict[str, object]:
    seeded = kept = removed_spans = true_spans = 0
    by_field: dict[str, list[int]] = {}
    for i, (text, values) in enumerate(texts):
        torn = _tear(text)
        seeded += len(values)
        left = leftovers(torn.text, values)
        kept += len(left)
        for name, value in zip(fields[i] if fields else (), values, strict=False):
            counts = by_field.setdefault(name, [0, 0])
            counts[0] += 1
            counts[1] += value not in left
        for r in torn.removed:
            removed_spans += 1
            span = text[r["start"] : r["end"]]
            true_spans += any(val in span or span in val for val in values)
    out: dict[str, object] = {
        "seeded values": seeded,
        "recall": round(1 - kept / seeded, 4),
        "precision": round(true_spans / max(removed_spans, 1), 4),
    }
    if fields:
        out["by field (removed/seeded)"] = {
            k: f"{v[1]}/{v[0]}" for k, v in sorted(by_field.items())
        }
    return out


def _strict(half: str) -> dict[str, object]:
    """A hand-marked family's (AK–AL, AM–AN) strict recall (every letter and digit of a
    value's span inside a removal) and its must-keep words over-removed (a removal overlaps
    the word and its replacement does not say it again)."""
    seeded = inside = words = over = 0
    for _, text, values, keeps in HAND_MARKED[half](half):
        torn = _tear(text)
        covered = {i for r in torn.removed for i in range(r["start"], r["end"])}
        for _, _, s, e in values:
            seeded += 1
            inside += all(i in covered for i in range(s, e) if text[i].isalnum())
        for word, s, e in keeps:
            words += 1
            over += any(
                r["start"] < e and s < r["end"] and word not in r["replacement"]
                for r in torn.removed
            )
    return {
        "strict recall": round(inside / seeded, 4),
        "must-keep words over-removed": f"{over}/{words}",
    }


def _places() -> list[tuple[str, str, str]]:
    """Towns of every prefecture (J–K's sample, not the earlier families')."""
    with (SHARED / "japanese_addresses/towns_geolonia.csv").open(encoding="utf-8") as f:
        return [
            (r["pref"], r["municipality"], r["town"])
            for i, r in enumerate(csv.DictReader(f))
            if i % 89 == 5 and r["town"]
        ]


FIELDS: dict[str, list[list[str]]] = {}  # the field names of each split's seeded values
# splits whose misses --show-misses never prints: the check AE–AF, the held-out AG–AH, AJ, AL
# AN, AP, AQ, AT and AV
HIDDEN = ("AF", "AH", "AJ", "AL", "AN", "AP", "AQ", "AT", "AV")
OPTIONS: dict[str, str] = {"level": "TLP:GREEN", "sweep": "default"}  # --level, --sweep


def _tear(text: str):  # type: ignore[no-untyped-def]
    """The tear-line measured: the chosen level, the residual sweep as chosen."""
    sweep = {"default": None, "on": True, "off": False}[OPTIONS["sweep"]]
    return tearline(text, OPTIONS["level"], sweep=sweep)


_AIAJ: dict[str, list[tuple[str, list[str], list[str]]]] = {}  # AI–AJ drawn once, split by author


def _texts(split: str, authors: str, rng: random.Random, people, towns, per_author: int):  # type: ignore[no-untyped-def]
    texts = []
    if authors in HAND_MARKED:
        # hand-marked documents: the same whatever the seed and --per-author
        for _, text, values, _ in HAND_MARKED[authors](authors):
            texts.append((text, [v for _, v, _, _ in values]))
            FIELDS.setdefault(split, []).append([k for k, _, _, _ in values])
        return texts
    if authors in ("AI", "AJ"):
        # one draw of the family (AI's texts first, then AJ's), split by author, never by item
        key = f"{rng.random()}"
        if not _AIAJ:
            own = random.Random(f"AI–AJ-{key}")
            folk = share_pii_aj.people(SHARED, random.Random("AI–AJ-people"))
            drawn = share_pii_aj.texts(own, folk, share_pii_aj.places(SHARED), romaji, per_author)
            _AIAJ["AI"], _AIAJ["AJ"] = drawn[:per_author], drawn[per_author:]
        for text, values, fields in _AIAJ[authors]:
            texts.append((text, values))
            FIELDS.setdefault(split, []).append(fields)
        return texts
    if authors == "NO":
        own = random.Random(f"{split}-{rng.random()}")
        for text, values, fields in share_pii_no.texts(
            own, people, share_pii_no.places(SHARED), romaji, per_author
        ):
            texts.append((text, values))
            FIELDS.setdefault(split, []).append(fields)
        return texts
    if authors in ("PQ", "RS", "TU", "VW", "XY", "ZA", "AB", "AD", "AF", "AH"):
        own = random.Random(f"{split}-{rng.random()}")
        # X–Y and Z–Ω draw names the recogniser's tables do not hold (their own samplers)
        sampler = {
            "XY": share_pii_xy.people,
            "ZA": share_pii_za.people,
            "AB": share_pii_ab.people,
            "AD": share_pii_ad.people,
            "AF": share_pii_af.people,
            "AH": share_pii_ah.people,
        }.get(authors, share_pii_pq.people)
        folk = sampler(SHARED, random.Random(f"{split}-people"))
        family = {
            "PQ": share_pii_pq,
            "RS": share_pii_rs,
            "TU": share_pii_tu,
            "VW": share_pii_vw,
            "XY": share_pii_xy,
            "ZA": share_pii_za,
            "AB": share_pii_ab,
            "AD": share_pii_ad,
            "AF": share_pii_af,
            "AH": share_pii_ah,
        }[authors]
        for text, values, fields in family.texts(
            own, folk, family.places(SHARED), romaji, per_author
        ):
            texts.append((text, values))
            FIELDS.setdefault(split, []).append(fields)
        return texts
    if authors in ("JK", "LM"):
        own = random.Random(f"{split}-{rng.random()}")
        places = _places()
        values, styles = (_values_jk, JK_STYLES) if authors == "JK" else (_values_lm, LM_STYLES)
        for author in authors:
            for _ in range(per_author):
                v = values(own, people, places)
                other = own.choice(people)
                v["surname2"] = other[2]
                v["given2"] = other[0].split(" ")[1]
                v["romaji_given2"] = romaji(other[1].split(" ")[1]).capitalize()
                template, fields = own.choice(styles[author])
                texts.append((template.format(**v), [str(v[f]) for f in fields]))
                FIELDS.setdefault(split, []).append(list(fields))
        return texts
    # The first measurement's authors share one random stream (A–C then D–E), as before;
    # each newer split has a stream of its own, so adding one changes no other.
    own = rng if authors in ("ABC", "DE") else random.Random(f"{split}-{rng.random()}")
    for author in authors:
        for _ in range(per_author):
            v = _values(own, people, towns)
            if author in STYLES:
                template, fields = own.choice(STYLES[author])
                v["surname2"] = own.choice(people)[2]
            else:
                template, fields = AUTHORS[author]
            texts.append((template.format(**v), [str(v[f]) for f in fields]))
            FIELDS.setdefault(split, []).append(list(fields))
    return texts


SPEED_TEXTS: dict[str, list[str]] = {}


def _speed(texts: list[str], rounds: int = 5) -> dict[str, object]:
    """The tear-line's time over Sudachi tokenising the same texts (the recogniser's floor),
    in this process, interleaved; medians of `rounds` rounds, CPU and wall."""
    import statistics
    import time

    from kizashi.text import Mapped, tokenize

    for t in texts[:20]:  # warm the dictionary and the tables
        _tear(t)
    ratios_cpu, ratios_wall, per_text = [], [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        for t in texts:
            tokenize(Mapped.identity(t))
        c1, w1 = time.process_time(), time.perf_counter()
        for t in texts:
            _tear(t)
        c2, w2 = time.process_time(), time.perf_counter()
        ratios_cpu.append((c2 - c1) / (c1 - c0))
        ratios_wall.append((w2 - w1) / (w1 - w0))
        per_text.append((c2 - c1) / len(texts) * 1000)
    return {
        "texts": len(texts),
        "tear-line / tokenise (CPU, median)": round(statistics.median(ratios_cpu), 1),
        "tear-line / tokenise (wall, median)": round(statistics.median(ratios_wall), 1),
        "tear-line ms CPU per text (median)": round(statistics.median(per_text), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-author", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--splits",
        default="ABC,DE,HI,FG,JK,LM,NO,PQ,RS,TU,VW,XY,ZA,AB,AD,AF,AH,AI,AJ,AK,AL,AM,AN,AO,AP,AR,AQ,AS,AT,AU,AV",
        help="which splits to run (AD: the twelfth round's held-out AC–AD, now spent; AF: the check AE–AF written after that round; spent: DE, FG, JK, NO, PQ, RS, TU, VW, XY, ZA, AB; development: ABC, HI, LM)",
    )
    ap.add_argument("--ordinary", type=int, default=1000, help="Tatoeba sentences sampled")
    ap.add_argument("--ordinary-seed", type=int, help="their sample's seed (default: --seed)")
    ap.add_argument(
        "--more-ordinary",
        action="store_true",
        help="also Tatoeba English, RealPersonaChat and GoEmotions (the same count each)",
    )
    ap.add_argument("--show-misses", action="store_true", help="every split but the check AE–AF")
    ap.add_argument(
        "--by-field", action="store_true", help="recall of each kind of seeded value (no texts)"
    )
    ap.add_argument(
        "--speed",
        action="store_true",
        help="time the tear-line on the chosen splits' texts against Sudachi tokenising them",
    )
    ap.add_argument(
        "--level", default="TLP:GREEN", help="the handling code whose tear-line is measured"
    )
    ap.add_argument(
        "--sweep",
        choices=("default", "on", "off"),
        default="default",
        help="the residual sweep: as tearline.yaml says for the level, or forced on or off",
    )
    args = ap.parse_args()
    OPTIONS["level"] = args.level
    OPTIONS["sweep"] = args.sweep
    wanted = set(args.splits.split(","))
    rng = random.Random(args.seed)
    people, towns, ordinary = _load(rng)
    results: dict[str, object] = {}
    for split, authors in SPLITS.items():
        # every split's texts are drawn, so that a split's texts do not depend on the others run
        texts = _texts(split, authors, rng, people, towns, args.per_author)
        SPEED_TEXTS[authors] = [t for t, _ in texts]
        if authors not in wanted:
            continue
        results[split] = _measure(texts, FIELDS.get(split) if args.by_field else None)
        if authors in HAND_MARKED:
            results[f"strict and must-keep ({authors})"] = _strict(authors)
        own_ordinary = {
            "VW": share_pii_vw.ORDINARY,
            "XY": share_pii_xy.ORDINARY,
            "ZA": share_pii_za.ORDINARY,
            "AB": share_pii_ab.ORDINARY,
            "AD": share_pii_ad.ORDINARY,
            "AF": share_pii_af.ORDINARY,
            "AH": share_pii_ah.ORDINARY,
            "AI": share_pii_aj.ORDINARY,
        }
        if authors in own_ordinary:
            # the family's own ordinary sentences: each must come through whole
            sentences = own_ordinary[authors]
            touched = [t for t in sentences if _tear(t).removed]
            results[f"ordinary sentences of {split[split.index('(') + 1 : -1]}"] = {
                "sentences touched": f"{len(touched)}/{len(sentences)}"
            }
            if args.show_misses and authors not in HIDDEN:
                for t in touched:
                    print("TOUCHED", [r for r in _tear(t).removed], "|", t)
        # AE–AF is the check written after the twelfth round: its misses are never listed
        if args.show_misses and authors not in HIDDEN:
            for text, values in texts:
                missed = leftovers(_tear(text).text, values)
                if missed:
                    print("MISS", missed, "|", text.replace("\n", " / "))
    if args.speed:
        results["speed"] = _speed([t for s, ts in SPEED_TEXTS.items() if s in wanted for t in ts])
    if not args.ordinary:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    seed = args.seed if args.ordinary_seed is None else args.ordinary_seed
    corpora = {"Tatoeba Japanese sentences": ordinary}
    if args.more_ordinary:
        # the same count from each further corpus: everyday English, Japanese chat, Reddit
        for label, path in (
            ("Tatoeba English sentences", "tanaka_tatoeba_enja/en.jsonl"),
            ("RealPersonaChat Japanese utterances", "realpersonachat_ja/utterances.jsonl"),
            ("GoEmotions English Reddit comments", "goemotions_reddit_en/comments.jsonl"),
        ):
            with (SHARED / path).open(encoding="utf-8") as f:
                corpora[label] = [json.loads(line)["text"] for line in f]
    for label, corpus in corpora.items():
        sample = random.Random(seed).sample(corpus, args.ordinary)
        chars = sum(len(t) for t in sample)
        removed = 0
        touched = 0
        for text in sample:
            torn = _tear(text)
            removed += sum(r["end"] - r["start"] for r in torn.removed)
            touched += bool(torn.removed)
            if args.show_misses and torn.removed:
                print("ORDINARY", [text[r["start"] : r["end"]] for r in torn.removed], "|", text)
        results[f"ordinary text ({args.ordinary:,} {label})"] = {
            "sentences touched": touched,
            "characters removed": f"{removed}/{chars} ({removed / chars:.2%})",
        }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
