"""The demo on one timeline: bookings of the coming editions between their opening and now (some cancelled, a waiting
list where sold out, every required question answered), round call times, varied NØRD titles, the Regionalkonferenz's
past edition with its door (two gates, no-shows, a published café plan), and one login file per database.

The demo is seeded once for the module (it takes seconds); the tables are emptied afterwards as the `app` fixture does.
"""

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cockpit.dashboard.figures import attendance, gate_arrivals
from core.db import utcnow
from core.extensions import db
from demo.past_edition import GATES, PAST_SMART_CITY_SLUG
from events.models import Event, Question
from events.program.models import Contribution
from partners.models import ContributionCall
from tests.conftest import empty_tables, make_test_app
from tests.factories import login
from ticketing.models import Admission, Booking, Ticket, WaitlistEntry
from ticketing.worldcafe.models import CafePlan, WorldCafe

COMING = ("noerd", "regionalkonferenz-smart-city", "ihk-smart-city-werkstatt")


@pytest.fixture(scope="module")
def demo(database_uri, tmp_path_factory):
    app = make_test_app(database_uri, tmp_path_factory.mktemp("instance"))
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    yield app, result.output
    empty_tables(app)


@pytest.fixture
def ctx(demo):
    app, _output = demo
    with app.app_context():
        yield app


