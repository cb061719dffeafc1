"""The timetable planner in Debian's Chromium, served by gunicorn: an organizer computes a proposal, watches its
progress bar hand over to the proposal page, reads the diff and applies it; the server holds the new placements."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from core.db import utcnow
from core.extensions import db
from core.jobs import run_one
from events.program.models import Contribution
from tests.events.program.planner.helpers import planner_program
from tests.factories import PASSWORD, make_user
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)

pytestmark = pytest.mark.browser

ORGANIZER = "programm@example.org"


@pytest.fixture
def planner_page(app, gunicorn_server, page):
    """The small planner program and the program organizer on the planner page (in English)."""
    with app.app_context():
        made = planner_program()
        make_user(ORGANIZER, roles=("program",))
        ids = {"event": made.event.id, "talks": {key: c.id for key, c in made.talks.items()}}
    path = f"/manage/events/{ids['event']}/program/planner"
    page.goto(f"{gunicorn_server.url}/login?next={quote(path)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(gunicorn_server.url + path)
    page.goto(f"{gunicorn_server.url}/language/en?next={quote(path)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable planner")
    return ids


def test_organizer_computes_a_proposal_reads_its_diff_and_applies_it(app, planner_page, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.get_by_label("Time budget (seconds)").fill("1")
    page.get_by_role("button", name="Compute proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable proposal")
    expect(page.locator("[data-job-progress]")).to_be_visible()

    with app.app_context():  # the worker's step (`flask worker`), while the page polls
        job = run_one("browser-test-worker", now=utcnow())
        assert job.state == "done", job.error

    expect(page.locator("#planner-diff")).to_be_visible(timeout=15000)
    expect(page.locator("#diff-summary")).to_contain_text("2 newly placed")
    expect(page.locator("#planner-figures tr[data-figure='attendee_conflicts'] td").first).to_have_text("3")
    expect(page.locator("#planner-figures tr[data-figure='attendee_conflicts'] td").last).to_have_text("0")
    b2 = page.locator(f"#planner-diff tr[data-contribution='c{planner_page['talks']['B2']}']")
    expect(b2).to_have_attribute("data-change", "placed")
    page.get_by_role("button", name="Apply proposal").click()

    expect(page.get_by_text("The proposal was applied")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Timetable of")
    with app.app_context():
        placed = [db.session.get(Contribution, cid).is_scheduled for cid in planner_page["talks"].values()]
    assert placed == [True] * 5
    assert [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e] == []
