"""Clauses of a token view: where one thing a writer says ends and the next begins.

A detector that reads context ("警察", "report", "arrested") must know how far that context
reaches: 「警察に言っても無駄だ、明日お前を殺す」 is two clauses, and the police word of the
first says nothing about the second. :func:`clause_starts` cuts a token view into clauses and
returns the ORIGINAL offset where each begins; :func:`clause_of` maps an offset to its clause.

Where a clause ends:

- always at a sentence end (。．！？!?.;；…, a newline);
- at a Japanese comma (、，,) only after a predicate that ends a clause — a verb, adjective or
  auxiliary in its final or imperative form, or a sentence-final particle (無駄だ、 構わん、
  怖くない、) — and only when the next token is not a particle. A comma after a topic or a
  noun (容疑者は、 警察によると、 通報案件、) leaves the sentence whole, and so does a comma
  before a quotative particle (殺す、と書いた: the verb of saying governs the clause);
- at an English comma, unless the words after it are a short reporting tail ("…, police
  said", "…, according to officials") or the words before it a reporting lead ("According to
  police, …", "She wrote, …"): the reporting words govern the clause they report;
- before an English conjunction that opens a clause of its own (but, so, because …, followed
  by a subject pronoun: "I reported it but I'm still going to…").

Pure and cheap: one pass over the tokens, no dictionary.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from kizashi.text.tokens import Token

__all__ = ["clause_of", "clause_starts"]

_SENTENCE_END = frozenset("。．！？!?.;；…") | {"...", "‥", "!!", "??", "!?", "?!"}
_COMMA = frozenset({"、", "，", ","})
# English words that report speech: after a comma they govern the clause before it ("…,
# police said"); before one they govern the clause after it ("According to police, …").
_REPORTING = frozenset(
    {
        "said", "says", "say", "saying", "wrote", "writes", "write", "told", "tells",
        "according", "reportedly", "allegedly", "claimed", "claims", "added", "stated",
        "states", "noted", "tweeted", "posted", "texted", "messaged", "replied", "commented",
        "alleged", "testified", "warned", "reported", "reports", "asked", "explained",
    }
)  # fmt: skip
_REPORTING_TAIL = 4  # words after the comma that may form a reporting tail
# Conjunctions that open a clause of their own when a subject follows them.
_CONJUNCTIONS = frozenset(
    {"but", "so", "because", "cause", "cuz", "coz", "though", "although", "while", "and"}
)
_SUBJECTS = frozenset(
    {
        "i", "i'm", "im", "i'll", "ill", "ima", "imma", "i'ma", "i've", "i'd", "we", "we're",
        "we'll", "you", "you're", "you'll", "u", "he", "he's", "he'll", "she", "she's",
        "she'll", "they", "they're", "they'll", "gonna", "finna",
    }
)  # fmt: skip
# 連体形 too: a godan verb's attributive and final forms are one surface, and Sudachi reads
# 殺す、 as attributive; before a comma it modifies nothing.
_FINAL_FORMS = ("終止形", "命令形", "連体形")
_PREDICATES = ("動詞", "形容詞", "助動詞")


def _ends_predicate(token: Token) -> bool:
    """A Japanese token after which a comma closes the clause: a verb, adjective or auxiliary
    in its final or imperative form, or a sentence-final particle (ぞ, よ, わ, な)."""
    if token.pos[:2] == ("助詞", "終助詞"):
        return True
    return token.pos[0] in _PREDICATES and token.pos[-1].startswith(_FINAL_FORMS)


def _words_until_break(tokens: Sequence[Token], k: int) -> list[str]:
    """The lower-cased words from ``tokens[k]`` up to the next punctuation (at most a few)."""
    out = []
    for token in tokens[k : k + _REPORTING_TAIL + 1]:
        if token.pos[0] == "補助記号":
            break
        out.append(token.lower)
    return out


def _words_before(tokens: Sequence[Token], k: int) -> list[str]:
    """The lower-cased words of the clause that ends right before ``tokens[k]``."""
    out: list[str] = []
    for token in reversed(tokens[:k]):
        if token.pos[0] == "補助記号":
            break
        out.append(token.lower)
    return out[::-1]


def _comma_ends_clause(tokens: Sequence[Token], k: int) -> bool:
    before = tokens[k - 1] if k else None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if before is None or after is None:
        return False
    if before.is_latin or after.is_latin:
        tail = _words_until_break(tokens, k + 1)
        if len(tail) <= _REPORTING_TAIL and _REPORTING & set(tail):
            return False  # "…, investigators said."
        lead = _words_before(tokens, k)  # "According to police, …", "She wrote, …"
        return not (lead and (lead[0] == "according" or lead[-1] in _REPORTING))
    return _ends_predicate(before) and after.pos[0] != "助詞"


def clause_starts(tokens: Sequence[Token], original: str) -> tuple[int, ...]:
    """The original offset where each clause of ``tokens`` begins (the first is 0).

    ``original`` is the text the tokens' offsets index (a newline between two tokens ends a
    clause; the token views drop it)."""
    starts = [0]
    for k, token in enumerate(tokens):
        if k and "\n" in original[tokens[k - 1].end : token.start]:
            starts.append(token.start)
        surface = token.surface
        if surface in _SENTENCE_END or (surface in _COMMA and _comma_ends_clause(tokens, k)):
            if k + 1 < len(tokens):
                starts.append(tokens[k + 1].start)
        elif (
            token.lower in _CONJUNCTIONS
            and k + 1 < len(tokens)
            and tokens[k + 1].lower in _SUBJECTS
            and k
            and tokens[k - 1].pos[0] != "補助記号"
        ):
            starts.append(token.start)
    return tuple(sorted(set(starts)))


def clause_of(starts: Sequence[int], offset: int) -> int:
    """The index of the clause (of :func:`clause_starts`) that holds original ``offset``."""
    return max(bisect_right(starts, offset) - 1, 0)
