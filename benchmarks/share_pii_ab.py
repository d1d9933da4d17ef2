"""Held-out family AA–AB for ``share_pii.py`` (written 2026-12-05 07:40 UTC by pii11, before
the eleventh round of changes to the recogniser; frozen: run once at the start and once at
the end, its misses never listed before the end run).

The shapes are documents no earlier family used:

AA institutions and businesses, a formal writer — a court's list of witnesses (証人等目録:
  witnesses numbered, one foreign witness as "Surname, Given" with an interpreter named by
  surname, the clerk by surname after 書記官 with no honorific); a company's visitor log
  (来訪者 with 様, the host after a department with no honorific, a companion in katakana,
  the guard who checked out by surname); an insurer's claim intake note (契約者, the other
  driver as surname and given name with a space, a passenger by kana given name and さん,
  the handler passing the file on: 担当 〇〇→査定 〇〇); a taxi company's dispatch log
  (迎車 at a town with block numbers, the driver by surname after 乗務員, a foreign
  passenger's passport left in the car); a clinic's reply to an appointment (担当医 and
  受付 by surname or kana given name with no honorific, a family member's given name).
AB groups and neighbours, another writer — a club's member roster (会長, 副会長, 会計, 書記,
  new members listed with 、 and a katakana member); a youth team's message (監督 〇〇 より,
  coaches listed with 、, a child's mother by the child's kana given name and さん); a
  neighbour's message (a kana given name and さん greeting, a card holder's "Surname, Given"
  with って); a shrine's cleaning rota (surnames joined by ・, 世話人 with a full name); a
  sports gym's lost-property note (a katakana foreign name with a space before 様 or という方,
  a residence card number, the front desk's staff by surname).

Values: names the recogniser's tables do not hold (X–Y's sampler with this family's own
seed); foreign names written for this family (Hungarian, Greek, Ethiopian, Chilean,
Kazakh, Lao, Irish, Italian, Malaysian, Romanian, Tongan, Norwegian, Argentinian, Samoan,
Estonian) in passport capitals, Western order, "Surname, Given", katakana with ・, ＝ or a
space; Geolonia towns of a sample no earlier family drew (every 73rd from the 51st), as a
town with its block numbers and no municipality or in full; passports, phones, e-mails,
residence cards. The family has its own ordinary sentences with look-alikes (role words
before ordinary nouns: 班長会議, 担任の先生, 団員募集; kana words before さん that are not
names; "Town, Country"; katakana pairs before という方向), counted as "sentences touched".
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import share_pii_xy
import share_pii_za
from share_pii_draw import draw_texts
from share_pii_towns import town_sample

# (passport capitals SURNAME GIVEN, given, surname, katakana given, katakana surname)
_FOREIGN = (
    ("NAGY ESZTER", "Eszter", "Nagy", "エステル", "ナジ"),
    ("PAPADOPOULOS NIKOS", "Nikos", "Papadopoulos", "ニコス", "パパドプロス"),
    ("TADESSE ABEBE", "Abebe", "Tadesse", "アベベ", "タデッセ"),
    ("SOTO CAMILA", "Camila", "Soto", "カミラ", "ソト"),
    ("NURLANOV ARMAN", "Arman", "Nurlanov", "アルマン", "ヌルラノフ"),
    ("PHOMMACHANH SOUK", "Souk", "Phommachanh", "スック", "ポンマチャン"),
    ("BYRNE CIARAN", "Ciaran", "Byrne", "キアラン", "バーン"),
    ("RICCI GIULIA", "Giulia", "Ricci", "ジュリア", "リッチ"),
    ("ISMAIL AZMAN", "Azman", "Ismail", "アズマン", "イスマイル"),
    ("POPESCU ANDREI", "Andrei", "Popescu", "アンドレイ", "ポペスク"),
    ("FIFITA SIONE", "Sione", "Fifita", "シオネ", "フィフィタ"),
    ("HAUGEN INGRID", "Ingrid", "Haugen", "イングリッド", "ハウゲン"),
    ("ACOSTA MATEO", "Mateo", "Acosta", "マテオ", "アコスタ"),
    ("TUILAGI MALIA", "Malia", "Tuilagi", "マリア", "トゥイラギ"),
    ("TAMM KAIRI", "Kairi", "Tamm", "カイリ", "タム"),
)
_SEPARATORS = ("・", "　", "＝", " ")
_COURTS = ("地方裁判所 刑事第二部", "簡易裁判所 刑事係", "地方裁判所 支部")
_COMPANIES = ("株式会社ナギサ精機", "東邦フィルム工業株式会社", "ミツバ化学合同会社")
_INSURERS = ("あおば損害保険", "ひかり共済", "みずなぎ損保")
_TAXIS = ("つばさ交通", "さくら無線タクシー", "北斗ハイヤー")
_CLINICS = ("こもれび内科クリニック", "さざなみ歯科", "青葉台ファミリークリニック")
_CLUBS = ("ひまわり将棋クラブ", "川辺ウォーキングの会", "写真同好会「光」")
_TEAMS = ("若鮎少年野球団", "FCしらさぎ U-12", "みなみ台ミニバス")
_SHRINES = ("八幡神社", "稲荷社", "天満宮")
_GYMS = ("フィットネスクラブ・ルーチェ", "スポーツジム ソレイユ", "市民体育館")


def places(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(pref, municipality, town, town kana, romaji): every 73rd Geolonia town from the 51st."""
    return town_sample(shared, every=73, start=51)


