"""The trace parameters as data (``data/trace.yaml``), loaded once and checked."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError

PARAMS_FILE = Path(__file__).parent / "data" / "trace.yaml"


@dataclass(frozen=True)
class ImageParams:
    id: str = "ss-luma-v1"
    cell: int = 4
    lowcut_sigma: float = 12.0
    target_psnr: float = 42.0
    work_side: int = 1024
    phantoms: int = 64
    name_z: float = 6.0
    match_ratio: float = 0.75
    min_inliers: int = 12


@dataclass(frozen=True)
class TextParams:
    id: str = "tx-variants-v1"
    name_p: float = 0.0001
    zero_width: bool = True


@dataclass(frozen=True)
class LeakParams:
    id: str = "leak-match-v1"
    min_score: float = 0.6
    window_days: int = 7


@dataclass(frozen=True)
class TraceParams:
    image: ImageParams
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
        converted = {k: type(getattr(kind(), k))(v) for k, v in values.items()}
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"{path}: {name}: bad value: {exc}") from exc
    return kind(**converted)


def load_params(path: Path = PARAMS_FILE) -> TraceParams:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read trace parameters: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError(f"{path}: expected a mapping with version: 1")
    return TraceParams(
        image=_section(data, "image", ImageParams, path),
        text=_section(data, "text", TextParams, path),
        leaks=_section(data, "leaks", LeakParams, path),
    )


@lru_cache(maxsize=1)
def default_params() -> TraceParams:
    return load_params()
