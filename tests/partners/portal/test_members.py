"""Members over HTTP: owners invite colleagues by email, they join (with a new account or their own), owners
remove members and change roles, an organization always keeps an owner."""

from datetime import timedelta

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.models import User
from partners.models import Invitation, Membership
from tests.factories import csrf_from, login, make_event, make_user, submit
from tests.partners.portal_helpers import (
    add_member,
    english,
    link_in,
    login_in_english,
    make_organization,
    make_partner,
    outbox_to,
)


def members(organization) -> list[tuple[str, str]]:
    db.session.expire_all()
    return sorted((m.user.email, m.role) for m in db.session.scalars(
        select(Membership).where(Membership.organization_id == organization.id)
    ))  # fmt: skip


def invite(client, organization, email, *, follow_redirects=False):
    page = f"/partner/organizations/{organization.id}"
    return submit(client, f"{page}/invitations", {"email": email}, form_url=page, follow_redirects=follow_redirects)


def test_an_invited_colleague_creates_an_account_and_joins(app, client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)

    sent = invite(client, organization, "Ben@Firma.example")
    [mail] = outbox_to("ben@firma.example")
    path = link_in(mail.body_text, r"^/partner/invitations/")
    newcomer = app.test_client()
    english(newcomer)
    page = newcomer.get(path)
    joined = newcomer.post(path, data={"csrf_token": csrf_from(page.text), "name": "Ben Krause",
                                       "password": "ben-geheim-12", "password_repeat": "ben-geheim-12"})  # fmt: skip
    again = newcomer.get(path)

    assert sent.status_code == 302
    assert mail.subject == "Join Nordnetz GmbH on Treffpunkt"
    assert "ben@firma.example" in page.text and 'name="password"' in page.text
    assert joined.status_code == 302 and joined.headers["Location"] == f"/partner/organizations/{organization.id}"
    assert members(organization) == [("anna@firma.example", "owner"), ("ben@firma.example", "member")]
    ben = db.session.scalar(select(User).where(User.email == "ben@firma.example"))
    assert ben.email_confirmed_at is not None and ben.roles == frozenset()
    assert "has been used already" in again.text
    assert newcomer.get(f"/partner/organizations/{organization.id}").status_code == 200  # logged in as Ben


def test_a_logged_in_partner_joins_with_one_button(app, client, app_ctx):
    event = make_event()
    anna, ben = make_partner(), make_partner("ben@firma.example", "Ben Krause")
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)
    invite(client, organization, "ben@firma.example")
    path = link_in(outbox_to("ben@firma.example")[0].body_text, r"^/partner/invitations/")
    colleague = app.test_client()
    login_in_english(colleague, ben.email)

    page = colleague.get(path)
    before = members(organization)
    joined = colleague.post(path, data={"csrf_token": csrf_from(page.text)})

    assert "Join Nordnetz GmbH" in page.text and 'name="password"' not in page.text
    assert before == [("anna@firma.example", "owner")]
    assert joined.status_code == 302
    assert members(organization) == [("anna@firma.example", "owner"), ("ben@firma.example", "member")]


def test_an_invitee_with_an_account_is_asked_to_log_in(app, client, app_ctx):
    event = make_event()
    anna = make_partner()
    make_partner("ben@firma.example", "Ben Krause")
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)
    invite(client, organization, "ben@firma.example")
    path = link_in(outbox_to("ben@firma.example")[0].body_text, r"^/partner/invitations/")
    stranger = app.test_client()
    english(stranger)

    page = stranger.get(path)
    taken = stranger.post(path, data={"csrf_token": csrf_from(stranger.get("/login").text), "name": "Mallory",
                                      "password": "mallory-1234", "password_repeat": "mallory-1234"})  # fmt: skip

    assert "Log in to join" in page.text and 'name="password"' not in page.text
    assert taken.status_code == 200 and "An account with this email address exists already" in taken.text
    assert members(organization) == [("anna@firma.example", "owner")]


def test_duplicate_invitations_and_members_are_refused_with_a_message(client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)

    first = invite(client, organization, "ben@firma.example", follow_redirects=True)
    duplicate = invite(client, organization, "BEN@firma.example", follow_redirects=True)
    member = invite(client, organization, "anna@firma.example", follow_redirects=True)

    assert "The invitation is sent to ben@firma.example." in first.text
    assert "This address has an open invitation already." in duplicate.text
    assert "This person is a member of the organization already." in member.text
    assert len(outbox_to("ben@firma.example")) == 1
    assert outbox_to("anna@firma.example") == []


