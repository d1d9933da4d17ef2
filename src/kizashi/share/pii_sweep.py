"""The residual sweep: allowlist thinking on top of the recogniser (docs/share.md).

The recogniser (:mod:`kizashi.share.pii`) finds personal data by rules — a blocklist, which
over thirteen rounds reached every new author's shapes only after they were seen. The sweep
runs after it on what it left, for the handling levels that say so in ``tearline.yaml``, and
generalises anything *identifying-shaped* that is not ordinary vocabulary:

- ``residual_name``: a word Sudachi tags as a person's name (名詞,固有名詞,人名);
- ``residual_proper``: a place name below the municipality (a prefecture, a municipality,
  the stems of prefectures and big cities, a region, a country and a place abroad stay:
  足立区, 東京, 関東, 韓国, ボストン), a Japanese-script word the dictionary does not know at
  all (not katakana ordinary nouns run together: ミニトマト), a word in Hangul (every one: a
  name runs on into its copula, 김민준입니다), a Latin word written with diacritics
  or capitalised that is not in the English common-word list, and simplified Chinese
  characters run on to one unknown word;
- ``residual_number``: a run of three or more digits, with or without separators or spaces
  (not a year before 年 or after in/since, a date, an amount with 円 or a number with a unit
  or counter after it), and an id mixing letters and three or more digits.

Adjacent sweep findings are joined into one (箱塚 + 郁之 → one ［人名?］). What the recogniser
already took is never swept again. The English common-word list
(``data/sweep_words_en.txt``) is derived by :func:`build_english_words` from the Davidson et
al. tweets in ``../shared/data`` (MIT License): words written in lower case at least twice.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from itertools import accumulate
from pathlib import Path

from kizashi.share.pii_base import Finding, fold, place_prefix, tables
from kizashi.share.pii_east import form_word
from kizashi.share.pii_frames import LAND_AFTER
from kizashi.share.pii_not_names import NOT_NAMES
from kizashi.share.pii_ordinary import a_character
from kizashi.share.pii_public import brand_cased, calendar_word, public_after, public_word
from kizashi.share.pii_readings import romaji_place
from kizashi.share.pii_titles import a_title, bracket_marks
from kizashi.text import Mapped, tokenize, word_pos

WORDS_FILE = Path(__file__).parent / "data" / "sweep_words_en.txt"
KINDS = ("residual_name", "residual_proper", "residual_number")

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー・]+$")
_KANJI = re.compile(r"^[\u4e00-\u9fff]+$")
_DIGITS = re.compile(r"\d(?:[\d\-‐‑–—―−ー－_. ()（）]*\d)?")
# (a comma before an id starts a CSV cell, 1,G-5521; only a digit's comma is an amount's)
_ID = re.compile(r"(?<![A-Za-z0-9_])(?<!\d,)[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9](?![A-Za-z0-9_])")
_DATE = re.compile(r"^(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?$|^\d{1,2}/\d{1,2}/(?:19|20)\d\d$")
_STATION_SIDE = re.compile(r"^駅[東西南北前]$")
_ERAS = frozenset(("令和", "平成", "昭和", "大正", "明治"))
_LAND_EN = re.compile(r" (?:River|Lake|Bay|Peninsula|Mountains?)\b")
_KATAKANA_IN = re.compile(r"[\u30a1-\u30fa]")
_OPENERS = ".!?。！？「『\"'(（:：\n-—"
# regions above the prefecture: no one lives at 関東
_REGIONS = frozenset(
    [
        "関東",
        "関西",
        "東北",
        "北陸",
        "甲信越",
        "信越",
        "東海",
        "近畿",
        "中国",
        "四国",
        "九州",
        "山陰",
        "山陽",
        "中部",
        "北海道",
        "沖縄",
        "南関東",
        "北関東",
    ]
)
# what after a number makes it a quantity, a year or an amount, not an identifier
_UNITS = (
    "円",
    "万",
    "億",
    "千",
    "百",
    "年",
    "人",
    "名",
    "件",
    "個",
    "回",
    "台",
    "本",
    "枚",
    "冊",
    "点",
    "倍",
    "度",
    "分",
    "秒",
    "時間",
    "日間",
    "か月",
    "ヶ月",
    "カ月",
    "週",
    "ページ",
    "頁",
    "km",
    "m",
    "cm",
    "mm",
    "kg",
    "g",
    "t",
    "l",
    "ml",
    "%",
    "％",
    "℃",
    "ドル",
    "ユーロ",
    "キロ",
    "メートル",
    "グラム",
    "トン",
    "リットル",
    "歳",
    "才",
    "階",
    "位",
    "票",
    "社",
    "dollars",
    "yen",
    "people",
    "years",
    "percent",
    "s",
    "hours",
    "minutes",
    "days",
    "weeks",
    "months",
    "times",
    "miles",
    "feet",
    "pounds",
    "points",
    "votes",
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|by|of|until|till|to|around|circa)\s*|平成|令和|昭和|西暦)$", re.I
)


def build_english_words(shared: Path, out: Path = WORDS_FILE) -> int:
    """Write the English common-word list (words in lower case at least twice in the
    Davidson et al. tweets, handles, hashtags and links aside); returns its size."""
    counts: Counter[str] = Counter()
    path = shared / "davidson_hate_offensive_en" / "labeled.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = re.sub(r"https?://\S+|[@#]\w+|&\w+;", " ", json.loads(line)["text"])
            counts.update(re.findall(r"(?<![\w'])[a-z]+(?![\w])", text))
    words = sorted(w for w, n in counts.items() if n >= 2)
    header = (
        "# English common words for the residual sweep (kizashi.share.pii_sweep): words written"
        " in lower case at least twice in\n# the Davidson et al. 2017 tweets (MIT License,"
        " Copyright (c) 2017 Tom Davidson). Derived; rebuilt by `kizashi share build-sweep-words`.\n"
    )
    out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


@cache
def english_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text("utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


@cache
def _kept_places() -> frozenset[str]:
    """Prefectures and municipalities as written, the prefectures' stems (東京, 大阪), and the
    stems of the cities and of Tokyo's wards that prose names bare (横浜, 旭川, 渋谷, 足立).
    A town's or a village's stem alone (大洗, 上三川) is more often a surname: not kept."""
    t = tables()
    out: set[str] = set(t.prefectures) | set(t.municipalities)
    out |= {p[:-1] for p in t.prefectures if p[-1] in "都府県" and len(p) > 2}
    for place in t.municipalities:
        city, sep, _ = place.partition("市")
        if sep and len(city) >= 2 and not city.endswith("郡"):
            out.add(city)
        elif place.endswith("区") and "市" not in place:
            out.add(place[:-1])
    return frozenset(p for p in out if p)


@cache
def _compound(word: str) -> bool:
    """A katakana word the dictionary does not know but that is two or three words it knows
    as ordinary nouns, run together (ミニトマト, ロールケーキ, オンラインゲーム); not when every
    piece has two kana (ウエ + ガキ, マル + サワ: the shape of a surname's reading)."""

    def ordinary(piece: str) -> bool:
        return len(piece) >= 2 and any(p[1] == "普通名詞" for p in word_pos(piece))

    def split(rest: str, parts: int) -> bool:
        if ordinary(rest):
            return True
        return parts > 1 and any(
            ordinary(rest[:k]) and split(rest[k:], parts - 1) for k in range(2, len(rest) - 1)
        )

    return len(word) >= 5 and any(
        ordinary(word[:k]) and split(word[k:], 2) for k in range(2, len(word) - 1)
    )


def _latin_letters(word: str) -> bool:
    return any(ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN") for ch in word)


def _plain(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    ).lower()


def _common_english(word: str) -> bool:
    """In the common-word list, as written or with a plain English ending taken off."""
    low = _plain(word)
    words = english_words()
    return low in words or any(
        low.endswith(end) and low[: -len(end)] in words for end in ("s", "es", "ed", "ly", "ing")
    )


def _latin_kind(word: str, initial: bool, proper_general: bool) -> str:
    """The sweep's kind for a Latin-letter word ('' keeps it). Lower case is ordinary prose
    (ids are the number rule's); a capitalised word is a name or a proper noun when the
    dictionary knows it only as one, or when neither it nor the common-word list knows it."""
    if not word.isalpha() or (not word[0].isupper() and word.isascii()):
        return ""
    if form_word(word):
        return ""  # pii24: a form's field (Surname:, Renter:, Driving Permit)
    if not word.isascii() and word.lower() not in english_words():
        return "residual_proper"
    if word.isupper() and len(word) <= 4:
        return ""  # an acronym (NHK, TSA): an organisation or a term, not a person
    pos = word_pos(word)
    if any(p[1] == "普通名詞" for p in pos) or any(p[2] == "地名" for p in pos):
        return ""
    if any(p[2] == "人名" for p in pos):
        return "" if initial and _common_english(word) else "residual_name"
    if _common_english(word) or (initial and word.isascii()):
        return ""  # at a sentence's start a capital says nothing (Hence, Vaccines …)
    if re.search(r"(\w)\1\1", word.lower()):
        return ""  # an elongated cry (Gaaahhh), not a name
    if pos:
        return "residual_proper" if proper_general else ""
    return "residual_proper"


_PLACE_WORD_EN = frozenset(["Prefecture", "City", "Ward", "Town", "Village"])
# ranks and titles written short before a name (the name is the recogniser's; pii18)
_TITLES_EN = frozenset(["Sgt", "Insp", "Det", "Supt", "Cpl", "Lt", "Mr", "Ms", "Mrs", "Dr", "Prof"])


def _kept_latin(folded: str, start: int, end: int) -> bool:
    """A prefecture or a municipality in romaji (Aichi, Nerima, Minato-ku: pii18), the word
    that says so after one (Saitama Prefecture), and a river's or a lake's name (the Sumida
    River): places the tear-line keeps, as in Japanese."""
    word = folded[start:end]
    if word in _TITLES_EN or romaji_place(word) or _LAND_EN.match(folded, end):
        return True
    if word in NOT_NAMES and re.search(r"[A-Z][a-z]+ $", folded[max(0, start - 24) : start]):
        return True  # pii22: Nishiarai Daishi, Adachi Drift Club: the place's or body's word
    before = folded[max(0, start - 24) : start].split()
    return word in _PLACE_WORD_EN and bool(before) and romaji_place(before[-1].strip(",."))


def _is_digit_id(folded: str, start: int, end: int) -> bool:
    """Whether the digit run folded[start:end] is an identifier-like number."""
    run = folded[start:end].strip(" ()（）_.-")
    if sum(ch.isdigit() for ch in run) < 3:
        return False
    if _DATE.match(run) or re.fullmatch(r"\d{1,2}\s?[-‐–~]\s?\d{1,2}", run):
        return False
    after = folded[end : end + 8].lstrip()
    before = folded[max(0, start - 12) : start]
    if after.startswith(_UNITS) and not after.startswith(("m", "g", "t", "l", "s")):
        return False
    raw = folded[end : end + 2]
    if (
        raw
        and _KANJI.match(raw[0])
        and raw[0] != "号"
        and raw != "番号"
        and any("助数詞" in p[2] for p in word_pos(raw[0]))
    ):
        return False  # a kanji counter right after the number (150食, 20枚, 110番): a quantity
    if re.match(r"(?:km|cm|mm|kg|ml|m|g|t|l|s)\b", after):
        return False
    if before.endswith(("¥", "$", "€", "£", "￥")):
        return False
    return not (re.fullmatch(r"(?:19|20)\d\d", run) and _YEAR_BEFORE.search(before))


_DATE_TIME = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d[-/.])?\d{1,2}[-/.]\d{1,2}[ T\u3000]+\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)


