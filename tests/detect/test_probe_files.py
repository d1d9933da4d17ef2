"""Each pass's probe file stays apart from every other evaluation text, and has a tune and a
blind family for each functionality (fourteenth to twentieth passes).

A probe file is written before its pass's rules; a sentence that shared a phrase with the
functional suite, the templates or another probe file would measure what the authors had
already seen. Japanese files are held to 12-character runs. English files to 16 (case-
sensitive, as ``test_synthetic``): at 12 characters single words ("commissioner",
" the stadium") and stock phrases (" is going to") repeat in any English text, so 12 cannot
be met by natural sentences; the ninth pass's synthetic frames are held to 12 by
``test_synthetic``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pytest
import yaml


@dataclass(frozen=True)
class ProbeFile:
    name: str
    run: int  # characters in a run that may not repeat elsewhere
    functionalities: int
    # Phrases shared and said so in docs/history/detection-journal.md; a run is excused only
    # where it overlaps one of them.
    shared_on_purpose: tuple[str, ...] = ()


FILES = (
    ProbeFile("probes_pass14_en.yaml", 16, 14),
    ProbeFile("probes_pass15_en.yaml", 16, 6),
    ProbeFile("probes_pass16_en.yaml", 16, 6),
    ProbeFile("probes_pass17_en.yaml", 16, 12),
    ProbeFile("probes_pass18_en.yaml", 16, 8),
    ProbeFile("probes_pass19_en.yaml", 16, 7),
    ProbeFile("probes_pass20_en.yaml", 16, 9),
    ProbeFile("probes_pass21_en.yaml", 16, 22),
    # The fifteenth Japanese pass: its task named 一人で帰らせない方がいい (the fourteenth
    # pass's one tune miss of the routine rule) as the warning to probe; ご案内をお送りいたします
    # is a stock phrase of every notice; one blind item's opening (さん、毎朝7時半に家を出)
    # repeats a pass-8 probe by accident, found by this check after the file was measured.
    ProbeFile(
        "probes_pass15_ja.yaml",
        12,
        6,
        ("一人で帰らせない方がいい", "ご案内をお送りいたします", "さん、毎朝7時半に家を出"),
    ),
    ProbeFile("probes_pass16_ja.yaml", 12, 11),
    ProbeFile("probes_pass19.yaml", 12, 7),
    ProbeFile("probes_pass20_ja.yaml", 12, 2),
    # det40 (probes_pass21_ja.yaml): five tune items and one blind handle repeat earlier probe
    # wording, found by this check after the file was measured; said so in
    # docs/history/detection-journal.md.
    ProbeFile(
        "probes_pass21_ja.yaml",
        12,
        20,
        (
            "近日中に貴殿のお命を頂戴",
            "消えていただくことになり",
            "の安全は保証いたしかねま",
            "荷物受け取るだけで日給5",
            "囲碁で大石を殺されて投了",
            "もよろしくお伝えください",
            "kaicho_official",
        ),
    ),
)


def _text(name: str) -> str:
    return resources.files("kizashi.detect.data").joinpath(name).read_text("utf-8")


def _other_text(own: str) -> str:
    data = resources.files("kizashi.detect.data")
    names = sorted(
        p.name
        for p in data.iterdir()
        if p.name.endswith((".yaml", ".jsonl")) and p.name not in (own, "eval.jsonl")
    )
    return "\n".join(_text(n) for n in names)


def _families(name: str) -> list[dict[str, object]]:
    families: list[dict[str, object]] = yaml.safe_load(_text(name))["families"]
    return families


def _excused(probe: ProbeFile, sentence: str, start: int) -> bool:
    for phrase in probe.shared_on_purpose:
        at = sentence.find(phrase)
        if at >= 0 and start < at + len(phrase) and at < start + probe.run:
            return True
    return False


@pytest.mark.parametrize("probe", FILES, ids=lambda p: p.name)
def test_no_probe_shares_a_phrase_with_another_evaluation_text(probe: ProbeFile) -> None:
    other = _other_text(probe.name)
    shared = []
    for family in _families(probe.name):
        for sentence in family["texts"]:  # type: ignore[attr-defined]
            for start in range(max(len(sentence) - probe.run + 1, 0)):
                run = sentence[start : start + probe.run]
                if run in other and not _excused(probe, sentence, start):
                    shared.append((sentence, run))
    assert not shared


@pytest.mark.parametrize("probe", FILES, ids=lambda p: p.name)
def test_every_functionality_has_a_tune_and_a_blind_family_of_five(probe: ProbeFile) -> None:
    splits: dict[str, dict[str, int]] = {}
    authors: dict[str, set[str]] = {}
    for family in _families(probe.name):
        name = str(family["functionality"])
        split = str(family["split"])
        splits.setdefault(name, {})[split] = len(family["texts"])  # type: ignore[arg-type]
        authors.setdefault(name, set()).add(str(family["author"]))
    assert len(splits) == probe.functionalities
    for name, counts in splits.items():
        assert set(counts) == {"tune", "blind"}, name
        assert min(counts.values()) >= 5, name
        assert len(authors[name]) == 2, name
