"""The personal agenda: contributions a ticket holder marked, plus the workshops they signed up for, and its feed.

The feed reuses the schedule export (`events.exports.calendar_events`): the same UID per contribution as the public
schedule's .ics, SEQUENCE from `Contribution.sequence`, TZID with a VTIMEZONE, so a calendar app that holds both
shows one entry per contribution and follows moves.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from core.errors import DomainError
from core.extensions import db
from events.models import Event
from events.program.models import Contribution
from ticketing.models import Ticket
from ticketing.models.booking import new_token
from ticketing.models.program import AgendaItem, WorkshopSignup

MAX_SAVED = 100  # a browser's saved list: enough for two full days, small enough for a URL
SAVED_IDS = re.compile(r"[0-9]{1,9}(,[0-9]{1,9})*")
PUBLIC_STATUSES = ("published", "archived")  # as the schedule pages and exports
AGENDA_ERROR_MESSAGES = {
    "ticket_not_valid": _l("Only a valid ticket has a personal agenda."),
    "program_not_published": _l("The program of this event is not published yet."),
    "contribution_unavailable": _l("This contribution is not in the published program of your ticket's event."),
    "saved_ids_invalid": _l("The address must list contribution numbers separated by commas, e.g. ?c=12,15."),
    "too_many_saved": _l("A feed can hold at most %(count)s contributions.", count=MAX_SAVED),
}


class AgendaError(DomainError):
    """An agenda rule was broken; `code` names it (texts in AGENDA_ERROR_MESSAGES)."""


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda: marked by the holder, a workshop they have a seat in, or both."""

    contribution: Contribution
    marked: bool
    signed_up: bool

    @property
    def starts_at(self) -> datetime:
        return self.contribution.starts_at


def agenda_message(code: str) -> str:
    return str(AGENDA_ERROR_MESSAGES.get(code, code))


def program_is_public(event: Event) -> bool:
    return event.status in PUBLIC_STATUSES and event.schedule_published_at is not None


def _check_ticket(ticket: Ticket) -> None:
    if not ticket.is_valid:
        raise AgendaError("ticket_not_valid")
    if not program_is_public(ticket.event):
        raise AgendaError("program_not_published")


def add_to_agenda(ticket: Ticket, contribution_id: int, *, now: datetime) -> Contribution:
    """Mark a published, scheduled contribution of the ticket's event; marking it again changes nothing.

    :raises AgendaError: ticket_not_valid, program_not_published, contribution_unavailable.
    """
    _check_ticket(ticket)
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.event_id != ticket.event_id or not contribution.is_scheduled:
        raise AgendaError("contribution_unavailable", "contribution_id")
    key = {"ticket_id": ticket.id, "contribution_id": contribution.id}
    if db.session.get(AgendaItem, (ticket.id, contribution.id)) is None:
        try:
            with db.session.begin_nested():  # a double click on PostgreSQL: the other request's row wins
                db.session.add(AgendaItem(**key, created_at=now))
        except IntegrityError:
            pass
    return contribution


def remove_from_agenda(ticket: Ticket, contribution_id: int) -> bool:
    """Unmark a contribution (also one taken out of the timetable since); True if it was marked.

    :raises AgendaError: ticket_not_valid.
    """
    if not ticket.is_valid:
        raise AgendaError("ticket_not_valid")
    removed = db.session.execute(
        delete(AgendaItem).where(AgendaItem.ticket_id == ticket.id, AgendaItem.contribution_id == contribution_id)
    )
    return removed.rowcount > 0


def marked_ids(ticket: Ticket) -> set[int]:
    return set(db.session.scalars(select(AgendaItem.contribution_id).where(AgendaItem.ticket_id == ticket.id)))


def signed_up_ids(ticket: Ticket) -> set[int]:
    query = select(WorkshopSignup.contribution_id).where(
        WorkshopSignup.ticket_id == ticket.id, WorkshopSignup.state == "signed_up"
    )
    return set(db.session.scalars(query))


def agenda(ticket: Ticket) -> list[AgendaEntry]:
    """The holder's scheduled contributions (marked or signed up) in order of time; empty while the program of the
    event is not published or the ticket is not valid."""
    if not ticket.is_valid or not program_is_public(ticket.event):
        return []
    marked, signed_up = marked_ids(ticket), signed_up_ids(ticket)
    query = (
        select(Contribution)
        .where(
            Contribution.id.in_(marked | signed_up),
            Contribution.event_id == ticket.event_id,
            Contribution.room_id.is_not(None),
            Contribution.starts_at.is_not(None),
        )
        .options(selectinload(Contribution.room), selectinload(Contribution.speakers))
        .order_by(Contribution.starts_at, Contribution.room_id, Contribution.id)
    )
    return [AgendaEntry(c, c.id in marked, c.id in signed_up) for c in db.session.scalars(query)]


