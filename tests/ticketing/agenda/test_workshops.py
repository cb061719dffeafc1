"""Workshop sign-up: seats, the waiting list that moves up by itself (with a mail), overlaps, the ticket page's
buttons, cancelling, the organizer's limits and lists, and the workshop's own check-in list."""

import uuid
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import mail_settings_from, send_pending
from events.models import Room
from events.program import placing as program
from events.program import services as program_services
from events.program.models import Contribution
from events.program.placing import ProgramError
from tests.factories import csrf_from, login, make_quota, make_ticket_type, make_user
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)
from tests.ticketing.booking.test_booking_views import links_to, read
from tests.ticketing.booking_helpers import book, event_on_sale, outbox, person
from ticketing.agenda import workshops
from ticketing.agenda.workshops import WorkshopError
from ticketing.booking import bookings as booking
from ticketing.checkin import scans as checkin
from ticketing.models import Ticket, WorkshopSignup


def make_workshop(event, room, title, *, day=0, at=time(10), minutes=90, seats=3, fmt="workshop"):
    """A workshop saved and placed the way an organizer does it."""
    contribution = program_services.save_contribution(
        event, title=title, format=fmt, duration_minutes=minutes, language="de", state="accepted", actor=None,
        seats=seats if fmt == "workshop" else None,
    )  # fmt: skip
    program.schedule(contribution, room, datetime.combine(event.days[day], at, event.tz), actor=None)
    db.session.commit()
    return contribution


def workshop_event(seats=3):
    """A two-day event with a published program: workshops at 10:00 (A), 11:00 (B, overlaps A), 14:00 (C), one on
    day 2 (D), and a talk without sign-up; tickets for day 1 and day 2."""
    event, day1 = event_on_sale(seats=100, days=2)
    day2 = make_ticket_type(event, [make_quota(event, "Halle Tag 2", 100)], "Tag 2", days=event.days[1:])
    room = Room(event=event, name="Workzone", kind="workshop", capacity=40)
    stage = Room(event=event, name="Forum", kind="stage", capacity=400)
    db.session.add_all([room, stage])
    db.session.commit()
    places = SimpleNamespace(
        a=make_workshop(event, room, "Workshop: Open Data", seats=seats),
        b=make_workshop(event, stage, "Workshop: KI im Amt", at=time(11), seats=seats),
        c=make_workshop(event, room, "Workshop: Sensoren", at=time(14), seats=seats),
        d=make_workshop(event, room, "Workshop: Wärmewende", day=1, seats=seats),
        talk=make_workshop(event, stage, "Keynote", at=time(9), minutes=30, fmt="keynote"),
    )
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()

    def ticket(n, ticket_type=day1, **kwargs):
        made = book(event, [person(ticket_type, n, **kwargs)])
        booking.confirm_booking(made, now=utcnow())
        db.session.commit()
        return made.tickets[0]

    return SimpleNamespace(event=event, day1=day1, day2=day2, ticket=ticket, **vars(places))


def sign_up(ticket, contribution, now=None):
    signup = workshops.sign_up(ticket, contribution, now=now or utcnow())
    db.session.commit()
    return signup


def wait(ticket, contribution):
    signup = workshops.join_waitlist(ticket, contribution, now=utcnow())
    db.session.commit()
    return signup


def refusal(action, *args, **kwargs) -> str:
    """The code of the refusal, handled as the view does: "full" keeps what happened first, the rest is undone."""
    with pytest.raises(WorkshopError) as refused:
        action(*args, now=kwargs.pop("now", utcnow()), **kwargs)
    if refused.value.code == "workshop_full":
        db.session.commit()
    else:
        db.session.rollback()
    return refused.value.code


# Service level


