"""Japanese (and English) personal-data recogniser for tear-lines.

Finds names, addresses, phone numbers, e-mail addresses, My Number-like ids, account
handles, vehicle plate numbers, postal codes, dates of birth and ages in free text, each as
a :class:`Finding` with the span of ORIGINAL characters, its kind and the recogniser that
found it (so the approver sees why each piece was taken out).

How: a character-wise NFKC copy of the text (full-width digits and letters folded, one
character for one, so spans stay exact) is searched with patterns for the structured kinds;
names come from Sudachi's part of speech (名詞,固有名詞,人名,姓|名), from the shipped
tables of surnames and given names (``pii_tables.json``, built by ``pii_tables.py``),
from katakana and romaji readings of listed surnames, and from context (an honorific or
title after a word, a label such as 氏名： before it); addresses start at a prefecture or a
listed municipality and run to the last block or room number. docs/share.md reports how
well this does on a held-out set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kizashi.share.pii_abroad import abroad, ledger_births
from kizashi.share.pii_addresses import DASH as _DASH
from kizashi.share.pii_addresses import addresses, towns
from kizashi.share.pii_affiliations import affiliations
from kizashi.share.pii_ages import ages
from kizashi.share.pii_aliases import aliases
from kizashi.share.pii_base import KINDS, Finding, Tables, fold, tables
from kizashi.share.pii_beside import beside
from kizashi.share.pii_caps import passport_capitals
from kizashi.share.pii_columns import columns
from kizashi.share.pii_context import (
    ROLE_TITLES,
    STOP_KANJI,
    UNIT_DIRECTIONS,
    UNIT_TITLES,
    context_names,
    everywhere,
    glossed_names,
    kana_pairs,
    kana_surnames,
    surname_shaped,
)
from kizashi.share.pii_east import east
from kizashi.share.pii_foreign import foreign_and_spaced
from kizashi.share.pii_frames import framed_names, place_framed
from kizashi.share.pii_ginza import statistical_people
from kizashi.share.pii_initials import initials
from kizashi.share.pii_kana import kana_given_alone
from kizashi.share.pii_labels import ACCOUNT_LABEL as _ACCOUNT_LABEL
from kizashi.share.pii_labels import ID_LABEL as _ID_LABEL
from kizashi.share.pii_landmarks import landmarks
from kizashi.share.pii_lists import greeted_self, list_partners, self_named
from kizashi.share.pii_lone import building_after_address, lone, parts_again, surname_before
from kizashi.share.pii_mail import MAIL, mail_matches
from kizashi.share.pii_marked import marked
from kizashi.share.pii_not_names import BODY_WORDS, NOT_NAMES
from kizashi.share.pii_ordinary import ordinary
from kizashi.share.pii_public import public_after
from kizashi.share.pii_readings import (
    ENGLISH,
    english_name,
    given_reading,
    only_a_name,
    romaji_shaped,
    romaji_surname,
    same_reading,
)
from kizashi.share.pii_records import (
    bracketed_names,
    buildings,
    chat_ids,
    dotted_katakana,
    foreign_names,
    latin_speakers,
    ocr_view,
    squeezed,
)
from kizashi.share.pii_shapes import (
    english_addresses,
    english_names,
    hidden_emails,
    hiragana_given,
    speakers,
    weak_naming,
)
from kizashi.share.pii_sweep import english_words
from kizashi.share.pii_tails import widened
from kizashi.share.pii_token_spans import tokens_overlapping
from kizashi.share.pii_variants import (
    compose_halfwidth,
    joined_katakana,
    lowercase_romaji,
)
from kizashi.share.pii_western import western
from kizashi.text import (
    Mapped,
    Token,
    kanji_readings,
    tokenize,
    word_pos,
)

__all__ = ["KINDS", "Finding", "Tables", "find_personal_data", "fold", "merge", "tables"]


# A calendar date: era (昭和50年3月23日, S50.3.23, H2/4/1), Western (1990年4月1日, 1990/04/01,
# 1990.4.1, 1990-04-01), day first (01/04/1990), or English (1 April 1990, April 1, 1990).
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    r"(?:(?:明治|大正|昭和|平成|令和)(?:\d{1,2}|元)年\d{1,2}月\d{1,2}日"
    # the era in brackets after the year (1979年（昭和54年）9月5日); era with dots (昭和54.9.5)
    r"|(?:19|20)\d{2}年[（(](?:明治|大正|昭和|平成|令和)(?:\d{1,2}|元)年[)）]\d{1,2}月\d{1,2}日"
    r"|(?:明治|大正|昭和|平成|令和)(?:\d{1,2}|元)[./]\d{1,2}[./]\d{1,2}(?!\d)"
    r"|(?<![A-Za-z])[MTSHR]元[./\-]\d{1,2}[./\-]\d{1,2}(?!\d)"
    r"|(?<![A-Za-z])[MTSHR]\d{1,2}[./\-]\d{1,2}[./\-]\d{1,2}(?!\d)"
    r"|(?:19|20)\d{2}[年/\-.]\d{1,2}[月/\-.]\d{1,2}日?(?!\d)"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}"
    # English: 1 April 1990, 9th of February 1991, April 1, 1990, Feb. 9th, 1991, 03-Mar-1979
    r"|\d{1,2}(?:st|nd|rd|th)?(?: of)? [A-Z][a-z]+\.?,? \d{4}"
    r"|[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
    r"|\d{1,2}[-/ ]" + _MONTH + r"[-/ ]\d{4}|\d{4}-" + _MONTH + r"-\d{1,2})"
)
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "email",
        "PII-EMAIL",
        MAIL,
    ),
    (
        "account",
        "PII-URL-ACCOUNT",
        re.compile(
            # (pii19: also written without its scheme, a profile's query and LinkedIn:
            # facebook.com/profile.php?id=…, linkedin.com/in/…)
            r"(?:https?://)?(?<![A-Za-z0-9.\-])(?:www\.|m\.)?"
            r"(?:x|twitter|instagram|tiktok|facebook|fb|threads|line|t|linkedin)\.(?:com|me|net)"
            r"/[A-Za-z0-9_.@/\-]+(?:\?[A-Za-z0-9_]+=[A-Za-z0-9_.\-]+)?"
        ),
    ),
    (
        "account",
        "PII-HANDLE",
        re.compile(r"(?<![A-Za-z0-9._%+\-])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}"),
    ),
    ("postal_code", "PII-POSTAL", re.compile(r"〒[ \u3000]?\d{3}" + _DASH + r"?\d{4}")),
    (
        "my_number",
        "PII-MYNUMBER",
        re.compile(r"(?<!\d)\d{4}[ \-‐‑–—―−ー]?\d{4}[ \-‐‑–—―−ー]?\d{4}(?!\d)"),
    ),
    (
        "phone",
        "PII-PHONE",
        re.compile(
            r"(?<![\d\-])(?:\+81[ \-]?(?:\(0\)[ \-]?)?\(?0?\)?\d{1,4}|0\d{1,4}|[(（]0\d{1,4}[)）])"
            r"(?: ?[\-‐‑‒–—―−ー－_.] ?| |[(（)）] ?)?\d{1,4}(?: ?[\-‐‑‒–—―−ー－_.] ?| |[)）] ?)?\d{3,4}"
            r"(?![\d\-])"
        ),
    ),
    (
        "plate",
        "PII-PLATE",
        re.compile(
            r"(?:[一-龥]{1,4}|なにわ|とちぎ|つくば|いわき)(?:ナンバー)?[ \u3000]?\d{2,3}[ \u3000]?[あ-んア-ン]"
            r"[ \u3000]?(?:\d{1,2}" + _DASH + r"\d{2}|\d{4}|・{1,3}\d{1,3})"
        ),
    ),
    # a plate in romaji (Shinagawa 300 sa 12-34): a region, a class number, a kana's romaji
    (
        "plate",
        "PII-PLATE-EN",
        re.compile(r"\b[A-Z][a-z]{2,10} \d{2,3} [a-z]{1,3} \d{1,2}" + _DASH + r"\d{2}\b"),
    ),
    (
        "birth_date",
        "PII-BIRTH",
        re.compile(
            r"(?:生[ \u3000]?年[ \u3000]?月[ \u3000]?日|生まれ|誕生日|born(?: on)?|DOB|D\.O\.B\.?|date of birth|birthday)"
            # a table's cell border between label and date (| 生年月日 | 1990/4/1 |)
            # a remark in brackets after the label: Date of birth (self-declared): …
            # an English sentence's verb after it: his date of birth is 14/11/1982 (pii20)
            r"(?: (?:is|was|being))?"
            r"[ \u3000:：は|｜]*(?:[(（][^()（）\n]{1,24}[)）][ \u3000:：]*)?(?:" + _DATE + r")",
            re.IGNORECASE,
        ),
    ),
    # pii22: a birthday without its year after the word (誕生日 9/21, 誕生日は3月4日, birthday
    # 21/9): the month and day still narrow a person down with any other detail
    (
        "birth_date",
        "PII-BIRTHDAY",
        re.compile(
            r"(?:誕生日|[Bb]irthday)[ \u3000]*(?:[:：|]|は|って|is)?[ \u3000]*"
            r"(?P<v>(?<!\d)\d{1,2}[/.]\d{1,2}(?![\d/]|\.\d)|\d{1,2}月\d{1,2}日)"
        ),
    ),
    # a date said to be a birth date by what follows it (昭和50年3月23日生まれ, S58.3.2生)
    (
        "birth_date",
        "PII-BIRTH-AFTER",
        re.compile(r"(?:" + _DATE + r")(?=[ \u3000]?(?:生|産まれ))"),
    ),
    (
        "id_number",
        "PII-ID-LABELLED",
        re.compile(
            r"(?:"
            + _ID_LABEL
            + r")[ \u3000]*(?:\([^()\d]{1,4}\))?[ \u3000]*(?:[:：#]|は|No\.?|no\.?)?[ \u3000]*"
            r"(?P<v>(?:第[ \u3000]?)?[A-Za-z]{0,3}[ \-]?\d[\d \-]{3,18}\d(?:[ \u3000]?号)?"
            # pii22: a short code with its letters (無線番号 TX-2207, 番号 A-118)
            r"|[A-Za-z]{1,3}-\d{3,4}(?![\dA-Za-z\-]))"
        ),
    ),
    # pii22: a secret number after its word (暗証番号 4471, PINは 0930): four to eight digits
    (
        "id_number",
        "PII-PIN",
        re.compile(
            # (review of pii23: PIN is a whole word — not the end of SPIN 2024; pii24)
            r"(?:暗証番号|暗証|パスコード|(?<![A-Za-z])PIN|PINコード|ピン番号)[ \u3000]*(?:[:：]|は|is)?[ \u3000]*"
            r"(?P<v>(?<!\d)\d{4,8})(?!\d)"
        ),
    ),
    # a passport number after its document's word (旅券 TR1234567, パスポート番号は607643128,
    # passport no. P1234567A): Japan's two capitals and seven digits, a capital and eight
    # digits (Korea, China), nine digits (the US, the UK), a capital, seven digits and a
    # capital (the Philippines) — the same shapes without the word stay (型番 TZ1234567)
    (
        "id_number",
        "PII-PASSPORT",
        re.compile(
            r"(?:旅券|パスポート|[Pp]assport|PASSPORT)(?:番号|No\.?|no\.?|[ ](?:no\.?|number|No\.?)|#)?"
            r"[ \u3000]*(?:[:：（(#]|は|が|の)?[ \u3000]*"
            r"(?P<v>(?<![A-Za-z0-9])(?:[A-Z]{1,2}\d{7,8}[A-Z]?|\d{8,9})(?![A-Za-z0-9]))"
        ),
    ),
    (
        "account",
        "PII-HANDLE-LABELLED",
        re.compile(
            r"(?<![A-Za-z])(?:"
            + _ACCOUNT_LABEL
            # (a Japanese label may have its value run on: アカウント名yoshi_k22; pii19)
            + r")(?:(?<=[^\x00-\x7f])|(?![A-Za-z]))[ \u3000]*(?:[:：]|は|is\b)?[ \u3000]*"
            r"(?P<v>@?(?=[A-Za-z0-9_.\-]*[A-Za-z])(?=[A-Za-z0-9_.\-]*(?:[0-9_]|\.[A-Za-z0-9]))"
            r"[A-Za-z0-9_][A-Za-z0-9_.\-]{2,29}(?:#\d{4})?)"
        ),
    ),
)
_HONORIFIC = re.compile(
    r"[ \u3000]?(?:さん|様|さま|氏|君|くん|ちゃん|容疑者|被疑者|被害者|巡査部長|巡査長|巡査|警部補|警部|"
    r"警視|課長|係長|主任|部長|社長|店長|代表|弁護士|先輩|後輩|" + ROLE_TITLES + ")"
)
_LABEL = re.compile(
    r"(?:(?:氏名|名前|お名前|契約者|借主|賃借人|申込者|保証人|連帯保証人|担当者?|通報者|情報提供者|"
    r"協力者|投稿者|名義人|口座名義|名義|本名|偽名|通称|自称|Name|name|Tenant|tenant|Contact|"
    r"contact)[ \u3000]?[:：は]?[ \u3000]?"
    # words that are labels only as a form's field, with a colon or a space after them
    # (児童：ちづお, 購入者 山田; not 生徒達は, 児童サービス論)
    r"|(?:受取人|振込依頼人|依頼人|送金者|購入者|入居者|保護者|児童|生徒|相談者|対象者|差出人|宛名|"
    r"元社員|元従業員|従業員|社員|"
    r"同乗者|同宿者|宿泊者|借受人|フ[ \u3000]?リ[ \u3000]?ガ[ \u3000]?ナ|ふりがな)(?:[ \u3000]?[:：][ \u3000]?|[ \u3000]))"
)
_NAME_CHARS = r"[一-龥々〆ヵヶ]"
_KATA_WORD = re.compile(r"[ァ-ヶー]{2,8}")
# A lookahead, so that "Tenant Kenji Watanabe" is tried at every word, not in pairs.
# Words that make the two romaji words before them a body's name (Adachi Drift Club, Kita
# Gakuen). Only these: a weekday, "Thanks", "Officer" or "Station" after a name leaves it a
# name ("Taro Yamada Tuesday night", "Kenji Tanaka Station manager"; review of pii22).
_BODY_WORDS = BODY_WORDS  # one list, kept in pii_not_names (D4)
_ROMAJI = re.compile(
    r"(?=(?<![A-Za-z])([A-Z][a-z]{1,14}|[A-Z]{2,15})[ \u3000]([A-Z][a-z]{1,14}|[A-Z]{2,15})"
    r"(?![A-Za-z]))"
)


_ADMIN_WORDS = frozenset(["Ward", "City", "Town", "Village", "Prefecture", "County"])


def _structured(folded: str) -> list[Finding]:
    found = []
    for kind, rule, pattern in _PATTERNS:
        for m in mail_matches(folded) if pattern is MAIL else pattern.finditer(folded):
            # a labelled value: only the value goes (会員ID A8833 → A8833), the label stays
            s, e = m.span("v") if "v" in pattern.groupindex else m.span()
            value = folded[s:e].rstrip(" -")
            if kind == "account":
                value = value.rstrip(".")  # the sentence's full stop (LINE ID is ryu_1122.)
            e = s + len(value)
            digits = sum(c.isdigit() for c in value)
            if kind == "phone":
                # +81 and a (0) are not the number's own digits: +81 (0)90 1234 5678
                digits -= 2 * value.startswith("+81") + value.count("(0)")
            if kind == "phone" and not 10 <= digits <= 12:
                continue
            found.append(Finding(s, e, kind, rule, value))
    return found


def _names(folded: str, tokens: Sequence[Token]) -> list[Finding]:
    t = tables()
    found: list[Finding] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.pos[:3] == ("名詞", "固有名詞", "人名"):
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].pos[:3] == ("名詞", "固有名詞", "人名"):
                if tokens[j + 1].start - tokens[j].end > 1:
                    break
                j += 1
            span = (tok.start, tokens[j].end)
            # A lone given name or surname that is also an ordinary word needs support.
            if (
                j > i
                or _supported(folded, span, t)
                or tok.surface in t.surnames
                or only_a_name(tok.surface, folded[span[1] : span[1] + 1])
            ):
                found.append(Finding(*span, "person", "PII-NAME-SUDACHI", folded[slice(*span)]))
            i = j + 1
            continue
        i += 1
    for m in re.finditer(_NAME_CHARS + "{1,4}[ \u3000]?" + _NAME_CHARS + "{1,4}", folded):
        text = m.group().replace(" ", "").replace("\u3000", "")
        for cut in range(1, len(text)):
            if text[:cut] in t.surnames and text[cut:] in t.given:
                found.append(Finding(m.start(), m.end(), "person", "PII-NAME-TABLE", m.group()))
                break
    for m in re.finditer(_NAME_CHARS + "{1,3}(?=" + _HONORIFIC.pattern + ")", folded):
        if m.group() in STOP_KANJI:  # 奥さん, 皆さん: words, though 奥 and 皆 are surnames too
            continue
        if m.group() in UNIT_DIRECTIONS and UNIT_TITLES.match(folded, m.end()):
            continue  # 東署長, 北支店長: a unit named by its direction, not a surname
        if m.group() in t.surnames or m.group()[:2] in t.surnames:
            s, e = m.start(), m.end()
            if e - s == 3 and m.group() not in t.surnames and _HONORIFIC.match(folded, s + 2):
                e = s + 2  # 長浜副署長: the third kanji starts the title
            found.append(Finding(s, e, "person", "PII-NAME-HONORIFIC", folded[s:e]))
    for m in re.finditer(r"([ァ-ヶー]{2,8})[ \u3000・]([ァ-ヶー]{2,8})", folded):
        if m.group(1) in t.surname_readings or m.group(2) in t.given_readings:
            found.append(Finding(m.start(), m.end(), "person", "PII-NAME-KANA", m.group()))
    for m in _ROMAJI.finditer(folded):
        if m.group(1) in NOT_NAMES or m.group(2) in NOT_NAMES:
            continue  # Sumida River, Shibuya Crossing, Tokyo Station: a place, not a person
        if m.group(2) in _ADMIN_WORDS:
            continue  # pii21: Adachi Ward, Soka City: a municipality
        after = re.match(r" ([A-Z][a-z]+)\b", folded[m.end(2) : m.end(2) + 16])
        if after and after.group(1) in _BODY_WORDS:
            continue  # pii22: Adachi Drift Club: a club's name, not a person
        a, b = m.group(1).lower(), m.group(2).lower()
        if (
            romaji_surname(a, t)
            or romaji_surname(b, t)
            or (romaji_shaped(a) and romaji_shaped(b) and len(a + b) >= 7)
        ):
            s, e = m.start(1), m.end(2)
            found.append(Finding(s, e, "person", "PII-NAME-ROMAJI", folded[s:e]))
    for m in _LABEL.finditer(folded):
        rest = re.match(
            r"(?:" + _NAME_CHARS + r"{1,4}[ \u3000]?" + _NAME_CHARS + r"{0,4}|[ァ-ヶー]{2,8}"
            r"(?:[ \u3000・][ァ-ヶー]{2,8})?)",
            folded[m.end() :],
        )
        if rest and rest.group():
            # the honorific after a spaced name is not the name (氏名：美波一久 様)
            value = re.sub(r"[ \u3000](?:様|さま|さん|殿|氏|君)$", "", rest.group().rstrip())
            s, e = m.end(), m.end() + len(value)
            if not _noun_at(s, e, tokens):
                continue  # 名前は知らない: 知 is a verb's stem, not a name
            if _common_word(s, e, tokens):
                continue  # お名前は以前から, 担当管理職: one ordinary noun, never a name
            found.append(Finding(s, e, "person", "PII-NAME-LABEL", folded[s:e]))
    return found


def _is_common(word: str) -> bool:
    """A word the dictionary lists as an ordinary noun or an adjective (高級, タワー, 新築)."""
    return any(p[1] in ("普通名詞", "形状詞") or p[0] == "形状詞" for p in word_pos(word))


def _noun_at(s: int, e: int, tokens: Sequence[Token]) -> bool:
    """Whether [s, e) starts a noun token and no verb, adjective or auxiliary cuts into it."""
    inside = tokens_overlapping(tokens, s, e)
    if not inside or inside[0].start != s:
        return False
    return all(t.pos[0] in ("名詞", "接尾辞", "接頭辞", "補助記号", "空白") for t in inside)


def _common_word(s: int, e: int, tokens: Sequence[Token]) -> bool:
    """Whether [s, e) is a single token that the dictionary knows only as a common noun."""
    inside = tokens_overlapping(tokens, s, e)
    if len(inside) != 1:
        return False
    pos = word_pos(inside[0].surface)
    return bool(pos) and all(p[1] != "固有名詞" for p in pos) and inside[0].pos[1] != "固有名詞"


def _supported(folded: str, span: tuple[int, int], t: Tables) -> bool:
    after = folded[span[1] : span[1] + 8]
    before = folded[max(0, span[0] - 12) : span[0]]
    return (
        bool(_HONORIFIC.match(after))
        or bool(_LABEL.search(before))
        or bool(re.match(r"[（(]\d", after))
        or bool(_KIN_AFTER.match(after))
        or bool(_KIN_BEFORE.search(before))
    )


# A person's word said of a person (a lone surname that is also an ordinary word needs it):
# 久谷（父）, 浮島の代理, 浮島の車; 担当の浮島, 交際相手の浮島.
_KIN = "父|母|妻|夫|長男|長女|次男|次女|息子|娘|兄|弟|姉|妹|祖父|祖母|本人|義父|義母|知人|友人"
_KIN_AFTER = re.compile(
    rf"[（(](?:{_KIN})[)）]|の(?:{_KIN}|代理|名義|自宅|家|車|携帯|代わり|彼女|彼氏|奥さん|旦那)"
)
_KIN_WORDS = (
    rf"(?:担当|相手|交際相手|元交際相手|彼氏|彼女|元彼|元カノ|上司|部下|同僚|先輩|後輩|{_KIN})の"
)
_KIN_BEFORE = re.compile(_KIN_WORDS + "$")
_KIN_NAME = re.compile(
    _KIN_WORDS + "(" + _NAME_CHARS + r"{1,4})(?=[がはをにともへ、。 \u3000]|から|って|さん)"
)


def _kin_names(folded: str) -> list[Finding]:
    """A word the dictionary can read as a surname or given name, after 交際相手の, 担当の,
    父の …, where Sudachi read it as an ordinary word (交際相手の浮島が)."""
    found = []
    for m in _KIN_NAME.finditer(folded):
        word = m.group(1)
        if word in STOP_KANJI or len(word) < 2:
            continue  # 相手の方が: one character is a word more often than a name
        if word in tables().surnames or any(p[2] == "人名" for p in word_pos(word)):
            found.append(Finding(m.start(1), m.end(1), "person", "PII-NAME-KIN", word))
    return found


def _looks_like_name(word: str) -> bool:
    """A person's name to the dictionary or the tables (門馬, 成本ルファ, ヤマダタロウ); not an
    ordinary word (仕事, カメラ)."""
    t = tables()
    if re.fullmatch("[ァ-ヶー]+", word):
        # a listed reading, or a surname's and a given name's run together (ヤマダタロウ);
        # an unknown katakana word is as often a dish or a title (アバカシっていう)
        if word in t.surname_readings or word in t.given_readings:
            return True
        return any(
            word[:i] in t.surname_readings and word[i:] in t.given_readings
            for i in range(2, len(word) - 1)
        )
    head = re.match(_NAME_CHARS + "+", word)
    kanji = head.group() if head else word
    tail = word[len(kanji) :]
    if tail and kanji_readings(tail) and tail not in t.given_readings:
        return False  # 長浜ラーメン: a place and a known word, not 成本ルファ
    if kanji in t.surnames or kanji in STOP_KANJI:
        return kanji in t.surnames
    if any(p[2] == "人名" for p in word_pos(kanji)):
        return True
    return any(kanji[:i] in t.surnames and kanji[i:] in t.given for i in range(1, len(kanji)))


def find_personal_data(text: str, *, statistical: bool = False) -> list[Finding]:
    """Every personal-data span in `text`, overlaps merged (the longer, earlier wins).

    `statistical` adds GiNZA's named-entity recogniser as a second reader of names
    (``pii_ginza``). Off: measured in the thirteenth round and left out of the product
    (docs/share.md: too little on AC–AD, 18 times the time, and ja-ginza pins SudachiPy
    below the 0.7 this project reads with); only ``benchmarks/share_pii_ginza.py`` turns it on.
    """
    composed = compose_halfwidth(text)
    if composed is None:
        return merge(_find(text, statistical), text)
    # half-width katakana (ﾔﾏﾀﾞ): read the composed text, report the original's spans
    view, starts, ends = composed
    return merge(
        [
            Finding(starts[f.start], ends[f.end - 1], f.kind, f.rule, f.text)
            for f in _find(view, statistical)
            if f.end > f.start
        ],
        text,
    )


_TABLE_ROW = re.compile(r"^[ \u3000]*\|(.*)\|[ \u3000]*$", re.M)


def _cells(folded: str) -> str:
    """A Markdown table's rows with the border between two cells read as a colon
    (| 生年月日 | 1990/4/1 | → | 生年月日 ： 1990/4/1 |), so that a field's label and its value
    in the next cell are read as on a form; same length, spans unchanged."""
    out = list(folded)
    for m in _TABLE_ROW.finditer(folded):
        if re.fullmatch(r"[\s|:\-]*", m.group(1)):
            continue  # the row under the header (|---|---|)
        for i in range(m.start(1), m.end(1)):
            if folded[i] == "|":
                out[i] = "："
    return "".join(out)


def _noisy(folded: str) -> list[Finding]:
    """The structured kinds read again through a scan's noise: letters for digits and
    kanji for dashes undone (``ocr_view``), then the spaces inside numbers dropped
    (``squeezed``); spans are the original characters'."""
    view = ocr_view(folded)
    found = [] if view is None else _structured(view)
    squeeze = squeezed(view or folded)
    if squeeze is not None:
        short, at = squeeze
        found += [
            Finding(at[f.start], at[f.end - 1] + 1, f.kind, f.rule, "")
            # (pii21: an address read through a transcriber's brackets too: 六月3-〔1〕7-2)
            for f in _structured(short) + addresses(short)
        ]
    return [
        Finding(f.start, f.end, f.kind, f.rule + "-OCR", folded[f.start : f.end]) for f in found
    ]


