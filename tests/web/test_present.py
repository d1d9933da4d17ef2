from __future__ import annotations

from datetime import UTC, datetime

from kizashi.web.present import Segment, highlight, link_graph


def test_evidence_spans_are_cut_out_and_merged() -> None:
    text = "選挙の日に演説会場を爆破してやる。"
    start = text.index("爆破")
    segments = highlight(text, [{"rule": "threat.bomb", "start": start, "end": start + 6}])
    assert segments == [
        Segment(text[:start]),
        Segment("爆破してやる", "threat.bomb"),
        Segment("。"),
    ]
    overlapping = highlight(
        "abcdef", [{"start": 1, "end": 3, "rule": "a"}, {"start": 2, "end": 5, "rule": "b"}]
    )
    assert overlapping == [Segment("a"), Segment("bcde", "a"), Segment("f")]


def test_bad_spans_never_break_the_page() -> None:
    assert highlight("abc", [{"start": 2, "end": 9}, {"start": "x"}, {}]) == [Segment("abc")]
    assert highlight("", []) == [Segment("")]


def test_a_span_on_another_view_is_found_by_its_quoted_text() -> None:
    # Offsets computed on one field; the page shows the joined text.
    text = "ガレージからの異臭\n火薬のようなにおいがする"
    found = highlight(text, [{"start": 0, "end": 9, "text": "火薬のようなにおい", "rule": "r"}])
    assert [s.text for s in found if s.rule] == ["火薬のようなにおい"]


def test_the_link_graph_joins_identifiers_reports_and_neighbours() -> None:
    entity = {"id": "e1", "label": "山田 太郎"}
    members = [
        {"kind": "person", "normalized": "山田太郎", "value": "山田 太郎", "report_id": "r1"},
        {"kind": "phone", "normalized": "09012345678", "value": "090-1234-5678", "report_id": "r1"},
        {
            "kind": "phone",
            "normalized": "09012345678",
            "value": "090-1234-5678",
            "report_id": "hidden",
        },
    ]
    timeline = [{"id": "r1", "channel": "purchase"}]
    others = [
        {"entity_id": "e2", "label": "山田 花子", "report_id": "r1"},
        {"entity_id": "e3", "label": "secret", "report_id": "hidden"},
    ]
    graph = link_graph(entity, members, timeline, others)
    ids = {n["id"]: n["group"] for n in graph["nodes"]}
    assert ids == {
        "e:e1": "entity",
        "m:person:山田太郎": "person",
        "m:phone:09012345678": "phone",
        "r:r1": "purchase",
        "e:e2": "neighbour",
    }
    assert {"from": "m:phone:09012345678", "to": "r:r1"} in graph["edges"]
    assert not any("hidden" in e["to"] for e in graph["edges"])


def test_the_graph_says_what_its_nodes_are_and_where_they_lead() -> None:
    entity = {"id": "e1", "label": "山田 太郎"}
    members = [
        {"kind": "payment_token", "normalized": "ab" * 32, "value": "ab" * 32, "report_id": "r1"},
    ]
    timeline = [
        {"id": "r1", "channel": "sns_post", "occurred_at": datetime(2026, 6, 12, 3, tzinfo=UTC)}
    ]
    others = [{"entity_id": "e2", "label": "山田 花子", "report_id": "r1"}]
    words = {"channel_sns_post": "SNS投稿", "kind_payment_token": "決済手段"}
    graph = link_graph(entity, members, timeline, others, lambda key: words.get(key, key))
    by_id = {n["id"]: n for n in graph["nodes"]}
    assert by_id["r:r1"]["label"] == "SNS投稿 06-12"  # never the channel's code
    assert by_id["r:r1"]["url"] == "/ui/reports/r1"
    assert by_id["e:e2"]["url"] == "/ui/entities/e2"
    assert by_id[f"m:payment_token:{'ab' * 32}"]["label"] == "決済手段 abababab…"  # no hash
    assert [item["group"] for item in graph["legend"]] == [
        "entity",
        "account",
        "report",
        "neighbour",
    ]
    assert all(item["colour"].startswith("#") for item in graph["legend"])
