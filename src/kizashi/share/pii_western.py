"""Foreign names in Western order (seventh round): given name first, in Latin letters or in
katakana, with no form's label beside them. :mod:`kizashi.share.pii` calls :func:`western`.

Latin letters: a run of two or three capitalised words is a name inside a Japanese line (a
Japanese writer puts few Latin words in a sentence, and those are names, companies and
products: the companies and products are kept by their words, Inc., Ltd., Security …), and
in an English sentence after a word for a person (our customer, the cardholder, my
neighbour is, issued to, Regards,). One capitalised word is a name before a Japanese word
of naming or an honorific (Sarahって, Emmaさん) and after "my name is". Katakana: pieces
joined by ・ or a space are a name when the dictionary reads a piece as a person's name
(ジョン・スミス, マルコ　ロッシ) and none as a place (ニューヨーク・タイムズ stays)."""

from __future__ import annotations

import re

from kizashi.share.pii_not_names import NOT_NAMES
from kizashi.share.pii_readings import ENGLISH, english_name
from kizashi.text import word_pos

Span4 = tuple[int, int, str, str]

_JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")
# a maximal run of capitalised words (Thomas Mueller, Juan Quispe Mamani, Rafael da Costa)
# (O'Brien, Anna-Lena: an apostrophe or a hyphen inside a word)
_WORD = r"[A-Z](?:[a-z]{1,14}(?:['-][A-Z]?[a-z]{1,14})?|'[A-Z][a-z]{1,14})"
_RUN = re.compile(
    rf"(?<![A-Za-z.@/'-]){_WORD}(?:[ \u3000](?:(?:da|de|del|van|von|bin|al) )?{_WORD})*"
    r"(?![A-Za-z@/'-])"
)
# an English word for a person just before the name (our customer Isezou Saruhashi)
_PERSON_BEFORE = re.compile(
    r"\b(?:customer|client|employee|colleague|cardholder|card ?holder|account ?holder|holder|"
    r"analyst|agent|officer|manager|staff(?: member)?|member|tenant|landlord|neighbou?r|"
    r"friend|brother|sister|wife|husband|son|daughter|father|mother|partner|representative|"
    r"investigator|engineer|supervisor|driver|guest|student|suspect|victim|witness|contact|"
    # pii18: the people a case summary names (the subject is …, the interviewee, …)
    r"subject|interviewee|caller|complainant|applicant|passenger|visitor|owner|buyer|seller|"
    r"recruiter|employer|nephew|niece|cousin|uncle|aunt|boyfriend|girlfriend|"
    # pii23: a ledger's and a log's field for the person (Recipient Oliver Grant, Renter …)
    r"recipient|renter|addressee|sender|consignee|resident|applicant|registrant|"
    r"issued to|named|called|by Mr\.?|Regards|Sincerely|Best|Thanks|Cheers|"
    # a name said to be someone's (identified as Kevin Lam, gave his name as Ryan O'Connell)
    r"(?:identified|known|signed|registered|listed|booked|introduced (?:him|her|them)self) as|"
    r"name as|"
    # pii18: a name someone goes by (a man calling himself "Kenji", who calls herself Lily)
    r"call(?:ing|s|ed)? (?:him|her|them)sel(?:f|ves)|go(?:es|ing)? by)"
    # the name may stand in quotes (her neighbour, "Yoshi", …)
    r"(?: is| was)?[,:]?[ \u3000\n]*[\"“]?$",
    re.I,
)
_NAMING_AFTER = re.compile(r"と名乗|って名乗|と称|と呼|さん|くん|ちゃん|氏|様")
# って and という follow an app or a singer as often (Duolingoというもの, Twitchっていう):
# only before a word the dictionary reads as a name
_WEAK_NAMING = re.compile(r"って|という|と言う")
_PARTICLE = re.compile(r"(?:が|は|も|を|に|と|から|の(?:家|車|部屋|携帯))")
_ROLE_LEADS = frozenset(
    ["Witness", "Suspect", "Victim", "Complainant", "Informant", "Driver", "Tenant", "Guest"]
)
_LEADS = frozenset(["Dear", "Hi", "Hello", "Hey", "Thanks", "Thank", "Cheers", "Regards"])
# whom a greeting addresses that is no one's name (Hi Mom!, Thanks Everyone, Hey Siri,)
_ADDRESSEES = frozenset(
    [
        "Mom",
        "Mum",
        "Dad",
        "Mommy",
        "Mummy",
        "Daddy",
        "Mama",
        "Papa",
        "Everyone",
        "Everybody",
        "All",
        "Guys",
        "Folks",
        "There",
        "Sir",
        "Madam",
        "Friends",
        "Friend",
        "Team",
        "Reddit",
        "Siri",
        "Alexa",
        "Cortana",
        "Bixby",
        "Google",
        "Internet",
        "Bro",
        "Dude",
        "Man",
        "Babe",
        "Baby",
        "Honey",
        "Darling",
        "Sweetie",
        "Buddy",
        "Mate",
        "Boss",
        "Doc",
        "Doctor",
        "Officer",
        "Sis",
    ]
)
_GREETED = re.compile(r"(?:^|\n)[ \t]*(?:Dear|Hi|Hello|Hey)[ ]+$")
_MY_NAME = re.compile(r"(?:[Mm]y name is|[Mm]y name's|[Cc]all me)[ \u3000]+$")
# a caller or a writer introducing themselves at the start of a line (Hey it's Yoshi., Hi,
# this is Ririan): the word is a name unless the dictionary knows it as a word (it's Monday)
_SELF_INTRO = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:Hi|Hey|Hello|Yo)[,!]?[ ]+)?(?:[Ii]t's|[Ii]t is|[Tt]his is|I'm|I am)[ ]+$"
)

