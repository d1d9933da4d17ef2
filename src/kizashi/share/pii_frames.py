"""Names known by the frame they stand in, not by their spelling (fifteenth round, pii16).

The tables and Sudachi miss three kinds of name that a reader knows at once from what is
around them: a given name written in kana alone (さくらさんが, 同行の女性はなほさん,
お連れ様はコノハさん), a full name whose given part no list holds (遠山葛乃さん, 小牧万史氏),
and a surname that is also an ordinary word (森さん, 大家様, 「新」と名乗る男). Each is taken
only in a frame: an honorific or title right after it (さん, くん, ちゃん, 様, 氏, 容疑者,
被疑者), a verb of naming (と名乗る, と申します, という男), or 「名前は」 before it; and only when
the shipped tables vouch for it (a given name's reading, a listed surname) — so 森の中, 平野部,
さくらが咲いた and お母さん stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kizashi.share.pii_base import Tables
from kizashi.share.pii_context import KANJI, KATA, STOP_KANJI, STOP_KATA
from kizashi.share.pii_token_spans import covered_by_longer
from kizashi.text import Token, word_pos

Span = tuple[int, int, str]
HIRA = "ぁ-ゖ"
# The honorifics that make a frame (one word each in Sudachi's reading).
_POLITE = "さん|さま|様|氏|くん|君|ちゃん|容疑者|被疑者"
_CHARGED = ("容疑者", "被疑者")  # a person by definition: no stop-list
_ROLE_ENDS = frozenset("屋家手士長員師者工官医主人")
# kana before さん that are words, not names: kin (お母さん), all (みなさん), a baby, …
_HIRA_STOP = frozenset(
    [
        "みな",
        "かあ",
        "とう",
        "ねえ",
        "にい",
        "ばあ",
        "じい",
        "あか",
        "おく",
        "おじ",
        "おば",
        "おばあ",
        "おじい",
        "おかあ",
        "おとう",
        "おねえ",
        "おにい",
        "いもうと",
        "おとうと",
        "むすめ",
        "むすこ",
        "まご",
        "いとこ",
        "はとこ",
        "よめ",
        "だんな",
        "おまわり",
        "おいしゃ",
        "おひめ",
        "おうじ",
        "かみ",
        "ほとけ",
        "おに",
        "ねこ",
        "いぬ",
        "うさ",
        "くま",
        "はな",
    ]
)
_KANA_BEFORE = re.compile(rf"([{HIRA}]{{2,6}}|(?<![{KATA}])[{KATA}]{{2,6}})(?=(?:{_POLITE}))")
_FULL_BEFORE = re.compile(rf"(?<![{KANJI}])([{KANJI}]{{3,6}})(?=[ \u3000]?(?:{_POLITE}))")
_SURNAME_FRAMED = re.compile(
    rf"(?<![{KANJI}])([{KANJI}]{{1,3}})(?=」?(?:と名乗|と申し|と申す"
    rf"|という(?:男|女|人物|人|者|名前|名)(?![{KANJI}])"
    rf"|[ \u3000]?(?:{_POLITE})))"
)
_NAME_IS = re.compile(
    rf"名前(?:は|が)[「『]?([{KATA}]{{2,8}}|[{KANJI}]{{1,4}}|[{HIRA}]{{2,5}})"
    r"(?=[」』]|です|だ|と(?:言|い|答|名)|って|、|。)"
)
_HIRA_NAMED = re.compile(
    rf"(?<![{HIRA}])([{HIRA}]{{2,7}})(?=」?(?:と名乗|と申し|と申す|という(?:名前|名|男|女|子|少年|少女|人)"
    r"|って(?:名前|いう名|呼ば)|と呼ば))"
)
_PARTICLES = frozenset("はがのをにともでへや、「 　")


def _kata(hira: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hira)


def _ordinary_word(word: str) -> bool:
    """The dictionary knows the word, and not as a person's name."""
    pos = word_pos(word)
    return bool(pos) and not any(p[2] == "人名" for p in pos)


def _shop(run: str) -> bool:
    """はなやさん, さかなやさん: a common noun and や (〜屋) before さん is a shop, not a name
    ending in や (あやさん, さやさん: one kana before it)."""
    return run.endswith("や") and any(
        any(p[1] == "普通名詞" for p in word_pos(run[j:-1])) for j in range(len(run) - 2)
    )


def _frame_at(folded: str, end: int, tokens: Sequence[Token]) -> str:
    """The honorific or naming frame right after `end`; "" when the honorific is part of a
    longer word in Sudachi's reading (たくさん, 同様, 氏名, 様子, 精算 of せいさん). Only a
    word that covers the whole honorific counts: Sudachi cuts unknown hiragana anyhow
    (な|ほさ|ん for なほさん), and such pieces do not hide a name's honorific."""
    rest = folded[end:].lstrip(" \u3000")
    at = len(folded) - len(rest)
    for word in _POLITE.split("|"):
        if rest.startswith(word):
            stop = at + len(word)
            return "" if covered_by_longer(tokens, at, stop) else word
    return "naming"


# the endings of the older men's names (とめきち, ぶんぞう, まつのすけ): with a head of two kana
# or more and a whole the dictionary does not know, a name though no list holds it
_OLD_ENDING = re.compile(
    r"[ぁ-ゖ]{2,3}(?:きち|ぞう|じろう|たろう|さぶろう|すけ|のすけ|えもん|べえ|へい)"
)