_SHORT_DIAL = re.compile(r"(?<![A-Za-z0-9_.\-])#(?:9110|7119|8000|8891|8103|9910|8008)(?!\d)")


def _numbers(folded: str) -> list[Finding]:
    out = []
    # amounts with thousands commas stay (3,000 is a quantity, not an identifier)
    commas = [(m.start(), m.end()) for m in re.finditer(r"\d{1,3}(?:,\d{3})+", folded)]
    # a date with its time stays (投稿日時：2026/11/02 23:41, 11/20 08:12; pii18): the digits
    # around the space were read as one number
    commas += [(m.start(), m.end()) for m in _DATE_TIME.finditer(folded)]
    # pii21: a public short-dial number is no one's (#9110 the police's consultation line)
    commas += [(m.start(), m.end()) for m in _SHORT_DIAL.finditer(folded)]
    for m in _DIGITS.finditer(folded):
        start, end = m.start(), m.end()
        while end > start and not folded[end - 1].isdigit():
            end -= 1
        if any(s <= start < e for s, e in commas):
            continue
        if _is_digit_id(folded, start, end):
            out.append(Finding(start, end, "residual_number", "SWEEP-NUMBER", folded[start:end]))
    for m in _ID.finditer(folded):
        word = m.group()
        digits = sum(ch.isdigit() for ch in word)
        letters = sum(ch.isalpha() for ch in word)
        if re.fullmatch(r"[\d.]+[A-Za-z]{1,3}", word):
            continue  # a number with its unit (250pt, 16GB, 35mm)
        if letters and (digits >= 3 or (digits >= 1 and "_" in word)):
            out.append(Finding(m.start(), m.end(), "residual_number", "SWEEP-ID", word))
    return out


