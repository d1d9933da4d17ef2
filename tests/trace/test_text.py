"""Text fingerprints: slots, variants that survive retyping, collusion, the invisible layer."""

from __future__ import annotations

import random
import re

import pytest

from kizashi.errors import SchemaError
from kizashi.trace.params import default_params
from kizashi.trace.text_code import render_copy
from kizashi.trace.text_formats import kanji_number, variants_for
from kizashi.trace.text_normal import normalise
from kizashi.trace.text_template import parse
from kizashi.trace.text_trace import trace_text
from tests.trace.conftest import KEY

PARAMS = default_params().text
LABELS = [f"r{i:02d}" for i in range(50)]


def retype(text: str) -> str:
    """Re-entered by hand: invisible marks gone, spacing and punctuation normalised."""
    text = re.sub("[\u200b\u200c\u2060]", "", text)
    text = re.sub(r"[ \u3000]+", " ", text).replace("、", ",").replace("。", ". ")
    return text.replace("：", ": ").replace("（", "(").replace("）", ")")


def test_parse_finds_every_kind_of_slot(plan_text: str) -> None:
    template = parse(plan_text, "plan.md")
    kinds = {s.kind for s in template.slots}
    assert kinds == {"words", "decoy", "date", "time", "num", "order", "auto"}
    assert template.meta["operation"]["id"] == "op-oyama-1022"
    assert template.lang == "ja"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a {{only}} b", "line 1: slot {{only}}: a slot needs at least two"),
        ("x\ny {{同じ|同 じ}}", "line 2: slot"),
        ("{{time:25:00}}", "time must be HH:MM"),
        ("---\ntitle: x\nno end", "never closed"),
        ("<!-- trace:order -->\n- one\n", "list of 2+ items"),
    ],
)
def test_bad_markup_names_the_line_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(SchemaError, match=re.escape(message)):
        parse(text, "doc.md")


def test_value_formats_differ_after_retyping() -> None:
    for kind, value in (
        ("time", "06:00"),
        ("time", "21:30"),
        ("date", "2026-10-22"),
        ("num", "12"),
    ):
        for lang in ("ja", "en"):
            variants = variants_for(kind, value, lang, "here")
            assert len({normalise(v) for v in variants}) == len(variants) >= 2
    assert kanji_number(12) == "十二" and kanji_number(1500) == "千五百"


def test_every_copy_is_traced_after_retyping(plan_text: str) -> None:
    template = parse(plan_text, "plan.md")
    for label in LABELS[:10]:
        text, _ = render_copy(KEY, "plan", label, template, PARAMS)
        verdict = trace_text(retype(text), template, KEY, "plan", LABELS, PARAMS)
        assert [r.label for r in verdict.named] == [label]


def test_a_verbatim_paste_is_named_by_the_invisible_layer(plan_text: str) -> None:
    template = parse(plan_text, "plan.md")
    text, _ = render_copy(KEY, "plan", "r07", template, PARAMS)
    excerpt = text.splitlines()[0]  # the title line alone: no variant slot but one
    verdict = trace_text(excerpt, template, KEY, "plan", LABELS, PARAMS)
    assert verdict.evidence["invisible_layer"] == ["r07"]
    assert [r.label for r in verdict.named] == ["r07"]


def test_mixed_copies_of_three_never_name_an_innocent(plan_text: str) -> None:
    template = parse(plan_text, "plan.md")
    copies = {label: render_copy(KEY, "plan", label, template, PARAMS)[0] for label in LABELS}
    rng = random.Random(7)
    for _ in range(15):
        colluders = rng.sample(LABELS, 3)
        lines = [copies[c].splitlines() for c in colluders]
        mix = "\n".join(rng.choice(triple) for triple in zip(*lines, strict=True))
        verdict = trace_text(retype(mix), template, KEY, "plan", LABELS, PARAMS)
        assert {r.label for r in verdict.named} <= set(colluders)


def test_unrelated_text_names_nobody(plan_text: str) -> None:
    template = parse(plan_text, "plan.md")
    verdict = trace_text("明日は晴れ。駅前で会いましょう。", template, KEY, "plan", LABELS, PARAMS)
    assert verdict.named == []
