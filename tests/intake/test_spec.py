import pytest

from kizashi.errors import SchemaError, UnknownChannelError
from kizashi.intake.spec import _parse_channel, channel_ids, envelope_fields, get_channel

CHANNELS = [
    "case_attachment",
    "company_approach",
    "company_consultation",
    "consultation",
    "indicator",
    "listing",
    "partner_report",
    "patrol_note",
    "platform_answer",
    "public_tip",
    "purchase",
    "research_request",
    "seized_message",
    "sns_post",
]


def test_the_channels_ship_with_the_package() -> None:
    assert channel_ids() == CHANNELS


def test_every_field_has_a_description() -> None:
    for channel in CHANNELS:
        for field in get_channel(channel).fields:
            assert field.description, f"{channel}.{field.name} has no description"
    for field in envelope_fields():
        assert field.description


def test_envelope_carries_provenance() -> None:
    names = {f.name for f in envelope_fields()}
    assert {
        "source",
        "external_id",
        "received_at",
        "reliability",
        "credibility",
        "handling_code",
        "purpose",
        "legal_basis",
    } <= names


def test_unknown_channel_names_the_known_ones() -> None:
    with pytest.raises(UnknownChannelError, match="sns_post"):
        get_channel("sms")


def test_a_mention_path_must_name_a_field() -> None:
    bad = {
        "id": "x",
        "version": 1,
        "fields": {"a": {"type": "string"}},
        "mentions": [{"kind": "person", "path": "b"}],
    }
    with pytest.raises(SchemaError, match="names no field"):
        _parse_channel(bad, "x.yaml")


def test_an_unknown_field_type_is_a_schema_error() -> None:
    bad = {"id": "x", "version": 1, "fields": {"a": {"type": "blob"}}}
    with pytest.raises(SchemaError, match="unknown type 'blob'"):
        _parse_channel(bad, "x.yaml")


def test_channel_fields_may_not_shadow_the_envelope() -> None:
    bad = {"id": "x", "version": 1, "fields": {"source": {"type": "string"}}}
    with pytest.raises(SchemaError, match="clash with the envelope"):
        _parse_channel(bad, "x.yaml")
