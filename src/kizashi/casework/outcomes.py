"""How a case may end: the closed list of outcomes (``data/outcomes.yaml``, versioned).

Adapted from TheHive's resolution status (TruePositive, FalsePositive, Indeterminate,
Duplicated, Other) to a police desk: 検挙・送致, 警告・指導, 関係機関へ引継ぎ, 嫌疑なし,
重複, その他. A closed case keeps the outcome's id and the list's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kizashi.datafiles import read_versioned
from kizashi.errors import SchemaError

OUTCOMES_FILE = Path(__file__).parent / "data" / "outcomes.yaml"
# Casework's own words (the printed report's, and a closing's label outside the list).
LABELS_FILE = Path(__file__).parent / "data" / "labels.yaml"


@dataclass(frozen=True)
class Outcome:
    id: str
    ja: str
    en: str


@dataclass(frozen=True)
class Outcomes:
    version: int
    items: tuple[Outcome, ...]

    def get(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.items if o.id == outcome_id), None)

    def label(self, outcome_id: str, lang: str = "ja") -> str:
        found = self.get(outcome_id)
        if found is None:
            return outcome_id  # an id a later list dropped: shown as stored
        return found.ja if lang == "ja" else found.en


@cache
def outcomes() -> Outcomes:
    data = read_versioned(OUTCOMES_FILE, what="case outcomes")
    items = []
    for n, row in enumerate(data.get("outcomes") or [], start=1):
        missing = [k for k in ("id", "ja", "en") if not str(row.get(k) or "").strip()]
        if missing:
            raise SchemaError(f"{OUTCOMES_FILE}: outcome {n}: {', '.join(missing)} missing")
        items.append(Outcome(str(row["id"]), str(row["ja"]), str(row["en"])))
    if not items or len({o.id for o in items}) != len(items):
        raise SchemaError(f"{OUTCOMES_FILE}: outcomes must be a non-empty list of unique ids")
    return Outcomes(int(data["version"]), tuple(items))


@cache
def labels() -> dict[str, dict[str, str]]:
    """Casework's words in Japanese and English (``data/labels.yaml``)."""
    return dict(read_versioned(LABELS_FILE, what="casework labels")["labels"])


def outcome_labels(outcome_id: str) -> tuple[str, str]:
    """A closing's outcome in Japanese and English: from the list, else casework's words
    (``outcome_<id>``, e.g. oversight's closure with no outcome), else the id as stored."""
    found = outcomes().get(outcome_id)
    if found is not None:
        return found.ja, found.en
    word = labels().get(f"outcome_{outcome_id}")
    if word is not None:
        return str(word["ja"]), str(word["en"])
    return outcome_id, outcome_id
