"""Inviting the contacts of a series to its new edition through HTTP: the count on the series page, the built-in
invitation, the mandatory unsubscribe link, preview, confirm → one outbox mail per contact, and who is left out."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cockpit.messages.models import Message
from cockpit.series.copying import copy_edition
from core.db import utcnow
from core.extensions import db
from core.jobs import run_one
from core.mail.outbox import OutboxMail
from events.services import set_event_status
from tests.cockpit.series.world import add_contacts, edition_world
from tests.factories import login, make_user, submit
from ticketing.contacts.services import unsubscribe
from ticketing.models import Booking, SeriesContact, Ticket, TicketType

INVITE = "builtin:series_invite"


@pytest.fixture
def world(app_ctx, client):
    world = edition_world()
    admin = make_user()
    source = world["event"]
    edition = copy_edition(source, slug="forum-2027", name="Forum 2027", first_day=source.days[0] + timedelta(days=364),
                           actor=admin)  # fmt: skip
    set_event_status(edition, "published", actor=admin)
    db.session.commit()
    world["edition"] = edition
    world["contacts"] = add_contacts("forum-2026", [
        ("Ada Lovelace", "ada@example.org", "de"),  # holds a ticket of 2026, not of 2027: invited
        ("Bert Brandt", "bert@example.org", "de"),
        ("Cleo Clark", "cleo@example.org", "en"),
        ("Dora Dahl", "dora@example.org", "de"),  # has booked 2027 already
    ])  # fmt: skip
    add_contacts("other-series", [("Otto Ohm", "otto@example.org", "de")])
    book(edition, "Dora Dahl", "DORA@example.org")
    login(client)
    world["messages"] = f"/manage/events/{edition.id}/messages"
    world["page"] = f"/manage/events/{edition.id}/series/contacts"
    return world


def book(event, name, email):
    ticket_type = db.session.scalars(select(TicketType).where(TicketType.event_id == event.id)).first()
    booking = Booking(event_id=event.id, submission_key=f"{event.slug}-{email}", buyer_name=name, buyer_email=email,
                      language="de", state="confirmed", consent_at=utcnow(), consent_privacy_version=1)  # fmt: skip
    db.session.add_all([booking, Ticket(event=event, booking=booking, ticket_type=ticket_type, attendee_name=name,
                                        attendee_email=email, state="valid")])  # fmt: skip
    db.session.commit()


def invitation(**fields) -> dict:
    """The compose form with the built-in invitation's texts as the page offers them."""
    return {
        "audience": "series",
        "kind": "event",
        "subject_de": "Einladung: {event} am {datum}",
        "body_de": "Hallo {name}, kommen Sie zu {event}: {veranstaltungs_link}\nAbmelden: {abmelde_link}",
        "subject_en": "Invitation: {event}",
        "body_en": "Hello {name}, come to {event}: {event_link}\nUnsubscribe: {unsubscribe_link}",
        "action": "save",
        **fields,
    }


def messages() -> list[Message]:
    db.session.expire_all()
    return list(db.session.scalars(select(Message).where(Message.segment["audience"].as_string() == "series")))


def mails() -> dict[str, OutboxMail]:
    db.session.expire_all()
    found = db.session.scalars(select(OutboxMail).where(OutboxMail.reference.startswith("cockpit-message:")))
    return {m.to_address: m for m in found}


def test_the_series_page_counts_contacts_without_those_holding_a_ticket(client, world):
    page = client.get(world["page"]).text

    assert 'id="series-contacts">4<' in page
    assert 'id="series-with-ticket">1<' in page
    assert 'id="series-reachable">3<' in page
    assert re.search(rf'href="{world["messages"]}/new\?template=builtin(:|%3A)series_invite"', page)


def test_the_built_in_invitation_fills_the_form_for_the_series_contacts(client, world):
    page = client.get(f"{world['messages']}/new?template={INVITE}").text

    assert re.search(r'<option selected value="series">|<option value="series" selected>', page)
    assert "{abmelde_link}" in page and "{unsubscribe_link}" in page and "Einladung: {event} am {datum}" in page


