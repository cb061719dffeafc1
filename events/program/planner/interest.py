"""What attendees want to see, and telling them about moves, without importing ticketing (it sits above events).

Ticketing registers a provider (`register_provider`) that returns, per attendee, the contributions they favour
(personal agenda and workshop seats) under an opaque id, never a name or address; the planner reads them through
`favourites`. When placements of a published timetable change, `program_moved` is sent with the moves; ticketing
writes one mail per person listing all their changes, in the caller's transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace

from core.extensions import db
from events.models import Event
from events.program.models import Contribution

Provider = Callable[[Event], dict[str, set[int]]]
_providers: list[Provider] = []
_signals = Namespace()

# Sent with the event as sender and `moves`: a list of Move, after the placements changed (not yet committed).
program_moved = _signals.signal("program-moved")


@dataclass(frozen=True)
class Move:
    """A contribution's placement before a change (None: it had none); its new one is on the contribution."""

    contribution_id: int
    room_id_before: int | None
    starts_at_before: datetime | None


def register_provider(provider: Provider) -> Provider:
    """Add a source of favourites (registering the same function again keeps one)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def favourites(event: Event) -> dict[str, set[int]]:
    """Per opaque attendee id, the ids of the contributions they favour, merged over every provider."""
    merged: dict[str, set[int]] = {}
    for index, provider in enumerate(_providers):
        for attendee, ids in provider(event).items():
            merged.setdefault(f"{index}:{attendee}", set()).update(ids)
    return {attendee: ids for attendee, ids in merged.items() if ids}


def changed(moves: list[Move]) -> list[Move]:
    """The moves whose contribution is now somewhere else than before (a move onto the same room and start, or an
    unscheduling of what was not placed, is none). Call after the change, on the changed contributions."""
    db.session.flush()  # room_id follows the room set on the contribution
    found = []
    for move in moves:
        contribution = db.session.get(Contribution, move.contribution_id)
        if contribution is not None and (contribution.room_id, contribution.starts_at) != (
            move.room_id_before,
            move.starts_at_before,
        ):
            found.append(move)
    return found


def announce_moves(event: Event, moves: list[Move]) -> None:
    """Tell the listeners (ticketing's mails) about moves in a published timetable; nothing when it is not."""
    if moves and event.schedule_published_at is not None:
        program_moved.send(event, moves=moves)
