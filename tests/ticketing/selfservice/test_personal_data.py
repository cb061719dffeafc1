"""Everything stored about a person, as a page and a JSON download behind the ticket's or the booking's secret
link; `personal_data` is tested directly too. Another holder's data in the same booking never shows."""

import json

import pytest

from core.db import utcnow
from core.extensions import db
from events.models import Question
from tests.core.test_labels import raw_values
from tests.ticketing.agenda_helpers import published_program
from tests.ticketing.booking_helpers import person
from tests.ticketing.selfservice.helpers import confirmed_tickets
from tests.ticketing.worldcafe.helpers import latin_plan, make_cafe
from ticketing.agenda import workshops
from ticketing.agenda.personal import add_to_agenda
from ticketing.booking import waitlist
from ticketing.models import TicketType
from ticketing.selfservice.personal_data import personal_data
from ticketing.worldcafe.plan import plans

KEYS = {"person", "event", "booking", "tickets", "tickets_for_others", "waiting_list", "series_contacts", "mails"}
TICKET_KEYS = {
    "reference", "ticket_type", "state", "name", "email", "organization", "stakeholder_group", "language",
    "created_at", "cancelled_at", "reminder_sent_at", "anonymised_at", "answers", "check_ins", "workshops", "agenda",
    "world_cafe",
}  # fmt: skip


@pytest.fixture
def world(app_ctx):
    """A booking by Ada for herself and Bob; Ada answered a question, signed up for a workshop, marked a talk, and
    waits for a second ticket type."""
    program = published_program()
    event = program.event
    question = Question(event=event, label="Essenswunsch", kind="text")
    db.session.add(question)
    program.talks["Threat Modeling"].seats = 10
    db.session.commit()
    ticket_type = db.session.get(TicketType, program.ticket.ticket_type_id)
    ada, bob = confirmed_tickets(
        event,
        ticket_type,
        [
            person(ticket_type, 1, name="Ada Adler", email="ada@example.org", answers={str(question.id): "vegan"}),
            person(ticket_type, 2, name="Bob Berg", email="bob@example.org", answers={str(question.id): "Fisch"}),
        ],
    )
    workshops.sign_up(ada, program.talks["Threat Modeling"], now=utcnow())
    add_to_agenda(ada, program.talks["Eröffnung"].id, now=utcnow())
    add_to_agenda(bob, program.talks["Tag zwei"].id, now=utcnow())
    waitlist.join_waitlist(
        ticket_type, name="Ada Adler", email="ada@example.org", organization="", stakeholder_group="science",
        answers={}, consent_privacy=True, consent_media=True, language="de", now=utcnow(),
    )  # fmt: skip
    db.session.commit()
    return {"ada": ada, "bob": bob, "booking": ada.booking}


def test_personal_data_of_a_ticket_holds_their_booking_answers_program_waiting_list_and_mails(world):
    data = personal_data(world["booking"], ticket=world["ada"])

    assert set(data) == KEYS
    [ticket] = data["tickets"]
    assert set(ticket) == TICKET_KEYS
    assert (data["person"], ticket["name"], ticket["state"]) == (
        {"name": "Ada Adler", "email": "ada@example.org"},
        "Ada Adler",
        "valid",
    )
    assert ticket["answers"] == [{"question": "Essenswunsch", "answer": "vegan"}]
    assert [(w["title"], w["state"]) for w in ticket["workshops"]] == [("Threat Modeling", "signed_up")]
    assert [item["title"] for item in ticket["agenda"]] == ["Eröffnung"]
    assert [(e["name"], e["email"]) for e in data["waiting_list"]] == [("Ada Adler", "ada@example.org")]
    assert data["booking"]["booked_by_you"] is True and data["booking"]["consents"]["photos_and_video"] is True
    assert data["mails"] and all(set(m) == {"subject", "created_at", "sent_at", "status"} for m in data["mails"])


