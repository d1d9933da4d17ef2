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
  home"), with a capitalised surname after a capitalised given name (Kendall Jones); the name
  after a relative ("Aunt Carol"); and, when the harm is aimed at "you", the name the one
  addressed is called by ("I'll kill you, Mark"). A pronoun, role, relative, epithet, slur or
  interjection there (a finite list: landlord, grandma, "Jesus Christ") is no name. A word
  in lower case or all capitals is a name (tyrell, priya, ngozi, TYRELL: most residents'
  names are on no English list), except a role: a word whose ending is a job's (-er, -or,
  -man, -ist, -ant, -ess …: bartender, janitor, mailman, babysitter) that is neither a
  common given name of det51's lexicon (``threat_person_outcome_en.yaml``'s
  ``given_name_re``: tyler, connor) nor Sudachi's person's name (``名詞-固有名詞-人名``).
  A capitalised word inside a sentence is a name unless the list says otherwise (Dale,
  Mr. Okafor).
- Japanese names must be the harm's object: not marked by が, and when another target
  (お前, あいつ) is in the text, not marked by は/と/に/から/のせいで nor in another sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from kizashi.detect.lexicon import LexiconError, shipped_lexicon_files
from kizashi.text import Token, word_pos

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
# Words that stand where a name would and are none: pronouns, roles, relatives, epithets and
# slurs, and interjections ("Jesus Christ, I'm going to kill her", "oh my God"). det48's
# person cue ("kill X with a knife") fits a role as well as a name, so these are read as no
# name whatever rule found them; a plural (neighbors) is read by its singular.
_NOT_NAMES_EN = _words(
    """i me you u ya yu him her them us it yall y'all everyone everybody someone somebody
    anyone anybody nobody no-one whoever all both each every some any the a an my your his
    their our this that these those there here with using in through when once after before
    tonight tomorrow today now then again too ass self myself yourself himself herself
    boss mom mum mommy mummy mama momma ma dad daddy papa pa pops mother father parent wife
    husband hubby wifey brother bro bruh sister sis son daughter kid child baby babe bae
    teacher cop police neighbor neighbour ex landlord landlady tenant roommate flatmate
    housemate coworker co-worker colleague manager supervisor employer employee
    cousin cuz cuzzo boyfriend girlfriend bf gf fiance fiancee partner spouse lover crush
    bestie bff friend buddy pal mate homie grandpa grandma granny grandad granddad grandpa
    grandmother grandfather gramps nana nan grandson granddaughter grandkid uncle aunt
    auntie aunty nephew niece stepmom stepmum stepdad stepfather stepmother stepson
    stepdaughter stepbrother stepsister stepkid sibling twin in-law inlaw family fam
    doctor nurse coach pastor priest principal officer judge lawyer driver customer client
    barista ump umpire ref referee sarge chef cook clerk cashier nanny maid medic
    student classmate stranger owner guard dealer president mayor senator
    bitch bastard fucker motherfucker mf hoe whore slut cunt prick asshole dick twat
    nigga nigger niggas chink spic kike fag faggot retard tranny wetback gook
    dude guy girl boy man men woman women lady people person folks
    jesus christ god lord gosh omg oh ok okay yes yeah no nah hey wow lol bruh damn hell
    fuck shit please sorry well look listen honestly seriously yo ay ayo fine alright again
    so yep nope ugh hmm sir maam madam babe honey hun darling sweetie sweetheart love buddy
    bud pal idiot moron dumbass stupid loser punk pig rat snitch traitor freak creep clown
    scum fool"""
)
# A relative said before a name ("Aunt Carol", "Uncle Bob"): the name is the word after it.
_RELATIVES_EN = _words(
    """aunt auntie aunty uncle cousin grandma grandpa granny nana grandmother grandfather
    brother sister bro sis"""
)
# The harm aimed at "you": a name said to the one addressed ("I'll kill you, Mark") is theirs.
_YOU_EN = frozenset({"you", "u", "ya", "yu"})
# Japanese particles that mark a name as other than the harm's object when another target
# (お前, あいつ) is what the harm is aimed at: the speaker (田中は…と言っている), a companion
# (佐藤と飲んだ), whom a message goes to (田中さんに言っといて), a source (田中から聞いた).
# って is not among them: 「小林ってやつ、殺す」 says who the target is.
_NOT_OBJECT_JA = frozenset({"は", "と", "に", "から", "より", "には", "とは"})
_SENTENCE_END = ".!?。！？\n"
# Roles and titles said after a family name (中村部長, 佐々木先生, 森議員): the name before
# them is the person. Sudachi splits some (部|長), so they are compared joined.
_ROLES_JA = _words(
    """部長 課長 係長 次長 室長 所長 店長 社長 副社長 会長 専務 常務 取締役 主任 先生 教授 准教授
    講師 校長 教頭 監督 コーチ 議員 代議士 市長 町長 村長 区長 知事 大臣 総理 首相 委員長 理事長
    院長 署長 局長 支店長 工場長 先輩 後輩 師匠 親方 医師 弁護士 刑事 巡査"""
)
_MUNICIPAL_ROLES_JA = frozenset({"市長", "町長", "村長", "区長", "知事"})
_PLACE_POS = ("名詞", "固有名詞", "地名")
# Particles that tie a name to whatever predicate follows them (a source, an addressee, a
# companion); を is left out: a name marked by を with no verb of its own before the harm is
# its object, and with one (田中を見た。殺す) it is still the likeliest person. は and も (and
# には, とは, にも) are left out too: a topic's comment is what the writer holds against the
# person the harm is then aimed at (田中は許さない、殺す; 田中もムカつくから殺す).
_SOURCE_PARTICLES_JA = frozenset({"に", "から", "より", "と", "からは"})
_FAMILY_NAME_POS = ("名詞", "固有名詞", "人名", "姓")


