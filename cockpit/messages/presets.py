"""Templates: built-in ones (reminder, directions, thanks after the event, invitation of the series' contacts) in
German and English, and those an organizer saved for an event. A template fills the compose form; nothing is sent
from it directly."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cockpit.messages.models import MessageTemplate
from core.extensions import db
from events.models import Event


@dataclass(frozen=True)
class Preset:
    key: str  # "builtin:reminder" or "saved:12"
    name: object  # a lazy text for the built-in ones, read in the page's language
    kind: str
    subject_de: str
    body_de: str
    subject_en: str
    body_en: str
    audience: str = ""  # the recipients the template is written for ("series"); empty: any


BUILT_IN = {
    "reminder": (
        _l("Reminder"),
        "Bald geht es los: {event} am {datum}",
        "Hallo {vorname},\n\nin wenigen Tagen beginnt {event} ({datum}, {ort}). Ihr Ticket ({ticket_typ}) finden Sie "
        "hier: {ticket_link}\n\nDas Programm: {programm_link}\n\nWir freuen uns auf Sie!",
        "Coming soon: {event} on {date}",
        "Hello {first_name},\n\n{event} starts in a few days ({date}, {venue}). Your ticket ({ticket_type}) is "
        "here: {ticket_link}\n\nThe programme: {program_link}\n\nWe look forward to seeing you!",
    ),
    "directions": (
        _l("Directions"),
        "Anreise zu {event}",
        "Hallo {vorname},\n\nso finden Sie zu {event}: {ort}, {adresse}.\nBitte halten Sie Ihr Ticket am Einlass "
        "bereit: {ticket_link}\n\nBis bald!",
        "Getting to {event}",
        "Hello {first_name},\n\nthis is how to find {event}: {venue}, {address}.\nPlease have your ticket ready at "
        "the entrance: {ticket_link}\n\nSee you soon!",
    ),
    "thanks": (
        _l("Thanks after the event, with materials"),
        "Danke für Ihren Besuch bei {event}",
        "Hallo {vorname},\n\nvielen Dank, dass Sie bei {event} dabei waren! Folien und Materialien der Beiträge "
        "finden Sie im Programm: {programm_link}\n\nWir freuen uns auf ein Wiedersehen.",
        "Thank you for coming to {event}",
        "Hello {first_name},\n\nthank you for being part of {event}! Slides and materials of the sessions are in "
        "the programme: {program_link}\n\nWe hope to see you again.",
    ),
    "series_invite": (
        _l("Invitation to the new edition (contacts of the series)"),
        "Einladung: {event} am {datum}",
        "Hallo {name},\n\nSie waren bei einer früheren Ausgabe unserer Veranstaltungsreihe dabei und wollten von der "
        "nächsten hören. Wir laden Sie herzlich ein zu {event} am {datum} in {ort}.\n\nProgramm und Anmeldung: "
        "{veranstaltungs_link}\n\nWir freuen uns auf Sie!\n\nSie möchten keine Einladungen zu dieser Reihe mehr "
        "erhalten? Hier können Sie sich abmelden: {abmelde_link}",
        "Invitation: {event} on {date}",
        "Hello {name},\n\nyou took part in an earlier edition of our series and wanted to hear about the next one. "
        "We warmly invite you to {event} on {date} at {venue}.\n\nProgramme and registration: {event_link}\n\nWe "
        "look forward to seeing you!\n\nNo more invitations to this series? Unsubscribe here: {unsubscribe_link}",
    ),
}
# Built-in templates written for one kind of recipients: choosing one also chooses them.
BUILT_IN_AUDIENCE = {"series_invite": "series"}


def presets(event: Event) -> list[Preset]:
    """Built-in templates first, then the event's own, by name."""
    built_in = [
        Preset(f"builtin:{key}", name, "event", *texts, audience=BUILT_IN_AUDIENCE.get(key, ""))
        for key, (name, *texts) in BUILT_IN.items()
    ]
    saved = db.session.scalars(
        select(MessageTemplate).where(MessageTemplate.event_id == event.id).order_by(MessageTemplate.name)
    )
    return built_in + [
        Preset(f"saved:{t.id}", t.name, t.kind, t.subject_de, t.body_de, t.subject_en, t.body_en) for t in saved
    ]


def preset(event: Event, key: str) -> Preset | None:
    return next((p for p in presets(event) if p.key == key), None)


def save_template(event: Event, name: str, *, kind: str, texts: dict[str, str]) -> MessageTemplate:
    """Keep the texts as a template of the event; a template of the same name is replaced."""
    template = db.session.scalar(
        select(MessageTemplate).where(MessageTemplate.event_id == event.id, MessageTemplate.name == name)
    )
    if template is None:
        template = MessageTemplate(event_id=event.id, name=name)
        db.session.add(template)
    template.kind = kind
    for field in ("subject_de", "body_de", "subject_en", "body_en"):
        setattr(template, field, texts[field])
    return template
