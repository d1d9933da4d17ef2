"""One door for partners (issue 12): every route a partner token reaches, and the portal's
page of a submission, show a report as the partner sent it and nothing the police added —
and a product released to the partner as its own copy of the tear-line only (never the
text above it, the fingerprint template, the approval's reason or the alert it came from).

The routes are enumerated from the app itself (not listed by hand), so a new route joins
the matrix by being mounted.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.identity import get_user, issue_token
from kizashi.ids import new_id
from kizashi.intake import RawRow, get_report, ingest_rows
from kizashi.share import draft_and_submit, open_share, release
from kizashi.store import reports
from kizashi.store.tables import users
from kizashi.store.tables_oversight import report_corrections
from kizashi.store.tables_share import share_deliveries
from tests.web.seeding import Seeded
from tests.web.seeding_share import APPROVER, AUTHOR, BODY, PURPOSE, TITLE, seed_share

ORGANISATION = "partner:otsuka-housing"
# What the police typed into the envelope of the partner's file, and their correction: marks
# that must appear on no route a partner reaches.
POLICE_PURPOSE = "警察の内部目的-MARK-P"
POLICE_BASIS = "警察の法的根拠-MARK-L"
POLICE_NOTE = "警察の訂正メモ-MARK-N"
POLICE_REASON = "訂正の理由-MARK-R"
FILE_ROW = {
    "report_ref": "OH-2026-FILE-1",
    "partner_type": "real_estate",
    "category": "suspicious_sound",
    "text": "ファイル経由の報告。夜間に金属音。",
    "observed_at": "2026-10-20T22:30:00+09:00",
    "persons": [{"name": "木下 圭", "role": "tenant"}],
    "source": ORGANISATION,
    "reliability": "A",
    "credibility": "1",
    "handling_code": "TLP:RED",
    "purpose": POLICE_PURPOSE,
    "legal_basis": POLICE_BASIS,
}
OWN = {
    "report_ref": "OH-2026-API-1",
    "partner_type": "real_estate",
    "category": "suspicious_sound",
    "text": "APIで送った報告。ガレージから異臭。",
    "observed_at": "2026-10-21T01:00:00+09:00",
    "persons": [{"name": "森 直人", "role": "tenant"}],
    "reliability": "C",  # typed by the partner: its own bytes, shown back to it
}
POLICE_ONLY = ("reliability", "credibility", "handling_code", "purpose", "legal_basis")
# Server-sent event streams never end; they are asked in tests of their own.
STREAMS = {"/api/v1/alerts/stream", "/ui/alerts/stream"}


def _get_routes(app: Any) -> list[str]:
    paths: list[str] = []
    for route in app.routes:
        contexts = (
            route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else []
        )
        paths += [c.path for c in contexts if "GET" in (c.methods or ())]
    return sorted(set(paths))


def _fill(path: str, report_id: str, product_id: str, delivery_id: str) -> str:
    path = re.sub(r"\{report_id[^}]*\}", report_id, path)
    path = re.sub(r"\{product_id[^}]*\}", product_id, path)
    path = re.sub(r"\{delivery_id[^}]*\}", delivery_id, path)
    return re.sub(r"\{[^}]+\}", report_id, path)


# What a product holds above its tear-line (tests/web/seeding_share.BODY; not the name and
# phone, which the partner's own garage report holds), its fingerprint template, and the
# approval's reason: on no route a partner reaches.
ABOVE_THE_LINE = ["南大塚三丁目18番2号", "LO-2026-031", "佐藤 花子", "（34歳）"]
TEMPLATE = "{{不審な|怪しい}}"
APPROVAL_REASON = "テアラインを確認した-MARK-A"


def _release_sourced_advisory(
    engine: Engine, settings: Settings, seeded: Seeded, now: datetime
) -> tuple[str, str]:
    """The web's advisory, drafted from the desk's alert, approved and released to the
    Otsuka partners: (product id, the partner's delivery id)."""
    seed_share(engine, settings, seeded, now)
    clock = FixedClock(now)
    guard = Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    service = open_share(settings, engine, guard=guard, clock=clock)
    with engine.connect() as connection:
        author, lead = get_user(connection, AUTHOR), get_user(connection, APPROVER)
    product = draft_and_submit(
        service,
        author,
        kind="advisory",
        title=TITLE,
        body=BODY,
        handling_code="TLP:GREEN",
        recipients=["partner:otsuka-housing"],
        sources=[f"alert:{seeded.main_alert}"],
        purpose=PURPOSE,
    )
    service.approve(lead, product["id"], APPROVAL_REASON, PURPOSE)
    release(service, author, product["id"], PURPOSE)
    with engine.connect() as connection:
        delivery = connection.execute(
            select(share_deliveries.c.id).where(share_deliveries.c.product_id == product["id"])
        ).scalar_one()
    return str(product["id"]), str(delivery)


def _police_load_and_correct(engine: Engine, settings: Settings, now: datetime) -> str:
    raw = orjson.dumps(FILE_ROW).decode()
    ingest_rows(engine, settings, "partner_report", [RawRow(1, 1, raw, FILE_ROW, None)], "f.jsonl")
    with engine.begin() as connection:
        report_id = connection.execute(
            select(reports.c.id).where(reports.c.external_id == "OH-2026-FILE-1")
        ).scalar_one()
        author = connection.execute(
            select(users.c.id).where(users.c.role != "partner_submitter")
        ).first()
        assert author is not None
        connection.execute(
            insert(report_corrections).values(
                id=new_id(),
                report_id=report_id,
                note=POLICE_NOTE,
                reason=POLICE_REASON,
                author_id=author.id,
                created_at=now,
            )
        )
    return str(report_id)


def _police_marks(police_view: dict[str, Any]) -> list[str]:
    """Values only the police's view holds: the typed purpose and basis, the correction, the
    police's raw row and its hash, and the run that loaded the file."""
    return [
        POLICE_PURPOSE,
        POLICE_BASIS,
        POLICE_NOTE,
        POLICE_REASON,
        "TLP:RED",
        police_view["raw_sha256"],
        police_view["provenance"]["ingest_run_id"],
    ]


def test_no_route_a_partner_reaches_shows_what_the_police_added(  # type: ignore[no-untyped-def]
    as_user,
    app_client: TestClient,
    engine: Engine,
    settings: Settings,
    seeded: Seeded,
    now: datetime,
) -> None:
    filed = _police_load_and_correct(engine, settings, now)
    product, delivery = _release_sourced_advisory(engine, settings, seeded, now)
    with engine.begin() as connection:
        token = issue_token(connection, "partner-otsuka", now=now)
    api = {"Authorization": f"Bearer {token}"}
    app_client.cookies.clear()
    created = app_client.post("/api/v1/reports/partner_report", json=OWN, headers=api)
    assert created.status_code == 201, created.text
    own = created.json()["id"]
    with engine.connect() as connection:
        police = get_report(connection, filed)  # the store's row, as the police read it
    assert police is not None
    assert police["provenance"]["purpose"] == POLICE_PURPOSE  # the police see what they typed
    assert police["corrections"][0]["note"] == POLICE_NOTE
    marks = [
        *_police_marks(police),
        *ABOVE_THE_LINE,
        TEMPLATE,
        APPROVAL_REASON,
        seeded.main_alert,
        seeded.held_alert,
    ]

    # Every GET route of the app, with a partner token (API) ...
    reached = []
    for path in _get_routes(app_client.app):
        if path in STREAMS:
            continue
        for report_id in (filed, own):
            filled = _fill(path, report_id, product, delivery)
            answer = app_client.get(filled, headers=api, follow_redirects=False)
            leaked = [m for m in marks if m in answer.text]
            assert not leaked, (path, leaked)
            if answer.status_code == 200 and report_id in answer.text:
                reached.append(path)
    # ... which reach the partner's reports through the list and the single read only.
    assert sorted(set(reached)) == ["/api/v1/reports", "/api/v1/reports/{report_id:uuid}"]
    # The released product itself is reached (list, single read, inbox, its own copy).
    for path in ("/api/v1/share/products", f"/api/v1/share/products/{product}"):
        answer = app_client.get(path, headers=api)
        assert answer.status_code == 200 and product in answer.text, path
        assert "{{" not in answer.text
    copy = app_client.get(f"/api/v1/share/inbox/{delivery}/copy", headers=api)
    assert copy.status_code == 200 and "110番" in copy.text
    assert app_client.get(f"/api/v1/share/products/{product}", headers=api).json()["copy"] == (
        copy.text
    )

    read = app_client.get(f"/api/v1/reports/{filed}", headers=api).json()
    listed = {r["id"]: r for r in app_client.get("/api/v1/reports", headers=api).json()["items"]}
    for seen in (read, listed[filed]):
        assert all(seen["provenance"][name] is None for name in POLICE_ONLY)
        assert seen["provenance"]["ingest_run_id"] is None
        assert seen["body"]["report_ref"] == "OH-2026-FILE-1"  # its own fields, as sent
    assert read["raw"] is None and read["raw_sha256"] is None  # the police's row of its file
    assert read["corrections"] == [] and read["mentions"] == []
    mine = app_client.get(f"/api/v1/reports/{own}", headers=api).json()
    assert json.loads(mine["raw"])["reliability"] == "C"  # its own submission, as sent
    assert all(mine["provenance"][name] is None for name in POLICE_ONLY)

    # ... and with the partner's web session (the portal), on the same read model.
    portal = as_user("partner-otsuka")
    for report_id, seen in ((filed, read), (own, mine)):
        page = portal.get(f"/ui/partner/submissions/{report_id}")
        assert page.status_code == 200
        assert not [m for m in marks if m in page.text]
        assert seen["provenance"]["external_id"] in page.text
        assert seen["text"] in page.text
        for person in seen["body"]["persons"]:
            assert person["name"] in page.text
        # The raw payload: shown by both for the partner's own submission, by neither else.
        assert ('data-testid="submission-raw"' in page.text) == (seen["raw"] is not None)
    listing = portal.get("/ui/partner")
    assert not [m for m in marks if m in listing.text]