def _words(folded: str, proper_general: bool) -> list[Finding]:
    out: list[Finding] = []
    tokens = tokenize(Mapped.identity(folded))
    brackets = bracket_marks(folded)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        s, pos = t.surface, t.pos
        kind, start, end = "", t.start, t.end
        if _HANGUL.search(s):
            # Every Hangul word, as before pii24: its test for a verb's ending (있었어요) also
            # let a name with its copula through (저는 김민준입니다, 지훈이에요 — review of pii24);
            # a tear-line over-removes a Korean sentence rather than publish a name in it.
            kind = "residual_proper"
        elif _latin_letters(s) and all(
            not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in s
        ):
            before = folded[max(0, t.start - 24) : t.start].rstrip()
            initial = not before or before[-1] in _OPENERS
            kind = _latin_kind(s, initial, proper_general)
            if _kept_latin(folded, t.start, t.end) or brand_cased(s) or calendar_word(s):
                # Aichi, Nerima, the Sumida River: a prefecture, a municipality (pii18) and a
                # river stay, as in Japanese
                kind = ""
        elif s in _ERAS:
            kind = ""
        elif pos[0] == "名詞" and pos[1] == "固有名詞":
            if LAND_AFTER.match(folded, t.end) and any(p[2] == "地名" for p in word_pos(s)):
                kind = ""  # a river's, a hill's or a peninsula's name: 中川の河川敷, 能登半島
            elif pos[2] == "人名":
                kind = "residual_name"
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if (
                    _KATAKANA.match(s)
                    and nxt is not None
                    and nxt.start == t.end
                    and _KATAKANA.match(nxt.surface)
                    and len(nxt.surface) >= 2
                    and nxt.pos[1] == "普通名詞"
                ):
                    kind = ""  # pii22: マリオ|カート — a title run on in katakana, not a person
            elif pos[2] == "地名" and _STATION_SIDE.match(s) and i > 0:
                kind = ""  # pii22: 北千住|駅西|口 — a station's side, Sudachi's token
            elif pos[2] == "地名":
                if (
                    pos[3] != "国"
                    and not _KATAKANA.match(s)
                    and s not in _kept_places()
                    and s not in _REGIONS
                    and not _KATAKANA_IN.search(s)
                    and not any(p[1] == "普通名詞" for p in word_pos(s))
                ):
                    cut = place_prefix(s)
                    kind, start = "residual_proper", t.start + cut
                    if start >= end:
                        kind = ""
            elif proper_general:
                kind = "residual_proper"
        elif (
            pos[0] == "名詞"
            and pos[1] != "数詞"
            and not any(ch.isdigit() for ch in s)
            and (_KANJI.match(s) or _KATAKANA.match(s) or s.isalpha())
            and not word_pos(s)
            and not (_KATAKANA.match(s) and _compound(s))
        ):
            kind = "residual_proper"
            # simplified Chinese: the unknown word takes the single kanji run on to it (张晓|燕)
            while (
                _KANJI.match(s)
                and i + 1 < len(tokens)
                and tokens[i + 1].start == end
                and len(tokens[i + 1].surface) == 1
                and _KANJI.match(tokens[i + 1].surface)
            ):
                i += 1
                end = tokens[i].end
        public = public_after(folded, end) or public_word(folded[start:end])
        public = public or a_title(folded, start, end, brackets)
        if kind and not a_character(folded, end) and not public:
            # (pii19: カインズ草加店, 西新井大師, ヤマト運輸, Hibiya Park are public: pii_public)
            out.append(Finding(start, end, kind, "SWEEP-WORD", folded[start:end]))
        i += 1
    return out


