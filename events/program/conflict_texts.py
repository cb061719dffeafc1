"""What each kind of timetable conflict says to a person, in their language: one place for the grid and other pages.

`conflict_text(conflict, titles, speakers)` fills in the titles of the contributions involved and the speaker's name.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planning.timetable.conflicts import CHANGEOVER, Conflict

# A short name per kind, for headings and markers next to a block.
CONFLICT_LABELS = {
    "room_double_booked": _l("Two in one room"),
    "speaker_double_booked": _l("Speaker in two places"),
    "speaker_unavailable": _l("Speaker not available"),
    "room_too_small": _l("Too many seats for the room"),
    "outside_event_hours": _l("Outside the event's hours"),
    "room_kind_unsuitable": _l("Room unsuitable for the format"),
    "speaker_changeover": _l("Little time to change rooms"),
}


def conflict_text(conflict: Conflict, titles: dict[int, str], speakers: dict[int, str]) -> str:
    """One sentence naming what clashes; `titles` and `speakers` map ids to names (unknown ids show as "?")."""
    first, second = (titles.get(i, "?") for i in (*conflict.contribution_ids, None)[:2])
    speaker = speakers.get(conflict.speaker_id, "?")
    match conflict.kind:
        case "room_double_booked":
            return _("“%(first)s” and “%(second)s” are in the same room at the same time.", first=first, second=second)
        case "speaker_double_booked":
            return _(
                "%(speaker)s is in two places at once: “%(first)s” and “%(second)s”.",
                speaker=speaker,
                first=first,
                second=second,
            )
        case "speaker_unavailable":
            return _("%(speaker)s is not available at the time of “%(first)s”.", speaker=speaker, first=first)
        case "room_too_small":
            return _("“%(first)s” offers more seats than its room holds.", first=first)
        case "outside_event_hours":
            return _("“%(first)s” lies outside the event's hours or does not fit into the day.", first=first)
        case "room_kind_unsuitable":
            return _("The room of “%(first)s” does not suit its format.", first=first)
        case "speaker_changeover":
            return _(
                "%(speaker)s has less than %(minutes)d minutes to change rooms between “%(first)s” and “%(second)s”.",
                speaker=speaker,
                minutes=int(CHANGEOVER.total_seconds() // 60),
                first=first,
                second=second,
            )
    return str(CONFLICT_LABELS.get(conflict.kind, conflict.kind))
