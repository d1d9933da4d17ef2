"""Ages: personal data only beside a person (split out of ``pii.py`` in pii17).

An age written 45歳 or "aged 45" is taken wherever it stands; one in brackets only right
after a name found (萓場シゲコ（46）) or, since pii17, after a word for a person as the press
and the police write it (無職の男（39）, 長男（12）) — a number in brackets after anything else
(東京タワー（3）, 第3章（12）) is a count or a note, not an age.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kizashi.share.pii_base import Finding

AGE = re.compile(
    r"[（(][ \u3000]?\d{1,3}[ \u3000]?(?:歳|才)?[ \u3000]?[)）]|\d{1,3}(?:歳|才)"
    r"|\b(?:aged|age)[ :]{1,2}\d{1,3}\b"
    # pii19: an age said in English (30 years old, a 30-year-old) or guessed of a person in
    # Japanese (70くらいの人, 40前後の男): the number and what says it is an age
    r"|\b\d{1,3}(?: years?|-years?)(?: |-)old\b"
    # (two digits, of a man or a woman, or of "that person": 100くらいの人が集まった is a crowd)
    r"|(?<![\d.,])\d{2}(?:くらい|ぐらい|前後)(?=の(?:男|女|男性|女性))"
    r"|(?<=あの|その|この)\d{2}(?:くらい|ぐらい|前後)(?=の(?:人|方))"
    # pii22: an age with its unit in hiragana, as a chat writes it (16さい, 3さいの娘)
    # (not the start of another word: 最後, 最高, 最初, さいたま, 最近, 裁判, 再要 — review of
    # pii22: the particle after an age, 3さいの娘, 娘は3さいです, was read as such a word)
    r"|(?<![\d.,])\d{1,3}さい(?!ご|こう|しょ|たま|きん|ばん|よう|せい|けん|かい)"
    # pii22: a guessed age in English brackets after a name ((about 35, works at …))
    r"|(?<=[(（])(?:about|around|approx\.?|roughly|c\.|ca\.) \d{1,2}(?=[,)）])"
)
# an honorific between a name and its age in brackets (陽葵ちゃん（9）, 佐藤さん (45))
_HONORIFIC_GAP = re.compile(r"[ \u3000]?(?:さん|ちゃん|くん|君|様|さま|氏)[ \u3000]?$")
_PERSON_BEFORE_AGE = re.compile(
    r"(?:男|女|男性|女性|少年|少女|男児|女児|容疑者|被疑者|被害者|会社員|無職|自営業|学生|生徒|"
    r"主婦|夫|妻|長男|長女|次男|次女|三男|三女|息子|娘|祖父|祖母|父親|母親|父|母|兄|弟|姉|妹)"
    r"[ \u3000]?$"
)


# pii20: an age after a form's label (年齢：49, 年令 52, Age: 28, Age ....... 41, Q3 年齢：45):
# the number and its unit, the label stays. Not a product's or a rule's age (対象年齢 3歳以上,
# 平均年齢 45, 年齢制限) nor a range (年齢 20歳以上). piifix: Age and AGE are whole words (not
# the end of PAGE 12, STAGE 3, MESSAGE 2 OF 5).
_LABELLED = re.compile(
    r"(?<!対象)(?<!平均)(?<!推奨)(?<!適用)(?<!精神)(?<!肉体)(?<!実)(?<!骨)(?<!上限)(?<!下限)"
    r"(?:年齢|年令|満年齢|(?<![A-Za-z0-9_])(?:Age|AGE))(?:[ \u3000]*(?:[:：]|\.{2,}|…+)[ \u3000]*|[ \u3000]+)?"
    r"(?P<v>\d{1,3}(?:歳|才|代)?)(?![\d.,]|[ \u3000]*(?:以上|以下|未満|から|~|〜|-))"
)
# an age's decade said of a person (30代の男, 40代女性, （30代、自称…）)
_DECADE = re.compile(
    r"(?<!\d)[1-9]0代(?:前半|後半|半ば)?"
    r"(?=の?(?:男|女|男性|女性|夫婦|会社員|主婦|学生)|[、,][^）)\n]{0,12}[）)])"
)
# an age in brackets with a job or a note after a comma (（37、会社員）), beside a person
_BRACKET_NOTE = re.compile(r"(?<=[（(])\d{1,3}(?:歳|才)?(?=[、,][^）)\n]{1,12}[）)])")


# pii22: a chat's answer to "how old?" on the next line (何歳？ / 14です) — the first number
# of one or two digits in it, alone or with です/だよ/歳/さい
_ASKED = re.compile(r"(?:何歳|なんさい|何才|いくつ|年齢は|歳は|how old)[^\n]{0,12}\n", re.I)
_ANSWER = re.compile(
    # (review of pii23: a total is no age — 全部で12, 合計12; pii24)
    r"[^\n]{0,40}?(?<![\dA-Za-z_.,/\-])(?<!\d:)(?<!全部で)(?<!合計)(?<!全部)(?<!計)(?P<v>\d{1,2})(?!:\d)(?:です|だよ|だけど|歳|才|さい)?[。！!?？w笑]*[ \u3000]*$",
    re.M,
)
# pii22: a self-description in a chat line ending in a bare number (俺 影山、草加に住んでる。17):
# a first person in the line, the number after a full stop or a comma at the line's end
_SELF_LINE = re.compile(
    # (review of pii23: そのうち and 私たち are no first person singular; pii24)
    r"^(?=[^\n]*(?:俺|あたし|私(?!たち|ども|達)|僕|ぼく|わたし(?!たち)|(?<!その)(?<!こ)うち|オレ|ワイ))[^\n]*[。、,][ \u3000]*"
    r"(?P<v>[1-9]\d)[ \u3000]*[。！!]?$",
    re.M,
)


def ages(folded: str, people: Iterable[Finding]) -> list[Finding]:
    people = list(people)
    chat = [
        Finding(m.start("v"), m.end("v"), "age", "PII-AGE-ANSWER", m.group("v"))
        for q in _ASKED.finditer(folded)
        if (m := _ANSWER.match(folded, q.end())) is not None
    ]
    chat += [
        Finding(m.start("v"), m.end("v"), "age", "PII-AGE-SELF", m.group("v"))
        for m in _SELF_LINE.finditer(folded)
    ]
    return _ages(folded, people) + _more_ages(folded, people) + chat


def _more_ages(folded: str, people: list[Finding]) -> list[Finding]:
    """The ages pii20 added: after a form's label, a decade of a person, a bracketed age with
    a note after a comma beside a person."""
    ends = {p.end for p in people}
    found = [
        Finding(m.start("v"), m.end("v"), "age", "PII-AGE-LABEL", m.group("v"))
        for m in _LABELLED.finditer(folded)
    ]
    for m in _DECADE.finditer(folded):
        found.append(Finding(m.start(), m.end(), "age", "PII-AGE-DECADE", m.group()))
    for m in _BRACKET_NOTE.finditer(folded):
        start = m.start() - 1
        near = any(0 <= start - e <= 5 for e in ends) or bool(
            _PERSON_BEFORE_AGE.search(folded, max(0, start - 6), start)
        )
        if near:
            found.append(Finding(m.start(), m.end(), "age", "PII-AGE-NOTE", m.group()))
    return found


def _ages(folded: str, people: Iterable[Finding]) -> list[Finding]:
    ends = {p.end for p in people}
    found = []
    for m in AGE.finditer(folded):
        near = (
            any(0 <= m.start() - e <= 2 for e in ends)
            or bool(_PERSON_BEFORE_AGE.search(folded, max(0, m.start() - 6), m.start()))
            or any(
                0 < m.start() - e <= 5 and _HONORIFIC_GAP.fullmatch(folded, e, m.start())
                for e in ends
            )
        )
        # 歳 in the brackets says it is an age, whatever stands before (娘あかり（16歳）)
        said = bool(re.search("歳|才", m.group()))
        if near or said or not m.group().startswith(("(", "（")):
            found.append(Finding(m.start(), m.end(), "age", "PII-AGE", m.group()))
    return found
