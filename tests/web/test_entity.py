from __future__ import annotations

import json
import re

from sqlalchemy import Engine, select

from kizashi.guard.identity_cases import label_material
from kizashi.store import link_judgements, transaction
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded


def test_the_entity_page_tells_the_whole_story(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    page = as_user("analyst").get(f"/ui/entities/{seeded.main_entity}")
    assert page.status_code == 200
    text = page.text
    for channel in ("purchase", "partner_report", "patrol_note", "sns_post"):
        assert f'data-channel="{channel}"' in text
    assert '<mark title="threat.bomb" data-rule="threat.bomb">爆破してやる</mark>' in text
    assert 'data-kind="purchase_rule"' in text and "precursor-pair:KNO3+S" in text
    assert "name exact (normalised)" in text  # linkage reasons
    graph = json.loads(re.search(r'id="graph-data">(.*?)</script>', text, re.S).group(1))  # type: ignore[union-attr]
    groups = {n["group"] for n in graph["nodes"]}
    assert {"entity", "person", "phone", "account", "purchase", "report", "neighbour"} <= groups
    assert "vis-network.min.js" in text


def test_a_report_the_user_may_not_read_is_left_out(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    with transaction(engine) as connection:
        label_material(connection, "report", seeded.reports["patrol"], desk="fa-terrorism")
    page = as_user("analyst").get(f"/ui/entities/{seeded.main_entity}")
    assert page.status_code == 200
    assert "職務質問" not in page.text and 'data-channel="patrol_note"' not in page.text
    assert seeded.reports["patrol"] not in page.text


def test_judgements_are_recorded_and_undone_never_deleted(
    as_user,
    seeded: Seeded,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    client = as_user("analyst")
    url = f"/ui/entities/{seeded.main_entity}"
    token = csrf_of(client.get(url).text)
    left, right = seeded.mention_ids["garage:person"], seeded.mention_ids["guarantor"]
    made = client.post(
        f"{url}/judgements",
        data={
            "left": left,
            "right": right,
            "verdict": "same",
            "reason": "同一の保証人契約",
            "csrf": token,
            "back": url,
        },
    )
    assert made.status_code == 200 and "同一の保証人契約" in made.text
    stranger = client.post(
        f"{url}/judgements",
        data={
            "left": left,
            "right": seeded.reports["tip"],
            "verdict": "same",
            "reason": "x",
            "csrf": token,
        },
    )
    assert stranger.status_code == 404
    unexplained = client.post(
        f"{url}/judgements",
        data={"left": left, "right": right, "verdict": "same", "reason": " ", "csrf": token},
    )
    assert unexplained.status_code == 422 and "needs a reason" in unexplained.text
    with engine.connect() as connection:
        judgement = connection.execute(select(link_judgements)).one()
    undone = client.post(f"{url}/judgements/{judgement.id}/undo", data={"csrf": token, "back": url})
    assert undone.status_code == 200 and 'class="undone"' in undone.text
    with engine.connect() as connection:
        row = connection.execute(select(link_judgements)).one()
    assert row.undone_at is not None and row.verdict == "same"
    assert (
        client.post(f"{url}/judgements/{judgement.id}/undo", data={"csrf": token}).status_code
        == 404
    )


def test_an_unknown_entity_is_not_found(as_user) -> None:  # type: ignore[no-untyped-def]
    assert as_user("analyst").get("/ui/entities/nope").status_code == 404
