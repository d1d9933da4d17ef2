"""Review flags on the entity page and in the API after revflags' review (flagsfix): the same
flags on every page of a person's reports, no expired candidate told of, the conflict in the
page's words, a record in no entity, a judged flag's state, and no sealed entity named."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import issue_token
from kizashi.guard.identity.cases import add_item, add_member, create_compartment, label_material
from kizashi.intake import RecordSource, ingest_rows
from kizashi.resolve import resolve_store
from kizashi.store.tables import audit_entries, mentions, reports
from kizashi.store.tables_resolve import resolve_flags, resolve_mentions, resolve_records
from tests.web.conftest import csrf_of, sign_in
from tests.web.seeding import _alert, users

LINE = "03-3960-4411"
# A father and his son of one name and one landline, an undated record that could be either,
# and a namesake across the country (revflags' household).
PEOPLE = [
    ("R-0", "高橋健一", "1957-06-21", "090-4100-7001"),  # father
    ("R-1", "タカハシ ケンイチ", "1957-06-21", LINE),  # father again
    ("R-2", "高橋 健一", "1987-02-11", "080-4200-7002"),  # son
    ("R-3", "Kenichi Takahashi", "1987-02-11", LINE),  # son again
    ("R-4", "高橋健一", None, LINE),  # undated: either man
    ("R-7", "高橋健一", "1970-01-05", "090-9900-1111"),  # namesake
]
FLAG = re.compile(r'<li data-testid="review-flag" data-kind="(\w+)".*?</li>', re.S)


def _note(ref: str, name: str, birth: str | None, phone: str) -> str:
    person: dict[str, Any] = {"name": name, "phone": phone}
    if birth:
        person["birth_date"] = birth
    note = {
        "source": "police:flags",
        "external_id": ref,
        "note_ref": ref,
        "officer_id": "officer-9",
        "note_type": "patrol",
        "text": "職務質問",
        "observed_at": "2026-10-04T21:00:00+09:00",
        "location": "東京都板橋区常盤台2-14-7",
        "persons": [person],
    }
    return json.dumps(note, ensure_ascii=False) + "\n"


class Household:
    def __init__(self, engine: Engine, settings: Settings, tmp_path: Path, now: datetime) -> None:
        notes = tmp_path / "notes.jsonl"
        notes.write_text("".join(_note(*p) for p in PEOPLE), encoding="utf-8")
        with RecordSource(notes) as source:
            ingest_rows(engine, settings, "patrol_note", source, notes.name)
        resolve_store(engine)
        with engine.begin() as connection:
            users(connection)
            self.report = {
                str(k): str(v)
                for k, v in connection.execute(select(reports.c.external_id, reports.c.id))
            }
            for report_id in self.report.values():
                label_material(connection, "report", report_id, desk="lone-offender")
            self.token = issue_token(connection, "analyst", now=now)
        self.engine = engine
        self.record = {ref: self._record_of(ref) for ref, *_ in PEOPLE}
        self.app = create_app(settings, engine=engine, clock=FixedClock(now))
        self.now = now

    def _record_of(self, ref: str) -> str:
        with self.engine.connect() as connection:
            return str(
                connection.execute(
                    select(resolve_mentions.c.record_id)
                    .join(mentions, mentions.c.id == resolve_mentions.c.mention_id)
                    .where(mentions.c.report_id == self.report[ref], mentions.c.kind == "person")
                ).scalar_one()
            )

    def entity(self, ref: str) -> str:
        with self.engine.connect() as connection:
            return str(
                connection.execute(
                    select(resolve_records.c.entity_id).where(
                        resolve_records.c.id == self.record[ref]
                    )
                ).scalar_one()
            )

    def plant(self) -> None:
        """The flags the linker stores for such a household (as tests/resolve/test_api.py
        plants them: batch resolve leaves this undated record apart unflagged, see
        docs/linkage.md): the undated record against each man, and a veto father/namesake."""
        father, son, torn = (self.record[r] for r in ("R-0", "R-2", "R-4"))
        conflict = {
            "field": "birth_date",
            "conflict": "birth dates 1957-06-21 / 1987-02-11",
            "candidates": [father, son],
        }
        rows = [(torn, side, "ambiguous", [conflict]) for side in (father, son)]
        veto = [{"field": "birth_date", "conflict": "birth dates 1957-06-21 / 1970-01-05"}]
        rows.append((father, self.record["R-7"], "veto", veto))
        with self.engine.begin() as connection:
            for a, b, kind, conflicts in rows:
                left, right = sorted((a, b))
                connection.execute(
                    resolve_flags.insert().values(
                        left_id=left, right_id=right, kind=kind, conflicts=conflicts
                    )
                )

    def api(self, client: TestClient, entity: str) -> list[dict[str, Any]]:
        response = client.get(
            f"/api/v1/entities/{entity}/links", headers={"Authorization": f"Bearer {self.token}"}
        )
        assert response.status_code == 200
        flags: list[dict[str, Any]] = response.json()["review_flags"]
        return flags


@pytest.fixture
def household(engine: Engine, settings: Settings, tmp_path: Path, now: datetime) -> Household:
    made = Household(engine, settings, tmp_path, now)
    made.plant()
    return made


def test_a_flag_outside_the_page_s_reports_is_on_every_page_as_in_the_api(
    household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    """revflags: a person with more than a page of reports lost his flags on the page (they
    were decided from the page's members); the API showed them. One report a page here: the
    veto is on the father's older record, the first page shows only the newer one."""
    import kizashi.web.routes_entity as routes

    monkeypatch.setattr(routes, "REPORTS_PER_PAGE", 1)
    father = household.entity("R-0")
    with household.engine.begin() as connection:
        alert = _alert(connection, father, "lone-offender", 0.9, "threat", "x", household.now)
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        api = sorted(f["kind"] for f in household.api(client, father))
        sign_in(client, "analyst")
        first = client.get(f"/ui/entities/{father}").text
        assert "?older=1" in first  # one report a page: the father's older one is next
        pages = [
            first,
            client.get(f"/ui/entities/{father}?older=1").text,
            client.get(f"/ui/alerts/{alert}").text,
        ]
    assert api == ["ambiguous", "veto"]
    for text in pages:
        assert sorted(FLAG.findall(text)) == api


def test_an_ambiguous_flag_fails_closed_once_a_candidate_s_record_is_gone(
    household: Household,
) -> None:
    """revflags: with the son's record gone, the flag still named his birth date while no
    candidate was left to check. Fewer candidates than its conflict names: not shown."""
    father = household.entity("R-0")
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        assert "ambiguous" in {f["kind"] for f in household.api(client, father)}
        with household.engine.begin() as connection:
            connection.execute(
                resolve_records.delete().where(resolve_records.c.id == household.record["R-2"])
            )
        assert [f["kind"] for f in household.api(client, father)] == ["veto"]
        sign_in(client, "analyst")
        text = client.get(f"/ui/entities/{father}").text
    assert FLAG.findall(text) == ["veto"] and "1987-02-11" not in text


def test_expiry_forgets_the_flags_that_name_an_expired_candidate(household: Household) -> None:
    from kizashi.resolve.expiry import forget_reports

    son, torn = household.record["R-2"], household.record["R-4"]
    with household.engine.begin() as connection:
        expired = select(reports.c.id).where(reports.c.id == household.report["R-2"])
        forgotten = forget_reports(connection, expired, household.now)
    with household.engine.connect() as connection:
        left = [dict(r) for r in connection.execute(select(resolve_flags)).mappings()]
    # both of the undated record's flags: the one against the son, and the one against the
    # father that names the son as a candidate (his birth date in its conflict)
    assert forgotten["flags"] == 2
    assert [f["kind"] for f in left] == ["veto"]
    assert all(torn not in (f["left_id"], f["right_id"]) for f in left)
    assert son not in json.dumps([f["conflicts"] for f in left])


def test_the_conflict_and_a_refused_judgement_are_told_in_the_page_s_language(
    household: Household,
) -> None:
    father = household.entity("R-0")
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        api = {f["kind"]: f for f in household.api(client, father)}
        sign_in(client, "analyst")
        url = f"/ui/entities/{father}"
        text = client.get(url).text
        blank = client.post(
            f"{url}/judgements",
            data={
                "left": household.record["R-0"],
                "right": household.record["R-7"],
                "verdict": "not_same",
                "reason": "  ",
                "csrf": csrf_of(text),
            },
        )
        client.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(text), "back": "/ui/"})
        english = client.get(url).text
        blank_en = client.post(
            f"{url}/judgements",
            data={
                "left": household.record["R-0"],
                "right": household.record["R-7"],
                "verdict": "not_same",
                "reason": "",
                "csrf": csrf_of(english),
            },
        )
    # the API keeps the linker's wording and adds the values (additive)
    assert api["veto"]["conflicts"] == [
        {
            "field": "birth_date",
            "conflict": "birth dates 1957-06-21 / 1970-01-05",
            "values": ["1957-06-21", "1970-01-05"],
        }
    ]
    assert "生年月日が異なります（1957-06-21 / 1970-01-05）" in text
    assert "生年月日が異なります（1957-06-21 / 1987-02-11）" in text
    assert "birth dates" not in text
    assert "Different dates of birth (1957-06-21 / 1970-01-05)" in english
    assert "生年月日" not in english and "birth dates" not in english
    assert blank.status_code == 422 and "判断には理由が必要です。" in blank.text
    assert "needs a reason" not in blank.text
    assert blank_en.status_code == 422 and "A judgement needs a reason." in blank_en.text


