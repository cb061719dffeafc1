"""What the series contacts page shows of one edition: how many contacts its series has, how many of them an
invitation reaches (those already holding a ticket of this edition are left out), and the invitations sent."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from cockpit.messages import segments
from cockpit.messages.models import Message
from cockpit.messages.services import messages_of
from core.extensions import db
from events.models import Event
from ticketing.models import SeriesContact


@dataclass(frozen=True)
class SeriesFigures:
    contacts: int  # everyone of the series who consented (and has not unsubscribed)
    reachable: int  # of them, those without a valid ticket of this edition
    last_invited_at: datetime | None

    @property
    def with_ticket(self) -> int:
        return self.contacts - self.reachable


def series_figures(event: Event) -> SeriesFigures:
    """The figures of the event's series, counted in SQL."""
    if not event.series:
        return SeriesFigures(0, 0, None)
    contacts, last = db.session.execute(
        select(func.count(), func.max(SeriesContact.last_invited_at)).where(SeriesContact.series == event.series)
    ).one()
    reachable = segments.count(event, segments.Segment(audience="series"))
    return SeriesFigures(contacts, reachable, last)


def invitations(event: Event) -> list[Message]:
    """The event's messages to the contacts of its series, newest first."""
    return [m for m in messages_of(event) if (m.segment or {}).get("audience") == "series"]
