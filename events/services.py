"""Creating, editing, publishing and archiving events, and the questions they ask attendees."""

import re
from dataclasses import dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, select

from core.errors import DomainError
from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import QUESTION_KINDS, Event, Question

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class EventError(DomainError):
    """An event rule was broken; `code` names it and `field` the form field it belongs to."""


@dataclass
class EventDetails:
    """What an organizer edits on an event; datetimes are timezone-aware."""

    name: str
    slug: str
    venue: str
    address: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime
    registration_closes_at: datetime
    description: str = ""
    privacy_text: str = ""
    media_notice: str = ""
    max_tickets_per_booking: int = 5
    reminder_days_before: int = 3


def local_to_utc(naive: datetime, timezone: str) -> datetime:
    """A wall-clock time as typed in the event's timezone, made aware."""
    return naive.replace(tzinfo=ZoneInfo(timezone))


def utc_to_local(moment: datetime | None, timezone: str) -> datetime | None:
    """A stored time as the wall-clock time a form shows (no tzinfo), in the event's timezone."""
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None) if moment else None


def _check(details: EventDetails, event: Event | None) -> None:
    if not SLUG_PATTERN.match(details.slug):
        raise EventError("slug_invalid", "slug")
    taken = db.session.scalar(select(Event.id).where(Event.slug == details.slug))
    if taken is not None and (event is None or taken != event.id):
        raise EventError("slug_taken", "slug")
    try:
        ZoneInfo(details.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise EventError("timezone_unknown", "timezone") from error
    if details.ends_at <= details.starts_at:
        raise EventError("ends_before_start", "ends_at")
    if details.registration_closes_at <= details.registration_opens_at:
        raise EventError("registration_closes_before_opening", "registration_closes_at")
    if details.registration_closes_at > details.ends_at:
        raise EventError("registration_closes_after_event", "registration_closes_at")
    if not 1 <= details.max_tickets_per_booking <= 50:
        raise EventError("max_tickets_out_of_range", "max_tickets_per_booking")
    if not 0 <= details.reminder_days_before <= 60:
        raise EventError("reminder_days_out_of_range", "reminder_days_before")


def create_event(details: EventDetails, *, actor: User | None, series: str = "") -> Event:
    """Create a draft event, a new series unless `series` names one. :raises EventError: taken slug, bad times."""
    _check(details, None)
    event = Event(**{f.name: getattr(details, f.name) for f in fields(details)}, status="draft")
    event.series = series or details.slug
    db.session.add(event)
    db.session.flush()
    record_action(actor, "event.create", event.slug)
    return event


def update_event(event: Event, details: EventDetails, *, actor: User | None) -> Event:
    """Change an event's details; a changed privacy text gets a new version. :raises EventError:"""
    _check(details, event)
    if details.privacy_text != event.privacy_text:
        event.privacy_version += 1
    for f in fields(details):
        setattr(event, f.name, getattr(details, f.name))
    record_action(actor, "event.update", event.slug)
    return event


def set_event_status(event: Event, status: str, *, actor: User | None) -> Event:
    """Publish, withdraw to draft, or archive an event. :raises EventError: unknown status."""
    if status not in ("draft", "published", "archived"):
        raise EventError("status_unknown")
    event.status = status
    record_action(actor, f"event.{status}", event.slug)
    return event


def upcoming_events(now: datetime) -> list[Event]:
    """Published events that have not ended, soonest first."""
    query = select(Event).where(Event.status == "published", Event.ends_at >= now).order_by(Event.starts_at)
    return list(db.session.scalars(query))


# Built once: the public pages look the event up on every request.
PUBLISHED_EVENT = select(Event).where(Event.slug == bindparam("slug"), Event.status.in_(("published", "archived")))


def published_event(slug: str) -> Event | None:
    """The public event with this slug (archived events stay readable), or None."""
    return db.session.scalar(PUBLISHED_EVENT, {"slug": slug})


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc())))


def save_question(
    event: Event,
    *,
    label: str,
    kind: str,
    choices_text: str = "",
    is_required: bool = False,
    question: Question | None = None,
    actor: User | None = None,
) -> Question:
    """Add a question to the event's booking form, or change one. :raises EventError:"""
    if kind not in QUESTION_KINDS:
        raise EventError("question_kind_unknown", "kind")
    choices = [c.strip() for c in choices_text.splitlines() if c.strip()]
    if kind == "choice" and len(choices) < 2:
        raise EventError("choice_needs_two_options", "choices_text")
    if question is None:
        question = Question(event=event, position=len(event.questions))
        db.session.add(question)
    question.label = label.strip()
    question.kind = kind
    question.choices_text = "\n".join(choices) if kind == "choice" else ""
    question.is_required = is_required
    record_action(actor, "question.save", f"{event.slug}: {question.label}")
    return question


def delete_question(question: Question, *, actor: User | None) -> None:
    event = question.event
    event.questions.remove(question)
    for position, remaining in enumerate(event.questions):
        remaining.position = position
    record_action(actor, "question.delete", f"{event.slug}: {question.label}")
