"""Booth staff over HTTP: an approved organization registers people within its package's passes, each gets an
exhibitor ticket outside the public quotas by mail, and removing a person cancels the ticket; the limit holds when
two people press "register" for the last pass at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from markupsafe import escape
from sqlalchemy import func, select

from core.extensions import db
from core.mail.outbox import OutboxMail
from partners.models import BoothStaff
from partners.rules import message_for
from tests.factories import PASSWORD, csrf_from, login, make_event, submit
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)
from tests.partners.factories import make_member, make_organization, make_package
from ticketing.models import Quota, Ticket


def text_of(app, code: str) -> str:
    with app.test_request_context():
        return str(escape(message_for(code)))


@pytest.fixture
def exhibitor(app_ctx, client):
    """An approved exhibitor with two staff passes, its owner logged in."""
    event = make_event()
    org = make_organization(event, "Nordlicht GmbH", package=make_package(event, staff_passes=2))
    make_member(org, "owner@nordlicht.example")
    login(client, "owner@nordlicht.example")
    return org


def token_of(client) -> str:
    """The session's CSRF token, for posts a page would not offer (another organization's, or a refused one)."""
    return csrf_from(client.get("/login").text)


def staff_url(org) -> str:
    return f"/partner/organizations/{org.id}/staff"


def register(client, org, name, email):
    return submit(client, staff_url(org), {"name": name, "email": email})


def test_a_registered_person_gets_an_exhibitor_ticket_by_mail_that_takes_no_public_seat(client, exhibitor):
    response = register(client, exhibitor, "Kim Stand", "kim@nordlicht.example")

    assert response.status_code == 302
    [person] = db.session.scalars(select(BoothStaff)).all()
    ticket = person.ticket
    assert (person.name, person.email) == ("Kim Stand", "kim@nordlicht.example")
    assert (ticket.state, ticket.is_complimentary, ticket.attendee_email) == ("valid", True, "kim@nordlicht.example")
    assert ticket.ticket_type.is_public is False and ticket.ticket_type.quotas == []
    assert ticket.organization == "Nordlicht GmbH"
    assert db.session.scalar(select(func.sum(Quota.seats_taken))) is None
    [mail] = db.session.scalars(select(OutboxMail)).all()
    assert (mail.to_address, mail.reference) == ("kim@nordlicht.example", f"ticket:{ticket.id}")
    assert [a["filename"] for a in mail.attachments] == ["ticket.pdf", "event.ics"]
    page = client.get(staff_url(exhibitor)).text
    assert "Kim Stand" in page and 'id="passes"' in page


def test_registering_beyond_the_packages_passes_is_refused(app, client, exhibitor):
    register(client, exhibitor, "Eins", "eins@example.org")
    register(client, exhibitor, "Zwei", "zwei@example.org")
    url = staff_url(exhibitor)

    response = client.post(url, data={"csrf_token": token_of(client), "name": "Drei", "email": "drei@example.org"})

    assert response.status_code == 200
    assert text_of(app, "staff_passes_used_up") in response.text
    assert db.session.scalar(select(func.count(BoothStaff.id))) == 2
    assert db.session.scalar(select(func.count(Ticket.id))) == 2


def test_the_same_email_cannot_be_registered_twice(app, client, exhibitor):
    register(client, exhibitor, "Kim", "kim@example.org")

    response = register(client, exhibitor, "Kim again", "KIM@example.org")

    assert text_of(app, "staff_email_taken") in response.text
    assert db.session.scalar(select(func.count(BoothStaff.id))) == 1


@pytest.mark.parametrize(("name", "email"), [("", "a@example.org"), ("Kim", "not-an-address"), ("Kim", "")])
def test_bad_input_is_refused_at_its_field_and_nothing_is_registered(client, exhibitor, name, email):
    response = register(client, exhibitor, name, email)

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert db.session.scalar(select(func.count(BoothStaff.id))) == 0


def test_removing_a_person_cancels_the_ticket_and_frees_the_pass(client, exhibitor):
    register(client, exhibitor, "Eins", "eins@example.org")
    register(client, exhibitor, "Zwei", "zwei@example.org")
    first = db.session.scalar(select(BoothStaff).where(BoothStaff.name == "Eins"))
    ticket_id = first.ticket_id

    removed = submit(client, f"{staff_url(exhibitor)}/{first.id}/remove", {}, form_url=staff_url(exhibitor))
    again = register(client, exhibitor, "Drei", "drei@example.org")

    assert (removed.status_code, again.status_code) == (302, 302)
    assert db.session.get(Ticket, ticket_id).state == "cancelled"
    assert sorted(db.session.scalars(select(BoothStaff.name))) == ["Drei", "Zwei"]


@pytest.mark.parametrize("state", ["submitted", "waitlisted", "rejected"])
def test_an_organization_that_is_not_approved_cannot_register_staff(app, client, exhibitor, state):
    exhibitor.state = state
    db.session.commit()

    page = client.get(staff_url(exhibitor))
    data = {"csrf_token": token_of(client), "name": "Kim", "email": "kim@example.org"}
    response = client.post(staff_url(exhibitor), data=data)

    assert text_of(app, "not_approved") in page.text and 'id="name"' not in page.text
    assert text_of(app, "not_approved") in response.text
    assert db.session.scalar(select(func.count(BoothStaff.id))) == 0


def test_a_package_without_passes_says_so(app, client, exhibitor):
    exhibitor.package.staff_passes = 0
    db.session.commit()

    response = register(client, exhibitor, "Kim", "kim@example.org")

    assert text_of(app, "no_staff_passes") in response.text
    assert db.session.scalar(select(func.count(BoothStaff.id))) == 0


def test_a_member_of_another_organization_cannot_see_register_or_remove_its_staff(client, exhibitor):
    other = make_organization(exhibitor.event, "Konkurrenz AG", package=exhibitor.package)
    theirs = BoothStaff(organization=other, name="Fremd", email="fremd@example.org")
    db.session.add(theirs)
    db.session.commit()
    token = token_of(client)

    seen = client.get(staff_url(other))
    added = client.post(staff_url(other), data={"csrf_token": token, "name": "X", "email": "x@example.org"})
    removed = client.post(f"{staff_url(other)}/{theirs.id}/remove", data={"csrf_token": token})
    removed_via_own = client.post(f"{staff_url(exhibitor)}/{theirs.id}/remove", data={"csrf_token": token})

    assert [r.status_code for r in (seen, added, removed, removed_via_own)] == [404, 404, 404, 404]
    assert db.session.scalar(select(func.count(BoothStaff.id))) == 1


def test_racing_for_the_last_passes_registers_exactly_as_many_as_the_package_allows(app_ctx, gunicorn_server):
    event = make_event()
    org = make_organization(event, package=make_package(event, staff_passes=3))
    make_member(org, "owner@nordlicht.example")
    db.session.add(BoothStaff(organization=org, name="Schon da", email="da@example.org"))
    db.session.commit()
    url = f"{gunicorn_server.url}/partner/organizations/{org.id}/staff"
    db.session.commit()  # end the read: on SQLite the test's open transaction would block the server's writers
    with requests.Session() as owner:
        login_page = owner.get(f"{gunicorn_server.url}/login", timeout=30)
        credentials = {"email": "owner@nordlicht.example", "password": PASSWORD}
        owner.post(f"{gunicorn_server.url}/login", data={"csrf_token": csrf_from(login_page.text), **credentials})
        token = csrf_from(owner.get(url, timeout=30).text)
        cookies = owner.cookies
    clients = 6
    barrier = threading.Barrier(clients)

    def press(n: int) -> requests.Response:
        with requests.Session() as browser:
            browser.cookies.update(cookies)
            barrier.wait(timeout=30)
            data = {"csrf_token": token, "name": f"Person {n}", "email": f"person{n}@example.org"}
            return browser.post(url, data=data, allow_redirects=False, timeout=60)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        responses = list(pool.map(press, range(clients)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 4 + [302] * 2, gunicorn_server.log()
    used_up = text_of(app_ctx, "staff_passes_used_up")
    assert all(used_up in r.text for r in responses if r.status_code == 200)
    assert db.session.scalar(select(func.count(BoothStaff.id)).where(BoothStaff.organization_id == org.id)) == 3
    assert db.session.scalar(select(func.count(Ticket.id))) == 2
