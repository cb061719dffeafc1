"""The export routes and the read-only JSON API: only for published timetables, with the right content types."""

from datetime import datetime, time

import icalendar
import pytest

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Contribution, Speaker
from tests.factories import BERLIN, make_event

EXPORTS = ("schedule.xml", "schedule.json", "schedule.ics")


def at(event, hour, minute=0, day=0):
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


@pytest.fixture
def noerd(app_ctx):
    """A published event with a placed keynote and an unplaced talk; the timetable itself is not yet published."""
    event = make_event("noerd", days=2)
    forum = Room(event=event, name="NØRD Forum", kind="stage", capacity=800)
    anna = Speaker(event=event, name="Anna Becker", organization="Stadt Rostock", email="anna@example.org")
    keynote = Contribution(event=event, title="Eröffnung", format="keynote", state="accepted", language="de")
    keynote.speakers = [anna]
    loose = Contribution(event=event, title="Noch ohne Platz", state="accepted")
    db.session.add_all([forum, anna, keynote, loose])
    db.session.commit()
    program.schedule(keynote, forum, at(event, 9), actor=None)
    db.session.commit()
    return event, keynote


def publish(event):
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()


@pytest.mark.parametrize("path", [*EXPORTS, "contributions/{id}.ics"])
def test_nothing_is_exported_before_the_timetable_is_published(client, noerd, path):
    event, keynote = noerd

    assert client.get(f"/e/noerd/{path.format(id=keynote.id)}").status_code == 404
    assert client.get("/api/events/noerd/contributions").status_code == 404


def test_a_draft_event_stays_hidden_even_with_a_published_timetable(client, noerd):
    event, _ = noerd
    publish(event)
    event.status = "draft"
    db.session.commit()

    assert client.get("/e/noerd/schedule.xml").status_code == 404
    assert client.get("/api/events").json == []


def test_unknown_slugs_and_contributions_are_404(client, noerd):
    event, _ = noerd
    publish(event)

    assert client.get("/e/nirgends/schedule.json").status_code == 404
    assert client.get("/api/events/nirgends/speakers").status_code == 404
    assert client.get("/e/noerd/contributions/999999.ics").status_code == 404


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("schedule.xml", "application/xml"), ("schedule.json", "application/json"), ("schedule.ics", "text/calendar")],
)
def test_published_exports_have_their_content_types(client, noerd, path, content_type):
    event, _ = noerd
    publish(event)

    response = client.get(f"/e/noerd/{path}")

    assert response.status_code == 200
    assert response.mimetype == content_type
    assert "Eröffnung" in response.text
    assert "Noch ohne Platz" not in response.text


def test_one_contribution_as_ical(client, noerd):
    event, keynote = noerd
    publish(event)

    response = client.get(f"/e/noerd/contributions/{keynote.id}.ics")

    assert (response.status_code, response.mimetype) == (200, "text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Eröffnung"
    assert str(vevent["UID"]).startswith(f"contribution-{keynote.id}@")


def test_the_api_lists_events_rooms_contributions_and_speakers(client, noerd):
    event, keynote = noerd
    publish(event)
    program.schedule(keynote, keynote.room, at(event, 10), actor=None)  # moved after publishing
    db.session.commit()

    events = client.get("/api/events").json
    rooms = client.get("/api/events/noerd/rooms").json
    contributions = client.get("/api/events/noerd/contributions").json
    speakers = client.get("/api/events/noerd/speakers").json

    assert [(e["slug"], e["schedule_published"]) for e in events] == [("noerd", True)]
    assert [r["name"] for r in rooms] == ["NØRD Forum"]
    (only,) = contributions
    assert (only["id"], only["title"], only["format"], only["language"]) == (keynote.id, "Eröffnung", "keynote", "de")
    assert only["room"]["name"] == "NØRD Forum"
    assert datetime.fromisoformat(only["starts_at"]) == at(event, 10)
    assert datetime.fromisoformat(only["ends_at"]) == at(event, 10, 30)
    assert only["speakers"] == [{"id": keynote.speakers[0].id, "name": "Anna Becker", "organization": "Stadt Rostock"}]
    assert only["changed"] is True
    assert speakers == [
        {"id": keynote.speakers[0].id, "name": "Anna Becker", "organization": "Stadt Rostock", "bio": "",
         "contributions": [keynote.id]}
    ]  # fmt: skip
    assert "anna@example.org" not in client.get("/api/events/noerd/speakers").text


@pytest.mark.parametrize("path", ["schedule.xml", "schedule.json", "schedule.ics"])
def test_polling_clients_get_304_until_the_timetable_changes(client, noerd, path):
    event, keynote = noerd
    publish(event)
    first = client.get(f"/e/noerd/{path}")
    etag = first.headers["ETag"]

    unchanged = client.get(f"/e/noerd/{path}", headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.data) == (304, b"")

    program.schedule(keynote, keynote.room, at(event, 11), actor=None)  # moved: every client must see it
    db.session.commit()
    changed = client.get(f"/e/noerd/{path}", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.data != first.data


def test_a_room_has_its_own_feed_and_a_room_without_program_none(client, noerd):
    event, keynote = noerd
    empty = Room(event=event, name="Lounge", kind="cafe", capacity=40)
    db.session.add(empty)
    db.session.commit()
    publish(event)

    feed = client.get(f"/e/noerd/rooms/{keynote.room_id}.ics")
    calendar = icalendar.Calendar.from_ical(feed.data)

    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Eröffnung"]
    assert client.get(f"/e/noerd/rooms/{empty.id}.ics").status_code == 404
    assert client.get("/e/noerd/rooms/999999.ics").status_code == 404


def test_the_schedule_and_a_contribution_link_every_feed_with_a_subscribe_link(client, noerd):
    event, keynote = noerd
    publish(event)

    schedule = client.get(f"/e/noerd/schedule?room={keynote.room_id}").text
    contribution = client.get(f"/e/noerd/contributions/{keynote.id}").text

    assert 'href="webcal://localhost/e/noerd/schedule.ics"' in schedule
    assert f'href="webcal://localhost/e/noerd/rooms/{keynote.room_id}.ics"' in schedule
    assert 'href="/e/noerd/schedule.xml"' in schedule and 'href="/e/noerd/schedule.json"' in schedule
    assert f'href="http://localhost/e/noerd/contributions/{keynote.id}.ics"' in contribution
    assert 'href="webcal://localhost/e/noerd/schedule.ics"' in contribution
