"""Chinese personal names across scripts: 王伟, Wang Wei and ワン・ウェイ are one name.

Resolve compares Japanese readings and Latin spellings; a Chinese name written in Chinese
characters reads (in Japanese) as おう い, which meets neither its pinyin nor its katakana.
This module reads a name, in any of the three scripts, as a sequence of Mandarin syllables —
each position a *set* of syllables, because the scripts lose different things (ワン is wang
or wan, チャン is zhang, chang or qiang) — from ``data/chinese_names.yaml``. Two names
match when some reading of each has the same length and every position shares a syllable;
a Latin name of two words may be in either order (Wang Wei, Wei Wang), and of three the
last may be the surname (Kai-shek Chiang, Tai Man Chan).

A Latin word is read as pinyin (one syllable or several run together: Xiaolong) and, when
it is one whole word or hyphen-separated piece, also as a **Wade–Giles** or **Cantonese**
spelling (``wade_giles`` and ``cantonese`` in the data file): Chang is pinyin chang or
Wade–Giles zhang, Hsu is xu, Ch'en is chen, Wong is wang or huang, Cheung is zhang. Those
spellings are never looked for inside a word, where their short forms (i, ng) would cut
pinyin into nonsense. Tone marks and ü are folded (Wáng, Hsü = Hsu).

A match says only that the names may be one name: outreach joins approachers on it when
their claimed organisations or nationalities also point to the same country (see
``approachers.approacher_group``), never on the name alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from kizashi.outreach.errors import OutreachDataError

__all__ = ["ChineseNames", "chinese_names", "same_chinese_name"]

Reading = tuple[frozenset[str], ...]
_Prefixes = Callable[[str], list[tuple[int, frozenset[str]]]]
_MAX_READINGS = 32  # segmentations kept per name: a name is two to four syllables
_IGNORED = re.compile(r"[\s・･·.\-‐ー＝=]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'"})


@dataclass(frozen=True)
class ChineseNames:
    by_hanzi: dict[str, frozenset[str]]
    by_kana: dict[str, frozenset[str]]
    syllables: frozenset[str]
    by_latin: dict[str, frozenset[str]]  # Wade–Giles and Cantonese spellings, whole words

    def readings(self, name: str) -> list[Reading]:
        """Every reading of ``name`` as Mandarin syllables ([] when it has none)."""
        text = unicodedata.normalize("NFKC", name).strip()
        if not text:
            return []
        if any(_is_han(ch) for ch in text):
            chars = _IGNORED.sub("", text)
            found = [self.by_hanzi.get(ch) for ch in chars]
            if not 2 <= len(found) <= 4 or any(f is None for f in found):
                return []
            return [tuple(f for f in found if f is not None)]
        if any(_is_kana(ch) for ch in text):
            return self._split(_IGNORED.sub("", text), self._kana_prefixes)
        latin = _fold_latin(text)
        if latin.isascii():
            words = [w for w in re.split(r"[\s\-.,]+", latin) if w.strip("'")]
            orders = [words]
            if len(words) == 2:
                orders.append(words[::-1])
            elif len(words) == 3:
                orders.append([words[2], *words[:2]])
            out: list[Reading] = []
            for order in orders:
                out += self._latin_readings(order)
            return out[:_MAX_READINGS]
        return []

    def _latin_readings(self, words: list[str]) -> list[Reading]:
        """Readings of a Latin name word by word: each word pinyin (one or more syllables)
        or one Wade–Giles/Cantonese syllable; two to four syllables in all."""
        out: list[Reading] = [()]
        for word in words:
            options = self._word_options(word)
            out = [
                (*sofar, *more) for sofar in out for more in options if len(sofar) + len(more) <= 4
            ][:_MAX_READINGS]
        return [r for r in out if len(r) >= 2]

    def _word_options(self, word: str) -> list[Reading]:
        plain = word.replace("'", "")
        options = self._split(plain, self._pinyin_prefixes, least=1)
        whole = self.by_latin.get(word, frozenset()) | self.by_latin.get(plain, frozenset())
        if whole:
            # One syllable either way: its pinyin and older spellings are one position.
            single = frozenset().union(whole, *(o[0] for o in options if len(o) == 1))
            options = [(single,), *(o for o in options if len(o) != 1)]
        return options

    def _kana_prefixes(self, text: str) -> list[tuple[int, frozenset[str]]]:
        text = text.replace("ー", "")
        return [
            (len(kana), syllables)
            for kana, syllables in self.by_kana.items()
            if text.startswith(kana)
        ]

    def _pinyin_prefixes(self, text: str) -> list[tuple[int, frozenset[str]]]:
        return [(len(s), frozenset({s})) for s in self.syllables if text.startswith(s)]

    def _split(self, text: str, prefixes: _Prefixes, *, least: int = 2) -> list[Reading]:
        text = text.replace("ー", "")
        out: list[Reading] = []

        def walk(rest: str, sofar: Reading) -> None:
            if len(out) >= _MAX_READINGS or len(sofar) > 4:
                return
            if not rest:
                if len(sofar) >= least:
                    out.append(sofar)
                return
            for length, syllables in sorted(prefixes(rest), key=lambda p: -p[0]):
                walk(rest[length:], (*sofar, syllables))

        walk(text, ())
        return out


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_kana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff"


def _fold_latin(text: str) -> str:
    """Casefolded, tone marks and the umlaut dropped (Wáng → wang, Hsü → hsu), one apostrophe."""
    text = text.translate(_APOSTROPHES).casefold()
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


@cache
def chinese_names() -> ChineseNames:
    where = "outreach/data/chinese_names.yaml"
    text = resources.files("kizashi.outreach").joinpath("data", "chinese_names.yaml")
    data = yaml.safe_load(text.read_text("utf-8"))
    by_hanzi: dict[str, set[str]] = defaultdict(set)
    by_kana: dict[str, set[str]] = defaultdict(set)
    by_latin: dict[str, set[str]] = defaultdict(set)
    try:
        known = {str(s) for s in data["syllables"]}
        for syllable, entry in data["syllables"].items():
            if not re.fullmatch(r"[a-z]+", str(syllable)):
                raise OutreachDataError(f"{where}: {syllable!r} is not a pinyin syllable")
            for ch in str(entry["hanzi"]):
                by_hanzi[ch].add(str(syllable))
            for kana in entry["kana"]:
                by_kana[str(kana).replace("ー", "")].add(str(syllable))
            for spelling in entry.get("wade_giles") or ():
                folded = _fold_latin(str(spelling))
                # Apostrophes are often dropped: ch'en is also written chen.
                for form in {folded, folded.replace("'", "")}:
                    by_latin[form].add(str(syllable))
        for spelling, syllables in (data.get("cantonese") or {}).items():
            unknown = [s for s in syllables if str(s) not in known]
            if unknown:
                raise OutreachDataError(f"{where}: cantonese {spelling!r}: unknown {unknown}")
            by_latin[_fold_latin(str(spelling))].update(str(s) for s in syllables)
    except (KeyError, TypeError, AttributeError) as exc:
        raise OutreachDataError(f"{where}: missing or bad field: {exc}") from None
    return ChineseNames(
        {k: frozenset(v) for k, v in by_hanzi.items()},
        {k: frozenset(v) for k, v in by_kana.items() if k},
        frozenset(known),
        {k: frozenset(v) for k, v in by_latin.items()},
    )


def same_chinese_name(a: str, b: str) -> bool:
    """Whether two spellings may be one Chinese name (王伟 / Wang Wei / ワン・ウェイ)."""
    names = chinese_names()
    left, right = names.readings(a), names.readings(b)
    return any(
        len(x) == len(y) and all(p & q for p, q in zip(x, y, strict=True))
        for x in left
        for y in right
    )
