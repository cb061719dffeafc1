"""Workshop sign-up: a seat per ticket in workshops that have `seats`, a waiting list that moves up by itself.

Seats are counted in `Contribution.seats_taken` and taken only by one conditional UPDATE (as quotas are), so two
gunicorn workers can never give away the same last seat. A ticket's own sign-ups are serialised by locking its row
(PostgreSQL; SQLite's BEGIN IMMEDIATE serialises every writer anyway), so two tabs cannot book overlapping workshops.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import joinedload

from core.db import change_state, insert_unless_exists
from core.errors import DomainError
from core.extensions import db
from events.models import Event
from events.program.models import Contribution
from ticketing.booking import mails
from ticketing.models import Ticket, WorkshopSignup

HOLDING = ("signed_up", "waiting")  # the states that count for "already has a place" and for overlaps
# A re-used row's `created_at` is renewed whenever it takes a new place: it orders the waiting list.

# Shown by `workshop_views.error_text`, which fills in `workshop_overlap`'s %(title)s and %(time)s.
WORKSHOP_ERROR_MESSAGES = {
    "workshop_unavailable": _l("This workshop does not take sign-ups."),
    "workshop_ticket_invalid": _l("Only a valid ticket can be signed up for workshops."),
    "workshop_wrong_day": _l("Your ticket is not valid on the day of this workshop."),
    "workshop_started": _l("This workshop has already started; sign-up is closed."),
    "workshop_full": _l("This workshop is full. You can join its waiting list."),
    "workshop_overlap": _l("You already have a place in “%(title)s” (%(time)s), which overlaps with this workshop."),
    "workshop_already_signed_up": _l("You already have a seat in this workshop."),
    "workshop_already_waiting": _l("You are already on the waiting list for this workshop."),
    "workshop_no_place": _l("You have no place in this workshop."),
}


class WorkshopError(DomainError):
    """A sign-up rule was broken; for `workshop_overlap`, `other` is the workshop that is in the way."""

    def __init__(self, code: str, other: Contribution | None = None):
        super().__init__(code)
        self.other = other


@dataclass
class WorkshopOffer:
    """One workshop as the ticket page shows it: the ticket's place in it, seats left, its place in the queue."""

    contribution: Contribution
    signup: WorkshopSignup | None
    seats_left: int
    position: int | None  # 1 = next to move up, when the ticket is waiting
    is_open: bool  # not started yet: sign-up and leaving still possible
    clash: Contribution | None = None  # a workshop at the same time in which the ticket has a place

    @property
    def state(self) -> str | None:
        return self.signup.state if self.signup is not None and self.signup.state in HOLDING else None


def _with_signup() -> Select:
    """Workshops with sign-up as attendees see them: in a published timetable, accepted, placed, with seats."""
    return (
        select(Contribution)
        .join(Event, Event.id == Contribution.event_id)
        .where(
            Event.status == "published",
            Event.schedule_published_at.is_not(None),
            Contribution.state == "accepted",
            Contribution.seats.is_not(None),
            Contribution.room_id.is_not(None),
            Contribution.starts_at.is_not(None),
        )
    )


def workshops_for(ticket: Ticket, now: datetime) -> list[WorkshopOffer]:
    """The event's workshops with sign-up on the ticket's days, and any other the ticket holds a place in."""
    signups = {
        s.contribution_id: s
        for s in db.session.scalars(select(WorkshopSignup).where(WorkshopSignup.ticket_id == ticket.id))
    }
    query = (
        _with_signup()
        .where(Contribution.event_id == ticket.event_id)
        .options(joinedload(Contribution.room))
        .order_by(Contribution.starts_at, Contribution.room_id, Contribution.id)
    )
    days, event = set(ticket.ticket_type.valid_days), ticket.event
    offers = []
    for contribution in db.session.scalars(query):
        signup = signups.get(contribution.id)
        holds = signup is not None and signup.state in HOLDING
        if event.local(contribution.starts_at).date() not in days and not holds:
            continue
        position = queue_position(signup) if holds and signup.state == "waiting" else None
        seats_left = max(contribution.seats - contribution.seats_taken, 0)
        offers.append(WorkshopOffer(contribution, signup, seats_left, position, contribution.starts_at > now))
    held = [o.contribution for o in offers if o.state]
    for offer in offers:
        if not offer.state:
            offer.clash = next((c for c in held if _overlap(c, offer.contribution)), None)
    return offers


