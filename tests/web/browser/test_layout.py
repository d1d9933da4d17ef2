"""The pages analysts, the inspection desk and partners work on, in Japanese and in English,
on a desk screen and a phone: no serious or critical axe-core violation, nothing wider than
the screen at 390 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.depth import DEEP
from tests.web.browser.conftest import Journey
from tests.web.seeding import PASSWORD, Seeded

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1440, "height": 900}
# The page's width beyond the viewport (a table too wide scrolls in its own box instead).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# The outermost elements that reach past the screen's right edge (what to fix).
WIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right >= document.documentElement.scrollWidth - 1)
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
                   if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false; }
                 return true; })
  .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 5)"""


def _serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Table headings broken inside a word (more lines than words, a hyphen parting words as a
# space does; a Japanese heading is one word): at 390 px they had shrunk to a letter or two
# a line ("Whe/n", "Channe/l").
BROKEN_HEADINGS = """() => Array.from(document.querySelectorAll('table.data th')).filter(th => {
  const text = th.innerText.trim();
  if (!text || th.querySelector('.sr-only')) return false;  // a label for screen readers
  const range = document.createRange();
  range.selectNodeContents(th);
  const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
  return lines > text.split(/[\\s-]+/).length;
}).map(th => th.innerText.trim())"""


def _pages(seeded: Seeded, user: str) -> list[tuple[str, str]]:
    if user == "inspector":
        return [("/ui/inspection", "inspection"), ("/ui/inspection/audit/5", "audit-entry")]
    if user == "partner-otsuka":
        return [("/ui/partner", "partner"), ("/ui/partner/new/partner_report", "partner-form")]
    return [
        ("/ui/", "dashboard"),
        ("/ui/alerts", "queue"),
        (f"/ui/alerts/{seeded.main_alert}", "alert"),
        (f"/ui/entities/{seeded.main_entity}", "entity"),
        (f"/ui/reports/{seeded.reports['garage']}", "report"),
        ("/ui/search?q=%E5%B1%B1%E7%94%B0", "search"),
        ("/ui/pipeline", "pipeline"),
        ("/ui/notices", "notices"),
    ]


# axe-core's run is most of this test's time (the analyst's 8 pages × 2 sizes × 2 languages
# were 32 runs, ~80 s): the default run checks each page in Japanese at a desk and in English
# on a phone, as tests/web/browser/test_desk_journeys.py does; the deep run (tests/depth.py)
# checks both languages at both sizes. Fitting the phone is checked in both languages in both.
AXE_BY_DEFAULT = {("ja", "desk"), ("en", "phone")}


def _axe_checks(lang: str, viewport: str) -> bool:
    return DEEP or (lang, viewport) in AXE_BY_DEFAULT


@pytest.mark.deep
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("user", ["analyst", "inspector", "partner-otsuka"])
def test_pages_pass_axe_and_fit_a_phone(
    browser: Any, server: tuple[str, Seeded], lang: str, user: str
) -> None:
    base, seeded = server
    journey = Journey(browser, base, f"layout-{user}-{lang}")
    missing: list[str] = []
    journey.page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    try:
        journey.sign_in(user, PASSWORD)
        if lang == "en":
            journey.page.get_by_role("button", name="English").click()
            journey.page.wait_for_load_state()
            assert journey.page.locator("html").get_attribute("lang") == "en"
        problems: list[str] = []
        for viewport, size in (("desk", DESK), ("phone", PHONE)):
            journey.page.set_viewport_size(size)
            for path, label in _pages(seeded, user):
                journey.go(path)
                journey.page.wait_for_load_state("networkidle")
                if _axe_checks(lang, viewport):
                    problems += [f"{viewport} {label}: {p}" for p in _serious(journey.page)]
                if viewport == "phone":
                    wider = journey.page.evaluate(OVERFLOW)
                    if wider > 1:
                        wide = journey.page.evaluate(WIDE)
                        problems.append(f"phone {label}: {wider}px wider than the screen: {wide}")
                    broken = journey.page.evaluate(BROKEN_HEADINGS)
                    if broken:
                        problems.append(f"phone {label}: headings broken inside a word: {broken}")
                journey.shot(f"{viewport}-{label}")
        assert problems == [], "\n".join(problems)
        assert missing == [] and journey.console_errors == []
    finally:
        journey.context.close()


def test_the_queue_is_worked_from_the_keyboard(browser: Any, server: tuple[str, Seeded]) -> None:
    base, _ = server
    journey = Journey(browser, base, "shortcuts")
    try:
        journey.sign_in("analyst", PASSWORD)
        page = journey.page
        journey.go("/ui/alerts")
        page.keyboard.press("?")
        assert page.get_by_test_id("shortcuts").is_visible()
        journey.shot("help")
        page.keyboard.press("Escape")
        page.keyboard.press("j")
        page.keyboard.press("j")
        second = page.locator("tr.current [data-testid=alert-link]").get_attribute("href")
        links = page.locator("[data-testid=alert-link]")
        assert second == links.nth(1).get_attribute("href")
        page.keyboard.press("x")
        assert page.locator("tr.current input[type=checkbox]").is_checked()
        page.keyboard.press("o")
        page.wait_for_url(f"**{second}")
        page.keyboard.press("d")
        assert page.locator("#d-dismiss").is_checked()
        assert page.evaluate("document.activeElement.id") == "reason"
        page.keyboard.type("x")  # typed into the reason, not taken as a shortcut
        assert page.locator("#reason").input_value() == "x"
        journey.shot("decide-from-keyboard")
    finally:
        journey.context.close()
