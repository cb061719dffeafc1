"""On a phone (390 × 844 CSS pixels) nothing makes the page wider than the screen: no sideways scrolling."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.db import utcnow
from core.extensions import db
from tests.factories import PASSWORD, make_event, make_quota, make_ticket_type, make_user
from tests.ticketing.booking_helpers import book, person
from ticketing.booking import bookings as booking
from ticketing.booking import capacity
from ticketing.checkin import scans as checkin

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="de-DE", viewport=PHONE, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def sold_out_conference():
    """Shaped like the Regionalkonferenz: a long name and address, one day, its only ticket type sold out."""
    event = make_event(
        "regionalkonferenz-smart-city", name="Regionalkonferenz Smart City Vorpommern-Rügen", days=1,
        description="Zivilgesellschaft, Verwaltung, Politik, Wirtschaft und Wissenschaft im Stralsunder Rathaus.",
    )  # fmt: skip
    saal = make_quota(event, "Löwenscher Saal", 2)
    teilnahme = make_ticket_type(event, [saal], "Teilnahme", description="Vorträge, Fablab und World Café")
    capacity.take_seats(teilnahme, 2)
    db.session.commit()
    return event, teilnahme


def test_the_event_page_of_a_sold_out_event_fits_a_phone(app, live_server, phone):
    with app.app_context():
        sold_out_conference()

    phone.goto(live_server + "/e/regionalkonferenz-smart-city")

    expect(phone.get_by_text("ausgebucht")).to_be_visible()
    waitlist = phone.get_by_role("link", name="Auf die Warteliste setzen")
    expect(waitlist).to_be_visible()
    assert page_width(phone) <= PHONE["width"]
    box = waitlist.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = phone.locator("td.seats").evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Freie Plätze: "'  # once stacked, each value keeps its column's name


def test_the_attendee_list_fits_a_phone(app, live_server, phone):
    """The table scrolls inside its own box (wrapped by the attendee list's owner), the page does not."""
    with app.app_context():
        event, _ = sold_out_conference()
        extra = make_ticket_type(event, [make_quota(event, "Fablab", 20)], "Fablab-Führung")
        book(event, [person(extra, n, organization="Hochschule Stralsund – Institut für Informatik") for n in (1, 2)])
        make_user(roles=("admin",))
        event_id = event.id

    phone.goto(f"{live_server}/login")
    phone.get_by_label("E-Mail").fill("orga@example.org")
    phone.get_by_label("Passwort").fill(PASSWORD)
    phone.get_by_role("button", name="Anmelden").click()
    phone.goto(f"{live_server}/manage/events/{event_id}/attendees")

    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert page_width(phone) <= PHONE["width"]


def test_the_check_in_figures_fit_a_phone(app, live_server, phone):
    """Five hours of arrivals make a chart wider than the phone: it scales down, the last scans' table scrolls."""
    with app.app_context():
        event, _ = sold_out_conference()
        extra = make_ticket_type(event, [make_quota(event, "Foyer", 20)], "Abendprogramm")
        tickets = []
        for n in range(1, 7):
            made = book(event, [person(extra, n, name=f"Maximiliane Mustermann-Lüdenscheid {n}")])
            booking.confirm_booking(made, now=utcnow())
            tickets += made.tickets
        [check_in_list] = checkin.default_lists(event)
        for n, ticket in enumerate(tickets):
            at = utcnow() - timedelta(hours=5) + timedelta(hours=n)
            checkin.check_in(check_in_list, ticket, client_id=f"phone-{n:04}", gate="Haupteingang Rathaus Alter Markt",
                             scanned_at=at, now=utcnow(), user=None, offline=True)  # fmt: skip
        db.session.commit()
        make_user("tuer@example.org", roles=("checkin",))
        event_id = event.id

    phone.goto(f"{live_server}/login")
    phone.get_by_label("E-Mail").fill("tuer@example.org")
    phone.get_by_label("Passwort").fill(PASSWORD)
    phone.get_by_role("button", name="Anmelden").click()
    phone.goto(f"{live_server}/manage/events/{event_id}/checkin")

    expect(phone.get_by_role("heading", name="Alle Tickets")).to_be_visible()
    chart = phone.locator("svg.chart").bounding_box()
    assert page_width(phone) <= PHONE["width"]
    assert chart["width"] <= PHONE["width"] and chart["x"] >= 0
