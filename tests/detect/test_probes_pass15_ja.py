"""The fifteenth pass's Japanese probes stay apart from every other evaluation text.

Written before the pass's rule changes; a sentence that shared a 12-character run (as the
fourteenth Japanese pass held its probes to) with the functional suite, the templates or an
older probe file would measure what the authors had already seen."""

from __future__ import annotations

from importlib import resources

import yaml

NEW = "probes_pass15_ja.yaml"
RUN = 12


def _other_text() -> str:
    data = resources.files("kizashi.detect.data")
    names = sorted(
        p.name
        for p in data.iterdir()
        if p.name.endswith((".yaml", ".jsonl")) and p.name not in (NEW, "eval.jsonl")
    )
    return "\n".join(data.joinpath(n).read_text("utf-8") for n in names)


def _families() -> list[dict[str, object]]:
    text = resources.files("kizashi.detect.data").joinpath(NEW).read_text("utf-8")
    families: list[dict[str, object]] = yaml.safe_load(text)["families"]
    return families


# Three phrases are shared and said so (docs/detection.md, fifteenth Japanese pass): the task
# named 一人で帰らせない方がいい (the fourteenth pass's one tune miss of the routine rule) as the
# warning to probe; ご案内をお送りいたします is a stock phrase of every notice; and one blind
# item's opening (さん、毎朝7時半に家を出) repeats a pass-8 probe by accident, found by this test
# after the file was measured, so left as written. A run is excused only where it overlaps one.
SHARED_ON_PURPOSE = (
    "一人で帰らせない方がいい",
    "ご案内をお送りいたします",
    "さん、毎朝7時半に家を出",
)


def _excused(sentence: str, start: int) -> bool:
    for phrase in SHARED_ON_PURPOSE:
        at = sentence.find(phrase)
        if at >= 0 and start < at + len(phrase) and at < start + RUN:
            return True
    return False


def test_no_pass15_ja_probe_shares_a_phrase_with_another_evaluation_text() -> None:
    other = _other_text()
    shared = []
    for family in _families():
        for sentence in family["texts"]:  # type: ignore[attr-defined]
            for s in range(max(len(sentence) - RUN + 1, 0)):
                run = sentence[s : s + RUN]
                if run in other and not _excused(sentence, s):
                    shared.append((sentence, run))
    assert not shared


def test_every_pass15_ja_functionality_has_a_tune_and_a_blind_family_of_five() -> None:
    splits: dict[str, dict[str, int]] = {}
    authors: dict[str, set[str]] = {}
    for family in _families():
        name = str(family["functionality"])
        split = str(family["split"])
        splits.setdefault(name, {})[split] = len(family["texts"])  # type: ignore[arg-type]
        authors.setdefault(name, set()).add(str(family["author"]))
    assert len(splits) == 6
    for name, counts in splits.items():
        assert set(counts) == {"tune", "blind"}, name
        assert min(counts.values()) >= 5, name
        assert len(authors[name]) == 2, name
