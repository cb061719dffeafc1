"""The scanner's room mode in Debian's Chromium: the helper chooses a room and a direction, types ticket codes and sees
the room's count change (checking nobody in); a reload keeps the mode; offline nothing is counted; switching it off
gives the normal check-in back; all under the strict Content-Security-Policy."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from cockpit.occupancy.models import DoorCount
from core.db import utcnow
from core.extensions import db
from events.models import Room
from tests.browser.test_content_security_policy import COLLECT, CSP_CONSOLE
from tests.factories import PASSWORD, make_user
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.checkin import scans as checkin
from ticketing.models import Admission, CheckIn

pytestmark = pytest.mark.browser

HELPER = "door@example.org"
GREEN, RED = "rgb(30, 107, 52)", "rgb(164, 22, 26)"
# Until translations/pending/exit.po is merged, the new texts show in English.
NEEDS_CONNECTION = re.compile("Raumzählung braucht eine Verbindung|Room counting needs a connection")


@pytest.fixture
def door(app):
    """An event with a room for 80 and two confirmed tickets, its "Alle Tickets" list, a helper (checkin role)."""
    with app.app_context():
        event, day_one = event_on_sale(seats=20, name="NØRD Räume")
        forum = Room(event=event, name="Forum", kind="stage", capacity=80)
        db.session.add_all([forum, Room(event=event, name="Café", kind="cafe", capacity=0)])
        booked = book(event, [person(day_one, 1, name="Erika Mustermann"), person(day_one, 2, name="Jonas Weber")])
        booking.confirm_booking(booked, now=utcnow())
        db.session.commit()
        [all_tickets, *_] = checkin.default_lists(event)
        db.session.commit()
        make_user(HELPER, roles=("checkin",))
        return {"list_id": all_tickets.id, "forum": forum.id, "codes": [t.secret for t in booked.tickets]}


def counted(app, door) -> tuple[int, int, int]:
    """(entries, exits) of the Forum, and the check-ins recorded anywhere."""
    with app.app_context():
        sums = select(func.coalesce(func.sum(DoorCount.entries), 0), func.coalesce(func.sum(DoorCount.exits), 0))
        entries, exits = db.session.execute(sums.where(DoorCount.room_id == door["forum"])).one()
        return entries, exits, db.session.scalar(select(func.count()).select_from(CheckIn))


def type_code(page, code: str) -> None:
    """Type the code and send it with the keyboard, as a helper without camera does."""
    page.locator("#code").fill(code)
    page.locator("#code").press("Enter")


def test_room_mode_counts_entries_and_exits_keeps_its_choice_and_needs_the_connection(app, live_server, door, browser):
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if any(word in m.text for word in CSP_CONSOLE) else None)
    scanner = f"{live_server}/checkin/lists/{door['list_id']}"
    page.goto(f"{live_server}/login?next={quote(scanner.removeprefix(live_server))}")
    page.get_by_label("E-Mail").fill(HELPER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(scanner)
    erika, jonas = door["codes"]
    figure = page.locator("#room-figure")
    answer = page.locator("#answer.is-shown")

    # Off by default: the normal check-in.
    expect(page.locator("#room")).to_be_enabled()
    expect(page.locator("#room")).to_have_value("")
    expect(page.locator("#scanner")).to_have_attribute("data-room-mode", "off")
    expect(page.locator("#code-submit")).to_have_text("Einchecken")

    # Entries of the Forum: each scan counts, the same ticket twice counts twice, nobody is checked in.
    page.get_by_label("Raum", exact=True).select_option(label="Forum")
    page.locator("input[name=direction][value=entry]").check()
    expect(page.locator("#room-state")).to_be_visible()
    expect(page.locator("#search")).to_be_disabled()
    type_code(page, erika)
    expect(answer).to_have_attribute("data-status", "room_ok")
    expect(answer).to_contain_text("Forum: 1 / 80")
    expect(answer).to_have_css("background-color", GREEN)
    expect(figure).to_have_text("Forum: 1 / 80")
    page.keyboard.press("Escape")
    type_code(page, erika)
    expect(figure).to_have_text("Forum: 2 / 80")
    page.keyboard.press("Escape")

    # Exits, chosen with the keyboard: the radio group takes the arrow keys.
    page.locator("input[name=direction][value=entry]").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=direction][value=exit]")).to_be_checked()
    type_code(page, jonas)
    expect(figure).to_have_text("Forum: 1 / 80")
    expect(page.locator("#scanner")).to_have_attribute("data-room-mode", "exit")
    assert counted(app, door) == (2, 1, 0)

    # A reload keeps the room and the direction.
    page.reload()
    expect(page.locator("#room")).to_be_enabled()
    expect(page.locator("#room")).to_have_value(str(door["forum"]))
    expect(page.locator("input[name=direction][value=exit]")).to_be_checked()
    expect(page.locator("#scanner")).to_have_attribute("data-room-mode", "exit")
    expect(page.locator("#room-state")).to_contain_text("Forum")

    # An unknown code is refused in red, with words; nothing is counted.
    type_code(page, "KEIN-TICKET")
    expect(answer).to_have_attribute("data-status", "room_refused")
    expect(answer).to_contain_text("Dieser Code ist kein Ticket dieser Veranstaltung.")
    expect(answer).to_have_css("background-color", RED)
    page.keyboard.press("Escape")

    # Offline the room mode counts nothing and queues nothing.
    context.set_offline(True)
    type_code(page, erika)
    expect(answer).to_have_attribute("data-status", "room_refused")
    expect(answer).to_contain_text(NEEDS_CONNECTION)
    page.keyboard.press("Escape")
    context.set_offline(False)
    assert counted(app, door) == (2, 1, 0)

    # Off again: the normal check-in, and nothing remembered for the room.
    page.get_by_label("Raum", exact=True).select_option(value="")
    expect(page.locator("#scanner")).to_have_attribute("data-room-mode", "off")
    expect(page.locator("#code-submit")).to_have_text("Einchecken")
    assert page.evaluate(f"localStorage.getItem('treffpunkt.checkin.room.{door['list_id']}')") is None
    type_code(page, jonas)
    expect(page.locator("#answer.is-shown[data-status=ok]")).to_contain_text("Jonas Weber")
    assert counted(app, door) == (2, 1, 1)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Admission)) == 1

    assert page.evaluate("window.__violations") == [] and console == []
    context.close()
