"""A threat's target said by a person's name (``named_target``, kizashi.detect.named): read from
the tokens of the spans that found the target, not from a pronoun, role, relative, epithet, slur
or interjection, nor from a Japanese name that is not the harm's object,
so that triage can tell "I'll kill him" from a threat to a person someone can warn."""

from __future__ import annotations

import re

import pytest

from kizashi.detect import detect_rules
from kizashi.detect.lexicon import LexiconError, shipped_lexicon_files
from kizashi.detect.named import given_names_from


def named(text: str) -> list[str]:
    """The named_target parts of the text's composed threat hits, each once, in order."""
    found: list[str] = []
    for entry in detect_rules(text).evidence():
        for part in (entry.get("components") or {}).get("named_target", []):  # type: ignore[union-attr]
            assert text[part["start"] : part["end"]] == part["text"]
            if part["text"] not in found:
                found.append(part["text"])
    return found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("田中を絶対に殺してやる", ["田中"]),
        ("鈴木一郎を殺してやる", ["鈴木一郎"]),  # a family and a given name are one name
        ("山田太郎さんを刺してやる", ["山田太郎さん"]),  # shown with the honorific
        ("佐藤くんを殺す", ["佐藤くん"]),
        ("I'm going to shoot Mr. Okafor", ["Mr. Okafor"]),  # with the title
        ("I am going to murder Mrs. Pemberton", ["Mrs. Pemberton"]),
        ("gonna stab Marcus with a knife", ["Marcus"]),
        ("imma end quentin with a knife", ["quentin"]),  # det48: a name by its person cue
        # det53: a lowercase or all-caps word is a name unless it is a role (review: names on
        # no English list are residents' names too)
        ("gonna kill brenda with a knife", ["brenda"]),
        ("imma stab jerome when i see him", ["jerome"]),
        ("gonna kill tyrell with a knife", ["tyrell"]),
        ("gonna kill priya tomorrow", ["priya"]),
        ("gonna kill ngozi with a knife", ["ngozi"]),
        ("gonna kill wei with a knife", ["wei"]),
        ("gonna kill siobhan tomorrow", ["siobhan"]),
        ("gonna kill marquis with a knife", ["marquis"]),
        ("gonna kill tyler with a knife", ["tyler"]),  # a role's ending, a given name
        ("GONNA KILL TYRELL WITH A KNIFE", ["TYRELL"]),
        ("If I ever see Laura Finch again I'll kill her", ["Laura Finch"]),
        # a relative before a name: the name after it
        ("I will strangle Aunt Carol", ["Carol"]),
        ("I will kill Uncle Bob", ["Bob"]),
        # a name the one threatened is called by: the person threatened ("you")
        ("I'll kill you, Mark", ["Mark"]),
        ("Mark, I'm going to kill you", ["Mark"]),
        # a name marked by を, or called, stays when another target is in the text
        ("前田、お前を殺す", ["前田"]),
        ("藤田は絶対殺す", ["藤田"]),  # は with no other target: the harm's object
        ("小林のやつ、ぶっ殺す", ["小林"]),
        ("木村ってやつ、マジで殺す", ["木村"]),  # って says who the target is
        ("佐藤を見た。あいつも佐藤も殺す", ["佐藤"]),  # the harm's sentence names him
    ],
)
def test_a_target_said_by_name_is_named(text: str, names: list[str]) -> None:
    assert detect_rules(text).category == "threat"
    assert named(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "お前を殺す",
        "こいつ絶対に殺してやる",
        "上司を殺す",
        "部長をぶっ殺してやる",
        # a name marked by が is who speaks, not whom the harm is aimed at
        "山田さんが言ってたけど、お前を殺す",
        # は, と, に, のせいで mark the speaker, a companion, an addressee or a cause when
        # another target (お前, あいつ) is what the harm is aimed at
        "田中はお前を殺すと言っている",
        "鈴木のせいでこうなった、お前を殺す",
        "昨日佐藤と飲んだ。あいつ殺す",
        "田中さんに言っといて、あいつ殺すって",
        "田中に聞いたんだけど、お前を殺す",
        "佐藤を見た。あいつを殺す",  # a name in another sentence than the harm
        # lowercase roles, relatives and slurs where det48's person cue reads a name
        "gonna kill landlord with a knife",
        "gonna stab roommate with a knife",
        "gonna kill coworker with a knife",
        "gonna kill cousin with a knife",
        "gonna kill boyfriend with a knife",
        "gonna kill girlfriend with a knife",
        "gonna shoot neighbors with a rifle",
        "gonna kill grandpa with a hammer",
        "gonna kill grandma with a knife",
        "gonna stab uncle with a knife",
        "gonna kill manager with a knife",
        "gonna stab stepmom when she gets home",
        "gonna kill nigga with a gun",
        # det53: a lowercase or all-caps role (a job's ending: -er, -or, -man, -ist, -sitter,
        # or the role list) is no name
        "gonna kill bartender with a knife",
        "gonna kill mailman with a knife",
        "gonna kill plumber with a knife",
        "gonna kill janitor with a knife",
        "gonna kill babysitter with a knife",
        "GONNA KILL BARTENDER WITH A KNIFE",
        "gonna shoot foreman with a rifle",
        "gonna kill dentist with a knife",
        "gonna stab barista when she gets home",
        # interjections, and a word before a comma that calls no one
        "Jesus Christ I'm going to kill her",
        "Christ, I'm going to kill you",
        "oh my God I'm going to kill him",
        "Look, I'm going to kill you",
        "I will kill you, bro",
        "Yo, I'm going to kill you",
        "I'll kill you, Idiot",
        "I'll kill him.",
        "I will kill you",
        "ill kill that bitch",
        # Sudachi tags English words it does not know as 人名 ("lost"): no name.
        "Im kill a bitch if it gets lost, cause I hadnt saved it.",
    ],
)
def test_a_pronoun_role_or_epithet_is_no_name(text: str) -> None:
    assert detect_rules(text).category == "threat"
    assert named(text) == []


