"""Landmarks that locate a home (pii19; kind ``landmark``).

A home described by what stands next to it names the home as surely as its address does:
自宅は区立梅田第三小学校の正門の向かい, 寮は…駅東口のロータリー前のクリーニング店の二階, a house near
the east gate of Kiba Park. The tear-line removes such a description when three things meet:

- a home is spoken of: a word for it before は/が/：/（ (自宅は, 住まいは, 自治会長宅（), a form's
  field (自宅目印：), a run that ends in a dwelling (…の裏のアパート), or in English a home word
  before a relation (a home near, lives above, Home ....);
- the description says where the home is against something (向かい, 裏, 隣, 真下, opposite,
  behind, above …);
- that something is a landmark (a school, a park, a station's exit, a shop, a police box; in
  English a capitalised name).

Public places named without a home (会場は日比谷公園, 西新井大師の参道から出発) stay: only the
description of where someone lives goes. The words are data (``data/pii_landmarks.yaml``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).parent / "data" / "pii_landmarks.yaml"
Span = tuple[int, int, str, str]


def _alt(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted((str(w) for w in words), key=len, reverse=True)))


@cache
def _rules() -> dict[str, re.Pattern[str]]:
    w = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    home, labels = _alt(w["home_ja"]), _alt(w["home_labels_ja"])
    return {
        # 自宅は…, 宅（…）, 自宅目印：…: the description runs to the clause's end
        "after_home": re.compile(
            # (pii21: a form's label with a space and no colon: 目印　…の鳥居の向かい)
            rf"(?:(?:{home})(?:は|が|[:：])|(?:{home})[（(]|(?:{labels})(?:[ \u3000]*[:：]|[ \u3000]+))"
            r"[ \u3000]*(?P<v>[^。、,，\n）)]{4,50})"
        ),
        # …の交番の裏のアパート: a run with no punctuation that ends in a dwelling
        "dwelling": re.compile(
            r"(?:^|(?<=[はが、。\n（(「：:]))(?P<v>[^はが、。,，\n（(「」：:]{4,40}?の(?:"
            + _alt(w["dwellings_ja"])
            + "))"
        ),
        # pii21: a description right after a street number, in the same bracket or line
        # (梅田7-5-9、赤いポストのある角の平屋; 関原3-9-21 クリーニング白洋舎の2軒隣)
        "after_address": re.compile(
            # (pii22: or の, as a chat writes it: 西新井本町4-8のコインランドリーの裏)
            r"(?<![\d\-‐])\d{1,4}(?:[\-‐]\d{1,4}){1,3}(?:号室?)?(?:[ \u3000、,]+|の)"
            r"(?P<v>[^。、,，\n（()）\d][^。、,，\n（()）]{3,39})"
        ),
        "relation": re.compile(_alt(w["relations_ja"])),
        "landmark": re.compile(_alt(w["landmarks_ja"])),
        # with no home word before it, the landmark must be named (桜川公園, 本町駅) and the
        # relation said after の (…の裏の, …の二階): 駅前のマンションで空き巣が多発 is an area
        # (a name with hiragana in it after a kanji or katakana head: 新田さくら公園; not
        # 近くの公園, where の says it is no name)
        "named": re.compile(
            rf"[一-龥ァ-ヶー](?:[一-龥ァ-ヶー]|(?!の)[ぁ-ゖ])+(?:{_alt(w['landmarks_ja'])})"
        ),
        # pii20: the home's surroundings said a clause or a sentence after the home (自宅は…、
        # 近くに区立伊興小学校の裏門がある; 自宅は…。すぐそばに交番): a clause that starts with
        # where (近くに, 目の前に, 向かいに) within two sentences of a home word
        "nearby": re.compile(
            rf"(?:{home})(?:は|が|[:：])[^\n]{{0,60}}?[、。,][ \u3000]*"
            rf"(?P<v>(?:すぐ|真)?(?:{_alt(w['near_ja'])})に[^。、,\n]{{2,40}})"
        ),
        # the home's own relation to something (自宅の斜め向かいにファミリーマートがある): the
        # frame says the something is the home's landmark, whatever it is
        "of_home": re.compile(
            rf"(?:{home})の(?P<v>(?:{_alt(w['relations_ja'])}){{1,2}}(?:側)?に[^。、,\n]{{2,30}}?)"
            r"(?=がある|があります|が見える|が見えます|があって|あり[、。])"
        ),
        "of_relation": re.compile(rf"の(?:{_alt(w['relations_ja'])})"),
        "en": re.compile(
            rf"\b(?:{_alt(w['home_en'])})\b[ .:]*(?:[a-z]+ ){{0,3}}?"
            rf"(?P<v>(?:{_alt(w['relations_en'])}) [^.;\n]{{3,80}})"
        ),
    }


# the clause's verb or copula after the description (…の向かいで、, …の二階です)
_TAIL = re.compile(r"(?:にあります|にある|にいる|に住んでいる|に住む|でした|です|である|だ|で)$")
# an English description ends before a clause of its own (…Kiba Park together with …)
_EN_STOP = re.compile(
    r",| (?:together|with|and|where|which|who|but|since|when|while|(?<!next)(?<!close) to)\b"
)
# pii21: "near Kita-Senju Station" alone says an area, as 駅の近く does: no home's landmark
_EN_AREA = re.compile(
    r"near (?:the )?[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,3} (?:Station|Ward|City|area)\.?"
)


def landmarks(folded: str) -> list[Span]:
    """Descriptions of where a home stands against a landmark, as (start, end, kind, rule)."""
    r = _rules()
    found: list[Span] = []
    for key in ("after_home", "dwelling", "after_address"):
        for m in r[key].finditer(folded):
            s, e = m.span("v")
            text = folded[s:e]
            cut = _TAIL.search(text)
            if cut:
                e -= len(cut.group())
                text = folded[s:e]
            if not (r["relation"].search(text) and r["landmark"].search(text)):
                continue
            if key == "dwelling" and not (
                r["named"].search(text) and r["of_relation"].search(text)
            ):
                continue
            found.append((s, e, "landmark", "PII-LANDMARK"))
    for m in r["nearby"].finditer(folded):
        s, e = m.span("v")
        text = folded[s:e]
        cut = re.search(r"(?:があります|がある|が見える|が見えます|です|だ)$", text)
        e -= len(cut.group()) if cut else 0
        if re.search(r"(?:ない|なし|ありません|なく)$", text):
            continue  # 近くにコンビニもない: nothing stands there
        if r["landmark"].search(text) or r["named"].search(text):
            found.append((s, e, "landmark", "PII-LANDMARK-NEAR"))
    found += [
        (*m.span("v"), "landmark", "PII-LANDMARK-OF-HOME") for m in r["of_home"].finditer(folded)
    ]
    for m in r["en"].finditer(folded):
        s, e = m.span("v")
        stop = _EN_STOP.search(folded, s, e)
        e = stop.start() if stop else e
        if _EN_AREA.fullmatch(folded[s:e].rstrip()):
            continue
        if re.search(r"\b[A-Z][a-z]+", folded[s:e]):
            found.append((s, e, "landmark", "PII-LANDMARK-EN"))
    return sorted(set(found))