def program(event: Event) -> list[Contribution]:
    """The event's scheduled contributions with their rooms (the compact program to choose from) in order of time."""
    query = (
        select(Contribution)
        .where(
            Contribution.event_id == event.id, Contribution.room_id.is_not(None), Contribution.starts_at.is_not(None)
        )
        .options(joinedload(Contribution.room))
        .order_by(Contribution.starts_at, Contribution.room_id, Contribution.id)
    )
    return list(db.session.scalars(query))


def unscheduled_marks(ticket: Ticket) -> list[Contribution]:
    """Marked contributions that were taken out of the timetable: the page offers to remove them."""
    query = (
        select(Contribution)
        .join(AgendaItem, AgendaItem.contribution_id == Contribution.id)
        .where(AgendaItem.ticket_id == ticket.id, Contribution.starts_at.is_(None) | Contribution.room_id.is_(None))
        .order_by(Contribution.title)
    )
    return list(db.session.scalars(query))


def parse_saved_ids(text: str) -> list[int]:
    """The contribution ids of a visitor's feed URL (`?c=1,2,3`), deduplicated in their order.

    :raises AgendaError: saved_ids_invalid, too_many_saved.
    """
    if not SAVED_IDS.fullmatch(text or ""):
        raise AgendaError("saved_ids_invalid", "c")
    ids = list(dict.fromkeys(int(part) for part in text.split(",")))
    if len(ids) > MAX_SAVED:
        raise AgendaError("too_many_saved", "c")
    return ids


def ticket_by_feed_token(token: str) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.feed_token == token)) if token else None


def rotate_feed_token(ticket: Ticket) -> str:
    """Give the ticket a new feed secret: the old feed URL stops working (for a link shared by mistake)."""
    ticket.feed_token = new_token()
    return ticket.feed_token


def feed_calendar(ticket: Ticket, *, stamp: datetime | None = None) -> bytes:
    """The agenda as an iCalendar feed (needs an app context: links and UIDs use the configured BASE_URL).

    A contribution taken out of the timetable drops out of the feed rather than staying as STATUS:CANCELLED: it no
    longer has a time to put in DTSTART, and subscribed calendars (Apple, Google, Outlook, Thunderbird) mirror the
    feed on every refresh, so a missing UID is removed everywhere, whereas several of them keep showing CANCELLED
    entries of a published feed as ordinary ones. If it is placed again, it comes back with a higher SEQUENCE.
    """
    from events.program.schedule.export_views import host
    from ticketing.worldcafe.attendee.rotation import rotation_calendar_events

    with force_locale(ticket.language or "de"):
        name = _("%(event)s – my agenda", event=ticket.event.name)
        cafe_rounds = rotation_calendar_events(ticket, host())  # the tables of a published World Café plan
    return _calendar(ticket.event, [entry.contribution for entry in agenda(ticket)], name, stamp, cafe_rounds)


def saved_calendar(event: Event, ids: list[int], *, stamp: datetime | None = None) -> bytes:
    """A visitor's saved contributions as a feed: ids not (or no longer) in the timetable drop out, as above."""
    query = (
        select(Contribution)
        .where(
            Contribution.id.in_(ids),
            Contribution.event_id == event.id,
            Contribution.room_id.is_not(None),
            Contribution.starts_at.is_not(None),
        )
        .options(selectinload(Contribution.room), selectinload(Contribution.speakers))
        .order_by(Contribution.starts_at, Contribution.room_id, Contribution.id)
    )
    return _calendar(event, list(db.session.scalars(query)), _("%(event)s – saved", event=event.name), stamp)


def _calendar(
    event: Event, contributions: list[Contribution], name: str, stamp: datetime | None, extra: list | None = None
) -> bytes:
    from events.ical import render_calendar
    from events.program.schedule import (
        export_views,  # icalendar loads on first use, not in every worker
        exports,
    )

    events = []
    if contributions and program_is_public(event):
        data = export_views.schedule_data(event, contributions)
        events = exports.calendar_events(data, export_views.host())
    return render_calendar(events + (extra or []), name=name, stamp=stamp)
