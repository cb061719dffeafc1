"""Speaker tickets: whoever speaks in an accepted contribution gets a ticket (QR, badge) that takes no public seat,
and loses it when none of their contributions is accepted any more."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import exists, select

from core.db import utcnow
from core.extensions import db
from events.models import Event
from events.program.models import Contribution, Speaker, contribution_speaker
from events.program.signals import speakers_changed
from ticketing import complimentary
from ticketing.models import Ticket


def speaks_in_accepted(speaker: Speaker) -> bool:
    return db.session.scalar(
        select(
            exists().where(
                contribution_speaker.c.speaker_id == speaker.id,
                contribution_speaker.c.contribution_id == Contribution.id,
                Contribution.state == "accepted",
            )
        )
    )


def sync_speaker_tickets(event: Event, speakers: Iterable[Speaker], *, now: datetime) -> None:
    """Give each speaker the ticket their contributions call for (issued and mailed, or withdrawn)."""
    for speaker in speakers:
        ticket = db.session.get(Ticket, speaker.ticket_id) if speaker.ticket_id else None
        holds_ticket = ticket is not None and ticket.state == "valid"
        if speaks_in_accepted(speaker):
            if not holds_ticket:
                ticket = complimentary.issue_ticket(
                    event, "speaker", name=speaker.name, email=speaker.email, organization=speaker.organization, now=now
                )
                speaker.ticket_id = ticket.id
        elif holds_ticket:
            complimentary.withdraw_ticket(ticket, now=now)
            speaker.ticket_id = None


def valid_speaker_tickets(event: Event, *, speaker_id: int | None = None) -> list[Ticket]:
    """The valid tickets of the event's speakers, by name."""
    query = (
        select(Ticket)
        .join(Speaker, Speaker.ticket_id == Ticket.id)
        .where(Speaker.event_id == event.id, Ticket.state == "valid")
        .order_by(Ticket.attendee_name)
    )
    if speaker_id is not None:
        query = query.where(Speaker.id == speaker_id)
    return list(db.session.scalars(query))


def _on_speakers_changed(event: Event, *, speakers: Iterable[Speaker]) -> None:
    sync_speaker_tickets(event, speakers, now=utcnow())


def connect() -> None:
    """Listen for program changes (create_app calls this; connecting twice keeps one receiver)."""
    speakers_changed.connect(_on_speakers_changed)
