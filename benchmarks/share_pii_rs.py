"""Held-out family R–S for ``share_pii.py`` (written 2026-12-04 23:45 UTC by share8, before
the fifth round of changes to the recogniser; frozen: run once at the start and once at the
end, its misses never listed).

The shapes come from the documents partners and officers actually exchange in this field
(issue 16), not from the list of P–Q's known misses:

R partners' documents, a formal writer — a real-estate association's report form on a
  tenant (物件, 賃借人, 連帯保証人, 緊急連絡先); a retailer's purchase report as a POS CSV
  export (a header row, then value rows: the label is not beside its value); an SNS
  operator's answer to a request for subscriber information (registered name, address,
  phone, e-mail, numeric account id, login IP addresses); a technology company's
  consultation note about a former employee and a foreign contact; a case summary for the
  prosecutor (被疑者, 本籍, 住居, era date of birth); a marketplace's English trust-and-safety
  escalation.
S officers' own notes and informal relays, another writer — a telephone consultation note
  with abbreviations; a letting agent's LINE message about a flat; a shop clerk's
  handwritten memo transcribed (half-width katakana from the loyalty-card system); a desk's
  hand-over note (申送り) with family members and a short era date; the officer relaying an
  SNS operator's answer by e-mail; a case memo in English and Japanese about a foreign
  worker.

Values: IPAdic names (own sample and seed), foreign names written for this family (Korean,
Indonesian, Thai, Myanmar, Sri Lankan, Peruvian, American, Chinese, Mongolian; passport
capitals, natural order, katakana with a space or a middle dot, kanji), Geolonia towns of a
sample no earlier family drew (every 61st from the 29th), buildings written many ways
(the building and its room seeded as one value and the building's name alone as another:
both identify a home), 本籍 addresses with 番地, numeric platform account ids, handles
without @ after a label, IPv4 login addresses, loyalty-card and employee numbers, dates of
birth in short era forms and English forms, phones, plates, e-mails (seeded as the local
part).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from share_pii_draw import draw_texts
from share_pii_towns import town_sample

# (passport capitals SURNAME GIVEN, natural order, how a Japanese document writes it)
_FOREIGN = (
    ("KIM MINJUN", "Minjun Kim", "キム・ミンジュン"),
    ("PARK SEOYEON", "Seoyeon Park", "朴瑞妍"),
    ("LEE JIHOON", "Jihoon Lee", "イ　ジフン"),
    ("SITI RAHAYU", "Siti Rahayu", "シティ・ラハユ"),
    ("PRASETYO BUDI", "Budi Prasetyo", "プラセティヨ　ブディ"),
    ("SOMCHAI WONGSA", "Somchai Wongsa", "ソムチャイ・ウォンサ"),
    ("AUNG KYAW MIN", "Aung Kyaw Min", "アウン・チョー・ミン"),
    ("PERERA KASUN", "Kasun Perera", "ペレラ　カスン"),
    ("QUISPE MAMANI JUAN", "Juan Quispe Mamani", "キスペ・ママニ・フアン"),
    ("JOHNSON MICHAEL", "Michael Johnson", "ジョンソン　マイケル"),
    ("SMITH EMILY", "Emily Smith", "スミス・エミリー"),
    ("ZHOU JIE", "Jie Zhou", "周傑"),
    ("HUANG MEILING", "Meiling Huang", "黄美玲"),
    ("BATBAYAR GANBOLD", "Ganbold Batbayar", "バトバヤル・ガンボルド"),
    ("DA COSTA RAFAEL", "Rafael da Costa", "ダコスタ・ハファエル"),
    ("NGUYEN THI THANH", "Thanh Nguyen", "グエン・ティ・タイン"),
)
_BUILDING_NAMES = (
    "ルミナス{t}",
    "{t}レジデンス",
    "ドミール{t}",
    "メゾン・ド・{t}",
    "{s}荘",
    "シャトー{t}",
    "ベルエール{t}",
    "{t}ガーデンハウス",
    "アーバンコート{t}",
    "{t}ハイム",
    "フォレスト{t}",
    "グリーンヒル{t}",
)
_BUILDINGS_EN = ("Sakura Terrace", "Green Court", "Blue Ocean Residence", "Hillside Villa")
_REGIONS = ("練馬", "杉並", "多摩", "春日部", "越谷", "柏", "成田", "相模", "山梨", "静岡", "浜松")
_DOMAINS = ("gmail.com", "icloud.com", "ezweb.ne.jp", "outlook.jp", "yahoo.co.jp")
_COMPANIES = ("東和テクノ", "三光精密", "ひかり薬品", "中央ホームセンター", "あおば不動産")
_STORES = ("ホームセンターあおば 春日部店", "ドラッグミナミ 越谷店", "農業資材センター成田")
_ASSOCS = ("足立区宅建協会", "練馬区不動産協会", "越谷市宅建業協会")
_NICKS = ("りゅう", "ミサキ", "K", "たっくん", "Yuki", "なな")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTHS_LONG = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji of the municipality): every 61st
    Geolonia town from the 29th."""
    return town_sample(shared, every=61, start=29)


