"""Pydantic models and JSON Schemas built from the channel specs.

The same model validates a CLI file row, an API request body and (through ``/openapi.json``
and ``kizashi schema``) what a partner's system checks before it sends. Models forbid unknown
fields so that a misspelt column is reported, not silently dropped.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    model_validator,
)

from kizashi.intake.spec import ChannelSpec, FieldSpec, RuleSpec, envelope_fields, get_channel


def _empty_to_none(value: Any) -> Any:
    # An empty optional field means "not given" whether it came from JSON ("") or CSV.
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _cell_to_list(value: Any) -> Any:
    # CSV cells carry lists as JSON ('["a","b"]') or, for lists of plain strings, "a; b".
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                return json.loads(stripped)
            except ValueError:
                return value  # let validation name the field and say it is not a list
        return [part.strip() for part in stripped.split(";") if part.strip()]
    return value


def _cell_to_object(value: Any) -> Any:
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


def _python_type(spec: FieldSpec, owner: str) -> Any:
    if spec.type in ("string", "text"):
        return Annotated[str, Field(min_length=1, max_length=spec.max_length, pattern=spec.pattern)]
    if spec.type == "datetime":
        return datetime
    if spec.type == "date":
        return date
    if spec.type == "number":
        return Annotated[float, Field(ge=spec.minimum, gt=spec.exclusive_minimum)]
    if spec.type == "integer":
        return Annotated[int, Field(ge=spec.minimum, gt=spec.exclusive_minimum)]
    if spec.type == "boolean":
        return bool
    if spec.type == "enum":
        return Literal[spec.values]  # type: ignore[valid-type]
    if spec.type == "list":
        assert spec.items is not None
        item = _python_type(spec.items, owner)
        return Annotated[
            list[item],  # type: ignore[valid-type]
            Field(max_length=spec.max_items),
            BeforeValidator(_cell_to_list),
        ]
    if spec.type == "object":
        nested = _build_model(owner + _camel(spec.name.rstrip("[]")), spec.fields, (), None)
        return Annotated[nested, BeforeValidator(_cell_to_object)]
    raise AssertionError(spec.type)


def _field_definitions(fields: tuple[FieldSpec, ...], owner: str) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    for spec in fields:
        kind = _python_type(spec, owner)
        if spec.required:
            definitions[spec.name] = (kind, Field(description=spec.description))
        else:
            definitions[spec.name] = (
                Annotated[kind | None, BeforeValidator(_empty_to_none)],
                Field(default=None, description=spec.description),
            )
    return definitions


class RuleViolation(ValueError):
    """A cross-field rule of a channel failed; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _rules_validator(rules: tuple[RuleSpec, ...]) -> Any:
    def check(model: BaseModel) -> BaseModel:
        for rule in rules:
            if getattr(model, rule.if_true, None) is True:
                given = [name for name in rule.forbid if getattr(model, name, None) is not None]
                if given:
                    raise RuleViolation(given[0], f"{rule.reason} (rule {rule.id})")
        return model

    return model_validator(mode="after")(check)


def _build_model(
    name: str,
    fields: tuple[FieldSpec, ...],
    rules: tuple[RuleSpec, ...],
    doc: str | None,
) -> type[BaseModel]:
    validators = {"check_rules": _rules_validator(rules)} if rules else {}
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        name,
        __config__=_STRICT,
        __doc__=doc,
        __validators__=validators,
        **_field_definitions(fields, name),
    )
    return model


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def model_name(channel_id: str) -> str:
    """The model's (and OpenAPI component's) name: ``sns_post`` -> ``SnsPost``."""
    return _camel(channel_id)


@cache
def channel_model(channel_id: str) -> type[BaseModel]:
    """The pydantic model of one channel: the envelope's fields plus the channel's own."""
    spec: ChannelSpec = get_channel(channel_id)
    return _build_model(
        model_name(spec.id),
        envelope_fields() + spec.fields,
        spec.rules,
        f"{spec.title} (channel `{spec.id}`, schema version {spec.version}). {spec.description}",
    )


def json_schema(channel_id: str) -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of a channel, with its id and version."""
    spec = get_channel(channel_id)
    schema = channel_model(channel_id).model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": spec.schema_id,
        "x-kizashi-channel": spec.id,
        "x-kizashi-version": spec.version,
        **schema,
    }