def _overlap_test(taken: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether [start, end) overlaps a taken span (start < e and s < end for one of them), in
    log time: a finding was tested against every taken span before, quadratic on a long chat
    whose every line holds a name (80 kB of Korean chat: 15.8 s, review of pii24). Among the
    spans starting before `end`, the largest end is after `start` exactly when one overlaps."""
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))

    def overlaps(start: int, end: int) -> bool:
        i = bisect_left(starts, end)
        return i > 0 and reach[i - 1] > start

    return overlaps


def sweep(
    text: str,
    taken: Iterable[tuple[int, int]],
    *,
    kinds: Iterable[str] = KINDS,
    proper_general: bool = False,
) -> list[Finding]:
    """What the recogniser left that is identifying-shaped and not ordinary vocabulary.

    `proper_general`: also Sudachi's proper nouns of the 一般 subtype (firms, brands, bands,
    products the dictionary lists: トヨタ, 横浜銀行, サカナクション). Off: a word the dictionary
    lists is public, not a private person's; an unknown firm is an unknown word and swept."""
    wanted = frozenset(kinds)
    folded = fold(text)
    overlaps = _overlap_test(taken)
    found = [
        f
        for f in _numbers(folded) + _words(folded, proper_general)
        if f.kind in wanted and not overlaps(f.start, f.end)
    ]
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in found:
        if out and f.start <= out[-1].end:
            last = out[-1]
            if f.end <= last.end:
                continue
            kind = "residual_name" if "residual_name" in (last.kind, f.kind) else last.kind
            out[-1] = Finding(last.start, f.end, kind, last.rule, text[last.start : f.end])
            continue
        out.append(Finding(f.start, f.end, f.kind, f.rule, text[f.start : f.end]))
    return out