def _half(kana: str) -> str:
    """Half-width katakana as a POS or card system prints it (ﾔﾏﾀﾞ ﾀﾛｳ)."""
    import unicodedata

    out = []
    for ch in kana:
        base = unicodedata.normalize("NFD", ch)
        mark = ""
        if len(base) == 2:
            ch, mark = base[0], {"\u3099": "ﾞ", "\u309a": "ﾟ"}.get(base[1], "")
        out.append(_HALF.get(ch, ch) + mark)
    return "".join(out)


_FULL = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー\u3000"
_HALVES = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ "
_HALF = dict(zip(_FULL, _HALVES, strict=True))


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
    short = re.sub("^大?字", "", base)[:3]
    a, b, c = rng.randint(1, 5), rng.randint(1, 35), rng.randint(1, 25)
    floor = rng.randint(1, 9)
    room = f"{floor}0{rng.randint(1, 9)}"
    bname = rng.choice(_BUILDING_NAMES).format(t=short, s=surname)
    building = rng.choice(
        [
            f"{bname}{room}号室",
            f"{bname} {room}号",
            f"{bname}　{room}",
            f"{bname}{rng.choice('ABC')}棟{room}",
            f"{bname} {floor}F",
        ]
    )
    mob = f"0{rng.choice([70, 80, 90])}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
    land = f"0{rng.randint(42, 49)}{rng.randint(100, 999)}{rng.randint(1000, 9999)}"
    year, month, day = rng.randint(1948, 2008), rng.randint(1, 12), rng.randint(1, 28)
    era, ey = ("昭和", year - 1925) if year < 1989 else ("平成", year - 1988)
    short_era = {"昭和": "S", "平成": "H"}[era]
    f_pass, f_nat, f_ja = rng.choice(_FOREIGN)
    local = rng.choice(
        [
            f"{r_sur}.{r_giv}",
            f"{r_giv[0]}{r_sur}",
            f"{r_sur}_{year}",
            f"{r_giv}{month:02d}{day:02d}",
        ]
    )
    region = rng.choice(_REGIONS)
    kana_plate = rng.choice(
        "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるろれわ"
    )
    plate = rng.choice(
        [
            f"{region} {rng.randint(300, 599)} {kana_plate} {rng.randint(10, 99)}-{rng.randint(10, 99)}",
            f"{region}{rng.randint(500, 599)}{kana_plate}{rng.randint(1000, 9999)}",
        ]
    )
    return {
        "surname": surname,
        "given": given,
        "name": surname + rng.choice([" ", "\u3000", ""]) + given,
        "kana": f"{kana_sur} {kana_giv}",
        "kana_half": _half(f"{kana_sur}\u3000{kana_giv}"),
        "romaji_nat": f"{r_giv.capitalize()} {r_sur.capitalize()}",
        "f_pass": f_pass,
        "f_nat": f_nat,
        "f_ja": f_ja,
        "street": rng.choice(
            [
                f"{pref}{muni}{town}{b}-{c}",
                f"{muni}{base}{a}丁目{b}番{c}号",
                f"{pref}{muni}{town}{b}番{c}",
            ]
        ),
        "street_room": f"{muni}{town}{b}-{c}-{room}",
        "honseki": f"{pref}{muni}{base}{rng.randint(100, 2999)}番地",
        "bname": bname,
        "building": building,
        "building_en": f"Apt {room}, {rng.choice(_BUILDINGS_EN)}",
        "street_en": f"{a}-{b}-{c} {roma_town}, {muni_roma}",
        "muni": muni,
        "phone": rng.choice(
            [f"{mob[:3]}-{mob[3:7]}-{mob[7:]}", f"{mob[:3]}({mob[3:7]}){mob[7:]}", mob]
        ),
        "phone_intl": f"+81{mob[1:]}",
        "landline": f"{land[:3]}-{land[3:6]}-{land[6:]}",
        "email_local": local,
        "email": f"{local}@{rng.choice(_DOMAINS)}",
        "dob_era": rng.choice(
            [
                f"{short_era}{ey}.{month}.{day}",
                f"{era}{ey}年{month}月{day}日",
                f"{year}年（{era}{ey}年）{month}月{day}日",
            ]
        ),
        "dob_en": rng.choice(
            [
                f"{day:02d}-{_MONTHS[month - 1]}-{year}",
                f"{_MONTHS_LONG[month - 1]} {day}th, {year}",
                f"{day:02d}/{month:02d}/{year}",
            ]
        ),
        "age": str(rng.randint(20, 80)),
        "plate": plate,
        "account_id": str(rng.randint(10**17, 10**19 - 1)),
        "handle": rng.choice(
            [f"{r_giv}_{r_sur[:4]}", f"{r_sur}{rng.randint(100, 999)}", f"{r_giv[:3]}.{r_sur}"]
        ),
        "ip": f"{rng.randint(60, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "member": rng.choice(
            [
                f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                str(rng.randint(10**9, 10**10 - 1)),
            ]
        ),
        "employee": f"{rng.choice('KTSM')}{rng.randint(10000, 99999)}",
        "zairyu": f"{rng.choice('ABCDEFGHJKLMN')}{rng.choice('PRSTUVWXYZ')}"
        f"{rng.randint(10000000, 99999999)}{rng.choice('ABCDEFGH')}{rng.choice('JKLMN')}",
        "company": rng.choice(_COMPANIES),
        "store": rng.choice(_STORES),
        "assoc": rng.choice(_ASSOCS),
        "nick": rng.choice(_NICKS),
        "day": str(rng.randint(1, 28)),
        "time": f"{rng.randint(8, 21)}:{rng.randint(0, 59):02d}",
    }