def _not_name(word: str) -> bool:
    """A pronoun, role, relative, epithet, slur or interjection; a plural by its singular."""
    lower = word.lower()
    return lower in _NOT_NAMES_EN or (lower.endswith("s") and lower[:-1] in _NOT_NAMES_EN)


_GIVEN_NAMES_RE = re.compile(
    r"\(\?i\)\(\?:((?:[a-z'’-]|\\[-'])+(?:\|(?:[a-z'’-]|\\[-'])+)*)\)(?:\(.*\)\?)?"
)


def given_names_from(pattern: str) -> frozenset[str]:
    """The names of a given-name regex written ``(?i)(?:a|b|…)`` (an optional possessive group
    after it), lower case; a name may hold an apostrophe or a hyphen (o'neil, mary-kate, an
    escaped ``\\-`` read as ``-``). Anything else is refused, naming the file and field."""
    body = _GIVEN_NAMES_RE.fullmatch(pattern)
    if body is None:
        raise LexiconError(
            "threat_person_outcome_en.yaml: lists.given_name_re: not (?i)(?:a|b|…) of names "
            "(letters, apostrophes, hyphens) — named.py reads the given names from it"
        )
    return frozenset(name.replace("\\", "") for name in body.group(1).split("|"))


@cache
def _given_names_en() -> frozenset[str]:
    """det51's common English given names, lower case: the alternation of its regex (one
    list, so no file says it twice)."""
    lists = shipped_lexicon_files()["threat_person_outcome_en.yaml"]["lists"]
    return given_names_from(lists["given_name_re"])


# A role said where a name would stand that no list names (bartender, mailman, janitor,
# babysitter, waitress, dentist): its ending says it is a job. A name with such an ending
# (tyler, connor, grant) is a name when it is a common given name or Sudachi knows it as one;
# the stem must be three letters or more, so jess and brent are not read as roles.
_ROLE_SUFFIXES_EN = ("er", "or", "man", "men", "ist", "ant", "ent", "ess", "eer", "ician")


def _role_word(token: Token) -> bool:
    """A lowercase or all-caps word read as a role, not a name: its ending is a job's and it
    is neither a common given name nor Sudachi's person's name. Any other word in the name
    slot is a name, as main reads it (tyrell, priya, ngozi, wei, TYRELL): a foreign-resident's
    name is on no English list, so the lack of evidence is no evidence."""
    lower = token.lower
    if not any(lower.endswith(s) and len(lower) - len(s) >= 3 for s in _ROLE_SUFFIXES_EN):
        return False
    return tuple(token.pos[:3]) != _NAME_POS and lower not in _given_names_en()


_NAME_EN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CAPITALISED = re.compile(r"[A-Z][a-z][A-Za-z'-]*")


