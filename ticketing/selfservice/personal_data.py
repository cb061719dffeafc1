"""Everything stored about one person, for their right of access and to portability (GDPR Art. 15 and 20).

`personal_data` gathers it as a plain dict (datetimes stay datetimes; `as_json` writes ISO 8601). Its scope is what
the secret link proves: a ticket link shows that ticket's holder, a booking link the person who booked and the
tickets they hold themselves. Other people's tickets in the same booking appear as a count only."""

import json
from datetime import date, datetime

from sqlalchemy import func, select

from core.extensions import db
from core.mail.outbox import OutboxMail
from events.models import Event
from ticketing.models import (
    AgendaItem,
    Booking,
    CheckIn,
    CheckInList,
    SeriesContact,
    Ticket,
    WaitlistEntry,
    WorkshopSignup,
)
from ticketing.worldcafe.attendee.choices import choice_of, topics
from ticketing.worldcafe.attendee.rotation import rotation_of
from ticketing.worldcafe.models import CafeChoice, CafeOptIn, WorldCafe


def personal_data(booking: Booking | None, *, ticket: Ticket | None = None) -> dict:
    """What is stored about the person behind a booking link (`ticket` None) or a ticket link (`ticket` given)."""
    if ticket is None and booking is None:
        raise ValueError("a booking or a ticket is needed")
    if ticket is not None:
        booking = ticket.booking
        name, email, tickets = ticket.attendee_name, ticket.attendee_email, [ticket]
        others = 0
    else:
        name, email = booking.buyer_name, booking.buyer_email
        tickets = [t for t in booking.tickets if email and _same(t.attendee_email, email)]
        others = len(booking.tickets) - len(tickets)
    event = (ticket or booking).event
    return {
        "person": {"name": name, "email": email},
        "event": {"name": event.name, "starts_at": event.starts_at, "ends_at": event.ends_at},
        "booking": _booking(booking, email) if booking is not None else None,
        "tickets": [_ticket(t) for t in tickets],
        "tickets_for_others": others,
        "waiting_list": _waiting_list(event, email),
        "series_contacts": _series_contacts(email),
        "mails": _mails(email),
    }


def _same(a: str, b: str) -> bool:
    return bool(a) and a.strip().lower() == b.strip().lower()


def _booking(booking: Booking, email: str) -> dict:
    is_buyer = _same(booking.buyer_email, email)
    return {
        "reference": f"#{booking.id}",
        "state": booking.state,
        "booked_by_you": is_buyer,
        "buyer_name": booking.buyer_name if is_buyer else None,
        "buyer_email": booking.buyer_email if is_buyer else None,
        "language": booking.language,
        "created_at": booking.created_at,
        "confirmed_at": booking.confirmed_at,
        "cancelled_at": booking.cancelled_at,
        "consents": {
            "privacy_policy_version": booking.consent_privacy_version,
            "given_at": booking.consent_at,
            "photos_and_video": booking.consent_media,
            "next_edition": booking.series_consent,
        },
    }


def _ticket(ticket: Ticket) -> dict:
    return {
        "reference": f"#{ticket.booking_id or ticket.id}-{ticket.id}",
        "ticket_type": ticket.ticket_type.name,
        "state": ticket.state,
        "name": ticket.attendee_name,
        "email": ticket.attendee_email,
        "organization": ticket.organization,
        "stakeholder_group": ticket.stakeholder_group,
        "language": ticket.language,
        "created_at": ticket.created_at,
        "cancelled_at": ticket.cancelled_at,
        "reminder_sent_at": ticket.reminder_sent_at,
        "anonymised_at": ticket.anonymised_at,
        "answers": _answers(ticket),
        "check_ins": _check_ins(ticket),
        "workshops": _workshops(ticket),
        "agenda": _agenda(ticket),
        "world_cafe": _world_cafe(ticket),
    }


def _answers(ticket: Ticket) -> list[dict]:
    """Each answer with its question's text, in the event's order; answers to deleted questions kept by id."""
    answers = dict(ticket.answers or {})
    rows = []
    for question in ticket.event.questions:
        if str(question.id) in answers:
            rows.append({"question": question.label, "answer": answers.pop(str(question.id))})
    rows += [{"question": f"#{key}", "answer": value} for key, value in answers.items()]
    return rows


