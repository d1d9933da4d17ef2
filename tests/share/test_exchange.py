"""STIX 2.1 out (validated, TLP 2.0 markings); STIX and MISP in, through the pipeline."""

from __future__ import annotations

from sqlalchemy import select

from kizashi.share import (
    ShareService,
    draft_and_submit,
    export_bundle,
    import_misp,
    import_stix,
    release,
    validate_bundle,
)
from kizashi.share.exchange import tlp2
from kizashi.store.tables_resolve import entity_members
from tests.share.conftest import PURPOSE, user

WALLET = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
PHONE = "080-4455-6677"
MISP_EVENT = {
    "Event": {
        "uuid": "5f1c6a2e-1b7d-4c8e-9f3a-2d4b6c8e0a11",
        "info": "闇バイト募集グループの連絡先 (recruitment ring contacts)",
        "Tag": [{"name": "tlp:amber"}],
        "Attribute": [
            {
                "uuid": "a1b2c3d4-0000-4000-8000-000000000001",
                "type": "phone-number",
                "category": "Person",
                "value": PHONE,
                "comment": "recruiter's phone",
            },
            {
                "uuid": "a1b2c3d4-0000-4000-8000-000000000002",
                "type": "text",
                "category": "Other",
                "value": "ignored",
            },
        ],
        "Object": [
            {
                "name": "btc-wallet",
                "Attribute": [
                    {
                        "uuid": "a1b2c3d4-0000-4000-8000-000000000003",
                        "type": "btc",
                        "category": "Financial fraud",
                        "value": WALLET,
                    }
                ],
            }
        ],
    }
}


def test_a_released_product_exports_as_a_valid_bundle_with_tlp2_markings(
    share: ShareService,
) -> None:
    author, lead = user(share, "cc-author"), user(share, "cc-lead")
    product = draft_and_submit(
        share,
        author,
        kind="bulletin",
        title="指定原料の購入に関する注意",
        body="{{硝酸カリウム|硝酸カリ}}の大量購入に注意。山田太郎 090-1111-2222",
        handling_code="TLP:GREEN",
        recipients=["group:adachi-real-estate"],
        purpose=PURPOSE,
    )
    share.approve(lead, product["id"], "checked", PURPOSE)
    release(share, author, product["id"], PURPOSE)
    bundle = export_bundle(
        share,
        author,
        PURPOSE,
        product_ids=[product["id"]],
        indicators=[{"kind": "payment_token", "value": WALLET}, {"kind": "phone", "value": PHONE}],
    )
    verdict = validate_bundle(bundle)
    assert verdict["valid"], verdict["errors"]
    markings = {o["id"]: o for o in bundle["objects"] if o["type"] == "marking-definition"}
    green = tlp2()["codes"]["TLP:GREEN"]["id"]
    assert markings[green]["extensions"][tlp2()["extension"]]["tlp_2_0"] == "green"
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    assert report["object_marking_refs"] == [green]
    assert "山田" not in report["description"] and "090-1111-2222" not in report["description"]


def test_an_unreleased_product_is_not_exported(share: ShareService) -> None:
    import pytest

    from kizashi.errors import ForbiddenError

    author = user(share, "cc-author")
    product = draft_and_submit(
        share,
        author,
        kind="bulletin",
        title="t",
        body="{{a|b}} 本文",
        handling_code="TLP:GREEN",
        recipients=["partner:otsuka-housing"],
        purpose=PURPOSE,
    )
    with pytest.raises(ForbiddenError, match="PRODUCT-4"):
        export_bundle(share, author, PURPOSE, product_ids=[product["id"]])


