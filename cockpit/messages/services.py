"""Drafts, preview, test mail, confirmation, delivery state and retry of a message to a segment.

Services take the event, the acting user and the time; they never commit (the view does)."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, update

from cockpit.messages import placeholders, segments
from cockpit.messages.errors import TEXTS, MessageError
from cockpit.messages.models import KINDS, Message, MessageRecipient
from cockpit.messages.segments import Recipient, Segment, SegmentError
from core.extensions import db
from core.jobs import Job, enqueue
from core.mail import outbox
from core.mail.outbox import OutboxMail
from events.models import Event

JOB_KIND = "cockpit.message"
TEXT_FIELDS = ("subject_de", "body_de", "subject_en", "body_en")


@dataclass(frozen=True)
class Draft:
    """What the compose form gives: kind, segment and texts."""

    kind: str
    segment: Segment
    subject_de: str
    body_de: str
    subject_en: str = ""
    body_en: str = ""

    @property
    def reached(self) -> Segment:
        """The segment as sent: an optional message keeps to those who consented."""
        return replace(self.segment, consent_only=self.kind == "optional")

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TEXT_FIELDS}


@dataclass(frozen=True)
class Rendered:
    """One recipient's mail exactly as it is queued."""

    recipient: Recipient
    to: str
    subject: str
    body: str
    language: str


def check_draft(event: Event, draft: Draft) -> int:
    """The number of recipients, if the draft can be sent. :raises MessageError: with every problem found."""
    problems: list[tuple[str | None, str]] = []
    if draft.kind not in KINDS:
        problems.append(("kind", TEXTS["value_unknown"]))
    segment = draft.segment
    count = count_for(event, draft)
    if not draft.subject_de.strip():
        problems.append(("subject_de", TEXTS["subject_empty"]))
    if not draft.body_de.strip():
        problems.append(("body_de", TEXTS["body_empty"]))
    if bool(draft.subject_en.strip()) != bool(draft.body_en.strip()):
        problems.append(("subject_en", TEXTS["english_incomplete"]))
    for name in TEXT_FIELDS:
        problems += [(name, text) for text in placeholders.problems(getattr(draft, name), segment.audience)]
    if segment.audience == "series":  # series contacts get the way out in every mail
        for name in ("body_de", "body_en"):
            text = getattr(draft, name)
            if text.strip() and not placeholders.has_unsubscribe_link(text):
                problems.append((name, TEXTS["unsubscribe_missing"]))
    if problems:
        raise MessageError("draft_invalid", problems[0][0], problems)
    if count == 0:
        raise MessageError("segment_empty", "audience")
    return count


def count_for(event: Event, draft: Draft) -> int:
    """How many the draft's segment reaches now (texts not yet checked). :raises MessageError: a bad segment, or
    series contacts for an event that is not published (they are invited to come, so there must be a page)"""
    if draft.segment.audience == "series" and event.status != "published":
        raise MessageError("series_not_published", "audience")
    try:
        segments.check_segment(event, draft.reached)
    except SegmentError as error:
        raise MessageError(error.code, error.field) from None
    return segments.count(event, draft.reached)


def save_draft(event: Event, draft: Draft, *, user, now: datetime, message: Message | None = None) -> Message:
    """A new draft, or the given draft changed. :raises MessageError:"""
    check_draft(event, draft)
    if message is None:
        message = Message(event_id=event.id, state="draft", created_by=user.id, created_at=now, recipient_count=0)
        db.session.add(message)
    elif message.state != "draft":
        raise MessageError("not_a_draft")
    message.kind, message.segment = draft.kind, draft.segment.as_json()
    for name, text in draft.texts().items():
        setattr(message, name, text.strip() if name.startswith("subject") else text)
    db.session.flush()
    return message


def draft_of(message: Message) -> Draft:
    segment = Segment.from_json(message.segment)
    return Draft(message.kind, segment, *(getattr(message, name) for name in TEXT_FIELDS))


def message_segment(message: Message) -> Segment:
    """The stored segment; an optional message always keeps to those who consented."""
    return Segment.from_json(message.segment | {"consent_only": message.kind == "optional"})


def render_for(event: Event, message: Message, recipient: Recipient) -> Rendered:
    """The recipient's mail: English texts for English speakers when the message has them, else German."""
    english = recipient.language == "en" and bool(message.subject_en.strip())
    language = "en" if english else "de"
    subject, body = (message.subject_en, message.body_en) if english else (message.subject_de, message.body_de)
    values = placeholders.values_for(event, recipient, recipient.language if english else "de")
    return Rendered(
        recipient,
        recipient.email,
        placeholders.render(subject, values),
        placeholders.render(body, values),
        language,
    )