def _check_ins(ticket: Ticket) -> list[dict]:
    rows = db.session.execute(
        select(CheckIn.scanned_at, CheckIn.gate, CheckInList.name)
        .join(CheckInList, CheckInList.id == CheckIn.list_id)
        .where(CheckIn.ticket_id == ticket.id)
        .order_by(CheckIn.scanned_at)
    )
    return [{"scanned_at": at, "list": list_name, "gate": gate} for at, gate, list_name in rows]


def _workshops(ticket: Ticket) -> list[dict]:
    signups = db.session.scalars(
        select(WorkshopSignup).where(WorkshopSignup.ticket_id == ticket.id).order_by(WorkshopSignup.id)
    )
    return [
        {
            "title": s.contribution.title,
            "starts_at": s.contribution.starts_at,
            "state": s.state,
            "created_at": s.created_at,
            "cancelled_at": s.cancelled_at,
        }
        for s in signups
    ]


def _agenda(ticket: Ticket) -> list[dict]:
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.ticket_id == ticket.id).order_by(AgendaItem.created_at)
    )
    return [
        {"title": i.contribution.title, "starts_at": i.contribution.starts_at, "added_at": i.created_at} for i in items
    ]


def _world_cafe(ticket: Ticket) -> list[dict]:
    """Per café the person has a trace in: opt-in, ranked topics, and the tables of the published plan."""
    chosen = select(CafeChoice.cafe_id).where(CafeChoice.ticket_id == ticket.id)
    opted = select(CafeOptIn.cafe_id).where(CafeOptIn.ticket_id == ticket.id)
    rotations = {rotation.cafe.id: rotation for rotation in rotation_of(ticket)}
    cafes = db.session.scalars(
        select(WorldCafe)
        .where(WorldCafe.id.in_(chosen) | WorldCafe.id.in_(opted) | WorldCafe.id.in_(list(rotations)))
        .order_by(WorldCafe.id)
    )
    opted_in = set(db.session.scalars(opted))
    result = []
    for cafe in cafes:
        titles = dict(topics(cafe))
        rotation = rotations.get(cafe.id)
        result.append(
            {
                "title": cafe.title,
                "opted_in": cafe.id in opted_in,
                "ranked_topics": [titles[key] for key in choice_of(cafe, ticket)],
                "tables": [
                    {
                        "round": stop.round,
                        "starts_at": stop.starts_at,
                        "table": stop.table_number,
                        "topic": stop.table.title,
                    }
                    for stop in (rotation.stops if rotation else [])
                ],
            }
        )
    return result


def _waiting_list(event: Event, email: str) -> list[dict]:
    if not email:
        return []
    entries = db.session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.event_id == event.id, func.lower(WaitlistEntry.email) == email.strip().lower())
        .order_by(WaitlistEntry.id)
    )
    return [
        {
            "ticket_type": e.ticket_type.name,
            "state": e.state,
            "name": e.name,
            "email": e.email,
            "organization": e.organization,
            "created_at": e.created_at,
            "offered_at": e.offered_at,
            "consents": {"given_at": e.consent_at, "photos_and_video": e.consent_media},
        }
        for e in entries
    ]


def _series_contacts(email: str) -> list[dict]:
    if not email:
        return []
    contacts = db.session.scalars(
        select(SeriesContact).where(func.lower(SeriesContact.email) == email.strip().lower()).order_by(SeriesContact.id)
    )
    return [{"series": c.series, "name": c.name, "consented_at": c.consented_at} for c in contacts]


def _mails(email: str) -> list[dict]:
    """Mails to the address, newest first: subject and dates only (the texts are the organizer's)."""
    if not email:
        return []
    mails = db.session.scalars(
        select(OutboxMail)
        .where(func.lower(OutboxMail.to_address) == email.strip().lower())
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    )
    return [{"subject": m.subject, "created_at": m.created_at, "sent_at": m.sent_at, "status": m.status} for m in mails]


def as_json(data: dict) -> str:
    """The gathered data as indented JSON; datetimes and dates in ISO 8601."""

    def encode(value):
        if isinstance(value, datetime | date):
            return value.isoformat()
        raise TypeError(f"cannot encode {type(value).__name__}")

    return json.dumps(data, default=encode, ensure_ascii=False, indent=2)