def test_signing_up_takes_a_seat_until_the_workshop_is_full(app_ctx):
    w = workshop_event(seats=2)
    first, second, third = w.ticket(1), w.ticket(2), w.ticket(3)

    sign_up(first, w.a), sign_up(second, w.a)

    assert refusal(workshops.sign_up, third, w.a) == "workshop_full"
    assert (w.a.seats_taken, w.a.seats) == (2, 2)
    assert [o.state for o in workshops.workshops_for(first, utcnow())] == ["signed_up", None, None]
    assert [o.contribution.title for o in workshops.workshops_for(third, utcnow())] == [
        "Workshop: Open Data", "Workshop: KI im Amt", "Workshop: Sensoren"]  # fmt: skip
    assert [o.seats_left for o in workshops.workshops_for(third, utcnow())] == [0, 2, 2]


def test_leaving_moves_the_first_waiting_ticket_up_and_mails_its_holder(app_ctx):
    w = workshop_event(seats=1)
    holder, first, second = w.ticket(1), w.ticket(2, email="erste@example.org"), w.ticket(3)
    seat = sign_up(holder, w.a)
    waiting_1, waiting_2 = wait(first, w.a), wait(second, w.a)
    assert (waiting_1.state, workshops.queue_position(waiting_2)) == ("waiting", 2)

    workshops.leave(seat, now=utcnow())
    db.session.commit()

    assert (seat.state, waiting_1.state, waiting_2.state) == ("cancelled", "signed_up", "waiting")
    assert waiting_1.promoted_at is not None and workshops.queue_position(waiting_2) == 1
    assert w.a.seats_taken == 1
    [mail] = outbox(f"workshop:{waiting_1.id}")
    assert mail.to_address == "erste@example.org"
    assert "Workshop: Open Data" in mail.body_text and first.access_token in mail.body_text


def test_joining_the_waiting_list_while_a_seat_is_free_gives_the_seat(app_ctx):
    w = workshop_event(seats=1)

    signup = wait(w.ticket(1), w.a)

    assert (signup.state, w.a.seats_taken) == ("signed_up", 1)


def test_seats_an_organizer_adds_go_to_the_waiting_list_before_newcomers(app_ctx):
    w = workshop_event(seats=1)
    sign_up(w.ticket(1), w.a)
    waiting = wait(w.ticket(2), w.a)
    program_services.save_contribution(
        w.event, title=w.a.title, format="workshop", duration_minutes=90, language="de", seats=2, state="accepted",
        contribution=w.a, actor=None,
    )  # fmt: skip
    db.session.commit()

    assert refusal(workshops.sign_up, w.ticket(3), w.a) == "workshop_full"
    assert db.session.get(WorkshopSignup, waiting.id).state == "signed_up"


def test_an_overlapping_seat_or_waiting_place_is_refused_and_named(app_ctx):
    w = workshop_event(seats=1)
    ticket, other = w.ticket(1), w.ticket(2)
    sign_up(ticket, w.a)
    sign_up(other, w.b)

    with pytest.raises(WorkshopError) as overlap:
        workshops.sign_up(ticket, w.b, now=utcnow())
    db.session.rollback()

    assert (overlap.value.code, overlap.value.other.title) == ("workshop_overlap", "Workshop: Open Data")
    assert refusal(workshops.join_waitlist, ticket, w.b) == "workshop_overlap"
    assert sign_up(ticket, w.c).state == "signed_up"  # 14:00 does not overlap 10:00–11:30


def test_wrong_day_invalid_ticket_started_and_no_seats_are_refused(app_ctx):
    w = workshop_event()
    tag2, cancelled = w.ticket(1, w.day2), w.ticket(2)
    booking.cancel_ticket(cancelled, now=utcnow())
    db.session.commit()

    assert refusal(workshops.sign_up, tag2, w.a) == "workshop_wrong_day"
    assert refusal(workshops.sign_up, cancelled, w.a) == "workshop_ticket_invalid"
    assert refusal(workshops.sign_up, w.ticket(3), w.a, now=w.a.starts_at) == "workshop_started"
    assert refusal(workshops.sign_up, w.ticket(4), w.talk) == "workshop_unavailable"
    assert [o.contribution.title for o in workshops.workshops_for(tag2, utcnow())] == ["Workshop: Wärmewende"]


