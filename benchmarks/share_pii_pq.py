"""Held-out family P–Q for ``share_pii.py`` (written 2026-12-04 20:25 UTC, before the fourth
round of tuning; frozen: run once at the start and once at the end, misses never listed).

The shapes were chosen from how partners' and officers' material looks, not from the list
of known misses of the last round (Markdown-table dates of birth, katakana names run
together, half-width katakana, lowercase romaji names are deliberately not the point here):

P institutions' and partners' documents — a partner's e-mail reply quoting the officer's
  question, with a signature block; a scanned form's OCR text with noise (spaces inside
  labels and values, 一 or ー read for a dash, letter O for zero); an address block as on
  an envelope or a delivery label (postal code, building and room on their own line); a
  rental-car record with plates, licence, passport and residence-card numbers; an English
  incident report with Japanese and foreign names; a hotel's guest register, bilingual.
Q informal and online — a chat export with timestamps and name-bearing user ids; a post
  that doxxes someone through profile URLs and handles; a flea-market transaction chat; a
  forwarded SMS; a work group chat with @mentions and a delivery address; a neighbour's
  post about a car with its plate and the owner's name.

Values: IPAdic person names of every frequency (own sample, own seed), foreign residents'
names (Vietnamese, Chinese, Filipino, Brazilian, Nepali: written here, in romaji capitals,
katakana with a middle dot, or kanji), Geolonia towns of a sample no earlier family drew
(every 53rd from the 17th), buildings and rooms (seeded separately from the street
address: a flat's name and room number identify a home on their own), e-mails seeded as
their local part, URLs seeded as the name-bearing path, phones, plates, My Number,
licence, passport and residence-card numbers, dates of birth in Japanese, era and English
forms.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from share_pii_towns import town_sample

_KANJI_DIGITS = "〇一二三四五六七八九"

# (romaji as on a passport, how a Japanese document writes it)
_FOREIGN = (
    ("NGUYEN VAN HUNG", "グエン・ヴァン・フン"),
    ("TRAN THI LAN", "チャン・ティ・ラン"),
    ("LE VAN DUC", "レ・ヴァン・ドゥック"),
    ("PHAM THI HOA", "ファム・ティ・ホア"),
    ("HOANG VAN NAM", "ホアン・ヴァン・ナム"),
    ("VU THI MAI", "ヴ・ティ・マイ"),
    ("DO VAN TUAN", "ド・ヴァン・トゥアン"),
    ("BUI THI THU", "ブイ・ティ・トゥ"),
    ("WANG WEI", "王偉"),
    ("LI NA", "李娜"),
    ("ZHANG HUA", "張華"),
    ("LIU YANG", "劉洋"),
    ("CHEN JING", "陳静"),
    ("ZHAO LEI", "趙磊"),
    ("SANTOS MARIA", "サントス・マリア"),
    ("REYES JOSE", "レイエス・ホセ"),
    ("CRUZ ANGELICA", "クルス・アンジェリカ"),
    ("SILVA LUCAS", "シウバ・ルーカス"),
    ("OLIVEIRA ANA", "オリベイラ・アナ"),
    ("THAPA RAM", "タパ・ラム"),
    ("GURUNG SITA", "グルン・シタ"),
)
_BUILDINGS = (
    "サンハイツ{t}",
    "{t}コーポ",
    "グランメゾン{t}",
    "レオパレス{t}",
    "パレス{t}",
    "ライオンズマンション{t}",
    "ハイツ{s}",
    "コーポ{s}",
    "{t}第二ビル",
)
_REGIONS = (
    "袖ケ浦",
    "富士山",
    "世田谷",
    "江東",
    "葛飾",
    "尾張小牧",
    "名古屋",
    "大阪",
    "札幌",
    "福岡",
    "沖縄",
    "野田",
    "つくば",
    "川崎",
)
_DOMAINS = ("gmail.com", "yahoo.co.jp", "i.softbank.jp", "docomo.ne.jp", "hotmail.com")
_COMPANIES = ("東邦精機", "北斗化成", "丸栄不動産", "みなと警備保障", "さくら運輸", "光洋電子")
_MONTHS = "January February March April May June July August September October November December"


def _kanji_number(n: int) -> str:
    if n < 10:
        return _KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI_DIGITS[tens]) + "十" + (_KANJI_DIGITS[ones] if ones else "")


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(surname, given, surname kana, given kana) pairs drawn from every IPAdic surname and
    given name of two or three characters (not only the common ones earlier families drew)."""
    with (shared / "japanese_names_readings/ipadic_person_names.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # two or three characters: a one-character value seeded alone (森, 翔) would be "found"
    # in the tear-line inside any other word and count as kept
    sur = [r for r in rows if r["name_type"] == "surname" and 2 <= len(r["surface"]) <= 3]
    giv = [r for r in rows if r["name_type"] == "given" and 2 <= len(r["surface"]) <= 3]
    out = []
    for _ in range(3000):
        s, g = rng.choice(sur), rng.choice(giv)
        out.append((s["surface"], g["surface"], s["reading_katakana"], g["reading_katakana"]))
    return out


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji of the municipality), every 53rd town
    from the 17th."""
    return town_sample(shared, every=53, start=17)


def _ocr(rng: random.Random, text: str) -> str:
    """What a scanner's OCR makes of a printed value: spaces inside, dashes read as 一/ー,
    now and then a letter O for a zero."""
    out = []
    for ch in text:
        if ch == "-":
            ch = rng.choice(["一", "ー", "-", "―"])
        elif ch == "0" and rng.random() < 0.15:
            ch = "O"
        out.append(ch)
        if rng.random() < 0.25:
            out.append(" ")
    return "".join(out).strip()


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    surname, given, kana_sur, kana_giv = rng.choice(folk)
    r_sur, r_giv = romaji(kana_sur), romaji(kana_giv)
    pref, muni, town, town_kana, muni_roma = rng.choice(towns)
    roma_town = romaji(re.sub(r"[0-9]+.*$", "", town_kana)).capitalize()
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)
    room = f"{rng.randint(1, 12)}{rng.randint(0, 1)}{rng.randint(1, 9)}"
    building = rng.choice(_BUILDINGS).format(t=re.sub("^大?字", "", base)[:3], s=surname)
    mob = f"0{rng.choice([70, 80, 90])}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    land = f"0{rng.randint(3, 6)}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    year, month, day = rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)
    era = ("昭和", year - 1925) if year < 1989 else ("平成", year - 1988)
    month_en = _MONTHS.split()[month - 1]
    d12 = "".join(str(rng.randint(0, 9)) for _ in range(12))
    foreign_roma, foreign_ja = rng.choice(_FOREIGN)
    local = rng.choice(
        [
            f"{r_giv}.{r_sur}",
            f"{r_sur}.{r_giv[0]}",
            f"{r_giv[0]}-{r_sur}",
            f"{r_sur}{year % 100:02d}",
            f"{r_giv}_{r_sur[:2]}{rng.randint(1, 9)}",
        ]
    )
    region = rng.choice(_REGIONS)
    kana_plate = rng.choice(
        "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるろれわ"
    )
    number = _plate_number(rng.choice([rng.randint(1000, 9999), rng.randint(1, 999)]))
    plate = rng.choice(
        [
            f"{region} {rng.randint(300, 599)} {kana_plate} {number}",
            f"{region}{rng.randint(300, 599)}{kana_plate}{number}",
            f"{region}{rng.randint(30, 59)}{kana_plate}{number}",
        ]
    )
    return {
        "surname": surname,
        "given": given,
        "name": surname + rng.choice([" ", "\u3000", ""]) + given,
        "kana": f"{kana_sur}\u3000{kana_giv}",
        "romaji": rng.choice(
            [f"{r_giv.capitalize()} {r_sur.capitalize()}", f"{r_sur.upper()} {r_giv.capitalize()}"]
        ),
        "romaji_upper": f"{r_sur.upper()} {r_giv.upper()}",
        "r_sur": r_sur,
        "r_giv": r_giv,
        "foreign_roma": foreign_roma,
        "foreign_ja": foreign_ja,
        "postal": f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "street": rng.choice(
            [
                f"{pref}{muni}{town}{b}-{c}",
                f"{pref}{muni}{base}{a}丁目{b}番{c}号",
                f"{muni}{town}{b}番地{c}",
                f"{pref}{muni}{base}{_kanji_number(a)}丁目{b}-{c}",
            ]
        ),
        "building": f"{building} {room}" if rng.random() < 0.5 else f"{building}{room}号室",
        "street_en": f"{a}-{b}-{c} {roma_town}, {muni_roma}",
        "building_en": f"{rng.choice(['Sunny Heights', 'Maison Verte', 'Park Court', 'Royal Hills'])} {room}",
        "muni": muni,
        "phone": rng.choice(
            [
                f"{mob[:3]}-{mob[3:7]}-{mob[7:]}",
                f"({mob[:3]}){mob[3:7]}-{mob[7:]}",
                f"{mob[:3]} {mob[3:7]} {mob[7:]}",
                f"+81-{mob[1:3]}-{mob[3:7]}-{mob[7:]}",
                mob,
            ]
        ),
        "phone_intl": f"+81 {mob[1:3]}-{mob[3:7]}-{mob[7:]}",
        "mobile_raw": mob,
        "landline": f"{land[:2]}-{land[2:6]}-{land[6:]}",
        "email_local": local,
        "email": f"{local}@{rng.choice(_DOMAINS)}",
        "dob": rng.choice(
            [
                f"{year}年{month}月{day}日",
                f"{era[0]}{era[1]}年{month}月{day}日",
                f"{year}/{month:02d}/{day:02d}",
            ]
        ),
        "dob_en": rng.choice(
            [
                f"{day} {month_en} {year}",
                f"{month_en[:3]}. {day}, {year}",
                f"{year}-{month:02d}-{day:02d}",
            ]
        ),
        "era_parts": (era[0], era[1], month, day),
        "mynumber": rng.choice([d12, f"{d12[:4]} {d12[4:8]} {d12[8:]}"]),
        "licence": "".join(str(rng.randint(0, 9)) for _ in range(12)),
        "passport": f"{rng.choice(['TK', 'TR', 'MZ', 'TZ', 'C0', 'E1'])}{rng.randint(1000000, 9999999)}",
        "zairyu": f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
        f"{rng.randint(10000000, 99999999)}{rng.choice('ABCDEFGHJKLMN')}{rng.choice('ABCDEFGHJKLMN')}",
        "plate": plate,
        "age": str(rng.randint(19, 78)),
        "company": rng.choice(_COMPANIES),
        "day": str(rng.randint(1, 28)),
        "fb": f"{r_giv}.{r_sur}.{rng.randint(1, 999)}",
        "x_handle": f"{r_sur}_{r_giv}{rng.randint(80, 99)}",
        "insta": f"{r_giv[:5]}.{r_sur[:5]}_",
        "tiktok": f"{r_giv}{r_sur[:3]}{rng.randint(1, 99)}",
    }


def _plate_number(serial: int) -> str:
    """The four-place number of a plate: 12-34, or dots for the places left empty (・123)."""
    if serial >= 1000:
        return f"{serial // 100}-{serial % 100:02d}"
    return "・" * (4 - len(str(serial))) + str(serial)


# (template, seeded fields). Second people (…2) are drawn from another values() call.
STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "P": [
        (
            "件名: Re: 先日の来店者について\n\n{surname2}様\n\nお世話になっております。{company}の{name3}です。\n"
            "ご照会の件、会員情報を確認いたしました。\n\n> 該当の男性の氏名と連絡先をご教示ください。\n>\n\n"
            "登録氏名：{name}\n登録電話：{phone}\nメール：{email}\n\n"
            "以上、よろしくお願いいたします。\n--\n{company} 店舗管理課 {name3}\nTEL {landline3} / {email3}",
            ("surname2", "name3", "name", "phone", "email_local", "landline3", "email_local3"),
        ),
        (
            "===== OCR (scan_0{day}.pdf p.1) =====\n届 出 書\n氏　名 {ocr_name}　　フ リ ガ ナ {kana}\n"
            "生 年 月 日 {ocr_dob}\n現 住 所 {ocr_street}\n電話番号 {ocr_phone}\n"
            "運転免許証 第 {ocr_licence} 号\n===== end =====",
            ("ocr_name", "kana", "ocr_dob", "ocr_street", "ocr_phone", "ocr_licence"),
        ),
        (
            "【発送ラベル控】\nお届け先\n{postal}\n{street}\n{building}\n{name} 様\nTEL {phone}\n\n"
            "ご依頼主\n{street2}\n{name2}\nTEL {phone2}\n品名：工業用薬品（詳細不明）",
            ("postal", "street", "building", "name", "phone", "street2", "name2", "phone2"),
        ),
        (
            "レンタカー貸渡記録（{muni}営業所）\n借受人：{foreign_roma}（{foreign_ja}）\n"
            "在留カード番号 {zairyu} / 旅券番号 {passport}\n同乗者：{name2}（運転免許証番号 {licence2}）\n"
            "車両：{plate}　連絡先 {phone_intl}",
            (
                "foreign_roma",
                "foreign_ja",
                "zairyu",
                "passport",
                "name2",
                "licence2",
                "plate",
                "phone_intl",
            ),
        ),
        (
            "Incident report (translated)\nReporter: {romaji2}, night guard at {company}.\n"
            "At about 02:10 a man, later identified as {romaji} (born {dob_en}), was seen photographing "
            "the loading bay. He left in a grey van, plate {plate}. He gave his address as {building_en}, "
            "{street_en} and his phone as {phone_intl}. 本人は「{name}」と漢字で署名。",
            (
                "romaji2",
                "romaji",
                "dob_en",
                "plate",
                "building_en",
                "street_en",
                "phone_intl",
                "name",
            ),
        ),
        (
            "宿泊者名簿 / Guest Register\nName 氏名: {foreign_roma}\n"
            "Passport No. 旅券番号: {passport}\nAddress 住所: {street} {building}\nTel: {phone}\n"
            "同宿者 Companion: {name2} ({age})",
            ("foreign_roma", "passport", "street", "building", "phone", "name2"),
        ),
    ],
    "Q": [
        (
            "[2026-11-{day} 21:03] {x_handle}: {surname}さんの件どうなった？\n"
            "[2026-11-{day} 21:05] {x_handle2}: 家わかったわ {street} の {building}\n"
            "[2026-11-{day} 21:05] {x_handle2}: 携帯は {phone}\n"
            "[2026-11-{day} 21:07] {x_handle}: 了解、{given2}にも伝えとく",
            ("x_handle", "surname", "x_handle2", "street", "building", "phone", "given2"),
        ),
        (
            "こいつの本アカ特定した↓\nFB https://www.facebook.com/{fb}\nX https://x.com/{x_handle}\n"
            "インスタ https://www.instagram.com/{insta}/\nTikTok @{tiktok}\n本名は{name}、{muni}在住らしい",
            ("fb", "x_handle", "insta", "tiktok", "name"),
        ),
        (
            "（フリマアプリ 取引メッセージ）\n購入者：受け取りは手渡しでお願いできますか\n"
            "出品者 {tiktok}：大丈夫です。{street}の{building}まで来てください。\n"
            "出品者 {tiktok}：インターホンは「{surname}」です。急ぎなら{phone}にSMSを",
            ("tiktok", "street", "building", "surname", "phone"),
        ),
        (
            "転送します（母の携帯に来たSMS）\n---\n差出人: {phone_intl}\n"
            "{surname}様 お荷物のお届けにあがりましたが不在のため持ち帰りました。"
            "再配達はこちら https://sagawa-exp.top/?tel={mobile_raw}\n---\n母の名前は{name}、"
            "誕生日{dob}。まさか個人情報抜かれてないよね…",
            ("phone_intl", "surname", "mobile_raw", "name", "dob"),
        ),
        (
            "#現場連絡 チャンネル\n@{surname}{given} 明日の搬入、{company}の{surname2}さんが立ち会います。\n"
            "納品先: {postal} {street} {building}\n受取人 {name2} 様 ({phone2})\n"
            "@{surname3} 車両は{plate}で行きます",
            (
                "surname",
                "given",
                "surname2",
                "postal",
                "street",
                "building",
                "name2",
                "phone2",
                "surname3",
                "plate",
            ),
        ),
        (
            "毎晩路駐してる黒いアルファード、ナンバー{plate}。持ち主は{street}の{name}（{age}）って"
            "近所の人が言ってた。{given2}くんのお父さんらしい。マイナンバーカード落としてたの拾った人いて"
            "番号{mynumber}だったって😨",
            ("plate", "street", "name", "given2", "mynumber"),
        ),
    ],
}


def _derived(rng: random.Random, v: dict[str, Any]) -> None:
    """The OCR-noised copies of a value (as a scan prints them)."""
    v["ocr_name"] = _ocr(rng, v["name"].replace("\u3000", " "))
    era, y, m, d = v["era_parts"]
    v["ocr_dob"] = rng.choice([f"{era} {y} 年 {m} 月 {d} 日", _ocr(rng, f"{era}{y}年{m}月{d}日")])
    v["ocr_street"] = _ocr(rng, v["street"])
    v["ocr_phone"] = _ocr(rng, rng.choice([v["landline"], v["phone"]]))
    v["ocr_licence"] = _ocr(rng, v["licence"])


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for P then Q."""
    out = []
    for author in "PQ":
        for _ in range(per_author):
            v = values(rng, folk, towns, romaji)
            _derived(rng, v)
            for n in ("2", "3"):
                other = values(rng, folk, towns, romaji)
                for key in (
                    "surname",
                    "given",
                    "name",
                    "romaji",
                    "phone",
                    "landline",
                    "email",
                    "email_local",
                    "street",
                    "licence",
                    "x_handle",
                ):
                    v[key + n] = other[key]
            template, fields = rng.choice(STYLES[author])
            out.append((template.format(**v), [str(v[f]) for f in fields], list(fields)))
    return out
