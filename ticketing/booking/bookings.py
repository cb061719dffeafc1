"""Booking free tickets: hold seats, confirm by email (double opt-in), cancel, expire, delete one's data."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from core.caching.versions import execute_rows
from core.db import change_state
from core.extensions import db
from core.mail.outbox import discard_pending
from events.models import Event
from ticketing.agenda import workshops
from ticketing.booking import capacity, mails, waitlist
from ticketing.contacts import services as contacts
from ticketing.errors import BookingError
from ticketing.models import STAKEHOLDER_GROUPS, AgendaItem, Booking, Ticket, TicketType


@dataclass
class AttendeeData:
    """One ticket holder as entered on the booking form."""

    name: str
    email: str
    ticket_type_id: int
    organization: str = ""
    stakeholder_group: str = "other"
    answers: dict = field(default_factory=dict)


def check_answers(event: Event, answers: dict) -> dict:
    """The answers to the event's questions, keyed by question id; required ones present, choices valid."""
    checked = {}
    for question in event.questions:
        value = answers.get(str(question.id), answers.get(question.id))
        if value in (None, "", False) and question.is_required:
            raise BookingError("answer_required")
        if question.kind == "choice" and value and value not in question.choices:
            raise BookingError("answer_invalid")
        if value not in (None, ""):
            checked[str(question.id)] = value
    return checked


def bookable_ticket_type(event: Event, ticket_type_id: int, now: datetime) -> TicketType:
    """A public ticket type of this event on sale now. :raises BookingError: ticket_type_unavailable."""
    ticket_type = db.session.get(TicketType, ticket_type_id)
    if ticket_type is None or ticket_type.event_id != event.id or not ticket_type.is_public:
        raise BookingError("ticket_type_unavailable")
    if ticket_type.sale_state(now) != "open":
        raise BookingError("ticket_type_unavailable", ticket_type=ticket_type)
    return ticket_type


def check_registration_open(event: Event, now: datetime) -> None:
    """:raises BookingError: registration_not_open, registration_closed, event_unavailable."""
    if event.status != "published":
        raise BookingError("event_unavailable")
    state = event.registration_state(now)
    if state != "open":
        raise BookingError("registration_not_open" if state == "not_yet" else "registration_closed")


_BOOKING_BY_FORM_KEY = select(Booking.id).where(Booking.submission_key == bindparam("key"))


def start_booking(
    event: Event,
    attendees: list[AttendeeData],
    *,
    submission_key: str,
    consent_privacy: bool,
    consent_media: bool,
    language: str,
    now: datetime,
    hold_minutes: int,
    series_consent: bool = False,
) -> Booking:
    """Hold seats for the attendees and mail the first one a confirmation link. :raises BookingError:

    The first attendee is the person booking. A repeated submission (same form key) returns the first booking.
    `series_consent` (optional, off by default): the person booking wants to hear about the series' next edition.
    """
    existing = execute_rows(_BOOKING_BY_FORM_KEY, {"key": submission_key}).scalar()
    if existing is not None:
        return db.session.get(Booking, existing)
    check_registration_open(event, now)
    if not 1 <= len(attendees) <= event.max_tickets_per_booking:
        raise BookingError("too_many_tickets")
    if not consent_privacy or (event.media_notice and not consent_media):
        raise BookingError("consent_required")
    for attendee in attendees:
        if attendee.stakeholder_group not in STAKEHOLDER_GROUPS:
            raise BookingError("stakeholder_group_invalid")
        attendee.answers = check_answers(event, attendee.answers)
    types = {a.ticket_type_id: bookable_ticket_type(event, a.ticket_type_id, now) for a in attendees}
    take_seats_of(event, Counter(types[a.ticket_type_id] for a in attendees), now)
    booking = Booking(
        event=event,
        submission_key=submission_key,
        buyer_name=attendees[0].name,
        buyer_email=attendees[0].email,
        language=language,
        state="pending",
        created_at=now,
        hold_expires_at=now + timedelta(minutes=hold_minutes),
        consent_at=now,
        consent_privacy_version=event.privacy_version,
        consent_media=bool(consent_media),
        series_consent=bool(series_consent),
    )
    db.session.add(booking)
    for attendee in attendees:
        db.session.add(
            Ticket(
                booking=booking,
                event=event,
                ticket_type=types[attendee.ticket_type_id],
                attendee_name=attendee.name,
                attendee_email=attendee.email,
                organization=attendee.organization,
                stakeholder_group=attendee.stakeholder_group,
                answers=attendee.answers,
                language=language,
                state="held",
                created_at=now,
            )
        )
    db.session.flush()
    mails.confirmation_mail(booking)
    return booking


def confirm_booking(booking: Booking, *, now: datetime) -> Booking:
    """Confirm the email address: tickets become valid and each holder gets theirs. :raises BookingError:

    A hold that lapsed is taken again if seats are still free, so a late click still succeeds when it can. Consent to
    hear about the series' next edition becomes a series contact only now, with the address proven.
    """
    if booking.state == "confirmed":
        raise BookingError("already_confirmed")
    if booking.state == "cancelled":
        raise BookingError("booking_cancelled")
    if booking.state == "expired" or booking.hold_expired(now):
        retake_expired_hold(booking, now)
    if not change_state(booking, ("pending",), state="confirmed", confirmed_at=now, hold_expires_at=None):
        raise BookingError("already_confirmed")  # another request or `flask tick` changed it meanwhile
    # Only held tickets become valid: one its holder cancelled before the confirmation has no seat any more.
    validated = set(execute_rows(_VALIDATE_HELD, {"booking": booking.id}).scalars())
    for ticket in booking.tickets:
        if ticket.id in validated:
            set_committed_value(ticket, "state", "valid")  # the row says so already
            mails.ticket_mail(ticket)
    contacts.record_consent(booking)
    return booking


