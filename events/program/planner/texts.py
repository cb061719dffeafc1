"""The planner's codes in the reader's language, with ids replaced by the names people know (titles, rooms)."""

from flask_babel import lazy_gettext as _l

from planning.timetable.planner import MESSAGES

PROBLEM_TEXTS = {
    "missing_key": _l("The required entry %(key)s is missing in %(where)s."),
    "malformed": _l("The value of %(key)s in %(where)s is not valid: expected %(expected)s."),
    "duplicate_id": _l("The id %(id)s appears more than once."),
    "unknown_contribution": _l("%(where)s names the contribution %(id)s, which does not exist."),
    "unknown_room": _l("%(where)s names the room %(id)s, which does not exist."),
    "unknown_day": _l("%(where)s names the day %(id)s, which has no blocks in the program settings."),
    "unknown_track": _l("“%(contribution)s” belongs to the track %(id)s, which does not exist."),
    "bad_block": _l("The day %(day)s has no usable blocks: check the blocks in the program settings."),
    "no_suitable_room": _l(
        "No room suits “%(contribution)s”: check which rooms are workshop rooms in the program settings, and the "
        "kinds of the rooms."
    ),
    "no_room_big_enough": _l(
        "“%(contribution)s” expects %(audience)s people, but the largest room that suits it has %(largest)s seats."
    ),
    "longer_than_every_block": _l(
        "“%(contribution)s” lasts %(duration)s minutes, longer than every block (the longest has %(longest)s minutes)."
    ),
    "speakers_never_available": _l(
        "The speakers of “%(contribution)s” are never available together for its %(duration)s minutes inside one block."
    ),
    "pinned_breaks_rule": _l("The fixed placement of “%(contribution)s” breaks a rule: %(rule)s"),
    "no_timetable_found": _l(
        "No timetable keeping every rule was found in %(seconds)s seconds. Give the planner more time, or loosen the "
        "settings."
    ),
}

RULE_TEXTS = {
    "unplaced": _l("it has no room and start."),
    "pinned_moved": _l("it was moved."),
    "off_grid": _l("it does not start on the time grid."),
    "outside_block": _l("it does not lie inside one block of its day."),
    "room_overlap": _l("it overlaps another contribution in its room."),
    "speaker_overlap": _l("a speaker is in two contributions at once."),
    "speaker_unavailable": _l("a speaker is not available then."),
    "workshop_outside_workshop_room": _l("a workshop is outside the workshop rooms."),
    "workshop_room_misused": _l("it is not a workshop but sits in a workshop room."),
    "room_kind_unsuitable": _l("its format does not suit the kind of its room."),
    "over_capacity": _l("its expected audience is larger than its room."),
    "unknown_room": _l("its room does not exist."),
    "unknown_day": _l("its day does not exist."),
}

VIOLATION_TEXTS = {
    "unplaced": _l("“%(contribution)s” has no room and start."),
    "pinned_moved": _l("“%(contribution)s” is pinned but was moved."),
    "off_grid": _l("“%(contribution)s” does not start on the time grid."),
    "outside_block": _l("“%(contribution)s” does not lie inside one block of its day."),
    "room_overlap": _l("“%(first)s” and “%(second)s” overlap in %(room)s."),
    "speaker_overlap": _l("%(speaker)s is in “%(first)s” and “%(second)s” at once."),
    "speaker_unavailable": _l("%(speaker)s is not available for “%(contribution)s”."),
    "workshop_outside_workshop_room": _l("The workshop “%(contribution)s” is in %(room)s, not a workshop room."),
    "workshop_room_misused": _l("“%(contribution)s” is not a workshop but sits in the workshop room %(room)s."),
    "room_kind_unsuitable": _l("“%(contribution)s” may not use %(room)s."),
    "over_capacity": _l("“%(contribution)s” expects %(audience)s people, but %(room)s has %(capacity)s seats."),
}

NAMED = ("contribution", "first", "second", "room", "speaker", "id")


def problem_message(code: str, params: dict, names: dict[str, str] | None = None) -> str:
    """A ProblemError in the reader's language; ids become names where `names` knows them."""
    values = _named(params, names or {})
    if code == "pinned_breaks_rule":
        values["rule"] = str(RULE_TEXTS.get(params.get("rule"), params.get("rule")))
    template = PROBLEM_TEXTS.get(code)
    if template is None:
        return MESSAGES.get(code, code)
    return str(template) % _Lenient(values)


def violation_message(code: str, params: dict, names: dict[str, str] | None = None) -> str:
    """A broken hard rule in the reader's language."""
    template = VIOLATION_TEXTS.get(code) or PROBLEM_TEXTS.get(code)
    return str(template) % _Lenient(_named(params, names or {})) if template else code


def _named(params: dict, names: dict[str, str]) -> dict:
    return {key: names.get(value, value) if key in NAMED else value for key, value in params.items()}


class _Lenient(dict):
    """%-formatting that shows a missing parameter as "?" rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"