def _name_reading(piece: str, t: Tables) -> bool:
    """A given name's reading: listed (the old kana ゑ and ゐ read as え and い: きくゑ is
    キクエ), or an older man's name by its ending."""
    if _kata(piece.replace("ゑ", "え").replace("ゐ", "い")) in t.given_readings:
        return True
    return bool(_OLD_ENDING.fullmatch(piece)) and not word_pos(piece)


def _given_piece(folded: str, s: int, run: str, t: Tables) -> int | None:
    """Where the name starts in a hiragana run: the longest given-name reading that ends it
    and stands after a particle or at the run's start (女性はなほさん → なほ), never after お
    (お母さん); None when there is none."""
    order: list[int] = [*range(1, len(run) - 1), 0]  # after a particle, longest first; whole
    for k in order:
        piece = run[k:]
        before = run[k - 1] if k else folded[s - 1 : s]
        if piece in _HIRA_STOP or before == "お" or not _name_reading(piece, t):
            continue
        if k == 0 or before in _PARTICLES:
            return s + k
    return None


def framed_names(folded: str, tokens: Sequence[Token], t: Tables) -> list[Span]:
    starts = {tok.start for tok in tokens}
    found: list[Span] = []
    for m in _KANA_BEFORE.finditer(folded):
        run, s = m.group(1), m.start(1)
        if _frame_at(folded, m.end(1), tokens) in ("", "君"):
            continue  # 君 after kana is "you" (あのとき君が)
        if run[0] >= "ァ":  # katakana
            if run in t.given_readings and run not in STOP_KATA and run[-1] != "ー":
                found.append((s, m.end(1), "PII-NAME-FRAME-KANA"))
            continue
        if _shop(run):
            continue
        piece_at = _given_piece(folded, s, run, t)
        if piece_at is not None:
            found.append((piece_at, m.end(1), "PII-NAME-FRAME-KANA"))
    for m in _HIRA_NAMED.finditer(folded):
        # a hiragana given name before a verb of naming (少年はみのるという名前, 「いさお」と名乗った)
        piece_at = _given_piece(folded, m.start(1), m.group(1), t)
        if piece_at is not None:
            found.append((piece_at, m.end(1), "PII-NAME-FRAME-NAMED"))
    for m in _FULL_BEFORE.finditer(folded):
        run, s = m.group(1), m.start(1)
        if s not in starts or not _frame_at(folded, m.end(1), tokens):
            continue
        if _ordinary_word(run) or run[-1] in _ROLE_ENDS:
            continue  # 関係者様, 担当者様: a word or a role, not a surname and a given name
        for size in (3, 2, 1):
            sur, given = run[:size], run[size:]
            # a given part the dictionary reads as a word (修徳) counts after a surname of
            # two or more kanji; after a one-kanji surname (関 + 係者) it must be unknown
            if (
                sur in t.surnames
                and given
                and given not in STOP_KANJI
                and given[-1] not in _ROLE_ENDS
                and (size > 1 or not _ordinary_word(given))
            ):
                found.append((s, m.end(1), "PII-NAME-FRAME-FULL"))
                break
    for m in _SURNAME_FRAMED.finditer(folded):
        run, s = m.group(1), m.start(1)
        frame = _frame_at(folded, m.end(1) + (folded[m.end(1)] == "」"), tokens)
        if run not in t.surnames or not frame or s not in starts:
            continue
        if (
            frame != "naming"
            and frame not in _CHARGED
            and (run in STOP_KANJI or run[-1] in _ROLE_ENDS)
        ):
            continue  # 大家さん, 奥様, 神様, 彼氏: a word before an honorific
        found.append((s, m.end(1), "PII-NAME-FRAME-SURNAME"))
    for m in _NAME_IS.finditer(folded):
        run, s = m.group(1), m.start(1)
        if "ぁ" <= run[0] <= "ゖ":
            if _kata(run) not in t.given_readings:
                continue
        elif run[0] >= "ァ" and run in t.given_readings and run not in STOP_KATA:
            pass  # 名前はマキエ: a listed given name, though the dictionary knows 撒き餌
        elif _ordinary_word(run) or run in STOP_KANJI:
            continue  # 名前は秘密です, 名前は後で, 名前は何ですか
        found.append((s, m.end(1), "PII-NAME-FRAME-NAMED"))
    return found


# Parts of a river, a hill or a coast: after 中川の or 荒川の the word is the river, not a
# person (中川の河川敷, 荒川の堤防), as no one's 河川敷 is written with their surname.
LAND_AFTER = re.compile(
    r"の?(?:河川敷|河口|堤防|土手|川岸|川沿い|岸辺|対岸|流域|上流|下流|支流|水位|水面|中洲|中州|"
    r"湖畔|山頂|山中|山麓|山道|尾根|沿岸|海岸|浜辺|半島|連峰|山系|山地|高原|盆地|海峡)"
)


def place_framed(folded: str, spans: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that stand before a part of a river, a hill or a coast and that the
    dictionary also knows as a place: the place, not the person (pii17: 中川の河川敷 was the
    one ordinary sentence of AI–AJ's twelve the tear-line touched)."""
    out = set()
    for s, e in spans:
        if LAND_AFTER.match(folded, e) and any(p[2] == "地名" for p in word_pos(folded[s:e])):
            out.add((s, e))
    return out
