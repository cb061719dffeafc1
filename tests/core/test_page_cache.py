"""Public pages rendered once per change: what a visitor sees follows every change at once, and a cached page is
never shown to whom it does not belong."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from core.caching.versions import current_version, execute_rows
from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing
from events.program.models import Contribution, Track
from tests.factories import login, make_user, submit
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings
from ticketing.models import Quota

NONCE = re.compile(r'<style nonce="([^"]+)">')


def organizer(app):
    make_user()
    client = app.test_client()
    login(client)
    return client


def test_an_organizers_change_shows_on_the_next_visit(app, app_ctx, client):
    event, _ = event_on_sale()
    before = client.get("/e/noerd").text
    again = client.get("/e/noerd").text

    added = submit(
        organizer(app),
        f"/manage/events/{event.id}/program/rooms/new",
        {"name": "NØRD Lounge", "kind": "lounge", "capacity": "120", "access_notes": "stufenlos"},
    )

    after = client.get("/e/noerd").text
    assert added.status_code == 302
    assert before == again and "NØRD Lounge" not in before
    assert "NØRD Lounge – stufenlos" in after


def test_a_booking_changes_the_seats_shown_but_not_the_content_version(app_ctx, client):
    event, day = event_on_sale(seats=10)
    before, version = client.get("/e/noerd").text, current_version()

    book(event, [person(day, 1), person(day, 2)])
    db.session.commit()

    after = client.get("/e/noerd").text
    assert "10 Plätze frei" in before and "8 Plätze frei" in after
    assert current_version() == version


def test_a_lapsed_hold_counts_as_free_on_the_cached_page(app_ctx, client):
    event, day = event_on_sale(seats=1)
    book(event, [person(day)], hold_minutes=1)
    db.session.commit()
    assert "ausgebucht" in client.get("/e/noerd").text

    db.session.execute(update(bookings.Booking).values(hold_expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    assert "1 Platz frei" in client.get("/e/noerd").text


def test_the_page_changes_by_itself_when_registration_opens(app_ctx, client, monkeypatch):
    opens = utcnow() + timedelta(hours=1)
    event_on_sale(registration_opens_at=opens)
    before = client.get("/e/noerd").text

    later = opens + timedelta(seconds=1)
    for module in ("core.caching.pages", "events.views"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: later)
    after = client.get("/e/noerd").text

    assert "noch nicht geöffnet" in before and "Tickets buchen" not in before
    assert "Tickets buchen" in after


def test_logged_in_people_and_waiting_messages_get_their_own_page(app, app_ctx, client):
    event_on_sale()
    anonymous = client.get("/e/noerd").text
    orga = organizer(app)

    theirs = orga.get("/e/noerd").text
    client.get("/language/en?next=/e/noerd")
    english = client.get("/e/noerd").text

    assert "Abmelden" in theirs and "Abmelden" not in anonymous
    assert "Anmelden" in anonymous and "Log in" in english


def test_every_cached_response_carries_a_nonce_of_its_own_that_its_policy_allows(app_ctx, client):
    event, _ = event_on_sale()
    room = Room(event=event, name="NØRD Forum", kind="stage", capacity=800)
    track = Track(event=event, name="KI", colour="#ffd23f")
    talk = Contribution(event=event, title="Eröffnung", state="accepted", format="keynote", track=track)
    db.session.add_all([room, track, talk])
    db.session.flush()
    placing.schedule(talk, room, event.starts_at, actor=None)
    placing.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()

    responses = [client.get("/e/noerd/schedule") for _ in range(3)]

    nonces = [NONCE.search(r.text).group(1) for r in responses]
    assert len(set(nonces)) == 3
    for response, nonce in zip(responses, nonces, strict=True):
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        assert response.text.count(nonce) == 1


def test_the_version_moves_with_shown_changes_only_and_once_per_transaction(app_ctx):
    event, day = event_on_sale()
    room = Room(event=event, name="Saal", kind="stage", capacity=10)
    workshop = Contribution(event=event, title="Löten", state="accepted", format="workshop", seats=10)
    db.session.add_all([room, workshop])
    db.session.commit()
    start = current_version()

    book(event, [person(day)])  # bookings, tickets, seats, mail: read afresh or never shown
    db.session.execute(update(Contribution).values(seats_taken=Contribution.seats_taken + 1))
    db.session.commit()
    unmoved = current_version()

    room.name, workshop.title = "Großer Saal", "Löten für alle"
    db.session.execute(update(Contribution).where(Contribution.id == workshop.id).values(abstract="Mit Lötkolben"))
    db.session.commit()
    once = current_version()

    room.name = "Kleiner Saal"
    db.session.rollback()
    rolled_back = current_version()

    assert (unmoved, once, rolled_back) == (start, start + 1, start + 1)
    assert db.session.scalar(select(Room.name).where(Room.id == room.id)) == "Großer Saal"


def test_core_statements_run_beside_the_session_yet_see_its_changes_and_move_the_version(app_ctx):
    event, _ = event_on_sale()
    start = current_version()

    room = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=40)
    db.session.add(room)  # pending: the direct read must see it, as the session's autoflush would show it
    seen = execute_rows(select(Room.name).where(Room.event_id == event.id)).scalars().all()
    db.session.commit()
    added = current_version()
    execute_rows(update(Room).where(Room.id == room.id).values(capacity=45))  # shown: through the session
    db.session.commit()
    changed = current_version()
    execute_rows(update(Quota).where(Quota.event_id == event.id).values(seats_taken=Quota.seats_taken + 1))
    db.session.commit()

    assert seen == ["NØRD Workzone"]
    assert (added, changed, current_version()) == (start + 1, start + 2, start + 2)
    assert db.session.scalar(select(Room.capacity).where(Room.id == room.id)) == 45
