"""Need-to-know across desks: every GET route of the API and the pages, walked by officers of
other desks, a partner, oversight and an admin, with the ids of the lone-offender desk's
material (山田 太郎's alert, entity and report).

The walk reads the app's routes, so a route added later is walked too; a route with a path
parameter this module does not know fails the test until it is classified below. Each
answer must carry nothing of the material, the page and the API must agree on it, and every
request naming the material leaves an audit entry (a refusal is audited as refused).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select
from starlette.routing import Route

from kizashi.guard.identity import create_user, issue_token
from kizashi.guard.identity.passwords import HashParameters
from kizashi.ids import new_id
from kizashi.store.tables import audit_entries, users
from kizashi.store.tables_guard import insider_alerts
from kizashi.store.tables_outreach import approachers
from tests.conftest import frozen_now
from tests.depth import backend_grid
from tests.web.conftest import csrf_of, sign_in
from tests.web.seeding import PASSWORD, Seeded

MISSING = "01a2059a-0000-7000-8000-000000000000"
# What only the material of the lone-offender desk says (tests/web/seeding.py, main_story).
SECRETS = ("山田", "ヤマダ", "硝酸カリウム", "ガレージ", "090-1234-5678")
# Routes that never name stored material and are walked without ids: the sign-in form, the
# static assets, the live streams (they do not end; their filtering is tested in test_live),
# the documents of the API itself, and the probes of operations.
UNWALKED = (
    "/ui/login",
    "/ui/assets/",
    "/ui/alerts/stream",
    "/api/v1/alerts/stream",
    "/docs",
    "/redoc",
    "/openapi.json",
)
# Each path parameter of a GET route: which of the seeded material it names ("alert",
# "entity", "report"), or None when the walk gives it an id nothing holds. A new parameter
# fails test_every_path_parameter_is_classified until it is added here.
PARAMETERS: dict[str, str | None] = {
    "alert_id": "alert",
    "entity_id": "entity",
    "report_id": "report",
    "case_ref": None,
    "attachment_id": None,
    "product_id": None,
    "delivery_id": None,
    "request_id": None,
    "company_id": None,
    "copy_id": None,
    "collection_id": None,
    "channel": None,
    "desk_id": None,
    "seq": None,
    "name": None,
}
# Pages and API routes that read the same material: they must agree on every id.
ONE_READ_MODEL = (
    ("/ui/alerts/{alert_id}", "/api/v1/alerts/{alert_id}"),
    ("/ui/entities/{entity_id}", "/api/v1/entities/{entity_id}"),
    ("/ui/reports/{report_id}", "/api/v1/reports/{report_id:uuid}"),
)
PERSONAS = ("analyst-b", "economic", "partner-sakura", "overseer", "administrator")


def get_routes(routes: Any, prefix: str = "") -> Iterator[str]:
    """Every GET path of the app, through included routers (read, not hard-coded)."""
    for route in routes:
        methods = getattr(route, "methods", None)
        if isinstance(route, APIRoute | Route) and methods is not None:
            if "GET" in methods:
                yield prefix + route.path
        elif hasattr(route, "original_router"):  # FastAPI's included router
            included = route.include_context.prefix or ""
            yield from get_routes(route.original_router.routes, prefix + included)
        elif hasattr(route, "routes"):  # a mount
            yield from get_routes(route.routes, prefix + getattr(route, "path", ""))


def _parameters(path: str) -> list[str]:
    names = []
    for part in path.split("{")[1:]:
        names.append(part.split("}")[0].split(":")[0])
    return names


def _filled(path: str, seeded: Seeded) -> tuple[str, bool]:
    """The path with the seeded material's ids, and whether it names that material."""
    ids = {
        "alert": seeded.main_alert,
        "entity": seeded.main_entity,
        "report": seeded.reports["garage"],
    }
    names_material = False
    for raw in path.split("{")[1:]:
        placeholder = raw.split("}")[0]
        kind = PARAMETERS[placeholder.split(":")[0]]
        names_material = names_material or kind is not None
        path = path.replace("{" + placeholder + "}", ids[kind] if kind else MISSING)
    return path, names_material


