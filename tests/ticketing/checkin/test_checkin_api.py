import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from tests.factories import csrf_from, login, make_quota, make_ticket_type, make_user
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.checkin import offline
from ticketing.checkin import scans as checkin
from ticketing.models import Admission, CheckIn, CheckInList


@pytest.fixture
def door(client, app_ctx):
    """A check-in helper logged in at the door of a two-day event with tickets for day 1, day 2 and both days."""
    event, day1 = event_on_sale(seats=50, days=2)
    hall2 = make_quota(event, "Halle Tag 2", 50)
    day2 = make_ticket_type(event, [hall2], "Tag 2", days=event.days[1:])
    both = make_ticket_type(event, [day1.quotas[0], hall2], "Beide Tage", days=event.days)
    lists = {lst.name: lst for lst in checkin.default_lists(event)}
    db.session.commit()
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")
    token = csrf_from(client.get(f"/checkin/lists/{lists['Tag 1'].id}?gate=Eingang+Halle").text)

    def ticket(ticket_type, n, **kwargs):
        made = book(event, [person(ticket_type, n, **kwargs)])
        booking.confirm_booking(made, now=utcnow())
        db.session.commit()
        return made.tickets[0]

    def scan(check_in_list, *scans):
        url = f"/checkin/api/lists/{check_in_list.id}/scans"
        return client.post(url, json={"scans": list(scans)}, headers={"X-CSRFToken": token})

    types = (day1, day2, both)
    return SimpleNamespace(event=event, lists=lists, types=types, ticket=ticket, scan=scan, client=client, token=token)


def a_scan(code=None, *, gate="Eingang Halle", at=None, ticket_id=None, client_id=None):
    scan = {"client_id": client_id or str(uuid.uuid4()), "gate": gate, "scanned_at": (at or utcnow()).isoformat()}
    return scan | ({"ticket_id": ticket_id} if ticket_id else {"code": code})


OFFLINE = {"offline": True}  # the scanner marks the scans it queued while offline


def result_of(response):
    assert response.status_code == 200, response.text
    [result] = response.get_json()["results"]
    return result


def test_a_valid_ticket_is_checked_in_once_and_named(door):
    day1, _, _ = door.types
    ticket = door.ticket(day1, 1, name="Erika Mustermann", organization="Stadtwerke Stralsund")

    first = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket.secret)))
    again = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket.secret, gate="Eingang B")))

    assert (first["status"], first["name"], first["organization"], first["ticket_type"]) == (
        "ok", "Erika Mustermann", "Stadtwerke Stralsund", "Tag 1")  # fmt: skip
    assert (again["status"], again["first_gate"]) == ("already", "Eingang Halle")
    assert again["first_checked_in_at"] == first["first_checked_in_at"]
    assert db.session.scalar(select(func.count(Admission.ticket_id))) == 1
    assert db.session.scalar(select(func.count(CheckIn.id))) == 2  # both scans are on record


def test_a_lower_case_or_padded_code_still_matches(door):
    ticket = door.ticket(door.types[0], 1)

    assert result_of(door.scan(door.lists["Tag 1"], a_scan(f"  {ticket.secret.lower()} \n")))["status"] == "ok"


def test_wrong_day_other_event_cancelled_and_unknown_say_which(door, app_ctx):
    day1, day2, both = door.types
    tomorrow_only = door.ticket(day2, 2)
    cancelled = door.ticket(day1, 3)
    booking.cancel_ticket(cancelled, now=utcnow())
    db.session.commit()
    other_event, other_type = event_on_sale(seats=5, slug="andere")
    stranger = book(other_event, [person(other_type, 4)])
    booking.confirm_booking(stranger, now=utcnow())
    db.session.commit()

    answers = [
        result_of(door.scan(door.lists["Tag 1"], a_scan(code)))
        for code in (tomorrow_only.secret, stranger.tickets[0].secret, cancelled.secret, "NICHT-VON-UNS", "")
    ]

    assert [(a["status"], a["detail"]) for a in answers] == [
        ("wrong_list", "other_day"),
        ("wrong_list", "other_event"),
        ("cancelled", ""),
        ("unknown", ""),
        ("unknown", ""),
    ]
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_a_two_day_ticket_is_admitted_once_on_each_day(door):
    ticket = door.ticket(door.types[2], 1)

    day1 = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket.secret)))
    day2 = result_of(door.scan(door.lists["Tag 2"], a_scan(ticket.secret)))
    all_tickets = result_of(door.scan(door.lists["Alle Tickets"], a_scan(ticket.secret)))

    assert (day1["status"], day2["status"], all_tickets["status"]) == ("ok", "ok", "ok")


