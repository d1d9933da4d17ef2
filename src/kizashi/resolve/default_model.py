"""The model a store uses before its first batch run: trained by the project, shipped.

    python -m kizashi.resolve.default_model     # rebuilds data/default_model.json

A fresh install that receives reports live (``kizashi serve``) links each one as it arrives,
before anyone has run ``kizashi resolve``. That needs a model: this one is trained by the same
code (:func:`kizashi.resolve.training.fit`) on the Japanese cross-script set kept in the
repository (``data/ja_crossscript.jsonl``: synthetic people written the way sources write
them, families and namesakes among them), without term frequencies, which belong to a
store's own data. The first batch run replaces it with one trained on the store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kizashi.resolve.linker import Model, shipped_model

__all__ = ["build_default_model", "default_model"]

_PATH = Path(__file__).parent / "data" / "default_model.json"


def default_model() -> Model:
    return shipped_model()


def build_default_model(path: Path = _PATH) -> Model:
    from kizashi.resolve.evaluate import read_ja_set
    from kizashi.resolve.frame import RecordTable
    from kizashi.resolve.link import identical_groups
    from kizashi.resolve.model import LinkConfig
    from kizashi.resolve.records import feature_rows
    from kizashi.resolve.training import fit

    records = [{k: v for k, v in r.items() if k != "truth"} for r in read_ja_set()]
    rows, _ = identical_groups(feature_rows(records))
    model = fit(RecordTable.from_rows(rows), LinkConfig())
    model.tf = {}
    model.stops = set()
    # The same file from the same data: splink's random linker id left out (a linker makes
    # its own when it reads the settings) and every number to 12 significant figures (EM's
    # last bits differ from run to run).
    data = _rounded(model.as_json())
    data["settings"].pop("linker_uid", None)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return Model.from_json(data)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


if __name__ == "__main__":
    built = build_default_model()
    print(f"{_PATH}: {len(built.levels)} comparisons, {len(built.rules)} blocking rules")
