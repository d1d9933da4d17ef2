"""A validator generated once per channel for the common JSON row, beside the channel's model.

``Preparer.prepare`` runs once per row of every file. The channel's pydantic model costs
≈ 5 µs a row to validate and ≈ 2 µs to serialise back into the body; most rows are plain
(strings, numbers, ISO 8601 times, nothing nested) and pass. For those, this module writes
straight-line Python from the channel spec (one function per channel, made by ``exec`` on
first use) that checks the same constraints with C-level operations and builds the same
values and the same body.

It only ever *accepts* or *declines*: any row it is not sure of (a missing or unknown field,
a wrong type, a string over its length, a custom pattern, a nested list or object, a
cross-field rule in play, a time it does not parse) is declined, and ``prepare`` validates it
through the model as before. So every error message still comes from the model, word for
word, and a row either validator accepts gives the same values and the same body (pinned by
tests/intake/test_compiled.py against the model, field type by field type).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from functools import cache
from typing import Any

from kizashi.intake.models import EARLIEST_YEAR, LATEST_YEAR, MAX_SAFE_INTEGER
from kizashi.intake.spec import ChannelSpec, FieldSpec, envelope_fields, get_channel

Values = dict[str, Any]

# MEANINGFUL_TEXT (kizashi.intake.models) without a regex: no NUL, and something besides
# these white-space characters.
_BLANKS = "\t\n\x0b\x0c\r \u00a0\u3000"
# The time forms accepted here; anything else (week dates, leap seconds, offsets with
# seconds, "24:00") goes through the model's parser. ASCII digits only.
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
).fullmatch
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch


def json_datetime(value: datetime) -> str:
    """A datetime as pydantic's JSON mode writes it (ISO 8601, "Z" for a zero offset)."""
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:  # pydantic drops an offset's seconds
        from pydantic import TypeAdapter

        return str(TypeAdapter(datetime).dump_python(value, mode="json"))
    text = value.isoformat()
    return text[:-6] + "Z" if offset is not None and text.endswith("+00:00") else text


def _check(spec: FieldSpec, i: int, consts: dict[str, Any]) -> list[str] | None:
    """Lines that decline the row unless ``v`` (not None) is valid; None: not handled."""
    kind = spec.type
    if kind in ("string", "text"):
        top = spec.max_length if spec.max_length is not None else 1 << 62
        lines = [f"if type(v) is not str or not 0 < len(v) <= {top}: return None"]
        if spec.pattern is None:
            lines.append("if '\\x00' in v or not v.strip(_BLANKS): return None")
        else:
            # Python's `$` also matches before a final newline, the model's (Rust) does not.
            consts[f"_P{i}"] = re.compile(spec.pattern).search
            lines.append(f"if _P{i}(v) is None or v[-1] == '\\n': return None")
        return lines
    if kind == "enum":
        if not all(type(value) is str for value in spec.values):
            return None
        consts[f"_E{i}"] = frozenset(spec.values)
        return [f"if type(v) is not str or v not in _E{i}: return None"]
    if kind == "boolean":
        return ["if type(v) is not bool: return None"]
    if kind in ("integer", "number"):
        high: float | None = spec.maximum
        low: float | None = spec.minimum
        if kind == "integer":
            lines = ["if type(v) is not int: return None"]
            high = high if high is not None else MAX_SAFE_INTEGER
            if low is None and spec.exclusive_minimum is None:
                low = -MAX_SAFE_INTEGER
        else:  # a JSON number: the model keeps a float, and makes an int one (2 -> 2.0)
            lines = [
                "if type(v) is float:",
                "    if v - v != 0: return None",
                f"elif type(v) is int and -{MAX_SAFE_INTEGER} <= v <= {MAX_SAFE_INTEGER}:",
                "    v = float(v)",
                "else:",
                "    return None",
            ]
        for name, bound, test in (
            ("top", high, "v > {}"),
            ("bottom", low, "v < {}"),
            ("above", spec.exclusive_minimum, "v <= {}"),
        ):
            if bound is not None:
                consts[f"_{name}{i}"] = bound
                lines.append(f"if {test.format(f'_{name}{i}')}: return None")
        return lines
    if kind in ("datetime", "date"):
        parse = "_DATETIME" if kind == "datetime" else "_DATE"
        make = "_datetime" if kind == "datetime" else "_date"
        lines = [
            f"if type(v) is not str or {parse}(v) is None: return None",
            "s = v",
            "try:",
            f"    v = {make}(s)",
            "except ValueError:",
            "    return None",
            f"if not {EARLIEST_YEAR} <= v.year <= {LATEST_YEAR}: return None",
        ]
        if kind == "date":
            # A date that parsed from YYYY-MM-DD (all _DATE takes) is its own isoformat().
            return [*lines, f"t{i} = s"]
        # A time without an offset is read in the configured zone (as prepare does for the
        # model's); the body holds it as the model's JSON-mode serializer writes it.
        # isoformat() costs ≈ 1 µs a row (C's PyUnicode_FromFormat): a time with an offset
        # that is already written as isoformat() writes it (a "T", no fraction or one of six
        # digits that is not all zeros) is its own text, "Z" for a zero offset
        # (tests/intake/test_compiled.py compares both over every form _DATETIME takes).
        return [
            *lines,
            "if v.tzinfo is None:",
            "    v = v.replace(tzinfo=tz)",
            f"    t{i} = _json_datetime(v)",
            "else:",
            "    z = s[-1] == 'Z'",
            "    n = len(s) - (20 if z else 25)",
            "    if s[10] == 'T' and (n == 0 or (n == 7 and v.microsecond)):",
            f"        t{i} = s if z or s[-5:] != '00:00' else s[:-6] + 'Z'",
            "    else:",
            f"        t{i} = v.isoformat()",
            f"        if t{i}[-6:] == '+00:00': t{i} = t{i}[:-6] + 'Z'",
        ]
    return None  # lists and objects: the model's


