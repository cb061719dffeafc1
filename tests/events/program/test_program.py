from datetime import datetime, time, timedelta

import pytest

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Availability, Contribution, Speaker
from tests.factories import BERLIN, make_event


@pytest.fixture
def noerd(app_ctx):
    event = make_event("noerd", days=2)
    forum = Room(event=event, name="NØRD Forum", kind="stage", capacity=800)
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=24)
    db.session.add_all([forum, workzone])
    db.session.commit()
    return event, forum, workzone


def at(event, hour, minute=0, day=0):
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


def contribution(event, title, *, format="talk", minutes=30, state="accepted", seats=None, speakers=()):
    made = Contribution(event=event, title=title, format=format, duration_minutes=minutes, state=state, seats=seats)
    made.speakers = list(speakers)
    db.session.add(made)
    db.session.commit()
    return made


def test_placing_and_moving_raise_the_sequence_and_record_the_action(noerd):
    event, forum, workzone = noerd
    keynote = contribution(event, "Eröffnung", format="keynote")

    program.schedule(keynote, forum, at(event, 9), actor=None)
    program.schedule(keynote, forum, at(event, 9), actor=None)  # the same place: nothing changes
    program.schedule(keynote, forum, at(event, 10), actor=None)
    db.session.commit()

    assert (keynote.room, keynote.starts_at, keynote.sequence) == (forum, at(event, 10), 2)
    assert keynote.ends_at == at(event, 10, 30)


def test_only_accepted_contributions_in_rooms_of_their_event_are_placed(noerd):
    event, forum, _ = noerd
    other_room = Room(event=make_event("andere"), name="Saal", kind="stage", capacity=50)
    db.session.add(other_room)

    with pytest.raises(program.ProgramError) as submitted:
        program.schedule(contribution(event, "Eingereicht", state="submitted"), forum, at(event, 9), actor=None)
    with pytest.raises(program.ProgramError) as foreign:
        program.schedule(contribution(event, "Angenommen"), other_room, at(event, 9), actor=None)

    assert (submitted.value.code, foreign.value.code) == ("not_accepted", "room_of_other_event")


def test_changes_after_publishing_show_as_changed(noerd):
    event, forum, _ = noerd
    talk, panel = contribution(event, "Vortrag"), contribution(event, "Panel", format="panel")
    program.schedule(talk, forum, at(event, 9), actor=None)
    program.schedule(panel, forum, at(event, 10), actor=None)
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()

    program.schedule(talk, forum, at(event, 11), actor=None)
    db.session.commit()

    assert event.schedule_published_at is not None
    assert (talk.is_changed, panel.is_changed) == (True, False)


def test_withdrawing_hides_the_timetable_again(noerd):
    event, _, _ = noerd
    program.publish_schedule(event, now=utcnow(), actor=None)

    program.withdraw_schedule(event, actor=None)

    assert event.schedule_published_at is None


def test_timetable_conflicts_come_from_the_database(noerd):
    event, forum, workzone = noerd
    anna = Speaker(event=event, name="Anna Becker")
    anna.availability = [Availability(starts_at=at(event, 9), ends_at=at(event, 12))]
    db.session.add(anna)
    keynote = contribution(event, "Keynote", format="keynote", speakers=[anna])
    workshop = contribution(event, "KI im Amt", format="workshop", minutes=90, seats=30, speakers=[anna])
    program.schedule(keynote, forum, at(event, 9), actor=None)
    program.schedule(workshop, workzone, at(event, 9, 15), actor=None)
    db.session.commit()

    found = {(c.kind, c.contribution_ids) for c in program.timetable_conflicts(event)}

    assert found == {("speaker_double_booked", (keynote.id, workshop.id)), ("room_too_small", (workshop.id,))}


def test_unscheduling_takes_it_out_of_the_timetable(noerd):
    event, forum, _ = noerd
    talk = contribution(event, "Vortrag")
    program.schedule(talk, forum, at(event, 9), actor=None)

    program.unschedule(talk, actor=None)

    assert (talk.is_scheduled, talk.sequence) == (False, 2)
    assert program.scheduled_contributions(event) == []


def test_event_hours_are_taken_from_the_events_days(noerd):
    event, _, _ = noerd

    rules = program.event_rules(event, [])

    assert rules.days[1] == (at(event, 9, day=1), at(event, 18, day=1))
    assert rules.days[1][1] - rules.days[1][0] == timedelta(hours=9)
