"""What the organizer's contribution page shows of the review: every review, the acting user's own form and the
reviewer choice. Shared by partners.review.views and partners.review.scoring.views."""

from babel.numbers import format_decimal

from core.i18n import formatting_locale
from core.models import User
from events.program.models import Contribution
from partners.review.scoring.forms import ReviewersForm, ScoreForm
from partners.review.scoring.reviews import OPEN_STATE, eligible_reviewers, reviews_of


def reviewer_choices() -> list[tuple[int, str]]:
    return [(u.id, f"{u.name} ({u.email})") for u in eligible_reviewers()]


def decimal(value: float | None, digits: int = 1) -> str:
    """A mean or deviation in the page's language ("3,5" in German); "–" when there is none."""
    if value is None:
        return "–"
    return format_decimal(value, format="0." + "0" * digits, locale=formatting_locale())


def review_context(contribution: Contribution, user: User, **forms) -> dict:
    """The template values of the review part of the contribution page; `forms` are bound forms to show again."""
    reviews = reviews_of(contribution)
    mine = next((r for r in reviews if r.reviewer_id == user.id), None)
    score_form = forms.get("score_form") or ScoreForm(
        formdata=None, data={"score": mine.score, "comment": mine.comment} if mine else None
    )
    reviewers_form = forms.get("reviewers_form") or ReviewersForm(
        formdata=None, data={"reviewers": [r.reviewer_id for r in reviews]}
    )
    reviewers_form.reviewers.choices = reviewer_choices()
    scores = [r.score for r in reviews if r.score is not None]
    return {
        "reviews": reviews,
        "my_review": mine,
        "review_open": contribution.state == OPEN_STATE,
        "mean_score": decimal(sum(scores) / len(scores)) if scores else "–",
        "score_form": score_form,
        "reviewers_form": reviewers_form,
    }
