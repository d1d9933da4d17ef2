from __future__ import annotations

from kizashi.intake import get_channel
from kizashi.web.forms import form_fields, payload, place


def test_the_form_follows_the_channel_schema() -> None:
    fields = {f.key: f for f in form_fields(get_channel("partner_report"))}
    assert fields["text"].widget == "textarea" and fields["text"].required
    assert (
        fields["partner_type"].widget == "select"
        and "real_estate" in fields["partner_type"].options
    )
    assert fields["observed_at"].widget == "datetime"
    assert fields["persons"].widget == "group" and fields["persons"].repeat == 2
    assert "reliability" not in fields  # partners do not grade themselves


def test_form_data_becomes_the_json_the_api_takes() -> None:
    fields = form_fields(get_channel("purchase"))
    body = payload(
        fields,
        {
            "retailer": "r",
            "quantity": "2.5",
            "price_jpy": "1200",
            "unit": "kg",
            "buyer_name": "",
            "store": " 池袋店 ",
        },
    )
    assert body == {
        "retailer": "r",
        "quantity": 2.5,
        "price_jpy": 1200,
        "unit": "kg",
        "store": "池袋店",
    }
    assert payload(fields, {"quantity": "two"})["quantity"] == "two"  # validation will name it
    people = payload(
        form_fields(get_channel("partner_report")),
        {"persons[0].name": "", "persons[1].name": "鈴木", "persons[1].birth_date": "1990-04-05"},
    )
    assert people == {"persons": [{"name": "鈴木", "birth_date": "1990-04-05"}]}


def test_problems_land_beside_their_inputs() -> None:
    fields = form_fields(get_channel("partner_report"))
    placed = place(
        [
            ("persons[1].phone", "too long"),
            ("text", "required field is missing"),
            ("external_id", "conflicts"),
            (None, "whole report"),
        ],
        fields,
        ("report_ref",),
    )
    assert placed.by_field == {
        "persons[1].phone": ["too long"],
        "text": ["required field is missing"],
        "report_ref": ["conflicts"],
    }
    assert placed.general == ["whole report"]
