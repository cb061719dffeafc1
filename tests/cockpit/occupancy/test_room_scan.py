"""The scanner's room mode over HTTP: a ticket's code counts one entry or exit of a room (the JSON route the scanner
page names), refusals change nothing, and nothing about the ticket is stored."""

import json

import pytest
from lxml import html as lxml_html
from sqlalchemy import func, select

from cockpit.occupancy.models import DoorCount
from core.db import utcnow
from core.extensions import db
from core.models import AuditLog
from events.models import Room
from tests.factories import csrf_from, login, make_user
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.checkin import scans as checkin
from ticketing.models import Admission, CheckIn


@pytest.fixture
def world(app_ctx):
    """An event with a room for 2, three confirmed tickets (one then cancelled), one held ticket; another event's
    valid ticket; door staff, an admin and the program team."""
    event, day_one = event_on_sale(seats=20)
    forum = Room(event=event, name="Forum", kind="stage", capacity=2)
    db.session.add(forum)
    confirmed = book(event, [person(day_one, n) for n in (1, 2, 3)])
    booking.confirm_booking(confirmed, now=utcnow())
    held = book(event, [person(day_one, 4)])
    booking.cancel_ticket(confirmed.tickets[2], now=utcnow())
    other, other_day = event_on_sale(seats=5, slug="andere")
    elsewhere = book(other, [person(other_day, 5)])
    booking.confirm_booking(elsewhere, now=utcnow())
    [all_tickets, *_] = checkin.default_lists(event)
    for role in ("admin", "program", "checkin"):
        make_user(f"{role}@example.org", roles=(role,))
    db.session.commit()
    return {
        "event": event,
        "other": other,
        "forum": forum,
        "list": all_tickets,
        "erika": confirmed.tickets[0].secret,
        "jonas": confirmed.tickets[1].secret,
        "cancelled": confirmed.tickets[2].secret,
        "held": held.tickets[0].secret,
        "other_event": elsewhere.tickets[0].secret,
    }


def scanner_config(client, world) -> dict:
    """What the scanner page hands its script: the CSRF token and the room-scan URL (room id 0 as placeholder)."""
    page = client.get(f"/checkin/lists/{world['list'].id}")
    assert page.status_code == 200
    return json.loads(lxml_html.fromstring(page.text).get_element_by_id("scanner-config").text_content())


def scan(client, world, code: str, direction: str, *, token: str | None = None):
    config = scanner_config(client, world)
    url = config["urls"]["roomScan"].replace("/0/scan", f"/{world['forum'].id}/scan")
    headers = {"X-CSRFToken": config["csrfToken"] if token is None else token, "Accept": "application/json"}
    return client.post(url, json={"code": code, "direction": direction}, headers=headers)


def stored(world) -> tuple[int, int]:
    query = select(func.coalesce(func.sum(DoorCount.entries), 0), func.coalesce(func.sum(DoorCount.exits), 0))
    return tuple(db.session.execute(query.where(DoorCount.room_id == world["forum"].id)).one())


def rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_codes_count_entries_and_exits_and_the_answer_carries_the_room_figures(client, world):
    login(client, "checkin@example.org")
    client.get("/language/en")

    first = scan(client, world, world["erika"], "entry")
    second = scan(client, world, world["jonas"].lower() + " ", "entry")  # typed: case and spaces do not matter
    out = scan(client, world, world["erika"], "exit")

    assert (first.status_code, first.json["ok"], first.json["count"], first.json["full"]) == (200, True, 1, False)
    assert (first.json["title"], first.json["figure"], first.json["message"]) == ("Entry counted", "Forum: 1 / 2", "")
    assert (second.status_code, second.json["count"], second.json["full"]) == (200, 2, True)
    assert second.json["message"] == "Full: let nobody else in until someone leaves."
    assert (out.status_code, out.json["title"], out.json["figure"], out.json["direction"]) == (
        200, "Exit counted", "Forum: 1 / 2", "exit",
    )  # fmt: skip
    assert stored(world) == (2, 1)


def test_the_same_ticket_twice_counts_twice_and_nothing_about_the_ticket_is_stored(client, world):
    login(client, "admin@example.org")
    audit_before = rows(AuditLog)

    answers = [scan(client, world, world["erika"], "entry").json["count"] for _ in range(2)]

    assert answers == [1, 2]
    assert stored(world) == (2, 0)
    assert (rows(CheckIn), rows(Admission), rows(AuditLog)) == (0, 0, audit_before)
    counted = db.session.execute(select(DoorCount.__table__)).mappings().one()
    assert set(counted.keys()) == {"id", "event_id", "room_id", "slice_start", "entries", "exits"}


