"""Turn one raw row into a report ready to store, or into a precise list of problems.

Pure: no I/O. Validation errors name the field by its path in the record
(``persons[1].phone``) and say why, so that a partner can fix the row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from kizashi.clock import system_clock
from kizashi.intake.compiled import compiled_validator, natural_key
from kizashi.intake.grading import Grading, default_grading
from kizashi.intake.mentions import Mention, mention_extractor
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
    raw_bytes: bytes | None = None  # the row's bytes as read, when it was read from bytes
    encoding: str | None = None  # the encoding the file was read in

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
    raw_sha256: str
    body: dict[str, Any]
    body_sha256: str
    text: str
    mentions: list[Mention]
    read: RawRow  # the row as read: its number, line, text and bytes

    # The row's own facts are the RawRow's, read from it when asked for (a conflict, an API
    # item): a row's text is decoded from its bytes only then (see RawRow.raw).
    @property
    def raw(self) -> str:
        return self.read.raw

    @property
    def row(self) -> int:
        return self.read.row

    @property
    def line(self) -> int:
        return self.read.line

    @property
    def raw_bytes(self) -> bytes | None:
        return self.read.raw_bytes

    @property
    def encoding(self) -> str | None:
        return self.read.encoding


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

    ``prepare`` runs once per row of every file, so everything that depends only on the
    channel is looked up here, once: the compiled pydantic validator and serializer, the
    datetime fields, the natural key, the text fields and the mention extractor.
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
        self._cells = cells
        self.tz = tz
        self.default_source = default_source
        self.organisation = organisation
        self.now = now or system_clock()
        self._now_utc = self.now.astimezone(UTC)
        self._datetime_fields = tuple(
            f.name for f in (*envelope_fields(), *self.channel.fields) if f.type == "datetime"
        )
        # The channel's pydantic model is built on the first row that needs it (≈ 20 ms of
        # start-up a command pays otherwise): with JSON, only rows the generated validator
        # declines do; with CSV, every row.
        self._validate: Callable[[Any], BaseModel] | None = None
        self._dump: Callable[..., Any] | None = None
        # JSON rows: the plain ones through a validator generated from the spec, the rest
        # (and every row that fails) through the model (kizashi.intake.compiled).
        self._fast = None if cells else compiled_validator(channel_id)
        self._exclude = set(ENVELOPE_NAMES)
        self._natural_key = natural_key(channel_id)
        self._text_fields = tuple(self.channel.text_fields)
        self._occurred_field = self.channel.occurred_at_field
        self._mentions = mention_extractor(self.channel)
        self._gradings: dict[str, Grading] = {}
        self._plain_provenance: tuple[str, str, str, str, str, str] | None = None
        self._channel_id, self._version = self.channel.id, self.channel.version

    @property
    def model(self) -> type[BaseModel]:
        """The channel's pydantic model: CSV rows are text cells and need the lenient one;
        JSON is held to the schema."""
        return channel_model(self._channel_id, cells=self._cells)

    def _load_model(self) -> Callable[[Any], BaseModel]:
        model = self.model
        validate = model.__pydantic_validator__.validate_python
        self._validate, self._dump = validate, model.__pydantic_serializer__.to_python
        return validate

    def _grading(self, source: str) -> Grading:
        grading = self._gradings.get(source)
        if grading is None:
            grading = self._gradings[source] = default_grading(self.channel.id, source)
        return grading

    def _problem(self, row: RawRow, field: str | None, reason: str) -> RowProblem:
        return self._problems(row, [FieldProblem(field, reason)])

    def _problems(self, row: RawRow, problems: list[FieldProblem]) -> RowProblem:
        return RowProblem(row.row, row.line, row.raw, problems, row.raw_bytes, row.encoding)

    def prepare(self, row: RawRow) -> PreparedReport | RowProblem:
        data = row.data
        if data is None:
            return self._problem(row, None, row.error or "unreadable row")
        tz = self.tz
        fast = None if self._fast is None else self._fast(data, tz)
        if fast is None:
            try:
                record = (self._validate or self._load_model())(data)
            except ValidationError as exc:
                return self._problems(row, problems_from(exc, self.channel))
            values = record.__dict__  # every field is there (absent ones default to None)
            for name in self._datetime_fields:
                value = values[name]
                if value is not None and value.tzinfo is None:
                    values[name] = value.replace(tzinfo=tz)
        else:
            given, body, own = fast
            if given is None:  # no envelope field in the row: the common case
                return self._plain(row, body, own)
            values = given

        given_source = values["source"]
        source = given_source or self.default_source
        if self.organisation is not None:
            if given_source not in (None, self.organisation):
                return self._problem(
                    row,
                    "source",
                    f"a partner submits as its own organisation {self.organisation!r}",
                )
            source = self.organisation
        if not source:
            return self._no_source(row)

        # What record.model_dump(mode="json", exclude_none=True, exclude=...) returns, minus
        # the per-call wrapper.
        if fast is None:
            assert self._dump is not None  # set with _validate, which made the record
            body = self._dump(record, mode="json", exclude_none=True, exclude=self._exclude)

        grading = self._grading(source)
        if self.organisation is None:  # trusted: explicit grading in the row wins
            reliability = values["reliability"] or grading.reliability
            credibility = values["credibility"] or grading.credibility
            handling_code = values["handling_code"] or grading.handling_code
            purpose = values["purpose"] or grading.purpose
            legal_basis = values["legal_basis"] or grading.legal_basis
        else:
            reliability, credibility = grading.reliability, grading.credibility
            handling_code, purpose = grading.handling_code, grading.purpose
            legal_basis = grading.legal_basis
        occurred = values["occurred_at"]
        if occurred is None and self._occurred_field:
            occurred = values[self._occurred_field]
        received = values["received_at"]
        try:
            received_utc = self._now_utc if received is None else received.astimezone(UTC)
        except OverflowError:  # e.g. 0001-01-01T00:00+09:00 has no UTC representation
            return self._out_of_range(row)
        return self._report(
            row,
            body,
            values["external_id"],
            (source, reliability, credibility, handling_code, purpose, legal_basis),
            received_utc,
            occurred,
            values["language"],
        )

    def _plain(self, row: RawRow, body: dict[str, Any], own: Any) -> PreparedReport | RowProblem:
        """A row that gives no envelope field: source and grading are the run's, received
        now; what prepare's general path gives such a row (pinned by test_compiled)."""
        provenance = self._plain_provenance
        if provenance is None:
            source = self.organisation if self.organisation is not None else self.default_source
            if not source:
                return self._no_source(row)
            grading = self._grading(source)
            provenance = self._plain_provenance = (
                source,
                grading.reliability,
                grading.credibility,
                grading.handling_code,
                grading.purpose,
                grading.legal_basis,
            )
        return self._report(row, body, None, provenance, self._now_utc, own, None)

    def _report(
        self,
        row: RawRow,
        body: dict[str, Any],
        external_id: str | None,
        provenance: tuple[str, str, str, str, str, str],
        received_utc: datetime,
        occurred: Any,
        language: str | None,
    ) -> PreparedReport | RowProblem:
        canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
        body_sha = hashlib.sha256(canonical).hexdigest()
        external_id = external_id or self._natural_key(body) or f"sha256:{body_sha[:40]}"
        if occurred is None:
            occurred_utc = None
        else:
            if type(occurred) is not datetime:  # a date: midnight where the report was made
                occurred = datetime(occurred.year, occurred.month, occurred.day, tzinfo=self.tz)
            try:
                occurred_utc = occurred.astimezone(UTC)
            except OverflowError:  # e.g. 0001-01-01T00:00+09:00 has no UTC representation
                return self._out_of_range(row)
        text_fields = self._text_fields
        if len(text_fields) == 1:
            one = body.get(text_fields[0])
            text = str(one) if one else ""
        else:
            text = "\n".join([str(body[name]) for name in text_fields if body.get(name)])
        raw_bytes = row.raw_bytes
        # A UTF-8 row that parsed is valid UTF-8, so its bytes are its text's: hash them as
        # they are rather than decode them and encode the text again.
        raw_sha = (
            hashlib.sha256(raw_bytes).hexdigest()
            if raw_bytes is not None and row.encoding == "utf-8"
            else sha256_text(row.raw)
        )
        source, reliability, credibility, handling_code, purpose, legal_basis = provenance
        return PreparedReport(
            "",  # id: assigned per batch by the ingestor (kizashi.ids.new_ids)
            self._channel_id,
            self._version,
            source,
            external_id,
            received_utc,
            occurred_utc,
            reliability,
            credibility,
            handling_code,
            purpose,
            legal_basis,
            language,
            raw_sha,
            body,
            body_sha,
            text,
            self._mentions(body),
            row,
        )

    def _no_source(self, row: RawRow) -> RowProblem:
        return self._problem(
            row, "source", "required field is missing (give it in the row or with --source)"
        )

    def _out_of_range(self, row: RawRow) -> RowProblem:
        return self._problem(row, None, "a timestamp is out of the representable range in UTC")
