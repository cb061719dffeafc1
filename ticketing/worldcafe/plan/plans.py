"""A café's plans: the draft (stored from the solver or a file, edited by hand, may break rules and shows which) and
the published plan that attendees see; locking held rounds."""

from dataclasses import dataclass
from datetime import datetime

from core.extensions import db
from core.services import record_action
from planning.worldcafe import Plan, ProblemError, Violation, check, lower_bound, measures, parse_plan
from ticketing.worldcafe.errors import WorldCafeError, message_for
from ticketing.worldcafe.models import CafePlan, WorldCafe
from ticketing.worldcafe.plan.problem import (
    cafe_problem,
    draft_plan,
    named,
    parsed_problem,
    problem_error,
    published_plan,
)


@dataclass
class Assessment:
    """How good a plan is and which hard rules it breaks: (code, parameters with names), as texts in the reader's
    language when shown (`violations`), so it can be made where there is no request (the worker)."""

    figures: dict
    lower_bound: int | None
    broken: list[tuple[str, dict]]

    @property
    def is_valid(self) -> bool:
        return not self.broken

    @property
    def violations(self) -> list[str]:
        return [message_for(code, params) for code, params in self.broken]


def store_draft(
    cafe: WorldCafe,
    rounds: list[dict],
    *,
    seed: int | None = None,
    job_id: int | None = None,
    from_checkins: bool = False,
) -> CafePlan:
    """Keep a plan as the café's draft (replacing the old draft), with its figures and, for a re-plan, who moved."""
    draft = draft_plan(cafe)
    if draft is None:
        draft = CafePlan(cafe_id=cafe.id, state="draft")
        db.session.add(draft)
    draft.seats, draft.seed, draft.job_id, draft.from_checkins = [dict(r) for r in rounds], seed, job_id, from_checkins
    published = published_plan(cafe)
    draft.moves = moved_seats(published.seats, draft.seats, cafe.locked_rounds) if from_checkins and published else []
    draft.figures = assess(cafe, draft).figures
    db.session.flush()
    return draft


def moved_seats(before: list[dict], after: list[dict], held: int) -> list[dict]:
    """Who sits elsewhere than in the published plan, per round not yet held (newcomers are not moves)."""
    moves = []
    for index in range(held, min(len(before), len(after))):
        for ticket, table in sorted(after[index].items(), key=lambda item: int(item[0])):
            old = before[index].get(ticket)
            if old is not None and old != table:
                moves.append({"ticket": int(ticket), "round": index + 1, "from": int(old), "to": int(table)})
    return moves


def assess(cafe: WorldCafe, plan: CafePlan) -> Assessment:
    """The plan's measures beside the lower bound, and the broken rules; a café the planner refuses is one."""
    try:
        problem = parsed_problem(cafe, cafe_problem(cafe, from_checkins=plan.from_checkins))
    except WorldCafeError as error:
        return Assessment({}, None, [(error.code, error.params)])
    seats = Plan(tuple(dict(r) for r in plan.seats))
    broken = [(v.code, named(cafe, v.params)) for v in check(problem, seats)]
    return Assessment(measures(problem, seats), lower_bound(problem), broken)


@dataclass
class BrokenRules:
    """The rules a plan breaks, as one text in the reader's language when shown."""

    cafe: WorldCafe
    violations: list[Violation]

    def __str__(self) -> str:
        return " ".join(message_for(v.code, named(self.cafe, v.params)) for v in self.violations)


def editable_draft(cafe: WorldCafe) -> CafePlan:
    """The draft, or a draft copied from the published plan to edit. :raises WorldCafeError:"""
    draft = draft_plan(cafe)
    if draft is not None:
        return draft
    published = published_plan(cafe)
    if published is None:
        raise WorldCafeError("no_draft")
    return store_draft(cafe, published.seats, seed=published.seed, from_checkins=published.from_checkins)


def move_seat(cafe: WorldCafe, round_number: int, ticket_id: int, table_id: int, *, actor=None) -> Assessment:
    """Seat one person at another table in one round of the draft; the draft may then break a rule (shown).
    :raises WorldCafeError:"""
    draft = editable_draft(cafe)
    if not 1 <= round_number <= len(draft.seats):
        raise WorldCafeError("round_out_of_range", "round")
    if round_number <= cafe.locked_rounds:
        raise WorldCafeError("round_locked", "round")
    if str(ticket_id) not in draft.seats[round_number - 1]:
        raise WorldCafeError("ticket_unknown", "ticket_id")
    if table_id not in {table.id for table in cafe.tables}:
        raise WorldCafeError("table_unknown", "table_id")
    seats = [dict(r) for r in draft.seats]
    seats[round_number - 1][str(ticket_id)] = str(table_id)
    draft.seats = seats  # a new list: the JSON column sees the change
    assessment = assess(cafe, draft)
    draft.figures = assessment.figures
    record_action(actor, "worldcafe.move", f"{cafe.id}:{round_number}:{ticket_id}:{table_id}")
    db.session.flush()
    return assessment


def import_plan(cafe: WorldCafe, data: dict, *, actor=None) -> CafePlan:
    """A plan file (exchange format) as the new draft, read and checked against the café: a file that does not fit
    or breaks a hard rule changes nothing. :raises WorldCafeError:"""
    problem = parsed_problem(cafe, cafe_problem(cafe))
    try:
        plan = parse_plan(problem, data)
    except ProblemError as error:
        raise problem_error(cafe, error) from None
    if broken := check(problem, plan):
        raise WorldCafeError("plan_breaks_rules", rules=BrokenRules(cafe, broken))
    seed = data.get("seed") if isinstance(data.get("seed"), int) else None
    draft = store_draft(cafe, [dict(r) for r in plan.rounds], seed=seed)
    record_action(actor, "worldcafe.import", cafe.id)
    return draft


def publish(cafe: WorldCafe, *, now: datetime, actor=None, notify: bool = True) -> CafePlan:
    """Make the draft the plan attendees see, if it keeps every rule, and mail each participant their rotation
    (unless not `notify`: the demo mails nobody). :raises WorldCafeError:"""
    from ticketing.worldcafe.attendee.mails import rotation_mails

    draft = draft_plan(cafe)
    if draft is None:
        raise WorldCafeError("no_draft")
    assessment = assess(cafe, draft)
    if not assessment.is_valid:
        raise WorldCafeError("plan_invalid")
    if (old := published_plan(cafe)) is not None:
        db.session.delete(old)
        db.session.flush()  # the unique (café, state) frees up before the draft takes the state
    draft.state, draft.published_at, draft.figures = "published", now, assessment.figures
    db.session.flush()
    if notify:
        rotation_mails(cafe, draft)
    record_action(actor, "worldcafe.publish", cafe.id)
    return draft


def lock_rounds(cafe: WorldCafe, count: int, *, actor=None) -> None:
    """Mark the first `count` rounds as held: every later plan keeps them as published. :raises WorldCafeError:"""
    if not 0 <= count <= cafe.rounds:
        raise WorldCafeError("locked_out_of_range", "count")
    if count and published_plan(cafe) is None:
        raise WorldCafeError("no_published_plan")
    cafe.locked_rounds = count
    record_action(actor, "worldcafe.lock", f"{cafe.id}:{count}")
    db.session.flush()