def test_a_list_of_one_ticket_type_refuses_the_others(door):
    day1, _, both = door.types
    only_both = CheckInList(event=door.event, name="Nur Beide Tage", ticket_type=both)
    db.session.add(only_both)
    db.session.commit()

    answer = result_of(door.scan(only_both, a_scan(door.ticket(day1, 1).secret)))

    assert (answer["status"], answer["detail"]) == ("wrong_list", "other_type")


def test_an_upload_repeated_after_a_lost_answer_is_taken_once(door):
    ticket = door.ticket(door.types[0], 1)
    scan = a_scan(ticket.secret)

    first = result_of(door.scan(door.lists["Tag 1"], scan))
    repeated = result_of(door.scan(door.lists["Tag 1"], scan))

    assert first == repeated and first["status"] == "ok"
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1


def test_two_gates_offline_for_the_same_ticket_the_earliest_wins_and_both_are_recorded(door):
    ticket = door.ticket(door.types[0], 1)
    offline_later = a_scan(ticket.secret, gate="Eingang Halle", at=utcnow() - timedelta(minutes=2)) | OFFLINE
    offline_earlier = a_scan(ticket.secret, gate="Eingang B", at=utcnow() - timedelta(minutes=10)) | OFFLINE

    first = result_of(door.scan(door.lists["Tag 1"], offline_later))
    uploaded_later = result_of(door.scan(door.lists["Tag 1"], offline_earlier))
    now_again = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket.secret, gate="Eingang C")))

    assert (first["status"], uploaded_later["status"]) == ("ok", "ok")  # each was first where it happened
    assert (now_again["status"], now_again["first_gate"]) == ("already", "Eingang B")
    admission = db.session.get(Admission, (ticket.id, door.lists["Tag 1"].id))
    assert admission.gate == "Eingang B"
    assert db.session.scalar(select(func.count(CheckIn.id))) == 3


@pytest.mark.parametrize("behind", [timedelta(seconds=10), timedelta(minutes=2), timedelta(hours=1), timedelta(days=1)])
def test_a_gate_whose_clock_is_behind_finds_an_admitted_ticket_already_admitted(door, behind):
    ticket = door.ticket(door.types[0], 1)
    first = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket.secret, gate="Eingang Halle")))

    late_clock = result_of(
        door.scan(door.lists["Tag 1"], a_scan(ticket.secret, gate="Eingang B", at=utcnow() - behind))
    )

    assert (first["status"], late_clock["status"], late_clock["first_gate"]) == ("ok", "already", "Eingang Halle")
    admission = db.session.get(Admission, (ticket.id, door.lists["Tag 1"].id))
    assert (admission.gate, admission.offline) == ("Eingang Halle", False)
    recorded = db.session.scalar(select(CheckIn.scanned_at).where(CheckIn.gate == "Eingang B"))
    assert abs((utcnow() - behind) - recorded) < timedelta(seconds=5)  # the device's time is kept for the record


def test_an_offline_scan_uploaded_after_an_online_admission_does_not_take_it_over(door):
    ticket = door.ticket(door.types[0], 1)
    online = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket.secret, gate="Eingang Halle")))

    offline = a_scan(ticket.secret, gate="Eingang B", at=utcnow() - timedelta(minutes=10)) | OFFLINE
    uploaded = result_of(door.scan(door.lists["Tag 1"], offline))

    assert (online["status"], uploaded["status"], uploaded["first_gate"]) == ("ok", "already", "Eingang Halle")


def test_a_queue_of_offline_scans_is_answered_in_order(door):
    a, b = door.ticket(door.types[0], 1), door.ticket(door.types[0], 2)

    response = door.scan(door.lists["Tag 1"], a_scan(a.secret), a_scan(b.secret), a_scan(a.secret))

    assert [r["status"] for r in response.get_json()["results"]] == ["ok", "ok", "already"]


def test_a_code_no_ticket_can_have_first_in_an_upload_is_unknown_and_the_next_scan_still_counts(door):
    a = door.ticket(door.types[0], 1)

    response = door.scan(door.lists["Tag 1"], a_scan("  "), a_scan("X" * 65), a_scan(a.secret.lower()))

    assert [r["status"] for r in response.get_json()["results"]] == ["unknown", "unknown", "ok"]


def test_manual_check_in_by_ticket_id_after_a_search(door):
    door.ticket(door.types[0], 1, name="Jörg Özdemir", organization="IHK zu Rostock")

    found = door.client.get(f"/checkin/api/lists/{door.lists['Tag 1'].id}/search", query_string={"q": "özdem"})
    [row] = found.get_json()["results"]
    answer = result_of(door.scan(door.lists["Tag 1"], a_scan(ticket_id=row["ticket_id"])))

    assert (row["name"], row["on_list"], row["first_checked_in_at"]) == ("Jörg Özdemir", True, None)
    assert answer["status"] == "ok"


