"""Reading an approach narrative into stages, with evidence spans, by detect's engine.

The stage rules are a detect-format rule file (``data/lexicon/approach.yaml``) whose rule
categories are the stage ids: :func:`kizashi.detect.parse_lexicon` checks it and
:func:`kizashi.detect.run_rules` runs it over :mod:`kizashi.text`'s views, so the same token
patterns, verb matchers and guards that find threats find "repeated meals" and "a request for
the drawings" — one engine, a second lexicon. A reading lists every stage hit with its rule
id, span and text, the hits guards suppressed (and why), and the furthest stage reached.

A report written wholly in Chinese (:func:`kizashi.outreach.script.is_chinese`: few kana,
more Chinese-only than Japanese-only characters) is read instead by the Chinese cue phrases
of ``data/zh/approach.yaml`` (:mod:`kizashi.outreach.reading_zh`) into the same stages, with
the same evidence and suppressed hits; its ``lexicon`` names that file and the script rules.
Japanese, English, and Japanese that quotes Chinese keep this path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kizashi.detect import Lexicon, parse_lexicon, read_lexicon_files, run_rules
from kizashi.outreach.model import StageModel, stage_model
from kizashi.outreach.reading_zh import read_chinese, zh_lexicon
from kizashi.outreach.script import is_chinese, script_rules
from kizashi.text import views

__all__ = ["Reading", "approach_lexicon", "read_approach"]


@dataclass(frozen=True)
class Reading:
    stages: tuple[str, ...]  # stage ids found, in the model's order
    furthest: str | None
    evidence: tuple[dict[str, Any], ...]  # {stage, rule, start, end, text}
    suppressed: tuple[dict[str, Any], ...]  # {stage, rule, text, guards}
    lexicon: str  # versions of the rule files, for provenance

    def to_json(self) -> dict[str, Any]:
        return {
            "stages": list(self.stages),
            "furthest": self.furthest,
            "evidence": list(self.evidence),
            "suppressed": list(self.suppressed),
            "lexicon": self.lexicon,
        }


@cache
def approach_lexicon() -> Lexicon:
    """The shipped stage rules, checked by detect's loader against the stage ids."""
    folder = resources.files("kizashi.outreach").joinpath("data", "lexicon")
    return parse_lexicon(read_lexicon_files(folder), categories=stage_model().ids())


def _version(lexicon: Lexicon) -> str:
    return ",".join(f"{name}@{v}" for name, v in sorted(lexicon.versions.items()))


def read_approach(
    text: str, *, lexicon: Lexicon | None = None, model: StageModel | None = None
) -> Reading:
    """The stages ``text`` shows, each with the evidence that shows it."""
    model = model or stage_model()
    if is_chinese(text):
        return _reading(
            model, *read_chinese(text), f"{zh_lexicon().version},{script_rules().version}"
        )
    lexicon = lexicon or approach_lexicon()
    hits, suppressed = run_rules(views(text), lexicon)
    return _reading(
        model,
        [
            {"stage": h.category, "rule": h.rule, "start": h.start, "end": h.end, "text": h.text}
            for h in hits
        ],
        [
            {
                "stage": s.hit.category,
                "rule": s.hit.rule,
                "text": s.hit.text,
                "guards": [{"guard": g, "text": t} for g, t in s.guards],
            }
            for s in suppressed
        ],
        _version(lexicon),
    )


def _reading(
    model: StageModel,
    evidence: list[dict[str, Any]],
    suppressed: list[dict[str, Any]],
    version: str,
) -> Reading:
    found = {h["stage"] for h in evidence}
    ordered = tuple(s for s in model.ids() if s in found)
    return Reading(
        stages=ordered,
        furthest=model.furthest(ordered),
        evidence=tuple(evidence),
        suppressed=tuple(suppressed),
        lexicon=version,
    )
