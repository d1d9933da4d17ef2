"""Names a person goes by, after a label that says so (pii20).

- in quotes after a naming word: 自称「ミヨシ」, 通称『やっさん』, 本名「…」, 偽名「…」,
  ハンドルネーム「…」 — what the quotes hold, whatever its script (the rules for names read
  kanji, kana and romaji by shape; a quoted alias may be anything);
- a display name after its field's label and a colon: 表示名：みずほ☆, ニックネーム：ゆずぽん,
  Display name: mizu — the field's value to the end of the line or a bracket, at most
  twenty characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Span = tuple[int, int, str, str]

_QUOTED = re.compile(
    r"(?:自称|通称|本名|偽名|仮名|あだ名|愛称|ハンドルネーム|ニックネーム|呼び名)[ \u3000]*[:：]?[ \u3000]*"
    r"[「『\"“](?P<v>[^」』\"”\n]{1,15})[」』\"”]"
)
# pii21: a quoted name after a role in a ring (指示役「カミナリ」, 回収役の「…」) or before a
# verb of calling oneself (「アゲハ」と名乗る)
_ROLE_QUOTED = re.compile(
    r"(?:[一-龥]{1,3}役|元締め|リクルーター)(?:の)?[ \u3000]*[「『](?P<v>[^」』\n]{1,15})[」』]"
    r"|[「『](?P<w>[^」』\n]{1,15})[」』](?=と名乗|を名乗|と称)"
)
# (自称 and 仮名 may hold what the person claims to be: 自称「会社員」, and a kanji noun after
# the other words may be a place's (通称「内科」の病棟); a katakana word after them is a
# person's nickname even when it is also a word: 通称「アゲハ」)
_CLAIMS = ("自称", "仮名")
_KATAKANA = re.compile(r"[ァ-ヶー]{2,12}")
_DISPLAY = re.compile(
    r"(?:表示名|ニックネーム|ハンドルネーム|アカウント表示名|Display name|display name)"
    r"[ \u3000]*[:：][ \u3000]*(?P<v>[^\s（(「」,、。]{1,20})"
)


def aliases(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    """(start, end, kind, rule) of the names above; a quoted ordinary noun is no alias
    (自称「会社員」: what the person claims to be)."""
    found: list[Span] = [
        (*m.span("v"), "person", "PII-NAME-ALIAS")
        for m in _QUOTED.finditer(folded)
        if not is_common(m.group("v"))
        or (not m.group().startswith(_CLAIMS) and _KATAKANA.fullmatch(m.group("v")))
    ]
    for m in _ROLE_QUOTED.finditer(folded):
        group = "v" if m.group("v") else "w"
        s, e = m.span(group)
        # (「警視庁のタカミネ」を名乗り: the office before の stays, the name after it goes)
        s += folded.rfind("の", s, e) + 1 - s if "の" in folded[s:e] else 0
        if e - s >= 2:
            found.append((s, e, "person", "PII-NAME-ALIAS"))
    found += [(*m.span("v"), "person", "PII-NAME-DISPLAY") for m in _DISPLAY.finditer(folded)]
    return found
