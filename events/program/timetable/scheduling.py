"""Placing an event's accepted, unplaced contributions automatically: load the plain data, `plan`, apply.

The placements go through `events.program.schedule`, so each raises the contribution's sequence and is audited
like a placement by hand; contributions already in the timetable stay where they are.
"""

from dataclasses import dataclass
from textwrap import shorten

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event, Room
from events.program import placing as program
from events.program.models import Contribution, Speaker
from planning.timetable.conflicts import Rules, Slot
from planning.timetable.solver import Plan, PlanRoom, Request, plan

REASONS = {
    "no_suitable_room": _l("no room of a kind that suits its format"),
    "room_too_small": _l("no suitable room has enough seats"),
    "longer_than_a_day": _l("longer than the event's opening hours on any day"),
    "speakers_not_available": _l("its speakers are never available together for its whole length"),
    "no_free_time": _l("no free time in a suitable room while its speakers are free"),
}


@dataclass(frozen=True)
class AutoScheduleResult:
    placed: list[Contribution]
    unplaced: list[tuple[Contribution, str]]  # the contribution and a REASONS code


@dataclass(frozen=True)
class PlanInput:
    """What the scheduler needs of an event, loaded from the database: rooms, the waiting and the placed, the rules."""

    rooms: list[Room]
    waiting: list[Contribution]
    fixed: list[Contribution]
    rules: Rules

    def plan(self) -> Plan:
        return plan(
            [PlanRoom(r.id, r.kind, r.capacity) for r in self.rooms],
            self.rules,
            [
                Request(c.id, c.format, c.duration_minutes, c.seats, tuple(s.id for s in c.speakers), c.track_id)
                for c in self.waiting
            ],
            [_slot(c) for c in self.fixed],
        )


def auto_schedule(event: Event, *, actor: User | None) -> AutoScheduleResult:
    """Place every accepted contribution of `event` that has no room and start yet, around those that have."""
    # One organizer at a time: a second run waits for the first to commit, then sees its placements as fixed.
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    loaded = load_plan_input(event)
    if not loaded.waiting:
        return AutoScheduleResult([], [])
    result = loaded.plan()
    by_id, rooms_by_id = {c.id: c for c in loaded.waiting}, {r.id: r for r in loaded.rooms}
    placed = []
    for placement in result.placements:
        contribution = by_id[placement.contribution_id]
        program.schedule(contribution, rooms_by_id[placement.room_id], placement.starts_at, actor=actor)
        placed.append(contribution)
    unplaced = [(by_id[u.contribution_id], u.reason) for u in result.unplaced]
    record_action(actor, "schedule.auto", f"{event.slug}: {len(placed)} placed, {len(unplaced)} unplaced")
    return AutoScheduleResult(placed, unplaced)


def load_plan_input(event: Event) -> PlanInput:
    """The event's rooms, accepted contributions without a place, placed ones and rules, in a few queries."""
    rooms = list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.id)))
    fixed = program.scheduled_contributions(event)
    waiting = list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.event_id == event.id,
                Contribution.state == "accepted",
                Contribution.room_id.is_(None) | Contribution.starts_at.is_(None),
            )
            .options(selectinload(Contribution.speakers))
            .order_by(Contribution.id)
        )
    )
    speaker_ids = {s.id for c in fixed + waiting for s in c.speakers}
    speakers = db.session.scalars(
        select(Speaker).where(Speaker.id.in_(speaker_ids)).options(selectinload(Speaker.availability))
    ).all()
    return PlanInput(rooms, waiting, fixed, program.event_rules(event, list(speakers)))


def _slot(c: Contribution) -> Slot:
    speakers = tuple(s.id for s in c.speakers)
    return Slot(c.id, c.starts_at, c.ends_at, c.room_id, c.room.kind, c.room.capacity, c.format, c.seats, speakers)


def summary(result: AutoScheduleResult, shown: int = 5) -> str:
    """The flashed outcome: how many were placed, and the first few that were not, each with its reason."""
    if not result.placed and not result.unplaced:
        return _("No accepted contribution is waiting for a place.")
    text = ngettext("%(num)d contribution placed.", "%(num)d contributions placed.", len(result.placed))
    if result.unplaced:
        reasons = [f"{shorten(c.title, 60, placeholder='…')}: {REASONS[code]}" for c, code in result.unplaced[:shown]]
        if len(result.unplaced) > shown:  # a flash lives in the session cookie: keep it short
            reasons.append(_("and %(num)d more", num=len(result.unplaced) - shown))
        text += " " + ngettext(
            "%(num)d could not be placed: %(list)s.",
            "%(num)d could not be placed: %(list)s.",
            len(result.unplaced),
            list="; ".join(reasons),
        )
    return text