MALFORMED_SCANS = [
    {"client_id": "x"},
    {"client_id": "y" * 80},
    {"client_id": "abcdefgh", "code": 7},
    {"client_id": "abcdefgh", "code": "A", "scanned_at": "gestern"},
    {"client_id": "abcdefgh", "code": "A", "scanned_at": "2027-01-01T10:00"},  # no timezone
    {"client_id": "abcdefgh", "ticket_id": 2**40},
    1,
]


@pytest.mark.parametrize(
    "body", [None, {}, {"scans": "no"}, {"scans": []}, *({"scans": [scan]} for scan in MALFORMED_SCANS)]
)
def test_malformed_uploads_get_a_json_answer_never_a_500(door, body):
    response = door.client.post(
        f"/checkin/api/lists/{door.lists['Tag 1'].id}/scans", json=body, headers={"X-CSRFToken": door.token}
    )

    assert response.status_code in (200, 400)
    assert response.is_json
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_the_api_needs_the_csrf_header(door):
    response = door.client.post(f"/checkin/api/lists/{door.lists['Tag 1'].id}/scans", json={"scans": [a_scan("X")]})

    assert response.status_code == 400 and response.is_json


def test_anonymous_and_program_users_are_refused(client, app_ctx):
    event, _ = event_on_sale()
    check_in_list = checkin.default_lists(event)[0]
    db.session.commit()
    api = f"/checkin/api/lists/{check_in_list.id}"

    anonymous = [
        client.get(f"{api}/snapshot").status_code,
        client.get(f"/checkin/lists/{check_in_list.id}").status_code,
    ]
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    program = [client.get(f"{api}/snapshot").status_code, client.get(f"/checkin/lists/{check_in_list.id}").status_code]

    assert anonymous == [401, 302]
    assert program == [403, 403]


def test_the_offline_copy_holds_hashes_not_secrets(door):
    ticket = door.ticket(door.types[0], 1, name="Erika Mustermann")
    door.scan(door.lists["Tag 1"], a_scan(ticket.secret))

    copy = door.client.get(f"/checkin/api/lists/{door.lists['Tag 1'].id}/snapshot").get_json()

    [row] = copy["tickets"]
    assert ticket.secret not in str(copy) and ticket.attendee_email not in str(copy)
    assert row["h"] == offline.secret_hash(ticket.secret)
    assert (row["name"], row["on_list"], row["first_gate"]) == ("Erika Mustermann", True, "Eingang Halle")
    assert (row["ticket_id"], row["detail"]) == (ticket.id, "")


def test_the_offline_copy_says_why_a_ticket_is_not_on_the_list(door):
    tomorrow_only = door.ticket(door.types[1], 1)

    copy = door.client.get(f"/checkin/api/lists/{door.lists['Tag 1'].id}/snapshot").get_json()

    assert [(row["ticket_id"], row["on_list"], row["detail"]) for row in copy["tickets"]] == [
        (tomorrow_only.id, False, "other_day")
    ]


def test_csrf_failures_on_the_api_say_so_in_json(door):
    response = door.client.post(
        f"/checkin/api/lists/{door.lists['Tag 1'].id}/scans",
        json={"scans": [a_scan("X")]},
        headers={"X-CSRFToken": "x"},
    )

    assert (response.status_code, response.get_json()["error"]) == (400, "csrf")


def test_a_list_of_an_unpublished_event_or_no_list_at_all_answers_404_and_records_nothing(door):
    ticket = door.ticket(door.types[0], 1)
    door.event.status = "draft"
    db.session.commit()

    hidden = door.scan(door.lists["Tag 1"], a_scan(ticket.secret))
    missing = door.scan(SimpleNamespace(id=2**31 - 1), a_scan(ticket.secret))

    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert hidden.is_json and missing.is_json  # the scanner reads JSON, even for a 404
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_a_scan_by_ticket_id_from_the_search_is_checked_in_like_a_code(door):
    ticket = door.ticket(door.types[2], 1, name="Jonas Petersen")
    found = door.client.get(f"/checkin/api/lists/{door.lists['Tag 2'].id}/search?q=peters").get_json()["results"]

    result = result_of(door.scan(door.lists["Tag 2"], a_scan(ticket_id=found[0]["ticket_id"])))

    assert [row["ticket_id"] for row in found] == [ticket.id]
    assert (found[0]["on_list"], result["status"], result["name"], result["ticket_type"]) == (
        True, "ok", "Jonas Petersen", "Beide Tage")  # fmt: skip
