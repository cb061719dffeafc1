"""The ranked overview of submitted contributions: mean score, spread and number of reviews."""

from dataclasses import dataclass, field
from statistics import fmean, pstdev

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from events.models import Event
from events.program.models import Contribution
from partners.models import Organization
from partners.review.decisions import submitted_contributions
from partners.review.scoring.models import ContributionReview


@dataclass
class Ranked:
    """One contribution with its organization and reviews; the figures count scored reviews only."""

    contribution: Contribution
    organization: Organization
    reviews: list[ContributionReview] = field(default_factory=list)

    @property
    def scores(self) -> list[int]:
        return [r.score for r in self.reviews if r.score is not None]

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        return fmean(self.scores) if self.scores else None

    @property
    def low(self) -> int | None:
        return min(self.scores, default=None)

    @property
    def high(self) -> int | None:
        return max(self.scores, default=None)

    @property
    def stdev(self) -> float | None:
        """The population standard deviation: 0 for a single score."""
        return pstdev(self.scores) if self.scores else None

    @property
    def reviewer_ids(self) -> set[int]:
        return {r.reviewer_id for r in self.reviews}


def ranking(event: Event, *, state: str = "", fmt: str = "") -> list[Ranked]:
    """The event's submitted contributions (filtered by state and format), best mean score first; unscored ones
    last; ties by more reviews, then by title."""
    rows = [Ranked(c, o) for c, o in submitted_contributions(event, state=state, fmt=fmt)]
    by_id = {row.contribution.id: row for row in rows}
    if by_id:
        query = (
            select(ContributionReview)
            .where(ContributionReview.contribution_id.in_(by_id))
            .options(selectinload(ContributionReview.reviewer))
        )
        for review in db.session.scalars(query):
            by_id[review.contribution_id].reviews.append(review)
    for row in rows:
        row.reviews.sort(key=lambda r: (r.reviewer.name.lower(), r.reviewer_id))
    return sorted(
        rows,
        key=lambda r: (r.mean is None, -(r.mean or 0), -r.count, r.contribution.title.lower(), r.contribution.id),
    )
