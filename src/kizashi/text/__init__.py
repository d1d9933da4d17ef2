"""Japanese and English text views, shared by detection and resolution.

``views(text)`` returns a :class:`TextViews`: the normalised text (NFKC + neologdn), a
kana-folded copy, a decoded copy (separators, visual forms, masks, goroawase, leet, romaji)
with a record of every :class:`Decoding`, and Sudachi tokens of both, each token carrying the
span of ORIGINAL characters it covers. This package imports nothing else of kizashi.
"""

from kizashi.text.clauses import clause_of, clause_starts
from kizashi.text.decode import (
    EMOJI,
    MASK_SHAPES,
    WORD_GAP,
    Decoding,
    inside_katakana_run,
    read_harm_spellings,
)
from kizashi.text.mapped import Mapped
from kizashi.text.markup import markup_spans, strip_markup
from kizashi.text.normalize import (
    LONE_SURROGATE,
    drop_elongation,
    drop_stretch,
    fold_spelling,
    strip_invisible,
    without_surrogates,
)
from kizashi.text.romaji import romaji_to_hiragana
from kizashi.text.tables import DecodeTableError, Tables, load_tables
from kizashi.text.tokens import (
    Token,
    kanji_readings,
    kanji_with_reading,
    spelling_variants,
    tokenize,
    word_pos,
)
from kizashi.text.views import SPELLING, TextViews, model_decoded_text, views

__all__ = [
    "EMOJI",
    "LONE_SURROGATE",
    "MASK_SHAPES",
    "SPELLING",
    "WORD_GAP",
    "DecodeTableError",
    "Decoding",
    "Mapped",
    "Tables",
    "TextViews",
    "Token",
    "clause_of",
    "clause_starts",
    "drop_elongation",
    "drop_stretch",
    "fold_spelling",
    "inside_katakana_run",
    "kanji_readings",
    "kanji_with_reading",
    "load_tables",
    "markup_spans",
    "model_decoded_text",
    "read_harm_spellings",
    "romaji_to_hiragana",
    "spelling_variants",
    "strip_invisible",
    "strip_markup",
    "tokenize",
    "views",
    "without_surrogates",
    "word_pos",
]
