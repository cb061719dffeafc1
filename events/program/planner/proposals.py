"""Proposals: start a solve (checked first, then queued as the job "program.plan"), the solve itself, the diff
against the grid as it stands, applying (through `events.program.placing.schedule`) and discarding."""

import random
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core.extensions import db
from core.jobs import Job, enqueue
from core.models import User
from core.services import record_action
from events.models import Event, Room
from events.program import placing
from events.program.models import Contribution
from events.program.planner.interest import Move, announce_moves
from events.program.planner.models import TimetableProposal
from events.program.planner.problem import basis_of, checked_problem, scope, starts_at_of
from events.program.planner.settings import PlannerError
from planning.timetable.measures import overlap
from planning.timetable.planner import Problem, ProblemError, Timetable, parse_problem, parse_timetable, solve

JOB_KIND = "program.plan"
MAX_SECONDS = 600


def start_proposal(
    event: Event, *, day: date | None, seconds: int, user: User | None, now: datetime, seed: int | None = None
) -> TimetableProposal:
    """Check the program can be planned, store it as a queued proposal and queue its solve.

    :raises ProblemError: the program cannot be planned (the cause named); nothing is stored then.
    :raises PlannerError: proposal_running (another solve of the event has not finished).
    """
    proposal, _problem = new_proposal(event, day=day, seconds=seconds, user=user, now=now, seed=seed)
    job = enqueue(JOB_KIND, {"proposal_id": proposal.id}, user=user, event_id=event.id, now=now)
    db.session.flush()
    proposal.job_id = job.id
    return proposal


def compute_proposal(
    event: Event,
    *,
    day: date | None,
    seconds: float,
    seed: int,
    user: User | None,
    now: datetime,
    iterations: int | None = None,
) -> TimetableProposal:
    """As `start_proposal`, but solved at once in this process (the demo): the proposal comes back ready. The
    search starts from the current placements where they keep every hard rule.

    :raises ProblemError: the program cannot be planned, or no timetable was found (no_timetable_found).
    :raises PlannerError: proposal_running.
    """
    proposal, problem = new_proposal(event, day=day, seconds=max(1, round(seconds)), user=user, now=now, seed=seed)
    start = warm_start(problem, current_placements(event, proposal))
    result = solve(problem, seconds=seconds, seed=seed, iterations=iterations, start=start)
    store_result(proposal, result)
    db.session.flush()
    return proposal


def new_proposal(
    event: Event, *, day: date | None, seconds: int, user: User | None, now: datetime, seed: int | None
) -> tuple[TimetableProposal, Problem]:
    """The program checked and stored as a queued proposal, with the planner's reading of its problem."""
    running = db.session.scalar(
        select(TimetableProposal.id).where(TimetableProposal.event_id == event.id, TimetableProposal.state == "queued")
    )
    if running is not None:
        raise PlannerError("proposal_running")
    built, problem = checked_problem(event, day=day)
    proposal = TimetableProposal(
        event_id=event.id,
        state="queued",
        day=day,
        seconds=max(1, min(MAX_SECONDS, seconds)),
        seed=seed if seed is not None else random.randrange(2**31),
        problem=built.data,
        basis=built.basis,
        figures_before=figures_of(problem, built.current),
        created_by=user.id if user is not None else None,
        created_at=now,
    )
    db.session.add(proposal)
    db.session.flush()
    record_action(user, "program.plan", f"{event.slug} {day or ''}".strip())
    return proposal, problem


def warm_start(problem: Problem, assignments: dict[str, dict]) -> Timetable | None:
    """The current placements as the solver's warm start (it keeps those that keep every hard rule); None for
    none."""
    known = {
        cid: p
        for cid, p in assignments.items()
        if cid in problem.contribution and p["day"] in problem.day and p["room"] in problem.room
    }
    if not known:
        return None
    try:
        return parse_timetable(problem, {"assignments": known})
    except ProblemError:
        return None


def figures_of(problem: Problem, assignments: dict[str, dict]) -> dict:
    from planning.timetable.planner import measures

    return measures(problem, parse_timetable(problem, {"assignments": assignments}))


def store_result(proposal: TimetableProposal, result) -> None:
    """Keep what the solver found on the proposal, ready to be applied."""
    from planning.timetable.planner import timetable_to_json

    proposal.timetable = timetable_to_json(result.timetable)
    proposal.figures_after = result.figures
    proposal.search = {
        "reason": result.reason,
        "seconds_to_best": round(result.seconds_to_best, 2),
        "seconds": round(result.seconds, 2),
        "iterations_done": result.iterations_done,
    }
    proposal.state = "ready"


def store_failure(proposal: TimetableProposal, code: str, params: dict) -> None:
    proposal.state, proposal.error_code, proposal.error_params = "failed", code, params


def job_of(proposal: TimetableProposal) -> Job | None:
    return db.session.get(Job, proposal.job_id) if proposal.job_id else None


# The diff


@dataclass(frozen=True)
class Change:
    """One contribution in a proposal: where it is (None: nowhere), where it would be, its clashes there."""

    problem_id: str
    title: str
    before: dict | None
    after: dict | None
    clashes_before: int
    clashes_after: int

    @property
    def kind(self) -> str:
        if self.before is None:
            return "placed"
        return "unchanged" if self.before == self.after else "moved"


