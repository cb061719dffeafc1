"""Series contacts for a past demo edition: about 40 % of its confirmed bookings agreed to hear about the next one.

The consent goes through `record_consent`, as a confirmed booking's does, so the contacts look like real ones.
"""

import random

from sqlalchemy import select

from core.extensions import db
from events.models import Event
from ticketing.contacts.services import record_consent
from ticketing.models import Booking

CONSENT_SHARE = 0.4


def seed_series_contacts(event: Event, rng: random.Random) -> int:
    """Mark about 40 % of the event's confirmed bookings as consenting and record their contacts; return how many."""
    query = (
        select(Booking)
        .where(Booking.event_id == event.id, Booking.state == "confirmed", Booking.buyer_email != "")
        .order_by(Booking.id)
    )
    recorded = 0
    for booking in db.session.scalars(query).all():
        if rng.random() >= CONSENT_SHARE:
            continue
        booking.series_consent = True
        recorded += record_consent(booking) is not None
    db.session.flush()
    return recorded
