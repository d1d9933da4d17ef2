"""The cascade's first stage: a cheap, recall-first filter in front of the full scorer.

A post goes on to scoring (views, rules, model) when its gate text — NFKC, invisible marks
removed, lowercased, katakana folded to hiragana — contains an *anchor* of a shipped rule, or
matches a disguise shape. An anchor is the one word a pattern cannot match without (the harm
verb of a threat, the pay word of a lure; see :func:`~kizashi.detect.patterns.anchor_of`),
never a context slot: the object of "kill her" is "her", and a gate that passed every text
with "her" or "you" in it would pass all of English. Composed rules contribute the anchors of
the components in their first group (the harm or means). The disguise shapes come from
``gate.yaml`` and from the decoding tables (goroawase in ASCII and kanji numerals, every kanji
a homophone rule could read). Everything else — the bulk of ordinary chatter — is reported
with zero scores and no evidence. Each anchor also passes in the other spellings the
dictionary knows for it (薬きょう, けん銃, ばくだん: Sudachi is asked once, when the regex is
built). Per post: one compiled regex, no Sudachi, no model.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kizashi.datafiles import cache_root, cached_yaml, read_marshalled, write_marshalled
from kizashi.detect.lexicon import Lexicon, LexiconError, Rule, load_lexicon
from kizashi.detect.patterns import anchor_of
from kizashi.text import (
    EMOJI,
    MASK_SHAPES,
    WORD_GAP,
    drop_elongation,
    drop_stretch,
    fold_spelling,
    inside_katakana_run,
    kanji_with_reading,
    load_tables,
    read_harm_spellings,
    spelling_variants,
)

__all__ = ["anchor_words", "gate_readings", "gate_regex", "gate_text", "passes_gate"]

_KATA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KANJI_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")


# Pictographs inside a word (殺🔪す): the decoded view drops them, so the gate does too.
# A mask shape (こ●す) is no pictograph: the mask shape below must still see it.
_INLINE_EMOJI = re.compile(rf"(?<=\w)(?:(?![{MASK_SHAPES}])[{EMOJI}]){{1,3}}(?=\w)")


@cache
def _emoji_verbs() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The decoded view reads a weapon pictograph before a verb ending as the verb's stem
    (🔪す → 殺す, 💣する → 爆破する, ``decode.yaml`` emoji_verbs); the gate reads it the same
    way, before it drops pictographs inside words, so the stem's anchor passes it."""
    out = []
    for rule in load_tables().emoji_verbs:
        before = "|".join(re.escape(gate_text_plain(b)) for b in rule.before)
        out.append((re.compile(rf"{re.escape(rule.source)}\ufe0f?(?={before})"), rule.target))
    return tuple(out)


# A lone katakana シ before hiragana ね (部長シねよ): the decoded view reads the mixed
# spelling as 死ね; folding katakana first would hide it from the gate, so it is read first.
_LONE_SHI = re.compile(r"(?<![\u30a1-\u30fa\u30fc])シ(?=ね)")


@cache
def _katakana_words() -> tuple[tuple[str, str], ...]:
    """The decoded view's whole-run katakana spellings (シネ → 死ね, not the シネ of シネマ):
    folded to hiragana, しね is no anchor, so the gate reads them first, as the view does,
    with the view's own test of a whole run (:func:`~kizashi.text.inside_katakana_run`)."""
    return tuple((rule.source, rule.target) for rule in load_tables().visual if rule.whole_run)


def _read_whole_run(text: str, source: str, target: str) -> str:
    parts, last = [], 0
    for m in re.finditer(re.escape(source), text):
        if not inside_katakana_run(text, m.start(), m.end()):
            parts += [text[last : m.start()], target]
            last = m.end()
    return "".join(parts) + text[last:] if parts else text


def gate_text_plain(text: str) -> str:
    text = read_harm_spellings(fold_spelling(text), load_tables())
    if "シ" in text:
        text = _LONE_SHI.sub("死", text)
    for source, target in _katakana_words():
        if source in text:
            text = _read_whole_run(text, source, target)
    text = drop_elongation(text)  # 火ぃつけたる reads 火つけたる, as the text views do
    # ころおおおす reads ころす, as the decoded view does — before katakana is folded, so a
    # katakana word's long vowel (ケース) is kept as the views keep it.
    return drop_stretch(text).lower().translate(_KATA)


def gate_text(text: str) -> str:
    """The gate's main reading of ``text`` (:func:`gate_readings` gives every one)."""
    return gate_readings(text)[0]


def gate_readings(text: str) -> tuple[str, ...]:
    """The readings the gate matches, the main one first; a text passes when one does.

    Where a glued word gap held a pictograph, the text with that pictograph left where it
    was is a second reading (rare, so cheap): the 🔫 of "お前はもう終わりだ🔫 家の前に" is
    a weapon-markup shape beside an @handle on its line, and nowhere else."""
    spelled = gate_text_plain(text)
    for pattern, stem in _emoji_verbs():
        if pattern.pattern[0] in spelled:
            spelled = pattern.sub(stem, spelled)
    return _glue_gaps(_INLINE_EMOJI.sub("", spelled))


