"""GET /api/v1/entities/{id}/links and POST/DELETE /api/v1/judgements through the guard."""

from __future__ import annotations

from sqlalchemy import Engine, select

from kizashi.resolve import resolve_store
from kizashi.store.tables_resolve import entity_members
from tests.api.conftest import Tokens, auth
from tests.resolve.test_service import _entity_of, _person_mention


def test_links_show_reasons_and_judgements_round_trip(
    purchases_store: Engine, client: object, tokens: Tokens
) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    resolve_store(purchases_store)
    kanji, romaji = (_person_mention(purchases_store, f"T-{n:05d}") for n in (0, 1))
    entity = _entity_of(purchases_store, kanji)
    response = client.get(f"/api/v1/entities/{entity}/links", headers=auth(tokens.officer))
    assert response.status_code == 200
    body = response.json()
    people = [m for m in body["members"] if m["kind"] == "person"]
    assert {kanji, romaji} <= {m["mention_id"] for m in people}
    assert all(m["reasons"] for m in people)

    made = client.post(
        "/api/v1/judgements",
        headers=auth(tokens.officer),
        json={
            "left_mention_id": kanji,
            "right_mention_id": romaji,
            "verdict": "not_same",
            "reason": "different customers at the counter",
        },
    )
    assert made.status_code == 201
    assert _entity_of(purchases_store, kanji) != _entity_of(purchases_store, romaji)
    again = client.get(
        f"/api/v1/entities/{_entity_of(purchases_store, kanji)}/links", headers=auth(tokens.officer)
    ).json()
    assert any(j["verdict"] == "not_same" and not j["undone"] for j in again["judgements"])

    undone = client.delete(f"/api/v1/judgements/{made.json()['id']}", headers=auth(tokens.officer))
    assert undone.status_code == 200
    assert _entity_of(purchases_store, kanji) == _entity_of(purchases_store, romaji)
    twice = client.delete(f"/api/v1/judgements/{made.json()['id']}", headers=auth(tokens.officer))
    assert twice.status_code == 409


def test_partners_neither_see_nor_judge(
    purchases_store: Engine, client: object, tokens: Tokens
) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    resolve_store(purchases_store)
    kanji, romaji = (_person_mention(purchases_store, f"T-{n:05d}") for n in (0, 1))
    entity = _entity_of(purchases_store, kanji)
    seen = client.get(f"/api/v1/entities/{entity}/links", headers=auth(tokens.partner_a))
    assert seen.status_code == 404  # the retailer's reports are not the partner's own
    judged = client.post(
        "/api/v1/judgements",
        headers=auth(tokens.partner_a),
        json={
            "left_mention_id": kanji,
            "right_mention_id": romaji,
            "verdict": "same",
            "reason": "x",
        },
    )
    assert judged.status_code == 403
    with purchases_store.connect() as connection:
        assert (
            connection.execute(
                select(entity_members.c.entity_id).where(entity_members.c.mention_id == kanji)
            ).scalar()
            == entity
        )


def test_unknown_entity_and_mention(
    purchases_store: Engine, client: object, tokens: Tokens
) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    missing = "00000000-0000-7000-8000-000000000000"
    assert (
        client.get(f"/api/v1/entities/{missing}/links", headers=auth(tokens.officer)).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/judgements",
            headers=auth(tokens.officer),
            json={
                "left_mention_id": missing,
                "right_mention_id": missing,
                "verdict": "same",
                "reason": "x",
            },
        ).status_code
        == 404
    )


def test_an_analyst_joining_a_father_and_his_son_leaves_a_review_flag(
    mixed_store: Engine, client: object, tokens: Tokens
) -> None:
    from fastapi.testclient import TestClient

    from tests.resolve.test_consistency import _mentions

    assert isinstance(client, TestClient)
    resolve_store(mixed_store)
    father, son = _mentions(mixed_store, "N-0000"), _mentions(mixed_store, "N-0001")
    assert _entity_of(mixed_store, father) != _entity_of(mixed_store, son)
    made = client.post(
        "/api/v1/judgements",
        headers=auth(tokens.officer),
        json={
            "left_mention_id": father,
            "right_mention_id": son,
            "verdict": "same",
            "reason": "one man, the birth date on one note is a typing error",
        },
    )
    assert made.status_code == 201
    assert _entity_of(mixed_store, father) == _entity_of(mixed_store, son)
    body = client.get(
        f"/api/v1/entities/{_entity_of(mixed_store, father)}/links", headers=auth(tokens.officer)
    ).json()
    judged = [f for f in body["review_flags"] if f["kind"] == "judged"]
    assert judged and {c["field"] for c in judged[0]["conflicts"]} == {"birth_date"}


def test_an_ambiguous_record_names_both_people_it_could_be(
    mixed_store: Engine, client: object, tokens: Tokens
) -> None:
    """link44 review: a record that could be a father or his son of one name (no birth date)
    joins neither and is flagged against each. The flag was a "split" whose conflict (the
    two men's birth dates) read as the record's own, and it did not name the other man. Its
    kind is "ambiguous" now, and it names both candidates with their entities."""
    from fastapi.testclient import TestClient

    from kizashi.store.tables_resolve import resolve_flags, resolve_mentions
    from tests.resolve.test_consistency import _mentions

    assert isinstance(client, TestClient)
    resolve_store(mixed_store)
    father, son = _mentions(mixed_store, "N-0000"), _mentions(mixed_store, "N-0001")
    other = _mentions(mixed_store, "N-0002")
    with mixed_store.begin() as connection:
        record = dict(
            connection.execute(
                select(resolve_mentions.c.mention_id, resolve_mentions.c.record_id).where(
                    resolve_mentions.c.mention_id.in_([father, son, other])
                )
            ).all()
        )
        conflict = {
            "field": "birth_date",
            "conflict": "birth dates 1958-03-01 / 1986-09-09",
            "candidates": [record[father], record[son]],
        }
        for side in (father, son):
            left, right = sorted((record[other], record[side]))
            connection.execute(resolve_flags.delete().where(resolve_flags.c.left_id == left))
            connection.execute(
                resolve_flags.insert().values(
                    left_id=left, right_id=right, kind="ambiguous", conflicts=[conflict]
                )
            )
    body = client.get(
        f"/api/v1/entities/{_entity_of(mixed_store, father)}/links", headers=auth(tokens.officer)
    ).json()
    flags = [f for f in body["review_flags"] if f["kind"] == "ambiguous"]
    assert len(flags) == 1 and flags[0]["other_mention_id"] == record[other]
    assert {c["mention_id"] for c in flags[0]["candidates"]} == {record[father], record[son]}
    assert {c["entity_id"] for c in flags[0]["candidates"]} == {
        _entity_of(mixed_store, father),
        _entity_of(mixed_store, son),
    }
    assert flags[0]["conflicts"] == [
        {
            "field": "birth_date",
            "conflict": conflict["conflict"],
            "values": ["1958-03-01", "1986-09-09"],  # the two candidates' (flagsfix, additive)
        }
    ]
