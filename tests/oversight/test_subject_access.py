"""Subject access: registered by oversight (SAR-1), exported once by an administrator
(SAR-2), anyone else refused with SAR-3; the export holds the person's reports, entities,
alerts and signals and withholds third parties and sources behind tear-lines."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import select

from kizashi.errors import ForbiddenError, InputError
from kizashi.oversight.subject_access import SOURCE, THIRD_PARTY, WITHHELD, export, register
from kizashi.store.tables import audit_entries
from kizashi.store.tables_oversight import subject_access_requests
from tests.oversight.conftest import World

YAMADA = {"person": ["山田太郎"], "phone": ["090-1234-5678"]}


def _register(world: World, ref: str = "SAR-2026-001") -> None:
    register(
        world.guard,
        world.users["overseer"],
        ref,
        requester="山田 太郎 (in person, identity checked)",
        legal_basis="個人情報保護法 第76条 (request for disclosure)",
        identifiers=YAMADA,
    )


def test_export_holds_the_subjects_reports_and_withholds_third_parties_and_sources(
    world: World,
) -> None:
    _register(world)
    document = export(world.guard, world.users["admin"], "SAR-2026-001")
    seeded = world.seeded
    shown = {r["id"]: r for r in document["reports"]}
    assert set(seeded.reports.values()) <= set(shown)
    assert document["entities"][0]["id"] == seeded.offender
    assert [e["id"] for e in document["entities"]] == [seeded.offender]  # not the witness
    assert document["alerts"] and all(a["entity_id"] == seeded.offender for a in document["alerts"])
    assert {s["report_id"] for s in document["signals"]} >= {seeded.reports["post"]}
    garage = shown[seeded.reports["garage"]]
    assert garage["record"]["persons"][0]["name"] == "山田 太郎"
    assert garage["record"]["persons"][1]["name"] == WITHHELD
    assert {"what": "persons[1].name", "reason": THIRD_PARTY} in garage["withheld"]
    assert {"what": "provenance.source", "reason": SOURCE} in garage["withheld"]
    assert {m["value"] for m in garage["about_you"]} >= {"山田 太郎", "090 1234 5678"}
    text = orjson.dumps(document).decode()
    # Neither the witness nor the partner that reported, anywhere in the export; nor Sato.
    for hidden in ("吉川", "otsuka-housing", "佐藤", "retailer:test", "police:sugamo"):
        assert hidden not in text
    assert document["counts"]["reports"] == len(document["reports"])
    with world.guard.engine.connect() as connection:
        stored = connection.execute(select(subject_access_requests)).one()
        rules = [
            orjson.loads(leaf)["context"]["rule"]
            for leaf in connection.execute(
                select(audit_entries.c.leaf)
                .where(audit_entries.c.resource_type == "subject_access")
                .order_by(audit_entries.c.seq)
            ).scalars()
        ]
    assert stored.export_sha256 == document["sha256"]
    assert stored.exported_by == world.users["admin"].id
    assert stored.identifiers == YAMADA and stored.requester.startswith("山田")
    assert rules == ["SAR-1", "SAR-2"]


def test_only_oversight_registers_and_only_an_administrator_exports_once(world: World) -> None:
    with pytest.raises(ForbiddenError, match="SAR-3"):
        register(
            world.guard,
            world.users["analyst"],
            "SAR-X",
            requester="x",
            legal_basis="個人情報保護法 第76条",
            identifiers=YAMADA,
        )
    with pytest.raises(ForbiddenError, match="SAR-3"):  # not registered yet
        export(world.guard, world.users["admin"], "SAR-2026-001")
    _register(world)
    for who in ("analyst", "overseer", "lead", "auditor"):
        with pytest.raises(ForbiddenError, match="SAR-3"):
            export(world.guard, world.users[who], "SAR-2026-001")
    export(world.guard, world.users["admin"], "SAR-2026-001")
    with pytest.raises(InputError, match="once"):
        export(world.guard, world.users["admin"], "SAR-2026-001")
    with pytest.raises(InputError, match="already registered"):
        _register(world)


def test_a_request_needs_identifiers_a_requester_and_a_basis(world: World) -> None:
    overseer = world.users["overseer"]
    with pytest.raises(InputError, match="identifiers"):
        register(world.guard, overseer, "A", requester="x", legal_basis="y", identifiers={})
    with pytest.raises(InputError, match="unknown kind 'passport'"):
        register(
            world.guard,
            overseer,
            "A",
            requester="x",
            legal_basis="y",
            identifiers={"passport": ["TK1"]},
        )
    with pytest.raises(InputError, match="legal_basis"):
        register(world.guard, overseer, "A", requester="x", legal_basis=" ", identifiers=YAMADA)
