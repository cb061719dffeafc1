"""The booking form makes the ticket choice explicit when there are several ticket types, and marks its required
fields with `required` and `aria-required` (the server still checks them)."""

from sqlalchemy import func, select

from core.extensions import db
from events.services import save_question
from tests.factories import make_event, make_quota, make_ticket_type
from tests.ticketing.contacts.helpers import BOOK, Fields, book_by_form
from ticketing.models import Booking

TICKET = "attendees-0-ticket_type_id"


def noerd_with_three_ticket_types():
    """NØRD: Tag 1, Tag 2 or both days."""
    event = make_event("noerd", days=2)
    hall = make_quota(event, "Halle", 100)
    types = [
        make_ticket_type(event, [hall], "Tag 1", days=event.days[:1]),
        make_ticket_type(event, [hall], "Tag 2", days=event.days[1:]),
        make_ticket_type(event, [hall], "Beide Tage", days=event.days),
    ]
    return event, types


def test_with_several_ticket_types_nothing_is_preselected(client, app_ctx):
    event, types = noerd_with_three_ticket_types()

    fields = Fields(client.get(BOOK).text)

    options = fields.options[TICKET]
    assert [o["value"] for o in options] == ["", *(str(t.id) for t in types)]
    assert [o for o in options if "selected" in o] == []
    assert ("required" in fields.by_name[TICKET], fields.by_name[TICKET].get("aria-required")) == (True, "true")


def test_booking_without_a_ticket_choice_is_refused_with_a_message_and_books_nothing(client, app_ctx):
    event, types = noerd_with_three_ticket_types()
    client.get("/language/en")

    response = book_by_form(client, None, series_consent=True)

    assert response.status_code == 200
    assert '<p class="error" id="attendees-0-ticket_type_id-error">Please choose a ticket.</p>' in response.text
    assert db.session.scalar(select(func.count(Booking.id))) == 0
    assert [t.seats_left for t in types] == [100, 100, 100]


def test_booking_with_an_explicit_choice_books_that_ticket_type(client, app_ctx):
    event, (day_one, day_two, both) = noerd_with_three_ticket_types()

    response = book_by_form(client, both, series_consent=False)

    [booked] = db.session.scalars(select(Booking)).all()
    assert (response.status_code, [t.ticket_type.name for t in booked.tickets]) == (302, ["Beide Tage"])


def test_with_one_ticket_type_that_one_is_the_choice(client, app_ctx):
    event = make_event("noerd", days=1)
    only = make_ticket_type(event, [make_quota(event, "Halle", 10)], "Tag 1")

    options = Fields(client.get(BOOK).text).options[TICKET]

    assert [o["value"] for o in options] == [str(only.id)]


def test_required_fields_and_required_questions_carry_required_and_aria_required(client, app_ctx):
    event, types = noerd_with_three_ticket_types()
    save_question(event, label="Ihre Funktion", kind="text", is_required=True)
    save_question(event, label="Workshop-Wunsch", kind="choice", choices_text="A\nB", is_required=True)
    save_question(event, label="Mittagessen?", kind="yesno", is_required=True)
    save_question(event, label="Anmerkung", kind="text", is_required=False)
    db.session.commit()
    q_text, q_choice, q_yesno, q_optional = (f"attendees-0-q_{q.id}" for q in event.questions)

    fields = Fields(client.get(BOOK).text)

    required = ["attendees-0-name", "attendees-0-email", TICKET, "consent_privacy", q_text, q_choice]
    marks = {name: ("required" in fields.by_name[name], fields.by_name[name].get("aria-required")) for name in required}
    assert marks == {name: (True, "true") for name in required}
    assert all("required" in radio for radio in fields.group_of(q_yesno)["radios"])
    assert (fields.group_of(q_yesno).get("role"), fields.group_of(q_yesno).get("aria-required")) == (
        "radiogroup",
        "true",
    )
    for optional in ("attendees-0-organization", q_optional, "series_consent"):
        assert ("required" in fields.by_name[optional], "aria-required" in fields.by_name[optional]) == (False, False)