@pytest.mark.parametrize("withdraw", ["timetable", "event"])
def test_a_withdrawn_timetable_or_event_takes_no_sign_ups(app_ctx, withdraw):
    w = workshop_event()
    ticket = w.ticket(1)
    if withdraw == "timetable":
        program.withdraw_schedule(w.event, actor=None)
    else:
        w.event.status = "draft"
    db.session.commit()

    assert refusal(workshops.sign_up, ticket, w.a) == "workshop_unavailable"


def test_signing_up_again_reuses_the_row_and_queues_at_the_end(app_ctx):
    w = workshop_event(seats=1)
    holder, early, late = w.ticket(1), w.ticket(2), w.ticket(3)
    sign_up(holder, w.a)
    first = wait(early, w.a)
    wait(late, w.a)
    assert refusal(workshops.join_waitlist, early, w.a) == "workshop_already_waiting"
    assert refusal(workshops.sign_up, holder, w.a) == "workshop_already_signed_up"

    workshops.leave(first, now=utcnow())
    again = wait(early, w.a)

    assert again.id == first.id and workshops.queue_position(again) == 2
    assert db.session.scalar(select(func.count(WorkshopSignup.id)).where(WorkshopSignup.ticket_id == early.id)) == 1


def test_leaving_after_the_start_or_without_a_place_is_refused(app_ctx):
    w = workshop_event()
    seat = sign_up(w.ticket(1), w.a)

    assert refusal(workshops.leave, seat, now=w.a.starts_at + timedelta(minutes=1)) == "workshop_started"
    workshops.leave(seat, now=utcnow())
    assert refusal(workshops.leave, seat) == "workshop_no_place"


@pytest.mark.parametrize("how", ["cancel", "delete_data"])
def test_cancelling_a_ticket_or_deleting_its_data_frees_its_seats_and_places(app_ctx, how):
    w = workshop_event(seats=1)
    ticket, waiting_ticket = w.ticket(1), w.ticket(2)
    sign_up(w.ticket(3), w.c)
    seat, queued = sign_up(ticket, w.a), wait(ticket, w.c)
    promoted = wait(waiting_ticket, w.a)

    (booking.cancel_ticket if how == "cancel" else booking.delete_attendee_data)(ticket, now=utcnow())
    db.session.commit()

    assert (seat.state, queued.state, promoted.state) == ("cancelled", "cancelled", "signed_up")
    assert (w.a.seats_taken, w.c.seats_taken) == (1, 1)
    assert len(outbox(f"workshop:{promoted.id}")) == 1


def test_seats_cannot_go_below_those_taken(app_ctx):
    w = workshop_event(seats=3)
    sign_up(w.ticket(1), w.a), sign_up(w.ticket(2), w.a)

    with pytest.raises(ProgramError) as too_few:
        program_services.save_contribution(
            w.event, title=w.a.title, format="workshop", duration_minutes=90, language="de", seats=1,
            state="accepted", contribution=w.a, actor=None,
        )  # fmt: skip
    db.session.rollback()

    assert (too_few.value.code, too_few.value.field) == ("seats_below_taken", "seats")
    assert (w.a.seats, w.a.seats_taken) == (3, 2)


# Over HTTP: the ticket page's buttons


def ticket_page(client, ticket):
    return read(client.get(f"/t/{ticket.access_token}"))


def button(page, label: str) -> dict:
    """The one form on the page whose button reads `label` (the workshop's title is part of it, for screen readers)."""
    [form] = [f for f in page.forms if label in f["buttons"]]
    return form


