"""Personal data written to get past a filter, or in the shapes of other writers.

E-mail addresses hidden from harvesters (``taro(at)example.com``, ``taro [at] example dot
com``, ``taro アットマーク example.com``, ``taro★example.com``; ``＠`` and ``．`` are folded
before this runs); names in English sentences (``Mr. Yamada``, ``Kenta-san``, ``this is
Kenta``, ``my name is …``); Japanese given names written in hiragana before ちゃん or くん
(ゆうきちゃん) and after a label (児童：ちづお); the speakers of a chat log (``浮島: …`` on
two lines or more); names said with a weaker verb of naming (〜って言ってました,
〜という名前) when the word itself looks like a name; and addresses in English word
order (``3-5-2 Shinohara, Toyota-shi``).

Each rule returns ``(start, end, kind, rule)`` on the folded text; :mod:`kizashi.share.pii`
makes them findings. The guards: a word the dictionary knows only as an ordinary word is
not a name, English words of Japanese-syllable shape are not names, and a hiragana word
before ちゃん must be a listed given name's reading or unknown to the dictionary and not a
family word (あかちゃん, おばあちゃん).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kizashi.share.pii_base import tables
from kizashi.share.pii_not_names import NOT_NAMES
from kizashi.share.pii_readings import romaji_place, romaji_shaped
from kizashi.text import Mapped, tokenize, word_pos

Span = tuple[int, int, str, str]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
_TLD = r"(?:com|net|org|jp|co|ne|or|ac|go|ed|info|biz|io|me|us|uk|de|fr|cn|kr|tw|ru|app|dev)"
# an @ hidden in brackets, in words, or by a symbol the reader is told to replace
_AT_HIDDEN = r"[ \u3000]*(?:[(\[{<]\s*(?:at|AT|@|アット)\s*[)\]}>]|アットマーク|あっとまーく|＠|@|[★☆◎●■◆※])[ \u3000]*"
_DOT = r"(?:[ \u3000]*(?:[(\[{<]\s*(?:dot|DOT|\.|ドット)\s*[)\]}>]|ドット)[ \u3000]*|\.)"
_EMAIL_HIDDEN = re.compile(
    rf"(?<![A-Za-z0-9._%+\-]){_LOCAL}{_AT_HIDDEN}[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)*{_DOT}{_TLD}\b"
)
# "name at example dot com": only with a real top-level domain at its end
_EMAIL_WORDS = re.compile(
    rf"(?<![A-Za-z0-9._%+\-]){_LOCAL} (?:at|AT) [A-Za-z0-9\-]+(?:(?: (?:dot|DOT) |\.)[A-Za-z0-9\-]+)*"
    rf"(?: (?:dot|DOT) |\.){_TLD}\b"
)

_CAP = r"(?:[A-Z][a-z]{1,14}|[A-Z]{2,15})"
_TITLE = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[ \u3000]+({_CAP}(?:[ \u3000]{_CAP})?)")
# police and service ranks written before a surname, chained (Det. Sgt. Kowalski, Detective
# Constable Priya Nair): before pii17 only Mr/Mrs/Ms/Miss/Mx/Dr/Prof counted
_RANKS = (
    r"Sgt|Sergeant|Insp|Inspector|Constable|Cst|Supt|Superintendent|Capt|Captain|Lt|Lieutenant|"
    r"Cpl|Corporal|Officer|Detective|Det|DC|DS|DI|PC|Judge"
)
_RANK = re.compile(rf"\b(?:(?:{_RANKS})\.?[ \u3000]+)+({_CAP}(?:[ \u3000]{_CAP})?)")
# offices addressed with a title (Mr. President), not names
_OFFICES = _words(
    "President Chairman Chairwoman Speaker Secretary Ambassador Mayor Governor Minister "
    "Justice Chief Officer Director Prime Vice Deputy Senator Congressman Right"
)
_JP_SUFFIX = re.compile(rf"(?<![A-Za-z])({_CAP})[- ](?:san|sama|kun|chan|sensei|senpai|shi)\b")
_INTRO = re.compile(
    rf"(?:\b(?:[Tt]his is|[Ii]t['’]?s|[Ii]['’]m|I am|[Mm]y name is|[Nn]ame (?:is|was)|[Nn]amed|[Cc]alled)"
    rf"[ \u3000]+"
    # a signature: Regards,\nKenta
    rf"|\b(?:[Rr]egards|[Tt]hanks|[Cc]heers|[Ss]incerely|[Bb]est),?[ \u3000]*\n?[ \u3000]*)"
    rf"({_CAP}(?:[ \u3000]{_CAP})?)"
)

_HIRA = "ぁ-ゖ"
# family and other words that stand before ちゃん or くん and are not names
_HIRA_STOP = _words(
    "あか おばあ おじい ばあ じい おかあ かあ おとう とう おにい にい おねえ ねえ おっ おば "
    "おじ ぼっ じょう にゃん わん みな ちび ねこ いぬ くま うさ ぶた ひよこ"
)
# not after hiragana or a kanji (飲めなかったんです: a verb's ending, not a name)
_HIRA_HONORIFIC = re.compile(rf"(?<![{_HIRA}ー一-龥々])([{_HIRA}]{{2,5}})(?=ちゃん|くん)")

# a chat's speaker at a line's start, after the export's timestamp if it has one (20:14 まさる:)
_SPEAKER = re.compile(
    # (a time before the speaker, bare or in brackets: 10:02 佐伯：, [10:02] 佐伯：; pii19)
    r"^(?:[\[［(]?\d{1,2}:\d{2}(?::\d{2})?[\]］)]?[ \u3000]*)?"
    # (pii24: a full name with a space, 小此木 瑞穂:, and a Korean name in Hangul, 김민준:)
    r"([一-龥々]{1,3}[ \u3000][一-龥々]{1,3}|[一-龥々ヶ]{1,4}|[ァ-ヶー]{2,8}|[ぁ-ゖ]{2,6}|[가-힣]{2,4})"
    r"[ \u3000]?"
    # (pii22: the speaker's handle in brackets before the colon: ちひろ（chihiro_m）：)
    r"(?:[（(]@?[A-Za-z0-9_.]{2,30}[)）][ \u3000]?)?[:：]",
    re.M,
)

# (not 〜という alone: 長浜ラーメンという感じ)
_WEAK_NAMING = re.compile(
    r"って(?:言|い)(?:う|って|います|いました|ってた|ってました|ってる)|という名前|って名前|と呼ば"
)
_NAME_RUN = re.compile(
    r"(?:(?<![一-龥々ヶ])[一-龥々ヶ]{1,4}[ァ-ヶー]{0,4}|(?<![ァ-ヶー])[ァ-ヶー]{2,12})$"
)

_ADDRESS_EN = re.compile(
    # a town may be hyphenated with a capital (Nishi-Shinjuku, Higashi-Ikebukuro)
    r"\b\d{1,4}(?:-\d{1,4}){1,3}(?:[ \u3000]+[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)+,"
    r"(?:[ \u3000]*[A-Z][a-z]+-(?:shi|ku|cho|machi|mura|son|gun)\b,?){1,3}"
    r"(?:[ \u3000]*(?:Tokyo|Osaka|Kyoto|Hokkaido|[A-Z][a-z]+(?:-ken|-fu| Prefecture)),?)?"
)


# a caller's self-introduction: "this is X from …", "it's X." (not "I'm X": I'm Japanese)
_CALLER = re.compile(r"(?:[Tt]his is|[Ii]t['’]?s)[ \u3000]")
_SIGNED_OFF = re.compile(r"(?: from\b| here\b| speaking\b|[.!,](?:\s|$))")

# "look at you dot com": words of a sentence, not a mailbox
_NOT_MAILBOX = _words("you me it this that the a an him her them us home work look")


def hidden_emails(folded: str) -> list[Span]:
    found = []
    for pattern in (_EMAIL_HIDDEN, _EMAIL_WORDS):
        for m in pattern.finditer(folded):
            words = set(re.split(r"[^a-z]+", m.group().lower()))
            if pattern is _EMAIL_WORDS and words & _NOT_MAILBOX:
                continue
            found.append((m.start(), m.end(), "email", "PII-EMAIL-HIDDEN"))
    return found


def english_names(
    folded: str, english: frozenset[str], is_name: Callable[[str, bool], bool]
) -> list[Span]:
    """Mr. Yamada, Kenta-san, "this is Kenta": a capitalised word in such a place. After a
    title any capitalised word is a name; after an introduction only a word `is_name`
    accepts: one whose romaji reading is a listed name's (I'm Japanese, this is Tokyo
    stay), or — when the writer introduces themself as a caller does ("this is Janetto
    from the shop", "Hey it's Yoshi.": `is_name(word, True)`) — any romaji-shaped word
    that is no ordinary word."""
    found = []
    for m in _TITLE.finditer(folded):
        if m.group(1).split()[0] not in _OFFICES:
            found.append((m.start(1), m.end(1), "person", "PII-NAME-EN-TITLE"))
    for m in _RANK.finditer(folded):
        # Sgt. Kowalski; not an office, a place or a firm after a rank (Inspector General,
        # Captain America)
        first = m.group(1).split()[0]
        if first not in _OFFICES and first not in NOT_NAMES and first != "General":
            found.append((m.start(1), m.end(1), "person", "PII-NAME-EN-RANK"))
    for m in _JP_SUFFIX.finditer(folded):
        if m.group(1).lower() not in english:
            found.append((m.start(1), m.end(1), "person", "PII-NAME-EN-SAN"))
    for m in _INTRO.finditer(folded):
        words = m.group(1).split()
        caller = bool(_CALLER.match(m.group())) and bool(_SIGNED_OFF.match(folded, m.end(1)))
        if all(w.lower() not in english and is_name(w, caller) for w in words):
            found.append((m.start(1), m.end(1), "person", "PII-NAME-EN-INTRO"))
    return found


def hiragana_given(folded: str, readings: frozenset[str], after_label: Sequence[int]) -> list[Span]:
    """ゆうきちゃん, ちづおくん; and a hiragana word right after a name label (児童：ちづお)."""
    found = []
    for m in _HIRA_HONORIFIC.finditer(folded):
        word = m.group(1)
        if word in _HIRA_STOP or word.startswith("お"):
            continue
        # a listed reading, a word the dictionary knows as a given name (はるゑ, しょうじ),
        # or a longer word it does not know at all (たねこ); きっとわんちゃん stays
        pos = word_pos(word)
        if (
            _kata(word) in readings
            or any(p[2:4] == ("人名", "名") for p in pos)
            or (not pos and len(word) >= 3 and _unknown_given(folded, m.start(1), m.end(1)))
        ):
            found.append((m.start(1), m.end(1), "person", "PII-NAME-HIRAGANA"))
    for i in after_label:
        run = re.match(rf"[{_HIRA}]{{2,6}}(?=[（(、,\s]|$|ちゃん|くん|さん)", folded[i:])
        if run and _kata(run.group()) in readings:
            found.append((i, i + run.end(), "person", "PII-NAME-HIRAGANA"))
    return found


def _unknown_given(folded: str, s: int, e: int) -> bool:
    """Whether a hiragana run the dictionary does not know, before ちゃん or くん, may be a
    given name: not two dictionary words run together (きっと + わん), not the adverb
    ちゃんと after a phrase (ズボラなのでちゃんと, でもいつかちゃんと), not starting
    with a case particle (朝ドラのあまちゃん)."""
    word = folded[s:e]
    if folded.startswith("ちゃんと", e) or word[0] in "のでがをにへ":
        return False
    return not any(word_pos(word[:i]) and word_pos(word[i:]) for i in range(2, len(word) - 1))


def speakers(folded: str) -> list[Span]:
    """The speakers of a chat log: a short name at the start of a line before a colon, that
    the dictionary does not know only as an ordinary word (住所：, 備考： are labels) nor
    reads as a role (受理者：, 通報者：, 相談員：). A log is a text where one such speaker
    opens two lines or more; then every speaker counts, also one who speaks once."""
    by_word: dict[str, list[tuple[int, int]]] = {}
    for m in _SPEAKER.finditer(folded):
        by_word.setdefault(m.group(1), []).append(m.span(1))
    # (a role is a kanji compound; a kana speaker cut into name-like pieces, みち|しげ, is none)
    names = {
        w: spans
        for w, spans in by_word.items()
        if not _only_common(w) and not (_role(w) and re.search("[一-龥]", w))
    }
    if not any(len(spans) >= 2 for spans in names.values()) and not _kana_cast(names):
        return []
    return [(s, e, "person", "PII-NAME-SPEAKER") for spans in names.values() for s, e in spans]


def _kana_cast(names: dict[str, list[tuple[int, int]]]) -> bool:
    """pii18: two speakers or more who speak once each, each a katakana name (a listed given
    name's reading or a word the dictionary does not know): ナオ：… ケイタ：… is a log too."""
    readings = tables().given_readings
    cast = [
        w for w in names if re.fullmatch("[ァ-ヺー]{2,6}", w) and (w in readings or not word_pos(w))
    ]
    return len(cast) >= 2


def _role(word: str) -> bool:
    """A word Sudachi reads as a common noun and a suffix (受理|者, 記録|者, 説明|員): a role
    written as a compound the dictionary does not list whole, not a name."""
    tokens = tokenize(Mapped.identity(word))
    return (
        len(tokens) >= 2
        and tokens[-1].pos[0] == "接尾辞"
        and all(t.pos[1] != "固有名詞" for t in tokens)
    )


def weak_naming(folded: str, is_name: Callable[[str], bool]) -> list[Span]:
    """A name before 〜って言ってました or 〜という名前, where the word itself looks like a
    name (`is_name`: a person's name to the dictionary or the tables, or a katakana word the
    dictionary does not know): 仕事って言ってた stays."""
    found = []
    for m in _WEAK_NAMING.finditer(folded):
        before = _NAME_RUN.search(folded, max(0, m.start() - 16), m.start())
        if before and is_name(before.group()):
            found.append((before.start(), before.end(), "person", "PII-NAME-NAMING-WEAK"))
    return found


# pii18: the municipality written bare after the town (4-7-2 Kotake-cho, Nerima; 3-15-9
# Higashi-Kawaguchi, Kawaguchi): only a word whose reading is a municipality's
_ADDRESS_EN_BARE = re.compile(
    r"\b\d{1,4}(?:-\d{1,4}){1,3}(?:[ \u3000]+[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)+,"
    r"[ \u3000]*([A-Z][a-z]+)\b"
)


# pii21: the ward or city first, then the town and its numbers (Adachi-ku Yanaka 1-4-9,
# Adachi-ku Nishiarai 5-3-12-101): the Japanese order written in romaji
_ADDRESS_EN_WARD_FIRST = re.compile(
    r"\b[A-Z][a-z]+-(?:ku|shi|cho|machi|gun)\b,?[ \u3000]+[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?,?"
    r"[ \u3000]+\d{1,4}(?:-\d{1,4}){1,3}(?![\d\-])"
)


def english_addresses(folded: str) -> list[Span]:
    found = [
        (m.start(), m.end(), "address", "PII-ADDRESS-EN")
        for m in _ADDRESS_EN_WARD_FIRST.finditer(folded)
    ]
    found += [
        (m.start(), m.end(), "address", "PII-ADDRESS-EN") for m in _ADDRESS_EN.finditer(folded)
    ]
    found += [
        (m.start(), m.end(), "address", "PII-ADDRESS-EN")
        for m in _ADDRESS_EN_BARE.finditer(folded)
        if romaji_place(m.group(1))
    ]
    found += [
        (m.start(), m.end(), "address", "PII-ADDRESS-EN-TOWN")
        for m in _ADDRESS_EN_TOWN.finditer(folded)
        if all(romaji_shaped(w.lower()) for w in re.split("[ -]", m.group("town")))
    ]
    return found + _buildings_first(folded, [s for s, _, _, _ in found])


# pii22: the block's three numbers and a town in romaji, with nothing after (4-11-3
# Senju-Asahicho): every word of the town spelt in Japanese syllables (not 2-11-3 Main)
_ADDRESS_EN_TOWN = re.compile(
    r"(?<![\d\-])[1-9]\d?-\d{1,3}-\d{1,4}(?:-\d{1,4})?[ \u3000]+"
    r"(?P<town>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)


# pii22: a building, and a room, written before an address in English order (Sunny Court
# #402, 4-11-3 Senju-Asahicho; Room 305, Rise Ayase, 3-8-1 Ayase): capitalised words, with a
# room's number or a home's word among them, then a comma, right before the address
_ROOM_EN = r"(?:#\d{1,4}|(?:Room|Rm\.?|Apt\.?|Unit|Flat|No\.) ?#?\d{1,4}[A-Z]?)"
_HOME_EN = (
    r"(?:Court|Heights|Mansion|House|Residence|Residences|Terrace|Villa|Maison|Palace|Haitsu|"
    r"Kopo|Coop|Corpo|Hills|Tower|Apartments?|Flats|Lodge)"
)
_BUILDING_WORDS = r"(?:[A-Z][A-Za-z'\-]+|\d{1,2})(?: (?:[A-Z][A-Za-z'\-]+|\d{1,2})){0,3}"
_BUILDING_FIRST = re.compile(
    rf"(?:(?:{_ROOM_EN}, )?{_BUILDING_WORDS}(?: {_ROOM_EN})?|{_ROOM_EN}), $"
)


def _buildings_first(folded: str, starts: list[int]) -> list[Span]:
    found: list[Span] = []
    for start in set(starts):
        m = _BUILDING_FIRST.search(folded, max(0, start - 60), start)
        if not m:
            continue
        head = m.group()
        if re.search(_ROOM_EN, head) or re.search(rf"\b{_HOME_EN}\b", head):
            found.append((m.start(), start, "address", "PII-ADDRESS-EN-BUILDING"))
    return found


def _only_common(word: str) -> bool:
    pos = word_pos(word)
    return bool(pos) and all(p[1] != "固有名詞" for p in pos)


def _kata(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)
