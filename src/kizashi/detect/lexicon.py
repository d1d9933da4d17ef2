"""Loading and validating the rule and guard files in ``detect/rules/*.yaml``.

A rule file has a file-level integer ``version`` and a list ``rules``; ``guards.yaml`` has
``version`` and ``guards``. Every problem raises :class:`LexiconError` naming the file and the
entry id, because a rule that silently fails to load is a threat that silently goes unseen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from kizashi.datafiles import cached_yaml
from kizashi.detect.patterns import Pattern, compile_pattern
from kizashi.errors import SchemaError

__all__ = [
    "CATEGORIES",
    "COMPONENTS",
    "GUARD_SCOPES",
    "Guard",
    "Lexicon",
    "LexiconError",
    "Requirement",
    "Rule",
    "load_lexicon",
    "parse_lexicon",
    "read_lexicon_files",
]

CATEGORIES = ("threat", "recruitment", "weapon", "prohibited_listing", "suspicious_activity")
# The parts of a threat that a composed rule puts together and that triage's urgent rules
# read (kizashi.triage's urgent.yaml names them too): the intent to harm, by what means, who,
# when, how soon, where, at which event, and which watch-listed person or event; last, the
# target when it is said by a person's name (kizashi.detect.named reads it from the target's
# own tokens: no rule declares it).
COMPONENTS = (
    "harm_intent",
    "means",
    "target",
    "time",
    "imminent",
    "place",
    "event",
    "protected_person",
    "named_target",
)
GUARD_SCOPES = ("text", "clause", "own-clause", "window", "before", "after", "overlap", "quote")
VIEWS = ("tokens", "decoded")
ROLES = ("signal", "context", "benign")
_RULE_KEYS = {
    "id", "category", "role", "weight", "match", "requires", "views", "guards",
    "examples", "source", "component", "compose", "intent", "feature", "addressed",
}  # fmt: skip
_GUARD_KEYS = {
    "id", "scope", "window", "match", "unless", "yield_to_protected", "yield_to_intent",
    "examples", "note",
}  # fmt: skip


class LexiconError(SchemaError):
    """A rule or guard file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Requirement:
    """Another pattern that must also match, within ``window`` tokens (None: anywhere)."""

    patterns: tuple[Pattern, ...]
    window: int | None


@dataclass(frozen=True)
class Rule:
    id: str
    file: str
    category: str
    # "signal" scores on its own; "context" only raises a category that has one; "benign" is
    # counter-evidence (an idiom): never scored, never evidence, a feature for the model
    role: str
    weight: float
    patterns: tuple[Pattern, ...]
    requires: tuple[Requirement, ...]
    views: tuple[str, ...]
    guards: tuple[str, ...]
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    source: str
    component: str | None = None  # what part of a threat a hit of this rule is
    # A composed rule has no patterns: it fires when, for every group, a hit of some rule
    # with one of the group's components is present (``protected``: the watch-list).
    compose: tuple[tuple[str, ...], ...] = ()
    # An ``intent`` rule reads harm said as the writer's own intention (an intent frame: てやる,
    # たる, させていただきます, a bomb being planted …), not a mention of harm. Composed with a
    # person, place or event it is a threat whatever the model says (``RuleResult.reading``).
    intent: bool = False
    # ``feature: false``: not an input of the model (a rule added after the shipped weights
    # were fitted; the rule columns must stay those the weights were fitted on). Its hits
    # are evidence and compose as any other; the next retrain may make it a feature.
    feature: bool = True
    # ``addressed``: harm said TO someone (a curse with its addressee: お前死ね, "you should
    # die"). Not an intention, so no compositional reading; but like an intent hit it keeps
    # the guards of OTHER clauses away (「通報した。お前死ね」 is no report of a curse).
    addressed: bool = False


@dataclass(frozen=True)
class Guard:
    id: str
    scope: str
    window: int
    patterns: tuple[Pattern, ...]
    yield_to_protected: bool
    suppresses: tuple[str, ...]
    keeps: tuple[str, ...]
    note: str
    # The guard stands down when one of these matches anywhere in the text: "this is not a
    # game" is no game, "I'm serious" is no fiction.
    unless: tuple[Pattern, ...] = ()
    # The guard stands down when the text also says harm as the writer's own intention (an
    # ``intent`` rule's hit that no other guard suppresses): a whole-text guard such as
    # counter-speech must not let "…, report me if you want" or 「警察に言っても無駄だ」 hide
    # "I will shoot up the school tomorrow" or 明日お前を殺す.
    yield_to_intent: bool = False


