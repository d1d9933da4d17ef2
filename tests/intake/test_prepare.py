from datetime import UTC, datetime, timedelta

from kizashi.config import load_settings
from kizashi.intake.prepare import PreparedReport, Preparer, RowProblem
from kizashi.intake.readers import RawRow

TZ = load_settings().tz
NOW = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
POST = {
    "source": "x",
    "platform": "x",
    "post_id": "123",
    "account_handle": "@Yamada_T",
    "display_name": "山田",
    "text": "こんにちは",
    "posted_at": "2026-10-05T10:00:00",
}


def _row(data: dict[str, object] | None, raw: str = "{}", error: str | None = None) -> RawRow:
    return RawRow(row=7, line=9, raw=raw, data=data, error=error)


def _prepare(channel: str, data: dict[str, object], **options: object) -> PreparedReport:
    result = Preparer(channel, TZ, now=NOW, **options).prepare(_row(data))  # type: ignore[arg-type]
    assert isinstance(result, PreparedReport), result
    return result


def test_naive_times_are_read_in_the_configured_zone_and_stored_in_utc() -> None:
    report = _prepare("sns_post", POST)
    assert report.occurred_at == datetime(2026, 10, 5, 1, 0, tzinfo=UTC)
    assert report.body["posted_at"] == "2026-10-05T10:00:00+09:00"
    assert report.received_at == NOW


def test_external_id_defaults_to_the_natural_key_then_to_a_content_hash() -> None:
    assert _prepare("sns_post", POST).external_id == "x:123"
    tip = _prepare("public_tip", {"source": "110", "received_via": "phone_110", "text": "騒音"})
    assert tip.external_id.startswith("sha256:")
    again = _prepare("public_tip", {"text": "騒音", "received_via": "phone_110", "source": "110"})
    assert again.external_id == tip.external_id  # the same content, in any key order


def test_grading_comes_from_the_channel_defaults_when_absent() -> None:
    report = _prepare(
        "purchase",
        {
            "source": "r",
            "retailer": "R",
            "store": "S",
            "transaction_id": "1",
            "purchased_at": "2026-10-05T10:00:00",
            "item": "硫黄",
            "quantity": 1,
            "unit": "kg",
        },
    )
    assert (report.reliability, report.credibility, report.handling_code) == ("A", "1", "TLP:AMBER")
    assert "precursor" in report.purpose and report.legal_basis


def test_an_officer_may_grade_but_a_partner_may_not() -> None:
    graded = {**POST, "reliability": "C", "credibility": "2", "purpose": "investigation 42"}
    assert (_prepare("sns_post", graded).reliability, _prepare("sns_post", graded).purpose) == (
        "C",
        "investigation 42",
    )
    partner = _prepare(
        "sns_post", {k: v for k, v in graded.items() if k != "source"}, organisation="platform:x"
    )
    assert (partner.reliability, partner.source) == ("F", "platform:x")
    assert partner.purpose != "investigation 42"


def test_a_partner_cannot_submit_under_another_source() -> None:
    result = Preparer("sns_post", TZ, organisation="platform:x").prepare(_row(POST))
    assert isinstance(result, RowProblem)
    assert result.first.field == "source"


def test_a_missing_source_is_a_field_problem_unless_a_default_is_given() -> None:
    data = {k: v for k, v in POST.items() if k != "source"}
    problem = Preparer("sns_post", TZ).prepare(_row(data))
    assert isinstance(problem, RowProblem) and problem.first.field == "source"
    assert _prepare("sns_post", data, default_source="collector").source == "collector"


def test_problems_name_every_field_with_its_path_and_keep_the_row_position() -> None:
    result = Preparer("partner_report", TZ).prepare(
        _row(
            {
                "source": "s",
                "partner_type": "bank",
                "category": "suspicious_sound",
                "text": "t",
                "persons": [{"name": "a", "birth_date": "1990-13-01"}],
            },
            raw="RAW",
        )
    )
    assert isinstance(result, RowProblem)
    assert (result.row, result.line, result.raw) == (7, 9, "RAW")
    assert [p.field for p in result.problems] == ["partner_type", "persons[0].birth_date"]
    assert "got 'bank'" in result.problems[0].reason


def test_unparseable_rows_keep_the_reader_reason() -> None:
    result = Preparer("sns_post", TZ).prepare(_row(None, raw="{oops", error="invalid JSON: x"))
    assert isinstance(result, RowProblem)
    assert result.problems[0].field is None and result.problems[0].reason == "invalid JSON: x"


def test_mentions_and_text_are_extracted_from_the_structured_fields() -> None:
    report = _prepare("sns_post", POST)
    kinds = {(m.kind, m.normalized, m.qualifier) for m in report.mentions}
    assert kinds == {("account", "yamada_t", "x"), ("person", "山田", None)}
    assert report.text == "こんにちは"


def test_dates_become_occurred_at_midnight_local() -> None:
    report = _prepare(
        "company_approach",
        {
            "source": "c",
            "report_ref": "1",
            "company": "c",
            "sector": "semiconductor",
            "employee_name": "e",
            "description": "d",
            "approach_date": "2026-10-01",
        },
    )
    assert report.occurred_at == datetime(2026, 10, 1, tzinfo=TZ).astimezone(UTC)
    assert report.occurred_at.utcoffset() == timedelta(0)
