"""English texts for the timetable planner's machine codes, and the error and violation that carry them.

The app translates by `code`; `params` hold only data (ids, numbers, times as "HH:MM", JSON paths, rule codes),
never English.

ProblemError codes (a problem or timetable that cannot be read, or cannot be planned):
    missing_key, malformed, duplicate_id, unknown_contribution, unknown_room, unknown_day, unknown_track,
    bad_block, no_suitable_room, no_room_big_enough, longer_than_every_block, speakers_never_available,
    pinned_breaks_rule, no_timetable_found
    `pinned_breaks_rule` names its `rule`: one of the Violation codes below.

Violation codes (a timetable that breaks a hard rule, from `check`):
    unplaced, unknown_room, unknown_day, pinned_moved, off_grid, outside_block, room_overlap, speaker_overlap,
    speaker_unavailable, workshop_outside_workshop_room, workshop_room_misused, room_kind_unsuitable, over_capacity
"""

from planning.coded import CodedError, CodedViolation

MESSAGES: dict[str, str] = {
    # ProblemError
    "missing_key": "The required key {key!r} is missing in {where}.",
    "malformed": "The value of {key!r} in {where} is not valid: expected {expected}.",
    "duplicate_id": "The {kind} id {id!r} appears more than once.",
    "unknown_contribution": "{where} names the contribution {id!r}, which does not exist.",
    "unknown_room": "{where} names the room {id!r}, which does not exist.",
    "unknown_day": "{where} names the day {id!r}, which does not exist.",
    "unknown_track": "Contribution {contribution!r} belongs to the track {id!r}, which is not in the tracks list.",
    "bad_block": "Day {day!r} has a block from {start} to {end} that is empty or overlaps another block.",
    "no_suitable_room": (
        "No room suits contribution {contribution!r} (kind {kind!r}): check the workshop rooms and its room kinds."
    ),
    "no_room_big_enough": (
        "Contribution {contribution!r} expects {audience} people, but the largest room that suits it has "
        "{largest} seats."
    ),
    "longer_than_every_block": (
        "Contribution {contribution!r} lasts {duration} minutes, longer than every block (the longest has {longest})."
    ),
    "speakers_never_available": (
        "The speakers of contribution {contribution!r} are never available together for its {duration} minutes "
        "inside one block."
    ),
    "pinned_breaks_rule": "The pinned placement of {contribution!r} breaks the rule {rule!r}.",
    "no_timetable_found": "No timetable keeping every hard rule was found in {seconds} s; loosen the constraints.",
    # Violation
    "unplaced": "Contribution {contribution!r} has no room and start.",
    "pinned_moved": (
        "Contribution {contribution!r} is pinned to {room!r} on {day!r} at {start}, but placed in {actual_room!r} "
        "on {actual_day!r} at {actual_start}."
    ),
    "off_grid": "Contribution {contribution!r} starts at {start}, off the {grid}-minute grid.",
    "outside_block": "Contribution {contribution!r} on {day!r} from {start} to {end} does not lie inside one block.",
    "room_overlap": "Contributions {first!r} and {second!r} overlap in room {room!r}.",
    "speaker_overlap": "Speaker {speaker!r} is in contributions {first!r} and {second!r} at once.",
    "speaker_unavailable": "Speaker {speaker!r} is not available for contribution {contribution!r}.",
    "workshop_outside_workshop_room": "Workshop {contribution!r} is in room {room!r}, which is not a workshop room.",
    "workshop_room_misused": "Contribution {contribution!r} is not a workshop but sits in the workshop room {room!r}.",
    "room_kind_unsuitable": "Contribution {contribution!r} may not use room {room!r} of kind {kind!r}.",
    "over_capacity": (
        "Contribution {contribution!r} expects {audience} people, but room {room!r} has {capacity} seats."
    ),
}


class ProblemError(CodedError):
    """A problem or timetable the planner refuses: `code` from MESSAGES, `params` naming the cause."""

    MESSAGES = MESSAGES


class Violation(CodedViolation):
    """One broken hard rule of a timetable, as `check` reports it."""

    MESSAGES = MESSAGES
