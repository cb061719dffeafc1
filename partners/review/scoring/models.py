"""One reviewer's review of one submitted contribution."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import User
from events.program.models import Contribution

SCORES = (1, 2, 3, 4, 5)


class ContributionReview(db.Model):
    """A reviewer assigned to a contribution and, once given, their score (1–5) and comment; internal to the
    organizers."""

    __tablename__ = "contribution_review"
    __table_args__ = (
        UniqueConstraint("contribution_id", "reviewer_id"),
        CheckConstraint("score IS NULL OR (score >= 1 AND score <= 5)", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    score: Mapped[int | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contribution: Mapped[Contribution] = relationship()
    reviewer: Mapped[User] = relationship()

    @property
    def is_done(self) -> bool:
        return self.score is not None

    def __repr__(self) -> str:
        return f"<ContributionReview {self.contribution_id} by {self.reviewer_id}: {self.score}>"
