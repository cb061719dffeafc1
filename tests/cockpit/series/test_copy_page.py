"""Copying an edition through the organizer's form: suggested values, the copy, refusals, and the roles."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from events.models import Event
from tests.cockpit.series.world import edition_world
from tests.factories import csrf_from, login, make_user, submit


@pytest.fixture
def world(app_ctx):
    world = edition_world()
    world["url"] = f"/manage/events/{world['event'].id}/series/copy"
    return world


def events() -> list[tuple[str, str]]:
    db.session.expire_all()
    return sorted(tuple(row) for row in db.session.execute(select(Event.slug, Event.status)))


def test_the_form_suggests_the_next_year_and_the_copy_opens_as_a_draft(client, world):
    make_user()
    login(client)
    source = world["event"]

    page = client.get(world["url"]).text
    next_year = source.days[0].replace(year=source.days[0].year + 1)
    response = submit(client, world["url"], {"first_day": next_year.isoformat(), "slug": "forum-2027",
                                             "name": "Forum 2027"})  # fmt: skip

    assert 'value="forum-2027"' in page and 'value="Forum 2027"' in page
    assert f'value="{next_year.isoformat()}"' in page
    assert re.search(r'<input[^>]*id="first_day"[^>]*required', page) and 'aria-required="true"' in page
    copy = db.session.scalar(select(Event).where(Event.slug == "forum-2027"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{copy.id}")
    assert (copy.status, copy.series, copy.days[0]) == ("draft", "forum-2026", next_year)
    assert "Forum 2027" in client.get(response.headers["Location"]).text


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"first_day": "today"}, "first_day"),
        ({"first_day": "2027-02-31"}, "first_day"),
        ({"first_day": ""}, "first_day"),
        ({"slug": "forum-2026"}, "slug"),
        ({"slug": "Forum 2027"}, "slug"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_shown_at_its_field_and_copies_nothing(client, world, fields, error_field):
    make_user()
    login(client)
    today = utcnow().astimezone(world["event"].tz).date()
    data = {"first_day": (today + timedelta(days=200)).isoformat(), "slug": "forum-2027", "name": "Forum 2027"}
    data |= {k: today.isoformat() if v == "today" else v for k, v in fields.items()}

    response = submit(client, world["url"], data)

    assert response.status_code == 200
    assert f'id="{error_field}-error"' in response.text
    assert re.search(rf'id="{error_field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{error_field}"',
                     response.text)  # fmt: skip
    assert events() == [("forum-2026", "published")]


def test_a_day_in_the_past_is_refused_with_a_clear_message(client, world):
    make_user()
    login(client)

    response = submit(client, world["url"], {"first_day": "2020-01-01", "slug": "forum-2027", "name": "Forum 2027"})

    assert re.search(r'id="first_day-error">[^<]*(after today|nach dem heutigen)', response.text)
    assert events() == [("forum-2026", "published")]


def test_the_program_team_may_not_copy(client, world):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")

    page = client.get(world["url"])
    token = csrf_from(client.get("/login").text)
    posted = client.post(world["url"], data={"csrf_token": token, "first_day": "2099-01-01", "slug": "forum-2099",
                                             "name": "Forum"})  # fmt: skip

    assert (page.status_code, posted.status_code) == (403, 403)
    assert events() == [("forum-2026", "published")]


def test_the_event_page_links_to_copying_and_to_the_contacts(client, world):
    make_user()
    login(client)

    page = client.get(f"/manage/events/{world['event'].id}").text

    assert f'href="{world["url"]}"' in page
    assert f'href="/manage/events/{world["event"].id}/series/contacts"' in page