def test_a_record_in_no_entity_is_null_in_the_api_and_no_link_on_the_page(
    household: Household,
) -> None:
    """revflags: entity_flags turned a NULL entity id into the string "None"."""
    father = household.entity("R-0")
    with household.engine.begin() as connection:
        connection.execute(
            update(resolve_records)
            .where(resolve_records.c.id == household.record["R-7"])
            .values(entity_id=None)
        )
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        veto = next(f for f in household.api(client, father) if f["kind"] == "veto")
        sign_in(client, "analyst")
        text = client.get(f"/ui/entities/{father}").text
    assert veto["other_entity_id"] is None
    assert "/ui/entities/None" not in text and "どの対象にも属さない記録" in text


def test_a_flag_judged_not_the_same_says_so(household: Household) -> None:
    father = household.entity("R-0")
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        sign_in(client, "analyst")
        url = f"/ui/entities/{father}"
        text = client.get(url).text
        assert 'data-testid="flag-judgement"' not in text
        assert all(f["judgement"] is None for f in household.api(client, father))
        judged = client.post(
            f"{url}/judgements",
            data={
                "left": household.record["R-0"],
                "right": household.record["R-7"],
                "verdict": "not_same",
                "reason": "another man: born 1970, lives in Osaka",
                "csrf": csrf_of(text),
            },
            follow_redirects=False,
        )
        assert judged.status_code == 303
        after = client.get(url).text
        api = {f["kind"]: f for f in household.api(client, father)}
        client.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(after), "back": "/ui/"})
        english = client.get(url).text
    veto = next(m.group(0) for m in FLAG.finditer(after) if m.group(1) == "veto")
    assert 'data-verdict="not_same"' in veto and "分析官が「別人」と判断済み" in veto
    assert "Judged not the same by an analyst" in english
    assert api["veto"]["judgement"] == "not_same"


