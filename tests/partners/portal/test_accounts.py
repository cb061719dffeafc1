"""Partner accounts over HTTP: register with an organization, confirm by the mailed link, log in, reset."""

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import mail_settings_from, send_pending
from core.models import User
from partners.models import Organization
from tests.factories import PASSWORD, csrf_from, login, make_event, make_user, submit
from tests.partners.portal_helpers import (
    english,
    link_in,
    login_in_english,
    make_organization,
    make_package,
    make_partner,
    make_track,
    outbox_to,
)
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)

REGISTRATION = {
    "account_name": "Anna Schulz",
    "email": "Anna@Firma.example",
    "password": "sehr-geheim-123",
    "password_repeat": "sehr-geheim-123",
    "name": "Nordnetz GmbH",
    "kind": "exhibitor",
    "address": "Am Strande 1\n18055 Rostock",
    "website": "https://nordnetz.example",
    "description_de": "Glasfaser für Mecklenburg-Vorpommern.",
    "description_en": "Fibre for Mecklenburg-Vorpommern.",
    "contact_name": "Kim Berg",
    "contact_email": "kim@nordnetz.example",
    "contact_phone": "0381 123456",
    "booth_wishes": "Nahe am Eingang",
    "needs_power": "y",
    "consent_privacy": "y",
}


def test_registering_creates_an_unconfirmed_account_and_a_submitted_organization(client, app_ctx):
    english(client)
    event = make_event()
    package = make_package(event)
    track = make_track(event)

    response = submit(
        client, "/partner/register?event=noerd", REGISTRATION | {"package_id": package.id, "topic_ids": track.id}
    )

    assert response.status_code == 302 and response.headers["Location"] == "/partner/confirm"
    user = db.session.scalar(select(User).where(User.email == "anna@firma.example"))
    organization = db.session.scalar(select(Organization))
    assert user.email_confirmed_at is None and user.roles == frozenset()
    assert user.password_hash.startswith("$argon2id$")
    assert (organization.name, organization.state, organization.requested_package_id) == (
        "Nordnetz GmbH",
        "submitted",
        package.id,
    )
    assert (organization.topic_ids, organization.needs_power, organization.needs_internet) == ([track.id], True, False)
    assert [(m.user_id, m.role) for m in organization.memberships] == [(user.id, "owner")]
    [mail] = outbox_to("anna@firma.example")
    assert mail.subject == "Please confirm your email address"


def test_registration_form_refuses_bad_input_and_changes_nothing(client, app_ctx):
    english(client)
    event = make_event()
    other = make_event("andere")
    foreign_package = make_package(other)

    response = submit(
        client,
        "/partner/register?event=noerd",
        REGISTRATION | {"password": "kurz", "password_repeat": "kurz", "website": "javascript:alert(1)",
                        "package_id": foreign_package.id, "consent_privacy": ""},
    )  # fmt: skip

    assert response.status_code == 200
    assert "The password needs at least 10 characters." in response.text
    assert "starting with http:// or https://" in response.text
    assert "Please agree to the privacy notice." in response.text
    assert 'aria-invalid="true"' in response.text
    assert db.session.scalar(select(User.id)) is None and db.session.scalar(select(Organization.id)) is None
    assert event.id


def test_registering_with_a_taken_address_asks_to_log_in(client, app_ctx):
    english(client)
    make_event()
    make_partner("anna@firma.example")

    response = submit(client, "/partner/register?event=noerd", REGISTRATION)

    assert response.status_code == 200
    assert "An account with this email address exists already" in response.text
    assert db.session.scalar(select(Organization.id)) is None


def test_confirm_through_the_mailed_link_then_log_in_to_the_portal(app, client, app_ctx, smtp_server):
    english(client)
    app.config.update(MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)
    make_event()
    submit(client, "/partner/register?event=noerd", REGISTRATION)
    send_pending(now=utcnow(), smtp_settings=mail_settings_from(app.config))
    [message] = smtp_server.wait_for(1)
    path = link_in(message.get_body(("plain",)).get_content(), r"^/partner/confirm/")

    refused = submit(client, "/login", {"email": "anna@firma.example", "password": "sehr-geheim-123"})
    page = client.get(path)
    not_yet = db.session.scalar(select(User.email_confirmed_at))
    confirmed = client.post(path, data={"csrf_token": csrf_from(page.text)})
    again = client.get(path)
    logged_in = submit(client, "/login", {"email": "anna@firma.example", "password": "sehr-geheim-123"})
    english(client)
    dashboard = client.get("/partner")

    assert message["To"] == "anna@firma.example"
    assert refused.status_code == 200
    assert "Please confirm your email address first" in refused.text
    assert 'href="/partner/confirm"' in refused.text
    assert page.status_code == 200 and not_yet is None  # the GET only shows the button
    assert confirmed.status_code == 302 and db.session.scalar(select(User.email_confirmed_at)) is not None
    assert "is confirmed already" in again.text
    assert logged_in.headers["Location"] == "/partner"
    assert "Nordnetz GmbH" in dashboard.text and "submitted, awaiting review" in dashboard.text


def test_asking_for_the_link_again_answers_the_same_for_unknown_addresses(client, app_ctx):
    english(client)
    make_partner("offen@firma.example", confirmed=False)

    known = submit(client, "/partner/confirm", {"email": "offen@firma.example"})
    unknown = submit(client, "/partner/confirm", {"email": "niemand@firma.example"})

    assert known.status_code == unknown.status_code == 302
    assert len(outbox_to("offen@firma.example")) == 1 and outbox_to("niemand@firma.example") == []
    flash = client.get("/partner/confirm").text
    assert "If an unconfirmed account has this address" in flash


