"""Basic accessibility in Chromium: labels, keyboard-only use, text contrast (WCAG AA)."""

from __future__ import annotations

import pytest

from tests.web.browser.conftest import Journey
from tests.web.seeding import PASSWORD, Seeded

pytestmark = pytest.mark.browser

UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(e => e.type !== 'hidden')
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""

# Contrast ratio of every visible text element against its nearest opaque background.
LOW_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                              if (c.length === 3 || c[3] > 0.9) return c; } return [255, 255, 255]; };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg, .chart, .graph, script, style')) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    const a = lum(rgb(style.color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(el.tagName + ' ' + el.textContent.trim().slice(0, 30) + ' ' + ratio.toFixed(2));
  }
  return bad;
}"""


def check_page(journey: Journey, label: str) -> None:
    page = journey.page
    assert page.locator("html").get_attribute("lang") in ("ja", "en")
    assert page.locator("h1").count() == 1, f"{label}: one h1"
    assert page.evaluate(UNLABELLED) == [], f"{label}: unlabelled controls"
    assert page.evaluate(LOW_CONTRAST) == [], f"{label}: low contrast"


def test_sign_in_and_work_with_the_keyboard_alone(
    journey: Journey, server: tuple[str, Seeded]
) -> None:
    page = journey.page
    journey.go("/ui/login")
    check_page(journey, "login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # skip link first
    page.locator("#name").focus()
    page.keyboard.type("analyst")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/")
    journey.shot("keyboard-signed-in")
    journey.go("/ui/alerts")
    for _ in range(40):  # tab until the first alert link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "alert-link":
            break
    else:
        pytest.fail("the alert links cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/alerts/*")
    journey.shot("keyboard-alert")


def test_pages_have_labels_and_contrast(journey: Journey, server: tuple[str, Seeded]) -> None:
    seeded = server[1]
    journey.sign_in("analyst", PASSWORD)
    for path, label in (
        ("/ui/", "dashboard"),
        ("/ui/alerts", "queue"),
        (f"/ui/entities/{seeded.main_entity}", "entity"),
        (f"/ui/reports/{seeded.reports['garage']}", "report"),
    ):
        journey.go(path)
        check_page(journey, label)
        journey.shot(label)
    journey.context.clear_cookies()
    journey.sign_in("partner-otsuka", PASSWORD)
    journey.go("/ui/partner/new/partner_report")
    check_page(journey, "partner form")
    journey.page.get_by_test_id("submit").click()
    journey.page.get_by_test_id("form-errors").wait_for()
    check_page(journey, "partner form with errors")
    journey.shot("partner-errors")
