"""The rule engine: run every rule over the token views, apply guards, explain every hit.

A rule matches on the plain tokens and, when the text needed decoding, on the decoded tokens;
a decoded-view hit is kept only if a decoded token is part of it (otherwise the plain view
already said the same thing). Each hit is checked against the rule's guards; a guarded hit is
not dropped silently but returned as suppressed, with the guard and the text that triggered
it, so ``--explain`` can show why a post that looks alarming was let through.

A guard of scope ``clause`` (counter-speech, news) reads the post clause by clause
(:func:`kizashi.text.clause_starts`): its words suppress a hit in their own clause, and a hit
in another clause only when that clause does not say harm as the writer's own intention (an
``intent`` hit that no guard of its own clause suppresses). 「警察に言っても無駄だ、明日お前を殺す」
is a threat beside a police word; 「「殺す」と送った疑いで逮捕」 and "He said he'd kill her.
Reported to police." stay reports. A clause with a curse said to someone (an ``addressed``
rule's hit that its own clause's guards leave alone: お前死ね, 係長死ね, "you're gonna die") is
kept from other clauses' guards the same way, though it is no intention: 「通報した。お前死ね」.
A guard of scope ``own-clause`` (a reported threat: 〜という書き込み) acts in the hit's clause
only: 「爆破するという書き込みがあった。俺があいつの店燃やしたる」 keeps the second threat even
though it says no intention the engine reads as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from kizashi.detect.lexicon import Guard, Lexicon, Rule
from kizashi.detect.patterns import TokenIndex, any_near, find_all
from kizashi.text import TextViews, Token, clause_of, clause_starts, markup_spans

__all__ = ["RuleHit", "SuppressedHit", "run_rules"]

# Guards read clause by clause: ``clause`` may reach other clauses that say no intention of
# the writer's own; ``own-clause`` never leaves the hit's clause (a report names what it reports
# in the same clause: 学校を爆破するという書き込みがあった).
_CLAUSE_SCOPES = ("clause", "own-clause")

# Quotation marks that report speech. 【】 is left out: it brackets headings (【高額バイト】).
_QUOTES = {"「": "」", "『": "』", "“": "”", '"': '"', "《": "》"}
# English single quotes ('I will shoot up the school' is a crime): an opening mark at the
# start or after a space or bracket, a closing one before a space, punctuation or the end, so
# the apostrophes of you'll, don't and the boys' bikes never open a quotation.
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[:]))['‘](?=\S)([^\n]+?)(?<=\S)['’](?=$|[\s.,;:!?)\]])")


@dataclass(frozen=True)
class RuleHit:
    """Evidence: ``text`` is ``original[start:end]``; ``view`` says where the rule matched
    ("tokens", or "decoded:<kinds>" such as "decoded:goroawase")."""

    rule: str
    category: str
    role: str
    weight: float
    start: int
    end: int
    text: str
    view: str
    # A composed rule's parts: (component, rule id, start, end, text) for every hit that
    # played a part, and ("protected_person", watch-list id, -1, -1, "") for a protectee.
    components: tuple[tuple[str, str, int, int, str], ...] = ()

    def evidence(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "view": self.view,
        }
        if self.components:
            parts: dict[str, list[object]] = {}
            for component, rule, start, end, text in self.components:
                if component == "protected_person":
                    parts.setdefault(component, []).append(rule)
                else:
                    entry = {"rule": rule, "start": start, "end": end, "text": text}
                    parts.setdefault(component, []).append(entry)
            out["components"] = parts
        return out


@dataclass(frozen=True)
class SuppressedHit:
    """A hit that guards suppressed; ``guards`` lists every guard that fired, each with the
    text it matched (the quotation, 逮捕, ゲーム, ...), in the rule's order."""

    hit: RuleHit
    guards: tuple[tuple[str, str], ...]

    @property
    def guard(self) -> str:
        return self.guards[0][0]

    @property
    def guard_text(self) -> str:
        return self.guards[0][1]


def _span(tokens: Sequence[Token], i: int, j: int) -> tuple[int, int]:
    return min(t.start for t in tokens[i:j]), max(t.end for t in tokens[i:j])


def _requirements_met(
    rule: Rule, tokens: Sequence[Token], index: TokenIndex, i: int, j: int
) -> bool:
    for req in rule.requires:
        if req.window is None:
            ok = any(find_all(pattern, tokens, index) for pattern in req.patterns)
        else:
            lo, hi = i - req.window, j + req.window
            ok = any(any_near(pattern, tokens, index, lo, hi) for pattern in req.patterns)
        if not ok:
            return False
    return True