def _audit_count(engine: Engine) -> int:
    with engine.connect() as connection:
        count: int = connection.execute(
            select(func.count()).select_from(audit_entries)
        ).scalar_one()
        return count


@pytest.fixture
def walkers(engine: Engine, seeded: Seeded) -> dict[str, str]:
    """The personas besides the seeded ones, and an API token for each."""
    fast = HashParameters(time_cost=1, memory_cost_kib=1024, parallelism=1)
    with engine.begin() as connection:
        for name, role, desk in (
            ("economic", "analyst", "economic-security"),
            ("overseer", "oversight_officer", None),
            ("administrator", "admin", None),
        ):
            create_user(connection, name, role=role, desk=desk, password=PASSWORD, parameters=fast)
        return {name: issue_token(connection, name, now=frozen_now()) for name in PERSONAS}


def test_every_path_parameter_is_classified(app_client: TestClient) -> None:
    unknown = {
        (path, name)
        for path in get_routes(app_client.app.routes)  # type: ignore[attr-defined]
        for name in _parameters(path)
        if name not in PARAMETERS
    }
    assert not unknown, f"classify these path parameters in PARAMETERS: {sorted(unknown)}"


def test_no_persona_of_another_desk_reads_the_material(
    app_client: TestClient, seeded: Seeded, engine: Engine, walkers: dict[str, str]
) -> None:
    paths = sorted(
        p
        for p in set(get_routes(app_client.app.routes))  # type: ignore[attr-defined]
        if not p.startswith(UNWALKED)
    )
    leaks: list[str] = []
    silent: list[str] = []
    answers: dict[tuple[str, str], int] = {}
    purpose = {"X-Kizashi-Purpose": "threat assessment of an early warning"}
    for persona in PERSONAS:
        app_client.cookies.clear()
        sign_in(app_client, persona)
        bearer = {"Authorization": f"Bearer {walkers[persona]}", **purpose}
        for path in paths:
            url, names_material = _filled(path, seeded)
            before = _audit_count(engine)
            if path.startswith("/ui"):
                response = app_client.get(url, follow_redirects=False)
            else:
                cookies = dict(app_client.cookies)
                app_client.cookies.clear()
                response = app_client.get(url, headers=bearer, follow_redirects=False)
                app_client.cookies.update(cookies)
            answers[(persona, path)] = response.status_code
            shown = [s for s in SECRETS if s in response.text]
            if shown:
                leaks.append(f"{persona} GET {url} -> {response.status_code} shows {shown}")
            if names_material and _audit_count(engine) == before:
                silent.append(f"{persona} GET {url} -> {response.status_code}, not audited")
    assert not leaks, "\n".join(leaks)
    assert not silent, "\n".join(silent)
    disagree = [
        f"{persona}: {page} {answers[(persona, page)]} but {api} {answers[(persona, api)]}"
        for persona in PERSONAS
        for page, api in ONE_READ_MODEL
        if (answers[(persona, page)] == 200) != (answers[(persona, api)] == 200)
    ]
    assert not disagree, "\n".join(disagree)


def test_the_walks_ids_name_real_material(
    app_client: TestClient, seeded: Seeded, walkers: dict[str, str]
) -> None:
    """The control: the owning desk's analyst reads what the walk's ids name, on both doors
    (else every refusal above would prove nothing)."""
    sign_in(app_client, "analyst")
    for page, _api in ONE_READ_MODEL:
        response = app_client.get(_filled(page, seeded)[0])
        assert response.status_code == 200 and "山田" in response.text, page


# Pages whose path names stored material by an id typed in the address bar.
NAMING_PAGES = (
    "/ui/alerts/{}",
    "/ui/entities/{}",
    "/ui/reports/{}",
    "/ui/inspection/insider/{}",
    "/ui/outreach/approachers/{}",
    "/ui/partner/submissions/{}",
)


