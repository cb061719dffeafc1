"""Partner accounts, organizations and the mails they get, for the portal's tests."""

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.mail.outbox import OutboxMail
from events.program.models import Track
from partners.models import Membership, Organization, Package
from partners.portal import accounts, organizations
from partners.review.decisions import decide
from tests.factories import PASSWORD, login

LOGO_FIELDS = {"description_de": "Wir bauen Netze.", "contact_name": "Kim Berg", "contact_email": "kim@example.org"}


def make_partner(email="anna@firma.example", name="Anna Schulz", *, confirmed=True):
    user = accounts.create_partner_user(email, name, PASSWORD, confirmed_at=utcnow() if confirmed else None)
    db.session.commit()
    return user


def make_organization(event, owner, name="Nordnetz GmbH", *, state="submitted", kind="exhibitor", **profile):
    details = organizations.Registration(
        name=name,
        kind=kind,
        address="Am Strande 1, 18055 Rostock",
        description_de=profile.pop("description_de", f"{name} stellt aus."),
        contact_name="Kim Berg",
        contact_email="kim@example.org",
        **profile,
    )
    organization = organizations.register_organization(event, owner, details, now=utcnow())
    if state != "submitted":
        decide(organization, state, "", actor=None, now=utcnow())
    db.session.commit()
    return organization


def add_member(organization, user, role="member"):
    db.session.add(Membership(organization=organization, user=user, role=role, created_at=utcnow()))
    db.session.commit()


def make_package(event, name="Stand M", **values):
    values.setdefault("quantity", 10)  # approving refuses a package that is used up
    package = Package(event=event, name=name, booth_size=values.pop("booth_size", "3 × 3 m"), **values)
    db.session.add(package)
    db.session.commit()
    return package


def make_track(event, name="Verwaltung digital"):
    track = Track(event=event, name=name)
    db.session.add(track)
    db.session.commit()
    return track


def outbox_to(address: str) -> list[OutboxMail]:
    query = select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)
    return list(db.session.scalars(query))


def link_in(text: str, path_pattern: str) -> str:
    """The one link in `text` whose path matches, as a path for the test client."""
    [path] = [
        urlsplit(url).path for url in re.findall(r"https?://\S+", text) if re.search(path_pattern, urlsplit(url).path)
    ]
    return path


def organization_named(name: str) -> Organization:
    return db.session.scalar(select(Organization).where(Organization.name == name))


def english(client) -> None:
    """Pages in English: the tests read the texts as written in the code, before and after translation."""
    client.get("/language/en")


def login_in_english(client, email: str, password: str = PASSWORD):
    """Log in (which starts a fresh session) and switch that session to English."""
    response = login(client, email, password)
    english(client)
    return response