_KATA_RUN = re.compile(
    r"(?<![ァ-ヶー・])[ァ-ヶー]{2,10}(?:(?:・|[ \u3000])[ァ-ヶー]{2,10}){1,2}(?![ァ-ヶー・])"
)


# a form's label or a role right before a dotted katakana name: any pieces then
# (同行者 カーン・イムラン, whose イムラン the dictionary knows only as a word)
_KANA_LABEL = re.compile(
    r"(?:氏名|名前|同行者|同伴者|同居人|同宿者|通報者|相談者|宿泊者|申込者|契約者|借主|名義|"
    r"会員氏名|学生|生徒|留学生|先方|顧客|相手方|担当者?|依頼者|依頼主|送り主|受取人|雇用主|"
    # a person's word in a Japanese line (外国人従業員 Rezaul Karim, 父 Kwame Mensah)
    r"従業員|外国人|運転者|父|母|夫|妻)"
    r"[ \u3000:：は]*$"
)


def _ordinary(word: str) -> bool:
    """A word the dictionary knows, but never as a person's name: an ordinary word (Media,
    エイズ, パブ) or a brand (Windows)."""
    pos = word_pos(word)
    return bool(pos) and not any(p[2] == "人名" for p in pos)


def _person(word: str) -> bool:
    return any(p[2] == "人名" for p in word_pos(word))


def _place(word: str) -> bool:
    return any(p[2] == "地名" for p in word_pos(word))


def _known_name(word: str) -> bool:
    """A person's name to Sudachi that is no place and no ordinary word only, or a Japanese
    name's reading in romaji (Kenta, Sakiko)."""
    if _place(word) or _ordinary(word):
        return False
    return _person(word) or english_name(word, caller=False)


def _alone_in_english(folded: str, start: int, before: str, after: str, word: str) -> bool:
    """A given name alone in English: greeted (Dear Maria,) or after a word for a person
    (my son Kenta, Thanks, Mike.), if the dictionary knows it as a name and not as a place
    (Dear Customer, Hi Tired, a town called Dover stay)."""
    said = bool(_GREETED.search(before) and re.match(r"[ ]?[,!\n]", after))
    said = said or _PERSON_BEFORE.search(folded, max(0, start - 30), start) is not None
    return said and word not in NOT_NAMES and word not in _ADDRESSEES and _known_name(word)