def named_targets(
    original: str,
    tokens: Sequence[Token],
    spans: Iterable[tuple[str, int, int]],
    harms: Sequence[int] = (),
) -> list[tuple[str, int, int, str]]:
    """The names in the spans that found a threat's target: (rule, start, end, words), each
    name once (the longest where two overlap), in the order of the text. ``spans``: (rule, start, end)
    of the ``target`` hits and of :data:`NAMED_PERSON_RULES` hits; ``harms``: where the harm's
    hits start (a Japanese name in another sentence than any of them is no target when
    another target is in the text: 「佐藤を見た。あいつを殺す」)."""
    found: dict[tuple[int, int], tuple[str, int, int, str]] = {}
    insides = [
        (rule, [i for i, tok in enumerate(tokens) if tok.start >= start and tok.end <= end])
        for rule, start, end in spans
    ]
    # Another target than a name (お前, あいつ, him): a name marked as the speaker, a companion
    # or an addressee is then not whom the harm is aimed at.
    other = any(
        inside and not any(_is_name(tokens, i, original) for i in inside) for _, inside in insides
    )
    for rule, inside in insides:
        if not inside:
            continue
        ja = _tagged(tokens, inside, original, other) + _before_role(tokens, inside)
        ja = [(f, la) for f, la in ja if not _source(tokens, la, harms)]
        if other and harms:
            said = {_sentence(original, h) for h in harms}
            ja = [(f, la) for f, la in ja if _sentence(original, tokens[f].start) in said]
        for first, last in [*ja, *_english(tokens, inside)]:
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
    if not _CAPITALISED.fullmatch(token.surface) or _not_name(token.surface):
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
        and not _not_name(following.surface)
        and following.start - token.end <= 1
    )


def _tagged(
    tokens: Sequence[Token], inside: list[int], original: str, other: bool
) -> list[tuple[int, int]]:
    """Runs of name tokens (:func:`_is_name`) within the span (a family and a given name are
    one: 山田太郎, Kendall Jones), with an honorific suffix right after the run. A name marked
    as a subject by が is who speaks or acts, not whom the harm is aimed at
    (「山田さんが言ってたけど、お前を殺す」); when ``other`` (another target, お前, あいつ, is in
    the text), neither is a name marked by は, と, に, から or のせいで
    (「田中はお前を殺すと言っている」, 「昨日佐藤と飲んだ。あいつ殺す」). A name marked by を,
    or right before the harm (「西村死ね」), or called (「前田、お前を殺す」) stays."""
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
        if not _marked_other(tokens, last + 1, other):
            out.append((index, last))
        while i < len(inside) and inside[i] <= last:
            i += 1
    return out


def _before_role(tokens: Sequence[Token], inside: list[int]) -> list[tuple[int, int]]:
    """The family name right before a role or title the target rule found (中村部長, 佐々木先生):
    the span holds the role only, and Sudachi tags a surname before 部 or 市 as a place
    (中村|部|長), so a place there is the name only where Sudachi split the role and its
    dictionary also knows the place as a family name (中村|部|長; not 東京|部|長, nor
    大阪|支店長, 渋谷|先輩, 新宿|店長, whole roles after a place: a branch's or a shop's head).
    Before a municipal office (市長, 知事) only a 人名 counts: 松本市長 is the mayor of Matsumoto."""
    first = inside[0]
    role = "".join(tokens[i].surface for i in inside)
    if role not in _ROLES_JA or first == 0:
        return []
    start = first
    split = len(inside) > 1 and role not in _MUNICIPAL_ROLES_JA
    while (
        start > 0
        and tokens[start - 1].end == tokens[start].start
        and not tokens[start - 1].is_latin
        and (
            _is_name_ja(tokens[start - 1])
            or (
                split
                and tuple(tokens[start - 1].pos[:3]) == _PLACE_POS
                and _FAMILY_NAME_POS in word_pos(tokens[start - 1].surface)
            )
        )
    ):
        start -= 1
    return [] if start == first else [(start, first - 1)]


def _source(tokens: Sequence[Token], last: int, harms: Sequence[int]) -> bool:
    """Whether the name ending at ``last`` belongs to another predicate than the harm: a
    particle after it (に, から, より, と; not を, nor a topic's は or も) and a verb or adjective, or a sentence's
    end, before the next harm (「田中に聞いた、殺す」: 田中 is whom the writer heard it from,
    「中村部長から言われた。殺す」 the same). With no particle (「西村死ね」, 「前田、お前を殺す」)
    or with を, or no harm after the name, the name stays."""
    after = last + 1
    while after < len(tokens) and tokens[after].surface in _ROLES_JA:
        after += 1  # 田中部長に: the particle follows the role
    if after >= len(tokens) or tokens[after].pos[:1] != ("助詞",):
        return False
    if tokens[after].surface not in _SOURCE_PARTICLES_JA:
        return False
    if (
        tokens[after].surface in {"に", "と"}
        and after + 1 < len(tokens)
        and tokens[after + 1].surface in {"は", "も"}
    ):
        return False  # には, とは, にも: Sudachi splits them; a topic, as は alone
    later = [h for h in harms if h >= tokens[after].end]
    if not later:
        return False
    until = min(later)
    for tok in tokens[after + 1 :]:
        if tok.start >= until:
            return False
        if tok.pos[:1] in (("動詞",), ("形容詞",)) or _ends_sentence(tok.surface):
            return True
    return False


