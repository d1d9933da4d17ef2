"""Turn one raw row into a report ready to store, or into a precise list of problems.

Pure: no I/O. Validation errors name the field by its path in the record
(``persons[1].phone``) and say why, so that a partner can fix the row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

import orjson
from pydantic import ValidationError

from kizashi.intake.grading import Grading, default_grading
from kizashi.intake.mentions import Mention, extract_mentions
from kizashi.intake.models import MEANINGFUL_TEXT, RuleViolationError, channel_model
from kizashi.intake.readers import RawRow
from kizashi.intake.spec import ChannelSpec, envelope_fields, get_channel

ENVELOPE_NAMES = frozenset(f.name for f in envelope_fields())


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str | None
    reason: str


@dataclass(slots=True)
class RowProblem:
    """A row that cannot be stored, with every reason."""

    row: int
    line: int
    raw: str
    problems: list[FieldProblem]

    @property
    def first(self) -> FieldProblem:
        return self.problems[0]


@dataclass(slots=True)
class PreparedReport:
    id: str
    channel: str
    schema_version: int
    source: str
    external_id: str
    received_at: datetime
    occurred_at: datetime | None
    reliability: str
    credibility: str
    handling_code: str
    purpose: str
    legal_basis: str
    language: str | None
    raw: str
    raw_sha256: str
    body: dict[str, Any]
    body_sha256: str
    text: str
    row: int
    line: int
    mentions: list[Mention] = field(default_factory=list)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _location(loc: tuple[int | str, ...]) -> str | None:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from(error: ValidationError, channel: ChannelSpec) -> list[FieldProblem]:
    """Readable field problems from a pydantic error."""
    problems = []
    for item in error.errors():
        where = _location(tuple(item["loc"]))
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, RuleViolationError):
            problems.append(FieldProblem(cause.field, str(cause)))
        elif (
            item["type"] == "string_pattern_mismatch"
            and (item.get("ctx") or {}).get("pattern") == MEANINGFUL_TEXT
        ):
            problems.append(
                FieldProblem(where, "must contain text, not only white space, and no NUL character")
            )
        elif item["type"] == "missing":
            problems.append(FieldProblem(where, "required field is missing"))
        elif item["type"] == "extra_forbidden":
            problems.append(
                FieldProblem(
                    where, f"unknown field: not in the {channel.id} schema v{channel.version}"
                )
            )
        else:
            problems.append(FieldProblem(where, f"{item['msg']} (got {_short(item.get('input'))})"))
    return problems


class Preparer:
    """Validates rows of one channel and fills in provenance.

    ``cells`` is set for CSV input (see :func:`channel_model`). ``default_source`` applies to
    rows that name none. ``organisation`` is set for a partner's
    submission: the report's source is then the partner's own organisation, and grading comes
    from the defaults, because a partner may not grade its own reports.
    """

    def __init__(
        self,
        channel_id: str,
        tz: tzinfo,
        *,
        default_source: str | None = None,
        organisation: str | None = None,
        now: datetime | None = None,
        cells: bool = False,
    ) -> None:
        self.channel = get_channel(channel_id)
        # CSV rows are text cells and need the lenient model; JSON is held to the schema.
        self.model = channel_model(channel_id, cells=cells)
        self.tz = tz
        self.default_source = default_source
        self.organisation = organisation
        self.now = now or datetime.now(UTC)
        self._datetime_fields = [
            f.name for f in (*envelope_fields(), *self.channel.fields) if f.type == "datetime"
        ]
        # Per-channel work done once, not per row: the serializer, the key and text fields,
        # and the grading defaults of each source seen.
        self._dump = self.model.__pydantic_serializer__.to_python
        self._exclude = set(ENVELOPE_NAMES)
        self._natural_fields = tuple(self.channel.natural_key)
        self._text_fields = tuple(self.channel.text_fields)
        self._gradings: dict[str, Grading] = {}

    def _grading(self, source: str) -> Grading:
        grading = self._gradings.get(source)
        if grading is None:
            grading = self._gradings[source] = default_grading(self.channel.id, source)
        return grading

    def _aware(self, value: datetime) -> datetime:
        return value.replace(tzinfo=self.tz) if value.tzinfo is None else value

    def prepare(self, row: RawRow) -> PreparedReport | RowProblem:
        if row.data is None:
            return RowProblem(
                row.row, row.line, row.raw, [FieldProblem(None, row.error or "unreadable row")]
            )
        try:
            record = self.model.model_validate(row.data)
        except ValidationError as exc:
            return RowProblem(row.row, row.line, row.raw, problems_from(exc, self.channel))
        values = record.__dict__
        for name in self._datetime_fields:
            if values.get(name) is not None:
                values[name] = self._aware(values[name])

        source = values.get("source") or self.default_source
        if self.organisation is not None:
            if values.get("source") not in (None, self.organisation):
                return RowProblem(
                    row.row,
                    row.line,
                    row.raw,
                    [
                        FieldProblem(
                            "source",
                            f"a partner submits as its own organisation {self.organisation!r}",
                        )
                    ],
                )
            source = self.organisation
        if not source:
            return RowProblem(
                row.row,
                row.line,
                row.raw,
                [
                    FieldProblem(
                        "source", "required field is missing (give it in the row or with --source)"
                    )
                ],
            )

        # What record.model_dump(mode="json", exclude_none=True, exclude=...) returns, minus
        # the per-call wrapper.
        body: dict[str, Any] = self._dump(
            record, mode="json", exclude_none=True, exclude=self._exclude
        )
        canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
        body_sha = hashlib.sha256(canonical).hexdigest()
        external_id = (
            values.get("external_id") or self._natural_key(body) or f"sha256:{body_sha[:40]}"
        )

        grading = self._grading(source)
        if self.organisation is None:  # trusted: explicit grading in the row wins
            get = values.get
            reliability = get("reliability") or grading.reliability
            credibility = get("credibility") or grading.credibility
            handling_code = get("handling_code") or grading.handling_code
            purpose = get("purpose") or grading.purpose
            legal_basis = get("legal_basis") or grading.legal_basis
        else:
            reliability, credibility = grading.reliability, grading.credibility
            handling_code, purpose = grading.handling_code, grading.purpose
            legal_basis = grading.legal_basis
        occurred = values.get("occurred_at")
        if occurred is None and self.channel.occurred_at_field:
            own = values.get(self.channel.occurred_at_field)
            occurred = (
                own
                if isinstance(own, datetime)
                else (
                    datetime(own.year, own.month, own.day, tzinfo=self.tz)
                    if own is not None
                    else None
                )
            )
        received = values.get("received_at") or self.now
        try:
            received_utc = received.astimezone(UTC)
            occurred_utc = occurred.astimezone(UTC) if occurred else None
        except OverflowError:  # e.g. 0001-01-01T00:00+09:00 has no UTC representation
            problem = FieldProblem(None, "a timestamp is out of the representable range in UTC")
            return RowProblem(row.row, row.line, row.raw, [problem])
        text = "\n".join([str(body[name]) for name in self._text_fields if body.get(name)])
        return PreparedReport(
            id="",  # assigned per batch by the ingestor (kizashi.ids.new_ids)
            channel=self.channel.id,
            schema_version=self.channel.version,
            source=source,
            external_id=external_id,
            received_at=received_utc,
            occurred_at=occurred_utc,
            language=values.get("language"),
            raw=row.raw,
            raw_sha256=sha256_text(row.raw),
            body=body,
            body_sha256=body_sha,
            text=text,
            row=row.row,
            line=row.line,
            mentions=extract_mentions(self.channel, body),
            reliability=reliability,
            credibility=credibility,
            handling_code=handling_code,
            purpose=purpose,
            legal_basis=legal_basis,
        )

    def _natural_key(self, body: dict[str, Any]) -> str | None:
        parts = [body.get(name) for name in self._natural_fields]
        if not parts or any(part is None for part in parts):
            return None
        return ":".join(str(part) for part in parts)
