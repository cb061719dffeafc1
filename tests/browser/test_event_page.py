import pytest
from playwright.sync_api import expect

from core.extensions import db
from tests.factories import make_event, make_quota, make_ticket_type
from ticketing.booking import capacity

pytestmark = pytest.mark.browser


def test_visitor_opens_an_event_switches_language_and_sees_seats_left(app, live_server, page):
    with app.app_context():
        event = make_event("noerd", name="NØRD – Digital Convention MV", days=2)
        day1, day2 = make_quota(event, "Halle Tag 1", 2500), make_quota(event, "Halle Tag 2", 2500)
        make_ticket_type(event, [day1], "Tag 1")
        both = make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days)
        capacity.take_seats(both, 12)
        db.session.commit()

    page.goto(live_server + "/")
    page.get_by_role("link", name="NØRD – Digital Convention MV").click()
    seats = page.get_by_role("row", name="Beide Tage")
    expect(seats).to_contain_text("2.488 Plätze frei")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(live_server + "/e/noerd")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("row", name="Beide Tage")).to_contain_text("2,488 seats left")
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming events")  # remembered


def test_keyboard_user_reaches_content_through_the_skip_link(app, live_server, page):
    with app.app_context():
        make_event()

    page.goto(live_server + "/e/noerd")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/e/noerd#content")