def press(client, form: dict):
    """Press a one-button form as a browser does and follow the redirect back to the ticket page."""
    pressed = client.post(form["action"], data=form["fields"])
    assert pressed.status_code == 302, pressed.text
    assert pressed.headers["Location"] == form["action"].split("/workshops/")[0]  # back to the ticket page
    return read(client.get(pressed.headers["Location"]))


@pytest.fixture
def deliver(app_ctx, smtp_server):
    """Send the outbox to the loopback SMTP server, as `flask mail send` does; returns the messages that arrived."""
    app_ctx.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)

    def run():
        report = send_pending(now=utcnow(), smtp_settings=mail_settings_from(app_ctx.config))
        assert (report.retried, report.failed, report.skipped) == (0, 0, 0)
        return smtp_server.wait_for(report.sent)

    return run


@pytest.fixture
def english(client):
    client.get("/language/en")
    return client


def test_a_holder_signs_up_on_the_ticket_page_and_sees_the_seat(english, app_ctx):
    w = workshop_event(seats=2)
    ticket = w.ticket(1)
    page = ticket_page(english, ticket)
    assert [f["buttons"] for f in page.forms] == [
        ["Sign up: Workshop: Open Data"],
        ["Sign up: Workshop: KI im Amt"],
        ["Sign up: Workshop: Sensoren"],
    ]

    after = press(english, button(page, "Sign up: Workshop: Open Data"))

    assert after.flashes == ["You have a seat in “Workshop: Open Data”."]
    assert "Leave the workshop: Workshop: Open Data" in [b for f in after.forms for b in f["buttons"]]
    assert db.session.get(WorkshopSignup, signup_id(ticket, w.a)).state == "signed_up"
    assert w.a.seats_taken == 1


def signup_id(ticket, contribution) -> int:
    return workshops.signup_of(ticket, contribution).id


def test_a_full_workshop_says_so_and_offers_the_waiting_list(english, app_ctx):
    w = workshop_event(seats=1)
    ticket = w.ticket(1)
    stale = ticket_page(english, ticket)  # opened while a seat was still free
    sign_up(w.ticket(2), w.a)

    full = press(english, button(stale, "Sign up: Workshop: Open Data"))
    queued = press(english, button(full, "Join the waiting list: Workshop: Open Data"))

    assert full.flashes == ["This workshop is full. You can join its waiting list."]
    assert queued.flashes == [
        "You are number 1 on the waiting list for “Workshop: Open Data”. If a seat becomes free, it is yours "
        "automatically and we tell you by email."
    ]
    assert "Leave the waiting list: Workshop: Open Data" in [b for f in queued.forms for b in f["buttons"]]


def test_an_overlapping_workshop_is_refused_with_the_other_ones_name_and_time(english, app_ctx):
    w = workshop_event()
    ticket = w.ticket(1)
    page = ticket_page(english, ticket)
    press(english, button(page, "Sign up: Workshop: Open Data"))

    refused = press(english, button(page, "Sign up: Workshop: KI im Amt"))

    day = w.event.days[0]
    assert refused.flashes == [
        f"You already have a place in “Workshop: Open Data” ({day.day} {day:%b %Y}, 10:00–11:30), "
        "which overlaps with this workshop."
    ]
    assert workshops.signup_of(ticket, w.b) is None
    assert [b for f in refused.forms for b in f["buttons"]] == [
        "Leave the workshop: Workshop: Open Data",
        "Sign up: Workshop: Sensoren",
    ]  # no button for the workshop at the same time: the page says why instead
    assert "At the same time as “Workshop: Open Data”, where you have a place." in english.get(
        f"/t/{ticket.access_token}").text  # fmt: skip


