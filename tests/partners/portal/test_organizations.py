"""The portal's services without HTTP: registration rules, invitations used once, an owner always kept."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.db import utcnow
from core.extensions import db
from core.models import AuditLog
from partners.models import Invitation, Membership
from partners.portal import organizations
from partners.portal.errors import PortalError
from tests.factories import make_event, make_user
from tests.partners.portal_helpers import add_member, make_organization, make_package, make_partner, make_track


def registration(**values) -> organizations.Registration:
    return organizations.Registration(
        **{"name": "Nordnetz GmbH", "description_de": "Glasfaser.", "contact_name": "Kim", **values}
    )


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"kind": "verein"}, "kind_unknown"),
        ({"website": "javascript:alert(1)"}, "website_invalid"),
        ({"website": "ftp://files.example"}, "website_invalid"),
        ({"website": "https://"}, "website_invalid"),
    ],
)
def test_registration_refuses_bad_values(app_ctx, values, code):
    event = make_event()

    with pytest.raises(PortalError) as refused:
        organizations.register_organization(event, make_partner(), registration(**values), now=utcnow())

    assert refused.value.code == code


def test_registration_takes_only_the_events_own_packages_and_topics(app_ctx):
    event, other = make_event(), make_event("andere")
    foreign_package, foreign_track = make_package(other), make_track(other)
    anna = make_partner()

    with pytest.raises(PortalError) as package:
        organizations.register_organization(event, anna, registration(package_id=foreign_package.id), now=utcnow())
    with pytest.raises(PortalError) as topic:
        organizations.register_organization(event, anna, registration(topic_ids=[foreign_track.id]), now=utcnow())

    assert (package.value.code, topic.value.code) == ("package_unknown", "topic_unknown")


def test_registration_needs_a_published_event_that_has_not_ended_and_a_partner_account(app_ctx):
    draft = make_event("entwurf", status="draft")
    event = make_event()
    organizer = make_user()

    with pytest.raises(PortalError) as closed:
        organizations.register_organization(draft, make_partner(), registration(), now=utcnow())
    with pytest.raises(PortalError) as ended:
        organizations.register_organization(event, make_partner("b@x.example"), registration(),
                                            now=event.ends_at + timedelta(minutes=1))  # fmt: skip
    with pytest.raises(PortalError) as orga:
        organizations.register_organization(event, organizer, registration(), now=utcnow())

    assert (closed.value.code, ended.value.code, orga.value.code) == (
        "event_closed",
        "event_closed",
        "organizer_account",
    )


def test_registration_records_the_consent_to_the_privacy_text_version(app_ctx):
    event = make_event()

    organization = make_organization(event, make_partner())

    logged = db.session.scalar(select(AuditLog).where(AuditLog.action == "partner.consent"))
    assert logged.target == f"organization:{organization.id} privacy:{event.privacy_version}"


def test_an_invitation_is_used_once_even_when_another_request_used_it_meanwhile(app_ctx):
    event = make_event()
    anna, ben = make_partner(), make_partner("ben@firma.example")
    organization = make_organization(event, anna)
    invitation = organizations.invite(organization, "ben@firma.example", by=anna, now=utcnow(), language="de")
    db.session.commit()
    assert invitation.accepted_at is None  # loaded: what a request read before the other one wrote

    db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id).values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    with pytest.raises(PortalError) as used:
        organizations.accept_invitation(invitation, ben, now=utcnow())

    assert used.value.code == "invitation_used"
    assert db.session.get(Membership, (ben.id, organization.id)) is None


def test_an_organization_keeps_an_owner(app_ctx):
    event = make_event()
    anna, ben = make_partner(), make_partner("ben@firma.example")
    organization = make_organization(event, anna)
    add_member(organization, ben, role="owner")

    organizations.remove_member(organization, ben.id, actor=anna)
    with pytest.raises(PortalError) as last:
        organizations.remove_member(organization, anna.id, actor=anna)
    with pytest.raises(PortalError) as missing:
        organizations.remove_member(organization, ben.id, actor=anna)

    assert (last.value.code, missing.value.code) == ("last_owner", "not_a_member")
    assert [(m.user_id, m.role) for m in db.session.scalars(select(Membership))] == [(anna.id, "owner")]
