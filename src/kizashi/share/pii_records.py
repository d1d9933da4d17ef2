"""Shapes of partners' records for the recogniser (:mod:`kizashi.share.pii`): buildings
and rooms (コーポ桜 203号室, サンライズマンション, Apt 12, Riverside Heights), foreign names
as a passport writes them (SURNAME GIVEN in capitals) or in katakana with a middle dot,
a name's other script in brackets after it, scanned numbers with OCR noise (O for 0, l for
1, 一 for a dash, spaces inside), and the speakers of a chat export (a user id after a
timestamp). Each rule returns ``(start, end, kind, rule)`` on the folded text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kizashi.text import word_pos

Span = tuple[int, int, str, str]

# Words that make a run a residential building's name: at its end (…マンション, …荘) or at
# its start (ハイツ…, コーポ…). Words also used of offices and sights (タワー, ビル, ハウス,
# ガーデン, テラス, コート, プラザ) count only with a room or floor after the name.
_HOME_WORDS = (
    "マンション|ハイツ|コーポラス|コーポ|ハイム|レジデンス|アパート|メゾン|パレス|シャトー|"
    "ドミール|カーサ|ヴィラ|ビラ|フラット|荘"
)
_HOME_FIRST = "ハイツ|コーポ|メゾン|パレス|シャトー|ドミール|カーサ|ヴィラ|ビラ"
_OTHER_WORDS = "タワー|ビル|ハウス|ガーデン|テラス|コート|プラザ|ヒルズ|レジデンシャル|寮|社宅|団地"
_KATA = "[ァ-ヶー・]"
_KANJI = "[一-龥々ヶ]"
# a room or floor after a building's name: 203号室, 203号, 203, B棟203, 2F, 3階
_ROOM = (
    r"(?:[ \u3000]?(?:[A-Z一-龥]棟[ \u3000]?)?(?:\d{1,4}号室|\d{1,4}号(?!線)|\d{1,2}(?:F|階)"
    r"|\d{3,4}(?![\dA-Za-z\-.,:/年月日時分歳才円個人件回]))|[\-‐－]\d{2,4}(?![\d\-]))"
)
_BUILDING = re.compile(rf"[ァ-ヶー・一-龥々]{{2,16}}(?P<room>{_ROOM})?")
# A room written alone (302号室) or after the block numbers (1-2-3-302 is the address's).
_ROOM_ALONE = re.compile(r"(?:[A-Z一-龥]棟[ \u3000]?)?\d{1,4}号室")
_BUILDING_LABEL = re.compile(
    r"(?:物件名|物件|建物名|マンション名|アパート名|入居物件|寮)[ \u3000]*[:：][ \u3000]*"
    r"(?P<v>[^\s、。，（(]{2,30}(?:" + _ROOM + ")?)"
)
_EN_ROOM = re.compile(
    r"(?<![A-Za-z])(?:Apt|Apartment|Unit|Room|Rm|Flat|Suite)\.? ?#?\d{1,4}[A-Z]?\b"
)
_EN_BUILDING = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][a-z]+ ){1,3}(?:Heights|Mansion|Residence|Villa|Terrace|Court|Hills|"
    r"Maison|Palace|Towers?|Apartments|Corpo|Haitsu|Haimu|Kopo|Manshon|Heim|Gardens?|Plaza)"
    r"(?P<room> #?\d{1,4}[A-Z]?\b)?"
    # or a home word first (Maison Verte 309, Villa Sakura)
    r"|(?<![A-Za-z])(?:Maison|Villa|Casa|Residence|Palace|Haitsu|Corpo) [A-Z][a-z]+"
    r"(?: [A-Z][a-z]+)?(?P<room2> #?\d{1,4}[A-Z]?\b)?"
)


def buildings(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    """A residential building's name and its room: a run ending or starting in a home word
    (サンライズマンション, ハイツ小杉, 高梨荘), or any katakana-and-kanji run with a room or
    floor after it (ルミナス東綾瀬 302号室, コーポ高梨 2F); a room alone (203号室); a
    labelled building (物件名：…); and in English, Apt/Unit/Room with its number and a
    capitalised name ending in Heights, Court … beside a room or an English address.
    `is_common` says a word is an ordinary one (高級, タワー): a bare home word after it
    (高級マンション) is no building's name."""
    spans: list[Span] = []
    home = re.compile(rf"^(?:{_HOME_FIRST})|(?:{_HOME_WORDS})$")
    other = re.compile(rf"(?:{_OTHER_WORDS})$")
    for m in _BUILDING.finditer(folded):
        name = m.group()[: m.start("room") - m.start()] if m.group("room") else m.group()
        name = name.rstrip(" \u3000")
        room = m.group("room")
        hit = home.search(name)
        bare = bool(room and re.fullmatch(r"[ \u3000]?\d{3,4}", room))
        rest = name if name.endswith("荘") else home.sub("", name).strip("・")
        if (
            hit
            and len(rest.rstrip("荘")) >= 1
            and not word_pos(name)
            and not _ordinary(rest, is_common)
        ):
            spans.append((m.start(), m.end(), "address", "PII-BUILDING"))
        elif room and (hit or other.search(name) or _named(name, is_common, bare)):
            spans.append((m.start(), m.end(), "address", "PII-BUILDING-ROOM"))
    for m in _ROOM_ALONE.finditer(folded):
        spans.append((m.start(), m.end(), "address", "PII-ROOM"))
    for m in _BUILDING_LABEL.finditer(folded):
        spans.append((m.start("v"), m.end("v"), "address", "PII-BUILDING-LABELLED"))
    rooms = [(m.start(), m.end()) for m in _EN_ROOM.finditer(folded)]
    spans += [(s, e, "address", "PII-ROOM-EN") for s, e in rooms]
    for m in _EN_BUILDING.finditer(folded):
        before = folded[max(0, m.start() - 3) : m.start()]
        after = folded[m.end() : m.end() + 4]
        beside_room = any(0 <= m.start() - e <= 2 for _, e in rooms) or before.endswith(", ")
        if m.group("room") or m.group("room2") or beside_room or re.match(r",? ?\d+-\d", after):
            spans.append((m.start(), m.end(), "address", "PII-BUILDING-EN"))
    return spans


