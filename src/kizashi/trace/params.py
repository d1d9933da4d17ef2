"""The trace parameters as data (``data/trace.yaml``), loaded once and checked."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kizashi.datafiles import read_versioned
from kizashi.errors import SchemaError

PARAMS_FILE = Path(__file__).parent / "data" / "trace.yaml"


@dataclass(frozen=True)
class ImageParams:
    id: str = "ss-luma-v2"
    cell: int = 4
    lowcut_sigma: float = 12.0
    target_psnr: float = 42.0
    work_side: int = 1024
    phantoms: int = 16
    name_below: float = 1e-6
    match_ratio: float = 0.75
    min_inliers: int = 12
    shortlist: int = 12


@dataclass(frozen=True)
class BlindParams:
    id: str = "rivagan-32-v1"
    enabled: bool = True
    side: int = 256
    name_below: float = 1e-4


@dataclass(frozen=True)
class TextParams:
    id: str = "tx-variants-v3"
    name_below: float = 1e-4
    zero_width: bool = True
    concentration: float = 4.0
    uniform_bias: bool = True  # tx-variants-v3: every variant equally likely (v2: False)
    line_share: float = 0.4
    mix_share: float = 0.4
    word_share: float = 0.4
    slip: float = 0.05
    auto_variants: bool = True


@dataclass(frozen=True)
class LeakParams:
    id: str = "leak-match-v1"
    min_score: float = 0.6
    window_days: int = 7


@dataclass(frozen=True)
class TraceParams:
    image: ImageParams
    blind: BlindParams
    text: TextParams
    leaks: LeakParams


def _section(data: dict[str, Any], name: str, kind: type[Any], path: Path) -> Any:
    values = data.get(name)
    if not isinstance(values, dict):
        raise SchemaError(f"{path}: '{name}' must be a mapping")
    fields = kind.__dataclass_fields__
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise SchemaError(f"{path}: {name}: unknown keys {', '.join(unknown)}")
    try:
        converted = {k: _convert(getattr(kind(), k), v) for k, v in values.items()}
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"{path}: {name}: bad value: {exc}") from exc
    return kind(**converted)


def _convert(default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise TypeError(f"expected true or false, got {value!r}")
        return value
    return type(default)(value)


def load_params(path: Path = PARAMS_FILE) -> TraceParams:
    data = read_versioned(path, what="trace parameters")
    return TraceParams(
        image=_section(data, "image", ImageParams, path),
        blind=_section(data, "blind", BlindParams, path),
        text=_section(data, "text", TextParams, path),
        leaks=_section(data, "leaks", LeakParams, path),
    )


@lru_cache(maxsize=1)
def default_params() -> TraceParams:
    return load_params()