def test_a_flag_naming_a_sealed_entity_is_not_shown(household: Household) -> None:
    """revflags: a veto named and linked the namesake's entity though a compartment of
    another desk holds it. As search does: the entity is decided as a subject (the outsider's
    lookup deconflicted and logged), and a refused one is neither named nor linked."""
    father, namesake = household.entity("R-0"), household.entity("R-7")
    now = household.now
    with household.engine.begin() as connection:
        create_compartment(
            connection,
            "op-flags",
            desk="fa-terrorism",
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=30),
            description="x",
        )
        add_member(connection, "op-flags", "lead-a")
        add_item(connection, "op-flags", "subject", f"entity:{namesake}")
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        api = household.api(client, father)
        sign_in(client, "analyst")
        text = client.get(f"/ui/entities/{father}").text
    assert [f["kind"] for f in api] == ["ambiguous"]
    assert namesake not in json.dumps(api)
    assert FLAG.findall(text) == ["ambiguous"] and namesake not in text
    with household.engine.connect() as connection:
        denied = connection.execute(
            select(audit_entries.c.action, audit_entries.c.resource_type).where(
                audit_entries.c.effect == "deny"
            )
        ).all()
    # the sealed subject decided (its key in the entry's personal part), once per surface
    assert [tuple(d) for d in denied] == [("read", "subject")] * 2


def test_an_entity_that_may_be_two_people_is_flagged_on_its_page(household: Household) -> None:
    """A ``mobiles`` flag (kizashi.resolve.doubts: an entity kept whole whose records carry
    two mobiles tied only by the home, not both dated) is told on the page in its words and
    in the API with its two mobiles, the other side being this entity."""
    father = household.entity("R-0")
    left, right = sorted((household.record["R-0"], household.record["R-1"]))
    conflict = {
        "field": "mobiles",
        "conflict": "mobiles 07045295111 / 09041007001, one home, no birth date: may be two people",
        "values": ["07045295111", "09041007001"],
    }
    with household.engine.begin() as connection:
        connection.execute(
            resolve_flags.insert().values(
                left_id=left, right_id=right, kind="mobiles", conflicts=[conflict]
            )
        )
    with TestClient(household.app, base_url="http://127.0.0.1") as client:
        api = household.api(client, father)
        sign_in(client, "analyst")
        text = client.get(f"/ui/entities/{father}").text
        client.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(text), "back": "/ui/"})
        english = client.get(f"/ui/entities/{father}").text
    flagged = [f for f in api if f["kind"] == "mobiles"]
    assert len(flagged) == 1
    assert flagged[0]["other_entity_id"] == father
    assert flagged[0]["conflicts"][0]["values"] == ["07045295111", "09041007001"]
    assert "mobiles" in FLAG.findall(text)
    assert "一人として結合していますが、二人の可能性があります" in text
    assert "携帯電話が二つ（07045295111 / 09041007001）" in text
    assert "Kept as one person, but may be two people" in english
    assert "Two mobiles (07045295111 / 09041007001) at one home" in english
