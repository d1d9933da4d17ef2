"""Forms generated from a channel's schema, and form data turned back into a report.

The form is made from the same channel spec that builds the API's model and JSON Schema, so
the portal accepts exactly what the API accepts. Input names are the field paths intake uses
in its problems (``persons[0].phone``), so each problem lands beside its own field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kizashi.intake.spec import ChannelSpec, FieldSpec
from kizashi.web.i18n import catalogue

LIST_ROWS = 2  # rows offered for a list of objects (persons named in a report)


@dataclass(frozen=True)
class FormField:
    name: str  # the input's name: the field's path
    key: str  # the field's own name (for labels)
    widget: str  # text, textarea, datetime, date, number, integer, checkbox, select, lines, group
    description: str
    required: bool = False
    max_length: int | None = None
    options: tuple[str, ...] = ()
    children: tuple[FormField, ...] = ()
    repeat: int = 0  # for a list of objects: how many rows (children named name[i].child)
    # The hint's message id: intake's description (English, for API clients) in the
    # reader's language; hint_<channel>_<key> where that channel says it otherwise.
    hint: str = ""

    def child_name(self, index: int, child: FormField) -> str:
        return f"{self.name}[{index}].{child.key}"


_WIDGETS = {
    "string": "text",
    "text": "textarea",
    "datetime": "datetime",
    "date": "date",
    "number": "number",
    "integer": "integer",
    "boolean": "checkbox",
    "enum": "select",
}


def hint_id(channel: str, key: str) -> str:
    """The catalogue's id of a field's hint: the channel's own wording, else the shared one
    (a missing one is ``hint_<key>``, which the catalogue test then names)."""
    own = f"hint_{channel}_{key}"
    return own if own in catalogue() else f"hint_{key}"


def _field(spec: FieldSpec, channel: str, prefix: str = "") -> FormField:
    name = f"{prefix}{spec.name}"
    hint = hint_id(channel, spec.name)
    if spec.type == "list" and spec.items is not None and spec.items.type == "object":
        children = tuple(_field(child, channel) for child in spec.items.fields)
        return FormField(
            name,
            spec.name,
            "group",
            spec.description,
            spec.required,
            children=children,
            repeat=min(LIST_ROWS, spec.max_items or LIST_ROWS),
            hint=hint,
        )
    if spec.type == "list":
        return FormField(name, spec.name, "lines", spec.description, spec.required, hint=hint)
    if spec.type == "object":
        children = tuple(_field(child, channel) for child in spec.fields)
        return FormField(
            name,
            spec.name,
            "object",
            spec.description,
            spec.required,
            children=children,
            hint=hint,
        )
    return FormField(
        name,
        spec.name,
        _WIDGETS[spec.type],
        spec.description,
        spec.required,
        spec.max_length,
        spec.values,
        hint=hint,
    )


def form_fields(spec: ChannelSpec) -> list[FormField]:
    """The channel's own fields (the envelope's grading is not the partner's to set)."""
    return [_field(f, spec.id) for f in spec.fields]


def _scalar(widget: str, raw: str) -> Any:
    """A form string as the JSON value the schema expects; left as text when it is not one."""
    if widget == "number":
        try:
            return float(raw)
        except ValueError:
            return raw
    if widget == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    return raw


def _value(item: FormField, name: str, form: Mapping[str, str]) -> Any:
    if item.widget == "checkbox":
        return True if form.get(name) else None
    if item.widget == "lines":
        lines = [line.strip() for line in form.get(name, "").splitlines() if line.strip()]
        return lines or None
    if item.widget == "object":
        nested = {c.key: _value(c, f"{name}.{c.key}", form) for c in item.children}
        nested = {k: v for k, v in nested.items() if v is not None}
        return nested or None
    if item.widget == "group":
        rows = []
        for index in range(item.repeat):
            row = {c.key: _value(c, item.child_name(index, c), form) for c in item.children}
            row = {k: v for k, v in row.items() if v is not None}
            if row:
                rows.append(row)
        return rows or None
    raw = form.get(name, "")
    # One-line inputs are trimmed (as CSV cells are); free text is kept exactly as written.
    if item.widget != "textarea":
        raw = raw.strip()
    if raw == "":
        return None
    return _scalar(item.widget, raw)


def payload(fields: list[FormField], form: Mapping[str, str]) -> dict[str, Any]:
    values = {f.key: _value(f, f.name, form) for f in fields}
    return {k: v for k, v in values.items() if v is not None}


@dataclass
class Problems:
    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # input name → its label, as shown


Say = Callable[[str], str]  # a message id → the reader's words (render's `t`)

# Intake's problems are English sentences for API clients and CSV logs (kept as they are
# there); a partner reading the form gets them in its own language. Checked in this order,
# the first match wins; what matches none is shown as form_error_other with intake's words.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^must contain text", "form_error_blank"),
        (r"^required field is missing", "form_error_required"),
        (r"^unknown field", "form_error_unknown"),
        (r"^conflicts with stored report", "form_error_conflict"),
        (r"valid (date|datetime)|date or datetime|(date|datetime)_", "form_error_date"),
        (r"valid (number|integer|decimal|float)", "form_error_number"),
        (r"^Input should be '|^Input should be .* or '", "form_error_choice"),
        (r"should have at most|at most \d+ (characters|items)", "form_error_too_long"),
        (r"e-?mail", "form_error_email"),
    )
)


def reason_in_words(reason: str, say: Say) -> str:
    """One of intake's problem reasons in the reader's language."""
    for pattern, key in _REASONS:
        if pattern.search(reason):
            return say(key)
    return say("form_error_other").replace("{detail}", reason)


def label_of(name: str, say: Say) -> str:
    """An input's path (``persons[0].name``) as the reader sees its label: 関係者 1 › 氏名."""
    parts = []
    for piece in name.split("."):
        found = re.fullmatch(r"(\w+)\[(\d+)\]", piece)
        if found:
            parts.append(f"{say('field_' + found.group(1))} {int(found.group(2)) + 1}")
        else:
            parts.append(say("field_" + piece))
    return " › ".join(parts)


def input_names(fields: list[FormField]) -> list[str]:
    names: list[str] = []
    for item in fields:
        if item.widget == "group":
            for index in range(item.repeat):
                names.extend(item.child_name(index, c) for c in item.children)
        elif item.widget == "object":
            names.extend(f"{item.name}.{c.key}" for c in item.children)
        else:
            names.append(item.name)
    return names


def place(
    problems: list[tuple[str | None, str]],
    fields: list[FormField],
    natural_key: tuple[str, ...],
    say: Say | None = None,
) -> Problems:
    """Each problem beside the input it names (the closest enclosing one), else on top; with
    ``say``, the reasons and the inputs' labels in the reader's words (else intake's own)."""
    names = sorted(input_names(fields), key=len, reverse=True)
    placed = Problems()
    for where, reason in problems:
        target = natural_key[0] if where == "external_id" and natural_key else where
        match = None
        if target:
            match = next(
                (n for n in names if target == n or target.startswith((n + ".", n + "["))), None
            )
        words = reason if say is None else reason_in_words(reason, say)
        if match is None:
            placed.general.append(f"{where}: {words}" if where else words)
        else:
            placed.by_field.setdefault(match, []).append(words)
            placed.labels[match] = match if say is None else label_of(match, say)
    return placed