def test_preview_shows_a_real_contacts_mail_with_event_and_unsubscribe_links(client, world):
    response = submit(client, f"{world['messages']}/new", invitation())
    [message] = messages()
    page = client.get(response.headers["Location"]).text

    ada = world["contacts"]["Ada"]
    assert 'id="preview-to">ada@example.org<' in page
    assert "Hallo Ada Lovelace, kommen Sie zu Forum 2027: http" in page
    assert "/e/forum-2027" in page and f"/abmelden/{ada.token}" in page
    assert re.search(r'id="recipient-count"[^>]*>\s*(Diese Nachricht ginge an|This message would go to) 3', page)
    assert message.state == "draft"


@pytest.mark.parametrize("field", ["body_de", "body_en"])
def test_an_invitation_without_the_unsubscribe_link_is_refused(client, world, field):
    text = "Hallo {name}, kommen Sie: {veranstaltungs_link}"

    response = submit(client, f"{world['messages']}/new", invitation(**{field: text}))

    assert response.status_code == 200
    assert re.search(rf'id="{field}-error">[^<]*(abmelde_link|unsubscribe_link)', response.text)
    assert messages() == []


def test_the_unsubscribe_link_has_no_value_for_ticket_holders(client, world):
    fields = invitation(audience="tickets", subject_en="", body_en="")

    response = submit(client, f"{world['messages']}/new", fields)

    assert response.status_code == 200
    assert 'id="body_de-error"' in response.text and "{abmelde_link}" in response.text
    assert db.session.scalars(select(Message).where(Message.event_id == world["edition"].id)).all() == []


def test_a_draft_edition_cannot_invite(client, world):
    set_event_status(world["edition"], "draft", actor=None)
    db.session.commit()

    page = client.get(world["page"]).text
    response = submit(client, f"{world['messages']}/new", invitation())

    assert 'id="series-not-published"' in page and "template=builtin" not in page
    assert response.status_code == 200 and 'id="audience-error"' in response.text
    assert messages() == []


def test_confirm_queues_one_mail_per_contact_with_their_own_unsubscribe_link(client, world):
    submit(client, f"{world['messages']}/new", invitation())
    [message] = messages()

    response = submit(client, f"{world['messages']}/{message.id}/confirm", {})
    job = run_one("test-worker", now=utcnow())

    assert response.status_code == 302
    assert (job.state, job.result) == ("done", {"queued": 3})
    sent = mails()
    assert sorted(sent) == ["ada@example.org", "bert@example.org", "cleo@example.org"]  # not Dora, not Otto
    contacts = world["contacts"]
    for name in ("Ada", "Bert", "Cleo"):
        assert f"/abmelden/{contacts[name].token}" in sent[contacts[name].email].body_text
    assert sent["cleo@example.org"].subject == "Invitation: Forum 2027"
    assert sent["bert@example.org"].subject.startswith("Einladung: Forum 2027 am ")
    db.session.expire_all()
    invited = {c.email: c.last_invited_at for c in db.session.scalars(select(SeriesContact))}
    assert all(invited[e] is not None for e in sent) and invited["dora@example.org"] is None
    page = client.get(world["page"]).text
    assert 'id="series-reachable">3<' in page and "Einladung: {event} am {datum}" in page
    delivery = client.get(f"{world['messages']}/{message.id}").text
    assert 'id="delivery-queued">3<' in delivery


def test_unsubscribed_contacts_are_not_mailed(client, world):
    submit(client, f"{world['messages']}/new", invitation())
    [message] = messages()
    assert unsubscribe(world["contacts"]["Bert"].token)  # Bert follows the link of an earlier mail
    db.session.commit()

    submit(client, f"{world['messages']}/{message.id}/confirm", {})
    run_one("test-worker", now=utcnow())

    assert sorted(mails()) == ["ada@example.org", "cleo@example.org"]
    assert 'id="series-contacts">3<' in client.get(world["page"]).text


def test_the_program_team_sees_neither_page(app, world):
    make_user("programm@example.org", roles=("program",))
    program = app.test_client()
    login(program, "programm@example.org")

    assert program.get(world["page"]).status_code == 403
    assert program.get(f"{world['messages']}/new?template={INVITE}").status_code == 403
