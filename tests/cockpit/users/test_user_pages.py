"""Admins manage organizer accounts through the user pages, the way they would in a browser."""

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditLog, User
from tests.factories import PASSWORD, csrf_from, login, make_user, submit
from tests.partners.portal_helpers import link_in, outbox_to

NEW_PASSWORD = "ein langes neues Passwort"


@pytest.fixture
def admin(app_ctx):
    return make_user("chefin@example.org", roles=("admin",))


@pytest.fixture
def app(app):
    """Every client of these tests reads the pages in English (the msgids), so the tests check texts, not catalogs."""
    app.test_client_class = english_client(app.test_client_class)
    return app


def english_client(base):
    class EnglishClient(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.get("/language/en")

    return EnglishClient


def user_named(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def invite(client, email="neu@example.org", roles=("program",), name="Nele Neu"):
    return submit(client, "/manage/users/invite", {"email": email, "name": name, "roles": list(roles)})


def post_action(client, user: User, action: str):
    token = csrf_from(client.get(f"/manage/users/{user.id}").text)
    return client.post(f"/manage/users/{user.id}/{action}", data={"csrf_token": token}, follow_redirects=True)


def test_invite_link_password_login(client, admin, app):
    login(client, "chefin@example.org")

    response = invite(client)

    assert response.status_code == 302
    invited = user_named("neu@example.org")
    assert invited.roles == {"program"} and invited.email_confirmed_at is None
    assert "Invited" in client.get("/manage/users/").text
    [mail] = outbox_to("neu@example.org")
    path = link_in(mail.body_text, r"^/account/invitation/")
    # The invitee opens the link in their own browser; GET shows the form and changes nothing.
    invitee = app.test_client()
    page = invitee.get(path)
    assert page.status_code == 200 and "Nele Neu" in page.text
    done = submit(invitee, path, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].startswith("/login")
    login(invitee, "neu@example.org", NEW_PASSWORD)
    assert invitee.get("/manage/").status_code == 200
    # The link worked once.
    again = app.test_client().get(path)
    assert again.status_code == 400 and "used already" in again.text


def test_invite_refuses_a_taken_address_no_role_and_bad_email(client, admin):
    login(client, "chefin@example.org")

    taken = invite(client, email="Chefin@example.org")
    no_role = invite(client, email="ohne@example.org", roles=())
    bad = invite(client, email="kein-at-zeichen")

    assert taken.status_code == 200 and "exists already" in taken.text
    assert no_role.status_code == 200 and user_named("ohne@example.org") is None
    assert bad.status_code == 200 and user_named("kein-at-zeichen") is None
    assert outbox_to("ohne@example.org") == []


def test_giving_and_taking_roles(client, admin):
    helper = make_user("helfer@example.org", roles=("checkin",))
    login(client, "chefin@example.org")

    given = submit(client, f"/manage/users/{helper.id}", {"roles": ["checkin", "program"]})
    assert given.status_code == 302 and user_named("helfer@example.org").roles == {"checkin", "program"}

    taken = submit(client, f"/manage/users/{helper.id}", {"roles": ["program"]})
    assert taken.status_code == 302 and user_named("helfer@example.org").roles == {"program"}

    none = submit(client, f"/manage/users/{helper.id}", {})
    assert none.status_code == 200 and user_named("helfer@example.org").roles == {"program"}
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.subject_id == helper.id)).all()
    assert actions.count("user.roles") == 2


def test_an_admin_keeps_their_own_admin_role_and_the_last_admin_stays(client, admin):
    login(client, "chefin@example.org")

    own = submit(client, f"/manage/users/{admin.id}", {"roles": ["program"]})

    assert own.status_code == 200 and "your own admin role" in own.text
    assert user_named("chefin@example.org").roles == {"admin"}
    # Another admin may take it: then she is no longer the last.
    second = make_user("zweite@example.org", roles=("admin",))
    other = login_as(client.application, "zweite@example.org")
    assert submit(other, f"/manage/users/{admin.id}", {"roles": ["program"]}).status_code == 302
    assert user_named("chefin@example.org").roles == {"program"}
    # Now the second is the last admin: nobody can take it, and she cannot deactivate herself.
    refused = post_action(other, second, "deactivate")
    assert "your own account" in refused.text and user_named("zweite@example.org").is_active


def login_as(app, email):
    client = app.test_client()
    login(client, email)
    return client


def test_deactivating_ends_the_session_and_login(client, admin, app):
    helper = make_user("helfer@example.org", roles=("program",))
    helper_client = login_as(app, "helfer@example.org")
    assert helper_client.get("/manage/").status_code == 200
    login(client, "chefin@example.org")

    post_action(client, helper, "deactivate")

    assert not user_named("helfer@example.org").is_active
    assert helper_client.get("/manage/").headers["Location"].startswith("/login")
    refused = submit(app.test_client(), "/login", {"email": "helfer@example.org", "password": PASSWORD})
    assert refused.status_code == 200
    post_action(client, helper, "reactivate")
    assert user_named("helfer@example.org").is_active
    login_as(app, "helfer@example.org")


def test_reset_mails_a_one_time_link(client, admin, app):
    helper = make_user("helfer@example.org", roles=("checkin",))
    login(client, "chefin@example.org")

    post_action(client, helper, "reset")

    [mail] = outbox_to("helfer@example.org")
    path = link_in(mail.body_text, r"^/account/reset/")
    reader = app.test_client()
    assert submit(reader, path, {"password": NEW_PASSWORD, "repeat": "etwas anderes"}).status_code == 200
    assert submit(reader, path, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD}).status_code == 302
    login(app.test_client(), "helfer@example.org", NEW_PASSWORD)
    assert reader.get(path).status_code == 400
    forged = reader.get(path[:-3] + "xyz")
    assert forged.status_code == 400 and "invalid" in forged.text


def test_a_forgotten_csrf_token_changes_nothing(client, admin):
    helper = make_user("helfer@example.org", roles=("checkin",))
    login(client, "chefin@example.org")

    answers = [
        client.post(f"/manage/users/{helper.id}/deactivate").status_code,
        client.post(f"/manage/users/{helper.id}", data={"roles": ["admin"]}).status_code,
        client.post(
            "/manage/users/invite", data={"email": "x@example.org", "name": "X", "roles": ["admin"]}
        ).status_code,
    ]

    assert answers == [400, 400, 400]
    helper = user_named("helfer@example.org")
    assert helper.is_active and helper.roles == {"checkin"} and user_named("x@example.org") is None


@pytest.mark.parametrize("role", ["program", "checkin"])
def test_other_roles_are_refused(client, admin, role):
    make_user(f"{role}@example.org", roles=(role,))
    login(client, f"{role}@example.org")
    token = csrf_from(client.get("/login").text)

    assert client.get("/manage/users/").status_code == 403
    assert client.post(f"/manage/users/{admin.id}/deactivate", data={"csrf_token": token}).status_code == 403
    assert user_named("chefin@example.org").is_active


def test_partner_accounts_are_not_on_the_user_pages(client, admin):
    from tests.partners.portal_helpers import make_partner

    partner = make_partner("partner@firma.example", "Pia Partner")
    login(client, "chefin@example.org")

    assert "Pia Partner" not in client.get("/manage/users/").text
    assert client.get(f"/manage/users/{partner.id}").status_code == 404