@pytest.mark.parametrize(
    ("ticket", "message"),
    [
        ("cancelled", "This ticket was cancelled."),
        ("held", "This code is not a ticket of this event."),
        ("other_event", "This ticket is for another event."),
        (None, "This code is not a ticket of this event."),
    ],
)
def test_refused_tickets_count_nothing(client, world, ticket, message):
    login(client, "checkin@example.org")
    client.get("/language/en")
    scan(client, world, world["erika"], "entry")

    refused = scan(client, world, world[ticket] if ticket else "NOT-A-TICKET", "entry")

    assert (refused.status_code, refused.json["ok"], refused.json["title"]) == (409, False, "Not counted")
    assert (refused.json["message"], refused.json["count"], refused.json["figure"]) == (message, 1, "Forum: 1 / 2")
    assert stored(world) == (1, 0)


def test_an_exit_from_an_empty_room_is_refused_in_german_by_default(client, world):
    login(client, "checkin@example.org")

    refused = scan(client, world, world["erika"], "exit")

    assert (refused.status_code, refused.json["ok"], refused.json["refusal"], refused.json["count"]) == (
        409, False, "empty", 0,
    )  # fmt: skip
    assert refused.json["message"] == "In Forum ist niemand gezählt: Ein Austritt kann nicht gezählt werden."
    assert stored(world) == (0, 0)


@pytest.mark.parametrize(
    "payload", [{"code": "X"}, {"code": ["X"], "direction": "entry"}, {"code": "X", "direction": ["exit"]}, []]
)
def test_a_malformed_request_is_a_bad_request_not_a_server_error(client, world, payload):
    login(client, "checkin@example.org")
    config = scanner_config(client, world)
    url = config["urls"]["roomScan"].replace("/0/scan", f"/{world['forum'].id}/scan")

    response = client.post(url, json=payload, headers={"X-CSRFToken": config["csrfToken"]})

    assert (response.status_code, response.json["ok"], response.json["refusal"]) == (400, False, "bad_request")
    assert stored(world) == (0, 0)


def test_a_scan_without_csrf_token_is_refused(client, world):
    login(client, "checkin@example.org")

    response = scan(client, world, world["erika"], "entry", token="")

    assert response.status_code == 400
    assert stored(world) == (0, 0)


def test_the_program_team_may_not_count_by_scan(client, world):
    login(client, "program@example.org")
    token = csrf_from(client.get("/login").text)
    url = f"/manage/events/{world['event'].id}/occupancy/rooms/{world['forum'].id}/scan"

    response = client.post(url, json={"code": world["erika"], "direction": "entry"}, headers={"X-CSRFToken": token})

    assert response.status_code == 403
    assert stored(world) == (0, 0)


def test_a_room_of_another_event_is_not_found(client, world):
    other_room = Room(event=world["other"], name="Saal", kind="stage", capacity=10)
    db.session.add(other_room)
    db.session.commit()
    login(client, "checkin@example.org")
    config = scanner_config(client, world)
    url = f"/manage/events/{world['event'].id}/occupancy/rooms/{other_room.id}/scan"

    response = client.post(
        url, json={"code": world["erika"], "direction": "entry"}, headers={"X-CSRFToken": config["csrfToken"]}
    )

    assert response.status_code == 404
    assert rows(DoorCount) == 0


def test_the_scanner_page_offers_the_rooms_and_off_by_default(client, world):
    login(client, "checkin@example.org")
    client.get("/language/en")

    page = lxml_html.fromstring(client.get(f"/checkin/lists/{world['list'].id}").text)

    options = [(o.get("value"), o.text_content()) for o in page.get_element_by_id("room").iterfind("option")]
    assert options == [("", "Off: normal check-in"), (str(world["forum"].id), "Forum")]
    assert page.find(".//label[@for='room']").text_content() == "Room"
    assert [i.get("value") for i in page.iterfind(".//input[@name='direction']")] == ["entry", "exit"]
    assert "scanned twice counts twice" in page.get_element_by_id("room-hint").text_content()
