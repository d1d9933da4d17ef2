"""The trained scorer as data: linear weights + Platt calibration in ``.npz``, metadata in JSON.

A model is two :class:`LinearCalibrated` heads, one column per category: the ``light`` head
over n-grams and rule features, and the ``full`` head over those plus the sentence embedding.
Calibration is per language (:data:`LANGUAGES`): the same margin does not mean the same
thing in Japanese and in English, whose training data differ in size and kind. Stored as
plain arrays (no pickle), so loading cannot run code and does not depend on the scikit-learn
version that trained it. The shipped model lives in ``detect/models/`` and is loaded once per
process by :func:`shipped_model`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from kizashi.detect.features import JAPANESE, feature_layout
from kizashi.detect.lexicon import CATEGORIES
from kizashi.errors import SchemaError

__all__ = [
    "LANGUAGES",
    "MODEL_NAME",
    "LinearCalibrated",
    "ScorerModel",
    "language_of",
    "languages_of",
    "load_model",
    "shipped_model",
]

MODEL_NAME = "scorer"
LANGUAGES = ("ja", "en")  # row 0: any kana or kanji in the text; row 1: everything else


def language_of(text: str) -> int:
    """Index into :data:`LANGUAGES`: 0 (Japanese) if the text has any kana or kanji."""
    return 0 if JAPANESE.search(text) else 1


def languages_of(texts: Sequence[str]) -> np.ndarray:
    return np.array([language_of(t) for t in texts], dtype=np.int64)


@dataclass(frozen=True)
class LinearCalibrated:
    """p = 1 / (1 + exp(a[lang] · (x·W + bias) + b[lang])) per category (Platt scaling per
    language)."""

    weights: np.ndarray  # (features, categories) float32
    bias: np.ndarray  # (categories,)
    cal_a: np.ndarray  # (languages, categories)
    cal_b: np.ndarray  # (languages, categories)

    def margin(self, matrix: Any) -> np.ndarray:
        product: np.ndarray = np.asarray(matrix @ self.weights, dtype=np.float64)
        margin: np.ndarray = product + self.bias
        return margin

    def calibrate(self, margin: np.ndarray, langs: np.ndarray) -> np.ndarray:
        z = self.cal_a[langs] * margin + self.cal_b[langs]
        probs: np.ndarray = 1.0 / (1.0 + np.exp(np.clip(z, -50, 50)))
        return probs

    def predict(self, matrix: Any, langs: np.ndarray) -> np.ndarray:
        return self.calibrate(self.margin(matrix), langs)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_{k}": v for k, v in vars(self).items()}

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> LinearCalibrated:
        return cls(
            *(np.asarray(data[f"{prefix}_{k}"]) for k in ("weights", "bias", "cal_a", "cal_b"))
        )


@dataclass(frozen=True)
class ScorerModel:
    light: LinearCalibrated
    full: LinearCalibrated
    thresholds: dict[str, float]  # per category, on the full head's calibrated score
    band: float  # a text whose best light score is below this is not embedded
    metadata: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> tuple[Path, Path]:
        """Write ``<path>.npz`` and ``<path>.json``; returns both paths."""
        path.parent.mkdir(parents=True, exist_ok=True)
        npz, meta = path.with_suffix(".npz"), path.with_suffix(".json")
        arrays = self.light.arrays("light") | self.full.arrays("full")
        _write_npz(npz, arrays)
        document = {
            **self.metadata,
            "categories": list(CATEGORIES),
            "thresholds": self.thresholds,
            "band": self.band,
            "rule_features": list(feature_layout().rule_names),
        }
        meta.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return npz, meta


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with fixed member timestamps, so the same weights give the
    same bytes (the file's hash is part of every signal's ``model_version``)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def load_model(path: Path) -> ScorerModel:
    """Load ``<path>.npz`` + ``<path>.json``; refuse a model built for other rules."""
    npz, meta = path.with_suffix(".npz"), path.with_suffix(".json")
    try:
        document = json.loads(meta.read_text("utf-8"))
        data = np.load(npz, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise SchemaError(f"cannot load the scorer model {path}: {exc}") from None
    if tuple(document.get("rule_features", ())) != feature_layout().rule_names:
        # A rule added or removed shifts the rule columns; the weights would be misread.
        raise SchemaError(
            f"the scorer model {path} was trained for other rules: run `kizashi detect train`"
        )
    with data:
        light = LinearCalibrated.from_arrays(data, "light")
        full = LinearCalibrated.from_arrays(data, "full")
    return ScorerModel(
        light=light,
        full=full,
        thresholds={c: float(document["thresholds"][c]) for c in CATEGORIES},
        band=float(document["band"]),
        metadata=document,
    )


def shipped_path() -> Path:
    return Path(str(resources.files("kizashi.detect").joinpath("models", MODEL_NAME)))


@cache
def shipped_model() -> ScorerModel:
    """The model that ships in the package, loaded once per process."""
    return load_model(shipped_path())
