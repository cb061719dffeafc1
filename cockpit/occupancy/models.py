"""Door counts: entries and exits per room and 15-minute slice, and nothing about the people counted."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime
from core.extensions import db


class DoorCount(db.Model):
    """How many went into and out of a room in one 15-minute slice (starting at `slice_start`, UTC)."""

    __tablename__ = "door_count"
    __table_args__ = (
        UniqueConstraint("room_id", "slice_start"),
        CheckConstraint("entries >= 0", name="entries"),
        CheckConstraint("exits >= 0", name="exits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    slice_start: Mapped[datetime] = mapped_column(UTCDateTime)
    entries: Mapped[int] = mapped_column(default=0)
    exits: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<DoorCount room {self.room_id} {self.slice_start:%H:%M} +{self.entries} -{self.exits}>"
