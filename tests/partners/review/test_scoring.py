"""The review by several reviewers without HTTP: assigning reviewers, scores (1–5, changeable until the decision),
the ranking with mean, spread and number of reviews, and bulk decisions through the single decision (with mails)."""

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.mail.outbox import OutboxMail
from events.program.models import Contribution
from partners.review.scoring import bulk, reviews
from partners.review.scoring.models import ContributionReview
from partners.review.scoring.ranking import ranking
from partners.rules import PartnerError, ReviewError
from tests.factories import make_event, make_user
from tests.partners.factories import make_member, make_organization


@pytest.fixture
def event(app_ctx):
    return make_event()


@pytest.fixture
def team(app_ctx):
    """Three reviewers (program, admin, program) and a check-in user who may not review."""
    return {
        "ada": make_user("ada@example.org", roles=("program",)),
        "bo": make_user("bo@example.org", roles=("admin",)),
        "cy": make_user("cy@example.org", roles=("program", "checkin")),
        "door": make_user("door@example.org", roles=("checkin",)),
    }


def submitted(event, title, *, fmt="talk", state="submitted", organization=None):
    org = organization or make_organization(event, f"Firma {title}")
    contribution = Contribution(event=event, title=title, format=fmt, state=state, organization_id=org.id)
    db.session.add(contribution)
    db.session.commit()
    return contribution


def assign(contribution, *users):
    added = reviews.assign_reviewers(contribution, list(users), actor=None, now=utcnow())
    db.session.commit()
    return added


def give(contribution, user, value, comment=""):
    review = reviews.score(contribution, user, value, comment, now=utcnow())
    db.session.commit()
    return review


def test_assigning_reviewers_adds_each_once(event, team):
    talk = submitted(event, "Glasfaser")

    first = assign(talk, team["ada"], team["bo"])
    again = assign(talk, team["bo"], team["cy"])

    assert [u.email for u in first] == ["ada@example.org", "bo@example.org"]
    assert [u.email for u in again] == ["cy@example.org"]
    assert [r.reviewer.email for r in reviews.reviews_of(talk)] == [
        "ada@example.org",
        "bo@example.org",
        "cy@example.org",
    ]


def test_only_program_and_admin_organizers_can_be_reviewers(event, team):
    talk = submitted(event, "Glasfaser")
    partner = make_member(make_organization(event, "Hafenwerk"), "p@example.org")

    for user in (team["door"], partner):
        with pytest.raises(ReviewError) as refused:
            reviews.assign_reviewers(talk, [team["ada"], user], actor=None, now=utcnow())
        db.session.rollback()
        assert refused.value.code == "not_a_reviewer_role"

    assert db.session.scalar(select(func.count(ContributionReview.id))) == 0
    assert [u.email for u in reviews.eligible_reviewers()] == ["ada@example.org", "bo@example.org", "cy@example.org"]


def test_set_reviewers_removes_the_unchecked_with_their_score(event, team):
    talk = submitted(event, "Glasfaser")
    assign(talk, team["ada"], team["bo"])
    give(talk, team["bo"], 2)

    reviews.set_reviewers(talk, [team["ada"], team["cy"]], actor=None, now=utcnow())
    db.session.commit()

    assert [(r.reviewer.email, r.score) for r in reviews.reviews_of(talk)] == [
        ("ada@example.org", None),
        ("cy@example.org", None),
    ]


def test_a_reviewer_scores_and_changes_the_score_until_the_decision(event, team):
    talk = submitted(event, "Glasfaser")
    assign(talk, team["ada"])

    give(talk, team["ada"], 3, "  Solide.  ")
    review = give(talk, team["ada"], 4, "Doch gut.")

    assert (review.score, review.comment) == (4, "Doch gut.")
    talk.state = "accepted"
    db.session.commit()
    with pytest.raises(ReviewError) as closed:
        reviews.score(talk, team["ada"], 5, "", now=utcnow())
    assert closed.value.code == "review_closed"
    db.session.rollback()
    assert db.session.scalar(select(ContributionReview.score)) == 4


@pytest.mark.parametrize("value", [0, 6, -1, None, True, "3", 2.5])
def test_a_score_outside_one_to_five_is_refused_with_a_clear_error(app, event, team, value):
    talk = submitted(event, "Glasfaser")
    assign(talk, team["ada"])

    with pytest.raises(ReviewError) as refused:
        reviews.score(talk, team["ada"], value, "", now=utcnow())

    assert (refused.value.code, refused.value.field) == ("score_out_of_range", "score")
    with app.test_request_context(headers={"Accept-Language": "de"}):
        from partners.rules import message_for

        assert message_for("score_out_of_range") != "score_out_of_range"
    db.session.rollback()
    assert db.session.scalar(select(ContributionReview.score)) is None


@pytest.mark.parametrize("value", [1, 5])
def test_the_bounds_one_and_five_are_scores(event, team, value):
    talk = submitted(event, "Glasfaser")
    assign(talk, team["ada"])

    assert give(talk, team["ada"], value).score == value


def test_only_an_assigned_reviewer_can_score(event, team):
    talk = submitted(event, "Glasfaser")
    assign(talk, team["ada"])

    with pytest.raises(ReviewError) as refused:
        reviews.score(talk, team["bo"], 3, "", now=utcnow())

    assert refused.value.code == "not_assigned"


