"""A message to a segment, the recipients it was queued for (linked to their outbox mail), and saved templates.

No personal data here: a recipient is a key ("ticket:12"), and the address lives only in the outbox mail, which
retention purges; the row stays as a count."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db

KINDS = ("event", "optional")  # about the event (everyone in the segment) or optional (only those who consented)
MESSAGE_STATES = ("draft", "queued", "done")


class Message(db.Model):
    """One message: its segment (JSON, see segments.Segment), texts in German and English, and its state."""

    __tablename__ = "cockpit_message"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS!r}", name="kind"),
        CheckConstraint(f"state IN {MESSAGE_STATES!r}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="event")
    segment: Mapped[dict] = mapped_column(JSON, default=dict)
    subject_de: Mapped[str] = mapped_column(String(200), default="")
    body_de: Mapped[str] = mapped_column(Text, default="")
    subject_en: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipient_count: Mapped[int] = mapped_column(default=0)  # as shown when confirmed
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))

    recipients: Mapped[list["MessageRecipient"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.state} {self.subject_de!r}>"


class MessageRecipient(db.Model):
    """A recipient the message was queued for: written with its outbox mail in one transaction, so a resumed job
    skips exactly those already queued (the unique key makes a second queuing impossible)."""

    __tablename__ = "cockpit_message_recipient"
    __table_args__ = (UniqueConstraint("message_id", "recipient_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("cockpit_message.id", ondelete="CASCADE"))
    recipient_key: Mapped[str] = mapped_column(String(40))
    outbox_mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mail.id", ondelete="SET NULL"), index=True)
    refused: Mapped[str] = mapped_column(String(40), default="")  # why no mail was queued (an unusable address)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship(back_populates="recipients")

    def __repr__(self) -> str:
        return f"<MessageRecipient {self.message_id} {self.recipient_key} mail {self.outbox_mail_id}>"


class MessageTemplate(db.Model):
    """A template saved for one event (built-in ones live in presets.py)."""

    __tablename__ = "cockpit_message_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10), default="event")
    subject_de: Mapped[str] = mapped_column(String(200), default="")
    body_de: Mapped[str] = mapped_column(Text, default="")
    subject_en: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<MessageTemplate {self.id} {self.name!r}>"