@dataclass(frozen=True)
class Diff:
    changes: list[Change]

    @property
    def moved(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "moved"]

    @property
    def placed(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "placed"]

    @property
    def unchanged(self) -> int:
        return sum(c.kind == "unchanged" for c in self.changes)


def diff(proposal: TimetableProposal) -> Diff:
    """The proposal against the placements it was computed from, with each contribution's clash count."""
    problem = parse_problem(proposal.problem)
    event = proposal.event
    before = current_placements(event, proposal)
    after = (proposal.timetable or {}).get("assignments", {})
    clashes_before = clashes(problem, before)
    clashes_after = clashes(problem, after)
    titles = titles_of(problem)
    changes = [
        Change(cid, titles.get(cid, cid), before.get(cid), after.get(cid), clashes_before.get(cid, 0),
               clashes_after.get(cid, 0))
        for cid in sorted(problem.contribution, key=lambda cid: (after.get(cid, {}).get("day", ""),
                                                                 after.get(cid, {}).get("start", ""), cid))
    ]  # fmt: skip
    return Diff(changes)


def current_placements(event: Event, proposal: TimetableProposal) -> dict[str, dict]:
    """The placements the proposal started from, in the format (read back from its basis)."""
    found = {}
    for cid, (room_id, starts_at, _sequence, _duration) in proposal.basis.items():
        if room_id is not None and starts_at is not None:
            local = event.local(datetime.fromisoformat(starts_at))
            found[cid] = {
                "room": f"r{room_id}",
                "day": local.date().isoformat(),
                "start": f"{local.hour:02d}:{local.minute:02d}",
            }
    return found


def titles_of(problem: Problem) -> dict[str, str]:
    ids = [int(cid[1:]) for cid in problem.contribution]
    rows = db.session.execute(select(Contribution.id, Contribution.title).where(Contribution.id.in_(ids)))
    return {f"c{cid}": title for cid, title in rows}


def clashes(problem: Problem, assignments: dict[str, dict]) -> dict[str, int]:
    """Per contribution, how many pairs of some attendee's favourites it is in that overlap where it sits."""
    timetable = parse_timetable(problem, {"assignments": assignments})
    intervals = {
        cid: (p.day, p.start, p.start + problem.contribution[cid].duration)
        for cid, p in timetable.assignments.items()
        if cid in problem.contribution
    }
    counts: dict[str, int] = {}
    for attendee in problem.attendees:
        own = [cid for cid in attendee.favourites if cid in intervals]
        for i, a in enumerate(own):
            for b in own[i + 1 :]:
                if overlap(intervals[a], intervals[b]):
                    counts[a] = counts.get(a, 0) + 1
                    counts[b] = counts.get(b, 0) + 1
    return counts


# Applying and discarding


def apply_proposal(proposal: TimetableProposal, *, actor: User | None, now: datetime) -> list[Move]:
    """Place every contribution where the proposal says, in the caller's transaction; a published timetable's
    moves are announced (one mail per person). Returns the moves.

    :raises PlannerError: proposal_not_ready, program_changed (the program changed since the proposal was computed:
        `count` contributions differ).
    """
    event = proposal.event
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())  # one decision at a time
    db.session.refresh(proposal)
    if proposal.state != "ready":
        raise PlannerError("proposal_not_ready")
    changed = changed_since(event, proposal)
    if changed:
        raise PlannerError("program_changed", count=len(changed))
    rooms = {f"r{r.id}": r for r in db.session.scalars(select(Room).where(Room.event_id == event.id))}
    contributions = {f"c{c.id}": c for c in scope(event, proposal.day)}
    moves = []
    for cid, placement in proposal.timetable["assignments"].items():
        contribution, room = contributions[cid], rooms[placement["room"]]
        starts_at = starts_at_of(event, placement)
        if contribution.room is room and contribution.starts_at == starts_at:
            continue
        moves.append(Move(contribution.id, contribution.room_id, contribution.starts_at))
        placing.schedule(contribution, room, starts_at, actor=actor)
    proposal.state, proposal.decided_at = "applied", now
    record_action(actor, "program.plan_applied", f"{event.slug}: {len(moves)} placed or moved")
    db.session.flush()
    announce_moves(event, moves)
    return moves


def changed_since(event: Event, proposal: TimetableProposal) -> list[str]:
    """The contributions (problem ids) whose room, start, sequence or length differ from the proposal's basis, and
    those that came or went (accepted, withdrawn, moved onto or off its day)."""
    now = {f"c{c.id}": basis_of(c) for c in scope(event, proposal.day)}
    then = proposal.basis
    return sorted(cid for cid in set(now) | set(then) if now.get(cid) != then.get(cid))


def discard_proposal(proposal: TimetableProposal, *, actor: User | None, now: datetime) -> None:
    """Set a proposal aside; a running solve is asked to stop.

    :raises PlannerError: proposal_decided.
    """
    if not proposal.is_open and proposal.state != "failed":
        raise PlannerError("proposal_decided")
    job = job_of(proposal)
    if job is not None and not job.is_finished:
        from core.jobs import request_cancel

        request_cancel(job, now=now)
    proposal.state, proposal.decided_at = "discarded", now
    record_action(actor, "program.plan_discarded", str(proposal.id))


def proposals_of(event: Event, limit: int = 10) -> list[TimetableProposal]:
    query = (
        select(TimetableProposal)
        .where(TimetableProposal.event_id == event.id)
        .order_by(TimetableProposal.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
