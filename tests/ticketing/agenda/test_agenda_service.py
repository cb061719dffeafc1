"""The agenda's rules without HTTP: what may be added, idempotence, order, workshops, and the feed calendar."""

import icalendar
import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from events.models import Event
from events.program import placing as program
from events.program.schedule import export_views
from tests.ticketing.agenda_helpers import at, published_program
from ticketing.agenda import personal as agenda
from ticketing.agenda.personal import AgendaError
from ticketing.booking import bookings as booking
from ticketing.models import Ticket
from ticketing.models.program import AgendaItem, WorkshopSignup


@pytest.fixture
def noerd(app_ctx):
    return published_program()


def items_of(ticket):
    return db.session.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.ticket_id == ticket.id))


def test_adding_twice_keeps_one_item_and_removing_twice_is_harmless(noerd):
    keynote = noerd.talks["Eröffnung"]

    agenda.add_to_agenda(noerd.ticket, keynote.id, now=utcnow())
    agenda.add_to_agenda(noerd.ticket, keynote.id, now=utcnow())
    db.session.commit()

    assert items_of(noerd.ticket) == 1
    assert agenda.remove_from_agenda(noerd.ticket, keynote.id) is True
    assert agenda.remove_from_agenda(noerd.ticket, keynote.id) is False
    assert items_of(noerd.ticket) == 0


def test_agenda_lists_marked_items_and_signed_up_workshops_in_order_of_time(noerd):
    talks = noerd.talks
    agenda.add_to_agenda(noerd.ticket, talks["Tag zwei"].id, now=utcnow())
    agenda.add_to_agenda(noerd.ticket, talks["Eröffnung"].id, now=utcnow())
    db.session.add(WorkshopSignup(ticket=noerd.ticket, contribution=talks["Threat Modeling"], state="signed_up"))
    db.session.commit()

    entries = agenda.agenda(noerd.ticket)

    assert [(e.contribution.title, e.marked, e.signed_up) for e in entries] == [
        ("Eröffnung", True, False),
        ("Threat Modeling", False, True),
        ("Tag zwei", True, False),
    ]


def test_a_waiting_or_cancelled_workshop_sign_up_is_not_in_the_agenda(noerd):
    workshop = noerd.talks["Threat Modeling"]
    db.session.add(WorkshopSignup(ticket=noerd.ticket, contribution=workshop, state="waiting"))
    db.session.commit()

    assert agenda.agenda(noerd.ticket) == []


@pytest.mark.parametrize("title", ["Noch ohne Platz", "another event"])
def test_only_scheduled_contributions_of_the_tickets_event_can_be_added(noerd, title):
    other = published_program("smart-city").talks["Eröffnung"]
    contribution_id = other.id if title == "another event" else noerd.talks[title].id

    with pytest.raises(AgendaError) as raised:
        agenda.add_to_agenda(noerd.ticket, contribution_id, now=utcnow())

    assert raised.value.code == "contribution_unavailable"
    assert items_of(noerd.ticket) == 0


def test_an_unknown_contribution_id_is_refused(noerd):
    with pytest.raises(AgendaError) as raised:
        agenda.add_to_agenda(noerd.ticket, 999_999, now=utcnow())

    assert raised.value.code == "contribution_unavailable"


def test_a_cancelled_ticket_has_no_agenda(noerd):
    agenda.add_to_agenda(noerd.ticket, noerd.talks["Eröffnung"].id, now=utcnow())
    booking.cancel_ticket(noerd.ticket, now=utcnow())
    db.session.commit()

    with pytest.raises(AgendaError) as raised:
        agenda.add_to_agenda(noerd.ticket, noerd.talks["Tag zwei"].id, now=utcnow())

    assert raised.value.code == "ticket_not_valid"
    assert agenda.agenda(noerd.ticket) == []


def test_nothing_can_be_added_before_the_program_is_published(app_ctx):
    unpublished = published_program(publish=False)

    with pytest.raises(AgendaError) as raised:
        agenda.add_to_agenda(unpublished.ticket, unpublished.talks["Eröffnung"].id, now=utcnow())

    assert raised.value.code == "program_not_published"