@pytest.mark.parametrize("persona", ["partner-sakura", "analyst-b", "analyst"])
def test_an_id_that_names_nothing_storable_is_a_plain_404(
    app_client: TestClient, engine: Engine, walkers: dict[str, str], persona: str
) -> None:
    """A NUL (PostgreSQL refuses it in text: was a 500) or an id longer than any stored one
    (the audit log's resource_id could not hold it: was a 503) answers as a missing id does,
    loaded by nobody and not audited (docs/web.md)."""
    sign_in(app_client, persona)
    for page in NAMING_PAGES:
        for bad in ("%00", "a%01b", "x" * 301):
            before = _audit_count(engine)
            response = app_client.get(page.format(bad), follow_redirects=False)
            assert response.status_code == 404, (persona, page, bad[:8], response.status_code)
            assert _audit_count(engine) == before, (persona, page, bad[:8])


def _last_entry(engine: Engine) -> tuple[str, str, str]:
    with engine.connect() as connection:
        row = connection.execute(
            select(
                audit_entries.c.resource_type,
                audit_entries.c.resource_id,
                audit_entries.c.effect,
            ).order_by(audit_entries.c.seq.desc())
        ).first()
    assert row is not None
    return (row.resource_type, row.resource_id, row.effect)


def test_a_partners_refused_entity_page_is_logged_as_the_apis_refusal(
    app_client: TestClient, seeded: Seeded, engine: Engine, walkers: dict[str, str]
) -> None:
    """The entity is decided as a subject (entity:<id>) on both doors, so oversight and
    insider analytics see one kind of entry for one look, whichever door was used."""
    for entity in (seeded.main_entity, MISSING):
        app_client.cookies.clear()
        bearer = {
            "Authorization": f"Bearer {walkers['partner-sakura']}",
            "X-Kizashi-Purpose": "threat assessment of an early warning",
        }
        assert app_client.get(f"/api/v1/entities/{entity}", headers=bearer).status_code == 404
        by_api = _last_entry(engine)
        sign_in(app_client, "partner-sakura")
        assert app_client.get(f"/ui/entities/{entity}").status_code == 404
        by_page = _last_entry(engine)
        assert by_page == by_api and by_page[0] == "subject" and by_page[2] == "deny"


def _entries_since(engine: Engine, seq: int) -> list[tuple[str, str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                audit_entries.c.action,
                audit_entries.c.resource_type,
                audit_entries.c.resource_id,
                audit_entries.c.effect,
            )
            .where(audit_entries.c.seq > seq)
            .order_by(audit_entries.c.seq)
        ).all()
    return [tuple(r) for r in rows]


def _last_seq(engine: Engine) -> int:
    with engine.connect() as connection:
        found: int = connection.execute(
            select(func.coalesce(func.max(audit_entries.c.seq), -1))  # seqs are 0-based
        ).scalar_one()
        return found


# Officer pages that list or search (no material id in the path) and the API routes that read
# the same material with the same query. The material is seeded below (the seeded store holds
# alerts only), so that every page has items the partner is refused and, at /ui/outreach, a
# company of the partner's own organisation the API allows it (PARTNER-5).
LIST_PAGES = (
    ("/ui/alerts", ("/api/v1/alerts",)),
    ("/ui/alerts?status=open&limit=2", ("/api/v1/alerts?status=open&limit=2",)),
    ("/ui/inspection", ("/api/v1/inspection/insider-alerts",)),
    ("/ui/outreach", ("/api/v1/approachers", "/api/v1/companies")),
    ("/ui/search?q=田中", ("/api/v1/search?q=田中",)),
    ("/ui/outreach/desks/economic-security", ("/api/v1/outreach/desks/economic-security",)),
    ("/ui/oversight?kind=officer&q=analyst", ("/api/v1/oversight/access?officer=analyst",)),
)
Entry = tuple[str, str, str, str, str, str, str]