def _quoted(original: str, start: int, end: int) -> str | None:
    """The enclosing quotation if ``original[start:end]`` sits inside one, else None."""
    if "'" in original or "‘" in original:
        for m in _SINGLE_QUOTED.finditer(original):
            if m.start() < start and end <= m.end():
                return m.group(0)
    for opening, closing in _QUOTES.items():
        left = original.rfind(opening, 0, start)
        if left < 0:
            continue
        right = original.find(closing, end)
        between = original[left + 1 : start]
        if right >= 0 and closing not in between and "\n" not in original[left:right]:
            return original[left : right + 1]
    return None


def _guard_hit(
    guard: Guard,
    views: TextViews,
    tokens: Sequence[Token],
    index: TokenIndex,
    span: tuple[int, int, int, int],
    markup: tuple[tuple[int, int], ...] = (),
    reaches: Callable[[int], bool] | None = None,
) -> str | None:
    """The text of the guard's match that suppresses the hit at ``span``, else None.

    ``reaches`` (scope ``clause`` or ``own-clause``): whether a match starting at that original
    offset reaches the hit (its own clause, or for ``clause`` a clause that may govern it)."""
    i, j, start, end = span
    if any(find_all(pattern, tokens, index) for pattern in guard.unless):
        return None  # "this is not a game": the text itself says the guard's reading is wrong
    if guard.scope == "quote":
        return _quoted(views.original, start, end)
    for pattern in guard.patterns:
        for a, b in find_all(pattern, tokens, index):
            s, e = _span(tokens, a, b)
            if any(ms <= s and e <= me for ms, me in markup):
                continue  # a word inside a handle or a link (@news_jp, @game_taro)
            near = (
                guard.scope == "text"
                or (guard.scope in _CLAUSE_SCOPES and reaches is not None and reaches(s))
                or (guard.scope == "overlap" and a < j and b > i)
                or (guard.scope == "window" and a < j + guard.window and b > i - guard.window)
                or (guard.scope == "after" and j <= a < j + guard.window)
                or (guard.scope == "before" and i - guard.window < b <= i)
            )
            if near:
                return views.original[s:e]
    return None


def _view_name(tokens: Sequence[Token], i: int, j: int) -> str | None:
    kinds = dict.fromkeys(kind for t in tokens[i:j] for kind in t.decoded)
    return "decoded:" + "+".join(kinds) if kinds else None


Intended = Callable[[], frozenset[int]]


