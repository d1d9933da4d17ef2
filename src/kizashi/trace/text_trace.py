"""Tracing a leaked text: two accusation sums, each with an exact tail for an innocent.

The leak is observed slot by slot (:func:`text_code.observe`). Two scores are computed for
each candidate recipient, because a leaker either passes on one copy or mixes several:

- the **Tardos** accusation sum (symmetric q-ary, Škorić et al.): per observed slot,
  +sqrt((1-P)/P) if the candidate's variant is among those seen, -sqrt(P/(1-P)) if not,
  with P the share of the seen variants under the slot's bias. It is the sum the Tardos code's
  guarantees are proved for, whatever the colluders do slot by slot;
- the **block** likelihood: colluders mixing copies pass on whole sentences and lines, so each
  block (a sentence of a line) is scored as coming from the candidate's copy with prior
  ``line_share`` or from someone else: log(π·Λ + 1 − π), where Λ multiplies the slots'
  likelihood ratios with ``slip`` for a misread slot. One copy retyped gives every block a
  large Λ; a mixed leak still gives each colluder the blocks they contributed, and a block from
  someone else costs at most log(1 − π).

For an innocent recipient the codeword is keyed randomness independent of the leak, so
each observed slot agrees with probability P, independently: both scores' distributions are
computed exactly by convolution over slots and blocks, with every step rounded *up* (the
tail can only be overstated). A candidate's p-value is twice the smaller of the two (both
were looked at), and with the invisible layer (a verbatim paste) at most 2^-64.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kizashi.trace.params import TextParams
from kizashi.trace.scoring import Candidate, Verdict, verdict
from kizashi.trace.text_code import bias, codeword, invisible_labels, observe
from kizashi.trace.text_template import Template

STEP = 0.02
ZERO_WIDTH_P = 2.0**-64


@dataclass
class Grid:
    """A distribution on multiples of STEP: probs[k] = P(X = (offset + k) * STEP)."""

    offset: int
    probs: NDArray[np.float64]

    @classmethod
    def point(cls) -> Grid:
        return cls(0, np.ones(1))

    def add(self, other: Grid) -> Grid:
        if self.probs.size * other.probs.size < 50_000:
            summed = np.convolve(self.probs, other.probs)
        else:
            summed = _fft_convolve(self.probs, other.probs)
        return Grid(self.offset + other.offset, summed)

    def tail(self, score: float) -> float:
        """P(X >= score); never understated by float noise."""
        first = math.ceil(score / STEP - 1e-9) - self.offset
        if first <= 0:
            return 1.0
        if first >= self.probs.size:
            return 0.0
        return float(min(1.0, self.probs[first:].sum() + 1e-15 * self.probs.size))


def _fft_convolve(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    size = a.size + b.size - 1
    length = 1 << (size - 1).bit_length()
    out = np.fft.irfft(np.fft.rfft(a, length) * np.fft.rfft(b, length), length)[:size]
    clipped: NDArray[np.float64] = np.clip(out, 0.0, None)
    return clipped


def _two_point(hit: float, miss: float, share: float) -> Grid:
    up, down = math.ceil(hit / STEP), math.ceil(miss / STEP)
    low = min(up, down)
    probs = np.zeros(max(up, down) - low + 1)
    probs[up - low] += share
    probs[down - low] += 1 - share
    return Grid(low, probs)


def _mapped(grid: Grid, function: Any) -> Grid:
    """The distribution of f(X) for increasing f, each value rounded up to the grid."""
    values = (np.arange(grid.probs.size) + grid.offset) * STEP
    cells = np.ceil(function(values) / STEP - 1e-9).astype(int)
    low = int(cells.min())
    probs = np.zeros(int(cells.max()) - low + 1)
    np.add.at(probs, cells - low, grid.probs)
    return Grid(low, probs)


@dataclass(frozen=True)
class Observed:
    slot: int
    block: int
    seen: frozenset[int]
    share: float  # P(an innocent's variant is among those seen)


def tardos_weights(share: float) -> tuple[float, float]:
    return math.sqrt((1 - share) / share), -math.sqrt(share / (1 - share))


def block_weights(share: float, slip: float) -> tuple[float, float]:
    return math.log(((1 - slip) + slip * share) / share), math.log(slip)


def trace_text(
    leaked: str,
    template: Template,
    key: bytes,
    product: str,
    labels: Sequence[str],
    params: TextParams,
) -> Verdict:
    """Rank the copies `labels` of a text product by the evidence that `leaked` comes from them."""
    slots = template.slots
    biases = [bias(key, product, s, params.concentration) for s in slots]
    codes = {label: codeword(key, product, label, template, biases) for label in labels}
    observed = []
    for slot, seen, p in zip(slots, observe(leaked, template), biases, strict=True):
        share = float(sum(p[k] for k in seen))
        if seen and share < 0.999:
            observed.append(Observed(slot.index, slot.block, frozenset(seen), max(share, 1e-3)))
    pi, slip = params.line_share, params.slip

    tardos_null, blocks_null = Grid.point(), Grid.point()
    by_block: dict[int, list[Observed]] = {}
    for item in observed:
        tardos_null = tardos_null.add(_two_point(*tardos_weights(item.share), item.share))
        by_block.setdefault(item.block, []).append(item)
    for items in by_block.values():
        inner = Grid.point()
        for item in items:
            inner = inner.add(_two_point(*block_weights(item.share, slip), item.share))
        blocks_null = blocks_null.add(_mapped(inner, lambda v: np.log(pi * np.exp(v) + (1 - pi))))

    pasted = invisible_labels(leaked, key, product, labels)
    candidates, decoders = [], {}
    for label in labels:
        code = codes[label]
        tardos = 0.0
        for item in observed:
            hit, miss = tardos_weights(item.share)
            tardos += hit if code[item.slot] in item.seen else miss
        blocks = 0.0
        for items in by_block.values():
            log_ratio = 0.0
            for item in items:
                hit, miss = block_weights(item.share, slip)
                log_ratio += hit if code[item.slot] in item.seen else miss
            blocks += math.log(pi * math.exp(log_ratio) + (1 - pi))
        p_tardos, p_blocks = tardos_null.tail(tardos), blocks_null.tail(blocks)
        p_value = min(1.0, 2 * min(p_tardos, p_blocks)) if observed else 1.0
        if label in pasted:
            p_value = min(p_value, ZERO_WIDTH_P)
        decoders[label] = {"tardos": p_tardos, "blocks": p_blocks}
        candidates.append(Candidate(label, blocks, p_value))
    result = verdict(candidates, family=len(labels), name_below=params.name_below)
    top = [r.label for r in result.ranked[:3]]
    evidence = {
        **result.evidence,
        "scheme": params.id,
        "slots": len(slots),
        "slots_observed": len(observed),
        "blocks_observed": len(by_block),
        "invisible_layer": sorted(pasted),
        "decoders": {
            label: {k: float(f"{v:.3g}") for k, v in decoders[label].items()} for label in top
        },
        "agreement": {label: _agreement(template, observed, codes[label]) for label in top},
    }
    return Verdict(result.ranked, evidence)


def _agreement(
    template: Template, observed: Sequence[Observed], code: Sequence[int]
) -> list[dict[str, Any]]:
    slots = template.slots
    out = []
    for item in observed:
        slot = slots[item.slot]
        out.append(
            {
                "slot": slot.index,
                "kind": slot.kind,
                "line": slot.line,
                "leak_has": sorted(slot.variants[k][:40] for k in item.seen),
                "copy_has": slot.variants[code[item.slot]][:40],
                "agrees": code[item.slot] in item.seen,
            }
        )
    return out