_PICTOGRAPH = re.compile(rf"(?![{MASK_SHAPES}])[{EMOJI}]")


def _glue_gaps(text: str) -> tuple[str, ...]:
    """A separator gap at a kanji (殺 す, 爆/破する, 殺 🔪 す): the decoded view glues it where
    the dictionary reads one word across it; the gate, recall-first, glues every gap the
    view's own pattern finds (:data:`~kizashi.text.WORD_GAP`). Where a glued gap held a
    pictograph, the text with those gaps left as written (each pictograph where it was; the
    other gaps glued) is a second reading: the pictograph may be an anchor of a shape that
    reads its neighbours on its line (weapon-markup)."""
    held = False

    def glue(gap: re.Match[str]) -> str:
        nonlocal held
        held = held or _PICTOGRAPH.search(gap.group(0)) is not None
        return ""

    glued = WORD_GAP.sub(glue, text)
    if not held:
        return (glued,)
    kept = WORD_GAP.sub(lambda gap: gap.group(0) if _PICTOGRAPH.search(gap.group(0)) else "", text)
    return (glued, kept)


def _gated_rules(lexicon: Lexicon) -> Iterable[Rule]:
    """Signal rules, and the component rules a composed rule needs first."""
    first = {c for rule in lexicon.rules if rule.compose for c in rule.compose[0]}
    for rule in lexicon.rules:
        signal = rule.role == "signal" and not rule.compose
        if signal or (rule.role != "benign" and rule.component in first):
            yield rule


def anchor_words(lexicon: Lexicon) -> set[str]:
    words: set[str] = set()
    for rule in _gated_rules(lexicon):
        for pattern in rule.patterns:
            anchor = anchor_of(pattern)
            if anchor is not None:
                words |= anchor.gate_words()
    return words


# The kana ending of a dictionary form (済む, 付ける, 痛い): conjugation changes it.
_ENDING = re.compile(r"(?<=[\u4e00-\u9fff々ぁ-ゖ])[うくすつぬぶむるぐい]$")


def _gate_word(word: str) -> str | None:
    """The literal a text must contain for ``word`` to match as a token: a dictionary form
    loses its final kana (済む → 済, so 済まさ passes; 付ける → 付け), since the rule matches
    the normalised form and the text may hold any conjugation. None: too short to filter."""
    word = gate_text(word)
    if word.isascii():
        return word if len(word) >= 2 else None
    if len(word) > 1 and any("\u4e00" <= ch <= "\u9fff" for ch in word):
        word = _ENDING.sub("", word)  # kana-only words keep their ending: ころ is ところ
    # A single kana is too common to filter anything; a single kanji is kept.
    if len(word) == 1 and not ("\u4e00" <= word <= "\u9fff"):
        return None
    return word