def test_a_misp_event_and_a_stix_bundle_round_trip_into_entities(share: ShareService) -> None:
    from kizashi.pipeline import Worker

    analyst = user(share, "tk-analyst")
    misp = import_misp(share, analyst, MISP_EVENT, "partner:misp-tokyo", PURPOSE)
    assert misp["stored"] == 2
    bundle = export_bundle(
        share,
        user(share, "cc-author"),
        PURPOSE,
        indicators=[
            {"kind": "payment_token", "value": WALLET},
            {"kind": "account", "value": "@ud_boss"},
        ],
    )
    stix = import_stix(share, analyst, bundle, "partner:opencti-kanto", PURPOSE)
    assert stix["stored"] == 2
    Worker(share.engine, share.settings, hooks=()).drain()
    with share.engine.connect() as connection:
        members = dict(
            connection.execute(select(entity_members.c.report_id, entity_members.c.entity_id)).all()
        )
    # every imported indicator is a member of an entity of the graph ...
    assert set(misp["reports"]) | set(stix["reports"]) <= set(members)
    # ... and the wallet both platforms shared is one entity, not two
    misp_wallet, stix_wallet = misp["reports"][1], stix["reports"][0]
    assert members[misp_wallet] == members[stix_wallet]
    assert members[misp["reports"][0]] != members[misp_wallet]


def test_an_indicator_attributed_to_a_north_korean_actor_goes_to_that_country_desk(
    share: ShareService,
) -> None:
    """STIX: indicator --indicates--> intrusion set --attributed-to--> location; MISP: a
    threat-actor galaxy tag. Both land with `attributed_to`, which routes them at ingest."""
    from kizashi.store.tables import material_labels, reports

    analyst = user(share, "tk-analyst")
    bundle = {
        "type": "bundle",
        "id": "bundle--6f2d0d6e-6d35-4c4b-9d55-0b1f4a3f5c01",
        "objects": [
            {
                "type": "indicator",
                "spec_version": "2.1",
                "id": "indicator--0c3c3a7e-1d7f-4f0e-8f56-2a3b4c5d6e01",
                "name": "exchange-theft laundering wallet",
                "pattern": f"[cryptocurrency-wallet:address = '{WALLET}']",
                "pattern_type": "stix",
                "valid_from": "2026-10-01T00:00:00Z",
            },
            {
                "type": "intrusion-set",
                "spec_version": "2.1",
                "id": "intrusion-set--9a1b2c3d-0000-4000-8000-00000000aa01",
                "name": "Lazarus Group",
            },
            {
                "type": "location",
                "spec_version": "2.1",
                "id": "location--9a1b2c3d-0000-4000-8000-00000000bb01",
                "name": "North Korea",
                "country": "KP",
            },
            {
                "type": "relationship",
                "spec_version": "2.1",
                "id": "relationship--9a1b2c3d-0000-4000-8000-00000000cc01",
                "relationship_type": "indicates",
                "source_ref": "indicator--0c3c3a7e-1d7f-4f0e-8f56-2a3b4c5d6e01",
                "target_ref": "intrusion-set--9a1b2c3d-0000-4000-8000-00000000aa01",
            },
            {
                "type": "relationship",
                "spec_version": "2.1",
                "id": "relationship--9a1b2c3d-0000-4000-8000-00000000cc02",
                "relationship_type": "attributed-to",
                "source_ref": "intrusion-set--9a1b2c3d-0000-4000-8000-00000000aa01",
                "target_ref": "location--9a1b2c3d-0000-4000-8000-00000000bb01",
            },
        ],
    }
    stix = import_stix(share, analyst, bundle, "partner:opencti-kanto", PURPOSE)
    event = {
        "Event": {
            **MISP_EVENT["Event"],
            "uuid": "5f1c6a2e-1b7d-4c8e-9f3a-2d4b6c8e0a12",
            "Tag": [{"name": "tlp:amber"}, {"name": 'misp-galaxy:threat-actor="Andariel"'}],
        }
    }
    misp = import_misp(share, analyst, event, "partner:misp-tokyo", PURPOSE)
    ids = [*stix["reports"], *misp["reports"]]
    with share.engine.connect() as connection:
        bodies = dict(connection.execute(select(reports.c.id, reports.c.external_id)).all())
        desks = dict(
            connection.execute(
                select(material_labels.c.resource_id, material_labels.c.desk_id).where(
                    material_labels.c.resource_type == "report",
                    material_labels.c.resource_id.in_(ids),
                )
            ).all()
        )
    assert set(ids) <= set(bodies)
    assert {desks.get(i) for i in ids} == {"fa-north-korea"}, desks
