"""Placeholders in a message's subject and text: `{vorname}`, `{name}`, `{ticket_link}`, … (German names, English
aliases). A text is checked before anything is sent: an unknown placeholder or a stray brace is an error that names
it, never literal text in 3,000 mails. `{{` and `}}` write a brace.

Rendering substitutes values by name only (no attribute access or format specs, unlike str.format)."""

import difflib
import re
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_interval
from flask_babel import gettext as _

from cockpit.messages.segments import Recipient
from core.urls import external_url
from events.models import Event
from ticketing.contacts.services import unsubscribe_url
from ticketing.models import SeriesContact

# Name in the text → the value it stands for.
PLACEHOLDERS = {
    "vorname": "first_name",
    "first_name": "first_name",
    "name": "name",
    "organisation": "organization",
    "organization": "organization",
    "event": "event",
    "veranstaltung": "event",
    "datum": "date",
    "date": "date",
    "ort": "venue",
    "venue": "venue",
    "adresse": "address",
    "address": "address",
    "ticket_typ": "ticket_type",
    "ticket_type": "ticket_type",
    "ticket_link": "ticket_link",
    "programm_link": "program_link",
    "program_link": "program_link",
    "veranstaltungs_link": "event_link",
    "event_link": "event_link",
    "abmelde_link": "unsubscribe_link",
    "unsubscribe_link": "unsubscribe_link",
}
# Values only some audiences have: a waiting person has no ticket link, a partner no ticket type.
AUDIENCE_VALUES = {
    "tickets": {"ticket_type", "ticket_link"},
    "waitlist": {"ticket_type"},
    "partners": set(),
    "series": {"unsubscribe_link"},
}
COMMON = {"first_name", "name", "organization", "event", "date", "venue", "address", "program_link", "event_link"}
# Mails to series contacts must carry the way out: a text for them without one of these is refused.
UNSUBSCRIBE_NAMES = {name for name, value in PLACEHOLDERS.items() if value == "unsubscribe_link"}
TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\s]*)\}|[{}]")


@dataclass(frozen=True)
class Field:
    name: str


def parse(text: str) -> list[str | Field]:
    """Literal pieces and placeholders. :raises ValueError: for a stray brace, naming where it is."""
    parts: list[str | Field] = []
    position = 0
    for match in TOKEN.finditer(text):
        parts.append(text[position : match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif match.group(1):
            parts.append(Field(match.group(1)))
        else:
            raise ValueError(text[max(0, match.start() - 12) : match.end() + 12].strip())
        position = match.end()
    parts.append(text[position:])
    return parts


def problems(text: str, audience: str) -> list[str]:
    """What is wrong with the placeholders of `text` for this audience, in the reader's language (empty: fine)."""
    try:
        parts = parse(text)
    except ValueError as error:
        return [
            _(
                "A brace that is not part of a placeholder near “%(context)s”. Write {{ or }} for a brace.",
                context=str(error),
            )
        ]
    allowed = COMMON | AUDIENCE_VALUES.get(audience, set())
    found: list[str] = []
    for name in dict.fromkeys(part.name for part in parts if isinstance(part, Field)):
        value = PLACEHOLDERS.get(name.lower())
        if value is None:
            close = difflib.get_close_matches(name.lower(), PLACEHOLDERS, n=1)
            hint = " " + _("Did you mean {%(name)s}?", name=close[0]) if close else ""
            found.append(_("Unknown placeholder {%(name)s}.", name=name) + hint)
        elif value not in allowed:
            found.append(_("The placeholder {%(name)s} has no value for these recipients.", name=name))
    return found


def has_unsubscribe_link(text: str) -> bool:
    """Whether `text` (which passed `problems`) carries the unsubscribe link."""
    try:
        parts = parse(text)
    except ValueError:
        return False
    return any(isinstance(part, Field) and part.name.lower() in UNSUBSCRIBE_NAMES for part in parts)


def render(text: str, values: dict[str, str]) -> str:
    """`text` with each placeholder replaced by its value (`values` keyed by value name, see PLACEHOLDERS); the
    text must have passed `problems`."""
    return "".join(part if isinstance(part, str) else values[PLACEHOLDERS[part.name.lower()]] for part in parse(text))


def values_for(event: Event, recipient: Recipient, language: str) -> dict[str, str]:
    """What each placeholder stands for, for one recipient, in their language."""
    first_name = recipient.name.split()[0] if recipient.name.split() else recipient.name
    return {
        "first_name": first_name,
        "name": recipient.name,
        "organization": recipient.organization,
        "event": event.name,
        "date": event_dates(event, language),
        "venue": event.venue,
        "address": event.address,
        "ticket_type": recipient.ticket_type,
        "ticket_link": external_url("ticketing.ticket", token=recipient.access_token) if recipient.access_token else "",
        "program_link": external_url("schedule.schedule", slug=event.slug),
        "event_link": external_url("events.detail", slug=event.slug),
        "unsubscribe_link": unsubscribe_link(recipient.unsubscribe_token) if recipient.unsubscribe_token else "",
    }


def unsubscribe_link(token: str) -> str:
    """A series contact's unsubscribe link, as ticketing.contacts builds it (it owns the page behind it); the link
    needs only the token, so no row is loaded per recipient (the transient contact is never added to the session)."""
    return unsubscribe_url(SeriesContact(token=token))


def event_dates(event: Event, language: str) -> str:
    """ "4. Juni 2027" or "4.–5. Juni 2027" (in the event's timezone)."""
    first: date = event.starts_at.astimezone(event.tz).date()
    last: date = event.ends_at.astimezone(event.tz).date()
    if first == last:
        return format_date(first, format="long", locale=language)
    return format_interval(first, last, "yMMMMd", locale=language)
