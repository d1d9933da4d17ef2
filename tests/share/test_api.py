"""The share room's routes over HTTP: products through four-eyes to the partner inbox,
requests to platforms, STIX/MISP, TAXII 2.1 — and every route against the outsiders' row
of the matrix (an officer of another desk, a partner the product was not released to)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import issue_token
from kizashi.share.taxii import COLLECTION, MEDIA
from kizashi.store import transaction
from tests.share.conftest import open_alert, people
from tests.share.test_exchange import MISP_EVENT, WALLET
from tests.share.test_products import BODY

PURPOSE = "advisory on the Toshima garage case LO-2026-031"
NAMES = ("cc-author", "cc-lead", "cc-analyst", "tk-analyst", "p-adachi", "p-otsuka", "p-other")


@dataclass
class World:
    client: TestClient
    tokens: dict[str, str]
    engine: Engine
    now: datetime

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}", "X-Kizashi-Purpose": PURPOSE}
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, who: str, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        answer = self.call(who, method, path, **kwargs)
        assert answer.status_code == status, answer.text
        return answer.json()


@pytest.fixture
def world(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[World]:
    people(engine)
    with transaction(engine) as connection:
        tokens = {name: issue_token(connection, name, now=clock()) for name in NAMES}
    with TestClient(create_app(settings, engine=engine, clock=clock)) as client:
        yield World(client, tokens, engine, clock())


def _released(world: World, title: str = "貸車庫での不審な金属加工音") -> dict[str, Any]:
    product = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/products",
        201,
        json={
            "kind": "advisory",
            "title": title,
            "body": BODY,
            "handling_code": "TLP:GREEN",
            "recipients": ["partner:otsuka-housing"],
            "case_ref": "LO-2026-031",
        },
    )
    path = f"/api/v1/share/products/{product['id']}"
    world.ok("cc-author", "POST", f"{path}/submit", json={})
    world.ok("cc-lead", "POST", f"{path}/approve", json={"reason": "tear-line checked"})
    return dict(world.ok("cc-author", "POST", f"{path}/release", json={}))


def test_a_product_goes_from_draft_to_the_partners_inbox(world: World) -> None:
    product = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/products",
        201,
        json={
            "kind": "advisory",
            "title": "貸車庫での不審な金属加工音",
            "body": BODY,
            "handling_code": "TLP:GREEN",
            "recipients": ["partner:otsuka-housing"],
            "case_ref": "LO-2026-031",
        },
    )
    path = f"/api/v1/share/products/{product['id']}"
    refused = world.call("cc-author", "POST", f"{path}/release", json={})
    assert refused.status_code == 403 and "PRODUCT-4" in refused.text
    world.ok("cc-author", "POST", f"{path}/submit", json={})
    shown = world.ok("cc-lead", "GET", path)
    assert "山田" in shown["body"] and "山田" not in shown["tearline"]
    assert any(line.startswith("-") for line in shown["diff"])
    own = world.call("cc-author", "POST", f"{path}/approve", json={"reason": "my own text"})
    assert own.status_code == 403 and "PRODUCT-1" in own.text
    world.ok("cc-lead", "POST", f"{path}/approve", json={"reason": "tear-line checked"})
    released = world.ok("cc-author", "POST", f"{path}/release", json={})
    assert released["status"] == "released"
    assert [c["recipient"] for c in released["copies"]] == ["p-otsuka"]

    box = world.ok("p-otsuka", "GET", "/api/v1/share/inbox")
    assert [b["product_id"] for b in box] == [product["id"]]
    delivery = box[0]["delivery_id"]
    copy = world.call("p-otsuka", "GET", f"/api/v1/share/inbox/{delivery}/copy")
    assert copy.status_code == 200 and "110番" in copy.text and "山田" not in copy.text
    acked = world.ok("p-otsuka", "POST", f"/api/v1/share/inbox/{delivery}/acknowledge")
    assert acked["acknowledged_at"] and acked["read_at"]
    asked = world.ok(
        "p-otsuka",
        "POST",
        f"/api/v1/share/inbox/{delivery}/questions",
        201,
        json={"question": "同様の音を聞いたらどこへ連絡すればよいですか。"},
    )
    report = world.ok("p-otsuka", "GET", f"/api/v1/reports/{asked['report_id']}")
    assert report["channel"] == "consultation"
    assert report["provenance"]["source"] == "partner:otsuka-housing"
    told = world.ok("cc-author", "GET", "/api/v1/share/notifications")
    assert any("p-otsuka" in n["message"] for n in told)
    assert (
        world.ok("p-otsuka", "GET", "/api/v1/share/notifications")[0]["product_id"]
        == (product["id"])
    )


def test_the_approver_restores_one_removed_span_through_the_api(world: World) -> None:
    product = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/products",
        201,
        json={
            "kind": "advisory",
            "title": "河川敷での音",
            "body": "中川の橋の下で夜間に花火のような音。連絡は 090-2222-3333 まで。",
            "handling_code": "TLP:GREEN",
            "recipients": ["partner:otsuka-housing"],
            "case_ref": "LO-2026-031",
        },
    )
    path = f"/api/v1/share/products/{product['id']}"
    shown = world.ok("cc-author", "POST", f"{path}/submit", json={})
    river = next(
        i for i, r in enumerate(shown["tearline_removed"]) if r["start"] == 0 and r["end"] == 2
    )
    body = {"removal": river, "reason": "中川 is the river"}
    own = world.call("cc-author", "POST", f"{path}/restore", json=body)
    assert own.status_code == 403 and "PRODUCT-1" in own.text
    restored = world.ok("cc-lead", "POST", f"{path}/restore", json=body)
    assert restored["tearline"].startswith("中川の橋の下")
    assert "090-2222-3333" not in restored["tearline"]
    assert restored["status"] == "submitted"
    assert restored["approvals"][-1]["decision"] == "restored"
    bad = world.call("cc-lead", "POST", f"{path}/restore", json={"removal": river, "reason": "x"})
    assert bad.status_code == 422


def test_a_request_to_a_platform_through_its_steps(world: World) -> None:
    alert_id = open_alert(world.engine, world.now)
    request = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/requests",
        201,
        json={
            "alert_id": alert_id,
            "platform": "sns-operator-a",
            "legal_basis": "刑事訴訟法第197条第2項",
            "body": "投稿者の登録情報の開示を求めます。",
            "identifiers": {"account": "@rally_poster"},
        },
    )
    path = f"/api/v1/share/requests/{request['id']}"
    world.ok("cc-author", "POST", f"{path}/submit")
    assert world.call("cc-author", "POST", f"{path}/nonsense").status_code == 404
    bad = world.call("cc-lead", "POST", f"{path}/decide", json={"approve": True})
    assert bad.status_code == 422 and "reason" in bad.text
    world.ok("cc-lead", "POST", f"{path}/decide", json={"approve": True, "reason": "specific"})
    world.ok("cc-author", "POST", f"{path}/send")
    answered = world.ok(
        "cc-author",
        "POST",
        f"{path}/answer",
        json={"answer": "登録者は以下のとおり", "subscriber_name": "森 健一"},
    )
    assert answered["answer_report_id"]
    closed = world.ok("cc-author", "POST", f"{path}/action", json={"action": "警告を実施"})
    assert closed["status"] == "closed"
    board = world.ok("cc-author", "GET", "/api/v1/share/requests")
    assert board["platforms"][0]["answered"] == 1 and board["open"] == []


def test_stix_out_validated_and_misp_in(world: World) -> None:
    product = _released(world)
    out = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/stix/export",
        json={
            "products": [product["id"]],
            "indicators": [{"kind": "payment_token", "value": WALLET}],
        },
    )
    assert out["validation"]["valid"], out["validation"]["errors"]
    assert {o["type"] for o in out["bundle"]["objects"]} >= {"report", "indicator"}
    missing = world.call("tk-analyst", "POST", "/api/v1/share/import/misp", json=MISP_EVENT)
    assert missing.status_code == 422  # the source is required
    stored = world.ok(
        "tk-analyst",
        "POST",
        "/api/v1/share/import/misp?source=partner:misp-tokyo",
        201,
        json=MISP_EVENT,
    )
    assert stored["stored"] == 2
    back = world.ok(
        "tk-analyst",
        "POST",
        "/api/v1/share/import/stix?source=partner:opencti-kanto",
        201,
        json=out["bundle"],
    )
    assert back["indicators"] == 1


def test_taxii_serves_a_partner_only_what_was_released_to_it_in_pages(world: World) -> None:
    first, second = _released(world, "一件目の注意喚起"), _released(world, "二件目の注意喚起")
    assert world.client.get("/taxii2/").status_code == 401  # behind the guard
    discovery = world.call("p-otsuka", "GET", "/taxii2/")
    assert discovery.headers["content-type"] == MEDIA
    assert discovery.json()["api_roots"] == ["/taxii2/api1/"]
    assert world.ok("p-otsuka", "GET", "/taxii2/api1/")["versions"] == [MEDIA]
    listed = world.ok("p-otsuka", "GET", "/taxii2/api1/collections/")["collections"]
    assert [c["id"] for c in listed] == [COLLECTION] and listed[0]["can_write"] is False
    assert world.call("p-otsuka", "GET", "/taxii2/api1/collections/nope/").status_code == 404
    objects = f"/taxii2/api1/collections/{COLLECTION}/objects/"
    whole = world.ok("p-otsuka", "GET", objects)
    reports = [o["name"] for o in whole["objects"] if o["type"] == "report"]
    assert reports == ["一件目の注意喚起", "二件目の注意喚起"] and whole["more"] is False
    seen: list[dict[str, Any]] = []
    page = world.call("p-otsuka", "GET", objects, params={"limit": 2})
    while True:
        body = page.json()
        seen += body["objects"]
        assert len(body["objects"]) <= 2
        if not body["more"]:
            break
        assert page.headers["X-TAXII-Date-Added-First"]
        page = world.call("p-otsuka", "GET", objects, params={"limit": 2, "next": body["next"]})
    assert [o["id"] for o in seen] == [o["id"] for o in whole["objects"]]
    # a partner nothing was released to, and another desk's officer: an empty collection
    for outsider in ("p-other", "tk-analyst"):
        assert world.ok(outsider, "GET", objects) == {"more": False, "objects": []}
    assert {first["id"], second["id"]}  # both were released


# --- every route of the room, against the outsiders' row of the matrix ---------------------

OUTSIDERS = ("tk-analyst", "p-other")
# (method, path) -> the status each outsider gets: the real ids of a released product, its
# delivery and a sent request are filled in; nothing of them may appear in any answer.
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/api/v1/share/products"): {"tk-analyst": 404, "p-other": 404},
    ("GET", "/api/v1/share/products"): {"tk-analyst": 200, "p-other": 200},
    ("GET", "/api/v1/share/products/{product_id}"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/products/{product_id}/submit"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/products/{product_id}/approve"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/products/{product_id}/reject"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/products/{product_id}/restore"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/products/{product_id}/release"): {"tk-analyst": 404, "p-other": 404},
    ("GET", "/api/v1/share/inbox"): {"tk-analyst": 200, "p-other": 200},
    ("GET", "/api/v1/share/inbox/{delivery_id}/copy"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/inbox/{delivery_id}/acknowledge"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/inbox/{delivery_id}/questions"): {"tk-analyst": 404, "p-other": 404},
    ("GET", "/api/v1/share/notifications"): {"tk-analyst": 200, "p-other": 200},
    ("POST", "/api/v1/share/requests"): {"tk-analyst": 404, "p-other": 404},
    ("GET", "/api/v1/share/requests"): {"tk-analyst": 200, "p-other": 200},
    ("POST", "/api/v1/share/requests/{request_id}/submit"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/requests/{request_id}/decide"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/requests/{request_id}/send"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/requests/{request_id}/answer"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/requests/{request_id}/action"): {"tk-analyst": 404, "p-other": 404},
    ("POST", "/api/v1/share/stix/export"): {"tk-analyst": 404, "p-other": 404},
    # importing is writing new reports: an officer may, a partner through these routes not
    ("POST", "/api/v1/share/import/stix"): {"tk-analyst": 201, "p-other": 403},
    ("POST", "/api/v1/share/import/misp"): {"tk-analyst": 201, "p-other": 403},
    ("GET", "/taxii2/"): {"tk-analyst": 200, "p-other": 200},
    ("GET", "/taxii2/api1/"): {"tk-analyst": 200, "p-other": 200},
    ("GET", "/taxii2/api1/collections/"): {"tk-analyst": 200, "p-other": 200},
    ("GET", "/taxii2/api1/collections/{collection_id}/"): {"tk-analyst": 200, "p-other": 200},
    ("GET", "/taxii2/api1/collections/{collection_id}/objects/"): {
        "tk-analyst": 200,
        "p-other": 200,
    },
}
BODIES: dict[str, Any] = {
    "/api/v1/share/products": {
        "kind": "advisory",
        "title": "t",
        "body": "b",
        "handling_code": "TLP:GREEN",
        "recipients": ["partner:otsuka-housing"],
        "desk": "lone-offender",
    },
    "/api/v1/share/products/{product_id}/submit": {},
    "/api/v1/share/products/{product_id}/approve": {"reason": "looks fine"},
    "/api/v1/share/products/{product_id}/reject": {"reason": "not fine"},
    "/api/v1/share/products/{product_id}/restore": {"removal": 0, "reason": "not a name"},
    "/api/v1/share/products/{product_id}/release": {},
    "/api/v1/share/inbox/{delivery_id}/questions": {"question": "what now?"},
    "/api/v1/share/requests/{request_id}/decide": {"approve": True, "reason": "fine"},
    "/api/v1/share/requests/{request_id}/answer": {"answer": "x"},
    "/api/v1/share/requests/{request_id}/action": {"action": "warned"},
    "/api/v1/share/import/stix": {"type": "bundle", "id": "bundle--1", "objects": []},
    "/api/v1/share/import/misp": {"Event": {"uuid": "e-1", "Attribute": []}},
}


def test_every_route_of_the_room_is_in_the_matrix(world: World) -> None:
    """A new route of the room fails here until it has its row (as the app serves it)."""
    paths = world.client.get("/openapi.json").json()["paths"]
    served = {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith(("/api/v1/share", "/taxii2"))
        for method in operations
    }
    assert served == set(MATRIX)


def test_outsiders_get_nothing_of_a_released_product_from_any_route(world: World) -> None:
    product = _released(world)
    delivery = world.ok("p-otsuka", "GET", "/api/v1/share/inbox")[0]["delivery_id"]
    alert_id = open_alert(world.engine, world.now)
    request = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/requests",
        201,
        json={"alert_id": alert_id, "platform": "sns-a", "legal_basis": "x", "body": "y"},
    )
    secrets = (product["id"], product["title"], delivery, request["id"], "110番")
    ids = {
        "product_id": product["id"],
        "delivery_id": delivery,
        "request_id": request["id"],
        "collection_id": COLLECTION,
    }
    for (method, path), expected in MATRIX.items():
        url = path.format(**ids)
        params = {"source": "partner:x"} if "/import/" in path else None
        body = BODIES.get(path)
        if path == "/api/v1/share/requests" and method == "POST":
            body = {"alert_id": alert_id, "platform": "p", "legal_basis": "l", "body": "b"}
        if path == "/api/v1/share/stix/export":
            body = {"products": [product["id"]]}
        # an id the caller sent may be echoed ("no product X"); nothing else of it may
        hidden = [s for s in secrets if s not in url + str(body)]
        for who in OUTSIDERS:
            answer = world.call(who, method, url, json=body, params=params)
            assert answer.status_code == expected[who], (who, method, path, answer.text)
            assert not any(s in answer.text for s in hidden), (who, method, path, answer.text)


def test_a_trivial_japanese_purpose_sent_as_utf8_does_not_open_red_material(world: World) -> None:
    """qa13: header bytes read as Latin-1 turned 業務のため into mojibake that PURPOSE-1's
    trivial list did not know, so a TLP:RED product's full text was served."""
    product = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/products",
        201,
        json={
            "kind": "advisory",
            "title": "貸車庫",
            "body": BODY,
            "handling_code": "TLP:RED",
            "recipients": ["partner:otsuka-housing"],
            "case_ref": "LO-2026-031",
        },
    )
    path = f"/api/v1/share/products/{product['id']}"
    for purpose in ("業務のため", "捜査"):
        headers = {
            "Authorization": f"Bearer {world.tokens['cc-lead']}",
            "X-Kizashi-Purpose": purpose.encode(),
        }
        answer = world.client.get(path, headers=headers)
        assert answer.status_code == 403 and "PURPOSE-1" in answer.text
    headers = {
        "Authorization": f"Bearer {world.tokens['cc-lead']}",
        "X-Kizashi-Purpose": "貸車庫事案の注意喚起の承認審査".encode(),
    }
    assert world.client.get(path, headers=headers).status_code == 200


