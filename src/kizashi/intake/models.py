"""Pydantic models and JSON Schemas built from the channel specs.

The same model validates a CLI file row, an API request body and (through ``/openapi.json``
and ``kizashi schema``) what a partner's system checks before it sends. Models forbid unknown
fields so that a misspelt column is reported, not silently dropped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    model_validator,
)

from kizashi.errors import InputError
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


# --- what spreadsheets write into CSV cells -----------------------------------------------
# Excel exports what a cell shows: full-width digits typed in a Japanese IME (１２３),
# thousands separators and a yen sign ("¥1,200"; in Shift_JIS the yen sign is byte 0x5C,
# which reads as a backslash), and dates as "2025/4/1 9:05". CSV cells of numbers, dates
# and times are read through these before validation; text cells are kept as written.

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_EXCEL_DATETIME = re.compile(
    r"^(\d{4})[/年-](\d{1,2})[/月-](\d{1,2})日?"
    r"(?:[ T]+(\d{1,2})[:時](\d{1,2})(?:[:分](\d{1,2})(\.\d+)?秒?)?分?)?$"
)


def _excel_number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    if text[:1] in ("¥", "\\"):
        text = text[1:].strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return text


def _excel_text(value: Any) -> Any:
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def _excel_moment(value: Any, *, with_time: bool) -> Any:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    found = _EXCEL_DATETIME.match(text)
    if found is None:
        return text
    year, month, day, hour, minute, second, fraction = found.groups()
    day_part = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is None:
        return day_part
    clock = f"{int(hour):02d}:{int(minute):02d}:{int(second or 0):02d}{fraction or ''}"
    if not with_time and clock.strip("0:.") == "":
        return day_part  # a date cell that Excel shows with a midnight time
    return f"{day_part}T{clock}"


def _excel_datetime(value: Any) -> Any:
    return _excel_moment(value, with_time=True)


def _excel_date(value: Any) -> Any:
    return _excel_moment(value, with_time=False)


def _text_only(value: Any) -> Any:
    # JSON callers must send dates and times as ISO 8601 strings, not numbers (as the schema says).
    if not isinstance(value, str | datetime | date):
        raise ValueError("must be an ISO 8601 string")
    return value


# Dates and times a report can carry: from 1900 (older is a typo, and 0001-01-01 in Tokyo has
# no UTC representation) to 2999. The schema says so with a pattern, so API callers and
# fuzzers see the bound; the validator says it for CSV cells and Python callers.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
_YEAR_PATTERN = r"^(19|2[0-9])[0-9][0-9]-"


def _in_years(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
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
        years = AfterValidator(_in_years)
        if cells:
            excel = _excel_datetime if spec.type == "datetime" else _excel_date
            return Annotated[kind, BeforeValidator(excel), years]
        schema = Field(json_schema_extra={"pattern": _YEAR_PATTERN})
        return Annotated[kind, BeforeValidator(_text_only), years, schema]
    if spec.type == "number":
        bounds = Field(ge=spec.minimum, gt=spec.exclusive_minimum, le=spec.maximum, strict=strict)
        return (
            Annotated[float, bounds, BeforeValidator(_excel_number)]
            if cells
            else Annotated[float, bounds]
        )
    if spec.type == "integer":
        # Lax int takes 12.0 (an integer in JSON Schema) but not 12.5; strings only from cells.
        # Unbounded either way, a schema-valid 10**31 would be refused by the parser: the
        # JSON-safe range is the default on both sides (schemathesis found the negative one).
        top = spec.maximum if spec.maximum is not None else MAX_SAFE_INTEGER
        bottom = spec.minimum
        if bottom is None and spec.exclusive_minimum is None:
            bottom = -MAX_SAFE_INTEGER
        bounds = Field(ge=bottom, gt=spec.exclusive_minimum, le=top)
        return (
            Annotated[int, bounds, BeforeValidator(_excel_number)]
            if cells
            else Annotated[int, bounds, BeforeValidator(_no_text)]
        )
    if spec.type == "boolean":
        return Annotated[bool, Field(strict=strict)]
    if spec.type == "enum":
        if cells:  # ｍＬ typed with a Japanese IME is mL
            return Annotated[Literal[spec.values], BeforeValidator(_excel_text)]
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


class RuleViolationError(InputError, ValueError):
    """A cross-field rule of a channel failed; ``field`` names the offending field.

    A ValueError too, so that pydantic reports it as a validation error of the model."""

    status = 422

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
