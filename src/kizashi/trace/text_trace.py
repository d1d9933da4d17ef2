"""Tracing a leaked text: one score per candidate, with an exact tail for an innocent.

The leak is observed slot by slot (:func:`text_code.observe`). A leaker passes on one copy or
mixes several, by lines and sentences or word by word, so each sentence of the leak (a block:
the sentence of a line, cut into runs of at most CHUNK observed slots) is scored as one of
three hypotheses about the candidate's copy:

- it is the candidate's sentence, retyped (prior π = ``line_share``): Λ, the product of the
  slots' likelihood ratios, ((1−δ) + δP)/P on agreement and δ (``slip``) on disagreement;
- it mixes the candidate's words with others' (prior σ = ``mix_share``), each slot the
  candidate's with chance ρ (``word_share``): M, the product of ρ/P + 1 − ρ on agreement and
  1 − ρ on disagreement;
- it is someone else's: 1.

The sentence scores log(π·Λ + σ·M + 1 − π − σ) and the candidate's score is their sum. For
an innocent recipient the codeword is keyed randomness independent of the leak, so each
observed slot agrees with probability P (the share of the seen variants under the slot's
bias), independently: every sentence's score distribution is computed **exactly** by
enumerating its 2^k agreement patterns, each value rounded *up* to the grid, and the
sentences are convolved (the tail can only be overstated). One score, one exact tail: no
correction for having looked at two decoders (the earlier Tardos + block pair paid a factor
2). With the invisible layer (a verbatim paste) the p-value is at most 2^-64.
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
from kizashi.trace.text_code import bias_for, codeword, invisible_labels, observe
from kizashi.trace.text_template import Template

STEP = 0.02
DECODER = "sentences-v3"
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


@dataclass(frozen=True)
class Observed:
    slot: int
    block: int
    seen: frozenset[int]
    share: float  # P(an innocent's variant is among those seen)


CHUNK = 12  # at most this many observed slots per scored sentence (2^12 outcomes enumerated)


def chunks_of(observed: Sequence[Observed]) -> list[list[Observed]]:
    """The observed slots by sentence, a long sentence cut into runs of at most CHUNK."""
    by_block: dict[int, list[Observed]] = {}
    for item in observed:
        by_block.setdefault(item.block, []).append(item)
    return [
        items[i : i + CHUNK] for items in by_block.values() for i in range(0, len(items), CHUNK)
    ]


@dataclass(frozen=True)
class SentenceModel:
    """The three ways a sentence of the leak can relate to a candidate's copy."""

    line_share: float  # π: the sentence is the candidate's, retyped (slips aside)
    mix_share: float  # σ: its words come from the candidate's copy and others' (ρ each)
    word_share: float  # ρ
    slip: float  # δ: a slot misread or changed

    def scores(self, agree: NDArray[np.bool_], shares: NDArray[np.float64]) -> NDArray[np.float64]:
        """log(π·Λ + σ·M + 1 − π − σ) for each row of agreements (rows × slots)."""
        pi, sigma, rho, slip = self.line_share, self.mix_share, self.word_share, self.slip
        copied = np.where(agree, np.log(((1 - slip) + slip * shares) / shares), np.log(slip))
        mixed = np.where(agree, np.log(rho / shares + (1 - rho)), np.log(1 - rho))
        total = pi * np.exp(copied.sum(axis=-1)) + sigma * np.exp(mixed.sum(axis=-1))
        return np.asarray(np.log(total + (1 - pi - sigma)), np.float64)

    def null(self, shares: NDArray[np.float64]) -> Grid:
        """The exact distribution of the sentence's score for an innocent, rounded up."""
        k = shares.size
        agree = ((np.arange(1 << k)[:, None] >> np.arange(k)) & 1).astype(bool)
        chance = np.where(agree, shares, 1 - shares).prod(axis=1)
        cells = np.ceil(self.scores(agree, shares) / STEP - 1e-9).astype(int)
        low = int(cells.min())
        probs = np.zeros(int(cells.max()) - low + 1)
        np.add.at(probs, cells - low, chance)
        return Grid(low, probs)


def model_of(params: TextParams) -> SentenceModel:
    return SentenceModel(params.line_share, params.mix_share, params.word_share, params.slip)


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
    biases = [bias_for(key, product, s, params) for s in slots]
    codes = {label: codeword(key, product, label, template, biases) for label in labels}
    observed = []
    for slot, seen, p in zip(slots, observe(leaked, template), biases, strict=True):
        share = float(sum(p[k] for k in seen))
        if seen and share < 0.999:
            observed.append(Observed(slot.index, slot.block, frozenset(seen), max(share, 1e-3)))
    model = model_of(params)
    chunks = chunks_of(observed)
    shares = [np.array([item.share for item in chunk]) for chunk in chunks]
    null = Grid.point()
    for chunk_shares in shares:
        null = null.add(model.null(chunk_shares))

    pasted = invisible_labels(leaked, key, product, labels)
    candidates, agreeing = [], {}
    for label in labels:
        code = codes[label]
        score = 0.0
        for chunk, chunk_shares in zip(chunks, shares, strict=True):
            agree = np.array([code[item.slot] in item.seen for item in chunk])
            score += float(model.scores(agree[None, :], chunk_shares)[0])
        p_value = null.tail(score) if observed else 1.0
        if label in pasted:
            p_value = min(p_value, ZERO_WIDTH_P)
        agreeing[label] = sum(code[item.slot] in item.seen for item in observed)
        candidates.append(Candidate(label, score, p_value))
    result = verdict(candidates, family=len(labels), name_below=params.name_below)
    top = [r.label for r in result.ranked[:3]]
    evidence = {
        **result.evidence,
        "scheme": params.id,
        "decoder": DECODER,
        "slots": len(slots),
        "slots_observed": len(observed),
        "blocks_observed": len({item.block for item in observed}),
        "invisible_layer": sorted(pasted),
        "slots_agreeing": {label: agreeing[label] for label in top},
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