def event(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def test_coming_bookings_lie_between_the_opening_and_now_and_some_were_cancelled(ctx):
    now = utcnow()
    for slug in COMING:
        coming = event(slug)
        opens = coming.registration_opens_at
        bookings = list(db.session.scalars(select(Booking).where(Booking.event_id == coming.id)))
        assert bookings
        for booking in bookings:
            assert opens <= booking.created_at <= now and booking.confirmed_at <= now
            assert booking.created_at <= booking.confirmed_at
        tickets = list(
            db.session.scalars(select(Ticket).where(Ticket.event_id == coming.id, Ticket.booking_id.is_not(None)))
        )
        cancelled = [t for t in tickets if t.state == "cancelled"]
        assert 0.02 <= len(cancelled) / len(tickets) <= 0.06, slug
        assert all(t.created_at < t.cancelled_at <= now for t in cancelled)
    today = event("noerd").local(now).date()
    days = {slug: (today - event(slug).local(event(slug).registration_opens_at).date()).days for slug in COMING}
    assert days == {"noerd": 56, "regionalkonferenz-smart-city": 28, "ihk-smart-city-werkstatt": 21}


def test_bookings_come_in_a_launch_spike_then_a_trickle(ctx):
    noerd = event("noerd")
    opens = noerd.registration_opens_at
    per_day = Counter(
        (b.created_at - opens).days for b in db.session.scalars(select(Booking).where(Booking.event_id == noerd.id))
    )
    ordinary = sorted(per_day.values())[len(per_day) // 2]
    assert per_day[0] > 5 * ordinary and len(per_day) >= 50  # the launch, and bookings on nearly every day since


def test_the_sold_out_regionalkonferenz_has_a_waiting_list_whose_first_took_freed_seats(ctx, demo):
    app, _ = demo
    smart_city = event("regionalkonferenz-smart-city")
    states = Counter(db.session.scalars(select(WaitlistEntry.state).where(WaitlistEntry.event_id == smart_city.id)))
    assert states["claimed"] >= 1 and states["waiting"] >= 1
    page = app.test_client().get(f"/e/{smart_city.slug}", headers={"Accept-Language": "de"})
    assert page.status_code == 200 and "Warteliste" in page.text


def test_every_required_question_is_answered_and_the_group_is_asked_once(ctx):
    for slug in (*COMING, PAST_SMART_CITY_SLUG):
        held = event(slug)
        questions = list(db.session.scalars(select(Question).where(Question.event_id == held.id)))
        assert not any("Bereich" in q.label for q in questions)  # the stakeholder group is the form's own field
        tickets = db.session.scalars(select(Ticket).where(Ticket.event_id == held.id, Ticket.booking_id.is_not(None)))
        for ticket in tickets:
            for question in questions:
                if question.is_required:
                    answer = ticket.answers.get(str(question.id))
                    assert answer and (question.kind != "choice" or answer in question.choices)
    assert any(q.is_required for q in event("noerd").questions)


def test_the_call_opens_and_closes_on_round_minutes(ctx):
    call = db.session.scalar(select(ContributionCall).where(ContributionCall.event_id == event("noerd").id))
    for moment in (call.opens_at, call.deadline_at):
        assert moment.minute in (0, 30) and moment.second == 0 and moment.microsecond == 0


def test_no_title_appears_twice_in_the_noerd_program(ctx):
    noerd = event("noerd")
    titles = Counter(db.session.scalars(select(Contribution.title).where(Contribution.event_id == noerd.id)))
    assert len(titles) >= 280 and titles.most_common(1)[0][1] == 1


def test_the_past_edition_ended_with_arrivals_at_two_gates_no_shows_and_a_published_cafe(ctx):
    past = event(PAST_SMART_CITY_SLUG)
    now = utcnow()
    assert past.status == "published" and past.ends_at < now and past.series == event(COMING[1]).series
    assert now - past.starts_at < timedelta(days=ctx.config["RETENTION_DAYS"])
    bookings = list(db.session.scalars(select(Booking).where(Booking.event_id == past.id)))
    assert all(past.registration_opens_at <= b.created_at <= past.registration_closes_at for b in bookings)
    booked = db.session.scalar(
        select(func.count(Ticket.id)).where(Ticket.event_id == past.id, Ticket.booking_id.is_not(None))
    )
    assert 70 <= booked <= 90
    admitted = list(
        db.session.execute(select(Admission.scanned_at, Admission.gate).join(Ticket).where(Ticket.event_id == past.id))
    )
    assert {gate for _at, gate in admitted} == set(GATES)
    local = [past.local(at) for at, _gate in admitted]
    assert all(at.date() == past.days[0] and 12 <= at.hour < 15 for at in local)
    (day,) = attendance(past, now.date())
    assert 0.05 <= day.no_shows / day.expected <= 0.2
    assert set(gate_arrivals(past)[0].per_gate) == set(GATES)
    cafe = db.session.scalar(select(WorldCafe).where(WorldCafe.event_id == past.id))
    plan = db.session.scalar(select(CafePlan).where(CafePlan.cafe_id == cafe.id, CafePlan.state == "published"))
    assert plan is not None and plan.published_at < past.starts_at


def test_the_past_editions_dashboard_shows_the_gates_and_the_no_shows(ctx, demo):
    app, output = demo
    past = event(PAST_SMART_CITY_SLUG)
    password = Path(output.split("Password kept in ")[1].strip()).read_text()
    client = app.test_client()
    login(client, "admin@treffpunkt.example", password.strip())
    page = client.get(f"/manage/events/{past.id}/dashboard")
    assert page.status_code == 200
    assert all(gate in page.text for gate in GATES) and "No-Shows" in page.text


def test_each_database_keeps_its_own_demo_login(demo, tmp_path):
    app, output = demo
    first = Path(output.split("Password kept in ")[1].strip())
    second_app = make_test_app(f"sqlite:///{tmp_path / 'zweite.db'}", Path(app.instance_path))
    with second_app.app_context():
        db.create_all()
        db.session.add(Event(slug="schon-da", name="x", venue="x", starts_at=utcnow(), ends_at=utcnow(),
                             registration_opens_at=utcnow(), registration_closes_at=utcnow()))  # fmt: skip
        db.session.commit()  # a database that already has events: only the login is made
    result = second_app.test_cli_runner().invoke(args=["demo", "seed"])
    with second_app.app_context():
        db.engine.dispose()
    second = Path(result.output.split("Password kept in ")[1].strip())
    assert first.parent == second.parent and first != second and second.name == "demo-login-zweite.txt"
    assert first.exists() and second.exists() and first.read_text() != second.read_text()
