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


# Text must hold something besides white space, and no NUL (PostgreSQL cannot store it).
# The same pattern is published in the JSON Schema. White space is spelt out, because \s
# differs between ECMA, Python and Rust regexes (U+0085, U+001C-1F); U+3000 is the
# full-width space of Japanese text.
MEANINGFUL_TEXT = r"^[^\x00]*[^\x00\t\n\x0b\x0c\r \u00a0\u3000][^\x00]*$"

# Integers beyond 2**53 - 1 do not survive a JavaScript client or a BIGINT column.
MAX_SAFE_INTEGER = 2**53 - 1

# JSON values are kept as sent; CSV cells are trimmed, as spreadsheets pad them.
_JSON_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False)
_CELLS_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


def _text_only(value: Any) -> Any:
    # JSON callers must send dates and times as ISO 8601 strings, not numbers (as the schema says).
    if not isinstance(value, str | datetime | date):
        raise ValueError("must be an ISO 8601 string")
    return value


def _no_text(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON number")
    return value


def _python_type(spec: FieldSpec, owner: str, cells: bool) -> Any:
    """The Python type of a field: strict for JSON, lenient for CSV cells (which are all text)."""
    strict = not cells
    if spec.type in ("string", "text"):
        pattern = spec.pattern or MEANINGFUL_TEXT
        return Annotated[str, Field(min_length=1, max_length=spec.max_length, pattern=pattern)]
    if spec.type in ("datetime", "date"):
        kind = datetime if spec.type == "datetime" else date
        return kind if cells else Annotated[kind, BeforeValidator(_text_only)]
    if spec.type == "number":
        return Annotated[
            float, Field(ge=spec.minimum, gt=spec.exclusive_minimum, le=spec.maximum, strict=strict)
        ]
    if spec.type == "integer":
        # Lax int takes 12.0 (an integer in JSON Schema) but not 12.5; strings only from cells.
        top = spec.maximum if spec.maximum is not None else MAX_SAFE_INTEGER
        bounds = Field(ge=spec.minimum, gt=spec.exclusive_minimum, le=top)
        return (
            Annotated[int, bounds] if cells else Annotated[int, bounds, BeforeValidator(_no_text)]
        )
    if spec.type == "boolean":
        return Annotated[bool, Field(strict=strict)]
    if spec.type == "enum":
        return Literal[spec.values]
    if spec.type == "list":
        assert spec.items is not None
        item = _python_type(spec.items, owner, cells)
        listed = Annotated[list[item], Field(max_length=spec.max_items)]  # type: ignore[valid-type]
        return Annotated[listed, BeforeValidator(_cell_to_list)] if cells else listed
    if spec.type == "object":
        suffix = "Cells" if cells else ""
        nested = _build_model(
            owner + _camel(spec.name.rstrip("[]")) + suffix, spec.fields, (), None, cells
        )
        return Annotated[nested, BeforeValidator(_cell_to_object)] if cells else nested
    raise AssertionError(spec.type)


def _field_definitions(fields: tuple[FieldSpec, ...], owner: str, cells: bool) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    for spec in fields:
        kind = _python_type(spec, owner, cells)
        if spec.required:
            definitions[spec.name] = (kind, Field(description=spec.description))
        elif cells:
            # An empty cell means "not given".
            definitions[spec.name] = (
                Annotated[kind | None, BeforeValidator(_empty_to_none)],
                Field(default=None, description=spec.description),
            )
        else:
            definitions[spec.name] = (
                kind | None,
                Field(default=None, description=spec.description),
            )
    return definitions


class RuleViolationError(ValueError):
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
                    raise RuleViolationError(given[0], f"{rule.reason} (rule {rule.id})")
        return model

    return model_validator(mode="after")(check)


def _rules_schema(rules: tuple[RuleSpec, ...]) -> list[Any]:
    """The cross-field rules in JSON Schema, so that partners' validators know them too."""
    return [
        {
            "if": {"properties": {rule.if_true: {"const": True}}, "required": [rule.if_true]},
            "then": {"properties": {name: {"type": "null"} for name in rule.forbid}},
            "description": f"{rule.id}: {rule.reason}",
        }
        for rule in rules
    ]


def _build_model(
    name: str,
    fields: tuple[FieldSpec, ...],
    rules: tuple[RuleSpec, ...],
    doc: str | None,
    cells: bool,
) -> type[BaseModel]:
    validators = {"check_rules": _rules_validator(rules)} if rules else {}
    config = _CELLS_CONFIG if cells else _JSON_CONFIG
    if rules:
        config = ConfigDict(**config, json_schema_extra={"allOf": _rules_schema(rules)})
    model: type[BaseModel] = create_model(
        name,
        __config__=config,
        __doc__=doc,
        __validators__=validators,
        **_field_definitions(fields, name, cells),
    )
    return model


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def model_name(channel_id: str) -> str:
    """The model's (and OpenAPI component's) name: ``sns_post`` -> ``SnsPost``."""
    return _camel(channel_id)


@cache
def channel_model(channel_id: str, *, cells: bool = False) -> type[BaseModel]:
    """The pydantic model of one channel: the envelope's fields plus the channel's own.

    The default model is strict, as the published JSON Schema says (numbers are numbers).
    ``cells=True`` gives the model for CSV rows, whose cells are all text: numbers and
    booleans are parsed, lists come as JSON or "a; b", and empty cells mean absent.
    """
    spec: ChannelSpec = get_channel(channel_id)
    return _build_model(
        model_name(spec.id) + ("Cells" if cells else ""),
        envelope_fields() + spec.fields,
        spec.rules,
        f"{spec.title} (channel `{spec.id}`, schema version {spec.version}). {spec.description}",
        cells,
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
