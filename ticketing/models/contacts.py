"""Series contacts: people who agreed, when booking, to hear about the next edition of a series.

Kept apart from the tickets on purpose: retention anonymises tickets after an event, while a contact lives as long
as the consent stands (until the person unsubscribes). Name, address and language only, nothing else.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db


class SeriesContact(db.Model):
    __table_args__ = (UniqueConstraint("series", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(80), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="de")
    # The edition where consent was given; NULL once that event is deleted (the consent outlives it).
    source_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Random secret of the unsubscribe link (the link works without login, so it must not be guessable).
    token: Mapped[str] = mapped_column(String(64), unique=True)
    last_invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
