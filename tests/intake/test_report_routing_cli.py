"""Desk routing by rules as data, and need-to-know on the command line (`--as`)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import Settings, load_settings
from kizashi.errors import SchemaError
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.intake.readers import RawRow
from kizashi.intake.report_routing import load_report_routing, report_facts, route_reports
from kizashi.intake.service import ingest_batch
from kizashi.store import make_engine
from kizashi.store.tables import material_labels
from tests.conftest import frozen_now
from tests.guard.policy.test_policy_service import insert_report

runner = CliRunner()


def test_the_shipped_rules_load_and_route_by_channel_category_and_region() -> None:
    routing = load_report_routing()

    def desk(**facts: object) -> str | None:
        rule = routing.route({"categories": set(), **facts})
        return rule.desk if rule else None

    assert desk(channel="seized_message") == "tokuryu"
    assert desk(channel="company_approach", region="ロシア連邦") == "fa-russia"
    assert desk(channel="company_approach", region="China") == "fa-china"
    assert desk(channel="company_approach", region="France") == "economic-security"
    assert desk(channel="partner_report", categories={"suspicious_smell"}) == "lone-offender"
    assert desk(channel="sns_post", categories={"recruitment"}) == "tokuryu"
    assert desk(channel="sns_post") is None  # unrouted: the command centre triages it


def test_bad_rules_are_named(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text("version: 1\nrules:\n  - id: R1\n    desk: tokuryu\n    colour: [red]\n")
    with pytest.raises(SchemaError, match=r"rule 1 \(R1\): unknown keys \['colour'\]"):
        load_report_routing(path)


def test_routing_labels_unrouted_reports_and_leaves_labelled_ones(engine: Engine) -> None:
    with engine.begin() as c:
        sync_desks(c)
        seized = insert_report(c, channel="seized_message", source="s1")
        post = insert_report(c, channel="sns_post", source="s2")
    assert route_reports(engine, now=frozen_now(), dry_run=True) == {
        "ROUTE-SEIZED": 1,
        "unrouted": 1,
    }
    with engine.connect() as c:
        assert c.execute(select(material_labels)).first() is None
    assert route_reports(engine, now=frozen_now()) == {"ROUTE-SEIZED": 1, "unrouted": 1}
    with engine.connect() as c:
        labels = {r.resource_id: r.desk_id for r in c.execute(select(material_labels))}
    assert labels == {seized: "tokuryu"} and post not in labels
    assert route_reports(engine, now=frozen_now()) == {
        "unrouted": 1
    }  # the labelled one is not relabelled


def test_report_facts_take_the_category_of_flagged_signals() -> None:
    class Row:
        channel, organisation, body = "sns_post", None, {"location": "東京都"}

    facts = report_facts(Row(), ["threat"], ["location"])
    assert facts["categories"] == {"threat"} and facts["region"] == "東京都"


POST = {
    "source": "x",
    "platform": "x",
    "post_id": "1",
    "account_handle": "@a",
    "text": "明日は晴れ",
    "posted_at": "2026-10-05T10:00:00+09:00",
}
SEIZED = {
    "source": "seizure-1",
    "message_id": "m1",
    "case_ref": "2026-041",
    "app": "telegram",
    "chat_id": "c1",
    "sender_handle": "@king_0x",
    "text": "明日の朝ガサが入る",
    "sent_at": "2026-10-21T23:12:00+09:00",
}


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_cli_reads_are_need_to_know(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    monkeypatch.delenv("KIZASHI_USER", raising=False)
    monkeypatch.delenv("KIZASHI_TOKEN", raising=False)
    assert runner.invoke(app, ["init"]).exit_code == 0
    for name, record, channel in (
        ("p.jsonl", POST, "sns_post"),
        ("s.jsonl", SEIZED, "seized_message"),
    ):
        (tmp_path / name).write_text(json.dumps(record) + "\n", "utf-8")
        result = runner.invoke(app, ["ingest", channel, str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    engine = make_engine(load_settings())
    with engine.begin() as c:
        sync_desks(c)
        create_user(c, "sato", role="analyst", desk="tokuryu")
        create_user(c, "wang", role="analyst", desk="fa-china")
        tokens = {n: issue_token(c, n, now=frozen_now()) for n in ("sato", "wang")}
    # Unrouted: the local operator (command centre, no desk) triages both.
    assert len(_lines(runner.invoke(app, ["reports", "list"]).stdout)) == 2
    routed = json.loads(runner.invoke(app, ["guard", "route"]).stdout)
    assert routed["routed"] == {"ROUTE-SEIZED": 1, "unrouted": 1}
    operator = _lines(runner.invoke(app, ["reports", "list"]).stdout)
    assert [r["channel"] for r in operator] == ["sns_post"]
    # Acting as an officer takes their credential (KIZASHI_TOKEN), not just their name.
    assert runner.invoke(app, ["reports", "list", "--as", "sato"]).exit_code == 3
    monkeypatch.setenv("KIZASHI_TOKEN", tokens["sato"])
    sato = runner.invoke(
        app, ["reports", "list", "--as", "sato", "--purpose", "case 2026-041 review"]
    )
    # The open (TLP:CLEAR/GREEN) unrouted post is for every officer; the seized message for
    # its desk only.
    seen = {r["channel"]: r for r in _lines(sato.stdout)}
    assert set(seen) == {"seized_message", "sns_post"}
    seized = seen["seized_message"]
    monkeypatch.setenv("KIZASHI_TOKEN", tokens["wang"])
    wang = _lines(runner.invoke(app, ["reports", "list"]).stdout)
    assert [r["channel"] for r in wang] == ["sns_post"]
    hidden = runner.invoke(app, ["reports", "show", str(seized["id"])])
    missing = runner.invoke(app, ["reports", "show", "00000000-0000-0000-0000-000000000000"])
    assert hidden.exit_code == missing.exit_code == 3
    assert "no report" in hidden.output and "no report" in missing.output
    unknown = runner.invoke(app, ["reports", "list", "--as", "nobody"])
    assert unknown.exit_code == 3 and "credential of another user" in unknown.output


def _rows(*bodies: dict[str, Any]) -> list[RawRow]:
    return [RawRow(n, n, json.dumps(body), body, None) for n, body in enumerate(bodies, 1)]


SEIZED = {
    "source": "exhibit-7",
    "case_ref": "2026-041",
    "app": "telegram",
    "chat_id": "c1",
    "message_id": "m1",
    "text": "明日の件、予定通り",
    "sent_at": "2026-10-05T10:00:00+09:00",
}
POST = {
    "source": "x",
    "platform": "x",
    "post_id": "1",
    "account_handle": "@u1",
    "text": "hello",
    "posted_at": "2026-10-05T10:00:00+09:00",
}


def test_ingest_labels_newly_stored_reports_in_its_own_transaction(
    engine: Engine, settings: Settings
) -> None:
    with engine.begin() as c:
        sync_desks(c)
    seized = ingest_batch(engine, settings, "seized_message", _rows(SEIZED), "t")
    post = ingest_batch(engine, settings, "sns_post", _rows(POST), "t")
    assert seized.rejected is None and post.rejected is None
    with engine.connect() as c:
        labels = {r.resource_id: r.desk_id for r in c.execute(select(material_labels))}
    assert labels == {seized.items[0].id: "tokuryu"}  # the post stays unrouted
    again = ingest_batch(engine, settings, "seized_message", _rows(SEIZED), "t")
    assert again.items[0].status == "duplicate"  # nothing new stored, nothing relabelled
    assert route_reports(engine, now=frozen_now()) == {
        "unrouted": 1
    }  # re-routing still works after ingest


def test_ingest_without_desks_stores_reports_unrouted(engine: Engine, settings: Settings) -> None:
    summary = ingest_batch(engine, settings, "seized_message", _rows(SEIZED), "t")
    assert summary.rejected is None and summary.stored == 1
    with engine.connect() as c:
        assert c.execute(select(material_labels)).first() is None


def test_ingest_routing_works_out_facts_only_when_the_first_rule_needs_them(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first rule naming only a channel (and an organisation) matches every report of that
    # pair: route_new_reports labels them without working out each report's facts, and
    # gives what the general path gives; any other first rule still reads every report.
    from kizashi.intake import report_routing as routing_module
    from kizashi.intake.report_routing import ReportRouting, RouteRule, route_new_reports

    with engine.begin() as c:
        sync_desks(c)
    by_channel = RouteRule("R-CH", "lone-offender", "", {"channel": frozenset({"purchase"})})
    by_region = RouteRule(
        "R-RE", "tokuryu", "", {"channel": frozenset({"purchase"}), "region": frozenset({"x"})}
    )
    reports = [
        (f"r{n}", "purchase", None, {"buyer_address": "x" if n % 2 else "y"}) for n in range(4)
    ]
    calls: list[object] = []
    facts = routing_module.report_facts

    def counted(*args: Any) -> dict[str, Any]:
        calls.append(args)
        return facts(*args)

    monkeypatch.setattr(routing_module, "report_facts", counted)
    for rules, expected_calls in (((by_channel, by_region), 0), ((by_region, by_channel), 4)):
        routing = ReportRouting(rules, ("buyer_address",))
        general = [
            routing.route(
                facts(SimpleNamespace(channel=ch, organisation=o, body=b), (), ("buyer_address",))
            )
            for _, ch, o, b in reports
        ]
        calls.clear()
        with engine.begin() as c:
            counts = route_new_reports(c, reports, routing, now=frozen_now())
            labels = {r.resource_id: r.desk_id for r in c.execute(select(material_labels))}
            c.execute(material_labels.delete())
        assert len(calls) == expected_calls
        assert labels == {
            rid: rule.desk for (rid, *_), rule in zip(reports, general, strict=True) if rule
        }
        assert sum(counts.values()) == len(reports)


def test_ingest_labels_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    # route_new_reports writes its labels through the driver; the same label written by
    # SQLAlchemy's insert (UTCDateTime) must read back the same, down to the stored text.
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import insert, text

    from kizashi.intake.report_routing import ReportRouting, RouteRule, route_new_reports

    with engine.begin() as c:
        sync_desks(c)
    rule = RouteRule("R-CH", "lone-offender", "", {"channel": frozenset({"purchase"})})
    for now in (
        frozen_now(),
        datetime(2026, 3, 1, 9, 30, 0, 120, tzinfo=timezone(timedelta(hours=9))),
    ):
        with engine.begin() as c:
            route_new_reports(
                c, [("r1", "purchase", None, {})], ReportRouting((rule,), ()), now=now
            )
            c.execute(
                insert(material_labels),
                [
                    {
                        "resource_type": "report",
                        "resource_id": "r2",
                        "desk_id": "lone-offender",
                        "case_id": None,
                        "labelled_at": now,
                    }
                ],
            )
            stored = c.execute(
                text(
                    "SELECT resource_id, resource_type, desk_id, case_id, "
                    "CAST(labelled_at AS TEXT) FROM material_labels ORDER BY resource_id"
                )
            ).all()
            read = {r.resource_id: r.labelled_at for r in c.execute(select(material_labels))}
            c.execute(material_labels.delete())
        assert [tuple(r)[1:] for r in stored[:1]] == [tuple(r)[1:] for r in stored[1:]]
        assert read["r1"] == read["r2"] == now
    with engine.begin() as c, pytest.raises(ValueError, match="timezone-aware"):
        route_new_reports(
            c, [("r3", "purchase", None, {})], ReportRouting((rule,), ()), now=datetime(2026, 3, 1)
        )
