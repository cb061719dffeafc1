"""A check-in user lands on the check-in start page, which shows today's events first."""

from datetime import timedelta

from core.db import utcnow
from tests.factories import login, make_event, make_user


def test_a_checkin_user_lands_on_the_checkin_page_others_on_the_organizer_area(client, app_ctx, app):
    make_user("tuer@example.org", roles=("checkin",))
    make_user("orga@example.org", roles=("admin", "checkin"))

    door = login(client, "tuer@example.org")
    orga = login(app.test_client(), "orga@example.org")

    assert door.headers["Location"] == "/checkin/"
    assert orga.headers["Location"] == "/manage/"


def test_the_start_page_groups_lists_per_event_today_first(client, app_ctx):
    make_user("tuer@example.org", roles=("checkin",))
    later = make_event("herbst", name="Herbstforum", starts_in_days=30)
    # Began yesterday, ends tomorrow: running today whatever the hour of the test.
    opened = utcnow() - timedelta(days=30)
    today = make_event("hafentag", name="Hafentag", starts_in_days=-1, days=3, registration_opens_at=opened)
    client.get("/language/en")
    login(client, "tuer@example.org")

    page = client.get("/checkin/").text

    today_section = page[page.index(f'id="event-{today.id}"') : page.index(f'id="event-{later.id}"')]
    assert "Hafentag" in today_section and "Today" in today_section and "Open scanner" in today_section
    assert "Today" not in page[page.index(f'id="event-{later.id}"') :]
