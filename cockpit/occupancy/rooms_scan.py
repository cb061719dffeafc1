"""The scanner's room mode: a ticket's code counts one passage through a room's door. The ticket is only looked at to
refuse what is no ticket of the event; nothing about it is stored (no check-in, no audit row): the count is the same
anonymous tally the steward's + and − add to, so a ticket scanned twice counts twice."""

from datetime import datetime

from cockpit.occupancy import counts
from events.models import Event, Room
from ticketing.checkin.scans import ticket_for_code

DIRECTIONS = {"entry": counts.count_entry, "exit": counts.count_exit}


def count_scan(event: Event, room: Room, code: str, direction: str, *, now: datetime) -> counts.RoomNow:
    """Count one entry or exit of `room` for the ticket with `code`; returns the room's figures afterwards.

    :raises OccupancyError: "unknown" (no ticket, or one not yet confirmed), "other_event", "cancelled" (any ticket
        that is not valid), or "empty" (an exit from a room nobody is counted in). Nothing changes then.
    """
    ticket = ticket_for_code(code)
    if ticket is None or ticket.state == "held":
        raise counts.OccupancyError("unknown")
    if ticket.event_id != event.id:
        raise counts.OccupancyError("other_event")
    if ticket.state != "valid":
        raise counts.OccupancyError("cancelled")
    DIRECTIONS[direction](room, now=now)
    return counts.room_now(room)
