import json
import math

from sqlalchemy import Engine, event, select

from kizashi.resolve import record_judgement, resolve_store, undo_judgement
from kizashi.resolve.repository import json_value, judgement_pairs
from kizashi.store.tables import mentions, reports


def test_json_value_reads_text_as_the_stdlib_does() -> None:
    for text in ('[{"field": "name", "weight": 3.25}]', '{"a": null, "b": "佐藤"}', '"x"', "[]"):
        assert json_value(text) == json.loads(text)
    assert json_value(b'["x"]') == ["x"]


def test_json_value_reads_what_orjson_refuses_through_the_stdlib() -> None:
    found = json_value('[NaN, Infinity, {"w": -Infinity}]')
    assert math.isnan(found[0]) and found[1] == math.inf and found[2]["w"] == -math.inf
    # a lone surrogate escaped in the text (orjson refuses it; the stdlib reads it)
    assert json_value('["\\ud800x"]') == json.loads('["\\ud800x"]') == ["\ud800x"]


def test_json_value_hands_a_decoded_object_over_as_it_is() -> None:
    reasons = [{"field": "name"}]
    assert json_value(reasons) is reasons
    assert json_value(None) is None


def _buyer(engine: Engine, external_id: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(mentions.c.id)
                .join(reports, reports.c.id == mentions.c.report_id)
                .where(reports.c.external_id == external_id, mentions.c.path == "buyer_name")
            ).scalar_one()
        )


def _pairs(engine: Engine, mention_ids: list[str]) -> tuple[list[str], int]:
    """The judgements judgement_pairs finds for the mentions, and its statements."""
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with engine.connect() as connection:
            found = [str(j["id"]) for j in judgement_pairs(connection, mention_ids)]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return found, len(seen)


def test_judgement_pairs_looks_once_when_none_is_in_force(purchases_store: Engine) -> None:
    resolve_store(purchases_store)
    kanji, romaji = _buyer(purchases_store, "T-00000"), _buyer(purchases_store, "T-00001")
    many = [kanji, romaji] + [f"m{n}" for n in range(1200)]  # past a chunk of 500
    assert _pairs(purchases_store, many) == ([], 1)
    judged = record_judgement(
        purchases_store, kanji, romaji, "not_same", user_id="analyst-1", reason="two people"
    )
    found, statements = _pairs(purchases_store, many)
    assert found == [judged] and statements == 1 + 3  # the look, then a statement a chunk
    assert _pairs(purchases_store, [f"m{n}" for n in range(10)])[0] == []
    undo_judgement(purchases_store, judged, user_id="analyst-2")
    assert _pairs(purchases_store, many) == ([], 1)
