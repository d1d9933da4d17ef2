from __future__ import annotations

from kizashi.intake import get_channel
from kizashi.web.forms import form_fields, label_of, payload, place, reason_in_words
from kizashi.web.i18n import translate


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


def test_intakes_reasons_and_paths_are_said_in_the_readers_words() -> None:
    def ja(key: str) -> str:
        return translate(key, "ja")

    def en(key: str) -> str:
        return translate(key, "en")

    blank = "must contain text, not only white space, and no NUL character"
    assert reason_in_words(blank, ja) == translate("form_error_blank", "ja")
    assert reason_in_words("required field is missing", en) == "This is required."
    choice = "Input should be 'real_estate', 'retail' or 'other' (got 'x')"
    assert reason_in_words(choice, ja) == "一覧から選んでください。"
    date = "Input should be a valid datetime or date, input is too short (got 'x')"
    assert reason_in_words(date, ja) == translate("form_error_date", "ja")
    # What no pattern knows is still said, inside the reader's sentence.
    assert reason_in_words("odd rule", ja) == "この値は受け付けられません（odd rule）。"
    assert label_of("persons[0].name", ja) == "関係者 1 › 氏名"
    assert label_of("persons[1].phone", en) == "Persons 2 › Phone"


def test_placed_problems_carry_the_labels_in_the_readers_words() -> None:
    fields = form_fields(get_channel("partner_report"))
    placed = place(
        [("persons[0].name", "required field is missing"), (None, "whole report")],
        fields,
        ("report_ref",),
        lambda key: translate(key, "ja"),
    )
    assert placed.by_field == {"persons[0].name": ["必須の項目です。入力してください。"]}
    assert placed.labels == {"persons[0].name": "関係者 1 › 氏名"}
    assert placed.general == ["この値は受け付けられません（whole report）。"]
