"""The emails of the booking flow, rendered in the recipient's language into the outbox."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from core.mail.composing import render_mail, rendered_attachment
from core.mail.outbox import queue_mail
from core.urls import external_url
from ticketing.models import Ticket, WaitlistEntry, WorkshopSignup


def _send(to: str, language: str, subject, template: str, reference: str, attachments=(), **context) -> None:
    subject_text, body = render_mail(language, subject, template, {"event": context["event"]}, **context)
    queue_mail(to=to, subject=subject_text, body_text=body, attachments=attachments, reference=reference)


@dataclass(frozen=True)
class HeldBooking:
    """What the confirmation mail says of a booking just made (its rows are written without ORM objects)."""

    id: int
    token: str
    buyer_name: str
    buyer_email: str
    language: str
    tickets: int
    event_name: str
    timezone: str
    hold_expires_at: datetime


def confirmation_mail(booking: HeldBooking) -> None:
    """Double opt-in: the link confirms the address; until then the seats are only held."""
    _send(
        booking.buyer_email,
        booking.language,
        _l("Please confirm your booking for %(event)s"),
        "confirm_booking",
        f"booking:{booking.id}",
        event=booking.event_name,
        booking=booking,
        tz=ZoneInfo(booking.timezone),
        confirm_url=external_url("ticketing.confirm", token=booking.token),
    )


@dataclass(frozen=True)
class TicketMail:
    """What a ticket mail says: read from a ticket, or from the rows a confirmation has just made valid."""

    ticket_id: int
    to: str
    language: str
    holder: str
    access_token: str
    event_name: str
    venue: str
    address: str
    ticket_type: str
    valid_days: list[date]

    @classmethod
    def of(cls, ticket: Ticket) -> "TicketMail":
        event, ticket_type = ticket.event, ticket.ticket_type
        return cls(
            ticket.id, ticket.attendee_email, ticket.language, ticket.attendee_name, ticket.access_token,
            event.name, event.venue, event.address, ticket_type.name, ticket_type.valid_days,
        )  # fmt: skip


def ticket_mail(ticket: Ticket | TicketMail) -> None:
    """Each holder gets their own ticket: PDF and calendar file are rendered when the mail is sent."""
    mail = ticket if isinstance(ticket, TicketMail) else TicketMail.of(ticket)
    _send(
        mail.to,
        mail.language,
        _l("Your ticket for %(event)s"),
        "ticket",
        f"ticket:{mail.ticket_id}",
        attachments=[
            rendered_attachment("ticket.pdf", "application/pdf", "ticket_pdf", ticket_id=mail.ticket_id),
            rendered_attachment("event.ics", "text/calendar", "ticket_ics", ticket_id=mail.ticket_id),
        ],
        event=mail.event_name,
        mail=mail,
        ticket_url=external_url("ticketing.ticket", token=mail.access_token),
    )


def reminder_mail(ticket: Ticket) -> None:
    """A few days before: come, or give the seat back to someone on the waiting list."""
    _send(
        ticket.attendee_email,
        ticket.language,
        _l("Reminder: %(event)s"),
        "reminder",
        f"reminder:{ticket.id}",
        event=ticket.event.name,
        ticket=ticket,
        ticket_url=external_url("ticketing.ticket", token=ticket.access_token),
        release_url=external_url("ticketing.release", token=ticket.access_token, action="release"),
    )


def waitlist_joined_mail(entry: WaitlistEntry, *, position: int) -> None:
    _send(
        entry.email,
        entry.language,
        _l("You are on the waiting list for %(event)s"),
        "waitlist_joined",
        f"waitlist:{entry.id}",
        event=entry.event.name,
        entry=entry,
        position=position,
        leave_url=external_url("ticketing.waitlist_entry", token=entry.token, action="leave"),
    )


def waitlist_offer_mail(entry: WaitlistEntry) -> None:
    """A seat is held for this person until the offer expires."""
    _send(
        entry.email,
        entry.language,
        _l("A seat is free for you: %(event)s"),
        "waitlist_offer",
        f"offer:{entry.id}",
        event=entry.event.name,
        entry=entry,
        claim_url=external_url("ticketing.waitlist_entry", token=entry.token, action="claim"),
    )


def workshop_seat_mail(signup: WorkshopSignup) -> None:
    """A waiting ticket moved up to a seat in a workshop (a walk-in ticket may have no address to tell)."""
    ticket = signup.ticket
    if not ticket.attendee_email:
        return
    _send(
        ticket.attendee_email,
        ticket.language,
        _l("You have a seat in a workshop: %(event)s"),
        "workshop_seat",
        f"workshop:{signup.id}",
        event=ticket.event.name,
        ticket=ticket,
        contribution=signup.contribution,
        ticket_url=external_url("ticketing.ticket", token=ticket.access_token),
    )


def ticket_cancelled_mail(ticket: Ticket, *, reason: str = "") -> None:
    """The organizers cancelled this ticket: the holder learns it, with the reason when one was given."""
    _send(
        ticket.attendee_email,
        ticket.language,
        _l("Your ticket for %(event)s is cancelled"),
        "ticket_cancelled",
        f"cancelled:{ticket.id}",
        event=ticket.event.name,
        ticket=ticket,
        reason=reason,
    )
