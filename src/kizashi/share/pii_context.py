"""Names the tables do not list, found by their context and shape.

A rare surname (萓場, 鹿志村) or its katakana reading (カシムラ) is in no table we ship, but
Japanese writing marks a name by what surrounds it: an honorific or a title after it
(〜さん, 〜様, 〜氏, 〜巡査部長), a verb of naming (〜と名乗る, 〜と申します, 〜という男,
〜って人), a household (の〜方を訪問), a reading in brackets after a name, an age after a
katakana full name. These rules take a name-shaped run (one to four kanji, or a katakana
run) in such a context, with guards against the ordinary words that stand in the same
places (お客さん, 皆さん, 店員さん, 営業部長, 地方, パパさん): a stop-list, and Sudachi's
tokens (the run and the honorific must each be words of their own, so 多種多様 or 地方 is
never cut). Once a name is found, every other place the same name stands in the text is
taken too (the tenant is named once with さん and once bare).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from kizashi.share.pii_base import tables
from kizashi.share.pii_token_spans import tokens_inside
from kizashi.text import Token, kanji_readings, word_pos

# (start, end, rule): the caller (pii.py) makes them findings.
Span = tuple[int, int, str]

KANJI = "一-龥々〆ヵヶ"
KATA = "ァ-ヶー"
# Honorifics and titles after a name; a one-character one must not start a longer word
# (氏名, 君主, 様子), which the token check below refuses.
HONORIFICS = (
    "巡査部長|巡査長|巡査|警部補|警部|警視|さん|さま|様|氏|君|くん|ちゃん|殿|容疑者|被疑者|"
    "被害者|課長|係長|主任|部長|社長|店長|代表|弁護士|先生|先輩|後輩"
)
# Role titles an office, a company or a police unit writes right after a surname (市原隊長,
# 大島所長, 長浜副署長, 八代管理官, 玉野常務). Before pii17 only the ranks and the few titles
# above counted, so a listed surname before 所長, 会長 or 隊長 stayed in every tear-line —
# and most often one that is also a place (市原, 松山, 大島), which the sweep keeps as a place.
# Not 駅長 (a station's name stands before it: 上野駅長), nor 組長 or 若頭 (a syndicate's
# name does: 山口組組長), nor 監督 (a team's does: 横浜監督). Longer titles first, so that 副署長 is not read as 副 + 署長.
ROLE_TITLES = (
    "代表取締役|取締役|副社長|専務|常務|理事長|副会長|会長|副所長|所長|副署長|署長|副隊長|"
    "分隊長|小隊長|中隊長|隊長|班長|室長|事務局長|局長|次長|支店長|支社長|工場長|副院長|院長|"
    "園長|副校長|校長|教頭|課長補佐|課長代理|部長代理|副部長|副課長|副店長|主査|主事|"
    "主任技師|技師|管理官|調査官|捜査官|刑事|検事|判事|医師|教諭|支配人|警視正|警視長|"
    "警視監|"
    # a married couple or a household after the surname (岡部夫妻, 田中一家)
    "夫妻|夫婦|一家"
)
# Titles that head a unit named after a place as often as they follow a person: a one-kanji
# direction before them is the unit's name (東署長, 中央署長 is two), never a surname.
UNIT_TITLES = re.compile(
    r"[ \u3000]?(?:副?署長|支店長|支社長|副?所長|局長|工場長|副?院長|副?校長|園長|室長)"
)
UNIT_DIRECTIONS = frozenset("東西南北中")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Words that stand before an honorific or title and are not names.
STOP_KANJI = _words(
    "皆 客 店員 運転手 大家 奥 旦那 母 父 兄 姉 弟 妹 婆 爺 祖母 祖父 叔父 叔母 伯父 伯母 "
    "娘 息子 孫 嫁 婿 坊 嬢 王 女王 王子 姫 神 仏 殿 鬼 猫 犬 駅員 職人 社員 患者 看護師 医者 "
    "生徒 学生 選手 先輩 後輩 同僚 上司 部下 隣 近所 皆様 各位 貴 彼 彼女 両 同 各 諸 故 "
    "本人 当人 相手 担当 担当者 係 係員 警官 巡査 署員 職員 店主 店 業者 配達員 住人 住民 "
    "管理人 家主 大将 親方 師匠 坊主 和尚 営業 総務 経理 人事 技術 開発 製造 販売 企画 "
    "広報 事業 本部 支部 副 元 前 新 現 当 本 我 次 部 課 係 署 局 班 会 社 店 所 院 "
    "お疲れ 毎度 ご苦労 どうも 兄貴 姉貴 お嬢 乙 甲 丙 某 誰 何 幹事 会長 理事 委員 "
    "議員 知事 市長 区長 町長 村長 大臣 首相 総理 天皇 皇后 陛下 殿下 監督 コーチ "
    "子供 子ども 両親 親御 ご両親 ご家族 家族 友達 友人 先方 皆々"
)
STOP_KATA = _words(
    "パパ ママ オーナー スタッフ ドライバー ファン ゲスト メンバー ユーザー マスター ボス "
    "ベビー チーム グループ ヘルパー サンタ アニキ オバ オジ オバサン オジサン ネエ ニイ "
    "バイト パート クライアント カスタマー ゲーマー プロ アイドル ハム ワン ニャン ネコ "
    "イヌ ウサ クマ パン ケーキ ラーメン ナンバー"
)
# Verbs and phrases of naming after a name (the name is said, not described).
NAMING = re.compile(
    r"(?:と|って|を)(?:[^、。\s]{1,4}で)?名乗|と申し|と申す|と言います|といいます|という(?:男|女|人|人物|者|名)|"
    # という方 (a person, politely; not 方向, 方法, 方針, 方面, 方式)
    r"という方(?![向法針面式角])|"
    # (〇〇って外人: a foreigner named by a given name alone)
    r"って(?:外人|外国人|人|奴|やつ|ヤツ|男|女|子)|という外国人|なる(?:男|女|人物)"
)
_NAME_BEFORE = re.compile(
    rf"(?:(?<![{KANJI}])[{KANJI}]{{1,4}}[ \u3000][{KANJI}{KATA}]{{1,6}}|(?<![{KANJI}])[{KANJI}]{{1,4}}"
    rf"|(?<![{KATA}])[{KATA}]{{2,10}}(?:[ \u3000・][{KATA}]{{2,10}})?"
    r"|(?<![A-Za-z])[A-Z][a-z]{1,14}(?:[ \u3000][A-Z][A-Za-z]{1,14})?|(?<![A-Za-z])[A-Z]{2,15})$"
)
_ROLE_PREFIXES = ("お客", "客", "男", "女", "自称")
_HONORIFIC_AFTER = re.compile(
    rf"((?<![{KATA}])[{KATA}]{{1,4}}[子美江代枝恵乃郎]|(?<![{KANJI}])[{KANJI}]{{1,3}}?"
    rf"|(?<![{KATA}])[{KATA}]{{2,10}})[ \u3000]?(?:{HONORIFICS})"
)
# kanji only: a katakana word before 会長 or 専務 is a firm's name as often (ソニー会長)
_TITLED = re.compile(rf"((?<![{KANJI}])[{KANJI}]{{1,3}}?)[ \u3000]?(?:{ROLE_TITLES})")
_HOUSEHOLD = re.compile(rf"の([{KANJI}]{{1,3}}|[{KATA}]{{2,10}})方(?=[をにへでのがはと])")
# a full name before an age in brackets: 萓場 シゲコ（46）, 作間 ヒナ子（76歳）, 山懸ヨリ子（22）
_AGED_NAME = re.compile(
    rf"(?<![{KANJI}])[{KANJI}]{{1,4}}(?:[ \u3000](?:[{KANJI}]{{1,4}}|[{KATA}]{{1,8}}[{KANJI}]?)"
    rf"|[{KATA}]{{2,6}}[{KANJI}]?)"
    rf"(?=[ \u3000]?[（(]\d{{1,3}}[ \u3000]?(?:歳|才)?[)）])"
)
_KANA_TOPIC = re.compile(rf"(?<![{KATA}])([{KATA}]{{3,6}})(?=[はがをにともの])")
_VOICED = dict(
    zip(
        "カキクケコサシスセソタチツテトハヒフヘホ",
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボ",
        strict=True,
    )
)
_KANA_PAIR = re.compile(
    rf"(?<![{KATA}])([{KATA}]{{2,10}})[ \u3000・]([{KATA}]{{2,10}})(?![{KATA}])"
)


def _boundaries(tokens: Sequence[Token]) -> tuple[set[int], set[int]]:
    return {t.start for t in tokens}, {t.end for t in tokens}


def _stopped(word: str) -> bool:
    return word in STOP_KANJI or word in STOP_KATA


# A common noun ending so is a role, not a name (大工, 政治家, 交換手, 弁護士, 校長).
_ROLE_ENDINGS = frozenset("屋家手士長員師者工官医主人婦")  # 婦: 看護婦, 家政婦 (pii17)


def _ordinary(s: int, e: int, tokens: Sequence[Token], honorific: str = "") -> bool:
    """Whether Sudachi reads the run [s, e) as an ordinary word rather than a name: a word
    of the stop-list, a role (大工さん, 政治家という), a number (何百万という), a time
    (午後君, 将来君: 君 is also "you"), or no noun at all (先を争って人が)."""
    inside = tokens_inside(tokens, s, e)
    if not inside or any(t.pos[:3] == ("名詞", "固有名詞", "人名") for t in inside):
        return False
    last = inside[-1]
    if _stopped(last.surface) or last.pos[0] != "名詞" or last.pos[1] == "数詞":
        return True
    return last.pos[1] == "普通名詞" and (
        last.pos[2] == "副詞可能"
        or (len(last.surface) > 1 and last.surface[-1] in _ROLE_ENDINGS)
        or honorific == "君"
    )


def _katakana_word(word: str) -> bool:
    """A katakana word the dictionary knows, and never as a person's name (a trade, an
    animal: アーティスト, インコ); a name it knows at all (ケン, アナ, ナース too) is kept."""
    pos = word_pos(word) if re.fullmatch(f"[{KATA}]+", word) else frozenset()
    return bool(pos) and not any(p[2] == "人名" for p in pos)


@cache
def _big_place(word: str) -> bool:
    """A prefecture or a designated city (東京, 大阪, 横浜): it names the prefectural police,
    a team or a branch before a title far more often than it is a surname (大阪刑事)."""
    t = tables()
    if any(p == word + c for p in t.prefectures for c in "都道府県"):
        return True
    return any(m.startswith(word + "市") and m.endswith("区") for m in t.municipalities)


def _titled(folded: str, tokens: Sequence[Token], starts: set[int], ends: set[int]) -> list[Span]:
    """An unlisted surname before a role title (鹿志村隊長, 笠間常務): only a run the
    dictionary does not know, or knows only as a person's name — a title follows ordinary
    nouns too often (消防隊長, 研究所長, 自治会長, 新宿署長, 現場監督)."""
    found: list[Span] = []
    for m in _TITLED.finditer(folded):
        word, s, e = m.group(1), m.start(1), m.end(1)
        at = e + (1 if folded[e : e + 1] in " \u3000" else 0)
        if _stopped(word) or s not in starts or at not in starts or m.end() not in ends:
            continue
        unit = UNIT_TITLES.match(folded, e)
        if word in UNIT_DIRECTIONS and unit:
            continue
        inside = tokens_inside(tokens, s, e)
        if len(inside) > 1 and all(t.pos[1] != "固有名詞" for t in inside):
            continue  # common words run together (温度差夫婦: 温度 + 差), not an unknown surname
        # a place's name before a person's title is a surname (玉野常務, 豊川理事長); before a
        # unit's head it is as often the unit (倉敷室長, 今治工場長: the Kurashiki office's)
        allowed = ("人名",) if unit else ("人名", "地名")
        pos = word_pos(word)
        if any(p[1] != "固有名詞" for p in pos) or _big_place(word):
            continue  # an ordinary noun (消防, 研究) or a prefecture's or a big city's name
        if any(p[2] not in allowed for p in pos) and not any(p[2] == "人名" for p in pos):
            continue  # a firm (トヨタ); 笠間 is a surname, a place and a brand: a surname
        found.append((s, e, "PII-NAME-CONTEXT-TITLE"))
    return found


def context_names(folded: str, tokens: Sequence[Token]) -> list[Span]:
    starts, ends = _boundaries(tokens)
    found: list[Span] = []
    for m in _HONORIFIC_AFTER.finditer(folded):
        word, s, e = m.group(1), m.start(1), m.end(1)
        honorific_at = m.end(1) + (1 if folded[m.end(1) : m.end(1) + 1] in " \u3000" else 0)
        if _stopped(word) or s not in starts or honorific_at not in starts:
            continue
        if m.end() not in ends:  # 様子, 氏名, 君主: the honorific is part of a longer word
            continue
        if _ordinary(s, e, tokens, folded[honorific_at : m.end()]):
            continue
        if _katakana_word(word):
            continue  # アーティストさん, インコちゃん, トレーナーさん: a word, never a name
        found.append((s, e, "PII-NAME-CONTEXT-HONORIFIC"))
    found += _titled(folded, tokens, starts, ends)
    for m in NAMING.finditer(folded):
        before = _NAME_BEFORE.search(folded, max(0, m.start() - 24), m.start())
        if not before:
            continue
        word, s = before.group(), before.start()
        # a role word run into the name (さっきの客森奈って名乗った) stays
        for role in _ROLE_PREFIXES:
            if word.startswith(role) and len(word) > len(role):
                word, s = word[len(role) :], s + len(role)
                break
        end = before.end()
        if ("外" in m.group() or m.group().endswith("方")) and any(
            p[1] == "普通名詞" for p in word_pos(word.strip())
        ):
            # デザインって外人ウケ, ビギナーという方: an ordinary word to the dictionary
            continue
        if end in ends and not _stopped(word.strip()) and not _ordinary(s, end, tokens):
            found.append((s, end, "PII-NAME-NAMING"))
    for m in _HOUSEHOLD.finditer(folded):
        word, s, e = m.group(1), m.start(1), m.end(1)
        if _stopped(word) or s not in starts or e not in starts or e + 1 not in ends:
            continue
        if _ordinary(s, e, tokens):
            continue
        found.append((s, e, "PII-NAME-HOUSEHOLD"))
    for m in _AGED_NAME.finditer(folded):
        kana = re.fullmatch(rf"[{KANJI}]+([{KATA}]+)", m.group())
        if kana and _common_kana(kana.group(1)):
            continue  # 東京タワー（3）: a place and a word, not a surname and a given name
        found.append((m.start(), m.end(), "PII-NAME-AGED"))
    return found


def _common_kana(word: str) -> bool:
    """A katakana word the dictionary knows as an ordinary word (タワー; that it is also
    listed as someone's name does not make 東京タワー a person)."""
    return any(p[1] == "普通名詞" for p in word_pos(word))


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


@cache
def _surname_kana(surnames: frozenset[str]) -> frozenset[str]:
    """Katakana readings (one to three kana, plain and voiced) of every kanji the shipped
    surnames are written with, from Sudachi's dictionary: the pieces a reading is built of."""
    pieces = {_katakana(r) for ch in {c for s in surnames for c in s} for r in kanji_readings(ch)}
    pieces = {p for p in pieces if 1 <= len(p) <= 3}
    return frozenset(pieces | {_VOICED[p[0]] + p[1:] for p in pieces if p[0] in _VOICED})


def surname_shaped(word: str, surnames: frozenset[str]) -> bool:
    """A katakana word shaped like a Japanese surname's reading (マルサワ = マル + サワ):
    two pieces that are readings of surname kanji; no long vowel or small vowel (loanwords);
    not a doubled word (オンオン)."""
    if not 3 <= len(word) <= 6 or re.search("[ーァィゥェォヮヴ]", word):
        return False
    half = len(word) // 2
    if word[:half] == word[half:]:
        return False
    pieces = _surname_kana(surnames)
    return any(word[:i] in pieces and word[i:] in pieces for i in range(1, len(word)))


def kana_surnames(folded: str, surnames: frozenset[str]) -> list[Span]:
    """A katakana word standing before a particle that Sudachi does not know as a word and
    that is shaped like a surname's reading (協力者によれば、マルサワは…). On 154,843 Tatoeba
    sentences this takes 9 words, 5 of them names."""
    found = []
    for m in _KANA_TOPIC.finditer(folded):
        word = m.group(1)
        if kanji_readings(word):
            continue  # a word the dictionary knows (カメラ, ケンジ is found as a name elsewhere)
        if surname_shaped(word, surnames) or _unknown_plain(word):
            found.append((m.start(1), m.end(1), "PII-NAME-KANA-SHAPE"))
    return found


def _unknown_plain(word: str) -> bool:
    """A katakana word the dictionary does not know, shaped like a Japanese name (no long
    vowel, small kana or doubled half: マユコ, ジュウイチヤ) and not two known words run
    together (テニスクラブ, ドイツワイン). On 20,000 Tatoeba sentences every such word
    before a particle was a name (マユコ, ハルヨ, ナタナエル, アドラステア, オイデイプス)."""
    if not 3 <= len(word) <= 6 or re.search("[ーァィゥェォヮヴッャョ]", word):
        return False
    half = len(word) // 2
    if word[:half] == word[half:]:
        return False
    return not any(
        kanji_readings(word[:i]) and kanji_readings(word[i:]) for i in range(2, len(word) - 1)
    )


def kana_pairs(folded: str, name_ends: set[int]) -> list[Span]:
    """A katakana full name where its shape says so: a reading in brackets right after a
    name (山田 太郎様（ヤマダ タロウ）), or followed by an age (クロトリ リョウマ（36））."""
    found = []
    for m in _KANA_PAIR.finditer(folded):
        before = folded[max(0, m.start() - 3) : m.start()]
        after = folded[m.end() : m.end() + 3]
        reading = before[-1:] in ("(", "（") and any(
            m.start() - 3 <= e <= m.start() for e in name_ends
        )
        aged = bool(re.match(r"[ \u3000]?[（(]\d", after))
        if reading or aged:
            found.append((m.start(), m.end(), "PII-NAME-KANA-SHAPE"))
    return found


# a full name with its reading in two parts in brackets right after it (常澄　あゑ子（ツネズミ
# アヱコ）, 仲島悌一郎（ナカジマ テイイチロウ）): the brackets say "this is how the name
# is read", so the name is one whatever its kanji or kana (old kana ゑ, a rare given name)
_GLOSSED = re.compile(
    rf"(?<![{KANJI}ぁ-ゖ])(?P<v>[{KANJI}]{{1,4}}[ \u3000]?[{KANJI}ぁ-ゖ{KATA}]{{1,5}})"
    rf"[ \u3000]?(?:様|さん|殿)?[（(](?P<r>[{KATA}]{{1,10}}[ \u3000・][{KATA}]{{1,10}})[)）]"
)


def glossed_names(folded: str) -> list[Span]:
    """A name and its reading, the reading in two katakana parts in brackets after it."""
    found: list[Span] = []
    for m in _GLOSSED.finditer(folded):
        pos = word_pos(re.sub(r"[ \u3000]", "", m.group("v")))
        if any(p[2] in ("地名", "組織") for p in pos):
            continue  # a place or a body with its reading (東京都（トウキョウ ト）)
        found.append((m.start("v"), m.end("v"), "PII-NAME-GLOSSED"))
        found.append((m.start("r"), m.end("r"), "PII-NAME-GLOSSED"))
    return found


def everywhere(folded: str, names: Iterable[str]) -> list[Span]:
    """Every other place a found name (or a part of a full name) stands in the text."""
    words: set[str] = set()
    for name in names:
        text = name.strip()
        parts = re.split(r"[ \u3000・]", text)
        words.add(text)
        words.update(parts if len(parts) > 1 else ())
    # each word with the script its neighbours may not be in ("" for none)
    hunted: list[tuple[str, str]] = []
    for word in sorted(w for w in words if w):
        if _stopped(word) or re.fullmatch(HONORIFICS, word):
            continue  # 担当者様 read as a label and a name: the 様 is not a name to hunt
        if re.fullmatch(f"[{KATA}]{{2,}}", word):
            hunted.append((word, KATA))  # a katakana name, never inside a longer katakana word
        elif len(word) == 1:
            # a lone character (林, イ) only where it stands alone, never inside a word of its
            # script (森林; pii19: イ of イ・ジウン inside ポイントカード)
            hunted.append((word, KATA if re.fullmatch(f"[{KATA}]", word) else KANJI))
        elif len(word) >= 2 and not re.search(r"[A-Za-z0-9]", word):
            hunted.append((word, ""))
    if len(hunted) > _ONE_PASS_FROM:
        return _everywhere_one_pass(folded, hunted)
    found = []
    for word, script in hunted:
        pattern = re.escape(word)
        if script:
            pattern = rf"(?<![{script}]){pattern}(?![{script}])"
        for m in re.finditer(pattern, folded):
            found.append((m.start(), m.end(), "PII-NAME-AGAIN"))
    return found


# With many names (a long log), one search of the whole text per name grew as names × text:
# past this many, the text is read once, every length of name at every position.
_ONE_PASS_FROM = 24


def _everywhere_one_pass(folded: str, hunted: list[tuple[str, str]]) -> list[Span]:
    """What the per-name searches find, in their order: each name's matches left to right,
    not overlapping one another (as `re.finditer` gives them)."""
    script_of = dict(hunted)
    classes = {script: re.compile(f"[{script}]") for script in set(script_of.values()) if script}
    lengths = sorted({len(word) for word in script_of})
    hits: dict[str, list[int]] = {word: [] for word in script_of}
    free_from = dict.fromkeys(script_of, 0)  # where a word's next match may start
    n = len(folded)
    for i in range(n):
        for length in lengths:
            if i + length > n:
                break
            word = folded[i : i + length]
            script = script_of.get(word)
            if script is None or i < free_from[word]:
                continue
            if script:
                near = classes[script]
                if (i and near.match(folded, i - 1)) or near.match(folded, i + length):
                    continue
            hits[word].append(i)
            free_from[word] = i + length
    return [(i, i + len(word), "PII-NAME-AGAIN") for word, _ in hunted for i in hits[word]]