def test_a_partner_reads_a_released_product_as_its_own_copy_only(world: World) -> None:
    """PRODUCT-5 lets a named partner read the product: it gets the partner-safe metadata
    and its own fingerprinted copy, never the text above the tear-line, the template, the
    other recipients' copies, the approvals, the sources, the desk or the author."""
    alert = open_alert(world.engine, world.now)
    product = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/products",
        201,
        json={
            "kind": "advisory",
            "title": "貸車庫での不審な金属加工音",
            "body": BODY,
            "handling_code": "TLP:GREEN",
            "recipients": ["partner:otsuka-housing", "partner:adachi-takken"],
            "sources": [f"alert:{alert}"],
            "case_ref": "LO-2026-031",
        },
    )
    path = f"/api/v1/share/products/{product['id']}"
    world.ok("cc-author", "POST", f"{path}/submit", json={})
    world.ok("cc-lead", "POST", f"{path}/approve", json={"reason": "理由-MARK-APPROVAL"})
    world.ok("cc-author", "POST", f"{path}/release", json={})
    police = world.ok("cc-lead", "GET", path)  # the police's view is unchanged
    assert "山田" in police["body"] and police["approvals"] and len(police["deliveries"]) == 2
    assert police["sources"] == [{"kind": "alert", "id": alert}]
    listed_police = world.ok("cc-lead", "GET", "/api/v1/share/products")
    assert listed_police[0]["sources"] and listed_police[0]["desk_id"] == "lone-offender"
    others = [d for d in police["deliveries"] if d["via"] != "partner:otsuka-housing"]
    mine = [d for d in police["deliveries"] if d["via"] == "partner:otsuka-housing"]
    caught = [
        "山田",
        "090-1234-5678",
        "千住3-5-2",
        "LO-2026-031",
        "{{",
        "理由-MARK-APPROVAL",
        "lone-offender",
        alert,
        police["created_by"],
        police["case_id"],
        *(d["trace_copy_id"] for d in others),
        *(d["content_sha256"] for d in others),
        *(d["id"] for d in others),
    ]
    single = world.call("p-otsuka", "GET", path)
    listed = world.call("p-otsuka", "GET", "/api/v1/share/products")
    assert single.status_code == 200 and listed.status_code == 200
    for answer in (single, listed):
        assert not [c for c in caught if c in answer.text], answer.text
    seen = single.json()
    assert seen["id"] == product["id"] and seen["handling_code"] == "TLP:GREEN"
    assert seen["released_at"] and seen["status"] == "released"
    assert [d["delivery_id"] for d in seen["deliveries"]] == [mine[0]["id"]]
    copy = world.call("p-otsuka", "GET", f"/api/v1/share/inbox/{mine[0]['id']}/copy")
    assert seen["copy"] == copy.text and "110番" in seen["copy"]  # its own copy, as served
    assert seen["deliveries"][0]["read_at"]
    assert [p["id"] for p in listed.json()] == [product["id"]]
    assert set(listed.json()[0]) == {*seen} - {"copy"}
    # the read is decided and logged for this recipient, as the copy route's is
    assert world.call("p-other", "GET", path).status_code == 404
    # STIX, exported or over TAXII: the partner's own copy, never the template
    exported = world.call(
        "p-otsuka", "POST", "/api/v1/share/stix/export", json={"products": [product["id"]]}
    )
    taxii = world.call("p-otsuka", "GET", f"/taxii2/api1/collections/{COLLECTION}/objects/")
    for answer in (exported, taxii):
        assert answer.status_code == 200, answer.text
        assert not [c for c in caught if c in answer.text], answer.text
    described = [o["description"] for o in taxii.json()["objects"] if o["type"] == "report"]
    assert described == [seen["copy"]]
    police_export = world.ok(
        "cc-author", "POST", "/api/v1/share/stix/export", json={"products": [product["id"]]}
    )
    assert "{{" in str(police_export["bundle"])  # the police export the tear-line itself