def latin_names(folded: str) -> list[Span4]:
    spans: list[Span4] = []
    for m in _RUN.finditer(folded):
        words = [w for w in re.split(r"[ \u3000]", m.group()) if w]
        start = m.start()
        if (len(words) >= 2 and words[0] in _LEADS) or (
            len(words) >= 3 and words[0] in _ROLE_LEADS
        ):
            # a greeting run into the name (Dear Maria, Thanks Oleg), or a role at a
            # sentence's start (Witness Hannah Schmidt said): the name is the rest
            start += len(words[0]) + 1
            words = words[1:]
        capital = [w for w in words if w[0].isupper()]
        if any(p in NOT_NAMES for w in capital for p in re.split("['-]", w)):
            continue
        line_start = folded.rfind("\n", 0, start) + 1
        line_end = folded.find("\n", m.end())
        line = folded[line_start : line_end if line_end >= 0 else len(folded)]
        before = folded[line_start:start]
        after = folded[m.end() : m.end() + 12]
        if re.match(r"[ \u3000]?(?:Inc|Ltd|Co|Corp|GmbH|LLC|&)\b", after):
            continue
        near = folded[max(0, start - 30) : start]
        person_before = _PERSON_BEFORE.search(near)
        if any(_ordinary(w) for w in capital) and not (
            # after a word for a person, a surname that is also a word (issued to Emma
            # Baker) stays a name when another word is a person's name to the dictionary
            person_before and len(capital) >= 2 and any(_person(w) for w in capital)
        ):
            continue  # Windows Media Player, Customer Service: words the dictionary knows
        if 2 <= len(capital) <= 3:
            # a Japanese line: a few Japanese characters, not one quoted in English prose
            # and one word a name to the dictionary (Thomas Mueller, not Celestial Seasonings)
            japanese = len(_JAPANESE.findall(line)) >= 4 and any(_person(w) for w in capital)
            context = (
                person_before
                or _KANA_LABEL.search(near)
                or _GREETED.search(before)
                # said to be someone's name right after it (Bishnu Tamangと称する外国人)
                or (len(_JAPANESE.findall(line)) >= 4 and _NAMING_AFTER.match(after))
            )
            if japanese or context:
                spans.append((start, m.end(), "person", "PII-NAME-WESTERN"))
        elif (
            len(capital) == 1
            and len(words[0]) >= 3
            and (
                _NAMING_AFTER.match(after)
                or _MY_NAME.search(before)
                or (
                    _SELF_INTRO.search(before)
                    and words[0] not in NOT_NAMES
                    and not _ordinary(words[0])
                )
                # a name to the dictionary before a Japanese particle (Sarahが来た)
                or ((_PARTICLE.match(after) or _WEAK_NAMING.match(after)) and _person(words[0]))
                or _alone_in_english(folded, start, before, after, words[0])
            )
        ):
            spans.append((start, m.end(), "person", "PII-NAME-WESTERN-ONE"))
    return spans


# what a title, a band or a shop is called: 〇〇という映画, 〇〇っていうバンド
_THING_AFTER = re.compile(
    r"(?:という|っていう|って)(?:映画|曲|歌|バンド|グループ|店|お店|アルバム|ドラマ|アニメ|漫画|"
    r"マンガ|本|小説|ゲーム|アプリ|番組|ブランド|会社|ホテル|作品|シリーズ|街|町|島|国|料理|お菓子)"
)


def _one_thing(run: str, after: str) -> bool:
    """Katakana whose pieces are each a person's name to the dictionary but that name one
    thing: the whole run, with or without its ・, is a word the dictionary knows and not as a
    person's name (ドン・キホーテ, a shop; パームスプリングス, a place), or it is called a
    film, a band, a shop … right after it (フォレスト・ガンプという映画)."""
    whole = word_pos(run) | word_pos(re.sub(r"・|[ \u3000]", "", run))
    if whole and not any(p[2] == "人名" for p in whole):
        return True
    return _THING_AFTER.match(after) is not None


