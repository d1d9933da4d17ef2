"""A person named by their employer and post (pii18): 株式会社ハルモニア 経理課長,
湘南ケミカル工業 製造課主任, 日邦化学 取締役, the Head of Procurement at Sanwa Fine Chemicals.

A firm alone is no personal data (井村屋, 亀田製菓 stay; the partner that sourced a product is
removed by its own rule, ``SRC-KNOWN-TERM``), and a post alone is no one (経理課長, 社長). A
firm with a post after it names one person — the one who holds it — as surely as a name, so
the firm and the post go together (kind ``affiliation``). A firm is a name with a company's
form (株式会社…, …株式会社, 有限会社…, ㈱) or ending in a trade word (…工業, …化学, …精工,
…商会, …ケミカル); a post is a listed title, with a department before it (製造課, 総務部
法務グループ) and 元 (a former holder) allowed. The word lists are the module's data.
"""

from __future__ import annotations

import re

Span = tuple[int, int, str, str]

_FORM = r"(?:株式会社|有限会社|合同会社|\(株\)|\(有\)|㈱|㈲)"
_TRADE = (
    r"(?:工業|化学|化成|化工|商会|商事|商店|精工|精機|精密|製作所|電子|電機|電気|興業|産業|物産|"
    r"建設|工務店|運輸|物流|ロジテック|ケミカル|マテリアル|テクノロジー|テック|技研|光学|製薬|"
    r"薬品|通商|プランニング|ホールディングス|エンジニアリング|システムズ|ソリューションズ|"
    r"オプティクス|製作|工業所|製菓)"
)
_NAME = r"[一-龥々ァ-ヺーA-Za-z0-9・&]{1,14}?"
_FIRM = rf"(?:{_FORM}[ \u3000]?{_NAME}[一-龥ァ-ヺーA-Za-z]|{_NAME}{_TRADE}(?:[ \u3000]?{_FORM})?|{_NAME}[ \u3000]?{_FORM})"
_DEPT = r"(?:[一-龥ァ-ヺー]{1,8}(?:本部|事業部|部|課|室|係|グループ|工場|支店|営業所|研究所|センター)[ \u3000]?){0,2}"
_POST = (
    r"(?:代表取締役社長|代表取締役|取締役|代表社員|代表|社長|副社長|専務|常務|会長|執行役員|"
    r"本部長|部長|次長|課長|係長|主任|主査|主事|室長|所長|工場長|支店長|グループ長|チーム長|"
    r"マネージャー|リーダー|研究員|技師|技術者|エンジニア|CISO|CTO|CEO|CFO|COO)"
)
_JA = re.compile(
    rf"(?<![一-龥々ァ-ヺーA-Za-z]){_FIRM}(?:の|[ \u3000])?(?:元)?{_DEPT}[一-龥]{{0,6}}?{_POST}(?![一-龥々])"
)
_ROLE_EN = (
    r"(?:[Hh]ead of [A-Z]?[a-z]+|[Cc]hief [A-Z]?[a-z]+ [Oo]fficer|CISO|CTO|CEO|CFO|COO|"
    r"(?:[Pp]lant|[Gg]eneral|[Ss]ales|[Ff]actory|[Pp]roject|[Ss]ecurity) [Mm]anager|[Dd]irector|"
    r"[Mm]anaging [Dd]irector|[Cc]hief [Ee]ngineer|[Vv]ice [Pp]resident)"
)
_FIRM_EN = (
    r"[A-Z][A-Za-z&-]*(?:'s|’s)?"
    r"(?: (?:[A-Z][A-Za-z&-]*(?:'s|’s)?|factory|plant|works|laboratory|lab|office)){0,4}"
)
_EN = re.compile(rf"\b{_ROLE_EN} (?:at|of) {_FIRM_EN}")
# a country, a state or an office is no firm (Head of State of France, Director of Public
# Prosecutions)
_NOT_FIRM_EN = re.compile(r"^(?:State|Public|the|The|Japan|France|China|Korea|America|Police)\b")


def affiliations(folded: str) -> list[Span]:
    found: list[Span] = [
        (m.start(), m.end(), "affiliation", "PII-AFFILIATION") for m in _JA.finditer(folded)
    ]
    for m in _EN.finditer(folded):
        firm = m.group()[m.group().find(" at " if " at " in m.group() else " of ") + 4 :]
        if not _NOT_FIRM_EN.match(firm):
            found.append((m.start(), m.end(), "affiliation", "PII-AFFILIATION-EN"))
    return found