@dataclass(frozen=True)
class Lexicon:
    versions: dict[str, int]  # file name -> version
    rules: tuple[Rule, ...]
    guards: dict[str, Guard]

    @cached_property
    def intent_rules(self) -> tuple[Rule, ...]:
        """The rules that say harm as the writer's own intention (chosen once, not per text)."""
        return tuple(rule for rule in self.rules if rule.intent)

    @cached_property
    def addressed_rules(self) -> tuple[Rule, ...]:
        """The rules that say harm to an addressee (curses with a second person or a name)."""
        return tuple(rule for rule in self.rules if rule.addressed)


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where}: must be a list of non-empty strings")
    return tuple(value)


def _patterns(spec: Any, where: str, *, phrases: bool = False) -> tuple[Pattern, ...]:
    if not isinstance(spec, list) or not spec:
        raise LexiconError(f"{where}: 'match' must be a non-empty list of patterns")
    try:
        return tuple(
            compile_pattern(item, f"{where}: match[{n}]", phrases=phrases)
            for n, item in enumerate(spec)
        )
    except ValueError as exc:
        raise LexiconError(str(exc)) from None


def _rule(
    entry: Any, file: str, categories: Sequence[str] = CATEGORIES, phrases: bool = True
) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise LexiconError(f"{file}: every rule needs a string 'id'")
    where = f"{file}: rule {entry['id']!r}"
    unknown = sorted(set(entry) - _RULE_KEYS)
    if unknown:
        raise LexiconError(f"{where}: unknown keys {unknown}")
    category, role = entry.get("category"), entry.get("role", "signal")
    if not isinstance(category, str) or category not in categories:
        raise LexiconError(f"{where}: category must be one of {', '.join(categories)}")
    if role not in ROLES:
        raise LexiconError(f"{where}: role must be one of {', '.join(ROLES)}")
    weight = entry.get("weight")
    if not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise LexiconError(f"{where}: weight must be a number in (0, 1]")
    requires = []
    for n, req in enumerate(entry.get("requires") or []):
        if not isinstance(req, dict) or "match" not in req:
            raise LexiconError(f"{where}: requires[{n}] needs 'match' (and optional 'window')")
        window = req.get("window")
        if window is not None and (not isinstance(window, int) or window < 0):
            raise LexiconError(f"{where}: requires[{n}].window must be a non-negative integer")
        requires.append(
            Requirement(_patterns(req["match"], f"{where} requires[{n}]", phrases=phrases), window)
        )
    views = tuple(entry.get("views") or VIEWS)
    if set(views) - set(VIEWS):
        raise LexiconError(f"{where}: views must be among {', '.join(VIEWS)}")
    examples = entry.get("examples")
    if not isinstance(examples, dict):
        raise LexiconError(f"{where}: needs examples: {{positive: [...], negative: [...]}}")
    positive = _texts(examples.get("positive"), f"{where}: examples.positive")
    negative = _texts(examples.get("negative"), f"{where}: examples.negative")
    if len(positive) < 2 or len(negative) < 2:
        raise LexiconError(f"{where}: needs at least 2 positive and 2 negative examples")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise LexiconError(f"{where}: needs a 'source' note saying where the term comes from")
    component = entry.get("component")
    if component is not None and component not in COMPONENTS:
        raise LexiconError(f"{where}: component must be one of {', '.join(COMPONENTS)}")
    if component == "named_target":
        # Read from the target's own tokens (kizashi.detect.named), never declared.
        raise LexiconError(f"{where}: named_target is read from a target's tokens, not a rule")
    compose = _compose(entry.get("compose"), where)
    if compose and "match" in entry:
        raise LexiconError(f"{where}: a rule has either 'match' or 'compose', not both")
    intent = entry.get("intent", False)
    if not isinstance(intent, bool) or (intent and component != "harm_intent"):
        raise LexiconError(f"{where}: 'intent' is true or false, and only for harm_intent rules")
    feature = entry.get("feature", True)
    if not isinstance(feature, bool):
        raise LexiconError(f"{where}: 'feature' is true or false")
    addressed = entry.get("addressed", False)
    if not isinstance(addressed, bool):
        raise LexiconError(f"{where}: 'addressed' is true or false")
    return Rule(
        id=entry["id"],
        file=file,
        category=category,
        role=role,
        weight=float(weight),
        # Multi-word entries ("city hall", "bus stop") match as token sequences (version 6 of
        # threat.yaml; before, they were compared with one token and never matched).
        patterns=() if compose else _patterns(entry.get("match"), where, phrases=phrases),
        requires=tuple(requires),
        views=views,
        guards=_texts(entry.get("guards") or [], f"{where}: guards") if entry.get("guards") else (),
        positive=positive,
        negative=negative,
        source=source.strip(),
        component=component,
        compose=compose,
        intent=intent,
        feature=feature,
        addressed=addressed,
    )


