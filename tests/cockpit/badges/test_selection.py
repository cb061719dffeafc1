"""The selection query: valid tickets of one event, narrowed by type, group and booking day, in print order (runs on
SQLite and, with DATABASE_URL, on PostgreSQL)."""

from datetime import timedelta

from cockpit.badges.selection import Selection, badge_rows, count, ordered_ids
from core.db import utcnow
from core.extensions import db


def names(world, selection: Selection) -> list[str]:
    by_id = {ticket.id: name for name, ticket in world["tickets"].items()}
    return [by_id[i] for i in ordered_ids(world["event"], selection)]


def test_all_valid_tickets_of_the_event_sorted_by_name_ignoring_case(world):
    assert names(world, Selection()) == ["anton Adler", "Bernd Ziegler", "Carla Vogt", "Dora Engel", "Hanna Berg"]
    assert count(world["event"], Selection()) == 5


def test_sorted_by_organization_then_name_with_no_organization_last(world):
    assert names(world, Selection(sort="organization")) == [
        "Carla Vogt", "Bernd Ziegler", "Hanna Berg", "Dora Engel", "anton Adler",
    ]  # fmt: skip


def test_filters_by_ticket_type_and_group(world):
    day_one, both = world["types"]

    assert names(world, Selection(ticket_type_ids=(both.id,))) == ["anton Adler", "Bernd Ziegler"]
    assert names(world, Selection(groups=("business", "politics"))) == ["Bernd Ziegler", "Dora Engel", "Hanna Berg"]
    assert names(world, Selection(ticket_type_ids=(day_one.id,), groups=("business",))) == ["Hanna Berg"]
    assert count(world["event"], Selection(groups=("science",))) == 0


def test_booked_since_counts_from_midnight_in_the_events_timezone(world):
    today = world["today"]

    # Booked at 00:30 Berlin time: that is the previous day in UTC, and still counts for its Berlin day.
    assert names(world, Selection(booked_since=today)) == ["Dora Engel"]
    assert names(world, Selection(booked_since=today - timedelta(days=2))) == [
        "Bernd Ziegler", "Carla Vogt", "Dora Engel",
    ]  # fmt: skip
    assert count(world["event"], Selection(booked_since=today + timedelta(days=1))) == 0


def test_anonymised_tickets_get_no_badge(world):
    world["tickets"]["Hanna Berg"].anonymised_at = utcnow()
    db.session.commit()

    assert "Hanna Berg" not in names(world, Selection())


def test_rows_come_in_batches_in_the_given_order_with_the_badge_columns(world):
    ids = ordered_ids(world["event"], Selection(sort="organization"))

    rows = list(badge_rows(ids, batch=2))

    assert [row.id for row in rows] == ids
    first = rows[0]
    assert (first.attendee_name, first.organization) == ("Carla Vogt", "Amt für Digitales")
    assert len(first.secret) == 32


def test_selection_survives_the_round_trip_through_job_params(world):
    selection = Selection(ticket_type_ids=(3, 4), groups=("science",), booked_since=world["today"], sort="organization")

    assert Selection.from_params(selection.to_params()) == selection
