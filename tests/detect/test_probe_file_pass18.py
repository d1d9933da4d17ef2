"""The eighteenth pass's probe file (listings and weapon making, Japanese and English) stays
apart from every other evaluation text and has a tune and a blind family per functionality.

The file mixes the two languages, so each sentence is held to its own language's run, as the
single-language files are in ``test_probe_files``: a Japanese sentence to 12 characters, an
English one to 16 (at 12, single English words and stock phrases repeat in any text)."""

from __future__ import annotations

import re

from tests.detect.test_probe_files import _families, _other_text

NAME = "probes_pass18.yaml"
FUNCTIONALITIES = 11
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _run(sentence: str) -> int:
    return 12 if _JAPANESE.search(sentence) else 16


def _sentences() -> list[str]:
    return [s for family in _families(NAME) for s in family["texts"]]  # type: ignore[attr-defined]


def test_run_length_follows_the_language() -> None:
    assert _run("空薬莢 10個") == 12
    assert _run("spent brass, 100 pcs") == 16


def test_no_probe_shares_a_phrase_with_another_evaluation_text() -> None:
    other = _other_text(NAME)
    shared = []
    for sentence in _sentences():
        run = _run(sentence)
        for start in range(max(len(sentence) - run + 1, 0)):
            if sentence[start : start + run] in other:
                shared.append((sentence, sentence[start : start + run]))
    assert not shared


def test_every_functionality_has_a_tune_and_a_blind_family_of_five_by_two_authors() -> None:
    splits: dict[str, dict[str, int]] = {}
    authors: dict[str, set[str]] = {}
    for family in _families(NAME):
        name = str(family["functionality"])
        splits.setdefault(name, {})[str(family["split"])] = len(family["texts"])  # type: ignore[arg-type]
        authors.setdefault(name, set()).add(str(family["author"]))
    assert len(splits) == FUNCTIONALITIES
    for name, counts in splits.items():
        assert set(counts) == {"tune", "blind"}, name
        assert min(counts.values()) >= 5, name
        assert len(authors[name]) == 2, name


def test_at_least_forty_positives_and_forty_negatives() -> None:
    labels = [family["label"] for family in _families(NAME) for _ in family["texts"]]  # type: ignore[attr-defined]
    assert sum(label is not None for label in labels) >= 40
    assert sum(label is None for label in labels) >= 40
    assert set(labels) == {None, "prohibited_listing", "weapon"}
