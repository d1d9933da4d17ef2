"""piifix: four defects a code review found in pii20's and pii21's readings, each with its
failing input and the must-keep twins of the reading's intent.

- a listed work's name that is also a given name, with an honorific after it, is a person
  (近所のカツオくん, 友人のミラさん);
- a quoted office, occupation or organisation before 名乗る is no alias (「警察官」を名乗る男),
  and only a ring's roles hold an alias in quotes (主役「ハムレット」 is a play's);
- Age and AGE after a form's label are whole words (not SEE PAGE 12, STAGE 3);
- a file's name or a version at a line's start is no chat speaker (file.txt:, v1.2:).
"""

from __future__ import annotations

import pytest

from kizashi.share.pii import find_personal_data
from kizashi.share.pii_works import a_work, a_work_at
from kizashi.share.tear_line import tearline


def _found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find_personal_data(text) if kind is None or f.kind == kind]


def _kept(text: str, word: str, level: str = "TLP:GREEN") -> bool:
    torn = tearline(text, level)
    start = text.index(word)
    end = start + len(word)
    return not any(r["start"] < end and start < r["end"] for r in torn.removed)


# ---- a work's name with an honorific after it is a person ----


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("近所のカツオくん（10）が目撃した", "カツオ"),
        ("友人のミラさんが見ていた", "ミラ"),
        ("アクアちゃん（8）が見た", "アクア"),
    ],
)
def test_a_listed_name_with_an_honorific_after_it_is_a_person(text: str, name: str) -> None:
    assert not _kept(text, name)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("アニメのカツオが好き", "カツオ"),
        ("コナンの映画を見た", "コナン"),
        ("サザエさんの着ぐるみ", "サザエさん"),
        ("白のアクアで逃走", "アクア"),
        ("キティちゃんのポーチ", "キティちゃん"),
    ],
)
def test_a_listed_work_without_an_honorific_or_with_its_own_stays(text: str, word: str) -> None:
    assert _kept(text, word)


def test_a_work_at_reads_the_honorific_after_the_span() -> None:
    assert a_work("カツオ") and not a_work("カツオくん")
    text = "カツオくんとサザエさんとカツオ"
    assert not a_work_at(text, 0, 3)  # カツオ|くん
    assert a_work_at(text, 6, 9)  # サザエ|さん: サザエさん is listed
    assert a_work_at(text, 12, 15)


# ---- a quoted office is no alias; only a ring's roles hold one ----


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("「警察官」を名乗る男から電話", "警察官"),
        ("「銀行協会」を名乗る封書が届いた", "銀行協会"),
        ("「消費生活センター」を名乗る電話", "消費生活センター"),
        ("「弁護士」と名乗る男", "弁護士"),
        ("主役「ハムレット」を演じた", "ハムレット"),
        ("悪役「ジョーカー」が人気", "ジョーカー"),
    ],
)
def test_a_quoted_office_or_a_plays_role_is_no_alias(text: str, word: str) -> None:
    assert word not in _found(text, "person")
    # (the residual sweep may still take an unknown katakana word: ハムレット at GREEN)
    assert all(r["rule"] != "PII-NAME-ALIAS" for r in tearline(text, "TLP:GREEN").removed)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("指示役「タカミネ」から連絡", "タカミネ"),
        ("「タナカ」を名乗る男", "タナカ"),
        ("受け子「ハヤブサ」が現金を受け取った", "ハヤブサ"),
        ("リクルーター「ミナト」に誘われた", "ミナト"),
        ("「雅士」と名乗る男", "雅士"),
    ],
)
def test_a_rings_alias_and_a_claimed_name_are_still_removed(text: str, alias: str) -> None:
    assert alias in _found(text, "person")


# ---- Age is a whole word ----


@pytest.mark.parametrize(
    "text", ["SEE PAGE 12 FOR DETAILS", "STAGE 3 OF THE PLAN", "MESSAGE 2 OF 5", "Homepage 12"]
)
def test_age_inside_a_longer_word_is_no_label(text: str) -> None:
    assert _found(text, "age") == []
    assert tearline(text, "TLP:GREEN").text == text


@pytest.mark.parametrize(
    ("text", "age"), [("Age: 41", "41"), ("AGE 41", "41"), ("Age ..... 41", "41")]
)
def test_age_after_its_label_is_still_removed(text: str, age: str) -> None:
    assert age in _found(text, "age")


# ---- a file's name or a version is no chat speaker ----


@pytest.mark.parametrize(
    "text",
    [
        "file.txt: 12 lines\nconfig.yaml: updated\nnotes.md: new",
        "v1.2: fixed the login\nv1.3: added export\nv2.0: cleanup",
    ],
)
def test_a_file_name_or_a_version_is_no_chat_speaker(text: str) -> None:
    assert _found(text, "account") == []
    assert tearline(text, "TLP:GREEN").text == text


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("09:12 sakaki: 見た\n09:13 dmitri.v: 了解", ["sakaki", "dmitri.v"]),
        ("neko_mikan#4412: 住所を晒された\ngr4vity: 通報しよう", ["neko_mikan#4412", "gr4vity"]),
    ],
)
def test_chat_speakers_written_as_ids_are_still_removed(text: str, ids: list[str]) -> None:
    torn = tearline(text, "TLP:GREEN").text
    for word in ids:
        assert word not in torn
