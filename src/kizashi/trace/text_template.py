"""Text products with marked variant slots, and the copy each recipient gets.

An author writes Markdown (optionally with YAML front matter) and marks where wording may
vary without changing what the text says:

- ``{{前日|前の日}}``            wording alternatives (synonyms, particles, word order)
- ``{{decoy:2台|3台|4台}}``      a decoy detail: the author vouches that any value is safe
- ``{{time:06:00}}``, ``{{date:2026-10-22}}``, ``{{num:12}}``   the value in one of the
  formats of ``data/formats.yaml`` (06:00 / 6時 / 午前6時 ...)
- a line ``<!-- trace:order -->`` before a Markdown list: the items are reordered

Each slot carries a variant chosen for the recipient from the installation's key; the
choices are the recipient's codeword (see :mod:`kizashi.trace.text_code`). Unless the front
matter says ``auto_variants: false``, same-meaning spellings found in the fixed text become
slots too (:mod:`kizashi.trace.text_auto`). Every slot knows its *block* (the sentence of
its line it stands in): a leaker who mixes copies does so by lines and sentences, and the
decoder scores blocks as wholes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from kizashi.errors import SchemaError
from kizashi.trace import text_auto
from kizashi.trace.text_formats import variants_for
from kizashi.trace.text_normal import normalise

# A slot is the shortest run between {{ and }} (the pages show slots by the same pattern).
SLOT_PATTERN = re.compile(r"\{\{(.+?)\}\}", re.S)
FORMATTED_KINDS = ("time", "date", "num")  # one value, written in each copy's own format
_ORDER_MARK = re.compile(r"^\s*<!--\s*trace:order\s*-->\s*$")
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
MAX_ORDERINGS = 6
_SENTENCE_END = re.compile(r"[。．！？!?]|\.(?:\s|$)")


@dataclass(frozen=True)
class Slot:
    index: int
    kind: str  # words, decoy, time, date, num, order, auto
    variants: tuple[str, ...]  # for order: the orderings joined by newlines
    line: int
    items: tuple[str, ...] = ()  # order slots: the item lines as written
    orderings: tuple[tuple[int, ...], ...] = ()
    # Where the slot stands, to locate it in a leak: regular expressions over normalised text
    # for the context just before and just after it (fixed text, with neighbouring slots as
    # alternations of their variants), at least CONTEXT fixed characters where there are.
    left: str = ""
    right: str = ""
    block: int = 0  # the sentence (of a line) the slot stands in

    def describe(self) -> dict[str, Any]:
        if self.kind == "order":
            shown = [
                " / ".join(_LIST_ITEM.sub(r"\2", self.items[i]).strip()[:16] for i in o)
                for o in self.orderings
            ]
        else:
            shown = list(self.variants)
        return {
            "slot": self.index,
            "kind": self.kind,
            "line": self.line,
            "block": self.block,
            "variants": shown,
        }


@dataclass
class Template:
    parts: list[str | Slot]
    meta: dict[str, Any] = field(default_factory=dict)
    lang: str = "ja"

    @property
    def slots(self) -> list[Slot]:
        return [p for p in self.parts if isinstance(p, Slot)]

    def render(self, choices: list[int]) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part.kind == "order":
                order = part.orderings[choices[part.index]]
                out.append("".join(part.items[i] for i in order))
            else:
                out.append(part.variants[choices[part.index]])
        return "".join(out)

    @property
    def body_plain(self) -> str:
        """The text as the author wrote it, first variant everywhere (for plan matching)."""
        return self.render([0] * len(self.slots))


def _front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        raise SchemaError(f"{name}: front matter opened with --- but never closed")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise SchemaError(f"{name}: bad front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise SchemaError(f"{name}: front matter must be a mapping")
    return meta, text[end + 5 :]


def _guess_lang(text: str) -> str:
    return "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else "en"


def _split_orders(body: str) -> list[str | tuple[int, list[str]]]:
    """Body chunks: plain text, or (line number, list item lines) of a marked list."""
    lines = body.splitlines(keepends=True)
    chunks: list[str | tuple[int, list[str]]] = []
    i = 0
    while i < len(lines):
        if _ORDER_MARK.match(lines[i]):
            j, items = i + 1, []
            while j < len(lines) and _LIST_ITEM.match(lines[j]):
                items.append(lines[j] if lines[j].endswith("\n") else lines[j] + "\n")
                j += 1
            if len(items) < 2:
                raise SchemaError(
                    f"line {i + 1}: trace:order must be followed by a list of 2+ items"
                )
            chunks.append((i + 2, items))
            i = j
        else:
            chunks.append(lines[i])
            i += 1
    return chunks


def parse(text: str, name: str = "product", *, auto_variants: bool = True) -> Template:
    """Parse a marked-up product; SchemaError names the file, line and problem."""
    meta, body = _front_matter(text, name)
    lang = str(meta.get("lang") or _guess_lang(body))
    if lang not in ("ja", "en"):
        raise SchemaError(f"{name}: lang must be ja or en, not {lang!r}")
    auto = auto_variants and meta.get("auto_variants", True) is not False
    parts: list[str | Slot] = []
    line_offset = text[: len(text) - len(body)].count("\n")
    line = line_offset + 1
    blocks: dict[tuple[int, int], int] = {}

    def block_of(at_line: int, sentence: int) -> int:
        return blocks.setdefault((at_line, sentence), len(blocks))

    def add(slot: Slot) -> None:
        parts.append(replace(slot, index=sum(isinstance(p, Slot) for p in parts)))

    for chunk in _split_orders(body):
        if isinstance(chunk, tuple):
            at, items = chunk
            orderings = list(itertools.permutations(range(len(items))))
            # Spread the chosen orderings: the first few permutations of many items differ
            # only at the end, which is where a partial leak is most often cut.
            step = max(1, len(orderings) // MAX_ORDERINGS)
            chosen = tuple(orderings[::step][:MAX_ORDERINGS])
            joined = tuple("\n".join(items[k] for k in o) for o in chosen)
            add(
                Slot(
                    0,
                    "order",
                    joined,
                    line_offset + at,
                    tuple(items),
                    chosen,
                    block=block_of(line_offset + at, 0),
                )
            )
            line += len(items) + 1
            continue
        position = 0
        sentence = 0
        for match in SLOT_PATTERN.finditer(chunk):
            sentence = _fixed(
                parts, chunk[position : match.start()], lang, line, sentence, auto, block_of
            )
            where = f"{name}: line {line}: slot {{{{{match[1][:30]}}}}}"
            add(replace(_slot(0, match[1], lang, line, where), block=block_of(line, sentence)))
            position = match.end()
        _fixed(parts, chunk[position:], lang, line, sentence, auto, block_of)
        line += chunk.count("\n")
    template = Template([p for p in parts if p != ""], meta, lang)
    _anchor(template)
    return template


def _fixed(
    parts: list[str | Slot],
    text: str,
    lang: str,
    line: int,
    sentence: int,
    auto: bool,
    block_of: Any,
) -> int:
    """Append fixed text (with automatic slots in it); the sentence count after it."""
    position = 0
    for found in text_auto.find(text, lang) if auto else []:
        before = text[position : found.start]
        sentence += len(_SENTENCE_END.findall(before))
        parts.append(before)
        index = sum(isinstance(p, Slot) for p in parts)
        parts.append(
            Slot(index, "auto", text_auto.variants_of(found), line, block=block_of(line, sentence))
        )
        position = found.end
    rest = text[position:]
    parts.append(rest)
    return sentence + len(_SENTENCE_END.findall(rest))


def written_slot(spec: str) -> tuple[str, list[str]]:
    """A slot's kind and its wordings as the author wrote them (``{{兆候|様子}}`` → words,
    [兆候, 様子]; ``{{time:06:00}}`` → time, [06:00], whose copies' formats come later)."""
    kind, _, rest = spec.partition(":")
    if kind in FORMATTED_KINDS:
        return kind, [rest.strip()]
    if kind != "decoy":
        kind, rest = "words", spec
    return kind, [v.strip() for v in rest.split("|")]


