"""Held-out family AC–AD for ``share_pii.py`` (written 2026-12-05 09:30 UTC by pii12, before
the twelfth round of changes to the recogniser; frozen: run once at the start and once at
the end, its misses never listed before the end run).

The shapes are documents no earlier family used:

AC records kept by institutions, a formal writer — a landlord's tenant ledger (a table with
  ｜ between cells: the room, the tenant with an age, the people living with him by kin word,
  an emergency contact with the relation in brackets); a hospital's discharge summary
  (患者ID, 殿 after the patient, 主治医 and the nurse by kana given name after a colon, a key
  person by kin word and given name, a referral to a doctor with 先生 at another clinic); a
  court's trial minutes (公判調書: the judge, the prosecutor and the defence counsel each by
  surname after their office, a foreign witness in katakana surname first, the next date);
  a bank's transfer request (振込依頼書: the sender in half-width katakana before 様, the
  payee's name in katakana after the account number, the teller's surname with （印）); an
  apartment association's board minutes (理事長 with the room in brackets, 理事 listed,
  監事, a resident by room and surname, two signatories by full name).
AD people's own papers and messages, another writer — an event's volunteer shift table
  (time slots, a role and surnames with さん joined by ／, a student's kana given name with
  her school year, a foreign volunteer by katakana given name); an app's chat export with
  display names (a given name with an emoji, a kana given name with ママ, a surname with
  (パパ), a join notice); a carrier's missed-delivery slip (お届け先 with 様方 and a
  foreign addressee, the sender, the driver); an officer's interview note naming the
  family (夫の〇〇, 娘の〇〇（8）, 義母の〇〇, 元交際相手の〇〇); a funeral's gift ledger
  (香典帳: numbered givers with 様, a company in brackets, a foreign giver in katakana, the
  reception by kana given name).

Values: names the recogniser's tables do not hold (X–Y's sampler with this family's own
seed, drawn by the harness from the split's name); foreign names written for this family
in nationalities no earlier family used (Icelandic, Lithuanian, Georgian, Armenian, Afghan,
Fijian, Bolivian, Senegalese, Tanzanian, Croatian, Serbian, Kyrgyz, Moroccan, Albanian,
Bhutanese) in passport capitals, Western order, katakana with ・, ＝ or a space, a given
name alone; Geolonia towns of a sample no earlier family drew (every 59th from the 23rd);
patient ids, accounts, phones, e-mails. The family has its own ordinary sentences with
look-alikes (role words before ordinary nouns, kin words before ordinary nouns, katakana
band, product and place names, a display-name notice), counted as "sentences touched".
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
    ("JONSDOTTIR SIGRIDUR", "Sigridur", "Jonsdottir", "シグリドゥル", "ヨンスドッティル"),
    ("KAZLAUSKAS TOMAS", "Tomas", "Kazlauskas", "トマス", "カズラウスカス"),
    ("BERIDZE NINO", "Nino", "Beridze", "ニノ", "ベリゼ"),
    ("HOVHANNISYAN ARAM", "Aram", "Hovhannisyan", "アラム", "ホヴハンニシャン"),
    ("AHMADZAI FARID", "Farid", "Ahmadzai", "ファリド", "アフマドザイ"),
    ("NAWAQA LUSIANA", "Lusiana", "Nawaqa", "ルシアナ", "ナワンガ"),
    ("CONDORI WILMER", "Wilmer", "Condori", "ウィルメル", "コンドリ"),
    ("NDIAYE MOUSSA", "Moussa", "Ndiaye", "ムサ", "ンディアイ"),
    ("MWAKALINGA NEEMA", "Neema", "Mwakalinga", "ネエマ", "ムワカリンガ"),
    ("HORVAT LUKA", "Luka", "Horvat", "ルカ", "ホルヴァト"),
    ("JOVANOVIC MILICA", "Milica", "Jovanovic", "ミリツァ", "ヨヴァノヴィッチ"),
    ("ASANOV BAKYT", "Bakyt", "Asanov", "バキト", "アサノフ"),
    ("EL AMRANI YOUSSEF", "Youssef", "El Amrani", "ユセフ", "エルアムラニ"),
    ("HOXHA ARBEN", "Arben", "Hoxha", "アルベン", "ホジャ"),
    ("DORJI PEMA", "Pema", "Dorji", "ペマ", "ドルジ"),
)
_SEPARATORS = ("・", "　", "＝", " ")
_MANSIONS = ("グリーンヒル桜台", "パークハウス川端", "ライオンズ北野")
_HOSPITALS = ("市立みなと病院", "医療法人 清和会 東病院", "県立中央医療センター")
_CLINICS = ("あさがおクリニック", "森の内科医院", "駅前ひだまり診療所")
_COURTS = ("地方裁判所 第3刑事部", "地方裁判所 支部 刑事係")
_BANKS = ("しらかば銀行", "なぎさ信用金庫", "ひがし信用組合")
_BRANCHES = ("本店営業部", "駅前支店", "中央支店")
_EVENTS = ("港まつり", "市民マラソン大会", "こども食堂フェスタ")
_CARRIERS = ("ツバメ急便", "はやぶさ運輸", "あおぞら宅配便")
_KIN_LIVE = ("妻", "長女", "次男", "母", "祖父")
_KIN_CALL = ("兄", "姉", "叔母", "長男", "義父")
_ITEMS = ("衣類", "書籍", "食品（要冷蔵）", "精密機器")
_COMPANIES = ("株式会社カゼノ工務店", "みどり商事", "東和メンテナンス株式会社")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 59th Geolonia town from the 23rd."""
    return town_sample(shared, every=59, start=23)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Names the recogniser's tables do not hold (X–Y's sampler; the caller's seed)."""
    return share_pii_xy.people(shared, rng)


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
    v["kana_given"] = rng.choice([kana_giv, _hiragana(kana_giv)])
    f_pass, f_giv, f_sur, fj_giv, fj_sur = rng.choice(_FOREIGN)
    sep = rng.choice(_SEPARATORS)
    v.update(
        f_pass=f_pass,
        f_nat=f"{f_giv} {f_sur}",
        f_ja=f"{fj_giv}{sep}{fj_sur}",
        f_ja_rev=f"{fj_sur}{sep}{fj_giv}",
        f_given=f_giv,
        f_given_ja=fj_giv,
    )
    pref, muni, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)
    v["town_block"] = rng.choice(
        [
            f"{base}{a}丁目{b}番{c}号",
            f"{base}{a}-{b}-{c}",
            f"{muni}{town}{b}番地{c}",
            f"{pref}{muni}{base}{a}-{b}-{c}",
        ]
    )
    v["mansion"] = rng.choice(_MANSIONS)
    v["hospital"] = rng.choice(_HOSPITALS)
    v["clinic"] = rng.choice(_CLINICS)
    v["court"] = rng.choice(_COURTS)
    v["bank"] = rng.choice(_BANKS)
    v["branch"] = rng.choice(_BRANCHES)
    v["event"] = rng.choice(_EVENTS)
    v["carrier"] = rng.choice(_CARRIERS)
    v["kin_live"] = rng.choice(_KIN_LIVE)
    v["kin_call"] = rng.choice(_KIN_CALL)
    v["goods"] = rng.choice(_ITEMS)
    v["firm"] = rng.choice(_COMPANIES)
    v["patient_id"] = f"{rng.randint(0, 9999999):08d}"
    v["room2"] = f"{rng.randint(1, 9)}0{rng.randint(1, 9)}"
    v["child_age"] = str(rng.randint(3, 15))
    v["grade"] = rng.choice(["高1", "高2", "中3", "大学1年"])
    v["session"] = str(rng.randint(2, 6))
    v["month"] = str(rng.randint(1, 12))
    v["gift"] = rng.choice(["3,000", "5,000", "10,000"])
    v["emoji"] = rng.choice(["🌸", "🍀", "☺", "⚽"])
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "AC": [
        (
            "入居者台帳（{mansion}）\n号室｜契約者｜同居人｜緊急連絡先\n"
            "{room_no}｜{name}（{age}）｜{kin_live} {given2}、長男 {kana_given3}｜"
            "{name4}（{kin_call}）{phone4}\n備考：{month}月分の家賃未納、携帯 {phone} に連絡済み",
            ("name", "given2", "kana_given3", "name4", "phone4", "phone"),
        ),
        (
            "退院時サマリー（{hospital}）\n患者ID {patient_id}　{name}殿（{age}歳）\n"
            "主治医：{surname2}　担当看護師：{kana_given3}\n"
            "キーパーソン：{kin_call} {given4}（{phone4}）\n"
            "退院後は{clinic}の{surname3}先生に紹介。自宅 {town_block}",
            (
                "patient_id",
                "name",
                "surname2",
                "kana_given3",
                "given4",
                "phone4",
                "surname3",
                "town_block",
            ),
        ),
        (
            "第{session}回公判調書（{court}）\n被告人 {name}（{age}歳）\n"
            "裁判官 {surname2}\n出頭した検察官 {surname3}\n出頭した弁護人 {surname4}（私選）\n"
            "証人 {f_ja_rev} 宣誓の上、別紙記載のとおり供述\n次回期日 {month}月{day}日",
            ("name", "surname2", "surname3", "surname4", "f_ja_rev"),
        ),
        (
            "振込依頼書（{bank} {branch}）\nご依頼人　{kana_half}　様\nおところ　{street}\n"
            "お電話　{phone}\nお受取人　普通 {account}　{kana2}\n"
            "窓口担当 {surname3}（印）",
            ("kana_half", "street", "phone", "account", "kana2", "surname3"),
        ),
        (
            "{mansion}管理組合 第{session}回理事会議事録\n"
            "出席：理事長 {surname}（{room_no}）、理事 {surname2}・{surname3}、監事 {surname4}\n"
            "議題1：{room2}号室 {surname2}様より駐輪場の件\n"
            "議事録署名人　{name3}　{name4}",
            ("surname", "surname2", "surname3", "surname4", "name3", "name4"),
        ),
    ],
    "AD": [
        (
            "【{event} ボランティアシフト】\n9:00-11:00 受付：{surname}さん／{surname2}さん\n"
            "11:00-13:00 駐車場：{kana_given3}（{grade}）、{f_given_ja}\n"
            "連絡係 {name4}（{phone4}）",
            ("surname", "surname2", "kana_given3", "f_given_ja", "name4", "phone4"),
        ),
        (
            "{given}{emoji} — 今日 {hour}\n明日の集合って何時だっけ？\n"
            "{kana_given2}ママ — 今日 {hour}\n9時に{town_block}の公園前だよ\n"
            "{surname3}(パパ) — 今日 {hour}\n了解、うちの車で{given}ちゃんも乗せてくね\n"
            "— {kana_given4}さんがグループに参加しました —",
            ("given", "kana_given2", "town_block", "surname3", "kana_given4"),
        ),
        (
            "ご不在連絡票（{carrier}）\nお届け先：{street_room} {surname}様方 {f_nat}様\n"
            "ご依頼主：{name2}様（{phone2}）　品名：{goods}\n"
            "配達担当：{surname3}　再配達受付 {landline}",
            ("street_room", "surname", "f_nat", "name2", "phone2", "surname3", "landline"),
        ),
        (
            "聴取メモ（11月{day}日、生活安全課）\n相談者 {name}（{age}）携帯 {phone}\n"
            "「夫の{given2}とは別居中で、娘の{kana_given3}（{child_age}）と{town_block}に"
            "住んでいます。義母の{name4}が間に入っていますが、元交際相手の{surname3}が"
            "最近また連絡してきます」",
            ("name", "phone", "given2", "kana_given3", "town_block", "name4", "surname3"),
        ),
        (
            "御香典芳名帳（故 {name} 儀）\n1. {name2}様　{street2}　{gift}円\n"
            "2. {surname3} {given3}様（{firm}）　{gift}円\n3. {f_ja}様　3,000円\n"
            "受付係：{kana_given4}",
            ("name", "name2", "street2", "surname3", "given3", "f_ja", "kana_given4"),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included: each must
# come through whole.
ORDINARY = (
    "入居者台帳は管理室の金庫に保管しています。",
    "主治医の判断で退院日が早まった。",
    "担当看護師の交代は朝8時半です。",
    "キーパーソンの確認は入院時に行います。",
    "裁判官の入廷を待って開廷した。",
    "弁護人の請求により証拠を採用した。",
    "理事長挨拶の後、議題に入った。",
    "理事の改選は来年度の総会で行います。",
    "監事の監査報告は異議なく承認された。",
    "振込依頼書にはご依頼人の電話番号を必ずご記入ください。",
    "お受取人の口座名義はカタカナでご記入ください。",
    "窓口担当の者が順番にお呼びします。",
    "受付係の方は8時に集合してください。",
    "駐車場誘導は2人1組で行います（雨天時は中止）。",
    "再配達のご依頼は24時間受け付けています。",
    "配達担当の者が午後に伺います。",
    "ご不在のため持ち帰りました。",
    "香典返しは四十九日の後にお送りします。",
    "夫の実家に帰省するのは三年ぶりです。",
    "娘の運動会は雨で延期になった。",
    "義母の誕生日に花を贈った。",
    "元交際相手からの連絡は記録しておいてください。",
    "昨日はサカナクションのライブに行ってきた。",
    "スピッツ、ゆず、コブクロの曲を練習中です。",
    "ガリガリ君を買ってきて。",
    "週末はハウステンボスに行く予定です。",
    "ナガノパープルは皮ごと食べられるぶどうです。",
    "ポカリスエットとアクエリアス、どっちがいい？",
    "ルンバが階段から落ちた。",
    "ラ・フランスのタルトを焼きました。",
    "セブンイレブンの前で待ち合わせ（駅の南口）。",
    "新しいメンバーがグループに参加しました。",
    "表示名は本名でなくてもかまいません。",
    "Display names are shown to the group, not your phone number.",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for AC then AD."""
    return draw_texts(
        rng,
        authors=("AC", "AD"),
        styles=STYLES,
        values=values,
        others=("2", "3", "4"),
        keys=(
            "surname",
            "given",
            "name",
            "kana",
            "kana_given",
            "phone",
            "street",
        ),
        folk=folk,
        towns=towns,
        romaji=romaji,
        per_author=per_author,
    )