# (template, seeded fields). Other people (…2, …3) come from further values() calls.
STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "R": [
        (
            "{assoc} 不審情報連絡票（会員→警察署）\n"
            "物件名：{building}\n所在地：{street}\n"
            "賃借人：{name}（{age}歳） 勤務先：{company}\n"
            "連帯保証人：{name2}（父） TEL {landline2}\n緊急連絡先：{phone}\n"
            "状況：11月{day}日頃より夜間に室内から金属を削る音、シンナー臭あり。"
            "隣室の{surname3}様からも苦情。",
            (
                "building",
                "bname",
                "street",
                "name",
                "name2",
                "landline2",
                "phone",
                "surname3",
            ),
        ),
        (
            "監視対象品目 購入報告（{store}）\n"
            "購入日時,品名,数量,支払,会員番号,会員氏名ｶﾅ,電話\n"
            "2026/11/{day} {time},過酸化水素水35% 1L,6,現金,{member},{kana_half},{phone}\n"
            "2026/11/{day} {time},アセトン 4L,2,現金,{member},{kana_half},{phone}\n"
            "備考：領収書宛名「{surname}」、車両 {plate}",
            ("member", "kana_half", "phone", "surname", "plate"),
        ),
        (
            "発信者情報の開示について（回答）\n"
            "ご照会のアカウント（アカウントID {account_id}、ユーザー名 {handle}）について、"
            "当社保有の情報は次のとおりです。\n"
            "1 登録氏名　{name}\n2 登録住所　{street}\n3 電話番号　{phone}\n"
            "4 メールアドレス　{email}\n5 最終ログイン　2026-10-{day} {time}:12 JST　"
            "IPアドレス {ip}\n※登録情報は利用者の自己申告によるものです。",
            ("account_id", "handle", "name", "street", "phone", "email_local", "ip"),
        ),
        (
            "ご相談記録（{company} 情報セキュリティ室）\n"
            "元社員 {name}（社員番号 {employee}、2025年3月退職）が在職中、"
            "私用アドレス {email} へ設計図面を送付していたことが判明。\n"
            "退職前に展示会で {f_nat} 氏（名刺の表記は {f_ja}）と接触。"
            "同氏の連絡先 {phone2}。当社担当：{surname3}",
            ("name", "employee", "email_local", "f_nat", "f_ja", "phone2", "surname3"),
        ),
        (
            "事件送致書 概要\n被疑者　{name}（{kana}）\n"
            "{dob_era}生（{age}歳）\n本籍　{honseki}\n住居　{street_room}\n"
            "職業　無職\n被疑事実の要旨　被疑者は、令和8年10月{day}日ころ、"
            "{street2}所在の{bname2}駐車場において……",
            ("name", "kana", "dob_era", "honseki", "street_room", "street2", "bname2"),
        ),
        (
            "Trust & Safety escalation — listing removed (shell casings)\n"
            "Seller: {handle} (user ID {account_id})\n"
            "Registered name: {f_pass}\nShipping address on file: {building_en}, {street_en}\n"
            "Phone: {phone_intl}\nDate of birth (self-declared): {dob_en}\n"
            "Buyer who reported: {romaji_nat2}",
            (
                "handle",
                "account_id",
                "f_pass",
                "building_en",
                "street_en",
                "phone_intl",
                "dob_en",
                "romaji_nat2",
            ),
        ),
    ],
    "S": [
        (
            "11/{day} {time} 電話相談受理（生安）\n相談者 {name}さん（{age}）{muni}在住 "
            "TEL{phone} 平日夜なら折返し可\n"
            "長男{given2}（高2）がSNSで知り合った「{nick}」と名乗る人物から"
            "荷物の受取を頼まれている模様。相手のアカウントは {handle2}",
            ("name", "phone", "given2", "handle2"),
        ),
        (
            "お疲れ様です、あおば不動産の{surname2}です！\n"
            "先日お話しした{building}の件ですが、入居者は{surname}さんで間違いないです。"
            "契約書だと携帯{phone}、生年月日{dob_era}でした。\n"
            "昨夜もベランダで何か燃やしてたと{street}の隣の方から連絡ありました💦",
            ("surname2", "building", "bname", "surname", "phone", "dob_era", "street"),
        ),
        (
            "（手書きメモ書き起こし）レジ2 {time}ごろ\n"
            "男 40代 作業着 ポイントカード使用→ {kana_half} 様 No.{member}\n"
            "硝酸アンモニウム系肥料 20kg×5 現金\nナンバー控え {plate}\n"
            "同伴女性は「{given2}」と呼ばれていた",
            ("kana_half", "member", "plate", "given2"),
        ),
        (
            "申送り）マル対 {surname}（{dob_era}生）の件\n自宅＝{street} {building}\n"
            "妻 {given2}、長女 {given3}（小3）。実家は{honseki2}。\n"
            "携帯2台：{phone}／{phone2}。明朝{surname4}係長に報告のこと",
            (
                "surname",
                "dob_era",
                "street",
                "building",
                "bname",
                "given2",
                "given3",
                "honseki2",
                "phone",
                "phone2",
            ),
        ),
        (
            "各位\nX社から回答が来ました（{day}日着）。\n"
            "対象アカウント：{handle}（ID：{account_id}）\n登録メール：{email}\n"
            "登録電話：{phone}\n接続元IP：{ip}（ドコモ）\n"
            "契約者照会の結果、使用者は{name}（{age}）で間違いなさそうです。\n{surname3}",
            ("handle", "account_id", "email_local", "phone", "ip", "name", "surname3"),
        ),
        (
            "Case memo – {f_pass}, DOB {dob_en}, 在留資格 技能実習, 在留カード {zairyu}\n"
            "勤務先 {company}（監理団体 担当 {name2}）\n寮：{street} {building}\n"
            "通訳 {romaji_nat3} / LINE: {handle}",
            (
                "f_pass",
                "dob_en",
                "zairyu",
                "name2",
                "street",
                "building",
                "bname",
                "romaji_nat3",
                "handle",
            ),
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
    """(text, seeded values, their field names) for R then S."""
    return draw_texts(
        rng,
        authors="RS",
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
            "honseki",
            "bname",
            "handle",
        ),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
