"""Ticket PDFs and calendar files for real tickets: turns rows into the pure renderers' input, and caches PDFs."""

import hashlib
from pathlib import Path

from babel.dates import format_date, format_time
from flask import current_app

from core.db import utcnow
from core.extensions import db
from core.i18n import formatting_locale
from core.mail.composing import register_attachment_renderer
from events.models import Event
from ticketing.models import Ticket


def ticket_print(ticket: Ticket):
    """What the printed ticket shows, in the holder's language."""
    # reportlab is imported on first use: a server process that never renders a PDF stays some 12 MB smaller.
    from ticketing.booking.documents.pdf import TicketPrint

    event, lang = ticket.event, ticket.language
    return TicketPrint(
        secret=ticket.secret,
        event_name=event.name,
        venue=event.venue,
        address=event.address,
        attendee_name=ticket.attendee_name,
        organization=ticket.organization,
        ticket_type=ticket.ticket_type.name,
        days=[format_date(day, "full", locale=formatting_locale(lang)) for day in ticket.ticket_type.valid_days],
        times_text=f"{format_time(event.starts_at, 'short', tzinfo=event.tz, locale=formatting_locale(lang))}–"
        f"{format_time(event.ends_at, 'short', tzinfo=event.tz, locale=formatting_locale(lang))}",
        booking_reference=f"#{ticket.booking_id or ticket.id}",
        language=lang,
    )


def ticket_pdf(ticket: Ticket) -> bytes:
    """The ticket's PDF, rendered once and kept in instance/cache (the content decides the file name)."""
    printed = ticket_print(ticket)
    path = _cached_pdf_path(printed)
    if path.exists():
        return path.read_bytes()
    from ticketing.booking.documents.pdf import render_ticket_pdf

    data = render_ticket_pdf(printed)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{utcnow().timestamp()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: two workers rendering the same ticket never serve half a file
    return data


def _cached_pdf_path(printed) -> Path:
    key = hashlib.sha256(repr(printed).encode()).hexdigest()
    return Path(current_app.instance_path) / "cache" / "tickets" / f"{key}.pdf"


def cached_pdf_path(ticket: Ticket) -> Path:
    """Where the PDF of the ticket as it prints now is cached (it may not exist).

    The key follows the content, so a corrected ticket never gets the old file; whoever changes what a ticket prints
    removes the old file after the commit, so the former name does not stay on disk."""
    return _cached_pdf_path(ticket_print(ticket))


def badge_pdf(tickets: list[Ticket]) -> bytes:
    """A6 badges (name, organization, QR), one page each."""
    from ticketing.booking.documents.pdf import render_badges_pdf

    return render_badges_pdf(ticket_print(ticket) for ticket in tickets)


def event_calendar(event: Event, days=None) -> bytes:
    """The event as an .ics, one entry per day (a two-day convention is not one 33-hour block)."""
    from events.ical import CalendarEvent, render_calendar  # icalendar loads on first use, not in every worker

    host = current_app.config["BASE_URL"].split("://")[-1].split("/")[0]
    start_local, end_local = event.local(event.starts_at), event.local(event.ends_at)
    entries = []
    for day in days or event.days:
        starts = start_local.replace(year=day.year, month=day.month, day=day.day)
        ends = end_local.replace(year=day.year, month=day.month, day=day.day)
        entries.append(
            CalendarEvent(
                uid=f"event-{event.id}-{day.isoformat()}@{host}",
                summary=event.name,
                starts_at=starts,
                ends_at=ends,
                timezone=event.timezone,
                location=", ".join(part for part in (event.venue, event.address) if part),
                description=event.description,
            )
        )
    return render_calendar(entries, name=event.name)


def _ticket(ticket_id: int) -> Ticket:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise LookupError(f"ticket {ticket_id} is gone")
    return ticket


register_attachment_renderer("ticket_pdf", lambda ticket_id: ticket_pdf(_ticket(ticket_id)))
register_attachment_renderer(
    "ticket_ics", lambda ticket_id: event_calendar(_ticket(ticket_id).event, _ticket(ticket_id).ticket_type.valid_days)
)
