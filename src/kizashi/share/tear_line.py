"""Tear-lines: the sanitised version of a product that may leave, per handling code.

``tearline(text, handling_code, lang=..., keep=..., extra_terms=...)`` takes out what the
rules in ``data/tearline.yaml`` say for that level: personal data found by the recogniser
(:mod:`kizashi.share.pii`) — or, for addresses, cuts them down to the municipality —,
source-identifying details (case numbers, report ids, officers, informants, partner keys),
whole lines that start with a source marker, blocks the author marked as compartment
material, and any extra terms the caller knows to be sensitive (the store's compartment
names, the partner organisations that sourced the product). Each removal is recorded with
its rule id and span, and :func:`diff` shows the approver exactly what changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import InputError, SchemaError
from kizashi.share.pii import Finding, find_personal_data, fold, merge
from kizashi.share.pii_abroad import kept_word_at
from kizashi.share.pii_base import KINDS as PII_KINDS
from kizashi.share.pii_base import place_prefix
from kizashi.share.pii_public import public_word
from kizashi.share.pii_readings import romaji_place
from kizashi.share.pii_sweep import KINDS as SWEEP_KINDS
from kizashi.share.pii_sweep import sweep as residual_sweep
from kizashi.share.pii_works import a_work_at
from kizashi.text import without_surrogates

RULES_FILE = Path(__file__).parent / "data" / "tearline.yaml"
HANDLING_CODES = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
_BLOCK = re.compile(r"<!--\s*compartment[^>]*-->.*?<!--\s*/compartment\s*-->", re.S)


@dataclass(frozen=True)
class Level:
    personal: frozenset[str]
    generalise: dict[str, str]
    may_keep: frozenset[str]
    sweep: frozenset[str] = frozenset()  # the residual sweep's kinds at this level
    restore: frozenset[str] = frozenset()  # the kinds an approver may put back (restore.py)


@dataclass(frozen=True)
class SourceRule:
    id: str
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    placeholders: dict[str, dict[str, str]]
    levels: dict[str, Level]
    source: tuple[SourceRule, ...]
    line_prefixes: tuple[tuple[str, str, str], ...]  # (rule id, kind, prefix)


@dataclass
class TearLine:
    text: str
    removed: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "removed": self.removed}


def load_rules(path: Path = RULES_FILE) -> Rules:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("version") != 1:
            raise SchemaError(f"{path}: expected a mapping with version: 1")
        levels = {
            code: Level(
                frozenset(spec["personal"]),
                dict(spec.get("generalise") or {}),
                frozenset(spec.get("may_keep") or ()),
                frozenset(spec.get("sweep") or ()),
                frozenset(spec.get("restore") or ()),
            )
            for code, spec in data["levels"].items()
        }
        missing = set(HANDLING_CODES) - set(levels)
        if missing:
            raise SchemaError(f"{path}: levels: no rules for {', '.join(sorted(missing))}")
        for code, level in levels.items():
            unknown = level.sweep - set(SWEEP_KINDS)
            if unknown:
                raise SchemaError(f"{path}: {code}: unknown sweep kinds {sorted(unknown)}")
            # only personal data is ever put back: a source or compartment kind never
            unknown = level.restore - set(PII_KINDS) - set(SWEEP_KINDS)
            if unknown:
                raise SchemaError(
                    f"{path}: {code}: restore: {sorted(unknown)} are not personal-data "
                    "or sweep kinds"
                )
        source = []
        for index, rule in enumerate(data["source"]):
            try:
                source.append(SourceRule(rule["id"], rule["kind"], re.compile(rule["pattern"])))
            except re.error as exc:
                raise SchemaError(f"{path}: source[{index}] ({rule.get('id')}): {exc}") from exc
        lines = tuple(
            (rule["id"], rule["kind"], prefix)
            for rule in data.get("lines") or ()
            for prefix in rule["prefixes"]
        )
        return Rules(dict(data["placeholders"]), levels, tuple(source), lines)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise SchemaError(f"{path}: bad tear-line rules: {exc}") from exc


@cache
def default_rules() -> Rules:
    return load_rules()


_WORK_KINDS = frozenset({"person", "residual_name", "residual_proper"})


def _no_person(f: Finding, text: str) -> bool:
    span = text[f.start : f.end]
    # (a listed word with an honorific after it is a person: 近所のカツオくん, ミラさん)
    return a_work_at(text, f.start, f.end) or (
        f.rule == "PII-NAME-SUDACHI" and public_word(fold(span))
    )


def tearline(
    text: str,
    handling_code: str,
    *,
    lang: str = "ja",
    keep: Iterable[str] = (),
    extra_terms: Iterable[tuple[str, str]] = (),
    rules: Rules | None = None,
    statistical: bool = False,
    sweep: bool | None = None,
) -> TearLine:
    """The sanitised text for `handling_code`, and every removal with its rule and span.

    `extra_terms` are (kind, term) pairs known to be sensitive: compartment names, partner
    organisations that sourced the product, officers' names. `statistical` adds GiNZA's
    reader of names beside the rules (off; measured and left out: docs/share.md). `sweep`
    overrides the level's residual sweep (None: as ``tearline.yaml`` says for the level;
    False: off; True: every sweep kind), for measuring it.
    """
    rules = rules or default_rules()
    level = rules.levels.get(handling_code)
    if level is None:
        raise InputError(
            f"unknown handling code {handling_code!r}; one of {', '.join(HANDLING_CODES)}"
        )
    kept = frozenset(keep)
    refused = kept - level.may_keep
    if refused:
        raise InputError(
            f"{handling_code} does not allow keeping {', '.join(sorted(refused))} "
            f"(allowed: {', '.join(sorted(level.may_keep)) or 'nothing'})"
        )
    # a lone surrogate ("\ud800" in a draft's JSON) is no character and no encoder takes it:
    # U+FFFD one for one, so every span keeps its place and the product can be sent
    text = without_surrogates(text, "\ufffd")
    found = _findings(text, rules, extra_terms)
    personal = [
        f for f in find_personal_data(text, statistical=statistical) if f.kind in level.personal
    ]
    found += [f for f in personal if f.kind not in kept]
    sweep_kinds = level.sweep if sweep is None else frozenset(SWEEP_KINDS if sweep else ())
    sweep_kinds -= kept
    if "person" in kept:
        # pii25: a product that keeps persons (TLP:RED on request) keeps the words the sweep
        # would take too — its names and its unknown proper nouns, which are mostly names
        # the tables lack (Bilal Chaudhry, 儀保); identifier-like numbers still go. The cost,
        # found by the review of pii25 and taken knowingly: a place below the municipality
        # that only the sweep knows (首里金城町) stays too — the approver reads the full text.
        sweep_kinds -= {"residual_name", "residual_proper"}
    if sweep_kinds:
        # pii25: what the product keeps is no residual either — the sweep never takes a word
        # or a number inside a kept name, address or plate (足立 330 ぬ 48-21 kept at AMBER
        # lost its 330 to the sweep before)
        taken = [(f.start, f.end) for f in found]
        taken += [(f.start, f.end) for f in personal if f.kind in kept]
        found += residual_sweep(text, taken, kinds=sweep_kinds)
    # a character's, a car model's or an app's name is no person, nor is a firm Sudachi
    # reads as a person's name with its trade after it (ヤマト運輸) (pii20: pii_works)
    found = [f for f in found if not (f.kind in _WORK_KINDS and _no_person(f, text))]
    # pii23: nor is a brand's, a firm's or a place's well-known name (Louis Vuitton, 浅草 of
    # 浅草寺): data/pii_abroad.yaml's keep list
    folded = fold(text)
    found = [
        f
        for f in found
        if not (
            f.kind in _WORK_KINDS
            and kept_word_at(folded, f.start, f.end, person=f.kind == "person")
        )
    ]
    marks = {p: lang if lang in rules.placeholders else "en" for p in ("lang",)}
    words = rules.placeholders[marks["lang"]]
    removed = [
        {**f.to_json(), "replacement": _replacement(f, level, words)} for f in merge(found, text)
    ]
    return TearLine(splice(text, removed), removed)


def splice(body: str, removed: Sequence[dict[str, Any]]) -> str:
    """The tear-line of `body`: each removal's replacement in its place, a restored one's own
    text (the approver's restore rebuilds with this, as the tear-line is first built)."""
    out, cursor = [], 0
    for r in sorted(removed, key=lambda r: int(r["start"])):
        out.append(body[cursor : r["start"]])
        out.append(body[r["start"] : r["end"]] if r.get("restored") else r["replacement"])
        cursor = r["end"]
    out.append(body[cursor:])
    return "".join(out)


def _findings(text: str, rules: Rules, extra: Iterable[tuple[str, str]]) -> list[Finding]:
    folded = fold(text)
    found = [
        Finding(m.start(), m.end(), "compartment", "SRC-COMPARTMENT-BLOCK", m.group())
        for m in _BLOCK.finditer(text)
    ]
    for rule in rules.source:
        for m in rule.pattern.finditer(folded):
            # a pattern may name the part that goes (group v or w: the name after a rank;
            # the rank stays), else the whole match goes
            part = next((g for g in ("v", "w") if g in rule.pattern.groupindex and m.group(g)), 0)
            start, end = m.span(part)
            found.append(Finding(start, end, rule.kind, rule.id, folded[start:end]))
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        for rule_id, kind, prefix in rules.line_prefixes:
            if body.startswith(prefix):
                end = offset + len(line.rstrip("\r\n"))
                found.append(Finding(offset, end, kind, rule_id, text[offset:end]))
                break
        offset += len(line)
    for kind, term in extra:
        if len(term.strip()) < 2:
            continue
        for m in re.finditer(re.escape(fold(term)), folded):
            found.append(Finding(m.start(), m.end(), kind, "SRC-KNOWN-TERM", m.group()))
    return found


def _replacement(f: Finding, level: Level, words: dict[str, str]) -> str:
    if f.kind == "address" and level.generalise.get("address") == "municipality":
        place = _municipality(f.text)
        if place:
            return f"{place}{words.get('address_suffix', '')}" if place else words["address"]
        tail = _romaji_municipality(f.text)
        if tail:
            return f"{words['address']}{tail}"
    return words.get(f.kind, words.get("source", "[…]"))


_ROMAJI_TAIL = re.compile(r"(?:,[ \u3000]*[A-Z][A-Za-z]+(?:-[a-z]+| City| Ward| Prefecture)?)+$")


def _romaji_municipality(address: str) -> str:
    """The municipality and prefecture an English-order address ends with (", Minato-ku,
    Tokyo"; ", Nerima"), kept as a Japanese address keeps 東京都港区 (pii18); '' if none."""
    m = _ROMAJI_TAIL.search(address)
    if not m:
        return ""
    parts = [p.strip() for p in m.group().split(",") if p.strip()]
    kept: list[str] = []
    for part in reversed(parts):
        if not romaji_place(part.removesuffix(" Prefecture")):
            break
        kept.insert(0, part)
    return "".join(f", {p}" for p in kept)


def _municipality(address: str) -> str | None:
    """The prefecture and municipality an address starts with (東京都足立区, 札幌市中央区),
    if any — the sweep's rule too (``pii_base.place_prefix``)."""
    size = place_prefix(address)
    return address[:size] or None


def diff(full: str, torn: str, *, context: int = 1) -> list[str]:
    """Unified diff lines between the full text and its tear-line (for the approver)."""
    return list(
        difflib.unified_diff(
            full.splitlines(),
            torn.splitlines(),
            "full",
            "tear-line",
            n=context,
            lineterm="",
        )
    )


def leftovers(torn: str, seeded: Sequence[str]) -> list[str]:
    """Which of `seeded` values still appear in `torn` (spaces and width ignored)."""
    squash = re.compile(r"[\s\u3000\-‐－−()（）]")
    haystack = squash.sub("", fold(torn))
    return [v for v in seeded if squash.sub("", fold(v)) in haystack]
