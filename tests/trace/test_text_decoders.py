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
from kizashi.trace.text_code import render_copy
from kizashi.trace.text_template import parse
from kizashi.trace.text_trace import Grid, _two_point, trace_text
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


def test_three_line_excerpts_name_their_recipient(dense: tuple[object, dict[str, str]]) -> None:
    template, copies = dense
    rng = random.Random(11)
    named = 0
    for _ in range(8):
        who = rng.choice(LABELS)
        lines = [x for x in copies[who].splitlines() if re.match(r"^\d+\. ", x)]
        start = rng.randrange(len(lines) - 2)
        verdict = trace_text(
            retype("\n".join(lines[start : start + 3])), template, KEY, "plan", LABELS, PARAMS
        )
        assert verdict.ranked[0].label == who
        assert {r.label for r in verdict.named} <= {who}
        named += bool(verdict.named)
    assert named >= 7


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
    rng = np.random.default_rng(1)
    slots = [
        (float(rng.uniform(0.2, 3)), -float(rng.uniform(0.1, 2)), float(rng.uniform(0.1, 0.9)))
        for _ in range(10)
    ]
    grid = Grid.point()
    for hit, miss, share in slots:
        grid = grid.add(_two_point(hit, miss, share))
    outcomes = []
    for agree in itertools.product((True, False), repeat=len(slots)):
        value = sum(h if a else m for (h, m, _), a in zip(slots, agree, strict=True))
        chance = math.prod(s if a else 1 - s for (_, _, s), a in zip(slots, agree, strict=True))
        outcomes.append((value, chance))
    for score in (-3.0, 0.0, 2.5, 5.0, 9.0, 14.0):
        exact = sum(c for v, c in outcomes if v >= score)
        assert exact - 1e-12 <= grid.tail(score) <= exact + 0.05
