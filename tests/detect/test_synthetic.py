"""The ninth pass's compositional training sentences stay apart from every evaluation family."""

from __future__ import annotations

import re
from importlib import resources

from kizashi.detect.data.synthetic import FRAMES, synthetic_items


def _evaluation_text() -> str:
    data = resources.files("kizashi.detect.data")
    names = [p.name for p in data.iterdir() if p.name.endswith((".yaml", ".jsonl"))]
    return "\n".join(data.joinpath(n).read_text("utf-8") for n in sorted(names))


def test_synthetic_items_are_deterministic_and_split_by_frame() -> None:
    first, second = synthetic_items(), synthetic_items()
    assert first == second
    splits: dict[str, set[str]] = {}
    for item in first:
        splits.setdefault(item["family"], set()).add(item["split"])
    assert all(len(s) == 1 for s in splits.values())
    assert {i["split"] for i in first} == {"train", "dev"}
    assert len({i["text"] for i in first}) == len(first)


def test_every_threat_frame_has_a_benign_twin_of_the_same_slots() -> None:
    for _, _, threat, twin in FRAMES:
        assert set(re.findall(r"\{(\w+)\}", threat)) == set(re.findall(r"\{(\w+)\}", twin))
    labels = {(i["family"], i["label"]) for i in synthetic_items()}
    families = {f for f, _ in labels}
    assert labels == {(f, lab) for f in families for lab in ("threat", None)}


def test_no_frame_phrase_occurs_in_any_probe_or_suite_file() -> None:
    corpus = _evaluation_text()
    for _, _, threat, twin in FRAMES:
        for frame in (threat, twin):
            for part in re.split(r"\{\w+\}", frame):
                part = part.strip()
                runs = [part[s : s + 12] for s in range(max(len(part) - 11, 0))]
                assert not [r for r in runs if r in corpus], frame
    texts = set(corpus.splitlines())
    assert not [i["text"] for i in synthetic_items() if i["text"] in texts]
