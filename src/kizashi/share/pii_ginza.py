"""A statistical second reader of people's names: GiNZA's named-entity recogniser.

The rules (``pii.py`` and its modules) follow the shapes their authors saw; each held-out
family written by another hand found shapes they had not (docs/share.md, rounds nine to
twelve). GiNZA's ``ja_ginza`` model (spaCy; MIT; its NER trained on the GSK2014-A corpus,
see docs/share.md for the training data's licences) read names from real text, so a
``Person`` span it finds is one more removal beside the rules, never instead of them.

**Not in the product** (thirteenth round, docs/share.md): it is reached only with
``statistical=True``, which only ``benchmarks/share_pii_ginza.py`` passes, and ja-ginza is no
dependency of the project (it pins SudachiPy below 0.7; see the doc for how it was installed
to measure). The model is a pip package (no download at run time), loaded once per process
on the first text that needs it: spaCy costs seconds to import, and ``kizashi --help``,
scan and ingest never reach this module's loader.

Its spans pass the rules' own guards: an honorific or a title at either end stays outside the
name (鷲頭さん → 鷲頭), a role or a kin word (主治医, 店長, 父) is no name, a word the
dictionary knows only as a common noun, a place or a brand (サカナクション, トヨタ) is no name,
and a span with no kanji or kana is left to the English rules.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from typing import TYPE_CHECKING

from kizashi.share.pii_base import tables
from kizashi.share.pii_context import STOP_KANJI, STOP_KATA
from kizashi.text import word_pos

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.language import Language

Span = tuple[int, int, str, str]

MODEL = "ja_ginza"
# Only the NER and what it reads from: the parser and the bunsetu pieces are a third of the
# time and no part of a name.
_UNUSED = ("parser", "attribute_ruler", "compound_splitter", "bunsetu_recognizer")
_JAPANESE = re.compile("[ぁ-んァ-ヶ一-龥々]")
# An honorific or a title GiNZA sometimes takes into the name (鷲頭さん, 栃窪理事長): the rules
# keep it outside, so that the reader still sees who was meant.
_TITLE_AFTER = re.compile(
    r"[ \u3000]?(?:さん|様|さま|氏|殿|君|くん|ちゃん|先生|先輩|後輩|容疑者|被疑者|被害者|"
    r"巡査部長|巡査長|巡査|警部補|警部|警視|課長|係長|主任|部長|社長|店長|代表|弁護士|理事長|"
    r"理事|監事|会長|医師|看護師)$"
)
_TITLE_BEFORE = re.compile(r"^(?:故|元|前|新|現)")


@cache
def _nlp() -> Language:
    # spaCy and the model are imported here, once per process, and only when a tear-line is
    # cut: the CLI's help and the scan and ingest paths never pay for them (tests/test_rooms.py)
    import spacy

    with warnings.catch_warnings():
        # GiNZA 5.3 builds its tokenizer with SudachiPy 0.6's Dictionary.create(), which
        # 0.7 (this project's Sudachi) keeps but calls deprecated; same tokenizer either way
        warnings.filterwarnings("ignore", "Dictionary.create", DeprecationWarning)
        return spacy.load(MODEL, exclude=list(_UNUSED))


def _a_name(word: str, is_common: Callable[[str], bool], supported: bool = False) -> bool:
    """Whether a span GiNZA calls a person passes the rules' guards; `supported`: an
    honorific, a label or a kin word stands beside it (the rules' own support)."""
    if len(word.replace(" ", "").replace("\u3000", "")) < 2 or not _JAPANESE.search(word):
        return False
    if word in STOP_KANJI or word in STOP_KATA:
        return False  # 皆, 店員, パパ: roles and kin words, as for the honorific rule
    pos = word_pos(word)
    if re.fullmatch("[ぁ-ん]+", word):
        # hiragana alone, as for the rules' kana given names: a listed given name's reading
        # or a word the dictionary knows only as a name (ひろい, also an adjective, stays)
        reading = "".join(chr(ord(c) + 0x60) for c in word)
        only_name = bool(pos) and all(p[2] == "人名" for p in pos)
        return only_name or reading in tables().given_readings
    if pos and not any(p[2] == "人名" for p in pos):
        # the dictionary knows the whole word and never as a person: an ordinary noun
        # (主治医), a place (横浜) or a band, a maker, a product (コブクロ, トヨタ)
        return False
    if pos and not supported:
        # as for the rules' Sudachi names: one word that is also an ordinary noun or a place
        # (ハープ, 太郎, 山田), or a person only as a famous or a foreign name (ジョン,
        # ピカソ), is a name alone only with an honorific, a label or a kin word beside it
        ordinary = any(p[2] != "人名" for p in pos)
        own = any(p[3] in ("姓", "名") for p in pos)
        if ordinary or not own:
            return False
    return bool(pos) or not is_common(word)


def statistical_people(
    folded: str,
    is_common: Callable[[str], bool],
    supported: Callable[[int, int], bool] = lambda s, e: False,
) -> list[Span]:
    """Every span of ``folded`` GiNZA reads as a person that the rules' guards accept;
    `supported(s, e)`: whether the rules' context (an honorific after, a label or a kin
    word before) stands by the span."""
    if not _JAPANESE.search(folded):
        return []  # English text is the English rules' (the model reads Japanese)
    spans: list[Span] = []
    for ent in _nlp()(folded).ents:
        if ent.label_ != "Person":
            continue
        s, e = ent.start_char, ent.end_char
        word = folded[s:e]
        after = _TITLE_AFTER.search(word)
        if after:
            e -= len(after.group())
        before = _TITLE_BEFORE.match(folded[s:e])
        if before and e - s > 3:
            s += before.end()
        word = folded[s:e].strip(" \u3000")
        s = folded.index(word, s) if word else s
        e = s + len(word)
        if _a_name(word, is_common, supported(s, e)):
            spans.append((s, e, "person", "PII-NAME-GINZA"))
    return spans