def workshop_for(ticket: Ticket, contribution_id: int) -> Contribution | None:
    """A workshop with sign-up of the ticket's event, or None."""
    query = _with_signup().where(Contribution.id == contribution_id, Contribution.event_id == ticket.event_id)
    return db.session.scalar(query)


def signup_of(ticket: Ticket, contribution: Contribution) -> WorkshopSignup | None:
    return db.session.scalar(
        select(WorkshopSignup).where(
            WorkshopSignup.ticket_id == ticket.id, WorkshopSignup.contribution_id == contribution.id
        )
    )


def queue_position(signup: WorkshopSignup) -> int:
    """1 for the next ticket to move up."""
    ahead = select(func.count(WorkshopSignup.id)).where(
        WorkshopSignup.contribution_id == signup.contribution_id,
        WorkshopSignup.state == "waiting",
        or_(
            WorkshopSignup.created_at < signup.created_at,
            and_(WorkshopSignup.created_at == signup.created_at, WorkshopSignup.id < signup.id),
        ),
    )
    return db.session.scalar(ahead) + 1


def sign_up(ticket: Ticket, contribution: Contribution, *, now: datetime) -> WorkshopSignup:
    """Take a seat in the workshop for the ticket.

    :raises WorkshopError: workshop_unavailable, workshop_ticket_invalid, workshop_wrong_day, workshop_started,
        workshop_overlap, workshop_already_signed_up, workshop_already_waiting, workshop_full (the page then offers
        the waiting list; commit anyway: waiting tickets moved up to seats an organizer added stay moved).
    """
    signup = _prepare(ticket, contribution, now)
    promote(contribution, now=now)  # seats an organizer added belong to those already waiting
    if not _take_seat(contribution):
        raise WorkshopError("workshop_full")
    if not change_state(signup, ("cancelled",), state="signed_up", cancelled_at=None, promoted_at=None, created_at=now):
        raise WorkshopError("workshop_already_signed_up")  # unreachable while the ticket's row is locked
    return signup


def join_waitlist(ticket: Ticket, contribution: Contribution, *, now: datetime) -> WorkshopSignup:
    """Queue the ticket for the workshop; if a seat is free and nobody waits, it simply gets the seat.

    :raises WorkshopError: as `sign_up`, except workshop_full.
    """
    signup = _prepare(ticket, contribution, now)
    promote(contribution, now=now)
    if _nobody_waiting(contribution) and _take_seat(contribution):
        change_state(signup, ("cancelled",), state="signed_up", cancelled_at=None, promoted_at=None, created_at=now)
    else:  # to the end of the queue: a re-used row takes a new place (created_at orders the queue)
        change_state(signup, ("cancelled",), state="waiting", cancelled_at=None, promoted_at=None, created_at=now)
    return signup


def leave(signup: WorkshopSignup, *, now: datetime) -> WorkshopSignup:
    """Give up a seat (the next waiting ticket moves up and is mailed) or a place in the waiting list.

    :raises WorkshopError: workshop_no_place, workshop_started.
    """
    _lock(signup.ticket)
    contribution = signup.contribution
    if contribution.starts_at is not None and contribution.starts_at <= now and signup.state in HOLDING:
        raise WorkshopError("workshop_started")
    _free(signup, now)
    return signup


def free_places_of(ticket: Ticket, *, now: datetime) -> None:
    """A cancelled or released ticket gives up its seats and waiting places; the queues move up."""
    held = select(WorkshopSignup).where(WorkshopSignup.ticket_id == ticket.id, WorkshopSignup.state.in_(HOLDING))
    for signup in db.session.scalars(held.order_by(WorkshopSignup.contribution_id)).all():
        _free(signup, now)