def test_leaving_on_the_page_moves_the_next_person_up_and_their_mail_arrives(english, app_ctx, deliver):
    w = workshop_event(seats=1)
    holder, waiting = w.ticket(1), w.ticket(2, email="wartend@example.org")
    sign_up(holder, w.a)
    wait(waiting, w.a)

    left = press(english, button(ticket_page(english, holder), "Leave the workshop: Workshop: Open Data"))
    [mail] = [m for m in deliver() if "Workshop: Open Data" in m.get_body(("plain",)).get_content()]
    their_page = read(english.get(links_to(mail, "/t/")[0]))

    assert left.flashes == ["You have left “Workshop: Open Data”; your seat goes to the next person."]
    assert mail["To"] == "wartend@example.org" and w.event.name in mail["Subject"]
    assert "Leave the workshop: Workshop: Open Data" in [b for f in their_page.forms for b in f["buttons"]]


def test_releasing_the_ticket_on_its_page_frees_the_workshop_seat(client, app_ctx):
    w = workshop_event(seats=1)
    ticket = w.ticket(1)
    sign_up(ticket, w.a)
    token = csrf_from(client.get(f"/t/{ticket.access_token}/release").text)

    released = client.post(f"/t/{ticket.access_token}/release", data={"csrf_token": token})

    assert released.status_code == 302
    assert (workshops.signup_of(ticket, w.a).state, w.a.seats_taken) == ("cancelled", 0)
    assert ticket_page(client, ticket).forms == []  # a cancelled ticket has no workshop section