def _marked_other(tokens: Sequence[Token], after: int, other: bool) -> bool:
    """Whether the particle at ``after`` marks the name before it as other than the harm's
    object: が always, は/と/に/から/のせいで when another target is in the text."""
    if after >= len(tokens) or tokens[after].pos[:1] != ("助詞",):
        return False
    particle = tokens[after].surface
    if particle == "が":
        return True
    if not other:
        return False
    if particle == "の":  # 鈴木のせいで, 鈴木のために: a cause; 小林のやつ is the target
        return after + 1 < len(tokens) and tokens[after + 1].surface in {"せい", "ため"}
    return particle in _NOT_OBJECT_JA


def _english(tokens: Sequence[Token], inside: list[int]) -> list[tuple[int, int]]:
    """The person after the span's harm verb, its particle and any title or relative: one
    word, or a capitalised given name and surname; when the harm is aimed at "you", the name
    the one addressed is called by in the same sentence (:func:`_vocative`)."""
    verbs = [i for i in inside if tokens[i].lower in _HARM_EN]
    if not verbs:
        # A target hit of its own word: "you" right after the harm verb, or a relative
        # before a name ("strangle Aunt Carol").
        j = inside[0]
        if tokens[j].lower in _YOU_EN and j > 0 and tokens[j - 1].lower in _HARM_EN:
            return _vocative(tokens, j - 1)
        named = _after_relative(tokens, j)
        return [] if named is None else [(named, named)]
    i = verbs[0] + 1
    end = inside[-1]
    if i < len(tokens) and tokens[i].lower in _YOU_EN:
        return _vocative(tokens, verbs[0])
    while i <= end and tokens[i].lower in _PARTICLES_EN:
        i += 1
    title: int | None = None  # where a title stands: shown with the name (Mr. Okafor)
    while i <= end and (tokens[i].lower.rstrip(".") in _TITLES_EN or tokens[i].surface == "."):
        if tokens[i].surface != "." and title is None:
            title = i
        i += 1
    if i > end:
        return []
    named = _after_relative(tokens, i)
    if named is not None:
        i, title = named, None  # "Aunt Carol": Carol is the name
    word = tokens[i].surface
    if not _NAME_EN.fullmatch(word) or _not_name(word) or word.lower() in _HARM_EN:
        return []
    last = i
    capitalised = title is not None or _CAPITALISED.fullmatch(word)
    if not capitalised and _role_word(tokens[i]):
        return []
    if capitalised and last + 1 < len(tokens) and _joins(tokens[last], tokens[last + 1]):
        last += 1
    return [(i if title is None else title, last)]


def _after_relative(tokens: Sequence[Token], i: int) -> int | None:
    """The name right after a relative ("Aunt Carol", "Uncle Bob"): its index, or None."""
    if (
        tokens[i].lower in _RELATIVES_EN
        and i + 1 < len(tokens)
        and _callable(tokens[i + 1])
        and tokens[i + 1].start - tokens[i].end <= 1
    ):
        return i + 1
    return None


def _vocative(tokens: Sequence[Token], verb: int) -> list[tuple[int, int]]:
    """The name the one threatened is called by in the harm's sentence: a capitalised word
    (not a pronoun, role or interjection) before a comma at the sentence's start ("Mark, I'm
    going to kill you") or after a comma at its end ("I'll kill you, Mark")."""
    first = verb
    while first > 0 and not _ends_sentence(tokens[first - 1].surface):
        first -= 1
    last = verb
    while last + 1 < len(tokens) and not _ends_sentence(tokens[last + 1].surface):
        last += 1
    found: list[tuple[int, int]] = []
    if first + 1 < last and tokens[first + 1].surface == "," and _callable(tokens[first]):
        found.append((first, first))
    if last - 1 > verb and tokens[last - 1].surface == "," and _callable(tokens[last]):
        found.append((last, last))
    return found


def _sentence(original: str, at: int) -> int:
    """Which sentence of the text the character at ``at`` is in (0, 1, …)."""
    return sum(original.count(end, 0, at) for end in _SENTENCE_END)


def _ends_sentence(surface: str) -> bool:
    return bool(surface) and all(ch in _SENTENCE_END for ch in surface)


def _callable(token: Token) -> bool:
    return bool(_CAPITALISED.fullmatch(token.surface)) and not _not_name(token.surface)
