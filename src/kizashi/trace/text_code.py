"""Text codewords: a q-ary Tardos code over the slots, the invisible layer, and tracing.

Every slot has a keyed *bias* (a symmetric Dirichlet draw over its variants, cut off at
5 %; a concentration of 4 keeps short texts near uniform, where identification needs it), and
each recipient's variant at a slot is drawn from it with the recipient's own keyed
randomness: the q-ary Tardos construction (Škorić et al.), which stays traceable when
several recipients mix their copies. A leak is observed slot by slot (which variants does
it contain?) and each candidate gets the symmetric Tardos score, whose tail for an innocent recipient is
computed exactly (:func:`innocent_tail`).

The invisible layer (zero-width characters carrying a 64-bit keyed tag after the first
line) is only a cheap first layer: it names a copy pasted verbatim, and vanishes on retyping.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from kizashi.trace.keyed import rng_of
from kizashi.trace.params import TextParams
from kizashi.trace.scoring import Ranked, Verdict, z_for
from kizashi.trace.text_normal import normalise
from kizashi.trace.text_template import Slot, Template

CUTOFF = 0.05
_ZW: dict[str, str | int | None] = {"0": "\u200b", "1": "\u200c"}
_ZW_TAG = re.compile("\u2060([\u200b\u200c]{64})\u2060")


def bias(
    key: bytes, product: str, slot: Slot, concentration: float = 4.0
) -> np.ndarray[Any, np.dtype[np.float64]]:
    alpha = np.full(len(slot.variants), concentration)
    draw = rng_of(key, "bias", product, str(slot.index)).dirichlet(alpha)
    clipped = np.maximum(draw, CUTOFF)
    return np.asarray(clipped / clipped.sum(), np.float64)


def codeword(
    key: bytes,
    product: str,
    label: str,
    template: Template,
    biases: Sequence[np.ndarray[Any, np.dtype[np.float64]]] | None = None,
) -> list[int]:
    slots = template.slots
    chosen = biases if biases is not None else [bias(key, product, s) for s in slots]
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
    choices = codeword(key, product, label, template)
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
                (slot.left and slot.left + nv in flat)
                or (slot.right and nv + slot.right in flat)
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


# --- scoring ------------------------------------------------------------------------------


def _slot_weights(
    observed: set[int], p: np.ndarray[Any, np.dtype[np.float64]]
) -> tuple[float, float] | None:
    share = float(sum(p[k] for k in observed))
    if not observed or share >= 0.999:
        return None
    share = min(max(share, 1e-3), 0.999)
    return math.sqrt((1 - share) / share), -math.sqrt(share / (1 - share))


TAIL_GRID = 0.01


def innocent_tail(slots: Sequence[tuple[float, float, float]], score: float) -> float:
    """P(an innocent recipient scores >= `score`), by convolution over the slots.

    An innocent's codeword is independent of the leak, so at slot i it agrees with
    probability P_i (the share of the observed variants under the slot's bias), and the
    slots are independent: the tail of a sum of two-point variables. Each step is rounded
    *up* to a 0.01 grid, so the tail can only be overstated (never a false accusation from
    rounding).
    """
    steps = [
        (math.ceil(hit / TAIL_GRID), math.ceil(miss / TAIL_GRID), share)
        for hit, miss, share in slots
    ]
    low = sum(min(h, m) for h, m, _ in steps)
    high = sum(max(h, m) for h, m, _ in steps)
    dist = np.zeros(high - low + 1)
    dist[-low] = 1.0  # index = value - low; start at value 0
    for hit, miss, share in steps:
        moved = np.zeros_like(dist)
        for step, weight in ((hit, share), (miss, 1 - share)):
            if step >= 0:
                moved[step:] += weight * dist[: dist.size - step]
            else:
                moved[:step] += weight * dist[-step:]
        dist = moved
    threshold = math.floor(score / TAIL_GRID + 1e-9) - low
    return float(min(1.0, dist[max(threshold, 0) :].sum()))


def trace_text(
    leaked: str,
    template: Template,
    key: bytes,
    product: str,
    labels: Sequence[str],
    params: TextParams,
) -> Verdict:
    """Rank the copies `labels` of a text product by the evidence that `leaked` comes from them."""
    observed = observe(leaked, template)
    slots = template.slots
    biases = [bias(key, product, s) for s in slots]
    codes = {label: codeword(key, product, label, template, biases) for label in labels}
    scores = dict.fromkeys(labels, 0.0)
    explained: dict[str, list[dict[str, Any]]] = {label: [] for label in labels}
    used: list[tuple[float, float, float]] = []
    for i, (slot, seen) in enumerate(zip(slots, observed, strict=True)):
        p = biases[i]
        weights = _slot_weights(seen, p)
        if weights is None:
            continue
        hit, miss = weights
        used.append((hit, miss, min(max(float(sum(p[k] for k in seen)), 1e-3), 0.999)))
        for label in labels:
            match = codes[label][i] in seen
            scores[label] += hit if match else miss
            explained[label].append(
                {
                    "slot": slot.index,
                    "kind": slot.kind,
                    "line": slot.line,
                    "leak_has": sorted(slot.variants[k][:40] for k in seen),
                    "copy_has": slot.variants[codes[label][i]][:40],
                    "agrees": match,
                    "weight": round(hit if match else miss, 3),
                }
            )
    tags = set(_ZW_TAG.findall(leaked))
    zw_labels = {
        label
        for label in labels
        if zw_tag(key, product, label).translate(str.maketrans(_ZW)) in tags
    }
    family = max(1, len(labels))
    ranked = []
    for label, score in scores.items():
        p_value = innocent_tail(used, score) if used else 1.0
        if label in zw_labels:
            p_value = min(p_value, 2.0**-64)
        z = z_for(p_value) if p_value < 0.5 else 0.0
        confidence = 1 - min(1.0, p_value * family)
        ranked.append(
            Ranked(label, score, z, p_value, confidence, p_value * family < params.name_p)
        )
    ranked.sort(key=lambda r: (r.p_value, -r.score, r.label))
    evidence = {
        "scheme": params.id,
        "slots": len(slots),
        "slots_observed": len(used),
        "invisible_layer": sorted(zw_labels),
        "agreement": {r.label: explained[r.label] for r in ranked[:3]},
    }
    return Verdict(ranked, evidence)
