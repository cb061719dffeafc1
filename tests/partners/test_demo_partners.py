"""`flask demo seed` gives NØRD packages and partners: the approved ones in the directory with their logos, over 70
partners and 80 exhibitors with booth numbers; partners' submissions with two or three reviews each."""

import re
from collections import Counter

from sqlalchemy import select

from core.extensions import db
from core.models import User
from events.program.models import Contribution
from partners.models import Organization, Package
from partners.review.scoring.models import ContributionReview
from tests.partners.portal_helpers import english


def test_the_demo_directory_shows_approved_partners_with_logos_and_their_contributions(runner, client, app_ctx):
    runner.invoke(args=["demo", "seed"])
    english(client)

    directory = client.get("/e/noerd/partners")
    logos = re.findall(r'<img src="(/uploads/[0-9a-f]{32}\.png)"', directory.text)
    served = [client.get(url) for url in logos[:10]]
    organizations = db.session.scalars(select(Organization)).all()
    approved = [o for o in organizations if o.state == "approved"]
    states = Counter(o.state for o in organizations)
    partner = db.session.scalar(select(User).where(User.email == "partner@treffpunkt.example"))
    first = db.session.scalar(select(Organization).where(Organization.name == "Hochschule Stralsund"))
    entry = client.get(f"/e/noerd/partners/{first.id}")
    exhibitors = [o for o in approved if o.kind == "exhibitor"]

    assert len(exhibitors) == 80 and len(approved) - len(exhibitors) >= 70
    assert states["submitted"] == 1 and states["waitlisted"] == 1
    assert all(o.package is not None and o.logo and o.topic_ids for o in approved)
    assert all(re.fullmatch(r"H[1-3]-\d\d", o.booth_number) for o in exhibitors)
    booths = [o.booth_number for o in organizations if o.booth_number]
    assert len(booths) == len(set(booths))
    assert len({o.name for o in organizations}) == len(organizations)
    assert len(db.session.scalars(select(Package)).all()) == 5
    assert len(logos) == len(approved) and {r.status_code for r in served} == {200}
    assert {r.mimetype for r in served} == {"image/png"}
    assert partner.email_confirmed_at is not None and partner.roles == frozenset()
    assert len(re.findall(r'href="/e/noerd/contributions/\d+"', entry.text)) == 3


def test_the_demo_has_submissions_reviewed_by_two_or_three_reviewers(runner, app_ctx):
    runner.invoke(args=["demo", "seed"])

    submitted = db.session.scalars(
        select(Contribution).where(Contribution.state == "submitted", Contribution.organization_id.is_not(None))
    ).all()
    per_contribution = Counter(db.session.scalars(select(ContributionReview.contribution_id)))
    scored = [r.score for r in db.session.scalars(select(ContributionReview)) if r.score is not None]

    assert len(submitted) >= 8 and all(c.speakers for c in submitted)
    assert len(per_contribution) >= 6 and set(per_contribution.values()) <= {2, 3}
    assert set(per_contribution) <= {c.id for c in submitted}
    assert scored and set(scored) <= {1, 2, 3, 4, 5}
