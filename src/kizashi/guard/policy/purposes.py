"""Purposes as data: what material was collected for, what a user says they need it for.

Purpose binding (rule PURPOSE-2): material collected for one purpose serves another only
when ``purposes.yaml`` says the two are compatible, or a purpose change with a reason and a
legal basis was decided by the guard and recorded. Both ends are free text in the store (a
report's recorded purpose, the purpose stated with every access), so each purpose names the
phrases that identify it; :meth:`Purposes.collected_for` and :meth:`Purposes.stated` map
text to a purpose id (or None: the text names no known purpose). Pure; the file is read once.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kizashi.errors import SchemaError

PURPOSES_FILE = Path(__file__).parent / "data" / "purposes.yaml"


def _fold(text: str) -> str:
    # Format characters (zero-width space, joiners, bidi marks: category Cf) are dropped so
    # that a purpose of nothing but "\u200b" folds to "" and counts as unstated.
    normal = unicodedata.normalize("NFKC", text)
    visible = "".join(c for c in normal if unicodedata.category(c) != "Cf")
    return " ".join(visible.casefold().split())


def fold_purpose(text: str | None) -> str:
    """A stated purpose as it is matched and counted (NFKC, no format characters, one space)."""
    return _fold(text or "")


# The bucket of the product's own bookkeeping purposes (sign-ins, restores, retention,
# holds, closures, subject access): written by the code, naming no purpose of collection.
OPERATION = "operation"


@dataclass(frozen=True)
class Purpose:
    id: str
    name: str
    name_ja: str
    collected: tuple[str, ...]
    stated: tuple[str, ...]
    compatible: frozenset[str]

    @property
    def names(self) -> tuple[str, ...]:
        """The purpose's own id (underscores as spaces), name and name_ja, folded: an officer
        who types the purpose's name has named it."""
        return (
            _fold(self.id),
            _fold(self.id.replace("_", " ")),
            _fold(self.name),
            _fold(self.name_ja),
        )


@dataclass(frozen=True)
class Purposes:
    """The purpose vocabulary of an installation (``purposes.yaml``)."""

    id: str
    sha256: str
    purposes: tuple[Purpose, ...]
    # Fixed purpose texts the product writes itself, folded, to a purpose id or OPERATION.
    product: tuple[tuple[str, str], ...] = ()

    def get(self, purpose_id: str) -> Purpose | None:
        return next((p for p in self.purposes if p.id == purpose_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.purposes)

    def collected_for(self, recorded: str | None) -> str | None:
        """The purpose a report's recorded purpose text names, if any."""
        text = _fold(recorded or "")
        return next((p.id for p in self.purposes if any(k in text for k in p.collected)), None)

    def stated(self, stated: str | None) -> str | None:
        """The purpose an access's stated purpose names, if any."""
        text = _fold(stated or "")
        if not text:
            return None
        return next(
            (p.id for p in self.purposes if any(k in text for k in (*p.stated, *p.names))), None
        )

    def counted_as(self, stated: str | None) -> str | None:
        """The purpose an access is counted under by oversight: a fixed purpose the product
        writes itself (``product`` in purposes.yaml) first, else :meth:`stated`."""
        text = _fold(stated or "")
        found = next((target for known, target in self.product if known == text), None)
        return found or self.stated(stated)

    def compatible(self, collected: str, used: str) -> bool:
        """May material collected for ``collected`` serve ``used`` without a recorded change?"""
        if collected == used:
            return True
        found = self.get(collected)
        return found is not None and used in found.compatible


def load_purposes(path: Path = PURPOSES_FILE) -> Purposes:
    """Read a purposes file; SchemaError names the file, the purpose and the problem."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read the purposes: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError(f"{path}: expected a mapping with version: 1")
    entries = data.get("purposes")
    if not isinstance(entries, list) or not entries:
        raise SchemaError(f"{path}: 'purposes' must be a non-empty list")
    found: list[Purpose] = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}: purpose {number}"
        if not isinstance(entry, dict) or not entry.get("id"):
            raise SchemaError(f"{where}: expected a mapping with an id")
        try:
            found.append(
                Purpose(
                    id=str(entry["id"]),
                    name=str(entry["name"]),
                    name_ja=str(entry["name_ja"]),
                    collected=tuple(_fold(str(k)) for k in entry.get("collected") or ()),
                    stated=tuple(_fold(str(k)) for k in entry.get("stated") or ()),
                    compatible=frozenset(str(c) for c in entry.get("compatible") or ()),
                )
            )
        except KeyError as exc:
            raise SchemaError(f"{where} ({entry['id']}): missing {exc.args[0]}") from exc
    ids = [p.id for p in found]
    if len(set(ids)) != len(ids):
        raise SchemaError(f"{path}: duplicate purpose ids")
    for purpose in found:
        unknown = purpose.compatible - set(ids)
        if unknown:
            raise SchemaError(
                f"{path}: purpose {purpose.id}: compatible names unknown {sorted(unknown)}"
            )
    product = data.get("product") or {}
    if not isinstance(product, dict):
        raise SchemaError(f"{path}: 'product' must map a purpose text to a purpose id")
    for text, target in product.items():
        if str(target) not in (*ids, OPERATION):
            raise SchemaError(f"{path}: product purpose {text!r}: unknown purpose {target!r}")
    return Purposes(
        str(data.get("id", "purposes")),
        hashlib.sha256(raw).hexdigest(),
        tuple(found),
        tuple((_fold(str(k)), str(v)) for k, v in product.items()),
    )


@lru_cache(maxsize=1)
def default_purposes() -> Purposes:
    return load_purposes()
