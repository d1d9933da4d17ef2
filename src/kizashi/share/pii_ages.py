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
)
# an honorific between a name and its age in brackets (陽葵ちゃん（9）, 佐藤さん (45))
_HONORIFIC_GAP = re.compile(r"[ \u3000]?(?:さん|ちゃん|くん|君|様|さま|氏)[ \u3000]?$")
_PERSON_BEFORE_AGE = re.compile(
    r"(?:男|女|男性|女性|少年|少女|男児|女児|容疑者|被疑者|被害者|会社員|無職|自営業|学生|生徒|"
    r"主婦|夫|妻|長男|長女|次男|次女|三男|三女|息子|娘|祖父|祖母|父親|母親|父|母|兄|弟|姉|妹)"
    r"[ \u3000]?$"
)


def ages(folded: str, people: Iterable[Finding]) -> list[Finding]:
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