def test_bad_requests_change_nothing(client, app_ctx):
    w = workshop_event()
    ticket = w.ticket(1)
    token = csrf_from(client.get(f"/t/{ticket.access_token}").text)
    base = f"/t/{ticket.access_token}/workshops"

    assert client.post(f"{base}/{w.talk.id}/signup", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{base}/999999/signup", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{base}/{2**40}/signup", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/t/not-a-token/workshops/{w.a.id}/signup", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{base}/{w.a.id}/leave", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{base}/{w.a.id}/signup").status_code == 400  # no CSRF token
    assert client.get(f"{base}/{w.a.id}/signup").status_code == 405
    assert db.session.scalar(select(func.count(WorkshopSignup.id))) == 0


# Organizer pages


def test_organizers_see_the_sign_ups_and_export_them(client, app_ctx):
    w = workshop_event(seats=1)
    sign_up(w.ticket(1, name="Erika Mustermann"), w.a)
    wait(w.ticket(2, name="=Jonas Weber"), w.a)
    url = f"/manage/events/{w.event.id}/workshops"
    assert client.get(url).status_code == 302  # anonymous: to the login
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    client.get("/language/en")

    overview = client.get(url)
    detail = client.get(f"{url}/{w.a.id}")
    csv = client.get(f"{url}/{w.a.id}/signups.csv")

    assert overview.status_code == 200 and f"{url}/{w.a.id}" in read(overview).links.values()
    assert detail.text.index("Erika Mustermann") < detail.text.index("=Jonas Weber")
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Name;Organization;Email;Ticket;State;Since"
    assert [line.split(";")[:5] for line in lines[1:]] == [
        ["Erika Mustermann", "Stadtwerke Stralsund", "person1@example.org", "Tag 1", "seat"],
        ["'=Jonas Weber", "Stadtwerke Stralsund", "person2@example.org", "Tag 1", "waiting list"],
    ]
    other = make_event_with_workshop()
    assert client.get(f"{url}/{other.id}").status_code == 404  # another event's workshop


def make_event_with_workshop():
    from tests.factories import make_event

    event = make_event("andere")
    room = Room(event=event, name="Raum", kind="workshop", capacity=10)
    db.session.add(room)
    db.session.commit()
    return make_workshop(event, room, "Workshop: Anderswo")


def test_the_contribution_form_refuses_fewer_seats_than_taken(client, app_ctx):
    w = workshop_event(seats=3)
    sign_up(w.ticket(1), w.a), sign_up(w.ticket(2), w.a)
    make_user()
    login(client)
    client.get("/language/en")
    url = f"/manage/events/{w.event.id}/program/contributions/{w.a.id}"
    token = csrf_from(client.get(url).text)

    response = client.post(url, data={
        "csrf_token": token, "title": w.a.title, "format": "workshop", "duration_minutes": "90", "language": "de",
        "track_id": "", "seats": "1", "state": "accepted",
    })  # fmt: skip

    assert response.status_code == 200
    assert read(response).errors == [
        "Please correct the marked fields.",
        "More seats are already taken than this number allows.",
    ]
    assert w.a.seats == 3


# The workshop's door


def test_a_workshop_has_its_own_check_in_list_that_admits_only_seats(client, app_ctx):
    w = workshop_event(seats=1)
    seated, waiting, stranger = w.ticket(1), w.ticket(2), w.ticket(3)
    sign_up(seated, w.a)
    wait(waiting, w.a)
    lists = {lst.contribution_id: lst for lst in checkin.default_lists(w.event)}
    db.session.commit()
    door = lists[w.a.id]
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")
    token = csrf_from(client.get(f"/checkin/lists/{door.id}?gate=Workzone").text)

    def scan(ticket):
        body = {"scans": [{"client_id": str(uuid.uuid4()), "code": ticket.secret, "gate": "Workzone"}]}
        response = client.post(f"/checkin/api/lists/{door.id}/scans", json=body, headers={"X-CSRFToken": token})
        [result] = response.get_json()["results"]
        return result["status"], result["detail"]

    snapshot = client.get(f"/checkin/api/lists/{door.id}/snapshot").get_json()

    assert door.name == f"Workshop: Open Data · {w.event.days[0]:%d.%m.} 10:00"
    assert set(lists) == {None, w.a.id, w.b.id, w.c.id, w.d.id}
    assert scan(seated) == ("ok", "")
    assert scan(waiting) == scan(stranger) == ("wrong_list", "not_signed_up")
    assert {row["ticket_id"]: (row["on_list"], row["detail"]) for row in snapshot["tickets"]} == {
        seated.id: (True, ""), waiting.id: (False, "not_signed_up"), stranger.id: (False, "not_signed_up")}  # fmt: skip
    search = client.get(f"/checkin/api/lists/{door.id}/search?q=person").get_json()["results"]
    assert {row["ticket_id"]: row["on_list"] for row in search} == {
        seated.id: True,
        waiting.id: False,
        stranger.id: False,
    }


def test_the_workshop_list_follows_a_move_and_counts_seats_as_expected(app_ctx):
    from ticketing.checkin.figures import figures

    w = workshop_event()
    sign_up(w.ticket(1), w.a)
    checkin.default_lists(w.event)
    program.schedule(w.a, w.a.room, datetime.combine(w.event.days[0], time(15, 30), w.event.tz), actor=None)

    [door] = [lst for lst in checkin.default_lists(w.event) if lst.contribution_id == w.a.id]

    assert door.name.endswith(" 15:30")
    assert figures(door).expected == 1


def test_the_demo_signs_holders_up_within_the_rules(runner, client, app_ctx):
    runner.invoke(args=["demo", "seed"])
    signups = db.session.scalars(select(WorkshopSignup).where(WorkshopSignup.state.in_(workshops.HOLDING))).all()
    seated = Counter(s.contribution_id for s in signups if s.state == "signed_up")
    demo_workshops = db.session.scalars(select(Contribution).where(Contribution.seats.is_not(None))).all()
    places = defaultdict(list)
    for signup in signups:
        places[signup.ticket_id].append(signup.contribution)
    holder = next(s.ticket for s in signups if s.state == "waiting")

    assert all(seated[w.id] == w.seats_taken <= w.seats for w in demo_workshops)
    assert sum(w.seats_taken == w.seats for w in demo_workshops) >= 5 and len(signups) > 500
    assert all(workshops.overlapping(db.session.get(Ticket, t), c) is None for t, held in places.items() for c in held)
    client.get("/language/en")
    assert "Leave the waiting list" in client.get(f"/t/{holder.access_token}").text
