"""A few messages on the demo's timeline: sent ones with their delivery state (most sent, a few bounced), one still
trickling out, and a draft. Written as the job and the outbox would have left them, without sending anything."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from cockpit.messages import presets, segments, services
from cockpit.messages.models import Message, MessageRecipient
from cockpit.messages.segments import Segment
from core.extensions import db
from core.mail.outbox import enqueue_mail
from core.models import User
from events.models import Event
from events.program.models import Contribution
from ticketing.models import Ticket

BOUNCED = "recipient refused: {'%s': (550, b'5.1.1 No such user here')}"


def seed_messages(admin: User, now: datetime) -> None:
    noerd = db.session.scalar(select(Event).where(Event.slug == "noerd"))
    city = db.session.scalar(select(Event).where(Event.slug == "regionalkonferenz-smart-city"))
    if noerd is not None:
        answer_how_they_heard(noerd)
        workshop = db.session.scalar(
            select(Contribution)
            .where(Contribution.event_id == noerd.id, Contribution.seats > 0)
            .order_by(Contribution.id)
            .limit(1)
        )
        if workshop is not None:
            texts = ("Ihr Workshop bei {event}: bitte Laptop mitbringen", _WORKSHOP_DE,
                     "Your workshop at {event}: please bring a laptop", _WORKSHOP_EN)  # fmt: skip
            _sent(noerd, admin, Segment(workshop_id=workshop.id), texts, now - timedelta(days=6), failed=1)
        partner_texts = ("Aufbau für {event}", _PARTNERS_DE, "", "")
        _sent(noerd, admin, Segment(audience="partners", partner_state="approved"), partner_texts,
              now - timedelta(days=2), failed=0, pending=3)  # fmt: skip
        reminder = presets.preset(noerd, "builtin:reminder")
        draft = services.Draft("event", Segment(), reminder.subject_de, reminder.body_de, reminder.subject_en,
                               reminder.body_en)  # fmt: skip
        services.save_draft(noerd, draft, user=admin, now=now - timedelta(hours=3))
    if city is not None:
        directions = presets.preset(city, "builtin:directions")
        texts = (directions.subject_de, directions.body_de, directions.subject_en, directions.body_en)
        _sent(city, admin, Segment(), texts, now - timedelta(days=1), failed=2)


def answer_how_they_heard(event: Event) -> None:
    """Most holders answered the optional question how they heard of the event (segments by answer need answers);
    every fourth left it empty."""
    question = next((q for q in event.questions if q.kind == "choice" and not q.is_required), None)
    if question is None:
        return
    tickets = db.session.execute(select(Ticket.id, Ticket.answers).where(Ticket.event_id == event.id)).all()
    changes = [
        {
            "id": ticket_id,
            "answers": {**(answers or {}), str(question.id): question.choices[ticket_id % 5 % len(question.choices)]},
        }
        for ticket_id, answers in tickets
        if ticket_id % 4 and str(question.id) not in (answers or {})
    ]
    if changes:
        db.session.execute(update(Ticket), changes)


def _sent(event: Event, admin: User, segment: Segment, texts, at: datetime, *, failed: int, pending: int = 0) -> None:
    """A confirmed message whose mails went out a few minutes after `at`; the last `failed` bounced and the last
    `pending` before them still wait for the rate limit."""
    people = segments.recipients(event, segment)
    if not people:
        return
    message = Message(
        event_id=event.id, kind="event", segment=segment.as_json(), state="done", created_by=admin.id,
        created_at=at - timedelta(minutes=20), confirmed_at=at, recipient_count=len(people),
        **dict(zip(services.TEXT_FIELDS, texts, strict=True)),
    )  # fmt: skip
    db.session.add(message)
    db.session.flush()
    mails = []
    for n, person in enumerate(people):
        rendered = services.render_for(event, message, person)
        mail = enqueue_mail(to=rendered.to, subject=rendered.subject, body_text=rendered.body,
                            reference=f"cockpit-message:{message.id}")  # fmt: skip
        mail.created_at = mail.next_attempt_at = at
        left = len(people) - n
        if left <= failed:
            mail.status, mail.attempts, mail.last_error = "failed", 1, BOUNCED % rendered.to
        elif left <= failed + pending:
            mail.status = "pending"
        else:
            mail.status, mail.attempts, mail.sent_at = "sent", 1, at + timedelta(seconds=2 * n)
        mails.append((person, mail))
    db.session.flush()
    db.session.add_all(
        MessageRecipient(
            message_id=message.id, recipient_key=person.key, outbox_mail_id=mail.id, refused="", queued_at=at
        )  # fmt: skip
        for person, mail in mails
    )


_WORKSHOP_DE = (
    "Hallo {vorname},\n\nSie haben einen Platz im Workshop bei {event} ({datum}, {ort}). Bitte bringen Sie einen "
    "Laptop mit; Strom gibt es an jedem Tisch.\n\nIhr Ticket: {ticket_link}\n\nBis bald!"
)
_WORKSHOP_EN = (
    "Hello {first_name},\n\nyou have a seat in a workshop at {event} ({date}, {venue}). Please bring a laptop; "
    "every table has power.\n\nYour ticket: {ticket_link}\n\nSee you soon!"
)
_PARTNERS_DE = (
    "Hallo {name},\n\nder Aufbau für {event} beginnt am Vortag ab 14 Uhr ({ort}, {adresse}). Die Standnummer "
    "steht im Partnerportal.\n\nViele Grüße"
)
