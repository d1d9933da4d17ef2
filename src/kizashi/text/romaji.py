"""A strict romaji→hiragana converter.

jaconv's ``alphabet2kana`` converts whatever it can and leaves the rest (``kill`` becomes
``きっる``) and reads ``konnichiha`` as こんいちは, which suits typing but not detection: here a word is romaji only if
*all* of it parses as Hepburn or kunrei syllables. ``korosu`` → ころす, ``shinde`` → しんで;
``kill`` and ``hello`` are not romaji and stay as they are.
"""

from __future__ import annotations

from functools import cache

__all__ = ["romaji_to_hiragana"]

_VOWELS = "aiueo"
_ROWS = {
    "": "あいうえお",
    "k": "かきくけこ",
    "g": "がぎぐげご",
    "s": "さしすせそ",
    "z": "ざじずぜぞ",
    "t": "たちつてと",
    "d": "だぢづでど",
    "n": "なにぬねの",
    "h": "はひふへほ",
    "b": "ばびぶべぼ",
    "p": "ぱぴぷぺぽ",
    "m": "まみむめも",
    "r": "らりるれろ",
    "y": "や\0ゆ\0よ",
    "w": "わ\0\0\0を",
}
_EXTRA = {
    "shi": "し",
    "chi": "ち",
    "tsu": "つ",
    "fu": "ふ",
    "ji": "じ",
    "sha": "しゃ",
    "shu": "しゅ",
    "sho": "しょ",
    "cha": "ちゃ",
    "chu": "ちゅ",
    "cho": "ちょ",
    "ja": "じゃ",
    "ju": "じゅ",
    "jo": "じょ",
    "nn": "ん",
}
_YOON_HEADS = "kgnhbpmr"


@cache
def _table() -> dict[str, str]:
    table = dict(_EXTRA)
    for head, kana in _ROWS.items():
        for vowel, ch in zip(_VOWELS, kana, strict=True):
            if ch != "\0":
                table[head + vowel] = ch
    for head in _YOON_HEADS:
        i_kana = table[head + "i"]
        for vowel, small in zip("auo", "ゃゅょ", strict=True):
            table[f"{head}y{vowel}"] = i_kana + small
    return table


def romaji_to_hiragana(word: str) -> str | None:
    """The hiragana spelling of ``word`` if all of it is romaji, else ``None``."""
    table = _table()
    text = word.lower()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        # Doubled consonant (except n) is a small tsu: "koroshitte" → ころしって.
        if i + 1 < n and ch == text[i + 1] and ch not in _VOWELS and ch != "n":
            out.append("っ")
            i += 1
            continue
        # "nn" before a vowel is ん plus an n-syllable: konnichiha → こんにちは.
        if text.startswith("nn", i) and i + 2 < n and text[i + 2] in _VOWELS + "y":
            out.append("ん")
            i += 1
            continue
        for size in (3, 2, 1):
            piece = text[i : i + size]
            if len(piece) == size and piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            # A lone n before a consonant or at the end is the moraic nasal.
            if ch == "n" and (i + 1 == n or text[i + 1] not in _VOWELS + "y"):
                out.append("ん")
                i += 1
                continue
            return None
    return "".join(out)
