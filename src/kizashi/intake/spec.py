"""Channel specifications, read from the versioned YAML files in ``channel_specs/``.

A channel's schema is data (as in followthemoney): its fields with types and constraints, the
fields that form its natural key, its free-text fields, and where mentions of people, phones,
e-mails, accounts, addresses, organisations and substances are found. Pydantic models and JSON
Schemas are built from these specs (see :mod:`kizashi.intake.models`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kizashi.datafiles import safe_yaml
from kizashi.errors import SchemaError, UnknownChannelError

FIELD_TYPES = frozenset(
    {"string", "text", "datetime", "date", "number", "integer", "boolean", "enum", "list", "object"}
)
MENTION_KINDS = frozenset(
    {"person", "phone", "email", "account", "address", "organisation", "substance", "payment_token"}
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    description: str = ""
    required: bool = False
    max_length: int | None = None
    pattern: str | None = None
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    max_items: int | None = None
    items: FieldSpec | None = None
    fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class MentionSpec:
    kind: str
    path: str  # dotted path; "persons[].name" walks every element of the persons list
    qualifier: str | None = None  # field whose value qualifies the mention (an account's platform)
    quantity: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    id: str
    if_true: str
    forbid: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ChannelSpec:
    id: str
    version: int
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    natural_key: tuple[str, ...] = ()
    occurred_at_field: str | None = None
    text_fields: tuple[str, ...] = ()
    mentions: tuple[MentionSpec, ...] = ()
    rules: tuple[RuleSpec, ...] = field(default=())
    partner_may_submit: bool = False  # police-only channels (patrol notes, seized messages) say no

    @property
    def schema_id(self) -> str:
        return f"urn:kizashi:channel:{self.id}:v{self.version}"


def _parse_field(name: str, raw: dict[str, Any], where: str) -> FieldSpec:
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        raise SchemaError(f"{where}: field {name!r} has unknown type {kind!r}")
    items = _parse_field(f"{name}[]", raw["items"], where) if kind == "list" else None
    if kind == "list" and items is None:
        raise SchemaError(f"{where}: list field {name!r} needs items")
    sub = tuple(_parse_field(k, v, where) for k, v in (raw.get("fields") or {}).items())
    if kind == "enum" and not raw.get("values"):
        raise SchemaError(f"{where}: enum field {name!r} needs values")
    return FieldSpec(
        name=name,
        type=kind,
        description=str(raw.get("description", "")),
        required=bool(raw.get("required", False)),
        max_length=raw.get("max_length"),
        pattern=raw.get("pattern"),
        values=tuple(str(v) for v in raw.get("values", ())),
        minimum=raw.get("minimum"),
        maximum=raw.get("maximum"),
        exclusive_minimum=raw.get("exclusive_minimum"),
        max_items=raw.get("max_items"),
        items=items,
        fields=sub,
    )


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("kizashi.intake").joinpath("channel_specs", name).read_text("utf-8")
    data = safe_yaml(text)
    if not isinstance(data, dict):
        raise SchemaError(f"channel_specs/{name}: not a mapping")
    return data


@cache
def envelope_fields() -> tuple[FieldSpec, ...]:
    data = _load_yaml("envelope.yaml")
    return tuple(_parse_field(k, v, "envelope.yaml") for k, v in data["fields"].items())


def _parse_channel(data: dict[str, Any], where: str) -> ChannelSpec:
    fields = tuple(_parse_field(k, v, where) for k, v in data["fields"].items())
    names = {f.name for f in fields}
    clash = names & {f.name for f in envelope_fields()}
    if clash:
        raise SchemaError(f"{where}: fields {sorted(clash)} clash with the envelope")
    mentions = tuple(MentionSpec(**m) for m in data.get("mentions", ()))
    for mention in mentions:
        if mention.kind not in MENTION_KINDS:
            raise SchemaError(f"{where}: unknown mention kind {mention.kind!r}")
        if mention.path.split("[]")[0].split(".")[0] not in names:
            raise SchemaError(f"{where}: mention path {mention.path!r} names no field")
    for key in (*data.get("external_id", ()), *data.get("text", ())):
        if key not in names:
            raise SchemaError(f"{where}: {key!r} is not a field")
    rules = tuple(
        RuleSpec(id=r["id"], if_true=r["if_true"], forbid=tuple(r["forbid"]), reason=r["reason"])
        for r in data.get("rules", ())
    )
    return ChannelSpec(
        id=data["id"],
        version=int(data["version"]),
        title=data.get("title", data["id"]),
        description=str(data.get("description", "")).strip(),
        fields=fields,
        natural_key=tuple(data.get("external_id", ())),
        occurred_at_field=data.get("occurred_at"),
        text_fields=tuple(data.get("text", ())),
        mentions=mentions,
        rules=rules,
        partner_may_submit=bool(data.get("partner_may_submit", False)),
    )


@cache
def _channel_file(name: str) -> ChannelSpec:
    spec = _parse_channel(_load_yaml(name), f"channel_specs/{name}")
    if f"{spec.id}.yaml" != name:
        raise SchemaError(f"channel_specs/{name}: id {spec.id!r} does not match the file name")
    return spec


@cache
def _spec_names() -> tuple[str, ...]:
    directory = resources.files("kizashi.intake").joinpath("channel_specs")
    return tuple(
        sorted(
            entry.name
            for entry in directory.iterdir()
            if entry.name.endswith(".yaml") and entry.name != "envelope.yaml"
        )
    )


@cache
def channels() -> dict[str, ChannelSpec]:
    """Every channel spec shipped in the package, by id."""
    found: dict[str, ChannelSpec] = {}
    for name in _spec_names():
        spec = _channel_file(name)
        found[spec.id] = spec
    return found


def channel_ids() -> list[str]:
    return list(channels())


def get_channel(channel_id: str) -> ChannelSpec:
    # One channel's file, not all of them: `kizashi ingest` needs only the one it ingests.
    name = f"{channel_id}.yaml"
    if name in _spec_names():
        return _channel_file(name)
    raise UnknownChannelError(channel_id, channel_ids())
