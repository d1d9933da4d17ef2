"""Issue 15's remaining journeys and axe checks, on the demo served once per session
(`demo_server`): search → entity → case, the inspector closing an insider alert, and axe-core
on the case (within the journey), share, share-requests, one share request, oversight, outreach, country-desk,
insider-alert, partner-inbox, sign-in, pipeline (a dead letter shown) and refusal/error pages
(403, 404, 422, a missing purpose, a forged CSRF token) — each in Japanese at a desk's
width and in English at 390 px."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kizashi.config import load_settings
from kizashi.store import make_engine, pipeline_queue
from kizashi.store.tables import material_labels
from tests.pipeline.helpers import park
from tests.web.browser.conftest import Journey
from tests.web.browser.test_layout import (
    BROKEN_HEADINGS,
    DESK,
    OVERFLOW,
    PHONE,
    WIDE,
    _serious,
)

pytestmark = pytest.mark.browser

LANGS = {"ja": DESK, "en": PHONE}  # Japanese on a desk screen, English on a phone
PURPOSES = {"ogawa": "経済安全保障 E-2026-012 接近者の確認"}  # the demo's outreach case
# Where a sign-in lands: a light page (the dashboard would load and draw the charts first).
LANDING = "/ui/search"
LANDINGS = {"p-otsuka-housing": "/ui/partner"}  # a partner's portal (no search for partners)


def _password(name: str) -> str:
    return f"demo-{name}-2026!"  # what `kizashi demo` prints (kizashi.insider.demo.password_of)


class Desks:
    """One browser context per user, signed in on first use and kept for the module (the
    axe check is parametrised over pages, not over sign-ins); `as_` puts it in a language
    and at that language's screen size."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.journeys: dict[str, Journey] = {}
        self.langs: dict[str, str] = {}

    def as_(self, name: str, lang: str) -> Journey:
        journey = self.journeys.get(name)
        if journey is None:
            journey = self.journeys[name] = Journey(self.browser, self.base, f"desk-{name}")
            self.langs[name] = "ja"
            if name:
                landing = LANDINGS.get(name, LANDING)
                journey.go(f"/ui/login?next={landing}")
                journey.page.get_by_label("ユーザー名").fill(name)
                journey.page.get_by_label("パスワード").fill(_password(name))
                journey.page.get_by_role("button", name="サインイン").click()
                journey.page.wait_for_url(f"**{landing}")
            if name in PURPOSES:
                journey.page.get_by_label("利用目的").fill(PURPOSES[name])
                with journey.page.expect_navigation():
                    journey.page.get_by_role("button", name="目的を設定").click()
        journey.page.set_viewport_size(LANGS[lang])
        if self.langs[name] != lang:
            if not name:
                journey.go("/ui/login")
            with journey.page.expect_navigation():
                journey.page.get_by_role(
                    "button", name="English" if lang == "en" else "日本語"
                ).click()
            assert journey.page.locator("html").get_attribute("lang") == lang
            self.langs[name] = lang
        journey.console_errors.clear()
        return journey

    def close(self) -> None:
        for journey in self.journeys.values():
            journey.close()


def _fits(journey: Journey, label: str) -> list[str]:
    """Nothing wider than the screen (on a phone a wide table scrolls in its own box), and
    no table heading broken inside a word."""
    wider = journey.page.evaluate(OVERFLOW)
    if wider > 1:
        return [f"{label}: {wider}px wider than the screen: {journey.page.evaluate(WIDE)}"]
    broken = journey.page.evaluate(BROKEN_HEADINGS)
    return [f"{label}: headings broken inside a word: {broken}"] if broken else []


@pytest.fixture(scope="module")
def desks(browser: Any, demo_server: tuple[str, str]) -> Iterator[Desks]:
    made = Desks(browser, demo_server[0])
    yield made
    made.close()