def _find(text: str, statistical: bool) -> list[Finding]:
    folded = _cells(fold(text))
    found = _structured(folded) + _noisy(folded) + addresses(folded) + towns(folded)
    places = [f.end for f in found if f.kind == "address"]
    found += [
        Finding(s, e, kind, rule, folded[s:e])
        for s, e, kind, rule in hidden_emails(folded)
        + english_addresses(folded)
        + buildings(folded, _is_common)
        + chat_ids(folded)
        + latin_speakers(folded, lambda w: w.lower() in ENGLISH or w.lower() in english_words())
        + marked(folded, _is_common)
        + lone(folded, _is_common)
        + building_after_address(folded, places)
        + affiliations(folded)
        + columns(fold(text), _is_common)  # (before _cells read a table's borders as colons)
        + landmarks(folded)
    ]
    tokens = tokenize(Mapped.identity(folded))
    people = _names(folded, tokens) + _kin_names(folded)
    rivers = place_framed(
        folded, [(p.start, p.end) for p in people if p.rule == "PII-NAME-SUDACHI"]
    )
    people = [p for p in people if (p.start, p.end) not in rivers]
    spans = context_names(folded, tokens) + kana_surnames(folded, tables().surnames)
    spans += glossed_names(folded)
    spans += kana_pairs(folded, {p.end for p in people} | {e for _, e, _ in spans})
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in spans]
    people += same_reading(folded, tokens, people)
    t = tables()
    labelled = [m.end() for m in _LABEL.finditer(folded)]
    shaped = (
        english_names(folded, ENGLISH, english_name)
        + hiragana_given(folded, t.given_readings, labelled)
        + kana_given_alone(folded, t.given_readings)
        + speakers(folded)
        + weak_naming(folded, _looks_like_name)
        + greeted_self(folded, t.given_readings, _is_common)
        + beside(
            folded,
            _is_common,
            lambda w: w.lower() in ENGLISH or w.lower() in english_words(),
            lambda w: self_named(w, t.given_readings, _is_common),
        )
        + foreign_and_spaced(folded, _is_common)
        + aliases(folded, _is_common)
        + initials(
            folded,
            lambda w: w.lower() not in ENGLISH and english_name(w, False),
            lambda w: w.lower() in ENGLISH or w.lower() in english_words(),
        )
    )
    people += [Finding(s, e, kind, rule, folded[s:e]) for s, e, kind, rule in shaped]
    variants = lowercase_romaji(
        folded, ENGLISH, lambda w: romaji_surname(w, t), given_reading
    ) + joined_katakana(
        folded,
        # a listed reading, or one shaped like it with no small kana (ホッ|トミ|ルク,
        # アイシャ|ドウ are loanwords cut in the wrong places)
        lambda w: (
            w in t.surname_readings
            or (surname_shaped(w, t.surnames) and not re.search("[ッャュョ]", w))
        ),
        t.given_readings,
        [w for p in people for w in re.split(r"[ \u3000・]", p.text)],
        t.surname_readings,
        t.given_popular,
    )
    people += [Finding(s, e, kind, rule, folded[s:e]) for s, e, kind, rule in variants]
    foreign = foreign_names(folded) + dotted_katakana(folded, _is_common) + western(folded)
    foreign += passport_capitals(folded)
    foreign += bracketed_names(folded, [p.end for p in people] + [e for _, e, _, _ in foreign])
    people += [Finding(s, e, kind, rule, folded[s:e]) for s, e, kind, rule in foreign]
    if statistical:
        # GiNZA's reading of names, through the rules' guards; before the recurrence, so a
        # name it finds once is taken wherever it recurs
        stat = statistical_people(folded, _is_common, lambda s, e: _supported(folded, (s, e), t))
        people += [Finding(s, e, kind, rule, folded[s:e]) for s, e, kind, rule in stat]
    # names known by their frame (an honorific, a verb of naming, 名前は) and the tables
    framed = framed_names(folded, tokens, t)
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in framed]
    # characters, mascots and ordinary nouns are dropped before a name is hunted again
    people = _persons(folded, people, tokens, t)
    again = everywhere(folded, [p.text for p in people if not p.rule.startswith("PII-NAME-ROMAJI")])
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in again]
    parts = parts_again(
        folded,
        [p.text for p in people],
        # Latin parts only of the Western names (not Osaka City's City)
        [p.text for p in people if p.rule.startswith("PII-NAME-WESTERN")],
    )
    before = surname_before(folded, [(p.start, p.text) for p in people])
    parts += before + everywhere(folded, [folded[s:e] for s, e, _ in before])
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in parts]
    # a rota's or a roster's other names, joined to one found (第2週 尾西・蒲公英さん)
    listed = list_partners(folded, [(p.start, p.end) for p in people], _is_common)
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in listed]
    people = _persons(folded, widened(folded, found) + people, tokens, t)
    # pii23: travellers' and foreign residents' values (labelled ids, +CC phones, romaji
    # and European addresses, airline and ledger names), then a ledger's bare birth dates
    people += [
        Finding(s, e, kind, rule, folded[s:e])
        for s, e, kind, rule in abroad(
            folded,
            t.surnames,
            _is_common,
            t.given_readings,
            lambda w: w.lower() in ENGLISH or w.lower() in english_words(),
        )
    ]
    # pii24: Chinese and Korean residents' values (Hangul names, 岁/살 ages, Chinese
    # addresses, dormitory rooms, English address fields)
    homes = [(f.start, f.end) for f in found + people if f.kind == "address"]
    people += [Finding(s, e, kind, rule, folded[s:e]) for s, e, kind, rule in east(folded, homes)]
    named = [(p.start, p.end) for p in people if p.kind == "person"]
    people += [
        Finding(s, e, kind, rule, folded[s:e]) for s, e, kind, rule in ledger_births(folded, named)
    ]
    return people + ages(folded, [p for p in people if p.kind == "person"])


def _persons(
    folded: str, people: list[Finding], tokens: Sequence[Token], t: Tables
) -> list[Finding]:
    """`people` without the ordinary words among them (``pii_ordinary``)."""
    dropped = ordinary(folded, people, tokens, t)
    return [
        p
        for p in people
        if (p.start, p.end, p.rule) not in dropped
        # pii21: a place's name Sudachi reads as a surname before a public facility's word
        # (梅田地域学習センター, 関原不動): the facility's, not a person's
        and not (p.rule == "PII-NAME-SUDACHI" and public_after(folded, p.end))
    ]


def merge(found: Iterable[Finding], text: str) -> list[Finding]:
    """Overlapping findings become one (kind of the longest; an address absorbs a name)."""
    ordered = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Finding] = []
    for f in ordered:
        if out and f.start < out[-1].end:
            last = out[-1]
            if f.end > last.end:
                kind = last.kind if (last.end - last.start) >= (f.end - f.start) else f.kind
                rule = last.rule if kind == last.kind else f.rule
                out[-1] = Finding(last.start, f.end, kind, rule, text[last.start : f.end])
            continue
        out.append(Finding(f.start, f.end, f.kind, f.rule, text[f.start : f.end]))
    return out