def _compose(spec: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if spec is None:
        return ()
    if not isinstance(spec, list) or not spec:
        raise LexiconError(f"{where}: 'compose' must be a non-empty list of component groups")
    groups = []
    for n, group in enumerate(spec):
        names = group if isinstance(group, list) else [group]
        if not names or any(name not in COMPONENTS for name in names):
            raise LexiconError(
                f"{where}: compose[{n}] must name components among {', '.join(COMPONENTS)}"
            )
        groups.append(tuple(names))
    return tuple(groups)


def _guard(entry: Any, file: str) -> Guard:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise LexiconError(f"{file}: every guard needs a string 'id'")
    where = f"{file}: guard {entry['id']!r}"
    unknown = sorted(set(entry) - _GUARD_KEYS)
    if unknown:
        raise LexiconError(f"{where}: unknown keys {unknown}")
    scope = entry.get("scope")
    if scope not in GUARD_SCOPES:
        raise LexiconError(f"{where}: scope must be one of {', '.join(GUARD_SCOPES)}")
    examples = entry.get("examples") or {}
    return Guard(
        id=entry["id"],
        scope=scope,
        window=int(entry.get("window", 3)),
        # Guards read multi-word entries ("not okay", "i am") as token sequences.
        patterns=() if scope == "quote" else _patterns(entry.get("match"), where, phrases=True),
        yield_to_protected=bool(entry.get("yield_to_protected", False)),
        yield_to_intent=bool(entry.get("yield_to_intent", False)),
        suppresses=_texts(examples.get("suppresses", []), f"{where}: examples.suppresses"),
        keeps=_texts(examples.get("keeps", []), f"{where}: examples.keeps"),
        note=str(entry.get("note", "")),
        unless=(
            _patterns(entry["unless"], f"{where}: unless", phrases=True)
            if "unless" in entry
            else ()
        ),
    )


def parse_lexicon(
    files: dict[str, Any], *, categories: Sequence[str] = CATEGORIES, phrases: bool = True
) -> Lexicon:
    """Validate parsed YAML documents (file name -> document) into one :class:`Lexicon`.

    ``categories`` are the categories a rule may name: detection's own by default; another
    room that reads text with this engine (outreach's approach stages) passes its own, so
    its lexicon is checked by the same loader and run by the same :func:`run_rules`.
    ``phrases=False`` compiles rules as before threat.yaml version 6 (a multi-word entry
    compared with one token only), to measure what phrase matching changes
    (``benchmarks/detect_phrases.py``).
    """
    versions: dict[str, int] = {}
    rules: list[Rule] = []
    guards: dict[str, Guard] = {}
    for name, data in sorted(files.items()):
        if not isinstance(data, dict) or not isinstance(data.get("version"), int):
            raise LexiconError(f"{name}: needs an integer file-level 'version'")
        versions[name] = data["version"]
        for entry in data.get("rules") or []:
            rules.append(_rule(entry, name, categories, phrases))
        for entry in data.get("guards") or []:
            guard = _guard(entry, name)
            if guard.id in guards:
                raise LexiconError(f"{name}: guard {guard.id!r} is defined twice")
            guards[guard.id] = guard
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise LexiconError(f"{rule.file}: rule {rule.id!r} also defined in {seen[rule.id]}")
        seen[rule.id] = rule.file
        missing = [g for g in rule.guards if g not in guards]
        if missing:
            raise LexiconError(f"{rule.file}: rule {rule.id!r}: unknown guards {missing}")
    return Lexicon(versions=versions, rules=tuple(rules), guards=guards)


def read_lexicon_files(folder: Traversable) -> dict[str, Any]:
    """Every ``*.yaml`` of ``folder`` parsed (file name -> document), for :func:`parse_lexicon`."""
    files = {}
    for item in folder.iterdir():
        if item.name.endswith(".yaml"):
            try:
                files[item.name] = cached_yaml(item.read_text("utf-8"))
            except yaml.YAMLError as exc:
                raise LexiconError(f"{item.name}: not valid YAML: {exc}") from None
    return files


@cache
def shipped_lexicon_files() -> dict[str, Any]:
    """The shipped rule files as YAML loaded them, read once per process (about a second):
    the lexicon is parsed from them and their version hashed from them
    (:mod:`kizashi.detect.rule_versions`). Not to be modified."""
    return read_lexicon_files(resources.files("kizashi.detect").joinpath("rules"))


@cache
def load_lexicon() -> Lexicon:
    """The shipped rules and guards, parsed and validated once per process."""
    return parse_lexicon(shipped_lexicon_files())
