"""The draw every newer held-out PII family (R–S onwards) makes: one person's values per text,
a few other people's values under numbered keys (``surname2``, ``phone3`` …), then one of the
author's templates. One loop, so that a family differs from another only in its templates,
its values and which keys it numbers; the order of the random draws is each family's own and
must not change (a family's texts are its frozen sample).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Folk = list[tuple[str, str, str, str]]
Towns = list[tuple[str, str, str, str, str]]
Values = Callable[[random.Random, Folk, Towns, Callable[[str], str]], dict[str, Any]]


def draw_texts(
    rng: random.Random,
    *,
    authors: Sequence[str],
    styles: Mapping[str, Sequence[tuple[str, Sequence[str]]]],
    values: Values,
    others: Sequence[str],
    keys: Sequence[str],
    folk: Folk,
    towns: Towns,
    romaji: Callable[[str], str],
    per_author: int,
) -> list[tuple[str, list[str], list[str]]]:
    """(text, seeded values, their field names), author by author."""
    out = []
    for author in authors:
        for _ in range(per_author):
            v = values(rng, folk, towns, romaji)
            for n in others:
                other = values(rng, folk, towns, romaji)
                for key in keys:
                    v[key + n] = other[key]
            template, fields = rng.choice(styles[author])
            out.append((template.format(**v), [str(v[f]) for f in fields], list(fields)))
    return out
