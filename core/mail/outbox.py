"""The outbox: a mail is written in the caller's transaction and sent later by a worker, with retries.

Delivery is at least once: a sender that dies mid-conversation leaves a claim that is retried after STALE_CLAIM,
so that one mail may arrive twice; a mail is never sent twice by two live senders. The statements that move a mail
from one status to the next (claim, retry, give up) live here; `core.mail.delivery` calls them.
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import JSON, CheckConstraint, Index, String, Text, case, delete, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.caching.versions import execute_rows
from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.mail.composing import MailError, checked_attachment

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "failed")
RETRY_DELAYS = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240))
# Longer than any one SMTP conversation can take (MAIL_TIMEOUT applies per command), so a live claim never expires.
STALE_CLAIM = timedelta(minutes=10)


class OutboxMail(db.Model):
    """A rendered email waiting to be sent (or sent, or given up), written in the same transaction as its cause."""

    __tablename__ = "outbox_mail"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_outbox_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[dict]] = mapped_column(JSON, default=list)
    reference: Mapped[str] = mapped_column(String(120), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str] = mapped_column(String(255), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.status} {self.to_address} {self.reference}>"


def enqueue_mail(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    attachments: Iterable[Mapping] = (),
    reference: str = "",
) -> OutboxMail:
    """Queue a mail in the caller's transaction: it goes out only if the caller commits. :raises MailError:"""
    mail = OutboxMail(**_mail_values(to, subject, body_text, body_html, attachments, reference))
    db.session.add(mail)
    return mail


def queue_mail(
    *, to: str, subject: str, body_text: str, attachments: Iterable[Mapping] = (), reference: str = ""
) -> int:
    """`enqueue_mail` for the hot paths (booking, confirming): one INSERT on the session's connection, no object to
    flush; returns the mail's id. :raises MailError:"""
    values = _mail_values(to, subject, body_text, None, attachments, reference)
    return execute_rows(_INSERT, values).scalar_one()


_INSERT = insert(OutboxMail).returning(OutboxMail.id)


def _mail_values(to, subject, body_text, body_html, attachments, reference) -> dict:
    """A new pending mail's row, due now. :raises MailError: address_invalid, attachment_invalid, renderer_unknown"""
    to = to.strip()
    if "@" not in to or parseaddr(to)[1] != to or any(char.isspace() for char in to) or len(to) > 254:
        raise MailError("address_invalid")
    created = utcnow()
    return {
        "created_at": created,
        "to_address": to,
        "subject": " ".join(subject.split())[:300],  # a header: no line breaks
        "body_text": body_text,
        "body_html": body_html,
        "attachments": [checked_attachment(attachment) for attachment in attachments],
        "reference": reference,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": created,
        "message_id": "",
        "last_error": "",
    }


def discard_pending(to_address: str) -> int:
    """Delete mails to this address not yet sent: after "delete my data" nothing personal may still go out."""
    result = db.session.execute(
        delete(OutboxMail).where(OutboxMail.to_address == to_address, OutboxMail.status == "pending")
    )
    return result.rowcount


def purge_mail(before: datetime) -> int:
    """Delete mails sent (or given up) before `before`: a copy of a sent mail is personal data kept for nothing."""
    result = db.session.execute(
        delete(OutboxMail).where(OutboxMail.status.in_(("sent", "failed")), OutboxMail.created_at < before)
    )
    return result.rowcount


def count_by_status() -> dict[str, int]:
    """How many mails the outbox holds in each status."""
    counts = dict(db.session.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())
    return {status: counts.get(status, 0) for status in STATUSES}


def status_counts(mail_ids) -> dict[str, int]:
    """How many of these mails are in each status (a message's delivery state; an SQL subquery of ids is fine)."""
    counts = dict(
        db.session.execute(
            select(OutboxMail.status, func.count()).where(OutboxMail.id.in_(mail_ids)).group_by(OutboxMail.status)
        ).all()
    )
    return {status: counts.get(status, 0) for status in STATUSES}


def retry_failed(mail_ids, now: datetime) -> int:
    """Give failed mails (among `mail_ids`, a list or an SQL subquery) a fresh set of attempts, due now; in the
    caller's transaction. Returns how many."""
    result = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id.in_(mail_ids), OutboxMail.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=now, claimed_at=None, last_error="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def sent_recently(now: datetime, window: timedelta = timedelta(minutes=1)) -> int:
    """Mails sent or being sent within `window` before `now`: what the rate limit counts, across all senders."""
    recent = now - window
    return (
        db.session.scalar(
            select(func.count()).where(
                ((OutboxMail.status == "sent") & (OutboxMail.sent_at > recent))
                | ((OutboxMail.status == "sending") & (OutboxMail.claimed_at > recent))
            )
        )
        or 0
    )


def due_mail_ids(now: datetime, limit: int) -> list[int]:
    """Ids of the mails due at `now`, oldest first (commits: the read lock ends before any sending)."""
    due = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.status == "pending", OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    return list(due)


def release_stale_claims(now: datetime, max_attempts: int) -> None:
    """Give the claims of senders that died back to the queue, or give up when no attempt is left (commits)."""
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.status == "sending", OutboxMail.claimed_at < now - STALE_CLAIM)
        .values(
            status=case((OutboxMail.attempts >= max_attempts, "failed"), else_="pending"),
            claimed_at=None,
            next_attempt_at=now,
            last_error="the sender stopped while sending; the mail may have gone out already",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def claim(mail_id: int, now: datetime) -> bool:
    """Take one due mail for this sender; when two senders race for it, the row count decides (commits)."""
    result = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == "pending", OutboxMail.next_attempt_at <= now)
        .values(status="sending", claimed_at=now, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def retry_or_fail(mail_id: int, attempts: int, error: str, now: datetime, max_attempts: int) -> str:
    """Record a failed attempt: the mail waits for its next try, or is given up after `max_attempts`.
    Returns the new status, "pending" or "failed" (commits)."""
    log.warning("mail %s: attempt %s failed: %s", mail_id, attempts, error)
    if attempts >= max_attempts:
        return finish(mail_id, status="failed", last_error=error)
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    return finish(mail_id, status="pending", next_attempt_at=now + delay, last_error=error)


def finish(mail_id: int, **values) -> str:
    """End this sender's claim on the mail with the given status and values; returns the status (commits)."""
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return values["status"]