# (user, start page, link to follow from it or "", label); "" signs in nobody.
PAGES = [
    ("", "/ui/login", "", "sign-in"),
    ("ishida", "/ui/share", "", "share"),
    ("ishida", "/ui/share", "a[href^='/ui/share/products/']", "share-product"),
    ("ishida", "/ui/share/new", "", "share-draft"),
    # The insider's day: what one officer looked at, with its lines.
    (
        "takeda",
        "/ui/oversight?kind=officer&q=kuroda&since=2026-10-21&until=2026-10-21",
        "",
        "oversight",
    ),
    ("kimura", "/ui/oversight/transparency", "", "transparency"),
    ("ogawa", "/ui/outreach", "", "outreach"),
    ("ogawa", "/ui/outreach", "a[href^='/ui/outreach/companies/']", "company"),
    ("ogawa", "/ui/outreach", "a[href^='/ui/outreach/approachers/']", "approacher"),
    ("kimura", "/ui/inspection", "a[href^='/ui/inspection/insider/']", "insider-alert"),
    ("ishida", "/ui/share/requests", "", "share-requests"),
    # One request to a platform, from the dashboard's list of open ones (`open_request`: the
    # demo's only request is closed, and the list links open ones only).
    ("ishida", "/ui/share/requests", "[data-testid=request-link]", "share-request"),
    # The country desk's dashboard (fa-russia: the approacher the demo shares with it).
    ("morozumi", "/ui/outreach/desks/fa-russia", "", "country-desk"),
    # A partner's copy of the released advisory, from the portal's inbox.
    ("p-otsuka-housing", "/ui/partner", "a[href^='/ui/partner/inbox/']", "partner-inbox"),
    # Refusal and error pages, each with its status (STATUS below).
    ("ishida", "/ui/oversight", "", "forbidden"),
    ("ishida", "/ui/reports/00000000-0000-0000-0000-000000000000", "", "not-found"),
    ("ishida", "/ui/alerts?limit=100000", "", "bad-address"),
    # The pipeline page with a failed item shown (`dead_letter` parks one of the desk's).
    ("ishida", "/ui/pipeline", "", "dead-letter"),
    # Refusals reached by a form (SUBMITS): saving a search with no purpose stated, and a
    # form whose CSRF token is not the session's.
    ("ishida", "/ui/search?q=yamada", "", "purpose-refusal"),
    ("ishida", "/ui/search", "", "csrf-refusal"),
]
# The others: 200.
STATUS = {
    "forbidden": 403,
    "not-found": 404,
    "bad-address": 422,
    "purpose-refusal": 403,
    "csrf-refusal": 403,
}
# What the refusal pages are (refused.html's data-kind).
REFUSAL = {"purpose-refusal": "purpose", "csrf-refusal": "csrf"}
# Every page in Japanese first, then in English: each user's context switches language once.
CHECKS = [(lang, *p) for lang in LANGS for p in PAGES]


@pytest.fixture(scope="module")
def dead_letter(demo_build: tuple[Path, str]) -> str:
    """One report of the lone-offender desk (its lead, ishida, may list it) parked as a dead
    letter in the served demo's store, as three failed attempts at `resolve` would leave it."""
    engine = make_engine(load_settings(data_dir=demo_build[0], database_url=None))
    try:
        with engine.connect() as connection:
            report_id = connection.execute(
                select(pipeline_queue.c.report_id)
                .join(material_labels, material_labels.c.resource_id == pipeline_queue.c.report_id)
                .where(
                    material_labels.c.resource_type == "report",
                    material_labels.c.desk_id == "lone-offender",
                    material_labels.c.case_id.is_(None),
                )
                .order_by(pipeline_queue.c.report_id)
                .limit(1)
            ).scalar_one()
        park(engine, report_id, datetime(2026, 10, 24, 3, 0, tzinfo=UTC))
    finally:
        engine.dispose()
    return str(report_id)


def _save_search(journey: Journey) -> Any:
    """Save the search shown with no purpose stated: a saved search watches for new matches,
    which needs one (403 `purpose`, with the form to state it)."""
    _state_purpose(journey, "")
    with journey.page.expect_navigation() as sent:
        journey.page.get_by_test_id("save-search").get_by_role("button").click()
    return sent.value


def _forged(journey: Journey) -> Any:
    """Send the purpose bar's form with a token that is not the session's (403 `csrf`)."""
    page = journey.page
    page.locator("form.purpose input[name=csrf]").evaluate("e => { e.value = 'forged' }")
    with page.expect_navigation() as sent:
        page.locator("form.purpose button").click()
    return sent.value