_VALIDATE_HELD = (
    update(Ticket)
    .where(Ticket.booking_id == bindparam("booking"), Ticket.state == "held")
    .values(state="valid")
    .returning(Ticket.id)
)


def take_seats_of(event: Event, wanted: Counter, now: datetime) -> None:
    """Take the seats of all ticket types or none. :raises BookingError: sold_out, naming the ticket type.

    Only when a quota is full do holds that lapsed (and that `flask tick` has not yet released) give their seats
    back, to the waiting list first, and the seats are asked for once more: the outcome is the same as expiring them
    first, without a query on every booking.
    """
    for retry in (False, True):
        try:
            return capacity.take_seats_for(wanted)
        except capacity.SoldOut as sold_out:
            if retry or not expire_holds(now, event=event):
                raise BookingError("sold_out", ticket_type=sold_out.ticket_type) from sold_out


def retake_expired_hold(booking: Booking, now: datetime) -> None:
    """Take seats again for a booking whose hold lapsed. :raises BookingError: hold_expired_sold_out."""
    expire_booking(booking, now)
    try:
        capacity.take_seats_for(Counter(t.ticket_type for t in booking.tickets))
    except capacity.CapacityError as error:
        raise BookingError("hold_expired_sold_out") from error
    for ticket in booking.tickets:
        ticket.state, ticket.cancelled_at = "held", None
    booking.state = "pending"


def expire_booking(booking: Booking, now: datetime) -> None:
    """Give a lapsed hold's seats back (to the waiting list first)."""
    if not change_state(booking, ("pending",), state="expired"):
        return
    for ticket in booking.tickets:
        if change_state(ticket, ("held",), state="cancelled", cancelled_at=now):
            capacity.release_seats(ticket.ticket_type, 1)
    waitlist.promote(booking.event, now=now)


def expire_holds(now: datetime, *, event: Event | None = None) -> int:
    """Expire every pending booking whose hold has lapsed; returns how many."""
    query = select(Booking).where(Booking.state == "pending", Booking.hold_expires_at <= now)
    if event is not None:
        query = query.where(Booking.event_id == event.id)
    bookings = list(db.session.scalars(query))
    for booking in bookings:
        expire_booking(booking, now)
    return len(bookings)


def cancel_ticket(ticket: Ticket, *, now: datetime) -> Ticket:
    """Cancel one ticket; its seat, and its workshop seats, go to the waiting lists at once.

    :raises BookingError: already_cancelled.
    """
    if not change_state(ticket, ("held", "valid"), state="cancelled", cancelled_at=now):
        raise BookingError("already_cancelled")
    workshops.free_places_of(ticket, now=now)
    if not ticket.is_complimentary:
        capacity.release_seats(ticket.ticket_type, 1)
    booking = ticket.booking
    if booking is not None and all(t.state == "cancelled" for t in booking.tickets):
        booking.state, booking.cancelled_at = "cancelled", now
    waitlist.promote(ticket.event, now=now)
    return ticket


def delete_attendee_data(ticket: Ticket, *, now: datetime) -> Ticket:
    """Cancel the ticket and anonymise its holder; the ticket row stays so counts remain right.

    Deleting one's data also withdraws consent to hear about this series: the person's series contact goes.
    """
    if ticket.state != "cancelled":
        cancel_ticket(ticket, now=now)
    booking = ticket.booking
    if ticket.attendee_email:
        discard_pending(ticket.attendee_email)
        contacts.forget_contact(ticket.event.series, ticket.attendee_email)
    if booking is not None and booking.buyer_email == ticket.attendee_email:
        booking.buyer_name, booking.buyer_email = "—", ""  # the person booking deleted their own data
    ticket.attendee_name, ticket.attendee_email, ticket.organization = "—", "", ""
    ticket.answers, ticket.anonymised_at = {}, now
    db.session.execute(delete(AgendaItem).where(AgendaItem.ticket_id == ticket.id))  # what they chose to see
    ticket.feed_token = None
    return ticket


@dataclass(frozen=True)
class Confirmation:
    """What the page behind the confirmation link shows: one row, not a booking with its tickets."""

    token: str
    state: str
    series_consent: bool
    event_name: str
    tickets: int


_CONFIRMATION_BY_TOKEN = (
    select(
        Booking.token,
        Booking.state,
        Booking.series_consent,
        Event.name,
        select(func.count(Ticket.id)).where(Ticket.booking_id == Booking.id).scalar_subquery(),
    )
    .join(Event, Event.id == Booking.event_id)
    .where(Booking.token == bindparam("token"))
)


def confirmation(token: str) -> Confirmation | None:
    row = execute_rows(_CONFIRMATION_BY_TOKEN, {"token": token}).first() if token else None
    return Confirmation(*row) if row else None


# The confirmation button reads the event, the tickets and their types: two statements, not four.
_BOOKING_BY_TOKEN = (
    select(Booking)
    .where(Booking.token == bindparam("token"))
    .options(joinedload(Booking.event), selectinload(Booking.tickets).joinedload(Ticket.ticket_type))
)


def booking_by_token(token: str) -> Booking | None:
    return db.session.scalar(_BOOKING_BY_TOKEN, {"token": token}) if token else None


def ticket_by_token(token: str) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.access_token == token)) if token else None
