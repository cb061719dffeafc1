"""Acting on several contributions at once from the ranked overview: each goes through the same per-contribution
service as a single one (decision with message and mail, or reviewer assignment), and each gets its own outcome."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.db import change_state
from core.extensions import db
from core.models import User
from events.models import Event
from events.program.models import Contribution
from partners.review.decisions import CONTRIBUTION_DECISIONS, decide_contribution
from partners.review.scoring.reviews import OPEN_STATE, assign_reviewers
from partners.rules import PartnerError, ReviewError


@dataclass(frozen=True)
class Outcome:
    """What happened to one contribution: done, or refused with the code of the reason."""

    contribution_id: int
    title: str
    done: bool
    code: str = ""
    detail: str = ""


def _contributions(event: Event, ids: list[int]) -> tuple[list[Contribution], list[int]]:
    """The event's organization-submitted contributions among `ids` (in the order given), and the ids not found."""
    if not ids:
        raise ReviewError("nothing_selected", "selected")
    unique = list(dict.fromkeys(ids))
    found = {
        c.id: c
        for c in db.session.scalars(
            select(Contribution).where(
                Contribution.id.in_(unique),
                Contribution.event_id == event.id,
                Contribution.organization_id.is_not(None),
            )
        )
    }
    return [found[i] for i in unique if i in found], [i for i in unique if i not in found]


def decide_many(event: Event, ids: list[int], state: str, body: str, *, actor: User | None) -> list[Outcome]:
    """Accept or reject each selected contribution that is still undecided, with the same message and mail as a
    single decision; the others are left as they are and reported with the reason.

    :raises ReviewError: nothing_selected. :raises PartnerError: state_unknown.
    """
    if state not in CONTRIBUTION_DECISIONS:
        raise PartnerError("state_unknown", "state")
    contributions, missing = _contributions(event, ids)
    outcomes = [Outcome(i, "", False, "not_found") for i in missing]
    for contribution in contributions:
        title = contribution.title
        try:
            with db.session.begin_nested():
                # compare-and-set: of two organizers deciding at once, one wins and the other is told
                if not change_state(contribution, (OPEN_STATE,), state=state):
                    raise ReviewError("already_decided")
                decide_contribution(contribution, state, body, actor=actor)
        except PartnerError as error:
            outcomes.append(Outcome(contribution.id, title, False, error.code))
        else:
            outcomes.append(Outcome(contribution.id, title, True))
    return outcomes


def assign_many(
    event: Event, ids: list[int], reviewers: list[User], *, actor: User | None, now: datetime
) -> list[Outcome]:
    """Add `reviewers` to each selected contribution that is still undecided; each one's outcome names the
    reviewers added.

    :raises ReviewError: nothing_selected, reviewers_required, not_a_reviewer_role.
    """
    contributions, missing = _contributions(event, ids)
    if not reviewers:
        raise ReviewError("reviewers_required", "reviewers")
    outcomes = [Outcome(i, "", False, "not_found") for i in missing]
    for contribution in contributions:
        try:
            with db.session.begin_nested():
                added = assign_reviewers(contribution, reviewers, actor=actor, now=now)
        except ReviewError as error:
            if error.code != "review_closed":
                raise
            outcomes.append(Outcome(contribution.id, contribution.title, False, error.code))
        else:
            outcomes.append(Outcome(contribution.id, contribution.title, True, detail=", ".join(r.name for r in added)))
    return outcomes