def _field_lines(spec: FieldSpec, i: int, consts: dict[str, Any]) -> list[str]:
    check = _check(spec, i, consts)
    lines = [f"v = get({spec.name!r})"]
    if check is None:
        lines.append("if v is not None: return None")
    elif spec.required and check[0].startswith("if type(v) is not "):
        lines += check  # None fails the type test: no test of its own for a missing field
    elif spec.required:
        lines += ["if v is None: return None", *check]
    else:
        lines += ["if v is not None:", *("    " + line for line in check)]
    return [*lines, f"v{i} = v"]


def _source(channel: ChannelSpec) -> tuple[str, dict[str, Any]]:
    envelope, own = envelope_fields(), channel.fields
    fields = envelope + own
    consts: dict[str, Any] = {
        "_ALLOWED": frozenset(f.name for f in fields),
        "_OWN": frozenset(f.name for f in own),
        "_BLANKS": _BLANKS,
        "_DATETIME": _DATETIME,
        "_DATE": _DATE,
        "_datetime": datetime.fromisoformat,
        "_date": date.fromisoformat,
        "_json_datetime": json_datetime,
    }
    lines = [
        "def validate(data, tz):",
        "    if type(data) is not dict: return None",
        "    get = data.get",
        # Most rows carry none of the envelope's fields (the CLI's --source gives it): one
        # pass over the row's keys finds both that and that it has no unknown field.
        "    if _OWN.issuperset(data):",
        "        plain = True",
        "        " + " = ".join(f"v{i}" for i in range(len(envelope))) + " = None",
        "    elif _ALLOWED.issuperset(data):",
        "        plain = False",
    ]
    for i, spec in enumerate(envelope):
        lines += ["        " + line for line in _field_lines(spec, i, consts)]
    lines += ["    else:", "        return None  # a field the channel does not have"]
    for i, spec in enumerate(own, len(envelope)):
        lines += ["    " + line for line in _field_lines(spec, i, consts)]
    index = {f.name: i for i, f in enumerate(fields)}
    for rule in channel.rules:
        given = " or ".join(f"v{index[name]} is not None" for name in rule.forbid) or "False"
        lines.append(f"    if v{index[rule.if_true]} is True and ({given}): return None")

    # The body: the channel's own fields that are not None, in the model's order, as its
    # JSON-mode serializer writes them (times as text, t<i>).
    def out(spec: FieldSpec) -> str:
        i = index[spec.name]
        return f"t{i}" if spec.type in ("datetime", "date") else f"v{i}"

    # In the spec's order, as the serializer writes them: a literal for the leading
    # required fields, then one line per field.
    lead = 0
    while lead < len(own) and own[lead].required:
        lead += 1
    lines.append("    b = {" + ", ".join(f"{f.name!r}: {out(f)}" for f in own[:lead]) + "}")
    for f in own[lead:]:
        put = f"b[{f.name!r}] = {out(f)}"
        lines.append(f"    {put}" if f.required else f"    if v{index[f.name]} is not None: {put}")
    # A row without envelope fields (the common case) needs only its own event time; the
    # values of every field are built only for the others.
    own_time = f"v{index[channel.occurred_at_field]}" if channel.occurred_at_field else "None"
    lines.append(f"    if plain: return None, b, {own_time}")
    lines.append(
        "    return {"
        + ", ".join(f"{f.name!r}: v{i}" for i, f in enumerate(fields))
        + f"}}, b, {own_time}"
    )
    return "\n".join(lines) + "\n", consts


Validated = tuple[Values | None, dict[str, Any], Any]


@cache
def compiled_validator(channel_id: str) -> Callable[[Any, tzinfo], Validated | None]:
    """``validate(data, tz)`` for a channel's JSON rows: None to leave the row to the model,
    or (values, body, own time): the values of every field as the model's instance holds
    them once prepare has read naive times in ``tz`` (None where absent) — or None when the
    row gives no envelope field at all, so that every envelope value is None —, the body the
    model's JSON-mode serializer writes (the channel's own fields that are not None), and the
    value of the channel's own event-time field (None when it has none)."""
    source, namespace = _source(get_channel(channel_id))
    exec(compile(source, f"<kizashi.intake.compiled {channel_id}>", "exec"), namespace)
    validate: Callable[[Any, tzinfo], Validated | None]
    validate = namespace["validate"]
    return validate


def _natural_key_source(fields: tuple[str, ...]) -> str:
    lines = ["def natural_key(body):"]
    if not fields:
        return "\n".join([*lines, "    return None"]) + "\n"
    lines.append("    get = body.get")
    for i, name in enumerate(fields):
        lines += [
            f"    k{i} = get({name!r})",
            f"    if k{i} is None: return None",
            f"    if type(k{i}) is not str: k{i} = str(k{i})",
        ]
    joined = " + ':' + ".join(f"k{i}" for i in range(len(fields)))
    return "\n".join([*lines, f"    return {joined}"]) + "\n"


@cache
def natural_key(channel_id: str) -> Callable[[dict[str, Any]], str | None]:
    """``natural_key(body)``: the channel's natural key fields of a body joined by ":" (each
    as text), or None when one is absent; None for a channel without one. Generated straight
    line (what a loop over the fields gave, without the loop and the list, ≈ 0.3 µs a row)."""
    source = _natural_key_source(tuple(get_channel(channel_id).natural_key))
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<kizashi.intake.compiled {channel_id} key>", "exec"), namespace)
    key: Callable[[dict[str, Any]], str | None] = namespace["natural_key"]
    return key
