"""Access rows of messages to segments (role admin, as the attendee list); `world()` adds a draft to the world of
tests/partners/test_access.py."""

from cockpit.messages.models import Message
from core.extensions import db
from tests.partners.access_matrix import organizer_row

ADMIN = ("admin",)
EVENTS = "/manage/events/<int:event_id>/messages"
ONE = "/manage/events/{event}/messages/{cockpit_message}"

ROWS = [
    organizer_row(EVENTS, ADMIN),
    organizer_row(f"{EVENTS}/new", ADMIN),
    organizer_row(f"{EVENTS}/<int:message_id>", ADMIN, path=ONE),
    organizer_row(f"{EVENTS}/<int:message_id>/edit", ADMIN, path=f"{ONE}/edit"),
    organizer_row(f"{EVENTS}/<int:message_id>/confirm", ADMIN, 302, path=f"{ONE}/confirm"),
    organizer_row(f"{EVENTS}/<int:message_id>/test", ADMIN, 302, path=f"{ONE}/test", method="POST"),
    organizer_row(f"{EVENTS}/<int:message_id>/retry", ADMIN, 302, path=f"{ONE}/retry", method="POST"),
    organizer_row(f"{EVENTS}/<int:message_id>/resume", ADMIN, 302, path=f"{ONE}/resume", method="POST"),
]


def world(event) -> dict:
    """A draft whose segment nobody matches (the confirm page sends the admin back to it)."""
    message = Message(
        event_id=event.id, kind="event", segment={"audience": "partners", "partner_state": "rejected"},
        subject_de="Hallo {vorname}", body_de="Bis bald", subject_en="", body_en="", state="draft",
    )  # fmt: skip
    db.session.add(message)
    db.session.flush()
    return {"cockpit_message": message.id}
