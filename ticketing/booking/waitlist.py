"""The waiting list: join when sold out; a freed seat is held for the next person, who claims it by email link."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from core.db import change_state
from core.extensions import db
from events.models import Event
from ticketing.booking import capacity, mails
from ticketing.errors import BookingError
from ticketing.models import Booking, Ticket, TicketType, WaitlistEntry


def join_waitlist(
    ticket_type: TicketType,
    *,
    name: str,
    email: str,
    organization: str,
    stakeholder_group: str,
    answers: dict,
    consent_privacy: bool,
    consent_media: bool,
    language: str,
    now: datetime,
) -> WaitlistEntry:
    """Put a person on the ticket type's waiting list. :raises BookingError: already_waiting, consent_required."""
    if not consent_privacy or (ticket_type.event.media_notice and not consent_media):
        raise BookingError("consent_required")
    waiting = select(WaitlistEntry.id).where(
        WaitlistEntry.ticket_type_id == ticket_type.id,
        WaitlistEntry.email == email,
        WaitlistEntry.state.in_(("waiting", "offered")),
    )
    if db.session.scalar(waiting) is not None:
        raise BookingError("already_waiting")
    entry = WaitlistEntry(
        event_id=ticket_type.event_id,
        ticket_type=ticket_type,
        name=name,
        email=email,
        organization=organization,
        stakeholder_group=stakeholder_group,
        answers=answers,
        language=language,
        state="waiting",
        created_at=now,
        consent_at=now,
        consent_privacy_version=ticket_type.event.privacy_version,
        consent_media=bool(consent_media),
    )
    db.session.add(entry)
    db.session.flush()
    mails.waitlist_joined_mail(entry, position=position(entry))
    promote(ticket_type.event, now=now)  # a seat may be free already (a quota was raised, a hold lapsed)
    return entry


def position(entry: WaitlistEntry) -> int:
    """1 for the next person in line for this ticket type."""
    ahead = select(db.func.count(WaitlistEntry.id)).where(
        WaitlistEntry.ticket_type_id == entry.ticket_type_id,
        WaitlistEntry.state == "waiting",
        WaitlistEntry.id < entry.id,
    )
    return db.session.scalar(ahead) + 1


def promote(event: Event, *, now: datetime) -> int:
    """Lapse expired offers, then hold each free seat for the next waiting person and mail them; returns offers made."""
    lapse_offers(event, now=now)
    offers = 0
    hours = current_app.config["WAITLIST_OFFER_HOURS"]
    queue = select(WaitlistEntry).where(WaitlistEntry.event_id == event.id, WaitlistEntry.state == "waiting")
    for entry in db.session.scalars(queue.order_by(WaitlistEntry.id)).all():
        try:
            capacity.take_seats(entry.ticket_type, 1)
        except capacity.CapacityError:
            continue  # this ticket type is still full; someone waiting for another type may be lucky
        expires = min(now + timedelta(hours=hours), event.starts_at)
        if change_state(entry, ("waiting",), state="offered", offered_at=now, offer_expires_at=expires):
            mails.waitlist_offer_mail(entry)
            offers += 1
        else:
            capacity.release_seats(entry.ticket_type, 1)
    return offers


def lapse_offers(event: Event, *, now: datetime) -> None:
    """Offers not claimed in time give their held seat back (to the next in line)."""
    lapsed = select(WaitlistEntry).where(
        WaitlistEntry.event_id == event.id, WaitlistEntry.state == "offered", WaitlistEntry.offer_expires_at <= now
    )
    for entry in db.session.scalars(lapsed).all():
        if change_state(entry, ("offered",), state="lapsed"):
            capacity.release_seats(entry.ticket_type, 1)


def claim_offer(entry: WaitlistEntry, *, now: datetime) -> Ticket:
    """Turn a held offer into a confirmed booking with one ticket. :raises BookingError: offer_lapsed, offer_inactive.

    The email link proves the address, so no second confirmation is needed.
    """
    if entry.offer_lapsed(now):
        promote(entry.event, now=now)
        raise BookingError("offer_lapsed")
    if not change_state(entry, ("offered",), state="claimed"):
        raise BookingError("offer_lapsed" if entry.state == "lapsed" else "offer_inactive")
    booking = Booking(
        event_id=entry.event_id,
        submission_key=f"waitlist-{entry.token}",
        buyer_name=entry.name,
        buyer_email=entry.email,
        language=entry.language,
        state="confirmed",
        created_at=now,
        confirmed_at=now,
        consent_at=entry.consent_at,
        consent_privacy_version=entry.consent_privacy_version,
        consent_media=entry.consent_media,
    )
    ticket = Ticket(
        booking=booking,
        event_id=entry.event_id,
        ticket_type=entry.ticket_type,
        attendee_name=entry.name,
        attendee_email=entry.email,
        organization=entry.organization,
        stakeholder_group=entry.stakeholder_group,
        answers=entry.answers,
        language=entry.language,
        state="valid",
        created_at=now,
    )
    db.session.add_all([booking, ticket])
    db.session.flush()
    entry.ticket_id = ticket.id
    mails.ticket_mail(ticket)
    return ticket


def leave_waitlist(entry: WaitlistEntry, *, now: datetime) -> None:
    """Leave the list; a seat held for this person goes to the next one."""
    if change_state(entry, ("offered",), state="left"):
        capacity.release_seats(entry.ticket_type, 1)
        promote(entry.event, now=now)
    elif not change_state(entry, ("waiting",), state="left"):
        raise BookingError("offer_inactive")


def entry_by_token(token: str) -> WaitlistEntry | None:
    return db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.token == token)) if token else None


def events_with_waiting_people() -> list[Event]:
    active = select(WaitlistEntry.event_id).where(WaitlistEntry.state.in_(("waiting", "offered")))
    query = select(Event).where(Event.id.in_(active))
    return list(db.session.scalars(query))