def people(shared: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Names the recogniser's tables do not hold (X–Y's sampler; the caller's seed)."""
    return share_pii_xy.people(shared, rng)


def values(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
) -> dict[str, Any]:
    v = share_pii_za.values(rng, folk, towns, romaji)
    f_pass, f_giv, f_sur, fj_giv, fj_sur = rng.choice(_FOREIGN)
    sep = rng.choice(_SEPARATORS)
    v.update(
        f_pass=f_pass,
        f_nat=f"{f_giv} {f_sur}",
        f_comma=f"{f_sur}, {f_giv}",
        f_ja=f"{fj_giv}{sep}{fj_sur}",
        f_ja_rev=f"{fj_sur}{sep}{fj_giv}",
        f_ja_space=f"{fj_giv}{rng.choice(['　', ' '])}{fj_sur}",
        f_given=f_giv,
        f_given_ja=fj_giv,
        f_sur_ja=fj_sur,
    )
    pref, muni, town, _, _ = rng.choice(towns)
    base = re.sub("[一二三四五六七八九十]+丁目$", "", town)
    a, b, c = rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)
    v["town_block"] = rng.choice(
        [
            f"{base}{a}丁目{b}番{c}号",
            f"{base}{a}-{b}-{c}",
            f"{town}{b}番地{c}",
            f"{muni}{base}{a}丁目{b}-{c}",
            f"{pref}{muni}{town}{b}番地",
        ]
    )
    v["court"] = rng.choice(_COURTS)
    v["firm"] = rng.choice(_COMPANIES)
    v["insurer"] = rng.choice(_INSURERS)
    v["taxi"] = rng.choice(_TAXIS)
    v["clinic"] = rng.choice(_CLINICS)
    v["club"] = rng.choice(_CLUBS)
    v["team"] = rng.choice(_TEAMS)
    v["shrine"] = rng.choice(_SHRINES)
    v["gym"] = rng.choice(_GYMS)
    v["case_no"] = str(rng.randint(100, 999))
    v["badge"] = str(rng.randint(1, 60))
    v["car_no"] = str(rng.randint(1, 99))
    v["policy"] = f"{rng.randint(1000, 9999)}-{rng.randint(100000, 999999)}"
    v["month"] = str(rng.randint(1, 12))
    return v


STYLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "AA": [
        (
            "証人等目録（令和8年(わ)第{case_no}号　{court}）\n"
            "1　証人　{name}（{age}歳・会社員）　住所 {town_block}\n"
            "2　証人　{f_comma}（通訳人 {surname2}）\n"
            "3　証人　{surname3} {given3}\n裁判所書記官 {surname4}",
            ("name", "town_block", "f_comma", "surname2", "surname3", "given3", "surname4"),
        ),
        (
            "来訪者記録（{firm} 本社受付）\n11/{day} {hour} {name}様（{company}）"
            "　訪問先：総務部 {surname2}\n同行者：{f_ja}　入館証 No.{badge}\n"
            "退館時 警備員 {surname3} 確認、連絡先 {phone}",
            ("name", "surname2", "f_ja", "surname3", "phone"),
        ),
        (
            "事故受付メモ（{insurer}）\n契約者 {name}（証券番号 {policy}）　携帯 {phone_fw}\n"
            "相手方運転者 {surname2} {given2}、同乗者 {kana_given}さん\n"
            "事故場所 {town_block} 付近の交差点\n担当 {surname3}→査定 {surname4}へ引継ぎ",
            (
                "name",
                "phone_fw",
                "surname2",
                "given2",
                "kana_given",
                "town_block",
                "surname3",
                "surname4",
            ),
        ),
        (
            "配車記録（{taxi}）\n{hour} 迎車 {town_block} → 乗客 {surname}様\n"
            "{hour} 乗務員 {surname2}（{car_no}号車）実車\n"
            "{hour} 忘れ物の問合せ 電話 {phone}\n"
            "備考：同乗の外国人 {f_nat} が旅券 {passport} を車内に置き忘れ、営業所で保管",
            ("town_block", "surname", "surname2", "phone", "f_nat", "passport"),
        ),
        (
            "{name}様\n{clinic}でございます。{month}月{day}日 {hour}のご予約を承りました。"
            "担当医は{surname2}、当日の受付は{kana_given2}が対応いたします。"
            "ご家族の{given3}様の付き添いも可能です。\n"
            "ご変更はお電話（{landline_paren}）でお願いいたします。",
            ("name", "surname2", "kana_given2", "given3", "landline_paren"),
        ),
    ],
    "AB": [
        (
            "{club} 会員名簿（今年度）\n会長 {name}　副会長 {surname2}\n"
            "会計 {surname3}、書記 {kana_given}\n新入会員 {surname4}、{f_ja_space}\n"
            "連絡先 {email}",
            ("name", "surname2", "surname3", "kana_given", "surname4", "f_ja_space", "email"),
        ),
        (
            "【{team} 連絡】\n監督 {surname} より：日曜の試合は{town_block}のグラウンドです。"
            "コーチ {surname2}、{surname3} が引率します。"
            "車出しは{kana_given}さんのお母さん（{phone}）です。",
            ("surname", "town_block", "surname2", "surname3", "kana_given", "phone"),
        ),
        (
            "{kana_given}さん、こんばんは。{given2}です。\n"
            "昨日うちの前に停まってた車の人、{f_comma}ってカードに書いてあったよ。"
            "ナンバーは{plate}。担任の{surname3}にも一応伝えておきます。",
            ("kana_given", "given2", "f_comma", "plate", "surname3"),
        ),
        (
            "{shrine} 清掃当番表\n第1週 {surname}・{surname2}\n第2週 {surname3}・{given4}さん\n"
            "鍵の管理：世話人 {name}（{phone}、{town_block}）",
            ("surname", "surname2", "surname3", "given4", "name", "phone", "town_block"),
        ),
        (
            "お忘れ物のお知らせ（{gym}）\n{f_ja_space}様の財布（在留カード {zairyu} 入り）を"
            "フロント {surname2} が保管しています。\n"
            "また、{f_ja_space}という方のお連れの{name3}様から、ロッカーの鍵の件でお電話"
            "（{phone3}）がありました。",
            ("f_ja_space", "zairyu", "surname2", "name3", "phone3"),
        ),
    ],
}

# Sentences in the family's voices with no personal data, look-alikes included: each must
# come through whole.
ORDINARY = (
    "班長会議は毎月第2火曜、集会所で開きます。",
    "担任の先生に相談したところ、面談は来週になった。",
    "団員募集中、年齢・経験は問いません。",
    "会長挨拶の後、議事に入りました。",
    "監督会議は雨天のため中止です。",
    "コーチ陣の紹介は次回の保護者会で行います。",
    "証人尋問は午後1時30分から始まります。",
    "裁判所書記官室は3階の奥です。",
    "通訳人の手配は開廷の1週間前までに。",
    "来訪者は受付で入館証を受け取ってください。",
    "警備員の巡回は2時間ごとです。",
    "総務部 経理課への書類は月末締めです。",
    "契約者の変更には所定の書類が必要です。",
    "相手方の保険会社から示談の連絡がありました。",
    "同乗者にけがはありませんでした。",
    "査定の結果は2週間ほどでお知らせします。",
    "乗務員の休憩は4時間ごとに30分。",
    "迎車料金は300円、深夜は2割増しです。",
    "担当医の変更は受付でお申し出ください。",
    "受付は8時30分から、午後は休診です。",
    "新入会員の歓迎会を来月開きます。",
    "会計報告は総会で承認されました。",
    "副会長の任期は2年、再任は妨げない。",
    "世話人会は来月の第1日曜です。",
    "清掃当番は4人1組で回します。",
    "フロントで貸しタオルを受け取ってください。",
    "おまわりさんが道を教えてくれた。",
    "おじいさんとおばあさんが散歩していた。",
    "はなやさんで花束を買った。",
    "みなさん、お疲れさまでした。",
    "Paris, France is on the list, and so is Nice, France.",
    "ボサノバ ギターという方向で編曲を進めます。",
    "ロッカーの鍵は番号札と交換です。",
    "在留カードの更新は期限の3か月前から申請できます。",
)


def texts(
    rng: random.Random,
    folk: list[tuple[str, str, str, str]],
    towns: list[tuple[str, str, str, str, str]],
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names) for AA then AB."""
    return draw_texts(
        rng,
        authors=("AA", "AB"),
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
