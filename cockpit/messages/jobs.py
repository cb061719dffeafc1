"""Sending a message is a job (core/jobs): it writes one outbox mail per recipient, a batch per transaction, each
mail together with its MessageRecipient row. A restarted job skips the recipients already written (the row's unique
key makes queuing one twice impossible) and goes on after them: never twice, never skipped. The outbox then sends
at MAIL_RATE_PER_MINUTE."""

from flask import url_for
from sqlalchemy import select, update

from cockpit.messages import segments
from cockpit.messages.models import Message, MessageRecipient
from cockpit.messages.services import JOB_KIND, message_segment, render_for
from core.db import utcnow
from core.extensions import db
from core.jobs import Job, JobContext, JobError, job_handler
from core.mail.composing import MailError
from core.mail.outbox import enqueue_mail
from events.models import Event
from ticketing.models import SeriesContact

BATCH = 200


def register() -> None:
    """Connect the handler to its job kind (cockpit/setup.register_jobs)."""
    job_handler(JOB_KIND, result_url=message_url)(queue_message)


def message_url(job: Job) -> str | None:
    message = db.session.get(Message, (job.params or {}).get("message_id"))
    return url_for("cockpit_messages.show", event_id=message.event_id, message_id=message.id) if message else None


def queue_message(job: Job, context: JobContext) -> dict:
    """`job.params` = {"message_id"}. Commits after each batch, so a restart resumes after the last one."""
    message = db.session.get(Message, (job.params or {}).get("message_id"))
    if message is None or message.state == "draft":
        raise JobError("message_missing", "Die Nachricht gibt es nicht mehr.")
    event = db.session.get(Event, message.event_id)
    segment = message_segment(message)
    message_id, total = message.id, max(segments.count(event, segment), 1)
    queued = _queued_count(message_id)
    after_id = 0
    while not context.should_stop():
        batch = segments.recipients(event, segment, after_id=after_id, limit=BATCH)
        if not batch:
            break
        done = _queued_keys(message_id, [r.key for r in batch])
        written = [_queue_one(event, message, r) for r in batch if r.key not in done]
        db.session.flush()  # the mails get their ids, then the rows point at them
        for row, mail in written:
            row.outbox_mail_id = mail.id if mail is not None else None
            db.session.add(row)
        _mark_invited([row for row, mail in written if mail is not None])
        queued += len(written)
        after_id = batch[-1].id
        db.session.commit()  # this batch is queued for good
        message = db.session.get(Message, message_id)
        context.report(min(queued / total, 0.99), {"text": f"{queued} von {total} Mails in der Warteschlange"})
    if not context.stopping:
        message.state = "done"
    return {"queued": queued}


def _queue_one(event: Event, message: Message, recipient) -> tuple[MessageRecipient, object]:
    """The recipient's row and outbox mail (None for an address the outbox refuses: recorded as failed)."""
    rendered = render_for(event, message, recipient)
    row = MessageRecipient(message_id=message.id, recipient_key=recipient.key, refused="", queued_at=utcnow())
    try:
        mail = enqueue_mail(
            to=rendered.to,
            subject=rendered.subject,
            body_text=rendered.body,
            reference=f"cockpit-message:{message.id}",
        )
    except MailError as error:  # everyone else is still reached
        row.refused = error.code
        mail = None
    return row, mail


def _mark_invited(rows: list[MessageRecipient]) -> None:
    """Series contacts just written to: `last_invited_at` tells the organizers when each was last invited."""
    ids = [int(row.recipient_key.split(":")[1]) for row in rows if row.recipient_key.startswith("contact:")]
    if ids:
        db.session.execute(update(SeriesContact).where(SeriesContact.id.in_(ids)).values(last_invited_at=utcnow()))


def _queued_keys(message_id: int, keys: list[str]) -> set[str]:
    return set(
        db.session.scalars(
            select(MessageRecipient.recipient_key).where(
                MessageRecipient.message_id == message_id, MessageRecipient.recipient_key.in_(keys)
            )
        )
    )


def _queued_count(message_id: int) -> int:
    return len(db.session.scalars(select(MessageRecipient.id).where(MessageRecipient.message_id == message_id)).all())
