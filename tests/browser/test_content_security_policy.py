"""Every main page renders under the strict Content-Security-Policy without a single violation in Chromium: no inline
script, no style attribute (positions and colours travel in the page's one nonce'd `<style>` element)."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from core.extensions import db
from events.models import Event
from tests.browser.test_schedule import published_program
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

ORGANIZER = "orga@example.org"
# Chromium reports each refused inline style or script as a `securitypolicyviolation` event on the document.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


def violations_on(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations")


def log_in(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_public_and_organizer_pages_show_no_policy_violation(app, live_server, browser):
    with app.app_context():
        published_program()
        make_user(ORGANIZER, roles=("admin", "program"))
        event_id = db.session.query(Event.id).scalar()
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT)
    page = context.new_page()
    public = ["/", "/e/noerd", "/e/noerd/schedule?view=grid", "/e/noerd/schedule?view=list", "/e/noerd/partners"]
    organizer = [
        "/manage/",
        f"/manage/events/{event_id}",
        f"/manage/events/{event_id}/program",
        f"/manage/events/{event_id}/program/timetable",
        f"/manage/events/{event_id}/attendees",
    ]

    found = {url: violations_on(page, live_server + url) for url in public}
    log_in(page, live_server)
    found |= {url: violations_on(page, live_server + url) for url in organizer}

    assert {url: seen for url, seen in found.items() if seen} == {}
    header = page.goto(f"{live_server}/manage/events/{event_id}/program/timetable").headers["content-security-policy"]
    assert "style-src 'self' 'nonce-" in header and "'unsafe-inline'" not in header
    assert page.locator("head style[nonce]").count() == 1
    context.close()


def test_the_policy_refuses_a_style_attribute(app, live_server, browser):
    """The check above can fail: a page with a style attribute does report a violation."""
    context = browser.new_context()
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.goto(f"{live_server}/?next={quote('/')}")

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__violations.length > 0")

    assert page.evaluate("window.__violations")[0].startswith("style-src-attr inline")
    context.close()
