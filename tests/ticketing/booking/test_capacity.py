import pytest

from core.extensions import db
from tests.factories import make_event, make_quota, make_ticket_type
from ticketing.booking import capacity
from ticketing.models import Quota


def test_a_two_day_ticket_takes_a_seat_on_each_day(app_ctx):
    event = make_event(days=2)
    day1, day2 = make_quota(event, "Halle Tag 1", 100), make_quota(event, "Halle Tag 2", 100)
    both = make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days)
    only_day1 = make_ticket_type(event, [day1], "Tag 1")

    capacity.take_seats(both, 3)
    capacity.take_seats(only_day1, 2)
    db.session.commit()

    assert (day1.seats_taken, day2.seats_taken) == (5, 3)
    assert (both.seats_left, only_day1.seats_left) == (95, 95)


def test_take_seats_refuses_when_one_quota_is_full_and_takes_none(app_ctx):
    event = make_event(days=2)
    day1, day2 = make_quota(event, "Tag 1", 10), make_quota(event, "Tag 2", 2)
    both = make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days)

    with pytest.raises(capacity.CapacityError) as error:
        capacity.take_seats(both, 3)
    db.session.commit()

    assert error.value.code == "sold_out"
    assert (db.session.get(Quota, day1.id).seats_taken, db.session.get(Quota, day2.id).seats_taken) == (0, 0)


def test_overbooking_factor_raises_the_limit_rounded_down(app_ctx):
    event = make_event()
    hall = make_quota(event, "Halle", 100, overbooking_percent=15)
    ticket = make_ticket_type(event, [hall])

    capacity.take_seats(ticket, 115)
    with pytest.raises(capacity.CapacityError):
        capacity.take_seats(ticket, 1)

    assert (hall.seat_limit, hall.seats_left, ticket.seats_left) == (115, 0, 0)


def test_release_seats_returns_them_to_every_quota(app_ctx):
    event = make_event(days=2)
    day1, day2 = make_quota(event, "Tag 1", 5), make_quota(event, "Tag 2", 5)
    both = make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days)
    capacity.take_seats(both, 5)

    capacity.release_seats(both, 2)

    assert (day1.seats_left, day2.seats_left) == (2, 2)


def test_capacity_cannot_drop_below_seats_taken(app_ctx):
    event = make_event()
    hall = make_quota(event, "Halle", 10)
    capacity.take_seats(make_ticket_type(event, [hall]), 8)
    db.session.commit()

    with pytest.raises(capacity.CapacityError) as error:
        capacity.save_quota(event, name="Halle", capacity=7, quota=hall)

    assert error.value.code == "capacity_below_taken"


def test_ticket_type_needs_quotas_of_its_own_event_and_its_days(app_ctx):
    event, other = make_event("a"), make_event("b")
    foreign = make_quota(other, "Fremd", 10)

    with pytest.raises(capacity.CapacityError) as no_quota:
        capacity.save_ticket_type(event, name="X", quota_ids=[foreign.id], valid_days=event.days)
    with pytest.raises(capacity.CapacityError) as wrong_day:
        capacity.save_ticket_type(event, name="X", quota_ids=[make_quota(event).id], valid_days=other.days[:0])

    assert (no_quota.value.code, wrong_day.value.code) == ("quota_required", "days_outside_event")


def test_ticket_type_sale_window_defaults_to_the_registration_window(app_ctx):
    event = make_event()
    ticket = make_ticket_type(event, [make_quota(event)])

    assert ticket.sale_window() == (event.registration_opens_at, event.registration_closes_at)
    assert ticket.sale_state(event.registration_opens_at) == "open"
    assert ticket.sale_state(event.registration_closes_at) == "closed"


def test_several_ticket_types_sharing_a_quota_take_their_seats_together_or_not_at_all(app_ctx):
    event = make_event(days=2)
    day1, day2 = make_quota(event, "Tag 1", 3), make_quota(event, "Tag 2", 10)
    both = make_ticket_type(event, [day1, day2], "Beide Tage", days=event.days)
    only_day1 = make_ticket_type(event, [day1], "Tag 1")

    capacity.take_seats_for({both: 1, only_day1: 2})
    with pytest.raises(capacity.SoldOut) as error:
        capacity.take_seats_for({both: 1, only_day1: 1})
    db.session.commit()

    assert error.value.ticket_type in (both, only_day1) and error.value.code == "sold_out"
    assert (db.session.get(Quota, day1.id).seats_taken, db.session.get(Quota, day2.id).seats_taken) == (3, 1)


def test_a_full_single_quota_changes_nothing_and_leaves_the_transaction_usable(app_ctx):
    event = make_event()
    hall, other = make_quota(event, "Halle", 1), make_quota(event, "Foyer", 5)
    ticket, walk_in = make_ticket_type(event, [hall], "Halle"), make_ticket_type(event, [other], "Foyer")
    capacity.take_seats(ticket, 1)

    with pytest.raises(capacity.SoldOut) as error:
        capacity.take_seats(ticket, 1)
    capacity.take_seats(walk_in, 2)
    db.session.commit()

    assert error.value.ticket_type is ticket
    assert (db.session.get(Quota, hall.id).seats_taken, db.session.get(Quota, other.id).seats_taken) == (1, 2)