def later(monkeypatch, delta: timedelta) -> None:
    """Signed links read the clock through itsdangerous: move it forward."""
    now = int(time.time() + delta.total_seconds())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now)


def test_a_confirmation_link_expires_and_a_forged_one_is_refused(client, app_ctx, monkeypatch):
    english(client)
    user = make_partner("offen@firma.example", confirmed=False)
    submit(client, "/partner/confirm", {"email": "offen@firma.example"})
    path = link_in(outbox_to("offen@firma.example")[0].body_text, r"^/partner/confirm/")

    later(monkeypatch, timedelta(days=3, minutes=1))
    expired = client.get(path)
    forged = client.get(path[:-3] + "abc")

    assert "invalid or has expired" in expired.text and "invalid or has expired" in forged.text
    assert user.email_confirmed_at is None


def test_password_reset_works_once_and_says_the_same_for_unknown_addresses(client, app_ctx):
    english(client)
    make_partner("anna@firma.example")

    known = submit(client, "/partner/password/forgot", {"email": "anna@firma.example"})
    unknown = submit(client, "/partner/password/forgot", {"email": "niemand@firma.example"})
    [mail] = outbox_to("anna@firma.example")
    path = link_in(mail.body_text, r"^/partner/password/reset/")
    reset = submit(client, path, {"password": "neues-passwort-1", "password_repeat": "neues-passwort-1"})
    reused = client.get(path)
    old = submit(client, "/login", {"email": "anna@firma.example", "password": PASSWORD})
    new = submit(client, "/login", {"email": "anna@firma.example", "password": "neues-passwort-1"})

    assert known.status_code == unknown.status_code == 302 and known.headers["Location"] == "/login"
    assert outbox_to("niemand@firma.example") == []
    assert reset.status_code == 302
    assert "has been used already" in reused.text
    assert old.status_code == 200 and "Email or password is wrong." in old.text
    assert new.status_code == 302 and new.headers["Location"] == "/partner"


def test_password_reset_is_not_offered_to_organizer_accounts(client, app_ctx):
    make_user("orga@example.org")

    submit(client, "/partner/password/forgot", {"email": "orga@example.org"})

    assert outbox_to("orga@example.org") == []


def test_reset_link_expires(client, app_ctx, monkeypatch):
    english(client)
    make_partner("anna@firma.example")
    submit(client, "/partner/password/forgot", {"email": "anna@firma.example"})
    path = link_in(outbox_to("anna@firma.example")[0].body_text, r"^/partner/password/reset/")

    token = csrf_from(client.get(path).text)
    later(monkeypatch, timedelta(hours=2, minutes=1))
    page = client.get(path)
    response = client.post(path, data={"csrf_token": token, "password": "neues-passwort-1",
                                       "password_repeat": "neues-passwort-1"})  # fmt: skip

    assert "invalid or has expired" in page.text and "invalid or has expired" in response.text
    assert submit(client, "/login", {"email": "anna@firma.example", "password": PASSWORD}).status_code == 302


def test_a_logged_in_partner_registers_another_organization_without_a_new_account(client, app_ctx):
    english(client)
    first, second = make_event(), make_event("stralsund", name="Smart City Stralsund")
    anna = make_partner("anna@firma.example")
    make_organization(first, anna)
    login_in_english(client, "anna@firma.example")

    form = client.get("/partner/register?event=stralsund")
    response = submit(client, "/partner/register?event=stralsund", {
        k: v for k, v in REGISTRATION.items() if k not in ("account_name", "email", "password", "password_repeat")
    } | {"name": "Nordnetz Stralsund"})  # fmt: skip
    twice = submit(client, "/partner/register?event=stralsund", REGISTRATION | {"name": "Noch einmal"})

    assert 'name="password"' not in form.text
    created = db.session.scalar(select(Organization).where(Organization.event_id == second.id))
    assert response.status_code == 302 and response.headers["Location"] == f"/partner/organizations/{created.id}"
    assert [m.user_id for m in created.memberships] == [anna.id]
    assert twice.status_code == 200 and "registered an organization for this event already" in twice.text
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


@pytest.mark.parametrize("url", ["/manage/", "/manage/events/new"])
def test_a_partner_user_gets_403_in_the_organizer_area(client, app_ctx, url):
    make_event()
    make_partner()
    login(client, "anna@firma.example")

    assert client.get(url).status_code == 403


def test_organizers_still_land_in_the_organizer_area(client, app_ctx):
    make_user()

    assert login(client).headers["Location"] == "/manage/"
    assert client.get("/partner").status_code == 403


def test_a_password_reset_also_confirms_the_address_it_reached(client, app_ctx):
    english(client)
    user = make_partner("offen@firma.example", confirmed=False)
    submit(client, "/partner/password/forgot", {"email": "offen@firma.example"})
    path = link_in(outbox_to("offen@firma.example")[0].body_text, r"^/partner/password/reset/")

    submit(client, path, {"password": "neues-passwort-1", "password_repeat": "neues-passwort-1"})
    logged_in = submit(client, "/login", {"email": "offen@firma.example", "password": "neues-passwort-1"})

    db.session.refresh(user)
    assert user.email_confirmed_at is not None
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/partner"


def test_a_registration_without_the_optional_fields_is_taken(client, app_ctx):
    make_event()
    required = ("account_name", "email", "password", "password_repeat", "name", "kind", "address",
                "description_de", "contact_name", "contact_email", "consent_privacy")  # fmt: skip

    response = submit(client, "/partner/register?event=noerd", {k: REGISTRATION[k] for k in required})

    organization = db.session.scalar(select(Organization))
    assert response.status_code == 302
    assert (organization.website, organization.description_en, organization.requested_package_id) == ("", "", None)
