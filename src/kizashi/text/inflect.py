"""The regular inflections of an English verb (stab → stabs, stabbed, stabbing).

The harm words a disguised Latin word is read back to (``decode.yaml`` harm_words) are listed
as verbs and derived here, so "kiiilling" and "5h00ting" are read as the plain "killing" and
"shooting" are, without a second hand list of forms that would drift from the first.
"""

from __future__ import annotations

import re

_VOWELS = "aeiou"
# One vowel between two consonants at the end of a one-syllable verb doubles the consonant
# (stab → stabbing, gun → gunned); w, x and y never double.
_SHORT_CVC = re.compile(r"^[^aeiou]*[aeiou][b-df-hj-np-tvz]$")


def _doubles(verb: str) -> bool:
    return _SHORT_CVC.match(verb) is not None


def inflections(verb: str) -> frozenset[str]:
    """``verb`` and its third person, past and present participle, by the regular rules:
    a final e is dropped before -ing and -ed (strangle → strangling, strangled), ie turns
    into y before -ing (die → dying), a short final consonant doubles (stab → stabbing), and
    a sibilant takes -es (slash → slashes). Irregular forms (shot) are listed as words."""
    if verb.endswith("ie"):
        ing, ed = verb[:-2] + "ying", verb + "d"
    elif verb.endswith("e"):
        ing, ed = verb[:-1] + "ing", verb + "d"
    elif _doubles(verb):
        ing, ed = verb + verb[-1] + "ing", verb + verb[-1] + "ed"
    else:
        ing, ed = verb + "ing", verb + "ed"
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    return frozenset((verb, third, ed, ing))