def promote(contribution: Contribution, *, now: datetime) -> list[WorkshopSignup]:
    """Give each free seat to the next waiting ticket, in queue order, and mail its holder; until the start."""
    if contribution.starts_at is None or contribution.starts_at <= now:
        return []
    moved = []
    queue = select(WorkshopSignup).where(
        WorkshopSignup.contribution_id == contribution.id, WorkshopSignup.state == "waiting"
    )
    for signup in db.session.scalars(queue.order_by(WorkshopSignup.created_at, WorkshopSignup.id)).all():
        if not _take_seat(contribution):
            break
        if change_state(signup, ("waiting",), state="signed_up", promoted_at=now):
            mails.workshop_seat_mail(signup)
            moved.append(signup)
        else:
            _release_seat(contribution)  # the holder left meanwhile
    return moved


def _prepare(ticket: Ticket, contribution: Contribution, now: datetime) -> WorkshopSignup:
    """Check the rules shared by signing up and queueing; return the ticket's (re-used or new) cancelled row."""
    _lock(ticket)
    if workshop_for(ticket, contribution.id) is None:
        raise WorkshopError("workshop_unavailable")
    if ticket.state != "valid":
        raise WorkshopError("workshop_ticket_invalid")
    if ticket.event.local(contribution.starts_at).date() not in ticket.ticket_type.valid_days:
        raise WorkshopError("workshop_wrong_day")
    if contribution.starts_at <= now:
        raise WorkshopError("workshop_started")
    signup = signup_of(ticket, contribution)
    if signup is not None and signup.state in HOLDING:
        raise WorkshopError("workshop_already_signed_up" if signup.state == "signed_up" else "workshop_already_waiting")
    other = overlapping(ticket, contribution)
    if other is not None:
        raise WorkshopError("workshop_overlap", other)
    if signup is None:
        insert_unless_exists(
            WorkshopSignup, WorkshopSignup.id, ticket_id=ticket.id, contribution_id=contribution.id, state="cancelled",
            created_at=now, cancelled_at=now,
        )  # fmt: skip
        signup = signup_of(ticket, contribution)
    return signup


def overlapping(ticket: Ticket, contribution: Contribution) -> Contribution | None:
    """Another workshop, at a time overlapping this one, in which the ticket has a seat or a waiting place."""
    held = db.session.scalars(
        select(Contribution)
        .join(WorkshopSignup, WorkshopSignup.contribution_id == Contribution.id)
        .where(
            WorkshopSignup.ticket_id == ticket.id,
            WorkshopSignup.state.in_(HOLDING),
            Contribution.id != contribution.id,
            Contribution.starts_at.is_not(None),
        )
        .order_by(Contribution.starts_at)
    )
    return next((c for c in held if _overlap(c, contribution)), None)


def _overlap(one: Contribution, other: Contribution) -> bool:
    return one.starts_at < other.ends_at and other.starts_at < one.ends_at


def _free(signup: WorkshopSignup, now: datetime) -> None:
    if change_state(signup, ("signed_up",), state="cancelled", cancelled_at=now):
        _release_seat(signup.contribution)
        promote(signup.contribution, now=now)
    elif not change_state(signup, ("waiting",), state="cancelled", cancelled_at=now):
        raise WorkshopError("workshop_no_place")


def _lock(ticket: Ticket) -> None:
    """Serialise one ticket's sign-ups (a no-op on SQLite, whose writers queue already)."""
    db.session.execute(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())
    db.session.refresh(ticket, ["state"])


def _nobody_waiting(contribution: Contribution) -> bool:
    waiting = select(WorkshopSignup.id).where(
        WorkshopSignup.contribution_id == contribution.id, WorkshopSignup.state == "waiting"
    )
    return db.session.scalar(waiting.limit(1)) is None


def _take_seat(contribution: Contribution) -> bool:
    """One conditional UPDATE: its row count says whether a seat was free. A seat count is no edit of the
    contribution, so `updated_at` stays."""
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id, Contribution.seats_taken < Contribution.seats)
        .values(seats_taken=Contribution.seats_taken + 1, updated_at=Contribution.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(contribution, ["seats_taken"])
    return result.rowcount == 1


def _release_seat(contribution: Contribution) -> None:
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id, Contribution.seats_taken > 0)
        .values(seats_taken=Contribution.seats_taken - 1, updated_at=Contribution.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(contribution, ["seats_taken"])