def preview(event: Event, message: Message, position: int = 0) -> Rendered | None:
    """The mail of the recipient at `position` (0: the first), or None when the segment is empty now."""
    people = segments.recipients(event, message_segment(message), limit=position + 1)
    return render_for(event, message, people[position]) if len(people) > position else None


def send_test(event: Event, message: Message, *, user, position: int = 0) -> OutboxMail:
    """The preview's mail, sent to the organizer instead of the recipient. :raises MessageError:"""
    rendered = preview(event, message, position)
    if rendered is None:
        raise MessageError("segment_empty")
    if not user.email or "@" not in user.email:
        raise MessageError("no_test_address")
    return outbox.enqueue_mail(
        to=user.email,
        subject=f"[Test] {rendered.subject}",
        body_text=rendered.body,
        reference=f"cockpit-message-test:{message.id}",
    )


def confirm(event: Event, message: Message, *, user, now: datetime) -> Job:
    """Queue the job that writes one outbox mail per recipient; the draft is taken by a compare-and-set, so a
    double click queues it once. :raises MessageError:"""
    count = check_draft(event, draft_of(message))
    taken = db.session.execute(
        update(Message)
        .where(Message.id == message.id, Message.state == "draft")
        .values(state="queued", confirmed_at=now, recipient_count=count)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise MessageError("not_a_draft")
    job = enqueue(JOB_KIND, {"message_id": message.id}, user=user, event_id=event.id, now=now)
    db.session.flush()
    db.session.execute(update(Message).where(Message.id == message.id).values(job_id=job.id))
    db.session.expire(message)
    return job


def resume(event: Event, message: Message, *, user, now: datetime) -> Job:
    """Queue the rest again after the job stopped (cancelled, or failed when its worker was lost): a new job that
    skips those already queued. :raises MessageError:"""
    job = db.session.get(Job, message.job_id) if message.job_id else None
    if message.state != "queued" or (job is not None and not job.is_finished):
        raise MessageError("not_resumable")
    job = enqueue(JOB_KIND, {"message_id": message.id}, user=user, event_id=event.id, now=now)
    db.session.flush()
    message.job_id = job.id
    return job


def mail_ids(message: Message):
    """The message's outbox mails, as a subquery."""
    return select(MessageRecipient.outbox_mail_id).where(
        MessageRecipient.message_id == message.id, MessageRecipient.outbox_mail_id.is_not(None)
    )


def delivery(message: Message) -> dict[str, int]:
    """Recipients per delivery state: queued (waiting or being sent), sent, failed (given up, or an address the
    outbox refused), removed (the mail was deleted: personal data removed or retention)."""
    by_status = outbox.status_counts(mail_ids(message))
    rows = db.session.execute(
        select(
            func.count(),
            func.count(MessageRecipient.outbox_mail_id),
            func.count().filter(MessageRecipient.refused != ""),
        ).where(MessageRecipient.message_id == message.id)
    ).one()
    total, with_mail, refused = rows
    return {
        "queued": by_status["pending"] + by_status["sending"],
        "sent": by_status["sent"],
        "failed": by_status["failed"] + refused,
        "removed": total - with_mail - refused,
        "total": total,
    }


def recipient_rows(message: Message, *, status: str | None = None, limit: int = 200) -> list:
    """Address, status, attempts and last error per recipient (the mail's address: none once it is purged)."""
    statement = (
        select(
            MessageRecipient.recipient_key,
            MessageRecipient.refused,
            OutboxMail.to_address,
            OutboxMail.status,
            OutboxMail.attempts,
            OutboxMail.last_error,
            OutboxMail.sent_at,
        )
        .outerjoin(OutboxMail, OutboxMail.id == MessageRecipient.outbox_mail_id)
        .where(MessageRecipient.message_id == message.id)
        .order_by(MessageRecipient.id)
        .limit(limit)
    )
    if status == "failed":
        statement = statement.where((OutboxMail.status == "failed") | (MessageRecipient.refused != ""))
    elif status == "queued":
        statement = statement.where(OutboxMail.status.in_(("pending", "sending")))
    elif status == "sent":
        statement = statement.where(OutboxMail.status == "sent")
    return list(db.session.execute(statement))


def retry_failed(message: Message, *, now: datetime) -> int:
    """Put the message's failed mails back into the queue with fresh attempts. :raises MessageError:"""
    if message.state == "draft":
        raise MessageError("not_queued")
    return outbox.retry_failed(mail_ids(message), now)


def messages_of(event: Event) -> list[Message]:
    return list(
        db.session.scalars(select(Message).where(Message.event_id == event.id).order_by(Message.created_at.desc()))
    )
