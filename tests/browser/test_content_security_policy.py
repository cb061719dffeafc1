"""Every main page of every role renders under the strict Content-Security-Policy without a single violation in
Chromium: no inline script, no style attribute (positions and colours travel in the page's one nonce'd `<style>`
element), nothing from other hosts. The pages are those of the demo (`flask demo seed`), the fullest data there is.
Cockpit pages are left to their own tests."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.models import User
from demo.events import seed_demo
from demo.partners import DEMO_PARTNER
from events.models import Event
from events.program.planner.models import TimetableProposal
from partners.models import Membership
from tests.factories import PASSWORD, make_user
from ticketing.checkin.scans import default_lists
from ticketing.models import Booking, Quota, Ticket
from ticketing.worldcafe.models import WorldCafe

pytestmark = pytest.mark.browser

# Chromium reports each refused inline style or script as a `securitypolicyviolation` event on the document.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""
CSP_CONSOLE = ("Content Security Policy", "Content-Security-Policy")


@pytest.fixture
def demo(app, tmp_path):
    """The demo, one user per organizer role, and the ids the pages need; the partner owner is the demo's."""
    with app.app_context():
        _admin, password, _created = seed_demo(utcnow(), str(tmp_path))
        for role in ("admin", "program", "checkin"):
            make_user(f"{role}@example.org", roles=(role,))
        noerd = db.session.scalar(select(Event).where(Event.slug == "noerd"))
        ticket = db.session.scalars(
            select(Ticket).join(Booking).where(Ticket.event_id == noerd.id, Booking.state == "confirmed")
        ).first()
        cafe = db.session.scalars(select(WorldCafe)).first()
        [all_tickets, *_] = default_lists(noerd)
        ids = {
            "noerd": noerd.id,
            "ticket": ticket.access_token,
            "cafe_event": cafe.event_id,
            "cafe": cafe.id,
            "proposal": db.session.scalar(select(TimetableProposal.id).where(TimetableProposal.event_id == noerd.id)),
            "quota": db.session.scalar(select(Quota.id).where(Quota.event_id == noerd.id)),
            "list": all_tickets.id,
            "organization": db.session.scalar(
                select(Membership.organization_id)
                .join(User, User.id == Membership.user_id)
                .where(Membership.role == "owner", User.email == DEMO_PARTNER)
            ),
            "partner_password": password,
        }
        db.session.commit()
    return ids


def pages_by_role(ids: dict) -> dict[str, list[str]]:
    event, organization = f"/manage/events/{ids['noerd']}", f"/partner/organizations/{ids['organization']}"
    return {
        "visitor": [
            "/",
            "/e/noerd",
            "/e/noerd/schedule?view=grid",
            "/e/noerd/schedule?view=list",
            "/e/noerd/partners",
            "/e/noerd/book",
            f"/t/{ids['ticket']}",
            f"/t/{ids['ticket']}/agenda",
            "/e/noerd/agenda",
        ],
        "partner": [
            "/partner",
            organization,
            f"{organization}/profile",
            f"{organization}/contributions",
            f"{organization}/staff",
        ],  # fmt: skip
        "checkin": ["/checkin/", f"/checkin/lists/{ids['list']}"],
        "program": [
            f"{event}/program",
            f"{event}/program/timetable",
            f"{event}/program/planner",
            f"{event}/program/planner/settings",
            f"{event}/program/planner/audience",
            f"{event}/program/planner/proposals/{ids['proposal']}",
            f"/manage/events/{ids['cafe_event']}/worldcafe/{ids['cafe']}/planner",
        ],
        "admin": [
            "/manage/",
            event,
            f"{event}/attendees",
            f"{event}/partners",
            f"{event}/quotas/{ids['quota']}",
            f"{event}/quotas/new",
        ],
    }


def logins(ids: dict) -> dict[str, tuple[str, str] | None]:
    return {
        "visitor": None,
        "partner": (DEMO_PARTNER, ids["partner_password"]),
        "checkin": ("checkin@example.org", PASSWORD),
        "program": ("program@example.org", PASSWORD),
        "admin": ("admin@example.org", PASSWORD),
    }


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def violations_of(browser, base: str, login: tuple[str, str] | None, urls: list[str]) -> dict[str, list[str]]:
    """Each page's policy violations: the document's events and Chromium's console errors naming the policy."""
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if any(word in m.text for word in CSP_CONSOLE) else None)
    if login:
        log_in(page, base, *login)
    found = {}
    for url in urls:
        console.clear()
        response = page.goto(base + url)
        assert (response.status, page.url) == (200, base + url), url  # the page itself, not a login or error page
        page.wait_for_load_state("networkidle")
        found[url] = page.evaluate("window.__violations") + list(console)
    context.close()
    return found


def test_every_main_page_of_every_role_shows_no_policy_violation(app, demo, live_server, browser, page):
    found = {}
    for role, urls in pages_by_role(demo).items():
        seen_by_role = violations_of(browser, live_server, logins(demo)[role], urls)
        found |= {f"{role} {url}": seen for url, seen in seen_by_role.items()}

    assert {url: seen for url, seen in found.items() if seen} == {}
    assert len(found) == sum(len(urls) for urls in pages_by_role(demo).values())
    # The grid's positions and colours travel in the page's one nonce'd style element, not in an unsafe-inline.
    log_in(page, live_server, "program@example.org", PASSWORD)
    policy = page.goto(f"{live_server}/manage/events/{demo['noerd']}/program/timetable").headers
    assert "style-src 'self' 'nonce-" in policy["content-security-policy"]
    assert "'unsafe-inline'" not in policy["content-security-policy"]
    assert page.locator("head style[nonce]").count() == 1


def test_the_policy_refuses_a_style_attribute(app, live_server, browser):
    """The check above can fail: a page with a style attribute does report a violation."""
    context = browser.new_context()
    context.add_init_script(COLLECT)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if any(word in m.text for word in CSP_CONSOLE) else None)
    page.goto(f"{live_server}/?next={quote('/')}")

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__violations.length > 0")

    assert page.evaluate("window.__violations")[0].startswith("style-src-attr inline")
    page.wait_for_timeout(200)  # the console message may trail the event
    assert any("style" in message for message in console), console
    context.close()