def test_the_target_part_is_kept_beside_the_name() -> None:
    (entry,) = [
        e
        for e in detect_rules("田中を絶対に殺してやる").evidence()
        if e["rule"] == "threat-composed"
    ]
    parts = entry["components"]
    assert isinstance(parts, dict)
    assert [p["text"] for p in parts["target"]] == ["田中"]
    assert [(p["rule"], p["text"]) for p in parts["named_target"]] == [
        ("threat-context-target", "田中")
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # det54: a family name before a role or title the target rule found is the name,
        # also where Sudachi tags it a place before 部|長
        ("中村部長を殺してやる", ["中村"]),
        ("佐々木先生をぶっ殺す", ["佐々木"]),
        ("森議員を殺してやる", ["森"]),
        # a name with no particle or marked by を stays the target
        ("西村、殺すぞ", ["西村"]),
        ("田中は絶対殺す", ["田中"]),
        # a topic (は, も, には) with a verb or an adjective as its comment is what the writer
        # holds against the person the harm is aimed at: still the target
        ("田中は許さない、殺す", ["田中"]),
        ("田中はムカつく、殺す", ["田中"]),
        ("田中はうざい、殺す", ["田中"]),
        ("中村部長は許さない、殺す", ["中村"]),
        ("田中もムカつくから殺す", ["田中"]),
        ("田中先輩には世話になった、殺す", ["田中"]),
    ],
)
def test_a_name_before_a_role_is_named(text: str, names: list[str]) -> None:
    assert named(text) == names


@pytest.mark.parametrize(
    "text",
    [
        # det54: a name tied by its particle to another predicate before the harm is whom
        # the writer heard from or spoke to, not the harm's object
        "田中に聞いた、殺す",
        "佐藤から聞いた。殺してやる",
        "中村部長に言われたけど、殺す",
        "田中から金を返してもらえなかった、殺す",
        # before a municipal office a place is the city, not a name
        "松本市長を殺す",
        # a place before a whole role (支店長, 先輩, 店長), or one the dictionary knows as no
        # family name before a split one (東京|部|長), is a branch's or a shop's head
        "大阪支店長を殺す",
        "東京部長を殺す",
        "渋谷先輩を殺す",
        "新宿店長を殺してやる",
    ],
)
def test_a_name_of_another_predicate_is_no_target(text: str) -> None:
    assert named(text) == []


def test_every_given_name_of_the_lexicon_parses() -> None:
    """named.py reads det51's given names from the rule file's regex: every name the regex
    holds must come out of it whole, or a scan would fail at its first lowercase name."""
    pattern = shipped_lexicon_files()["threat_person_outcome_en.yaml"]["lists"]["given_name_re"]
    names = given_names_from(pattern)
    alternation = pattern.split("(?:", 1)[1].split(")", 1)[0].split("|")
    assert len(names) == len(set(alternation)) > 300
    compiled = re.compile(pattern)
    assert all(compiled.fullmatch(name) for name in names)


def test_a_given_name_may_hold_an_apostrophe_or_a_hyphen() -> None:
    names = given_names_from(r"(?i)(?:o'neil|mary-kate|jean\-luc)(?:'s)?")
    assert names == {"o'neil", "mary-kate", "jean-luc"}


def test_a_given_name_list_of_another_shape_is_refused_by_file_and_field() -> None:
    with pytest.raises(
        LexiconError, match=re.escape("threat_person_outcome_en.yaml: lists.given_name_re")
    ):
        given_names_from("(?i)[a-z]+")
