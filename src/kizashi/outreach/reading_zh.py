"""Reading an approach report written wholly in Chinese into the same stages as Japanese.

Japanese reports go through detect's token rules over Sudachi's views (``reading``); Sudachi
cannot cut Chinese, so a text :func:`kizashi.outreach.script.is_chinese` calls Chinese is
read here, by cue phrases of ``data/zh/approach.yaml``: regular expressions over the text
folded from traditional to simplified characters one to one (so a span in the folded text is
the span in the report, and the evidence shows what the report says). Each hit names its rule
and stage; a hit that a guard catches (an ordinary supplier, public information only, a
classmate, a training on methods, a denial) is kept aside as suppressed with the guard and
the text that triggered it — the same shape as detect's rules give, so a Chinese reading is
stored, shown and escalated exactly like a Japanese one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kizashi.datafiles import safe_yaml
from kizashi.outreach.errors import OutreachDataError
from kizashi.outreach.model import stage_model

__all__ = ["ZhGuard", "ZhLexicon", "ZhRule", "read_chinese", "zh_lexicon"]

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True)
class ZhGuard:
    id: str
    pattern: re.Pattern[str]
    scope: str  # sentence, text or before
    before: int


@dataclass(frozen=True)
class ZhRule:
    id: str
    stage: str
    pattern: re.Pattern[str]
    guards: tuple[str, ...]
    positive: tuple[str, ...]
    negative: tuple[str, ...]


@dataclass(frozen=True)
class ZhLexicon:
    fold: dict[int, str]
    guards: dict[str, ZhGuard]
    rules: tuple[ZhRule, ...]
    version: str


def _alternation(patterns: Any, where: str) -> re.Pattern[str]:
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except (re.error, TypeError) as exc:
        raise OutreachDataError(f"{where}: bad pattern: {exc}") from None


def parse_zh_lexicon(data: dict[str, Any], stages: tuple[str, ...], where: str) -> ZhLexicon:
    """Check and compile the Chinese cue phrases (every rule's stage must be a stage id)."""
    try:
        pairs = str(data["fold"]).split()
        if any(len(p) != 2 for p in pairs):
            raise OutreachDataError(f"{where}: fold holds pairs of one character each")
        fold = {ord(p[0]): p[1] for p in pairs}
        guards = {}
        for raw in data["guards"]:
            scope = "before" if "before" in raw else str(raw.get("scope", "sentence"))
            if scope not in ("sentence", "text", "before"):
                raise OutreachDataError(f"{where}: guard {raw['id']}: bad scope {scope!r}")
            guards[str(raw["id"])] = ZhGuard(
                str(raw["id"]),
                _alternation(raw["patterns"], f"{where}: guard {raw['id']}"),
                scope,
                int(raw.get("before", 0)),
            )
        rules = []
        for raw in data["rules"]:
            rule_id = str(raw["id"])
            if raw["stage"] not in stages:
                raise OutreachDataError(f"{where}: rule {rule_id}: unknown stage {raw['stage']!r}")
            unknown = set(raw.get("guards") or ()) - set(guards)
            if unknown:
                raise OutreachDataError(f"{where}: rule {rule_id}: unknown guards {unknown}")
            if not raw.get("positive") or not raw.get("negative"):
                raise OutreachDataError(f"{where}: rule {rule_id}: needs examples both ways")
            rules.append(
                ZhRule(
                    rule_id,
                    str(raw["stage"]),
                    _alternation(raw["patterns"], f"{where}: rule {rule_id}"),
                    tuple(raw.get("guards") or ()),
                    tuple(raw["positive"]),
                    tuple(raw["negative"]),
                )
            )
        version = f"{data['id']}@{data['version']}"
    except (KeyError, TypeError, ValueError) as exc:
        raise OutreachDataError(f"{where}: missing or bad field: {exc}") from None
    if len({r.id for r in rules}) != len(rules):
        raise OutreachDataError(f"{where}: rule ids repeat")
    return ZhLexicon(fold, guards, tuple(rules), version)


@cache
def zh_lexicon() -> ZhLexicon:
    path = resources.files("kizashi.outreach").joinpath("data", "zh", "approach.yaml")
    data = safe_yaml(path.read_text("utf-8"))
    return parse_zh_lexicon(data, stage_model().ids(), "outreach/data/zh/approach.yaml")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END.search(text, end)
    return left, found.start() if found else len(text)


def _guarded(folded: str, start: int, end: int, guard: ZhGuard) -> str | None:
    """The text that triggers ``guard`` for the hit at ``start:end``, or None."""
    if guard.scope == "text":
        found = guard.pattern.search(folded)
    elif guard.scope == "before":
        found = guard.pattern.search(folded, max(0, start - guard.before), start)
    else:
        left, right = _sentence(folded, start, end)
        found = guard.pattern.search(folded, left, right)
    return found.group(0) if found else None


def read_chinese(
    text: str, lexicon: ZhLexicon | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Hits ``{stage, rule, start, end, text}`` and suppressed hits ``{stage, rule, text,
    guards: [{guard, text}]}`` of the cue phrases in ``text``, in text order."""
    lexicon = lexicon or zh_lexicon()
    folded = text.translate(lexicon.fold)
    hits: list[tuple[int, str, str, int]] = []
    suppressed: list[tuple[int, str, str, str, list[dict[str, str]]]] = []
    for rule in lexicon.rules:
        for match in rule.pattern.finditer(folded):
            start, end = match.span()
            if start == end:
                continue
            caught = [
                {"guard": g, "text": found}
                for g in rule.guards
                if (found := _guarded(folded, start, end, lexicon.guards[g])) is not None
            ]
            if caught:
                suppressed.append((start, rule.id, rule.stage, text[start:end], caught))
            else:
                hits.append((start, rule.id, rule.stage, end))
    return (
        [
            {"stage": stage, "rule": rule, "start": start, "end": end, "text": text[start:end]}
            for start, rule, stage, end in sorted(hits)
        ],
        [
            {"stage": stage, "rule": rule, "text": said, "guards": caught}
            for _, rule, stage, said, caught in sorted(suppressed, key=lambda s: (s[0], s[1]))
        ],
    )
