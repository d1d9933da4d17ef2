"""What left the building about a person: the access report about an entity lists the
products drafted from their alerts, the approval, each recipient's copy and its reads, with
the purposes stated — never the product's content (the share room's real flow)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Engine, select

from kizashi.guard.identity import create_user
from kizashi.oversight import access_report, signed_access_report
from kizashi.share import ShareService, draft_and_submit, inbox, read_copy, release
from kizashi.store import alerts, transaction
from tests.share.conftest import PURPOSE, open_alert, share, share_clock, user

__all__ = ["share", "share_clock"]  # the share room's fixtures, used here by name

TITLE = "貸車庫での不審な金属加工音について（山田 太郎）"
BODY = "借主の山田 太郎（090-1234-5678）が夜間に金属を加工。音やにおいに気づいたら110番を。"


def _shared_about_someone(
    share: ShareService, engine: Engine, now: datetime
) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    """A product drafted from a person's alert, approved, released to a group and read by one
    of its members: the alert id, the entity id, the product and the release."""
    alert_id = open_alert(engine, now)
    with transaction(engine) as connection:
        entity_id = connection.execute(
            select(alerts.c.entity_id).where(alerts.c.id == alert_id)
        ).scalar_one()
        create_user(connection, "ov-kato", role="oversight_officer")
    author, lead = user(share, "cc-author"), user(share, "cc-lead")
    product = draft_and_submit(
        share,
        author,
        kind="advisory",
        title=TITLE,
        body=BODY,
        handling_code="TLP:GREEN",
        recipients=["group:adachi-real-estate"],
        purpose=PURPOSE,
        sources=[f"alert:{alert_id}"],
    )
    share.approve(lead, product["id"], "tear-line checked", PURPOSE)
    released = release(share, author, product["id"], PURPOSE)
    otsuka = user(share, "p-otsuka")
    box = inbox(share, otsuka, "受領した注意喚起の確認")
    read_copy(share, otsuka, box[0]["delivery_id"], "受領した注意喚起の確認")
    return alert_id, entity_id, product, released


def test_the_access_report_about_a_person_shows_what_was_shared_about_them(
    share: ShareService, engine: Engine, now: datetime
) -> None:
    alert_id, entity_id, product, released = _shared_about_someone(share, engine, now)
    report = access_report(share.guard, user(share, "ov-kato"), entity=entity_id)
    [shared] = report["shared"]
    assert shared["product"] == product["id"] and shared["status"] == "released"
    assert shared["drafted_from"] == [{"kind": "alert", "id": alert_id}]
    deliveries = {d["recipient"]: d for d in shared["deliveries"]}
    assert set(deliveries) == {c["recipient"] for c in released["copies"]}
    assert deliveries["p-otsuka"]["read_at"] is not None  # the recipient read its copy
    assert deliveries["p-adachi"]["read_at"] is None
    lines = [line for line in report["accesses"] if "shared" in line]
    done = {(line["user"], line["action"], line["shared"]["as"]) for line in lines}
    assert ("cc-author", "write", "product") in done  # drafted
    assert ("cc-lead", "approve", "product") in done  # approved, by a second person
    copies = [line for line in lines if line["shared"]["as"] == "recipient_copy"]
    assert len(copies) == len(released["copies"])  # each recipient's copy made
    otsuka_lines = [line for line in lines if line["user"] == "p-otsuka"]
    assert {line["action"] for line in otsuka_lines} >= {"list", "export"}  # listed, read
    assert all(line["stated_purpose"] == PURPOSE for line in lines if line["user"] == "cc-lead")
    assert "受領した注意喚起の確認" in {line["stated_purpose"] for line in otsuka_lines}
    assert report["records"]["product"] == 1
    assert report["records"]["copy"] == len(released["copies"])
    # Metadata only: nothing of the product's title, body or tear-line.
    assert "山田" not in str(report) and "090-1234-5678" not in str(report)
    assert "110番" not in str(report)


def test_the_signed_export_about_a_person_carries_what_was_shared_as_the_report_does(
    share: ShareService, engine: Engine, now: datetime
) -> None:
    from tests.oversight.test_signed_export import _text

    _alert_id, entity_id, product, released = _shared_about_someone(share, engine, now)
    overseer = user(share, "ov-kato")
    bundle, found = signed_access_report(share.guard, overseer, entity=entity_id, lang="en")
    with zipfile.ZipFile(io.BytesIO(bundle)) as opened:
        shown = orjson.loads(opened.read("access-report.json"))
        printed = _text(opened.read("access-report.pdf"))
    assert shown["shared"] == found["shared"] and shown["shared"][0]["product"] == product["id"]
    # The PDF an overseer prints lists what left the building: the section, each recipient
    # (by name, with the route it went by) and the one read, as the page and the JSON do.
    assert "What left the building" in printed
    for copy in released["copies"]:
        assert copy["recipient"] in printed
    assert printed.count("p-otsuka") >= 1
    read_at = {d["recipient"]: d["read_at"] for d in found["shared"][0]["deliveries"]}
    assert read_at["p-otsuka"] is not None
    # Metadata only, on paper too: nothing of the product's title, body or tear-line.
    assert "山田" not in printed and "090-1234-5678" not in printed
