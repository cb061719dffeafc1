"""The demo's past edition: about 40 % of its confirmed bookings consented, each with a series contact."""

import random

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from demo.cockpit.series_contacts import seed_series_contacts
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.contacts.services import contacts_of_series
from ticketing.models import Booking


def test_seed_series_contacts_records_a_contact_for_each_consenting_confirmed_booking(app_ctx):
    event, tag1 = event_on_sale(seats=50, slug="noerd-2025")
    for n in range(30):
        made = book(event, [person(tag1, n)])
        booking.confirm_booking(made, now=utcnow())
    book(event, [person(tag1, 99)])  # never confirmed: no contact, whatever the dice say
    db.session.commit()

    count = seed_series_contacts(event, random.Random(2026))
    db.session.commit()

    consenting = db.session.scalars(select(Booking).where(Booking.series_consent.is_(True))).all()
    assert {b.state for b in consenting} == {"confirmed"}
    assert 6 <= count <= 18  # about 40 % of 30
    assert len(consenting) == count
    assert sorted(c.email for c in contacts_of_series("noerd-2025")) == sorted(b.buyer_email for b in consenting)
    assert {c.source_event_id for c in contacts_of_series("noerd-2025")} == {event.id}
