"""copy_edition without HTTP: every kind of set-up is copied and moved in time, nothing personal comes along, and
refusals change nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from cockpit.messages.models import Message, MessageTemplate
from cockpit.series.copying import copy_edition
from cockpit.series.errors import SeriesError
from core.db import utcnow
from core.extensions import db
from core.models import AuditLog
from events.models import Event, Question, Room
from events.program.models import Contribution, Speaker, Track
from events.program.planner.models import ProgramSettings
from partners.models import ContributionCall, Organization, Package
from tests.cockpit.series.world import edition_world, wall
from tests.factories import make_user
from ticketing.models import Admission, Booking, CheckIn, CheckInList, Quota, Ticket, TicketType, WaitlistEntry
from ticketing.worldcafe.models import CafeChoice, CafeConstraint, CafeOptIn, CafePlan, CafeTable, WorldCafe


@pytest.fixture
def world(app_ctx):
    world = edition_world()
    world["admin"] = make_user()
    return world


def copy(world, *, first_day=None, slug="forum-2027", name="Forum 2027"):
    source = world["event"]
    first_day = first_day or source.days[0] + timedelta(days=364)  # the same weekday a year later
    event = copy_edition(source, slug=slug, name=name, first_day=first_day, actor=world["admin"])
    db.session.commit()
    db.session.expire_all()
    return event


def rows(model, event) -> list:
    return list(
        db.session.scalars(select(model).where(model.event_id == event.id).order_by(*inspect(model).primary_key))
    )


def count(model, event) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(model.event_id == event.id))


def test_the_copy_is_a_draft_of_the_same_series_moved_to_the_new_first_day(world):
    source = world["event"]

    event = copy(world)

    assert (event.slug, event.name, event.status, event.series) == ("forum-2027", "Forum 2027", "draft", "forum-2026")
    assert event.days == [d + timedelta(days=364) for d in source.days]
    assert event.local(event.starts_at).time() == source.local(source.starts_at).time()  # 09:00 stays 09:00
    assert event.ends_at - event.starts_at == source.ends_at - source.starts_at
    shift = event.starts_at - source.starts_at
    assert event.registration_closes_at - source.registration_closes_at == shift
    assert (event.venue, event.address, event.timezone) == (source.venue, source.address, source.timezone)
    assert (event.description, event.privacy_text, event.media_notice) == (
        "Zwei Tage Digitalisierung.",
        "Wir verarbeiten Ihre Daten nur für die Teilnahme.",
        "Wir fotografieren.",
    )


def test_the_wall_clock_is_kept_across_a_change_to_summer_time(world):
    source = world["event"]
    april = date(source.days[0].year + 1, 4, 14)  # the edition copied lies in winter time (starts in 40 days)

    event = copy(world, first_day=april)

    assert event.starts_at.utcoffset() == timedelta(0)  # stored in UTC …
    assert event.local(event.starts_at).utcoffset() != source.local(source.starts_at).utcoffset()  # … other offset

    assert event.local(event.starts_at).time() == source.local(source.starts_at).time()
    assert event.local(event.registration_closes_at).time() == source.local(source.registration_closes_at).time()


def test_rooms_tracks_questions_quotas_and_ticket_types_are_copied_with_their_links(world):
    event = copy(world)
    days = event.days

    assert [(r.name, r.kind, r.capacity) for r in rows(Room, event)] == [
        ("Halle A", "stage", 300),
        ("Café", "cafe", 60),
    ]
    assert [(t.name, t.colour) for t in rows(Track, event)] == [("Energie", "#123456")]
    [question] = rows(Question, event)
    assert (question.label, question.kind, question.choices) == ("Essen", "choice", ["vegan", "Fleisch"])
    [quota] = rows(Quota, event)
    assert (quota.name, quota.capacity, quota.seats_taken) == ("Halle", 100, 0)
    day1, both = rows(TicketType, event)
    assert (day1.name, day1.valid_days, [q.id for q in day1.quotas]) == ("Tag 1", [days[0]], [quota.id])
    assert (both.name, both.valid_days, [q.id for q in both.quotas]) == ("Beide Tage", days, [quota.id])
    old = world["types"]["Tag 1"]
    shift = event.starts_at - world["event"].starts_at
    assert (day1.sale_starts_at, day1.sale_ends_at) == (old.sale_starts_at + shift, old.sale_ends_at + shift)
    [door] = rows(CheckInList, event)
    assert (door.name, door.day, door.ticket_type_id) == ("Tag 1", days[0], day1.id)


def test_the_world_cafe_comes_with_tables_and_rounds_but_without_participants_or_plans(world):
    event = copy(world)

    [cafe] = rows(WorldCafe, event)
    item = db.session.get(Contribution, cafe.contribution_id)
    assert (item.event_id, item.title, item.format, item.duration_minutes) == (event.id, "Weltcafé Zukunft",
                                                                              "world_cafe", 90)  # fmt: skip
    assert item.starts_at == wall(event, 1, 14)
    assert db.session.get(Room, item.room_id).event_id == event.id
    assert item.speakers == []
    assert (cafe.rounds, cafe.round_minutes, cafe.pause_minutes, cafe.seed) == (4, 15, 3, 7)
    assert cafe.weights["coincidence"] == 2.0 and cafe.locked_rounds == 0
    assert cafe.choice_deadline == wall(event, 0, 20)
    [day1, _both] = rows(TicketType, event)
    assert (cafe.participation, cafe.ticket_type_ids) == ("ticket_types", [day1.id])
    tables = list(db.session.scalars(select(CafeTable).where(CafeTable.cafe_id == cafe.id).order_by(CafeTable.id)))
    assert [(t.topic_key, t.title, t.seats, t.host_name) for t in tables] == [
        ("wasser", "Wasser", 8, ""),  # the host is a person: not copied
        ("wind", "Wind", 6, ""),
    ]
    for model in (CafeChoice, CafeOptIn, CafeConstraint, CafePlan):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.cafe_id == cafe.id)) == 0


def test_packages_call_program_settings_and_saved_templates_are_copied(world):
    event = copy(world)
    days = event.days

    [package] = rows(Package, event)
    assert (package.name, package.booth_size, package.staff_passes, package.includes, package.quantity) == (
        "Stand M", "3 × 3 m", 2, "Strom", 5,
    )  # fmt: skip
    [call] = rows(ContributionCall, event)
    assert (call.opens_at, call.deadline_at) == (wall(event, -30, 9), wall(event, -10, 23, 59))
    assert (call.formats, call.description) == (["talk", "workshop"], "Reichen Sie ein!")
    [settings] = rows(ProgramSettings, event)
    hall = next(r for r in rows(Room, event) if r.name == "Halle A")
    assert settings.blocks_text == f"{days[1].isoformat()}: 09:00-12:30\n13:30-17:00"
    assert (settings.workshop_room_ids, settings.time_grid_minutes, settings.track_break_weight) == ([hall.id], 10, 5.0)
    [template] = rows(MessageTemplate, event)
    assert (template.name, template.subject_de, template.body_de) == ("Anreise", "Anreise", "Bus 23")


def test_nothing_personal_is_copied(world):
    event = copy(world)

    for model in (Booking, Ticket, WaitlistEntry, Speaker, Organization, Message):
        assert count(model, event) == 0, model
    assert [c.format for c in rows(Contribution, event)] == ["world_cafe"]  # the talk stays behind
    checked_in = select(func.count()).select_from(CheckIn).join(Ticket).where(Ticket.event_id == event.id)
    admitted = select(func.count()).select_from(Admission).join(Ticket).where(Ticket.event_id == event.id)
    assert db.session.scalar(checked_in) == db.session.scalar(admitted) == 0
    source = world["event"]
    assert (count(Ticket, source), count(Speaker, source), count(Organization, source)) == (1, 1, 1)


def test_copying_is_audited(world):
    copy(world)

    last = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (last.action, last.user_id) == ("series.copy", world["admin"].id)
    assert "forum-2026" in last.target and "forum-2027" in last.target


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"first_day": "today"}, "day_not_future"),
        ({"first_day": "yesterday"}, "day_not_future"),
        ({"slug": "forum-2026"}, "slug_taken"),
        ({"slug": "Forum 2027!"}, "slug_invalid"),
        ({"name": "  "}, "name_empty"),
    ],
)
def test_refusals_name_the_reason_and_change_nothing(world, change, code):
    today = utcnow().astimezone(world["event"].tz).date()
    days = {"today": today, "yesterday": today - timedelta(days=1)}
    arguments = {"slug": "forum-2027", "name": "Forum 2027", "first_day": today + timedelta(days=100)}
    arguments |= {k: days.get(v, v) for k, v in change.items()}
    events_before = db.session.scalar(select(func.count()).select_from(Event))

    with pytest.raises(SeriesError) as raised:
        copy_edition(world["event"], actor=world["admin"], **arguments)
    db.session.rollback()

    assert raised.value.code == code
    assert db.session.scalar(select(func.count()).select_from(Event)) == events_before
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "series.copy")) == 0


def test_a_missing_source_is_refused(world):
    with pytest.raises(SeriesError) as raised:
        copy_edition(None, slug="x-2027", name="X", first_day=date(2099, 1, 1), actor=world["admin"])

    assert raised.value.code == "source_missing"