def katakana_names(folded: str) -> list[Span4]:
    spans: list[Span4] = []
    for m in _KATA_RUN.finditer(folded):
        pieces = re.split(r"・|[ \u3000]", m.group())
        dotted = "・" in m.group()
        if (
            _KANA_LABEL.search(folded, max(0, m.start() - 12), m.start())
            and (
                dotted
                # twelfth round: spaced pieces after a label too (同行者：キアラン バーン), when not
                # every piece is an ordinary word, none is a place and the run names no one thing
                # (担当者 カスタマー サポート, 相手方 ニュー ヨーク stay)
                or not (
                    all(_ordinary(p) for p in pieces)
                    or any(_place(p) for p in pieces)
                    or _one_thing(m.group(), folded[m.end() : m.end() + 8])
                )
            )
        ):
            spans.append((m.start(), m.end(), "person", "PII-NAME-WESTERN-KANA"))
            continue
        if any(_place(p) or _ordinary(p) for p in pieces):
            continue
        if _one_thing(m.group(), folded[m.end() : m.end() + 8]):
            continue
        named = [p for p in pieces if _person(p)]
        # every piece a name to the dictionary, one of them no ordinary word as well
        # (ジョン・スミス; not ワールド・カップ, whose カップ is a name too, nor ストラットフォード・
        # オン・エイヴォン, nor ホテル サンルート)
        only = [p for p in named if not any(q[1] == "普通名詞" for q in word_pos(p))]
        if only and len(named) == len(pieces):
            spans.append((m.start(), m.end(), "person", "PII-NAME-WESTERN-KANA"))
    return spans


# "Surname, Given" as a register or a card holder's field writes it (Wang, Haoran; de Vries,
# Sanne; Lindqvist, Linnea Maria)
_COMMA_NAME = re.compile(
    rf"(?<![A-Za-z.@/'-])((?:(?:da|de|del|van|von|bin|al) )?{_WORD}),[ ]({_WORD}(?:[ ]{_WORD})?)"
    r"(?![A-Za-z@/'’-])"
)
# a field's label or a person's word in English before it (Card holder:, registered to)
_COMMA_CONTEXT = re.compile(
    r"(?:[Nn]ame|[Hh]older|[Gg]uest|[Dd]river|[Tt]enant|[Rr]enter|[Ss]ubscriber|[Aa]pplicant)"
    r"[ ]?[:：][ ]*$|(?:registered to|made by|booked by|rented by|signed by|reserved by)[ ]+$"
)


def comma_names(folded: str) -> list[Span4]:
    """A foreign name written "Surname, Given". The comma also joins places (Kyoto, Japan),
    brands (Apple, Google), days and a greeting (Hi, Tom), so each word must be no word the
    dictionary knows only as an ordinary word or a brand, no place, no company's or
    greeting's word; and the pair stands in a Japanese line (a Japanese writer's Latin words
    are names, companies and products) or after a register's label or a person's words
    (Card holder:, registered to), or one of its words is a person's name to the dictionary."""
    spans: list[Span4] = []
    for m in _COMMA_NAME.finditer(folded):
        words = [w for w in re.split(r"[ ,]+", m.group()) if w and w[0].isupper()]
        if any(w in NOT_NAMES or w in _LEADS or w in _ADDRESSEES for w in words):
            continue
        line_start = folded.rfind("\n", 0, m.start()) + 1
        line_end = folded.find("\n", m.end())
        line = folded[line_start : line_end if line_end >= 0 else len(folded)]
        near = folded[max(line_start, m.start() - 30) : m.start()]
        if re.search("['’]s$", m.group()):
            continue  # Mrs. Lee, Susan's mother: a list, the second a possessive
        worded = [w for w in words if _ordinary(w) or _place(w)]
        # with no such context a sentence's comma is likelier (Finally, Susan; Rumble
        # Ponies, Sand Gnats): every word must be a person's name to the dictionary
        bare = (
            not worded
            and not any(w.lower() in ENGLISH for w in words)
            and all(_person(w) for w in words)
        )
        said = (
            len(_JAPANESE.findall(line)) >= 4
            or _COMMA_CONTEXT.search(near)
            or _PERSON_BEFORE.search(near)
            or _KANA_LABEL.search(near)
        )
        # eleventh round: where the line or a label says a name stands here, one of its
        # words may also be an ordinary word or a place to the dictionary (Virtanen, Aino;
        # Huaman, Rosa) as long as another is neither (Kyoto, Japan; Nice, France; Apple,
        # Google stay: every word a place, a word or a brand)
        if (said and len(worded) < len(words)) or bare:
            spans.append((m.start(), m.end(), "person", "PII-NAME-WESTERN-COMMA"))
    return spans


def western(folded: str) -> list[Span4]:
    return latin_names(folded) + katakana_names(folded) + comma_names(folded)