def _trie(words: Iterable[str]) -> str:
    """One regex for many literals, factored by prefix (Python's re tries alternatives one by
    one; a trie makes the scan cost per position independent of the number of words)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(root)


def _node_regex(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _table_shapes() -> list[str]:
    """Disguises the decoding tables undo, as gate shapes (so the two cannot drift apart)."""
    tables = load_tables()
    shapes = []
    for rule in tables.goroawase:
        kana = "|".join(re.escape(k) for k in rule.before)
        digits = f"{rule.source}|{rule.source.translate(_KANJI_DIGITS)}"
        shapes.append(rf"(?<![\d,.:/\-¥$#+])(?:{digits})(?:{kana})")
        if rule.at_end and rule.after:
            # Cut-off slang (課長を56…): the particle, the digits, then no further word.
            after = "|".join(re.escape(a) for a in rule.after)
            shapes.append(rf"(?:{after})(?:{digits})(?=$|\W|[w笑草])")
    for rule in tables.homophones:
        chars = "".join(sorted(kanji_with_reading(rule.source)))
        if rule.before:
            shapes.append(f"[{chars}](?:{'|'.join(map(re.escape, rule.before))})")
        if rule.after:
            shapes.append(f"(?:{'|'.join(map(re.escape, rule.after))})[{chars}]")
    return shapes


# A kana spelling this short (やる for 殺る, きる for 斬る, しぬ) is in much of ordinary Japanese:
# as a gate literal it would send that text to the full scorer for nothing.
_SHORTEST_KANA_SPELLING = 4


def _spellings(word: str) -> Iterable[str]:
    """The anchor as the rules spell it, and as writers also spell it: the rules match the
    normalised form, which Sudachi gives 薬きょう and けん銃 too, but the gate reads
    characters, so each mixed kana-kanji spelling the dictionary knows is a literal of its
    own; a kana-only one only when long enough to filter anything."""
    yield word
    for variant in spelling_variants(word):
        has_kanji = any("\u4e00" <= ch <= "\u9fff" for ch in variant)
        if has_kanji or len(variant) >= _SHORTEST_KANA_SPELLING:
            yield variant


def _holds_another(word: str, words: set[str]) -> bool:
    """Whether another of ``words`` is inside ``word``: each shorter substring is looked up
    (a word is a few characters; comparing every pair of ~3,400 words cost 0.1 CPU-s)."""
    size = len(word)
    return any(word[i : i + n] in words for n in range(1, size) for i in range(size - n + 1))


# What the gate's regex is built from, besides the Sudachi dictionary: the rules (and the
# code reading them), this module and gate.yaml, and the text views' code and tables.
_DETECT_SOURCES = ("gate.py", "gate.yaml", "lexicon.py", "patterns.py", "rules")
_CACHE_FORMAT = 1


def _inputs_key() -> str:
    """SHA-256 of everything :func:`_build_alternatives` reads: the files above, every file
    of ``kizashi.text``, ``kizashi/datafiles.py``, the Sudachi dictionary's file (size and
    time) and the versions of Python, its Unicode tables, SudachiPy and PyYAML. Any edit to
    any of them is a new key."""
    import sudachidict_core  # type: ignore[import-untyped]  # no type information
    import sudachipy  # type: ignore[import-untyped]

    import kizashi.datafiles
    import kizashi.text

    detect = Path(__file__).parent
    paths = [detect / name for name in _DETECT_SOURCES]
    # The text views' code and tables, and the YAML reading of the rule files.
    paths += [Path(kizashi.text.__file__).parent, Path(kizashi.datafiles.__file__)]
    files = sorted(
        f
        for p in paths
        for f in ([p] if p.is_file() else p.rglob("*"))
        if f.is_file() and "__pycache__" not in f.parts
    )
    dictionary = Path(sudachidict_core.__file__).parent / "resources" / "system.dic"
    stat = dictionary.stat()
    digest = hashlib.sha256(
        f"{_CACHE_FORMAT}:{sys.version}:{unicodedata.unidata_version}:{sudachipy.__version__}:"
        f"{yaml.__version__}:{stat.st_size}:{stat.st_mtime_ns}".encode()
    )
    for f in files:
        digest.update(f"\0{f.relative_to(f.parents[1])}\0".encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:32]


@cache
def _alternatives() -> tuple[str, ...]:
    """The gate's alternatives, read from the cache when these inputs built them before.

    Building them asks the dictionary for every kanji's readings and every anchor's other
    spellings (≈ 0.2 CPU-s, at every start of ``kizashi scan``); the result is a pure
    function of the inputs :func:`_inputs_key` hashes."""
    try:
        path = cache_root() / "gate" / f"{_inputs_key()}.marshal"
    except OSError:  # a package not on a file system: build every time
        return _build_alternatives()
    found = read_marshalled(path)
    if isinstance(found, tuple) and found and all(isinstance(a, str) for a in found):
        return found
    alternatives = _build_alternatives()
    write_marshalled(path, alternatives)
    return alternatives


def _build_alternatives() -> tuple[str, ...]:
    words = {
        w
        for anchor in anchor_words(load_lexicon())
        for spelled in _spellings(anchor)
        if (w := _gate_word(spelled))
    }
    # A literal that contains a shorter literal adds nothing: the shorter one already passes
    # (not so for Latin words, which must stand alone: "detonator" does not pass
    # "detonators").
    other = sorted(w for w in words if not w.isascii() and not _holds_another(w, words))
    latin = sorted(w for w in words if w.isascii() and not w[-1].isdigit())
    # A calibre or a count ends in a digit and may be followed by its unit, as the rules'
    # regexes allow (7.62mm, 308win, 9ミリ): only another digit may not follow.
    numeric = sorted(w for w in words if w.isascii() and w[-1].isdigit())
    # Latin words must stand alone ("ud" must not fire inside "would").
    alternatives = [rf"\b{_trie(latin)}\b", _trie(other)]
    if numeric:
        alternatives.append(rf"\b{_trie(numeric)}(?!\d)")
    data = cached_yaml(resources.files("kizashi.detect").joinpath("gate.yaml").read_text("utf-8"))
    for shape in data.get("shapes") or []:
        try:
            re.compile(shape["regex"])
        except (re.error, KeyError, TypeError) as exc:
            raise LexiconError(f"gate.yaml: shape {shape!r}: {exc}") from None
        alternatives.append(f"(?:{shape['regex']})")
    alternatives += [f"(?:{shape})" for shape in _table_shapes()]
    return tuple(alternatives)


@cache
def gate_regex() -> re.Pattern[str]:
    """The whole gate as one regex."""
    return re.compile("|".join(_alternatives()))


@cache
def _searches() -> tuple[Callable[[str], re.Match[str] | None], ...]:
    """One compiled regex per alternative of :func:`gate_regex`, the Japanese literals first
    (they pass most of what passes). A text matches the alternation somewhere exactly when
    one of its alternatives matches somewhere, so the answer is the same; but Python's re
    tries every alternative of an alternation at every position of the text, while a regex
    of its own skips ahead on its first characters — a third less CPU per post."""
    alternatives = _alternatives()
    first = alternatives[1:2]  # the trie of the words that are not Latin (see above)
    return tuple(re.compile(a).search for a in (*first, alternatives[0], *alternatives[2:]))


def passes_gate(text: str) -> bool:
    searches = _searches()
    return any(search(r) is not None for r in gate_readings(text) for search in searches)