def _entries(engine: Engine, seq: int) -> list[Entry]:
    """Each entry since ``seq``: action, resource, purpose, effect, reason (with the rule) and
    context (with the terminal)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_entries.c.leaf)
            .where(audit_entries.c.seq > seq)
            .order_by(audit_entries.c.seq)
        ).scalars()
        leaves = [json.loads(leaf) for leaf in rows]
    return [
        (
            leaf["action"],
            leaf["resource"]["type"],
            leaf["resource"]["id"],
            leaf["purpose"],
            leaf["decision"]["effect"],
            leaf["decision"]["reason"],
            # Every key but the request's own id.
            json.dumps(
                {k: v for k, v in leaf["context"].items() if k != "request"},
                sort_keys=True,
                ensure_ascii=False,
            ),
        )
        for leaf in leaves
        if leaf["resource"]["type"] != "session"
    ]


@pytest.fixture
def refusable(engine: Engine, seeded: Seeded) -> dict[str, str]:
    """An insider alert, an approacher, and two companies (one of partner-sakura's own
    organisation): the material of /ui/inspection and /ui/outreach."""
    from kizashi.outreach.registry import CompanyIn, create_company

    now = frozen_now()
    insider_id = new_id()
    with engine.begin() as connection:
        about = connection.execute(select(users.c.id).where(users.c.name == "analyst")).scalar()
        connection.execute(
            insert(insider_alerts).values(
                id=insider_id,
                user_id=about,
                day=now.date().isoformat(),
                raised_at=now,
                score=0.93,
                peer_group="desk:lone-offender",
                rules=[],
                features=[],
                explanation="looked up 40 subjects outside their cases",
                status="new",
                run_id=new_id(),
                created_at=now,
            )
        )
        connection.execute(
            insert(approachers).values(
                entity_id=seeded.main_entity,
                label="接近者",
                entities=[seeded.main_entity],
                links=[],
                names=[],
                identifiers=[],
                organisations=[],
                countries=[],
                companies=[],
                reports=[],
                fired=[],
                known_to=[],
                held_elsewhere=[],
                desk_id="economic-security",
                shared_with=[],
                first_seen=now,
                last_seen=now,
                updated_at=now,
            )
        )
        own = create_company(
            connection,
            CompanyIn(
                name="さくら不動産", sector="semiconductor", organisation="partner:sakura-realty"
            ),
            now=now,
        )
        other = create_company(
            connection,
            CompanyIn(name="東京精密化学", sector="semiconductor", organisation="company:tsc"),
            now=now,
        )
    return {"insider": insider_id, "own_company": own["id"], "other_company": other["id"]}


@pytest.mark.parametrize(("page", "apis"), LIST_PAGES)
def test_a_partners_refused_list_page_is_logged_as_the_apis_denials(
    app_client: TestClient,
    engine: Engine,
    walkers: dict[str, str],
    refusable: dict[str, str],
    page: str,
    apis: tuple[str],
) -> None:
    """Before: a partner's refused list or search page (no id in its path) left no audit
    entry, while the API's answer left one denial per item the partner may not list, or the
    search's denial (docs/web.md). The page's entries are the API's denials, field for field
    (purpose, rule, terminal, the query's page of items), given before and after it (the live
    pipeline may add an alert meanwhile); an item the API allows is not logged, for the page
    serves nothing."""
    purpose = "threat assessment of an early warning"
    bearer = {"Authorization": f"Bearer {walkers['partner-sakura']}", "X-Kizashi-Purpose": purpose}

    def by_api() -> tuple[set[Entry], set[Entry]]:
        app_client.cookies.clear()
        start = _last_seq(engine)
        for api in apis:
            assert app_client.get(api, headers=bearer).status_code in (200, 403, 404)
        entries = set(_entries(engine, start))
        return {e for e in entries if e[4] == "deny"}, {e for e in entries if e[4] == "allow"}

    before, allowed = by_api()
    sign_in(app_client, "partner-sakura")
    portal = app_client.get("/ui/", follow_redirects=True)
    stated = app_client.post(
        "/ui/purpose",
        data={"purpose": purpose, "csrf": csrf_of(portal.text)},
        follow_redirects=False,
    )
    assert stated.status_code == 303
    start = _last_seq(engine)
    assert app_client.get(page, follow_redirects=False).status_code == 404
    by_page = _entries(engine, start)
    after, _ = by_api()
    assert before and before <= set(by_page) <= after
    assert len(by_page) == len(set(by_page))
    assert all(e[4] == "deny" for e in by_page)
    if page == "/ui/outreach":
        # The API lists the partner's own company; the refused page logs no such allow.
        assert {e[2] for e in allowed} == {refusable["own_company"]}
        assert refusable["other_company"] in {e[2] for e in by_page}
        assert refusable["own_company"] not in {e[2] for e in by_page}
    if page == "/ui/inspection":
        assert {e[2] for e in by_page} == {refusable["insider"]}
    if "limit=2" in page:
        assert len(by_page) == 2


_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Every role: the owning desk's analyst, a lead and an officer of other desks, a partner,
# oversight, the inspection desk and an admin.
LIST_PERSONAS = (*PERSONAS, "analyst", "lead-a", "inspector")


def _api_alert_ids(client: TestClient, bearer: dict[str, str]) -> set[str]:
    """Every alert the API lists to the caller, desk by desk (its default is one desk)."""
    from kizashi.guard.identity import load_desks

    ids: set[str] = set()
    desks = [None, *(d.id for d in load_desks())]
    for desk in desks:
        params: dict[str, str | int] = {"limit": 500, "status": "open"}
        if desk is not None:
            params["desk"] = desk
        response = client.get("/api/v1/alerts", params=params, headers=bearer)
        if response.status_code == 200:
            ids |= {item["id"] for item in response.json()["items"]}
    return ids


def test_each_roles_alert_list_page_shows_what_the_api_lists(
    app_client: TestClient, seeded: Seeded, walkers: dict[str, str], engine: Engine
) -> None:
    """One read model: the queue page (every desk's pages walked) lists the alerts the API
    lists to the same user, for every role; a page that showed an alert the API omits (or
    the reverse) is a disagreement on who may see what."""
    with engine.begin() as connection:
        tokens = {
            **walkers,
            **{n: issue_token(connection, n, now=frozen_now()) for n in LIST_PERSONAS[5:]},
        }
    disagree = []
    for persona in LIST_PERSONAS:
        app_client.cookies.clear()
        api = _api_alert_ids(app_client, {"Authorization": f"Bearer {tokens[persona]}"})
        sign_in(app_client, persona)
        response = app_client.get("/ui/alerts?limit=200", follow_redirects=False)
        shown = set(re.findall(rf"/ui/alerts/({_ID})", response.text))
        if response.status_code != 200:
            shown = set()
        if shown != api:
            disagree.append(f"{persona}: page only {shown - api}, API only {api - shown}")
        if persona == "analyst":  # the control: the owning desk lists its own alert
            assert seeded.main_alert in shown
    assert not disagree, "\n".join(disagree)


# The alert list's queries in the queue page's words, the same query in the API's (the page's
# status=all is the API's no status, its sort words the API's keys, its cursor
# "<sort key>~<alert id>" the API's alert id; None: no API query says it), and the fields both
# refuse (422) or None when both accept the query.
_CURSOR = "0.5~00000000-0000-4000-8000-000000000000"
ALERT_QUERIES: tuple[tuple[str, str | None, frozenset[str] | None], ...] = (
    ("", "status=open", None),
    ("limit=2", "status=open&limit=2", None),
    ("limit=300", "status=open&limit=300", None),
    ("limit=500&status=open", "limit=500&status=open", None),
    ("status=all&sort=newest", "sort=-opened_at", None),
    ("sort=oldest&status=open&min_score=0.5", "sort=opened_at&status=open&min_score=0.5", None),
    ("desk=lone-offender&status=all&limit=200", "desk=lone-offender&limit=200", None),
    ("status=all&assignee=me", "", None),  # the page's own filter: the API has none
    ("status=all&category=&desk=&assignee=", "", None),  # the page's forms send every field
    (f"after={_CURSOR}", "status=open&after=" + _CURSOR.split("~")[1], None),
    ("sort=bogus", "sort=bogus", frozenset({"sort"})),
    ("sort=-updated_at", None, frozenset({"sort"})),  # the API's word, not the page's
    ("limit=0", "limit=0", frozenset({"limit"})),
    ("limit=501", "limit=501", frozenset({"limit"})),
    ("status=unknown", "status=unknown", frozenset({"status"})),
    ("status=bogus&limit=0", "status=bogus&limit=0", frozenset({"status", "limit"})),
    ("min_score=-1", "min_score=-1", frozenset({"min_score"})),
    ("entity_id=not-an-id", "entity_id=not-an-id", frozenset({"entity_id"})),
    ("after=0.5~x", "after=0.5~x", frozenset({"after"})),
    ("after=zzz", "after=zzz", frozenset({"after"})),
    ("sort=newest&after=" + _CURSOR, None, frozenset({"after"})),  # a score for a date
    ("desk=" + "x" * 51, "desk=" + "x" * 51, frozenset({"desk"})),
    ("category=" + "c" * 31, "category=" + "c" * 31, frozenset({"category"})),
    ("assignee=bogus", None, frozenset({"assignee"})),
    ("limit=2&limit=3", "limit=2&limit=3", frozenset({"limit"})),
)


# Which of them run in the default run (all in the deep run: tests/depth.py): every query on
# SQLite, and on PostgreSQL every query both doors take (each reads the store and logs the
# API's denials, where the backends differ) and two they refuse (one field, two fields). A
# refused query is refused before the store is asked, by the same code on either backend.
REFUSED_ON_POSTGRES = ("sort=bogus", "status=bogus&limit=0")
DEFAULT_QUERIES = {("sqlite", *case) for case in ALERT_QUERIES} | {
    ("postgres", *case)
    for case in ALERT_QUERIES
    if case[2] is None or case[0] in REFUSED_ON_POSTGRES
}


def _refused_fields(page: Any) -> set[str]:
    named = re.search(r'role="alert">([^<]*)<', page.text)
    assert named is not None
    return {f for f in ALERT_FIELDS if re.search(rf"\b{f}\b", named.group(1))}


@pytest.mark.deep
@pytest.mark.parametrize(
    ("settings", "query", "in_api", "refused"),
    backend_grid(ALERT_QUERIES, DEFAULT_QUERIES),
    indirect=["settings"],
)
def test_the_alert_page_and_the_api_accept_and_refuse_the_same_queries(
    app_client: TestClient,
    engine: Engine,
    walkers: dict[str, str],
    query: str,
    in_api: str | None,
    refused: frozenset[str] | None,
) -> None:
    """The queue page's words mapped to the API's in one place (web.alerts): a query the
    page refuses is refused with 422 naming the same fields the API names for the same query
    in its words, nothing decided, for a partner as for an officer; one it takes is, for a
    partner, decided at the refused page as the API decides it (404, the API's denial
    logged). Before, the officer's page took sort=bogus, status=bogus, assignee=none's
    siblings and a bad cursor (200 or 404) where the API said 422, and the partner's page
    read status=all under the API's words (422, where it was refused)."""
    purpose = "threat assessment of an early warning"
    bearer = {"Authorization": f"Bearer {walkers['partner-sakura']}", "X-Kizashi-Purpose": purpose}
    start = _last_seq(engine)
    api = app_client.get(f"/api/v1/alerts?{query if in_api is None else in_api}", headers=bearer)
    by_api = {e for e in _entries(engine, start) if e[4] == "deny"}
    sign_in(app_client, "partner-sakura")
    portal = app_client.get("/ui/", follow_redirects=True)
    stated = app_client.post(
        "/ui/purpose",
        data={"purpose": purpose, "csrf": csrf_of(portal.text)},
        follow_redirects=False,
    )
    assert stated.status_code == 303
    start = _last_seq(engine)
    page = app_client.get(f"/ui/alerts?{query}", follow_redirects=False)
    by_page = _entries(engine, start)
    # The officer's page, and the API in its words for the same officer.
    app_client.cookies.clear()
    officer = {"Authorization": f"Bearer {walkers['analyst-b']}", "X-Kizashi-Purpose": purpose}
    officer_api = app_client.get(
        f"/api/v1/alerts?{query if in_api is None else in_api}", headers=officer
    )
    sign_in(app_client, "analyst-b")
    officer_page = app_client.get(f"/ui/alerts?{query}", follow_redirects=False)
    if refused is None:
        assert officer_page.status_code == 200, officer_page.text
        assert officer_api.status_code == 200, officer_api.text
        app_client.cookies.clear()
        start = _last_seq(engine)
        again = app_client.get(f"/api/v1/alerts?{in_api}", headers=bearer)
        assert again.status_code == 200, again.text
        after = {e for e in _entries(engine, start) if e[4] == "deny"}
        assert api.status_code == 200
        assert page.status_code == 404
        # (a cursor past every alert lists nothing, so nothing is refused there or here)
        assert by_api or "after=" in query
        assert by_api <= set(by_page) <= after  # the live pipeline may add one
        return
    if in_api is not None:
        assert api.status_code == 422
        assert {p["field"] for p in api.json()["problems"]} == refused
        assert officer_api.status_code == 422
        assert {p["field"] for p in officer_api.json()["problems"]} == refused
        assert by_api == set()
    assert page.status_code == 422
    assert _refused_fields(page) == refused
    assert by_page == []
    assert officer_page.status_code == 422
    assert _refused_fields(officer_page) == refused


ALERT_FIELDS = (
    "status",
    "desk",
    "category",
    "entity_id",
    "min_score",
    "sort",
    "after",
    "limit",
    "assignee",
)


# Every officer page without a path parameter, as a partner asks for it, and the API routes
# that read the same material for the same query (none: the page has no API counterpart, or
# asks nothing of the store for this query). A new page fails the walk until it is added.
PARTNER_WALK: dict[str, tuple[str, ...]] = {
    "/ui/alerts": ("/api/v1/alerts",),
    "/ui/inspection": ("/api/v1/inspection/insider-alerts",),
    "/ui/outreach": ("/api/v1/approachers", "/api/v1/companies"),
    "/ui/search?q=田中": ("/api/v1/search?q=田中",),
    "/ui/search": (),  # nothing searched; the API refuses a missing q with 422
    "/ui/oversight": (),  # no access report asked for; the API refuses it without a subject
    "/ui/oversight?kind=officer&q=analyst": ("/api/v1/oversight/access?officer=analyst",),
    "/ui/oversight/export?kind=officer&q=analyst": ("/api/v1/oversight/access?officer=analyst",),
    "/ui/oversight/export": (),
    "/ui/oversight/transparency": ("/api/v1/oversight/transparency",),
    "/ui/notices": ("/api/v1/search/notices",),
    "/ui/share": ("/api/v1/share/products",),
    "/ui/share/new": (),  # a blank form: no API reads anything for it
    "/ui/share/requests": ("/api/v1/share/requests",),
    "/ui/pipeline": (),  # no API (the command line's `kizashi pipeline`)
    "/ui/inspection/audit": ("/api/v1/audit",),
}
# Pages a partner is not refused (theirs) or that are not pages of material.
NOT_REFUSED = ("/ui/", "/ui/partner", "/ui/login", "/ui/logout", "/ui/alerts/stream")


@pytest.mark.parametrize("page", sorted(PARTNER_WALK))
def test_a_partner_refused_at_any_officer_page_leaves_the_apis_entries(
    app_client: TestClient, engine: Engine, walkers: dict[str, str], page: str
) -> None:
    """Every officer page without a path parameter, walked as a partner: refused (404), and
    its audit entries are the denials the API logs for the same material and query (none
    where the API asks nothing)."""
    purpose = "threat assessment of an early warning"
    bearer = {"Authorization": f"Bearer {walkers['partner-sakura']}", "X-Kizashi-Purpose": purpose}
    app_client.cookies.clear()
    start = _last_seq(engine)
    for api in PARTNER_WALK[page]:
        assert app_client.get(api, headers=bearer).status_code in (200, 403, 404)
    by_api = {e for e in _entries(engine, start) if e[4] == "deny"}
    sign_in(app_client, "partner-sakura")
    portal = app_client.get("/ui/", follow_redirects=True)
    stated = app_client.post(
        "/ui/purpose",
        data={"purpose": purpose, "csrf": csrf_of(portal.text)},
        follow_redirects=False,
    )
    assert stated.status_code == 303
    start = _last_seq(engine)
    assert app_client.get(page, follow_redirects=False).status_code == 404
    by_page = _entries(engine, start)
    assert set(by_page) == by_api, f"page {len(by_page)} entries, API {len(by_api)} denials"
    assert all(e[4] == "deny" for e in by_page)


def test_the_partner_walk_covers_every_officer_page(app_client: TestClient) -> None:
    walked = {p.split("?")[0] for p in PARTNER_WALK} | set(NOT_REFUSED)
    pages = {
        path
        for path in get_routes(app_client.app.routes)  # type: ignore[attr-defined]
        if path.startswith("/ui") and "{" not in path and not path.startswith("/ui/assets")
    }
    assert pages - walked == set()
