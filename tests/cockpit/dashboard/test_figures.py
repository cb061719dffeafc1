"""The dashboard's query layer on a small event with known figures (SQLite, and PostgreSQL with DATABASE_URL)."""

from datetime import time, timedelta

from cockpit.dashboard import figures
from tests.cockpit.dashboard.world import dashboard_world
from tests.factories import BERLIN, make_event


def test_bookings_add_up_per_ticket_type_from_the_opening_day_until_today(app_ctx):
    world = dashboard_world()
    curve = figures.booking_curve(world["event"], today=world["opens"] + timedelta(days=6))

    assert curve.points == [world["opens"] + timedelta(days=n) for n in range(7)]
    # Cancelled tickets and the speaker's complimentary ticket are not bookings.
    assert curve.per_type == {"Tag 1": [2, 2, 2, 2, 2, 3, 3], "Beide Tage": [0, 1, 1, 2, 2, 2, 2]}
    assert curve.total == [2, 3, 3, 4, 4, 5, 5]
    # "Beide Tage" takes a seat in both halls.
    assert curve.per_quota == {"Halle Tag 1": [2, 3, 3, 4, 4, 5, 5], "Halle Tag 2": [0, 1, 1, 2, 2, 2, 2]}
    assert curve.limits == {"Halle Tag 1": 5, "Halle Tag 2": 4}


def test_a_long_sale_is_shown_week_by_week_up_to_today(app_ctx):
    world = dashboard_world()
    today = world["opens"] + timedelta(days=100)
    curve = figures.booking_curve(world["event"], today=today)

    assert curve.points[1] - curve.points[0] == timedelta(days=7)
    assert curve.points[-1] == min(today, world["event"].local(world["event"].registration_closes_at).date())
    assert curve.total[0] == 2 and curve.total[-1] == 5


def test_seats_per_quota_count_everyone_waiting_for_a_type_that_uses_the_quota(app_ctx):
    event = dashboard_world()["event"]
    seats = {q.name: (q.limit, q.taken, q.free, q.waiting) for q in figures.quota_seats(event)}

    assert seats == {"Halle Tag 1": (5, 5, 0, 3), "Halle Tag 2": (4, 2, 2, 1)}


def test_groups_and_organizations_count_valid_booked_tickets(app_ctx):
    event = dashboard_world()["event"]

    groups = figures.stakeholder_groups(event)
    top, distinct = figures.top_organizations(event, limit=2)

    assert (groups["science"], groups["business"], groups["administration"]) == (3, 2, 0)
    assert set(groups) == {"civil_society", "administration", "politics", "business", "science", "other"}
    assert top == [("Universität Rostock", 2), ("Hochschule Stralsund", 1)] and distinct == 3


def test_cancellations_and_no_shows(app_ctx):
    world = dashboard_world()
    states = figures.ticket_states(world["event"])
    days = figures.attendance(world["event"], today=world["first_day"])

    assert {name: dict(c) for name, c in states.items()} == {"Tag 1": {"valid": 3, "cancelled": 1},
                                                             "Beide Tage": {"valid": 2}}  # fmt: skip
    # Day 1 expects every valid ticket for it, the speaker's included; day 2 has not begun: no no-shows yet.
    assert [(d.expected, d.came, d.no_shows) for d in days] == [(6, 3, 3), (2, 0, 0)]


def test_workshops_partners_and_contributions(app_ctx):
    event = dashboard_world()["event"]

    assert [(w.title, w.seats, w.taken, w.waiting) for w in figures.workshop_fill(event)] == [("Löten", 3, 2, 1)]
    assert figures.partner_states(event) == {"submitted": 2, "approved": 1, "rejected": 0, "waitlisted": 0}
    assert figures.contribution_states(event) == {"submitted": 2, "accepted": 2, "rejected": 1}


def test_arrivals_per_quarter_hour_and_gate_share_the_days_slots(app_ctx):
    world = dashboard_world()
    (day,) = figures.gate_arrivals(world["event"])

    assert day.day == world["first_day"]
    assert [s.astimezone(BERLIN).time() for s in day.slots] == [time(8, 45), time(9), time(9, 15)]
    assert day.per_gate == {"Nord": [1, 1, 0], "Süd": [0, 0, 1]}


def test_the_overview_sums_each_event_and_shows_zeros_for_an_empty_one(app_ctx):
    event = dashboard_world()["event"]
    empty = make_event("leer")

    summaries = figures.event_summaries([event, empty])

    got = summaries[event.id]
    assert (got.tickets, got.seat_limit, got.seats_taken, got.seats_free, got.waiting) == (5, 9, 7, 2, 3)
    assert (got.partners_to_review, got.contributions_to_review) == (2, 2)
    assert summaries[empty.id] == figures.EventSummary()


def test_an_event_without_anything_has_empty_figures(app_ctx):
    event = make_event("leer")

    assert figures.booking_curve(event, today=event.days[0]).per_type == {}
    assert figures.quota_seats(event) == [] and figures.workshop_fill(event) == []
    assert figures.gate_arrivals(event) == [] and sum(figures.stakeholder_groups(event).values()) == 0
