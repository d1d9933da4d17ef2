"""``detect_rules``: the rule-based verdict on one text, and how it is scored.

Per category the rule score is a noisy-OR of the category's unsuppressed hits:

    base    = 1 − Π (1 − weight)            over the category's *signal* hits
    score   = 1 − (1 − base) · Π (1 − w_c)  over its *context* hits (演説会場, 明日, 11/1 …)
              · (1 − PROTECTED_BOOST)        for threats naming a watch-listed person/event

Context alone scores nothing (a post about tomorrow's rally is not a threat). Each hit counts
once per rule, however often the rule matched, so repeating a word does not inflate a score.
This is the transparent baseline the trained scorer will take as features, not a calibrated
probability.
"""

from __future__ import annotations

from dataclasses import dataclass

from kizashi.detect.lexicon import CATEGORIES, COMPONENTS, Lexicon, load_lexicon
from kizashi.detect.named import NAMED_PERSON_RULES, named_targets
from kizashi.detect.rules import RuleHit, SuppressedHit, run_rules
from kizashi.detect.watchlist import load_watchlist
from kizashi.text import TextViews, views

__all__ = ["PROTECTED_BOOST", "READING_PARTS", "RuleResult", "detect_rules", "detect_views"]

PROTECTED_BOOST = 0.3
# The parts that make an intended harm a threat against someone or something: a person, a
# place people are, an event, a watch-listed person or event.
READING_PARTS = frozenset({"target", "place", "event", "protected_person"})


@dataclass(frozen=True)
class RuleResult:
    hits: tuple[RuleHit, ...]
    suppressed: tuple[SuppressedHit, ...]
    protected: tuple[str, ...]  # watch-list ids named by a text with a threat hit
    named: tuple[str, ...]  # watch-list ids named by a text with any hit, threat or not
    scores: dict[str, float]  # every category, 0..1
    # The compositional threat reading: an unsuppressed composed threat hit whose harm is said
    # as intent (a rule marked ``intent``) and that names a person, place, event or protectee.
    # The scorer flags such a text as a threat whatever the model's score.
    reading: tuple[str, ...] = ()  # the intent rules of that reading, empty when none

    @property
    def category(self) -> str | None:
        """The highest-scoring category, or None when no category scored."""
        best = max(CATEGORIES, key=lambda c: self.scores[c])
        return best if self.scores[best] > 0 else None

    @property
    def score(self) -> float:
        return max(self.scores.values())

    def evidence(self) -> list[dict[str, object]]:
        """Hits that support a category (``benign`` idiom hits are counter-evidence)."""
        return [hit.evidence() for hit in self.hits if hit.role != "benign"]

    def explain(self) -> dict[str, object]:
        """Everything an analyst needs to see why: hits, suppressed hits and their guards."""
        return {
            "scores": self.scores,
            "evidence": self.evidence(),
            "suppressed": [
                {**s.hit.evidence(), "guards": [{"guard": g, "text": t} for g, t in s.guards]}
                for s in self.suppressed
            ],
            "protected": list(self.protected),
            "counter_evidence": [h.evidence() for h in self.hits if h.role == "benign"],
        }


def _scores(hits: list[RuleHit], protected: bool, unscored: frozenset[str]) -> dict[str, float]:
    scores = {}
    for category in CATEGORIES:
        # ``unscored``: rules that are no model input (``feature: false``) do not move the
        # rule score either, which is one (their composed hits do, as any composed hit).
        by_rule = {h.rule: h for h in hits if h.category == category and h.rule not in unscored}
        mine = by_rule.values()
        signal = [h.weight for h in mine if h.role == "signal"]
        if not signal:
            scores[category] = 0.0
            continue
        miss = 1.0
        for weight in signal + [h.weight for h in mine if h.role == "context"]:
            miss *= 1 - weight
        if category == "threat" and protected:
            miss *= 1 - PROTECTED_BOOST
        scores[category] = round(1 - miss, 4)
    return scores


