"""What survives retyping: the text normalised as a retyped leak would be compared.

NFKC (full-width folds to ASCII, half-width kana to full), case folded, invisible
characters, whitespace and punctuation dropped. Two variants that are equal after this are
one variant; a retyped leak is matched in this form.
"""

from __future__ import annotations

import unicodedata

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _kept(char: str) -> bool:
    if char in ZERO_WIDTH or char.isspace():
        return False
    category = unicodedata.category(char)
    return not (category.startswith("P") or (category.startswith("S") and char not in "$%&+<=>"))


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if _kept(char))