def test_a_product_read_by_every_role_is_the_full_view_only_with_need_to_know(
    world: World,
) -> None:
    """An officer of another desk named as a recipient reads what a recipient reads (its own
    copy, as a partner does), not the originating desk's view; an officer with need to know
    for the originating desk keeps the full view, named as a recipient or not; anyone else
    gets nothing. The single read and the list agree (one read model)."""
    from kizashi.guard.identity import create_user

    with transaction(world.engine) as connection:
        create_user(connection, "tk-other", role="analyst", desk="tokuryu")
        create_user(connection, "ov-kato", role="oversight_officer")
        create_user(connection, "adm-ito", role="admin")
        for name in ("tk-other", "ov-kato", "adm-ito"):
            world.tokens[name] = issue_token(connection, name, now=world.now)
    alert = open_alert(world.engine, world.now)
    product = world.ok(
        "cc-author",
        "POST",
        "/api/v1/share/products",
        201,
        json={
            "kind": "advisory",
            "title": "貸車庫での不審な金属加工音",
            "body": BODY,
            "handling_code": "TLP:GREEN",
            "recipients": ["user:tk-analyst", "user:cc-lead", "partner:otsuka-housing"],
            "sources": [f"alert:{alert}"],
            "case_ref": "LO-2026-031",
        },
    )
    path = f"/api/v1/share/products/{product['id']}"
    world.ok("cc-author", "POST", f"{path}/submit", json={})
    world.ok("cc-lead", "POST", f"{path}/approve", json={"reason": "理由-MARK-APPROVAL"})
    world.ok("cc-author", "POST", f"{path}/release", json={})
    full = world.ok("cc-author", "GET", path)
    deliveries = {d["via"]: d for d in full["deliveries"]}
    # the originating desk: its analyst (assigned, not a recipient), and its lead (a recipient
    # too, with need to know of the desk): the full view, list and single read alike
    for who in ("cc-analyst", "cc-lead"):
        seen = world.ok(who, "GET", path)
        assert "山田" in seen["body"] and seen["approvals"] and len(seen["deliveries"]) == 3
        assert seen["sources"] == [{"kind": "alert", "id": alert}]
        [listed] = world.ok(who, "GET", "/api/v1/share/products")
        assert listed["recipients"] and listed["desk_id"] == "lone-offender"
    # another desk's officer named as a recipient, and a partner recipient: their own copy
    caught = [
        "山田",
        "090-1234-5678",
        "LO-2026-031",
        "{{",
        "理由-MARK-APPROVAL",
        "lone-offender",
        alert,
        full["created_by"],
        full["case_id"],
        "cc-lead",
    ]
    for who, via in (("tk-analyst", "user:tk-analyst"), ("p-otsuka", "partner:otsuka-housing")):
        mine = deliveries[via]
        others = [d for d in full["deliveries"] if d["id"] != mine["id"]]
        hidden = [
            *caught,
            *(d["trace_copy_id"] for d in others),
            *(d["content_sha256"] for d in others),
            *(d["id"] for d in others),
        ]
        single = world.call(who, "GET", path)
        listed = world.call(who, "GET", "/api/v1/share/products")
        assert single.status_code == 200 and listed.status_code == 200, single.text
        for answer in (single, listed):
            assert not [c for c in hidden if c in answer.text], (who, answer.text)
        seen = single.json()
        assert "body" not in seen and "approvals" not in seen and "recipients" not in seen
        assert [d["delivery_id"] for d in seen["deliveries"]] == [mine["id"]]
        copy = world.call(who, "GET", f"/api/v1/share/inbox/{mine['id']}/copy")
        assert seen["copy"] == copy.text and "110番" in seen["copy"]
        assert [p["id"] for p in listed.json()] == [product["id"]]
        assert set(listed.json()[0]) == {*seen} - {"copy"}
        # STIX: its own copy's text, never the template (PRODUCT-5 covers every read action)
        exported = world.ok(
            who, "POST", "/api/v1/share/stix/export", json={"products": [product["id"]]}
        )
        [described] = [
            o["description"] for o in exported["bundle"]["objects"] if o["type"] == "report"
        ]
        assert described == seen["copy"] and "{{" not in described
    lead_export = world.ok(
        "cc-lead", "POST", "/api/v1/share/stix/export", json={"products": [product["id"]]}
    )
    assert "{{" in str(lead_export["bundle"])  # the desk exports the tear-line itself
    # another desk's officer not named, and oversight: nothing of the product
    for who in ("tk-other", "ov-kato"):
        answer = world.call(who, "GET", path)
        assert answer.status_code in (403, 404), (who, answer.text)
        assert "山田" not in answer.text
        assert world.ok(who, "GET", "/api/v1/share/products") == []
    # an administrator is not a recipient: the guard decides as before, never PRODUCT-5
    admin = world.call("adm-ito", "GET", path)
    assert admin.status_code in (403, 404) or "body" in admin.json(), admin.text
