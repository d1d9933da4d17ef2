"""The sixteenth pass's English probes stay apart from every other evaluation text.

Written before the pass's rules; a sentence that shared a phrase with the functional suite,
the templates or an older probe file would measure what the authors had already seen. The
check is on 16-character runs (case-sensitive, as ``test_synthetic``): at 12 characters single
words ("commissioner", " the stadium") and stock phrases (" is going to") repeat in any
English text, so 12 cannot be met by natural sentences; the ninth pass's synthetic frames are
held to 12 by ``test_synthetic``."""

from __future__ import annotations

from importlib import resources

import yaml

NEW = "probes_pass16_en.yaml"
RUN = 16


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


def test_no_pass16_probe_shares_a_phrase_with_another_evaluation_text() -> None:
    other = _other_text()
    shared = []
    for family in _families():
        for sentence in family["texts"]:  # type: ignore[attr-defined]
            runs = {sentence[s : s + RUN] for s in range(max(len(sentence) - RUN + 1, 0))}
            shared += [(sentence, r) for r in runs if r in other]
    assert not shared


def test_every_functionality_has_a_tune_and_a_blind_family_of_five() -> None:
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
