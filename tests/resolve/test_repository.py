import json
import math

from kizashi.resolve.repository import json_value


def test_json_value_reads_text_as_the_stdlib_does() -> None:
    for text in ('[{"field": "name", "weight": 3.25}]', '{"a": null, "b": "佐藤"}', '"x"', "[]"):
        assert json_value(text) == json.loads(text)
    assert json_value(b'["x"]') == ["x"]


def test_json_value_reads_what_orjson_refuses_through_the_stdlib() -> None:
    found = json_value('[NaN, Infinity, {"w": -Infinity}]')
    assert math.isnan(found[0]) and found[1] == math.inf and found[2]["w"] == -math.inf


def test_json_value_hands_a_decoded_object_over_as_it_is() -> None:
    reasons = [{"field": "name"}]
    assert json_value(reasons) is reasons
    assert json_value(None) is None
