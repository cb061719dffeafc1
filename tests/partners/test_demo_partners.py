"""`flask demo seed` gives NØRD packages and partners: the approved ones in the directory with their logos."""

import re

from sqlalchemy import select

from core.extensions import db
from core.models import User
from partners.models import Organization, Package
from tests.partners.portal_helpers import english


def test_the_demo_directory_shows_approved_partners_with_logos_and_their_contributions(runner, client, app_ctx):
    runner.invoke(args=["demo", "seed"])
    english(client)

    directory = client.get("/e/noerd/partners")
    logos = re.findall(r'<img src="(/uploads/[0-9a-f]{32}\.png)"', directory.text)
    served = [client.get(url) for url in logos]
    states = sorted(db.session.scalars(select(Organization.state)))
    partner = db.session.scalar(select(User).where(User.email == "partner@treffpunkt.example"))
    first = db.session.scalar(select(Organization).where(Organization.name == "Hochschule Stralsund"))
    entry = client.get(f"/e/noerd/partners/{first.id}")

    assert states.count("approved") == 7 and "submitted" in states and "waitlisted" in states
    assert len(db.session.scalars(select(Package)).all()) == 5
    assert len(logos) == 7 and {r.status_code for r in served} == {200}
    assert {r.mimetype for r in served} == {"image/png"}
    assert partner.email_confirmed_at is not None and partner.roles == frozenset()
    assert len(re.findall(r'href="/e/noerd/contributions/\d+"', entry.text)) == 3