def _ordinary(rest: str, is_common: Callable[[str], bool]) -> bool:
    """The part beside a home word is an ordinary word (高級, 新築, タワー), not a name; a
    kanji name before 荘 is judged whole (松葉荘 is a name, 別荘 and 山荘 are words)."""
    return is_common(rest) and not rest.endswith("荘")


def _named(name: str, is_common: Callable[[str], bool], bare: bool) -> bool:
    """A run before a room number that is a name, not a word (ルミナス東綾瀬 302 but not
    自宅 302, 会議室 3 or 縦120センチ横160): no piece of it an ordinary word."""
    runs = re.findall(r"[ァ-ヶー・]+|[一-龥々]+", name)
    return (
        len(name) >= 4
        and re.search(_KATA, name) is not None
        and not word_pos(name)
        # before a bare number no piece may be an ordinary word (センチ横 160: a unit and a
        # side); before 号室, 号, 棟, F or a dash any may (ルミナス東綾瀬 302号室)
        and not (bare and any(is_common(r) for r in runs))
    )


# Capitals as a passport writes a name (NGUYEN VAN HUNG), and words in capitals that are
# no names (acronyms and English words a form writes in capitals).
_CAPS = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,15}(?: [A-Z]{2,15}){1,3}(?![A-Za-z0-9])")
_NOT_NAMES = frozenset(
    [
        "ID",
        "DOB",
        "TEL",
        "FAX",
        "USA",
        "UK",
        "JP",
        "JPN",
        "NHK",
        "SNS",
        "URL",
        "IP",
        "OK",
        "NG",
        "MY",
        "THE",
        "AND",
        "OF",
        "TO",
        "IN",
        "ON",
        "AT",
        "FOR",
        "NO",
        "YES",
        "LINE",
        "PDF",
        "OCR",
        "ATM",
        "ETC",
        "PM",
        "AM",
        "JST",
        "UTC",
        "MAN",
        "CAR",
        "SUV",
        "NEW",
        "OLD",
        "MR",
        "MRS",
        "MS",
        "DR",
        "SEX",
        "MALE",
        "FEMALE",
        "NAME",
        "SURNAME",
        "GIVEN",
        "ADDRESS",
        "PHONE",
        "DATE",
        "BIRTH",
        "PASSPORT",
        "NATIONALITY",
        "JAPAN",
        "TOKYO",
        "OSAKA",
        "POLICE",
        "REPORT",
        "CASE",
        "MEMO",
        "NOTE",
        "URGENT",
        "IMPORTANT",
        "PLEASE",
        "THANK",
        "YOU",
        "STOP",
        "END",
        "START",
    ]
)
CAPS_NOT_NAMES = _NOT_NAMES
# A form's label right before the name: Japanese with or without a colon (借受人：, 同乗者 ),
# English with a colon, a few words allowed before it (Registered name:, Buyer who reported:).
_LABEL_BEFORE = re.compile(
    r"(?:(?:氏名|名前|お名前|借受人|借主|賃借人|契約者|被疑者|相談者|対象者|宿泊者|申込者|"
    r"同乗者|同宿者|登録名|登録氏名|通訳|名義)[ \u3000]*[:：]?[ \u3000]*"
    r"|(?<![A-Za-z])(?:[Nn]ame|NAME|[Ss]urname|[Gg]uest|[Pp]assenger|[Aa]pplicant|[Tt]enant|"
    r"[Hh]older|[Ss]uspect|[Vv]ictim|[Ww]itness|[Ss]eller|[Bb]uyer|[Rr]eporter|[Dd]river|"
    r"[Ii]nterpreter|[Cc]ontact)(?![A-Za-z\]])[^\n:：\]]{0,24}?[ \u3000]*[:：][ \u3000]*)$"
)
_READING_AFTER = re.compile(
    r"[ \u3000]*[（(](?:[ァ-ヶー・ \u3000]{2,24}|[一-龥]{2,4})[)）]"
    r"|,? ?(?:DOB|D\.O\.B|born|b\.|aged?\b)|[ \u3000]*[（(]\d{1,3}(?:歳|才)?[)）]"
    r"|[ \u3000]?(?:氏|さん|様|san\b)"
)
# how far before a name its label can begin: the longest label (an English field word, up to 24
# characters of qualifier, a colon) with room for the spaces of a form's alignment
_LABEL_REACH = 120
_ALIGNMENT = frozenset(" \u3000:：")
_TITLED = re.compile(
    r"(?<![A-Za-z])[A-Z][a-z]{1,14}(?: (?:da |de |van |von )?[A-Z][a-z]{1,14}){1,2}(?![A-Za-z])"
)


