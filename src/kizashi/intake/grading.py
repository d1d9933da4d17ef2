"""Default grading, handling code, purpose and legal basis, from ``grading.yaml``.

Every stored report carries source reliability (A–F), information credibility (1–6), a TLP
handling code, and the purpose and legal basis it was collected for. When a submission leaves
them out they come from the source's entry, else from the channel's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kizashi.datafiles import safe_yaml
from kizashi.errors import SchemaError

GRADING_FIELDS = ("reliability", "credibility", "handling_code", "purpose", "legal_basis")


@dataclass(frozen=True)
class Grading:
    reliability: str
    credibility: str
    handling_code: str
    purpose: str
    legal_basis: str


@cache
def _grading_data() -> dict[str, Any]:
    text = resources.files("kizashi.intake").joinpath("grading.yaml").read_text("utf-8")
    data = safe_yaml(text)
    if not isinstance(data, dict) or "channels" not in data:
        raise SchemaError("grading.yaml: needs a 'channels' mapping")
    return data


def default_grading(channel: str, source: str | None = None) -> Grading:
    """The defaults for a report of `channel` from `source`."""
    data = _grading_data()
    try:
        values = dict(data["channels"][channel])
    except KeyError:
        raise SchemaError(f"grading.yaml: no defaults for channel {channel!r}") from None
    if source is not None:
        values.update((data.get("sources") or {}).get(source) or {})
    missing = [name for name in GRADING_FIELDS if not values.get(name)]
    if missing:
        raise SchemaError(f"grading.yaml: channel {channel!r} lacks {', '.join(missing)}")
    return Grading(**{name: str(values[name]) for name in GRADING_FIELDS})
