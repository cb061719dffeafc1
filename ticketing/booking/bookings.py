"""Booking free tickets: hold seats, confirm by email (double opt-in), cancel, expire, delete one's data."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from core.caching.versions import execute_rows
from core.db import change_state
from core.extensions import db
from core.mail.outbox import discard_pending
from events.models import Event
from ticketing.agenda import workshops
from ticketing.booking import capacity, mails, waitlist
from ticketing.booking.offers import Offer, OfferedTicketType
from ticketing.contacts import services as contacts
from ticketing.errors import BookingError
from ticketing.models import STAKEHOLDER_GROUPS, AgendaItem, Booking, Ticket, TicketType
from ticketing.models.capacity import days_from_text


@dataclass
class AttendeeData:
    """One ticket holder as entered on the booking form."""

    name: str
    email: str
    ticket_type_id: int
    organization: str = ""
    stakeholder_group: str = "other"
    answers: dict = field(default_factory=dict)


def check_answers(event: Event | Offer, answers: dict) -> dict:
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


def bookable_ticket_type(offer: Offer, ticket_type_id: int, now: datetime) -> OfferedTicketType:
    """A public ticket type of this event on sale now. :raises BookingError: ticket_type_unavailable."""
    ticket_type = offer.ticket_type(ticket_type_id)
    if ticket_type is None:
        raise BookingError("ticket_type_unavailable")
    if ticket_type.sale_state(now) != "open":
        raise BookingError("ticket_type_unavailable", ticket_type=ticket_type)
    return ticket_type


def check_registration_open(event: Event | Offer, now: datetime) -> None:
    """:raises BookingError: registration_not_open, registration_closed, event_unavailable."""
    if event.status != "published":
        raise BookingError("event_unavailable")
    state = event.registration_state(now)
    if state != "open":
        raise BookingError("registration_not_open" if state == "not_yet" else "registration_closed")


_BOOKING_BY_FORM_KEY = select(Booking.id).where(Booking.submission_key == bindparam("key"))


def start_booking(
    event: Offer,
    attendees: list[AttendeeData],
    *,
    submission_key: str,
    consent_privacy: bool,
    consent_media: bool,
    language: str,
    now: datetime,
    hold_minutes: int,
    series_consent: bool = False,
) -> int:
    """Hold seats for the attendees and mail the first one a confirmation link; the booking's id. :raises BookingError:

    The first attendee is the person booking. A repeated submission (same form key) returns the first booking.
    `series_consent` (optional, off by default): the person booking wants to hear about the series' next edition.
    `event` is what the event offers (`offers.booking_offer`, or `offers.offer_of` for an Event); the rows are
    written with Core statements: a ticket opening makes many bookings, and nothing here needs ORM objects.
    """
    existing = execute_rows(_BOOKING_BY_FORM_KEY, {"key": submission_key}).scalar()
    if existing is not None:
        return existing
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
    buyer, hold_expires_at = attendees[0], now + timedelta(minutes=hold_minutes)
    booking_id, token = execute_rows(
        _INSERT_BOOKING,
        {
            "event_id": event.id,
            "submission_key": submission_key,
            "buyer_name": buyer.name,
            "buyer_email": buyer.email,
            "language": language,
            "state": "pending",
            "created_at": now,
            "hold_expires_at": hold_expires_at,
            "consent_at": now,
            "consent_privacy_version": event.privacy_version,
            "consent_media": bool(consent_media),
            "series_consent": bool(series_consent),
        },
    ).one()
    execute_rows(_INSERT_TICKET, [_ticket_row(booking_id, event, attendee, language, now) for attendee in attendees])
    mails.confirmation_mail(
        mails.HeldBooking(
            booking_id, token, buyer.name, buyer.email, language, len(attendees), event.name, event.timezone,
            hold_expires_at,
        )
    )  # fmt: skip
    return booking_id


_INSERT_BOOKING = insert(Booking).returning(Booking.id, Booking.token)
_INSERT_TICKET = insert(Ticket)  # secret and tokens: the columns' defaults


def _ticket_row(booking_id: int, event: Event, attendee: AttendeeData, language: str, now: datetime) -> dict:
    return {
        "booking_id": booking_id,
        "event_id": event.id,
        "ticket_type_id": attendee.ticket_type_id,
        "attendee_name": attendee.name,
        "attendee_email": attendee.email,
        "organization": attendee.organization,
        "stakeholder_group": attendee.stakeholder_group,
        "answers": attendee.answers,
        "language": language,
        "state": "held",
        "created_at": now,
    }


def confirm_by_token(token: str, *, now: datetime) -> bool:
    """Confirm the booking behind a confirmation link; False when there is none. :raises BookingError:

    The usual case, a pending booking whose hold still holds, is one conditional UPDATE by token, with no booking
    object loaded. Anything else (confirmed, cancelled, lapsed) goes through `confirm_booking`, which says why not or
    takes a lapsed hold again.
    """
    confirmed = execute_rows(_CONFIRM_HELD, {"link": token, "now": now, "at": now}).first() if token else None
    if confirmed is None:
        booking = booking_by_token(token)
        if booking is None:
            return False
        confirm_booking(booking, now=now)
        return True
    _validate_held_tickets(confirmed.id)
    if confirmed.series_consent:
        contacts.record_consent(db.session.get(Booking, confirmed.id))
    return True


_CONFIRM_HELD = (
    update(Booking)
    .where(Booking.token == bindparam("link"), Booking.state == "pending", Booking.hold_expires_at > bindparam("now"))
    .values(state="confirmed", confirmed_at=bindparam("at"), hold_expires_at=None)
    .returning(Booking.id, Booking.series_consent)
)


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
    validated = _validate_held_tickets(booking.id)
    for ticket in booking.tickets:
        if ticket.id in validated:
            set_committed_value(ticket, "state", "valid")  # the row says so already
    contacts.record_consent(booking)
    return booking


def _validate_held_tickets(booking_id: int) -> set[int]:
    """The booking's held tickets become valid, and each holder gets their ticket mail; the ids of those tickets.

    Only held tickets: one its holder cancelled before the confirmation has no seat any more.
    """
    held = execute_rows(_VALIDATE_HELD, {"booking": booking_id}).all()
    if not held:
        return set()
    kinds = {row.id: row for row in execute_rows(_TICKET_TYPES_FOR_MAIL, {"booking": booking_id})}
    for ticket in held:
        kind = kinds[ticket.ticket_type_id]
        mails.ticket_mail(
            mails.TicketMail(
                ticket.id, ticket.attendee_email, ticket.language, ticket.attendee_name, ticket.access_token,
                kind.event_name, kind.venue, kind.address, kind.name, days_from_text(kind.days),
            )
        )  # fmt: skip
    return {ticket.id for ticket in held}


_VALIDATE_HELD = (
    update(Ticket)
    .where(Ticket.booking_id == bindparam("booking"), Ticket.state == "held")
    .values(state="valid")
    .returning(Ticket.id, Ticket.attendee_email, Ticket.language, Ticket.attendee_name, Ticket.access_token,
               Ticket.ticket_type_id)
)  # fmt: skip
_TICKET_TYPES_FOR_MAIL = (
    select(
        TicketType.id, TicketType.name, TicketType.valid_days_text.label("days"), Event.name.label("event_name"),
        Event.venue,
        Event.address,
    )
    .join(Event, Event.id == TicketType.event_id)
    .where(TicketType.id.in_(select(Ticket.ticket_type_id).where(Ticket.booking_id == bindparam("booking"))))
)  # fmt: skip


def take_seats_of(event: Offer, wanted: Counter, now: datetime) -> None:
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
    """Take seats again for the tickets the lapse cancelled. :raises BookingError: hold_expired_sold_out.

    A ticket its holder cancelled while the hold ran (data deleted, perhaps) stays cancelled: the lapse cancels
    only at or after the hold's end, so an earlier cancellation was the holder's.
    """
    expire_booking(booking, now)
    lapsed = [t for t in booking.tickets if t.state == "cancelled" and t.cancelled_at >= booking.hold_expires_at]
    if not lapsed:
        raise BookingError("booking_cancelled")
    try:
        capacity.take_seats_for(Counter(t.ticket_type for t in lapsed))
    except capacity.CapacityError as error:
        raise BookingError("hold_expired_sold_out") from error
    for ticket in lapsed:
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


def expire_holds(now: datetime, *, event: Event | Offer | None = None) -> int:
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