def foreign_names(folded: str) -> list[Span]:
    """A name in passport capitals (NGUYEN VAN HUNG, KIM MINJUN) or capitalised words
    (Minjun Kim) that a form's label stands before (氏名：, Name:, 借受人：, Guest:) or that
    a reading in brackets, a date of birth or an honorific follows; never acronyms or
    capitalised English words (PLEASE NOTE)."""
    spans: list[Span] = []
    for pattern, caps in ((_CAPS, True), (_TITLED, False)):
        for m in pattern.finditer(folded):
            words = re.split(r"[ ,]+", m.group())
            if caps and any(w in _NOT_NAMES or not re.search("[AEIOUY]", w) for w in words):
                continue
            # the label ends right before the name and is short: searching the whole line
            # before each candidate made a long line quadratic (200 kB: minutes)
            k = m.start()
            while k > 0 and folded[k - 1] in _ALIGNMENT:
                k -= 1  # a form's alignment (spaces, the colon) before the name: not counted
            line_start = folded.rfind("\n", max(0, k - _LABEL_REACH), m.start()) + 1
            window_start = max(line_start, k - _LABEL_REACH)
            if _LABEL_BEFORE.search(folded, window_start, m.start()) or _READING_AFTER.match(
                folded, m.end()
            ):
                spans.append((m.start(), m.end(), "person", "PII-NAME-FOREIGN"))
    return spans


# (＝, folded to =, joins a foreign name's parts as ・ does: カリム＝レザウル, カール＝ハインツ)
_DOTTED = re.compile(
    r"(?<![ァ-ヶー・=])[ァ-ヶー]{1,10}(?:[・=][ァ-ヶー]{1,10}){1,3}(?![ァ-ヶー・=])"
)


