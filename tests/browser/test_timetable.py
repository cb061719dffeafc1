"""The organizer's timetable grid in Debian's Chromium, served by gunicorn: drag and drop onto a taken slot shows
the conflict as it arises, and the keyboard path moves a block; the server holds the new placement each time."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from core.extensions import db
from events.program.models import Contribution
from tests.events.program.test_timetable_grid import at, small_program
from tests.factories import PASSWORD, make_user
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)

pytestmark = pytest.mark.browser

ORGANIZER = "programm@example.org"


@pytest.fixture
def grid(app, gunicorn_server, page):
    """The small program with its conflicts, and the program organizer logged in on its grid (in English)."""
    with app.app_context():
        event, rooms, talks = small_program()
        make_user(ORGANIZER, roles=("program",))
        ids = {
            "event": event.id,
            "rooms": {key: room.id for key, room in rooms.items()},
            "talks": {key: talk.id for key, talk in talks.items()},
            "at": {(9, 15): at(event, 9, 15), (9, 35): at(event, 9, 35)},
        }
    grid_path = f"/manage/events/{ids['event']}/program/timetable"
    page.goto(f"{gunicorn_server.url}/login?next={quote(grid_path)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(gunicorn_server.url + grid_path)
    page.goto(f"{gunicorn_server.url}/language/en?next={quote(grid_path)}")  # the texts below are English
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable of NØRD Test")
    return ids


def placement(app, contribution_id: int):
    with app.app_context():
        found = db.session.get(Contribution, contribution_id)
        return found.room_id, found.starts_at, found.sequence


def test_organizer_drags_a_talk_onto_a_taken_slot_and_sees_the_conflict_appear(app, grid, page):
    conflicts = page.locator("#tt-conflicts")
    expect(conflicts).not_to_contain_text("are in the same room at the same time")
    block = page.locator(f"#c-{grid['talks']['clash']}")
    forum = page.locator(f".tt-column[data-room='{grid['rooms']['forum']}']").bounding_box()
    timetable = page.locator("#tt-grid")
    box = timetable.bounding_box()
    rows = timetable.evaluate("() => JSON.parse(document.getElementById('tt-config').textContent).rows")

    # Grab the block 4 px below its top edge and let go 3 rows (15 minutes) below the Forum's first line (9:00),
    # right on top of the keynote that is there: the drop lands in the room under the pointer.
    drop_at = {"x": forum["x"] - box["x"] + 40, "y": forum["y"] - box["y"] + 3 * forum["height"] / rows + 4}
    block.drag_to(timetable, source_position={"x": 60, "y": 4}, target_position=drop_at)

    expect(conflicts).to_contain_text("“Eröffnung” and “Offene Daten” are in the same room at the same time.")
    expect(page.get_by_role("status")).to_contain_text("Moved “Offene Daten” to NØRD Forum 09:15")
    expect(page.get_by_role("status")).to_contain_text("1 new conflict.")
    moved = page.locator(f"#c-{grid['talks']['clash']}")
    expect(moved).to_have_class(re.compile(r"\bhas-error\b"))
    expect(moved.locator(".tt-flag")).to_have_text("Conflict")
    expect(page.locator(f"#c-{grid['talks']['opening']}")).to_have_class(re.compile(r"\bhas-error\b"))
    room, starts_at, _sequence = placement(app, grid["talks"]["clash"])
    assert (room, starts_at) == (grid["rooms"]["forum"], grid["at"][9, 15])


def test_keyboard_path_picks_up_moves_and_drops_a_block(app, grid, page):
    before = placement(app, grid["talks"]["clash"])  # NØRD Stage 2, 9:15
    mover = page.get_by_role("button", name=re.compile("^Move “Offene Daten”"))

    mover.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Picked up “Offene Daten”: NØRD Stage 2, 09:15.")
    page.keyboard.press("ArrowRight")  # the next room to the right: NØRD Workzone
    page.keyboard.press("Shift+ArrowDown")  # 15 minutes later
    page.keyboard.press("ArrowDown")  # and 5 more
    expect(page.get_by_role("status")).to_have_text("NØRD Workzone, 09:35")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Moved “Offene Daten” to NØRD Workzone 09:35")
    expect(page.locator(f"#c-{grid['talks']['clash']}")).to_have_attribute("data-minute", str(9 * 60 + 35))
    expect(page.get_by_role("button", name=re.compile("^Move “Offene Daten”"))).to_be_focused()
    room, starts_at, sequence = placement(app, grid["talks"]["clash"])
    assert (room, starts_at, sequence) == (grid["rooms"]["workzone"], grid["at"][9, 35], before[2] + 1)

    page.keyboard.press("Enter")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Escape")  # cancelled: the block goes back and nothing is sent
    expect(page.get_by_role("status")).to_have_text("Move cancelled.")
    assert placement(app, grid["talks"]["clash"]) == (room, starts_at, sequence)


def test_a_talk_goes_from_the_tray_into_the_grid_by_keyboard_and_back_by_drag_and_drop(app, grid, page):
    waiting = grid["talks"]["tray"]
    tray = page.get_by_role("region", name=re.compile("^Not placed yet"))
    placer = page.get_by_role("button", name="Place “Noch ohne Platz”")

    placer.focus()
    page.keyboard.press("Enter")  # a preview appears in the first room at the first line
    page.keyboard.press("Shift+ArrowDown")
    expect(page.get_by_role("status")).to_have_text("NØRD Forum, 09:15")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Moved “Noch ohne Platz” to NØRD Forum 09:15")
    expect(page.locator(f"#c-{waiting}")).to_be_visible()
    expect(page.locator("#tt-tray-count")).to_have_text("0")
    assert placement(app, waiting)[0] == grid["rooms"]["forum"]

    page.locator(f"#c-{waiting}").drag_to(page.locator(".tt-tray"), source_position={"x": 60, "y": 4})

    expect(tray.get_by_role("link", name="Noch ohne Platz")).to_be_visible()
    expect(page.locator(f"#c-{waiting}")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Took “Noch ohne Platz” out of the timetable.")
    assert placement(app, waiting)[:2] == (None, None)
