"""The door counter in Debian's Chromium: a steward presses + with the mouse and − with the keyboard, and the
number changes in place (no reload); a − in the empty room is refused with a message; the full warning appears."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from core.extensions import db
from events.models import Room
from tests.factories import PASSWORD, make_event, make_user

pytestmark = pytest.mark.browser

STEWARD = "tuer@example.org"


def open_door_page(app, live_server, page) -> str:
    """A room of capacity 2 and a steward, logged in on its door page in English; returns the page's path."""
    with app.app_context():
        event = make_event()
        room = Room(event=event, name="Forum", kind="stage", capacity=2)
        db.session.add(room)
        db.session.commit()
        make_user(STEWARD, roles=("checkin",))
        path = f"/manage/events/{event.id}/occupancy/rooms/{room.id}"
    page.goto(f"{live_server}/login?next={quote(path)}")
    page.get_by_label("E-Mail").fill(STEWARD)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server}/language/en?next={quote(path)}")
    return path


@pytest.fixture
def door_page(app, live_server, page):
    path = open_door_page(app, live_server, page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum")
    return path


def test_steward_counts_with_mouse_and_keyboard_and_the_number_changes_in_place(door_page, page):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if message.type == "error" else None)
    count = page.locator("[data-occupancy-count]")
    expect(count).to_have_text("0")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("button", name="One in").click()
    expect(count).to_have_text("1")
    plus = page.get_by_role("button", name="One in")
    plus.focus()
    page.keyboard.press("Enter")
    expect(count).to_have_text("2")
    expect(page.locator("[data-occupancy-full]")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("2 in the room.")

    minus = page.get_by_role("button", name="One out")
    minus.focus()
    page.keyboard.press("Space")
    expect(count).to_have_text("1")
    expect(page.locator("[data-occupancy-full]")).to_be_hidden()
    minus.click()
    expect(count).to_have_text("0")
    minus.click()
    expect(page.get_by_role("status")).to_have_text("Nobody is counted in Forum: an exit cannot be counted.")
    expect(count).to_have_text("0")

    assert page.evaluate("window.stillTheSamePage") is True
    assert [v for v in violations if "409" not in v] == []


def test_the_counter_works_without_script(browser, app, live_server):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    open_door_page(app, live_server, page)

    page.get_by_role("button", name="One in").click()

    expect(page.locator("[data-occupancy-count]")).to_have_text("1")
    context.close()