def test_expired_and_revoked_invitations_say_so(app, client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)
    invite(client, organization, "ben@firma.example")
    invite(client, organization, "carla@firma.example")
    ben_link = link_in(outbox_to("ben@firma.example")[0].body_text, r"^/partner/invitations/")
    carla_link = link_in(outbox_to("carla@firma.example")[0].body_text, r"^/partner/invitations/")
    ben_invitation = db.session.scalar(select(Invitation).where(Invitation.email == "ben@firma.example"))
    ben_invitation.expires_at = utcnow() - timedelta(minutes=1)
    carla_invitation = db.session.scalar(select(Invitation).where(Invitation.email == "carla@firma.example"))
    page = f"/partner/organizations/{organization.id}"

    revoked = submit(client, f"{page}/invitations/{carla_invitation.id}/revoke", {}, form_url=page)
    visitor = app.test_client()
    english(visitor)
    expired_page = visitor.get(ben_link)
    revoked_page = visitor.get(carla_link)
    token = csrf_from(visitor.get("/login").text)
    revoked_post = visitor.post(carla_link, data={"csrf_token": token, "name": "C", "password": "carla-12345",
                                                  "password_repeat": "carla-12345"})  # fmt: skip

    assert revoked.status_code == 302 and carla_invitation.revoked_at is not None
    assert "This invitation has expired." in expired_page.text
    assert (
        "This invitation was withdrawn." in revoked_page.text and "This invitation was withdrawn." in revoked_post.text
    )
    assert db.session.scalar(select(User).where(User.email == "carla@firma.example")) is None
    assert members(organization) == [("anna@firma.example", "owner")]
    assert visitor.get("/partner/invitations/nicht-da").status_code == 404


def test_owner_removes_a_member_but_not_the_last_owner(client, app_ctx):
    event = make_event()
    anna, ben = make_partner(), make_partner("ben@firma.example", "Ben Krause")
    organization = make_organization(event, anna)
    add_member(organization, ben)
    login_in_english(client, anna.email)
    page = f"/partner/organizations/{organization.id}"

    last_owner = submit(client, f"{page}/members/{anna.id}/remove", {}, form_url=page)
    message = client.get(page).text
    removed = submit(client, f"{page}/members/{ben.id}/remove", {}, form_url=page)
    demote_last = submit(client, f"{page}/members/{anna.id}/role/member", {}, form_url=page)

    assert last_owner.status_code == 302
    assert "The last owner cannot be removed." in message
    assert removed.status_code == 302
    assert demote_last.status_code == 302
    assert members(organization) == [("anna@firma.example", "owner")]


def test_an_owner_may_leave_once_someone_else_owns_the_organization(client, app_ctx):
    event = make_event()
    anna, ben = make_partner(), make_partner("ben@firma.example", "Ben Krause")
    organization = make_organization(event, anna)
    add_member(organization, ben)
    login_in_english(client, anna.email)
    page = f"/partner/organizations/{organization.id}"

    promoted = submit(client, f"{page}/members/{ben.id}/role/owner", {}, form_url=page)
    left = submit(client, f"{page}/members/{anna.id}/remove", {}, form_url=page)

    assert promoted.status_code == 302
    assert left.headers["Location"] == "/partner"
    assert members(organization) == [("ben@firma.example", "owner")]
    assert client.get(page).status_code == 404


def test_members_see_the_member_list_but_cannot_manage_it(client, app_ctx):
    event = make_event()
    anna, ben = make_partner(), make_partner("ben@firma.example", "Ben Krause")
    organization = make_organization(event, anna)
    add_member(organization, ben)
    login_in_english(client, ben.email)
    page = f"/partner/organizations/{organization.id}"

    shown = client.get(page)
    removing = submit(client, f"{page}/members/{anna.id}/remove", {}, form_url=page)
    inviting = invite(client, organization, "eve@firma.example")

    assert shown.status_code == 200 and "anna@firma.example" in shown.text and "ben@firma.example" in shown.text
    assert "Invite colleagues" not in shown.text
    assert removing.status_code == inviting.status_code == 403
    assert members(organization) == [("anna@firma.example", "owner"), ("ben@firma.example", "member")]
    assert outbox_to("eve@firma.example") == []


def test_organizer_accounts_cannot_join_through_an_invitation(app, client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    make_user("orga@example.org", roles=("program",))
    login_in_english(client, anna.email)
    invite(client, organization, "orga@example.org")
    path = link_in(outbox_to("orga@example.org")[0].body_text, r"^/partner/invitations/")
    organizer = app.test_client()
    login(organizer)
    english(organizer)

    page = organizer.get(path)
    response = organizer.post(path, data={"csrf_token": csrf_from(page.text)})

    assert "Organizer accounts cannot act for partner organizations." in response.text
    assert members(organization) == [("anna@firma.example", "owner")]


def test_an_invitation_to_a_malformed_address_is_refused(client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)

    response = invite(client, organization, "kein-at-zeichen", follow_redirects=True)

    assert "Invalid email address." in response.text
    assert db.session.scalar(select(Invitation.id)) is None