def _slot(index: int, spec: str, lang: str, line: int, where: str) -> Slot:
    kind, variants = written_slot(spec)
    if kind in FORMATTED_KINDS:
        variants = variants_for(kind, variants[0], lang, where)
    if len(variants) < 2 or any(not v for v in variants):
        raise SchemaError(f"{where}: a slot needs at least two non-empty variants")
    if len({normalise(v) for v in variants}) != len(variants):
        raise SchemaError(f"{where}: two variants are the same once retyped (spacing, punctuation)")
    return Slot(index, kind, tuple(variants), line)


def _anchor(template: Template) -> None:
    """Record each slot's context before and after it, to find it in a leak.

    The context runs over neighbouring slots (as alternations of their variants) until it
    holds CONTEXT fixed characters: a slot between two slots (集合{{する|すること}}) or next
    to a one-character particle (本部へ) would otherwise be "seen" wherever its variant
    occurs in the leak, also in lines that are not its own."""
    parts = template.parts
    for position, part in enumerate(parts):
        if isinstance(part, Slot):
            left = _context(reversed(parts[:position]), before=True)
            right = _context(iter(parts[position + 1 :]), before=False)
            parts[position] = replace(part, left=left, right=right)


CONTEXT = 4


def _context(neighbours: Any, *, before: bool) -> str:
    pieces: list[str] = []
    fixed = 0
    for part in neighbours:
        if fixed >= CONTEXT:
            break
        if isinstance(part, Slot):
            if part.kind == "order":
                break
            forms = sorted({normalise(v) for v in part.variants}, key=len, reverse=True)
            pieces.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
            continue
        text = normalise(part)
        take = text[-(CONTEXT - fixed) :] if before else text[: CONTEXT - fixed]
        if take:
            pieces.append(re.escape(take))
            fixed += len(take)
    # A trailing alternation with no fixed text beyond it adds nothing certain: drop it.
    while pieces and pieces[-1].startswith("(?:"):
        pieces.pop()
    return "".join(reversed(pieces)) if before else "".join(pieces)
