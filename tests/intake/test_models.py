import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from kizashi.intake.models import channel_model, json_schema
from kizashi.intake.spec import channel_ids

SCHEMAS_DIR = Path(__file__).parents[2] / "docs" / "schemas"

PURCHASE = {
    "retailer": "ホームセンター・ミナト",
    "store": "大塚店",
    "transaction_id": "T-1",
    "purchased_at": "2026-10-05T10:00:00+09:00",
    "item": "粉末硫黄 1kg",
    "substance": "硫黄",
    "quantity": 2,
    "unit": "kg",
}


def _errors(channel: str, data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        channel_model(channel).model_validate(data)
    return {".".join(map(str, e["loc"])): e["type"] for e in caught.value.errors()}


def test_unknown_fields_are_rejected_not_dropped() -> None:
    assert _errors("purchase", {**PURCHASE, "qty": 3}) == {"qty": "extra_forbidden"}


def test_enums_and_numbers_are_checked() -> None:
    errors = _errors("purchase", {**PURCHASE, "unit": "barrel", "quantity": 0, "reliability": "G"})
    assert errors == {
        "unit": "literal_error",
        "quantity": "greater_than",
        "reliability": "literal_error",
    }


def test_nan_is_not_a_quantity() -> None:
    assert _errors("purchase", {**PURCHASE, "quantity": float("nan")}) == {
        "quantity": "finite_number"
    }


def test_empty_cells_mean_absent_but_empty_json_strings_are_errors() -> None:
    model = channel_model("purchase", cells=True).model_validate({**PURCHASE, "buyer_phone": " "})
    assert model.buyer_phone is None  # type: ignore[attr-defined]
    assert _errors("purchase", {**PURCHASE, "buyer_phone": ""}) == {
        "buyer_phone": "string_too_short"
    }
    assert _errors("purchase", {**PURCHASE, "item": ""}) == {"item": "string_too_short"}


def test_json_numbers_must_be_numbers_but_csv_cells_are_parsed() -> None:
    assert _errors("purchase", {**PURCHASE, "quantity": "2"}) == {"quantity": "float_type"}
    cell = channel_model("purchase", cells=True).model_validate({**PURCHASE, "quantity": "2.5"})
    assert cell.quantity == 2.5  # type: ignore[attr-defined]


def test_json_dates_must_be_strings() -> None:
    assert _errors("purchase", {**PURCHASE, "purchased_at": 0}) == {"purchased_at": "value_error"}


def test_dates_outside_1900_to_2999_are_refused_and_the_schema_says_so() -> None:
    # 0001-01-01 in Tokyo has no UTC time: it used to pass the schema and fail later.
    assert _errors("purchase", {**PURCHASE, "purchased_at": "0001-01-01T00:00:00+09:00"}) == {
        "purchased_at": "value_error"
    }
    cells = channel_model("purchase", cells=True)
    with pytest.raises(ValidationError, match="between 1900 and 2999"):
        cells.model_validate({**PURCHASE, "purchased_at": "1899-12-31 10:00"})
    assert (
        json_schema("purchase")["properties"]["purchased_at"]["pattern"]
        == "^(19|2[0-9])[0-9][0-9]-"
    )


def test_csv_cells_carry_lists_as_json_or_semicolons() -> None:
    model = channel_model("company_approach", cells=True)
    base = {
        "report_ref": "r",
        "company": "c",
        "sector": "semiconductor",
        "employee_name": "e",
        "description": "d",
        "approach_date": "2026-10-01",
    }
    assert model.model_validate({**base, "technologies": "EUV; レジスト"}).technologies == [
        "EUV",
        "レジスト",
    ]  # type: ignore[attr-defined]
    persons = (
        channel_model("partner_report", cells=True)
        .model_validate(
            {
                "partner_type": "real_estate",
                "category": "suspicious_sound",
                "text": "t",
                "persons": '[{"name": "山田太郎", "role": "tenant"}]',
            }
        )
        .persons
    )  # type: ignore[attr-defined]
    assert persons[0].name == "山田太郎"


def test_nested_errors_have_paths() -> None:
    errors = _errors(
        "partner_report",
        {
            "partner_type": "real_estate",
            "category": "suspicious_sound",
            "text": "t",
            "persons": [{"name": "a"}, {"role": "tenant"}],
        },
    )
    assert errors == {"persons.1.name": "missing"}


def test_an_anonymous_tip_may_not_name_the_tipster() -> None:
    with pytest.raises(ValidationError, match="anonymous-has-no-tipster"):
        channel_model("public_tip").model_validate(
            {"received_via": "phone_110", "text": "t", "anonymous": True, "tipster_name": "佐藤"}
        )


@pytest.mark.parametrize("channel", channel_ids())
def test_json_schema_is_published_with_id_and_version(channel: str) -> None:
    schema = json_schema(channel)
    assert schema["$id"] == f"urn:kizashi:channel:{channel}:v1"
    assert schema["x-kizashi-version"] == 1
    assert schema["additionalProperties"] is False
    published = json.loads((SCHEMAS_DIR / f"{channel}.v1.json").read_text("utf-8"))
    assert published == schema, "docs/schemas is stale: run scripts/export-schemas"
