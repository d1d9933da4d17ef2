"""Text codewords: a q-ary Tardos code over the slots, the invisible layer, and observation.

Every slot has a keyed *bias* (a symmetric Dirichlet(``concentration``) draw over its
variants, cut off at 5 %), and each recipient's variant at a slot is drawn from it with the
recipient's own keyed randomness: the q-ary Tardos construction (Škorić et al.). A leak is
observed slot by slot (which variants does it contain?); :mod:`kizashi.trace.text_trace`
scores the candidates and computes the exact tails.

The invisible layer (zero-width characters carrying a 64-bit keyed tag after the first
line) is only a cheap first layer: it names a copy pasted verbatim, and vanishes on retyping.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from kizashi.trace.keyed import rng_of
from kizashi.trace.params import TextParams
from kizashi.trace.text_normal import normalise
from kizashi.trace.text_template import Slot, Template

CUTOFF = 0.05
_ZW: dict[str, str | int | None] = {"0": "\u200b", "1": "\u200c"}
_ZW_TAG = re.compile("\u2060([\u200b\u200c]{64})\u2060")


def bias(
    key: bytes, product: str, slot: Slot, concentration: float = 1.0
) -> np.ndarray[Any, np.dtype[np.float64]]:
    alpha = np.full(len(slot.variants), concentration)
    draw = rng_of(key, "bias", product, str(slot.index)).dirichlet(alpha)
    clipped = np.maximum(draw, CUTOFF)
    return np.asarray(clipped / clipped.sum(), np.float64)


def bias_for(
    key: bytes, product: str, slot: Slot, params: TextParams
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The slot's bias under the product's scheme: uniform (tx-variants-v3) or keyed
    Dirichlet (tx-variants-v2, kept so that copies issued under it are still traced)."""
    if params.uniform_bias:
        return np.full(len(slot.variants), 1.0 / len(slot.variants))
    return bias(key, product, slot, params.concentration)


def codeword(
    key: bytes,
    product: str,
    label: str,
    template: Template,
    biases: Sequence[np.ndarray[Any, np.dtype[np.float64]]] | None = None,
    *,
    concentration: float = 1.0,
) -> list[int]:
    slots = template.slots
    chosen = biases if biases is not None else [bias(key, product, s, concentration) for s in slots]
    return [
        int(rng_of(key, "text", product, label, str(s.index)).choice(len(s.variants), p=p))
        for s, p in zip(slots, chosen, strict=True)
    ]


def zw_tag(key: bytes, product: str, label: str) -> str:
    digest = hmac.new(key, f"zw\x1f{product}\x1f{label}".encode(), hashlib.sha256).digest()
    return format(int.from_bytes(digest[:8], "big"), "064b")


def with_invisible_layer(text: str, tag: str) -> str:
    mark = "\u2060" + tag.translate(str.maketrans(_ZW)) + "\u2060"
    head, newline, rest = text.partition("\n")
    return head + mark + newline + rest


def render_copy(
    key: bytes, product: str, label: str, template: Template, params: TextParams
) -> tuple[str, list[int]]:
    biases = [bias_for(key, product, s, params) for s in template.slots]
    choices = codeword(key, product, label, template, biases)
    text = template.render(choices)
    if params.zero_width:
        text = with_invisible_layer(text, zw_tag(key, product, label))
    return text, choices


# --- observing a leak --------------------------------------------------------------------


def _item_key(item: str) -> str:
    return normalise(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", item))[:16]


def observe(leaked: str, template: Template) -> list[set[int]]:
    """For each slot, the variants the leak shows (empty: the slot is not in the leak)."""
    flat = normalise(leaked)
    seen: list[set[int]] = []
    for slot in template.slots:
        if slot.kind == "order":
            seen.append(_observe_order(flat, slot))
            continue
        found: dict[int, str] = {}
        for k, variant in enumerate(slot.variants):
            nv = normalise(variant)
            if (
                (slot.left and _search(slot.left + re.escape(nv), flat))
                or (slot.right and _search(re.escape(nv) + slot.right, flat))
                or (not slot.left and not slot.right and nv in flat)
            ):
                found[k] = nv
        # "6時" is inside "午前6時": keep only the longest of nested matches.
        kept = {
            k
            for k, nv in found.items()
            if not any(nv != other and nv in other for other in found.values())
        }
        seen.append(kept)
    return seen


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _search(pattern: str, flat: str) -> bool:
    return _compiled(pattern).search(flat) is not None


def _observe_order(flat: str, slot: Slot) -> set[int]:
    positions = {i: flat.find(_item_key(item)) for i, item in enumerate(slot.items)}
    present = sorted((p, i) for i, p in positions.items() if p >= 0 and _item_key(slot.items[i]))
    if len(present) < 2:
        return set()
    order = [i for _, i in present]
    return {
        k
        for k, ordering in enumerate(slot.orderings)
        if [i for i in ordering if i in order] == order
    }


def invisible_labels(leaked: str, key: bytes, product: str, labels: Sequence[str]) -> set[str]:
    """Copies whose invisible tag is in `leaked` (a verbatim paste)."""
    tags = set(_ZW_TAG.findall(leaked))
    return {
        label
        for label in labels
        if zw_tag(key, product, label).translate(str.maketrans(_ZW)) in tags
    }
