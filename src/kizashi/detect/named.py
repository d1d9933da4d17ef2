"""A threat's target said by a person's name: the ``named_target`` part of a composed threat.

The ``target`` part is whoever a threat is aimed at — a pronoun, a role, a relative, an
epithet or a name (him, you, bitch, こいつ, 上司, 田中). A desk treats "I'll kill him" and
"I'll kill Daniel Brooks" differently: the second points at a person someone can warn. The
name is read from the tokens of the spans that already found the target, so no rule file
says it twice:

- Japanese: a token Sudachi tags ``名詞-固有名詞-人名`` (田中, 太郎); a family and a given
  name side by side are one name (山田太郎), and an honorific right after it (さん, くん, 氏,
  様…) is shown with it. Sudachi tags English words it does not know as 人名 too ("hope",
  "lost", "more" were three of six such "names" in the dev split's threats), so a Latin
  word tagged so counts only capitalised inside a sentence (Gates, Kendall Jones).
- English: the person det48 and det49 read after a harm verb (``threat-context-target``'s
  named-person alternatives, and ``threat-named-person-en``): the word after the verb, its
  particle and any title ("shoot Dr. Patel", "end marcus with a 9mm", "stab Dale when he gets
  home"), with a capitalised surname after a capitalised given name (Kendall Jones). A
  pronoun, a role or an epithet there is no name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kizashi.text import Token

__all__ = ["NAMED_PERSON_RULES", "named_targets"]

# Hits of these rules name their person inside the harm's own span (det48's writer's frame
# and a name); a ``target`` hit names it in its span.
NAMED_PERSON_RULES = frozenset({"threat-named-person-en"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NAME_POS = ("名詞", "固有名詞", "人名")
_HONORIFICS = frozenset({"さん", "くん", "君", "ちゃん", "様", "さま", "氏", "殿"})
# The harm verbs after which det48/det49 read a person (threat.yaml's named_verb_en,
# lethal_strict_en, kill_low_en); "run over" and "finish off" are a verb and a particle.
_HARM_EN = _words(
    """kill killing murder murdering shoot shooting stab stabbing strangle strangling knife
    knifing shank shanking murk murking slaughter butcher behead beheading execute assassinate
    lynch choke choking end ending glass glassing batter battering unalive run running finish
    finishing slit slitting decapitate decapitating bludgeon bludgeoning"""
)
_PARTICLES_EN = frozenset({"down", "off", "up", "out", "in", "over"})
_TITLES_EN = _words(
    """mr mrs ms miss mister dr doctor prof professor sgt det rev cllr lt gov sen rep pres
    officer judge senator coach councillor councilman councilwoman detective sergeant agent
    deputy sheriff mayor governor pastor rabbi imam reverend nurse principal president
    congressman congresswoman"""
)
# Words that stand where a name would and are none: pronouns, roles, relatives, epithets.
_NOT_NAMES_EN = _words(
    """i me you u ya him her them us it yall everyone everybody someone somebody anyone anybody
    the a an my your his their our this that these those boss mom dad mother father wife
    husband brother sister son daughter kid kids baby teacher cop cops neighbor neighbour ex
    bitch bitches bastard fucker motherfucker hoe hoes whore cunt prick asshole dude guy
    girl boy man woman people everyone with using in through when once after tonight tomorrow
    today"""
)
_NAME_EN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CAPITALISED = re.compile(r"[A-Z][a-z][A-Za-z'-]*")


def named_targets(
    original: str, tokens: Sequence[Token], spans: Iterable[tuple[str, int, int]]
) -> list[tuple[str, int, int, str]]:
    """The names in the spans that found a threat's target: (rule, start, end, words), each
    name once (the longest where two overlap), in the order of the text. ``spans``: (rule, start, end)
    of the ``target`` hits and of :data:`NAMED_PERSON_RULES` hits."""
    found: dict[tuple[int, int], tuple[str, int, int, str]] = {}
    for rule, start, end in spans:
        inside = [i for i, tok in enumerate(tokens) if tok.start >= start and tok.end <= end]
        if not inside:
            continue
        for first, last in [*_tagged(tokens, inside, original), *_english(tokens, inside)]:
            left, right = tokens[first].start, tokens[last].end
            found.setdefault((left, right), (rule, left, right, original[left:right]))
    # A name found whole by one hit and in part by another (山田太郎さん, 太郎さん) is one.
    kept: list[tuple[str, int, int, str]] = []
    for key in sorted(found, key=lambda k: (k[0], -k[1])):
        if kept and key[1] <= kept[-1][2]:
            continue
        kept.append(found[key])
    return kept


def _is_name_ja(token: Token) -> bool:
    return tuple(token.pos[:3]) == _NAME_POS


def _is_name(tokens: Sequence[Token], index: int, original: str) -> bool:
    """A 人名 token that is a name: Japanese as Sudachi tags it; a Latin word only when it is
    capitalised inside a sentence (Sudachi tags English words it does not know, "hope",
    "lost", "more", as 人名; a capital at a sentence's start says nothing)."""
    token = tokens[index]
    if not _is_name_ja(token):
        return False
    if not token.is_latin:
        return True
    if not _CAPITALISED.fullmatch(token.surface) or token.lower in _NOT_NAMES_EN:
        return False
    before = original[: token.start].rstrip()
    return bool(before) and before[-1] not in ".!?。！？\n"


def _joins(token: Token, following: Token) -> bool:
    """Whether ``following`` goes on the name ``token`` ends: a 人名 token right after it, or
    in English a capitalised word one space after it (a surname Sudachi does not know)."""
    if not following.is_latin:
        return _is_name_ja(following) and following.start == token.end
    return (
        token.is_latin
        and bool(_CAPITALISED.fullmatch(following.surface))
        and following.lower not in _NOT_NAMES_EN
        and following.start - token.end <= 1
    )


def _tagged(tokens: Sequence[Token], inside: list[int], original: str) -> list[tuple[int, int]]:
    """Runs of name tokens (:func:`_is_name`) within the span (a family and a given name are
    one: 山田太郎, Kendall Jones), with an honorific suffix right after the run. A name marked
    as a subject by が is who speaks or acts, not whom the harm is aimed at
    (「山田さんが言ってたけど、お前を殺す」)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(inside):
        index = inside[i]
        if not _is_name(tokens, index, original):
            i += 1
            continue
        last = index
        while last + 1 < len(tokens) and _joins(tokens[last], tokens[last + 1]):
            last += 1
        following = tokens[last + 1] if last + 1 < len(tokens) else None
        if (
            following is not None
            and following.surface in _HONORIFICS
            and following.pos[:1] == ("接尾辞",)
        ):
            last += 1
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if not (after is not None and after.surface == "が" and after.pos[:1] == ("助詞",)):
            out.append((index, last))
        while i < len(inside) and inside[i] <= last:
            i += 1
    return out


def _english(tokens: Sequence[Token], inside: list[int]) -> list[tuple[int, int]]:
    """The person after the span's harm verb, its particle and any title: one word, or a
    capitalised given name and surname."""
    verbs = [i for i in inside if tokens[i].lower in _HARM_EN]
    if not verbs:
        return []
    i = verbs[0] + 1
    end = inside[-1]
    while i <= end and tokens[i].lower in _PARTICLES_EN:
        i += 1
    title: int | None = None  # where a title stands: shown with the name (Mr. Okafor)
    while i <= end and (tokens[i].lower.rstrip(".") in _TITLES_EN or tokens[i].surface == "."):
        if tokens[i].surface != "." and title is None:
            title = i
        i += 1
    if i > end:
        return []
    word = tokens[i].surface
    if not _NAME_EN.fullmatch(word) or word.lower() in _NOT_NAMES_EN | _HARM_EN:
        return []
    last = i
    capitalised = title is not None or _CAPITALISED.fullmatch(word)
    if capitalised and last + 1 < len(tokens) and _joins(tokens[last], tokens[last + 1]):
        last += 1
    return [(i if title is None else title, last)]
