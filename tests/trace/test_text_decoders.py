"""Text tracing: automatic slots, three-line excerpts, colluders, and exact tails."""

from __future__ import annotations

import itertools
import math
import random
import re
from pathlib import Path

import numpy as np
import pytest

from kizashi.trace.params import default_params
from kizashi.trace.text_code import observe, render_copy
from kizashi.trace.text_template import parse
from kizashi.trace.text_trace import Grid, model_of, trace_text
from tests.trace.conftest import KEY

PARAMS = default_params().text
LABELS = [f"r{i:02d}" for i in range(20)]
DENSE = Path(__file__).parent / "data" / "raid_plan_dense.md"


def retype(text: str) -> str:
    text = re.sub("[\u200b\u200c\u2060]", "", text)
    text = re.sub(r"[ \u3000]+", " ", text).replace("、", ",").replace("。", ". ")
    return text.replace("：", ": ").replace("（", "(").replace("）", ")")


@pytest.fixture(scope="module")
def dense() -> tuple[object, dict[str, str]]:
    template = parse(DENSE.read_text("utf-8"), DENSE.name)
    copies = {label: render_copy(KEY, "plan", label, template, PARAMS)[0] for label in LABELS}
    return template, copies


def test_automatic_slots_stand_as_words_only() -> None:
    template = parse("捜索及び差押を行う。変更について確認する。\n", "x.md")
    found = [s.variants for s in template.slots]
    assert ("及び", "および") in found and ("について", "に関して") in found
    assert ("行う", "行なう") in found
    assert not any("更に" in v for v in found)  # 変更に is not 更に
    off = parse("---\nauto_variants: false\n---\n及び{{a|b}}\n", "x.md")
    assert [s.kind for s in off.slots] == ["words"]


def test_english_automatic_slots_keep_the_capital() -> None:
    template = parse("Organise the team. {{a|b}}\n", "x.md")
    assert template.slots[0].variants == ("Organise", "Organize")


def test_slots_know_their_sentence(dense: tuple[object, dict[str, str]]) -> None:
    template = parse("一つ{{a|b}}。二つ{{c|d}}。\n三つ{{e|f}}\n", "x.md")
    assert [s.block for s in template.slots] == [0, 1, 2]


def test_every_three_line_excerpt_names_its_recipient(
    dense: tuple[object, dict[str, str]],
) -> None:
    # Every window of three numbered lines of the 70-slot plan (18-23 slots read), for four
    # recipients: the v2 scheme (Dirichlet biases, two decoders at a Bonferroni factor 2, and
    # slots "seen" in lines not their own) named 111 of 160 such excerpts; v3 names them all.
    template, copies = dense
    for who in LABELS[:4]:
        lines = [x for x in copies[who].splitlines() if re.match(r"^\d+\. ", x)]
        for start in range(len(lines) - 2):
            excerpt = retype("\n".join(lines[start : start + 3]))
            verdict = trace_text(excerpt, template, KEY, "plan", LABELS, PARAMS)
            assert [r.label for r in verdict.named] == [who], (who, start)


def test_a_slot_between_slots_is_read_only_where_it_stands() -> None:
    # {{する|すること}} has no fixed text of its own on either side: it is located through
    # its neighbours (本部へ{{集合|参集}}), not wherever すること occurs in the leak.
    template = parse(
        "1. 本部へ{{集合|参集}}{{する|すること}}\n2. 押収物は{{直ちに|速やかに}}搬送することとする。\n",
        "x.md",
        auto_variants=False,
    )
    seen = observe("2. 押収物は直ちに搬送することとする。", template)
    assert seen == [set(), set(), {0}]
    assert observe("1. 本部へ参集すること", template)[:2] == [{1}, {1}]


def test_innocent_p_values_are_calibrated(dense: tuple[object, dict[str, str]]) -> None:
    # 400 codewords given to nobody against a retyped three-line excerpt: P(p <= a) <= a.
    template, copies = dense
    lines = [x for x in copies["r05"].splitlines() if re.match(r"^\d+\. ", x)]
    nobody = [f"nobody-{i}" for i in range(400)]
    verdict = trace_text(retype("\n".join(lines[2:5])), template, KEY, "plan", nobody, PARAMS)
    p_values = np.array([r.p_value for r in verdict.ranked])
    for alpha in (0.01, 0.05, 0.2, 0.5):
        assert (p_values <= alpha).mean() <= alpha + 3 * math.sqrt(alpha / 400)


def test_two_colluders_mixing_lines_name_a_colluder_and_no_innocent(
    dense: tuple[object, dict[str, str]],
) -> None:
    template, copies = dense
    rng = random.Random(3)
    hits = 0
    for _ in range(6):
        pair = rng.sample(LABELS, 2)
        mixed = "\n".join(
            rng.choice(lines) for lines in zip(*(copies[c].splitlines() for c in pair), strict=True)
        )
        verdict = trace_text(retype(mixed), template, KEY, "plan", LABELS, PARAMS)
        named = {r.label for r in verdict.named}
        assert named <= set(pair)
        hits += bool(named)
    assert hits >= 5


def test_the_shown_figure_is_the_one_that_names(dense: tuple[object, dict[str, str]]) -> None:
    template, copies = dense
    excerpt = "\n".join(copies["r04"].splitlines()[6:8])
    verdict = trace_text(retype(excerpt), template, KEY, "plan", LABELS, PARAMS)
    for ranked in verdict.ranked:
        assert ranked.named == (ranked.false_accusation <= PARAMS.name_below)


def test_the_exact_tail_is_never_understated() -> None:
    # Three sentences of 3-4 slots with random shares: the convolved, rounded-up null against
    # brute-force enumeration of all 2^11 agreement patterns.
    rng = np.random.default_rng(1)
    model = model_of(PARAMS)
    sentences = [rng.uniform(0.1, 0.9, size) for size in (4, 3, 4)]
    grid = Grid.point()
    for shares in sentences:
        grid = grid.add(model.null(shares))
    flat = np.concatenate(sentences)
    outcomes = []
    for agree in itertools.product((True, False), repeat=flat.size):
        bits, value, at = np.array(agree), 0.0, 0
        for shares in sentences:
            value += float(model.scores(bits[None, at : at + shares.size], shares)[0])
            at += shares.size
        outcomes.append((value, float(np.where(bits, flat, 1 - flat).prod())))
    values = sorted(v for v, _ in outcomes)
    for score in (-3.0, values[len(values) // 2], values[-40], values[-5], values[-1]):
        exact = sum(c for v, c in outcomes if v >= score - 1e-12)
        assert exact - 1e-12 <= grid.tail(score) <= exact + 0.05