def test_the_queue_holds_undecided_contributions_unscored_first(event, team):
    done, todo, decided = submitted(event, "Erledigt"), submitted(event, "Offen"), submitted(event, "Entschieden")
    for talk in (done, todo, decided):
        assign(talk, team["ada"])
    give(done, team["ada"], 3)
    decided.state = "rejected"
    db.session.commit()

    queue = reviews.queue(event, team["ada"])

    assert [(item.contribution.title, item.review.score) for item in queue] == [("Offen", None), ("Erledigt", 3)]
    assert reviews.queue(event, team["bo"]) == []


def test_the_ranking_orders_by_mean_and_shows_spread_and_count(event, team):
    a, b, c, d = (submitted(event, t) for t in ("A", "B", "C", "D"))
    for talk in (a, b, c, d):
        assign(talk, team["ada"], team["bo"], team["cy"])
    for talk, scores in ((a, (2, 4, 3)), (b, (5, 4, None)), (c, (1, None, None))):
        for user, value in zip(("ada", "bo", "cy"), scores, strict=True):
            if value is not None:
                give(talk, team[user], value)

    rows = ranking(event)

    assert [r.contribution.title for r in rows] == ["B", "A", "C", "D"]
    assert [(r.mean, r.low, r.high, r.count, len(r.reviews)) for r in rows] == [
        (4.5, 4, 5, 2, 3),
        (3.0, 2, 4, 3, 3),
        (1.0, 1, 1, 1, 3),
        (None, None, None, 0, 3),
    ]
    assert rows[1].stdev == pytest.approx((2 / 3) ** 0.5)
    assert rows[2].stdev == 0


def test_the_ranking_breaks_ties_by_more_reviews_and_filters_by_state_and_format(event, team):
    one = submitted(event, "Eins")
    two = submitted(event, "Zwei", fmt="workshop")
    accepted = submitted(event, "Drei", state="accepted")
    for talk in (one, two):
        assign(talk, team["ada"], team["bo"])
    give(one, team["ada"], 4)
    give(two, team["ada"], 4)
    give(two, team["bo"], 4)

    assert [r.contribution.title for r in ranking(event)] == ["Zwei", "Eins", "Drei"]
    assert [r.contribution.title for r in ranking(event, fmt="workshop")] == ["Zwei"]
    assert [r.contribution.title for r in ranking(event, state="accepted")] == [accepted.title]


def mails_to(address: str) -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)))


def test_bulk_decision_decides_each_undecided_one_with_a_mail_and_reports_the_others(event, team):
    orgs = [make_organization(event, f"Firma {n}", contact_email=f"kontakt{n}@example.org") for n in range(3)]
    first, second = submitted(event, "Eins", organization=orgs[0]), submitted(event, "Zwei", organization=orgs[1])
    done = submitted(event, "Schon entschieden", state="rejected", organization=orgs[2])
    other_event = submitted(make_event("andere"), "Fremd")

    outcomes = bulk.decide_many(
        event, [first.id, done.id, second.id, other_event.id], "accepted", "Willkommen!", actor=team["ada"]
    )
    db.session.commit()

    assert [(o.title, o.done, o.code) for o in outcomes] == [
        ("", False, "not_found"),
        ("Eins", True, ""),
        ("Schon entschieden", False, "already_decided"),
        ("Zwei", True, ""),
    ]
    states = {c.title: c.state for c in db.session.scalars(select(Contribution))}
    assert states == {"Eins": "accepted", "Zwei": "accepted", "Schon entschieden": "rejected", "Fremd": "submitted"}
    assert [len(mails_to(f"kontakt{n}@example.org")) for n in range(3)] == [1, 1, 0]
    assert "Willkommen!" in mails_to("kontakt0@example.org")[0].body_text
    assert db.session.get(Contribution, first.id).review_message == "Willkommen!"


def test_bulk_decision_needs_a_selection_and_a_known_decision(event, team):
    talk = submitted(event, "Eins")

    with pytest.raises(ReviewError) as nothing:
        bulk.decide_many(event, [], "accepted", "", actor=None)
    with pytest.raises(PartnerError) as unknown:
        bulk.decide_many(event, [talk.id], "maybe", "", actor=None)

    assert (nothing.value.code, unknown.value.code) == ("nothing_selected", "state_unknown")
    assert db.session.get(Contribution, talk.id).state == "submitted"


def test_bulk_assignment_adds_reviewers_to_undecided_ones_only(event, team):
    talk, decided = submitted(event, "Eins"), submitted(event, "Zwei", state="accepted")
    assign(talk, team["ada"])

    outcomes = bulk.assign_many(event, [talk.id, decided.id], [team["ada"], team["bo"]], actor=None, now=utcnow())
    db.session.commit()

    assert [(o.title, o.done, o.code, o.detail) for o in outcomes] == [
        ("Eins", True, "", "bo"),
        ("Zwei", False, "review_closed", ""),
    ]
    assert [r.reviewer.email for r in reviews.reviews_of(talk)] == ["ada@example.org", "bo@example.org"]
    assert reviews.reviews_of(decided) == []
