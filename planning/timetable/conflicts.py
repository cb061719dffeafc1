"""Timetable conflicts, computed from plain data so the grid can show them as they arise and tests can call it.

Hard conflicts: two contributions in one room at once, a speaker in two places at once or outside their availability,
a workshop in a room with fewer seats than it offers, a contribution outside the event's hours, a room whose kind
does not suit the format. Warning: a speaker with too little time to change rooms.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

CHANGEOVER = timedelta(minutes=10)


@dataclass(frozen=True)
class Slot:
    """A scheduled contribution as the checker sees it."""

    contribution_id: int
    starts_at: datetime
    ends_at: datetime
    room_id: int
    room_kind: str
    room_capacity: int
    format: str
    seats: int | None = None
    speaker_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Conflict:
    kind: str
    contribution_ids: tuple[int, ...]
    speaker_id: int | None = None
    severity: str = "error"


@dataclass
class Rules:
    """What the slots are checked against: the event's opening hours per day, the speakers' windows, room kinds."""

    days: list[tuple[datetime, datetime]]
    availability: dict[int, list[tuple[datetime, datetime]]] = field(default_factory=dict)
    room_kinds_for_format: dict[str, tuple[str, ...]] = field(default_factory=dict)


def find_conflicts(slots: list[Slot], rules: Rules) -> list[Conflict]:
    """Every conflict among `slots`, errors before warnings, in a stable order."""
    conflicts = [*_overlaps_in_rooms(slots), *_speaker_conflicts(slots, rules)]
    for slot in slots:
        conflicts += _slot_conflicts(slot, rules)
    return sorted(conflicts, key=lambda c: (c.severity != "error", c.kind, c.contribution_ids, c.speaker_id or 0))


def _overlapping_pairs(slots: list[Slot]):
    """Pairs of slots that overlap in time, by a sweep over the slots sorted by start."""
    active: list[Slot] = []
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.contribution_id)):
        active = [a for a in active if a.ends_at > slot.starts_at]
        for earlier in active:
            yield earlier, slot
        active.append(slot)


def _overlaps_in_rooms(slots: list[Slot]) -> list[Conflict]:
    by_room: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_room[slot.room_id].append(slot)
    return [
        Conflict("room_double_booked", (a.contribution_id, b.contribution_id))
        for room_slots in by_room.values()
        for a, b in _overlapping_pairs(room_slots)
    ]


def _speaker_conflicts(slots: list[Slot], rules: Rules) -> list[Conflict]:
    by_speaker: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        for speaker_id in slot.speaker_ids:
            by_speaker[speaker_id].append(slot)
    conflicts = []
    for speaker_id, own in by_speaker.items():
        for a, b in _overlapping_pairs(own):
            conflicts.append(Conflict("speaker_double_booked", (a.contribution_id, b.contribution_id), speaker_id))
        ordered = sorted(own, key=lambda s: s.starts_at)
        for a, b in pairwise(ordered):
            if a.room_id != b.room_id and timedelta(0) <= b.starts_at - a.ends_at < CHANGEOVER:
                pair = (a.contribution_id, b.contribution_id)
                conflicts.append(Conflict("speaker_changeover", pair, speaker_id, severity="warning"))
        windows = rules.availability.get(speaker_id)
        for slot in own:
            if windows and not any(start <= slot.starts_at and slot.ends_at <= end for start, end in windows):
                conflicts.append(Conflict("speaker_unavailable", (slot.contribution_id,), speaker_id))
    return conflicts


def _slot_conflicts(slot: Slot, rules: Rules) -> list[Conflict]:
    found = []
    if slot.seats is not None and slot.seats > slot.room_capacity:
        found.append(Conflict("room_too_small", (slot.contribution_id,)))
    if not any(opens <= slot.starts_at and slot.ends_at <= closes for opens, closes in rules.days):
        found.append(Conflict("outside_event_hours", (slot.contribution_id,)))
    kinds = rules.room_kinds_for_format.get(slot.format)
    if kinds and slot.room_kind not in kinds:
        found.append(Conflict("room_kind_unsuitable", (slot.contribution_id,)))
    return found
