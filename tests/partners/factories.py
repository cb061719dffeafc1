"""Partner test data: packages, a call, organizations and their confirmed partner users (no organizer roles)."""

from datetime import timedelta

from core.db import utcnow
from core.extensions import db
from partners.models import Membership, Organization
from partners.review import packages
from tests.factories import make_user


def make_package(event, name="Aussteller Standard", *, staff_passes=2, quantity=10, booth_size="3 × 3 m"):
    package = packages.save_package(
        event, name=name, booth_size=booth_size, staff_passes=staff_passes, quantity=quantity, actor=None
    )
    db.session.commit()
    return package


def make_call(event, *, opens_in=timedelta(days=-1), deadline_in=timedelta(days=14), formats=("talk", "workshop")):
    now = utcnow()
    call = packages.save_call(
        event, opens_at=now + opens_in, deadline_at=now + deadline_in, formats=formats, actor=None
    )
    db.session.commit()
    return call


def make_organization(event, name="Nordlicht GmbH", *, state="approved", package=None, kind="exhibitor", **fields):
    organization = Organization(
        event=event,
        name=name,
        kind=kind,
        state=state,
        package=package,
        requested_package=package,
        contact_name=fields.pop("contact_name", "Kim Kontakt"),
        contact_email=fields.pop("contact_email", f"kontakt@{name.split()[0].lower()}.example"),
        **fields,
    )
    db.session.add(organization)
    db.session.commit()
    return organization


def make_member(organization, email, *, role="owner"):
    """A confirmed partner user who is a member of `organization`; logs in with tests.factories.PASSWORD."""
    user = make_user(email, roles=())
    db.session.add(Membership(user=user, organization=organization, role=role))
    db.session.commit()
    return user