def test_personal_data_of_a_holder_booked_by_someone_else_leaves_out_the_buyer(world):
    data = personal_data(world["booking"], ticket=world["bob"])

    text = json.dumps(data, default=str)
    assert data["booking"]["booked_by_you"] is False and data["booking"]["buyer_email"] is None
    assert "Ada" not in text and "ada@example.org" not in text and "vegan" not in text and "Eröffnung" not in text
    assert [item["title"] for item in data["tickets"][0]["agenda"]] == ["Tag zwei"]


def test_personal_data_of_a_booking_holds_the_buyers_own_tickets_and_counts_the_others(world):
    data = personal_data(world["booking"])

    text = json.dumps(data, default=str)
    assert [t["name"] for t in data["tickets"]] == ["Ada Adler"] and data["tickets_for_others"] == 1
    assert "Bob" not in text and "bob@example.org" not in text and "Fisch" not in text


def test_data_page_lists_the_answers_and_links_the_download(client, world):
    ada = world["ada"]

    page = client.get(f"/t/{ada.access_token}/data")

    assert page.status_code == 200
    assert '<th scope="row">Essenswunsch</th><td>vegan</td>' in page.text
    assert "Threat Modeling" in page.text and "Eröffnung" in page.text
    assert f'href="/t/{ada.access_token}/data.json"' in page.text
    assert "Bob Berg" not in page.text and "Fisch" not in page.text
    assert raw_values(page.text) == []


def test_json_download_is_an_attachment_with_the_same_data_and_no_other_persons(client, world):
    bob = world["bob"]

    download = client.get(f"/t/{bob.access_token}/data.json")
    data = download.get_json()

    assert download.status_code == 200 and download.mimetype == "application/json"
    assert download.headers["Content-Disposition"] == 'attachment; filename="my-data-noerd.json"'
    assert set(data) == KEYS and set(data["tickets"][0]) == TICKET_KEYS
    assert data["person"] == {"name": "Bob Berg", "email": "bob@example.org"}
    assert data["tickets"][0]["answers"] == [{"question": "Essenswunsch", "answer": "Fisch"}]
    assert "ada@example.org" not in download.text and "vegan" not in download.text
    assert data["tickets"][0]["created_at"] == bob.created_at.isoformat()


def test_booking_page_links_the_data_page_and_its_download(client, world):
    token = world["booking"].token

    booking_page = client.get(f"/booking/{token}")
    page = client.get(f"/booking/{token}/data")
    download = client.get(f"/booking/{token}/data.json")

    assert f'href="/booking/{token}/data"' in booking_page.text
    assert page.status_code == 200 and "Ada Adler" in page.text and "Bob Berg" not in page.text
    assert download.get_json()["tickets_for_others"] == 1


def test_ticket_page_links_the_data_page(client, world):
    ada = world["ada"]

    page = client.get(f"/t/{ada.access_token}")

    assert f'href="/t/{ada.access_token}/data"' in page.text


@pytest.mark.parametrize("path", ["/t/nope/data", "/t/nope/data.json", "/booking/nope/data", "/booking/nope/data.json"])
def test_unknown_links_are_not_found(client, world, path):
    assert client.get(path).status_code == 404


def test_world_cafe_choices_and_tables_are_listed(client, app_ctx):
    made = make_cafe()
    plans.store_draft(made.cafe, latin_plan(made))
    plans.publish(made.cafe, now=utcnow(), notify=False)
    db.session.commit()
    ticket = made.ticket(0)

    data = personal_data(None, ticket=ticket)
    page = client.get(f"/t/{ticket.access_token}/data")

    [cafe] = data["tickets"][0]["world_cafe"]
    assert cafe["ranked_topics"] == ["Nachhaltige Mobilität", "Bildung", "(Cyber-)Sicherheit"]
    assert [(s["round"], s["table"], s["topic"]) for s in cafe["tables"]] == [
        (1, 1, "Nachhaltige Mobilität"),
        (2, 2, "Bildung"),
        (3, 3, "(Cyber-)Sicherheit"),
    ]
    assert data["booking"] is None and page.status_code == 200 and "Nachhaltige Mobilität" in page.text
