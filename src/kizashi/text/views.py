"""``views(text)``: every view of one text that the detectors and the resolver match on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from kizashi.text.decode import Decoding, Lookup, decode
from kizashi.text.mapped import Mapped
from kizashi.text.normalize import fold_kana, normalize
from kizashi.text.tables import Tables, load_tables
from kizashi.text.tokens import Token, joins_word, kanji_readings, standalone_kanji, tokenize

__all__ = ["SPELLING", "TextViews", "model_decoded_text", "views"]


@dataclass(frozen=True)
class TextViews:
    """The views of ``original``; every span in every view indexes ``original``.

    ``tokens`` come from the normalised text and are what ordinary words match on.
    ``decoded_tokens`` come from the decoded text (separators glued, visual forms, masks,
    goroawase, leet and romaji undone) and carry the kinds of decoding that touched them;
    when nothing was decoded they are the same tuple as ``tokens``.
    """

    original: str
    normalized: Mapped  # NFKC + neologdn
    kana: Mapped  # normalized, katakana folded to hiragana
    decoded: Mapped
    decodings: tuple[Decoding, ...]
    wildcards: tuple[tuple[int, int], ...]  # original spans of mask characters (〇, ●, *)
    tokens: tuple[Token, ...]
    decoded_tokens: tuple[Token, ...]

    def slice(self, start: int, end: int) -> str:
        return self.original[start:end]


def _label(tokens: tuple[Token, ...], decodings: tuple[Decoding, ...]) -> tuple[Token, ...]:
    labelled = []
    for token in tokens:
        kinds = tuple(
            dict.fromkeys(d.kind for d in decodings if d.start < token.end and token.start < d.end)
        )
        labelled.append(replace(token, decoded=kinds) if kinds else token)
    return tuple(labelled)


_LOOKUP = Lookup(kanji_readings, standalone_kanji, joins_word)


def views(text: str) -> TextViews:
    """All views of ``text``. Pure; the tokenizer dictionary is loaded once per process."""
    normalized = normalize(text)
    decoded, decodings, wildcards = decode(normalized, load_tables(), _LOOKUP)
    tokens = tokenize(normalized)
    decoded_tokens = (
        _label(tokenize(decoded), decodings) if decoded.text != normalized.text else tokens
    )
    return TextViews(
        original=text,
        normalized=normalized,
        kana=fold_kana(normalized),
        decoded=decoded,
        decodings=decodings,
        wildcards=wildcards,
        tokens=tokens,
        decoded_tokens=decoded_tokens,
    )


# The decoding kind of det41's spelling readings (kil → kill, gona → gonna, tmrw → tomorrow).
SPELLING = "spelling"


@cache
def _tables_without_spelling() -> Tables:
    return replace(load_tables(), harm_misspelt={}, sms_words={}, misspelt_hint=None)


def model_decoded_text(text_views: TextViews) -> str:
    """The decoded view's text as the shipped model learned it: without the spelling readings.

    The rules read "ima kil u tmrw" as "ima kill u tomorrow"; the model's n-grams and
    embedding were fitted before those readings existed, and a copy of an ordinary post with
    "gunna" read as "gonna" flagged it (det41 review). Only posts with a spelling reading are
    decoded again, without it."""
    if not any(d.kind == SPELLING for d in text_views.decodings):
        return text_views.decoded.text
    return decode(text_views.normalized, _tables_without_spelling(), _LOOKUP)[0].text