def _composed(
    lexicon: Lexicon, hits: list[RuleHit], named: tuple[str, ...], text_views: TextViews
) -> list[RuleHit]:
    """Hits of the composed rules: every component group satisfied by some hit.

    The composed hit spans its first group's hit (the harm itself) and lists every component
    found in the text, so an analyst and triage's urgent rules see who, when, where, which
    event and by what means, each with its own span — and, as ``named_target``, the names
    among the targets (:mod:`kizashi.detect.named`; a pronoun, role, relative or epithet is none).
    """
    rules = {r.id: r for r in lexicon.rules}
    parts: dict[str, list[RuleHit]] = {}
    for hit in hits:
        component = rules[hit.rule].component
        if component is not None and hit.role != "benign":
            parts.setdefault(component, []).append(hit)
    if "target" in parts or any(h.rule in NAMED_PERSON_RULES for h in hits):
        spans = [
            (h.rule, h.start, h.end)
            for h in hits
            if h.role != "benign"
            and (rules[h.rule].component == "target" or h.rule in NAMED_PERSON_RULES)
        ]
        harms = [h.start for h in parts.get("harm_intent", ())]
        names = named_targets(text_views.original, text_views.tokens, spans, harms)
        if names:
            parts["named_target"] = [
                RuleHit(rule, "threat", "context", 0.0, start, end, words, "tokens")
                for rule, start, end, words in names
            ]
    present = set(parts) | ({"protected_person"} if named else set())
    out = []
    for rule in lexicon.rules:
        if not rule.compose or not all(present & set(group) for group in rule.compose):
            continue
        anchor = next(h for c in rule.compose[0] for h in parts.get(c, ()))
        listed = tuple(
            (component, h.rule, h.start, h.end, h.text)
            for component in COMPONENTS
            for h in parts.get(component, ())
        ) + tuple(("protected_person", pid, -1, -1, "") for pid in named)
        out.append(
            RuleHit(rule.id, rule.category, rule.role, rule.weight, anchor.start, anchor.end,
                    anchor.text, anchor.view, listed)
        )  # fmt: skip
    return out


def detect_views(text_views: TextViews) -> RuleResult:
    """Like :func:`detect_rules`, for views already computed."""
    lexicon = load_lexicon()
    hits, suppressed = run_rules(text_views, lexicon)
    # The watch-list only matters for a text that has hits (or guarded hits): nearly every
    # text has none, so this keeps the common case fast.
    named = load_watchlist().named(text_views) if hits or suppressed else ()
    if named and suppressed:
        hits, suppressed = run_rules(text_views, lexicon, protected=True)
    if hits:
        hits = sorted(
            [*hits, *_composed(lexicon, hits, named, text_views)],
            key=lambda h: (h.start, h.end, h.rule),
        )
    threat = any(h.category == "threat" and h.role == "signal" for h in hits)
    protected = named if threat else ()
    return RuleResult(
        hits=tuple(hits),
        suppressed=tuple(suppressed),
        protected=protected,
        named=named,
        scores=_scores(hits, bool(protected), _unscored(lexicon)),
        reading=_reading(lexicon, hits) if threat else (),
    )


def _unscored(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(r.id for r in lexicon.rules if not r.feature)


def _reading(lexicon: Lexicon, hits: list[RuleHit]) -> tuple[str, ...]:
    """The harm rules of a compositional threat reading, empty when there is none.

    A composed threat hit is read as a threat when its harm is said as intent (a rule marked
    ``intent``) and it names a person, place, event or protectee; or when any threat signal
    rule's harm (a plain 殺す, 刺す) comes with all three of a person (or protectee), a time
    and a place or event — a dated threat against someone somewhere.
    """
    rules = {r.id: r for r in lexicon.rules}
    found: set[str] = set()
    for hit in hits:
        if hit.category != "threat" or not hit.components:
            continue
        parts = {component for component, *_ in hit.components}
        harm = [rule for c, rule, *_ in hit.components if c == "harm_intent" and rule in rules]
        if parts & READING_PARTS:
            found |= {rule for rule in harm if rules[rule].intent}
        if (
            parts & {"target", "protected_person"}
            and parts & {"time", "imminent"}
            and parts & {"place", "event"}
        ):
            found |= {rule for rule in harm if rules[rule].role == "signal"}
    return tuple(sorted(found))


def detect_rules(text: str) -> RuleResult:
    """Run every shipped rule, guard and watch-list over ``text``."""
    return detect_views(views(text))
