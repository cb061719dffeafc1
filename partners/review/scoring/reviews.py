"""Assigning reviewers to submitted contributions and their scores. Services never commit; the view commits once."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.db import insert_unless_exists
from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event
from events.program.models import Contribution
from partners.review.scoring.models import SCORES, ContributionReview
from partners.rules import ReviewError

REVIEWER_ROLES = ("program", "admin")
OPEN_STATE = "submitted"  # reviews may be given and changed while the contribution is not decided


def eligible_reviewers() -> list[User]:
    """Active organizers who may review: those with the role program or admin who have accepted their invitation,
    by name."""
    users = db.session.scalars(
        select(User).where(User.is_active.is_(True), User.roles_text != "", User.email_confirmed_at.is_not(None))
    )
    return sorted((u for u in users if u.has_role(*REVIEWER_ROLES)), key=lambda u: (u.name.lower(), u.id))


def reviews_of(contribution: Contribution) -> list[ContributionReview]:
    """The contribution's reviews with their reviewers, by reviewer name."""
    query = (
        select(ContributionReview)
        .where(ContributionReview.contribution_id == contribution.id)
        .options(selectinload(ContributionReview.reviewer))
    )
    return sorted(db.session.scalars(query), key=lambda r: (r.reviewer.name.lower(), r.reviewer_id))


def review_by(contribution: Contribution, reviewer: User) -> ContributionReview | None:
    """`reviewer`'s review of `contribution`, or None when they are not assigned."""
    return db.session.scalar(
        select(ContributionReview).where(
            ContributionReview.contribution_id == contribution.id, ContributionReview.reviewer_id == reviewer.id
        )
    )


def _check_reviewers(reviewers: list[User]) -> None:
    if not reviewers:
        raise ReviewError("reviewers_required", "reviewers")
    if any(not (r.is_active and r.email_confirmed_at and r.has_role(*REVIEWER_ROLES)) for r in reviewers):
        raise ReviewError("not_a_reviewer_role", "reviewers")


def assign_reviewers(
    contribution: Contribution, reviewers: list[User], *, actor: User | None, now: datetime
) -> list[User]:
    """Add `reviewers` to the contribution's reviewers (those already assigned stay as they are); the ones added.

    :raises ReviewError: reviewers_required, not_a_reviewer_role, review_closed.
    """
    _check_reviewers(reviewers)
    if contribution.state != OPEN_STATE:
        raise ReviewError("review_closed")
    added = [
        reviewer
        for reviewer in reviewers
        # the unique key decides when two organizers assign the same reviewer at once
        if insert_unless_exists(
            ContributionReview,
            ContributionReview.id,
            contribution_id=contribution.id,
            reviewer_id=reviewer.id,
            comment="",
            created_at=now,
            updated_at=now,
        )
    ]
    if added:
        names = ", ".join(r.email for r in added)
        record_action(actor, "contribution.reviewers_assigned", f"{contribution.id}: {names}")
    return added


def set_reviewers(contribution: Contribution, reviewers: list[User], *, actor: User | None, now: datetime) -> None:
    """Make `reviewers` exactly the contribution's reviewers: new ones are added, the others' reviews removed.

    :raises ReviewError: reviewers_required, not_a_reviewer_role, review_closed.
    """
    _check_reviewers(reviewers)
    if contribution.state != OPEN_STATE:
        raise ReviewError("review_closed")
    wanted = {r.id for r in reviewers}
    removed = [review for review in reviews_of(contribution) if review.reviewer_id not in wanted]
    for review in removed:
        db.session.delete(review)
    db.session.flush()
    assign_reviewers(contribution, reviewers, actor=actor, now=now)
    if removed:
        names = ", ".join(r.reviewer.email for r in removed)
        record_action(actor, "contribution.reviewers_removed", f"{contribution.id}: {names}")


def score(
    contribution: Contribution, reviewer: User, value: int | None, comment: str, *, now: datetime
) -> ContributionReview:
    """Give or change `reviewer`'s score (1–5) and comment; possible until the contribution is decided.

    :raises ReviewError: not_assigned, review_closed, score_out_of_range.
    """
    review = review_by(contribution, reviewer)
    if review is None:
        raise ReviewError("not_assigned")
    if contribution.state != OPEN_STATE:
        raise ReviewError("review_closed")
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        raise ReviewError("score_out_of_range", "score")
    review.score, review.comment, review.updated_at = value, comment.strip(), now
    record_action(reviewer, "contribution.scored", f"{contribution.id}: {value}")
    return review


@dataclass(frozen=True)
class QueueItem:
    contribution: Contribution
    review: ContributionReview


def queue(event: Event, reviewer: User) -> list[QueueItem]:
    """What `reviewer` has to review at `event`: contributions not yet decided, those without a score first."""
    query = (
        select(Contribution, ContributionReview)
        .join(ContributionReview, ContributionReview.contribution_id == Contribution.id)
        .where(
            Contribution.event_id == event.id,
            Contribution.state == OPEN_STATE,
            ContributionReview.reviewer_id == reviewer.id,
        )
        .options(selectinload(Contribution.speakers))
        .order_by(Contribution.created_at, Contribution.id)
    )
    items = [QueueItem(c, r) for c, r in db.session.execute(query)]
    return sorted(items, key=lambda item: item.review.is_done)
