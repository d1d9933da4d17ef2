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

from kizashi.text import word_pos

Span = tuple[int, int, str, str]

_QUOTED = re.compile(
    r"(?:自称|通称|本名|偽名|仮名|あだ名|愛称|ハンドルネーム|ニックネーム|呼び名)[ \u3000]*[:：]?[ \u3000]*"
    r"[「『\"“](?P<v>[^」』\"”\n]{1,15})[」』\"”]"
)
# pii21: a quoted name after a role in a ring (指示役「カミナリ」, 回収役の「…」) or before a
# verb of calling oneself (「アゲハ」と名乗る). piifix: only a ring's roles (主役「ハムレット」,
# 悪役「ジョーカー」 are a play's), and what the quotes hold is no office, trade or body
# (「警察官」を名乗る男, 「銀行協会」を名乗る封書: see _OFFICE)
_RING_ROLES = (
    "指示役|実行役|回収役|受取役|受け取り役|見張り役|見張役|運搬役|運び役|勧誘役|連絡役|管理役|"
    "統括役|現金回収役|送金役|口座役|道具屋|名義人役|架け子|掛け子|かけ子|受け子|受子|出し子|出子|"
    "運び屋|元締め|番頭|金主|リクルーター|リクルート役"
)
_ROLE_QUOTED = re.compile(
    rf"(?:{_RING_ROLES})(?:の)?[ \u3000]*[「『](?P<v>[^」』\n]{{1,15}})[」』]"
    r"|[「『](?P<w>[^」』\n]{1,15})[」』](?=と名乗|を名乗|と称)"
)
# an office, an occupation or an organisation by its last word (銀行協会, 消費生活センター) or,
# for one kanji, with two before it (警察官, 警察署; 「雅士」 is a given name)
_OFFICE = re.compile(
    r"(?:協会|組合|連合会|機構|財団|銀行|信金|金庫|会社|センター|事務所|事務局|窓口|本部|支店|"
    r"営業所|役所|役場|裁判所|病院|協議会|委員会|サポート|デスク|サービス|カンパニー|[(（]株[)）])$"
    r"|^.{2,}(?:官|員|士|師|署|庁|省|局|課|部|室|係|社)$"
    r"|^(?:株式会社|有限会社|合同会社|一般社団法人|公益社団法人|一般財団法人|[(（]株[)）])"
)
# (a quoted word that is all kanji and only an ordinary noun is a title or a claim, not a
# name: 「弁護士」, 「警察」; one also a surname is a name: 「山田」; a katakana one is a
# nickname though it is a word: 「アゲハ」)
_KANJI = re.compile(r"[一-龥々]+")


def _title(value: str) -> bool:
    pos = word_pos(value)
    return any(p[1] == "普通名詞" for p in pos) and not any(p[1] == "固有名詞" for p in pos)


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
        value = folded[s:e]
        if _OFFICE.search(value) or (_KANJI.fullmatch(value) and _title(value)):
            continue
        # (「警視庁のタカミネ」を名乗り: the office before の stays, the name after it goes)
        s += folded.rfind("の", s, e) + 1 - s if "の" in folded[s:e] else 0
        if e - s >= 2:
            found.append((s, e, "person", "PII-NAME-ALIAS"))
    found += [(*m.span("v"), "person", "PII-NAME-DISPLAY") for m in _DISPLAY.finditer(folded)]
    return found