class _Scan:
    """The token indexes and markup of one text, and the rules' hits on it."""

    def __init__(self, views: TextViews, lexicon: Lexicon) -> None:
        self.views = views
        self.lexicon = lexicon
        self.markup = markup_spans(views.original)
        self.indexes = {"tokens": TokenIndex.of(views.tokens)}
        if views.decoded_tokens is not views.tokens:
            self.indexes["decoded"] = TokenIndex.of(views.decoded_tokens)
        self._starts: tuple[int, ...] | None = None

    def clause(self, offset: int) -> int:
        """The clause of the plain token view holding original ``offset`` (computed once,
        when a clause-scoped guard first finds its words)."""
        if self._starts is None:
            self._starts = clause_starts(self.views.tokens, self.views.original)
        return clause_of(self._starts, offset)

    def _reaches(
        self,
        guard: Guard,
        start: int,
        intended: Intended | None,
        addressed: Intended | None = None,
        own_clause: bool = False,
    ) -> Callable[[int], bool]:
        """Whether a clause guard's match at an offset reaches a hit starting at ``start``.

        Its own clause: yes, unless the guard yields to intent and that clause says harm as
        the writer's own intention. Another clause: only when the hit's clause says no such
        thing and (``addressed``) no curse said to someone (お前死ね). ``intended`` None: the
        pass that looks for that intention, where a clause guard acts in its own clause only;
        ``own_clause``: the pass that looks for the addressed curses, the same."""

        def reaches(offset: int) -> bool:
            mine = self.clause(start)
            same = self.clause(offset) == mine
            if guard.scope == "own-clause":
                return same
            if intended is None:
                return same and not guard.yield_to_intent
            # Ask for the intended clauses only when the answer matters: a guard that does not
            # yield to intent reaches its own clause whatever it says (sports, game-fiction read
            # clause by clause since the seventeenth pass, and most of their matches are there).
            if same:
                return not (guard.yield_to_intent and mine in intended())
            if own_clause or mine in intended():
                return False
            return addressed is None or mine not in addressed()

        return reaches

    def run(
        self,
        rules: Sequence[Rule],
        protected: bool,
        intended: Intended | None,
        addressed: Intended | None = None,
        own_clause: bool = False,
    ) -> tuple[dict[tuple[str, int, int], RuleHit], dict[tuple[str, int, int], SuppressedHit]]:
        """The hits of `rules`. ``intended()`` gives the clauses that say harm as the writer's
        own intention (asked only when a guard that depends on it finds its words: most texts
        never need the answer); ``None`` when looking for those clauses, where guards marked
        ``yield_to_intent`` stand down and clause guards act in their own clause only."""
        views = self.views
        hits: dict[tuple[str, int, int], RuleHit] = {}
        suppressed: dict[tuple[str, int, int], SuppressedHit] = {}
        for rule in rules:
            for view in rule.views:
                if view not in self.indexes:
                    continue
                index = self.indexes[view]
                tokens = views.tokens if view == "tokens" else views.decoded_tokens
                for pattern in rule.patterns:
                    for i, j in find_all(pattern, tokens, index):
                        name = "tokens" if view == "tokens" else _view_name(tokens, i, j)
                        if name is None:
                            continue
                        start, end = _span(tokens, i, j)
                        key = (rule.id, start, end)
                        if key in hits or not _requirements_met(rule, tokens, index, i, j):
                            continue
                        hit = RuleHit(
                            rule.id, rule.category, rule.role, rule.weight, start, end,
                            views.original[start:end], name,
                        )  # fmt: skip
                        fired = []
                        for guard_id in rule.guards:
                            guard = self.lexicon.guards[guard_id]
                            if protected and guard.yield_to_protected:
                                continue
                            span = (i, j, start, end)
                            reaches = (
                                self._reaches(guard, start, intended, addressed, own_clause)
                                if guard.scope in _CLAUSE_SCOPES
                                else None
                            )
                            found = _guard_hit(
                                guard, views, tokens, index, span, self.markup, reaches
                            )
                            if found is None or (
                                guard.yield_to_intent
                                and guard.scope not in _CLAUSE_SCOPES
                                and (intended is None or intended())
                            ):
                                continue
                            fired.append((guard.id, found))
                        if fired:
                            suppressed.setdefault(key, SuppressedHit(hit, tuple(fired)))
                        else:
                            hits[key] = hit
                            suppressed.pop(key, None)
        return hits, suppressed


def run_rules(
    views: TextViews, lexicon: Lexicon, *, protected: bool = False
) -> tuple[list[RuleHit], list[SuppressedHit]]:
    """All hits of all rules on ``views``, and the hits that guards suppressed.

    ``protected`` tells guards marked ``yield_to_protected`` (fiction, games) to stand down
    because the text names someone on the watch-list. Guards marked ``yield_to_intent``
    stand down when an ``intent`` rule hits and no other guard suppresses that hit: the writer
    says harm as their own intention, whatever else the text says around it (a ``clause``
    guard: in that hit's clause). A ``clause`` guard reaches other clauses only when they say
    no such intention (module docstring).
    """
    scan = _Scan(views, lexicon)

    @cache
    def intended() -> frozenset[int]:
        """The clauses with an intent hit that no guard but the yielding ones suppresses (a
        clause guard only from inside the clause)."""
        found = scan.run(lexicon.intent_rules, protected, None)[0].values()
        return frozenset(scan.clause(hit.start) for hit in found)

    @cache
    def addressed() -> frozenset[int]:
        """The clauses with a curse said to someone (an ``addressed`` hit) that no guard of
        their own clause suppresses."""
        if not lexicon.addressed_rules:
            return frozenset()
        found = scan.run(lexicon.addressed_rules, protected, intended, own_clause=True)[0]
        return frozenset(scan.clause(hit.start) for hit in found.values())

    hits, suppressed = scan.run(lexicon.rules, protected, intended, addressed)
    ordered = sorted(hits.values(), key=lambda h: (h.start, h.end, h.rule))
    return ordered, sorted(suppressed.values(), key=lambda s: (s.hit.start, s.hit.rule))