def dotted_katakana(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    """A foreign name in katakana with middle dots (グエン・ヴァン・フン, キム・ミンジュン):
    no piece an ordinary word or a place (ニューヨーク・タイムズ, ワールド・カップ)."""
    spans: list[Span] = []
    for m in _DOTTED.finditer(folded):
        pieces = re.split("[・=]", m.group())
        # a brand's piece says a thing, unless a label or an honorific says a person
        # (入居者：ヤオ・マンシャ様: ヤオ is a shop's name to the dictionary too)
        personal = re.match(r"[ \u3000]?(?:様|さん|氏|殿|[（(])", folded[m.end() :]) or re.search(
            r"[：:][ \u3000]?$", folded[max(0, m.start() - 2) : m.start()]
        )
        branded = not personal and any(_brand(p) for p in pieces)
        if (
            branded
            or any(is_common(p) or _place(p) for p in pieces)
            or word_pos(re.sub("[・=]", "", m.group()))
        ):
            continue
        spans.append((m.start(), m.end(), "person", "PII-NAME-DOTTED"))
    return spans


def _place(word: str) -> bool:
    return any(p[2] == "地名" for p in word_pos(word))


def _brand(word: str) -> bool:
    """A proper noun the dictionary knows, but never as a person's name nor a place: a
    maker, a band, a product (トヨタ・ハイエース, コブクロ・ライブ; twelfth round, from the
    spent X–Y's ordinary sentences and the brief's lead on band and product names)."""
    pos = word_pos(word)
    return bool(pos) and all(p[1] == "固有名詞" and p[2] == "一般" for p in pos)


_BRACKETED = re.compile(
    # an honorific may stand between the name and its other script (コワルスキ 様（Piotr …）)
    r"[ \u3000]*(?:様|さん|氏|殿)?[ \u3000]*[（(](?P<v>[ァ-ヶー・ \u3000]{2,24}|[一-龥]{2,4}|[A-Z][A-Za-z ]{2,30})[)）]"
)


def bracketed_names(folded: str, ends: Iterable[int]) -> list[Span]:
    """A name's other script in brackets right after it (NGUYEN VAN HUNG（グエン・ヴァン・フン）,
    ZHANG HUA（張華）, 王偉（WANG WEI）, ピョートル・コワルスキ 様（Piotr Kowalski））."""
    spans: list[Span] = []
    for end in set(ends):
        m = _BRACKETED.match(folded, end)
        pos = word_pos(m.group("v").strip()) if m else frozenset()
        if m and all(p[2] == "人名" for p in pos):
            spans.append((m.start("v"), m.end("v"), "person", "PII-NAME-BRACKETED"))
    return spans


# OCR: letters read for digits inside a number, kanji and long marks read for its dashes.
_OCR_DIGIT = {"O": "0", "l": "1", "I": "1", "|": "1"}
_NUMBERISH = re.compile(r"[0-9OlI|][0-9OlI|\-一ー―－ 年月日/.]{2,}[0-9OlI|年月日]")


def ocr_view(folded: str) -> str | None:
    """The text with a scan's confusions inside numbers undone (O9O-l234 → 090-1234; 3一5 →
    3-5), same length; None when nothing changed. A letter counts only in a run with more
    digits than letters and beside a digit, so words (Old, IBM) stay."""
    out = list(folded)
    changed = False
    for m in _NUMBERISH.finditer(folded):
        run = m.group()
        digits = sum(c.isdigit() for c in run)
        letters = sum(c in _OCR_DIGIT for c in run)
        if digits < 3 or letters > digits:
            continue
        compact = [(i, folded[i]) for i in range(m.start(), m.end()) if folded[i] != " "]
        for k, (i, ch) in enumerate(compact):
            beside = compact[k - 1 : k] + compact[k + 1 : k + 2]
            if ch in _OCR_DIGIT and any(c.isdigit() for _, c in beside):
                out[i] = _OCR_DIGIT[ch]
                changed = True
            elif (
                ch in "一ー―－"
                and k
                and (compact[k - 1][1].isdigit() or compact[k - 1][1] in "OlI|")
            ):
                out[i] = "-"
                changed = True
    return "".join(out) if changed else None


def squeezed(view: str) -> tuple[str, list[int]] | None:
    """The text without the spaces a scan puts inside numbers and dates (0 9 0-12 34 →
    090-1234; 昭和 63 年 1 月 → 昭和63年1月), nor a transcriber's brackets round a digit
    read uncertainly (3-〔1〕7-2 → 3-17-2; pii21), and where each kept character came from."""
    keep: list[int] = []
    n = len(view)
    dropped = False
    for i, ch in enumerate(view):
        if ch in " \u3000" and 0 < i < n - 1:
            a, b = view[i - 1], view[i + 1]
            numeric = "0123456789-年月日号"
            if (a in numeric or a in "和成正治") and (b in numeric):
                dropped = True
                continue
        if ch in "〔〕" and (
            (
                ch == "〔"
                and i < n - 1
                and view[i + 1].isdigit()
                and i
                and view[i - 1] in "0123456789-"
            )
            or (
                ch == "〕"
                and i
                and view[i - 1].isdigit()
                and i < n - 1
                and view[i + 1] in "0123456789-"
            )
        ):
            dropped = True
            continue
        keep.append(i)
    if not dropped:
        return None
    return "".join(view[i] for i in keep), keep


_STAMP = re.compile(
    r"^[ \t]*[\[［(]?\d{2,4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?[\]］)]?[ \t]*"
    r"(?P<v>[A-Za-z0-9_.]{3,30})[ \t]*[:：]",
    re.M,
)


_MENTION = re.compile(r"(?<![A-Za-z0-9._%+\-])@(?P<v>[一-龥々ァ-ヶー]{2,8})")

# pii21: a chat export's speakers written as ids, at a line's start: after a bare time
# (09:12 sakaki:), before the time (yuki.arata 10:02 …), or alone before a colon
# (neko_mikan#4412:, gr4vity:) — counted only in a log, where two lines or more open so
_LATIN_AFTER_TIME = re.compile(
    r"^[ \t]*\d{1,2}:\d{2}(?::\d{2})?[ \t]+(?P<v>[a-z][a-z0-9_.\-]{1,29}(?:#\d{4})?)[ \t]*[:：]",
    re.M,
)
_LATIN_BEFORE_TIME = re.compile(
    r"^[ \t]*(?P<v>[a-z][a-z0-9_.\-]{1,29}(?:#\d{4})?)[ \t]+"
    # pii22: a dash and a day before the time, as Discord shows it (shadow.kage — 今日 23:14)
    r"(?:[—–―|・\-][ \t]*)?(?:(?:今日|昨日|Today|Yesterday|\d{1,2}/\d{1,2})[ \t]*)?"
    r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?"
    r"(?=[ \t]|$)",
    re.M,
)
_LATIN_LINE = re.compile(r"^[ \t]*@?(?P<v>[A-Za-z0-9_.\-]{3,30}(?:#\d{4})?)[ \t]*[:：](?!//)", re.M)
# (a numbering or a question's label is no id: Q10:, No.3:, A12:)
_NUMBERING = re.compile(r"[A-Za-z]{0,3}\.?\d+\.?")
# piifix: nor is a file's name (file.txt:, config.yaml:) or a version (v1.2:, v2:, 1.3.0-rc1:)
_FILE_OR_VERSION = re.compile(
    r".+\.(?:txt|log|csv|tsv|json|jsonl|ya?ml|toml|ini|cfg|conf|xml|html?|md|rst|pdf|docx?|"
    r"xlsx?|pptx?|zip|gz|tar|7z|rar|py|js|ts|sh|bat|ps1|exe|dll|sql|db|png|jpe?g|gif|mp4|"
    r"mov|wav|mp3|eml|msg|pcap|bak|tmp)"
    r"|(?:v|ver|version)?\.?\d+(?:\.\d+)*(?:[a-z]|-?(?:rc|beta|alpha|b|a)\d*)?",
    re.I,
)


# pii19: a time alone before the id ([09:41] mori_k:): then the id must be written as ids
# are, in lower case (a capitalised word there is a heading: [10:00] Meeting:)
_TIME_STAMP = re.compile(
    r"^[ \t]*[\[［(]\d{1,2}:\d{2}(?::\d{2})?[\]］)][ \t]*(?P<v>[a-z0-9_.]{3,30})[ \t]*[:：]",
    re.M,
)


def latin_speakers(folded: str, english: Callable[[str], bool]) -> list[Span]:
    """pii21: the speakers of a chat log written as ids (above); a word before a colon is
    one when it is shaped as an id (a digit, _, a dot, #1234 inside) or in lower case and no
    English word (note:, todo: are labels)."""
    spans: list[tuple[int, int]] = []
    for rx in (_LATIN_AFTER_TIME, _LATIN_BEFORE_TIME, _LATIN_LINE):
        for m in rx.finditer(folded):
            word = m.group("v")
            if (
                not re.search("[a-z]", word)
                or _NUMBERING.fullmatch(word)
                or _FILE_OR_VERSION.fullmatch(word)
            ):
                continue
            shaped = bool(re.search(r"[0-9_.]|#\d{4}$", word))
            if rx is _LATIN_LINE and not (shaped or (word.islower() and not english(word))):
                continue
            if not shaped and english(word):
                continue
            spans.append(m.span("v"))
    if len({folded.count("\n", 0, s) for s, _ in spans}) < 2:
        return []
    return [(s, e, "account", "PII-CHAT-SPEAKER") for s, e in sorted(set(spans))]


def chat_ids(folded: str) -> list[Span]:
    """The user id of a chat export's speaker, after the line's timestamp
    ([2026-11-03 21:03] kuro_neko88: …), and a mention of a person by a Japanese name
    (@相生 車両は…)."""
    stamps = [*_STAMP.finditer(folded), *_TIME_STAMP.finditer(folded)]
    spans = [(m.start("v"), m.end("v"), "account", "PII-CHAT-ID") for m in stamps]
    return spans + [
        (m.start(), m.end(), "person", "PII-MENTION") for m in _MENTION.finditer(folded)
    ]
