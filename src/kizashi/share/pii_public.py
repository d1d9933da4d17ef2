"""Public words the residual sweep keeps (pii19): a shop's branch, a station, a temple, a
park or a firm named by what follows the word, and brands written in mixed case.

The sweep (:mod:`kizashi.share.pii_sweep`) generalises words the dictionary tags as a
person's name or a place below the municipality, unknown words and unknown capitalised Latin
words. Some of those are public by what stands right after them: カインズ草加店 (a shop's
branch), 西新井大師 and イオン西新井店 (a temple and a branch named by their town), ヤマト運輸
(a firm: a trade word after the name), Hibiya Park and Makuhari Messe (a place word), Meta
Platforms, Inc. (a firm's legal form). A Latin word with a capital inside it (WeChat,
PayPay, TikTok, iPhone) is a brand's spelling: no person's name is written so (Mc/Mac/O'
and Irish or Scottish names aside). The lists are data (``data/pii_public.yaml``).

A landmark that locates a person's home (区立…小学校の正門の向かい) is removed by
:mod:`kizashi.share.pii_landmarks` before the sweep runs, so keeping a public place here
never keeps a home's landmark.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from kizashi.share.pii_not_names import MONTHS, NOT_NAMES, WEEKDAYS

WORDS_FILE = Path(__file__).parent / "data" / "pii_public.yaml"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    after = sorted(
        (str(w) for w in data["facilities_ja"] + data["trades_ja"]), key=len, reverse=True
    )
    # up to six kanji or katakana between the word and the facility (カインズ|草加|店,
    # 梅田|第三|小学校), none of them a particle: the word names the facility
    # (not a post: 佐伯店長, 駅長, 銀行員 — the word before it is the holder's name)
    # (pii21: but a facility of three characters or more before 長 is the office's head, whose
    # name is the facility's: 西新井警察署長, 郵便局長)
    longer = "|".join(map(re.escape, (w for w in after if len(w) >= 3)))
    short = "|".join(map(re.escape, (w for w in after if len(w) < 3)))
    ja = re.compile(
        r"[一-龥々ァ-ヶー]{0,6}?(?:(?:" + longer + ")(?![員主])|(?:" + short + ")(?![長員主]))"
    )
    forms = "|".join(map(re.escape, (str(w) for w in data["firm_forms_en"])))
    places = "|".join(sorted(map(re.escape, NOT_NAMES), key=len, reverse=True))
    # Hibiya Park, Meta Platforms, Inc.: up to three capitalised words, then a place word or
    # a firm's form
    en = re.compile(rf"(?: [A-Z][A-Za-z&'\-]+){{0,3}}(?:,? (?:{forms})\b| (?:{places})\b)")
    shop = "|".join(map(re.escape, (str(w) for w in data["shop_endings_ja"])))
    # a shop: the ending right after the word, then no more of a longer word (屋根, 堂々)
    ja_shop = re.compile(rf"(?:{shop})(?![根上外内敷台々])")
    return ja, en, ja_shop


def public_after(folded: str, end: int) -> bool:
    """What follows the word ending at `end` names it a public facility or a firm."""
    ja, en, shop = _patterns()
    return bool(ja.match(folded, end) or en.match(folded, end) or shop.match(folded, end))


def public_word(word: str) -> bool:
    """A word that ends in a trade or a facility word in kanji (ヤマト運輸 read as one word);
    not a katakana one run on to an unknown word (コセキアリーナ is as often Kosek Arina)."""
    return bool(re.search("[一-龥]$", word)) and bool(_patterns()[0].fullmatch(word))


# months and weekdays are capitalised in English and never a person (on 14 November)
_CALENDAR = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
    ]
)


def calendar_word(word: str) -> bool:
    return word in _CALENDAR


_BRAND = re.compile(r"[A-Za-z]*[a-z][A-Z][A-Za-z]*|i[A-Z][A-Za-z]+")
_NAME_PREFIX = re.compile(r"(?:Mc|Mac|O'|D'|De|Di|Le|La|Van|Von)[A-Z]")


def brand_cased(word: str) -> bool:
    """A Latin word with a capital after a lower-case letter (WeChat, PayPay, iPhone); not a
    Mc/Mac/O' name (McDonald, MacLeod)."""
    return bool(_BRAND.fullmatch(word)) and not _NAME_PREFIX.match(word)
