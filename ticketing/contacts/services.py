"""Series contacts: who agreed to hear about the next edition of a series, and withdrawing that consent.

A contact holds name, address and language only. It outlives the booking's personal data (retention leaves it alone)
and goes when the person unsubscribes or deletes their data of an edition of that series.
"""

import secrets

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.urls import external_url
from ticketing.models import Booking, SeriesContact


def record_consent(booking: Booking) -> SeriesContact | None:
    """Add or refresh the buyer's contact for the booking's series; None when there is nobody to keep.

    Called when the booking is confirmed (double opt-in done), so the address is proven. An existing contact keeps its
    token (links in earlier mails still work) and takes the newest name, language and edition.
    """
    email = (booking.buyer_email or "").strip().lower()
    series = booking.event.series
    if not booking.series_consent or not email or not series:
        return None
    consented_at = booking.confirmed_at or booking.consent_at
    contact = _contact(series, email)
    if contact is None:
        contact = SeriesContact(series=series, email=email, token=secrets.token_urlsafe(32))
        try:
            with db.session.begin_nested():  # another confirmation may add the same person at the same moment
                _fill(contact, booking, consented_at)
                db.session.add(contact)
        except IntegrityError:
            contact = _contact(series, email)
    _fill(contact, booking, consented_at)
    db.session.flush()
    return contact


def _contact(series: str, email: str) -> SeriesContact | None:
    return db.session.scalar(select(SeriesContact).where(SeriesContact.series == series, SeriesContact.email == email))


def _fill(contact: SeriesContact, booking: Booking, consented_at) -> None:
    contact.name = booking.buyer_name
    contact.language = booking.language
    contact.source_event_id = booking.event_id
    contact.consented_at = consented_at


def contact_by_token(token: str) -> SeriesContact | None:
    """The contact behind an unsubscribe link, or None (unknown, or already unsubscribed)."""
    return db.session.scalar(select(SeriesContact).where(SeriesContact.token == token)) if token else None


def unsubscribe(token: str) -> bool:
    """Withdraw the consent behind an unsubscribe link: the contact row goes; False when there was none."""
    if not token:
        return False
    return db.session.execute(delete(SeriesContact).where(SeriesContact.token == token)).rowcount > 0


def forget_contact(series: str, email: str) -> bool:
    """Remove one person's contact of a series (they deleted their data); False when there was none."""
    email = (email or "").strip().lower()
    if not series or not email:
        return False
    removed = db.session.execute(
        delete(SeriesContact)
        .where(SeriesContact.series == series, SeriesContact.email == email)
        .execution_options(synchronize_session="fetch")
    )
    return removed.rowcount > 0


def unsubscribe_url(contact: SeriesContact) -> str:
    """The absolute unsubscribe link for mails (built from BASE_URL, works outside a request)."""
    return external_url("contacts.unsubscribe", token=contact.token)


def contacts_of_series(series: str) -> list[SeriesContact]:
    """Everyone who may hear about the next edition of `series`, by name."""
    query = select(SeriesContact).where(SeriesContact.series == series).order_by(SeriesContact.name, SeriesContact.id)
    return list(db.session.scalars(query))