SUBMITS: dict[str, Callable[[Journey], Any]] = {
    "purpose-refusal": _save_search,
    "csrf-refusal": _forged,
}


@pytest.fixture(scope="module")
def open_request(desks: Desks) -> str:
    """A request to a platform drafted by the desk lead through the dashboard's form (open,
    so the dashboard links it), on an alert of his desk's queue; the request page's address."""
    journey = desks.as_("ishida", desks.langs.get("ishida", "ja"))
    page = journey.page
    journey.go("/ui/alerts")
    alert = page.get_by_test_id("alert-link").first.get_attribute("href").rsplit("/", 1)[1]
    journey.go(f"/ui/share/requests?alert={alert}")
    _state_purpose(journey, REQUEST_PURPOSE)  # a request to a platform is written for one
    assert page.locator("#alert_id").input_value() == alert
    page.locator("#platform").fill("ExamplePost")
    page.locator("#legal_basis").fill("刑事訴訟法第197条第2項")
    page.locator("#rbody").fill("投稿者の登録情報（氏名・電話番号）の照会")
    page.get_by_test_id("draft-request").click()
    page.wait_for_load_state()
    refused = page.get_by_test_id("form-error")
    assert refused.count() == 0, refused.inner_text()
    page.wait_for_url("**/ui/share/requests/*?done=drafted")
    drafted = str(page.url.split("?", 1)[0])
    _state_purpose(journey, "")  # the session as the other checks found it
    return drafted


REQUEST_PURPOSE = "事件 2026-L-901 投稿者の特定"


def _state_purpose(journey: Journey, purpose: str) -> None:
    """The purpose bar of the page shown: state `purpose` ("" clears it), back on that page."""
    journey.page.locator("#purpose-input").fill(purpose)
    with journey.page.expect_navigation():
        journey.page.locator("form.purpose button").click()


@pytest.mark.parametrize(
    ("lang", "user", "path", "follow", "label"), CHECKS, ids=[f"{c[4]}-{c[0]}" for c in CHECKS]
)
def test_page_passes_axe(
    desks: Desks,
    lang: str,
    user: str,
    path: str,
    follow: str,
    label: str,
    request: pytest.FixtureRequest,
) -> None:
    drafted = request.getfixturevalue("open_request") if label == "share-request" else ""
    parked = request.getfixturevalue("dead_letter") if label == "dead-letter" else ""
    journey = desks.as_(user, lang)
    page = journey.page
    response = journey.go(path)
    if drafted:  # the dashboard lists requests to whom states a purpose (else counts them)
        _state_purpose(journey, REQUEST_PURPOSE)
        request.addfinalizer(lambda: _state_purpose(journey, ""))  # the session as found
    if follow:
        response = journey.go(page.locator(follow).first.get_attribute("href"))
    if label in SUBMITS:
        response = SUBMITS[label](journey)
    if drafted:  # reached from the list: the open request drafted above is linked there
        assert page.url.split("?", 1)[0] == drafted
    if parked:  # the failed item is on the page, with its stage and reason
        letter = page.locator(f"[data-testid=dead-letter][data-report-id='{parked}']")
        assert letter.count() == 1, f"{label}: the parked letter is not shown"
    if label in REFUSAL:
        assert page.get_by_test_id("refusal").get_attribute("data-kind") == REFUSAL[label]
    status = STATUS.get(label, 200)
    assert response.status == status, f"{label}: {response.status}"
    if status != 200:  # the browser logs the page's own status; nothing else may fail
        journey.console_errors = [
            e for e in journey.console_errors if f"status of {status}" not in e
        ]
    # goto and click wait for the load event, by which the pages' scripts (synchronous, no
    # inline script) have run; no wait for the network to idle (the live queue's stream).
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1, f"{label}: one h1"
    problems = [f"{label}: {p}" for p in _serious(page)]
    if lang == "en":
        problems += _fits(journey, label)
    if problems or journey.console_errors:
        journey.shot(f"{label}-{lang}")  # what failed, for the eye
    assert problems == [], "\n".join(problems)
    assert journey.console_errors == []


