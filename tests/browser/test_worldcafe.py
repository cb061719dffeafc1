"""The World Café in Debian's Chromium, served by gunicorn: an attendee ranks topics with the plain selects, and
an organizer moves a person in the planner grid with the keyboard; figures and broken rules update at once and the
server holds the move."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from core.extensions import db
from tests.factories import PASSWORD, make_user
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)
from tests.ticketing.worldcafe.helpers import latin_plan, make_cafe, plan_of
from ticketing.worldcafe.attendee import choices
from ticketing.worldcafe.plan import plans

pytestmark = pytest.mark.browser

ORGANIZER = "programm@example.org"


@pytest.fixture
def cafe(app):
    with app.app_context():
        made = make_cafe()
        plans.store_draft(made.cafe, latin_plan(made))
        make_user(ORGANIZER, roles=("program",))
        db.session.commit()
        return made, made.ticket(0).access_token


def test_attendee_ranks_topics_with_plain_selects(app, cafe, gunicorn_server, page):
    made, token = cafe

    page.goto(f"{gunicorn_server.url}/t/{token}")
    page.get_by_label("1. Wahl").select_option(label="(Cyber-)Sicherheit")
    page.get_by_label("2. Wahl").select_option(label="Bildung")
    page.get_by_label("3. Wahl").select_option(label="– keine Wahl –")
    page.get_by_role("button", name="Meine Wahl speichern").click()

    expect(page.get_by_text("Ihre Themenwahl ist gespeichert.")).to_be_visible()
    with app.app_context():
        assert choices.choice_of(made.cafe, made.ticket(0)) == ["security", "education"]


def test_organizer_moves_a_person_with_the_keyboard_and_sees_the_broken_rules(app, cafe, gunicorn_server, page):
    made, _token = cafe
    planner = f"/manage/events/{made.event_id}/worldcafe/{made.cafe_id}/planner"
    page.goto(f"{gunicorn_server.url}/login?next={quote(planner)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(gunicorn_server.url + planner)
    person = page.locator(f"td[data-round='1'] li[data-ticket='{made.ticket_ids[0]}']")

    person.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    target = page.locator(f"td[data-round='1'][data-table='{made.table_ids[1]}']")
    expect(target.locator(f"li[data-ticket='{made.ticket_ids[0]}']")).to_be_visible()
    expect(target.locator(".cafe-count")).to_have_text("5")
    broken = "Runde 1: Am größten Tisch sitzen 5, am kleinsten 3 Personen."
    expect(page.locator("#cafe-figures")).to_contain_text(broken)
    expect(page.locator("#cafe-status")).to_contain_text(re.compile("Person 00 an Tisch 2. Bildung umgesetzt"))
    with app.app_context():
        assert plan_of(made, "draft").table_of(made.ticket_ids[0], 0) == made.table_ids[1]


def test_organizer_drags_a_person_to_another_table(app, cafe, gunicorn_server, page):
    made, _token = cafe
    planner = f"/manage/events/{made.event_id}/worldcafe/{made.cafe_id}/planner"
    page.goto(f"{gunicorn_server.url}/login?next={quote(planner)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    person = page.locator(f"td[data-round='2'] li[data-ticket='{made.ticket_ids[0]}']")
    target = page.locator(f"td[data-round='2'][data-table='{made.table_ids[2]}']")

    person.drag_to(target)

    expect(target.locator(f"li[data-ticket='{made.ticket_ids[0]}']")).to_be_visible()
    expect(page.locator("#cafe-figures")).to_contain_text("Runde 2:")
    with app.app_context():
        assert plan_of(made, "draft").table_of(made.ticket_ids[0], 1) == made.table_ids[2]