def test_a_contribution_taken_out_of_the_timetable_leaves_the_agenda_and_the_feed(noerd):
    keynote, talk = noerd.talks["Eröffnung"], noerd.talks["Tag zwei"]
    agenda.add_to_agenda(noerd.ticket, keynote.id, now=utcnow())
    agenda.add_to_agenda(noerd.ticket, talk.id, now=utcnow())
    program.unschedule(talk, actor=None)
    db.session.commit()

    feed = icalendar.Calendar.from_ical(agenda.feed_calendar(noerd.ticket))

    assert [e.contribution.title for e in agenda.agenda(noerd.ticket)] == ["Eröffnung"]
    assert [c.title for c in agenda.unscheduled_marks(noerd.ticket)] == ["Tag zwei"]
    assert [str(v["SUMMARY"]) for v in feed.walk("VEVENT")] == ["Eröffnung"]


def test_feed_uses_the_schedule_exports_uid_sequence_and_timezone(noerd):
    keynote = noerd.talks["Eröffnung"]
    agenda.add_to_agenda(noerd.ticket, keynote.id, now=utcnow())
    db.session.commit()

    feed = icalendar.Calendar.from_ical(agenda.feed_calendar(noerd.ticket))

    (vevent,) = feed.walk("VEVENT")
    assert str(vevent["UID"]) == f"contribution-{keynote.id}@{export_views.host()}"  # as in schedule.ics
    assert vevent["SEQUENCE"] == keynote.sequence
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == at(noerd.event, 9)
    assert [tz["TZID"] for tz in feed.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_feed_name_is_in_the_ticket_holders_language(noerd):
    noerd.ticket.language = "en"
    db.session.commit()

    feed = icalendar.Calendar.from_ical(agenda.feed_calendar(noerd.ticket))

    assert feed.calendar_name == "NØRD Test – my agenda"


def test_rotating_the_feed_token_makes_the_old_one_unknown(noerd):
    old = noerd.ticket.feed_token

    new = agenda.rotate_feed_token(noerd.ticket)
    db.session.commit()

    assert new != old and len(new) >= 27
    assert agenda.ticket_by_feed_token(old) is None
    assert agenda.ticket_by_feed_token(new) == noerd.ticket


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "saved_ids_invalid"), ("1,,2", "saved_ids_invalid"), ("1;2", "saved_ids_invalid"),
     ("-1", "saved_ids_invalid"), ("1" * 10, "saved_ids_invalid"),
     (",".join(map(str, range(1, 102))), "too_many_saved")],
)  # fmt: skip
def test_saved_ids_are_refused_unless_a_short_list_of_numbers(text, code):
    with pytest.raises(AgendaError) as raised:
        agenda.parse_saved_ids(text)

    assert raised.value.code == code


def test_saved_ids_are_deduplicated_in_order():
    assert agenda.parse_saved_ids("7,3,7,12") == [7, 3, 12]


def test_the_demo_gives_most_noerd_holders_an_agenda_on_their_own_days(runner, app_ctx):
    runner.invoke(args=["demo", "seed"])
    noerd = db.session.scalar(select(Event).where(Event.slug == "noerd"))
    booked = select(Ticket).where(Ticket.event_id == noerd.id, Ticket.state == "valid", ~Ticket.is_complimentary)
    holders = list(db.session.scalars(booked))  # the speakers' own tickets are not the demo's ticket holders
    sizes = {t.id: 0 for t in holders}
    for item in db.session.scalars(select(AgendaItem)):
        sizes[item.ticket_id] += 1
        assert noerd.local(item.contribution.starts_at).date() in item.ticket.ticket_type.valid_days

    assert len(holders) == 3000
    with_agenda = [size for size in sizes.values() if size]
    assert len(with_agenda) > 0.8 * len(holders) and min(with_agenda) >= 3 and max(with_agenda) <= 8
    assert len(agenda.agenda(holders[0])) == sizes[holders[0].id]