# A person on the lone-offender desk's queue other than 山田太郎 (whose alert the demo
# journey decides): each language promotes a different one into a new case.
SUBJECTS = {"ja": ("黒い花火", "2026-L-901"), "en": ("reaper", "2026-L-902")}


@pytest.mark.parametrize("lang", list(LANGS))
def test_search_then_entity_then_case(desks: Desks, lang: str) -> None:
    """The desk lead finds a person from the header's search box, opens the entity, its alert,
    and opens a new case with it."""
    name, ref = SUBJECTS[lang]
    journey = desks.as_("ishida", lang)
    page = journey.page
    problems: list[str] = []
    box = page.get_by_test_id("search-box")
    box.get_by_role("searchbox").fill(name)
    box.get_by_role("button").click()
    page.wait_for_url("**/ui/search?q=*")
    person = page.get_by_test_id("search-hit").and_(page.locator("[data-kind=person]"))
    assert person.first.get_by_role("link").inner_text() == name
    problems += _fits(journey, "search") if lang == "en" else []
    journey.shot("results")
    person.first.get_by_role("link").click()
    page.wait_for_url("**/ui/entities/*")
    assert page.get_by_test_id("entity-label").inner_text() == name
    problems += _fits(journey, "entity") if lang == "en" else []
    journey.shot("entity")
    page.get_by_test_id("entity-alert").first.click()
    page.wait_for_url("**/ui/alerts/*")
    page.locator("details.case-tools summary").first.click()
    page.get_by_test_id("promote-case").fill(ref)
    page.get_by_label("新規事件の件名" if lang == "ja" else "Title of a new case").fill(
        f"{name} の予告"
    )
    page.get_by_test_id("promote-reason").fill("予告の投稿者を事件として扱う")
    problems += _fits(journey, "alert") if lang == "en" else []
    journey.shot("promote")
    page.get_by_test_id("promote-submit").click()
    page.wait_for_url(f"**/ui/cases/{ref}?done=promoted")
    done = page.get_by_test_id("case-done").inner_text()
    assert ("事件に編入しました" if lang == "ja" else "promoted") in done
    assert "予告の投稿者を事件として扱う" in page.get_by_test_id("case-timeline").inner_text()
    assert page.locator("h1").count() == 1
    problems += [f"case: {p}" for p in _serious(page)]  # the case page's axe check
    problems += _fits(journey, "case") if lang == "en" else []
    journey.shot("case")
    assert problems == [], "\n".join(problems)
    assert journey.console_errors == []


def test_inspector_closes_an_insider_alert(desks: Desks) -> None:
    """kimura (inspection desk) acknowledges the demo's insider alert in Japanese at a desk,
    then, in English on a phone, confirms it with a reason: closed, with its history."""
    journey = desks.as_("kimura", "ja")
    page = journey.page
    page.get_by_role("navigation").get_by_role("link", name="監察").click()
    page.locator("[data-testid=insider] a").first.click()
    page.wait_for_url("**/ui/inspection/insider/*")
    assert page.get_by_test_id("insider-status").inner_text() == "未確認"
    page.get_by_label("対応内容").select_option("acknowledge")
    page.get_by_label("理由", exact=True).fill("勤務時間外の持出しを確認中")
    journey.shot("acknowledge")
    page.get_by_role("button", name="実行").click()
    page.wait_for_selector("[data-testid=insider-done]")
    assert page.get_by_test_id("insider-status").inner_text() == "確認済み"
    journey.shot("acknowledged")

    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    desks.langs["kimura"] = "en"
    page.get_by_label("Action").select_option("confirm")
    page.get_by_label("Reason", exact=True).fill(
        "Off-shift exports of another desk's case confirmed"
    )
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector("[data-testid=insider-done]")
    assert page.get_by_test_id("insider-status").inner_text() == "Confirmed"
    assert page.get_by_test_id("insider-review").count() == 0  # closed: no more steps
    history = page.get_by_test_id("insider-history").inner_text()
    assert "Off-shift exports" in history and "JST" in history
    assert _fits(journey, "insider-alert") == []
    journey.shot("closed-en-phone")
    assert journey.console_errors == []
