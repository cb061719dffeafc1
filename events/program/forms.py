"""Organizer forms for rooms, tracks, speakers and contributions. They check shape; program_services checks rules."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from core.forms import Form
from core.templating import register_labels
from events.models import ROOM_KINDS
from events.program.listing import ProgramFilter
from events.program.models import CONTRIBUTION_STATES, FORMATS

ROOM_KIND_LABELS = (_l("Stage"), _l("Workshop room"), _l("Lounge"), _l("Exhibition area"), _l("Café"))
FORMAT_LABELS = (_l("Keynote"), _l("Talk"), _l("Panel"), _l("Workshop"), _l("Deep dive"), _l("World Café"))
STATE_LABELS = (_l("Submitted"), _l("Accepted"), _l("Rejected"))
LANGUAGE_CHOICES = [SelectChoice("de", _l("German")), SelectChoice("en", _l("English"))]
register_labels("room_kind", dict(zip(ROOM_KINDS, ROOM_KIND_LABELS, strict=True)))
register_labels("format", dict(zip(FORMATS, FORMAT_LABELS, strict=True)))
register_labels("contribution_state", dict(zip(CONTRIBUTION_STATES, STATE_LABELS, strict=True)))
WINDOW_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$")


def optional_int(value):
    """Coerce a select's value: "" (nothing chosen) is None."""
    return int(value) if value not in (None, "", "None") else None


def parse_windows(text: str, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Lines like "2027-05-26 09:00-12:00" (wall-clock time in `tz`) as aware (start, end) pairs.

    :raises ValueError: a line that is not of that shape.
    """
    windows = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        match = WINDOW_LINE.match(line)
        if not match:
            raise ValueError(line)
        try:
            day = datetime.strptime(match[1], "%Y-%m-%d").date()
            start, end = (time.fromisoformat(t.zfill(5)) for t in (match[2], match[3]))
        except ValueError:
            raise ValueError(line) from None
        windows.append((datetime.combine(day, start, tz), datetime.combine(day, end, tz)))
    return windows


def format_windows(windows, tz: ZoneInfo) -> str:
    """Windows as the form shows them, one line each, in `tz`."""
    lines = []
    for starts_at, ends_at in windows:
        start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
        lines.append(f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}")
    return "\n".join(lines)


class RoomForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(
        _l("Kind of room"),
        choices=[SelectChoice(k, label) for k, label in zip(ROOM_KINDS, ROOM_KIND_LABELS, strict=True)],
    )
    capacity = IntegerField(_l("Capacity"), default=0, validators=[InputRequired(), NumberRange(min=0, max=100000)])
    access_notes = StringField(
        _l("Access notes"),
        description=_l("For example: step-free, induction loop."),
        validators=[Optional(), Length(max=300)],
    )
    submit = SubmitField(_l("Save room"))


class TrackForm(Form):
    name = StringField(_l("Topic"), validators=[DataRequired(), Length(max=120)])
    colour = StringField(
        _l("Colour"),
        default="#0b4f6c",
        description=_l("As #rrggbb, e.g. #0b4f6c."),
        validators=[DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Give the colour as #rrggbb."))],
    )
    submit = SubmitField(_l("Save track"))


class SpeakerForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    bio = TextAreaField(_l("Bio"), validators=[Optional(), Length(max=5000)])
    availability = TextAreaField(
        _l("Availability"),
        description=_l("One window per line, e.g. 2027-05-26 09:00-12:00, in the event's timezone. Empty: always."),
        validators=[Optional(), Length(max=5000)],
    )
    submit = SubmitField(_l("Save speaker"))

    tz = ZoneInfo("UTC")  # the view sets the event's timezone

    def validate_availability(self, field):
        try:
            parse_windows(field.data or "", self.tz)
        except ValueError as error:
            message = _("This line is not of the form 2027-05-26 09:00-12:00: %(line)s", line=str(error))
            raise ValidationError(message) from None

    @property
    def windows(self) -> list[tuple[datetime, datetime]]:
        return parse_windows(self.availability.data or "", self.tz)


class ContributionForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    abstract = TextAreaField(_l("Abstract"), validators=[Optional(), Length(max=20000)])
    format = SelectField(
        _l("Format"), choices=[SelectChoice(f, label) for f, label in zip(FORMATS, FORMAT_LABELS, strict=True)]
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), default=30, validators=[InputRequired(), NumberRange(min=5, max=480)]
    )
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    # Choices come from the event; whether a chosen one belongs to it is a rule the service checks.
    track_id = SelectField(_l("Track"), coerce=optional_int, validate_choice=False)
    # Without JavaScript a plain multiple select; static/js/speaker-picker.js turns it into a searchable checkbox list
    # (the select stays and is what the form sends) and reads its texts from these data attributes.
    speaker_ids = SelectMultipleField(
        _l("Speakers"),
        coerce=int,
        validate_choice=False,
        description=_l("Hold Ctrl (⌘ on a Mac) to choose several."),
        render_kw={
            "size": 8,
            "data-speaker-picker": "",
            "data-filter-label": _l("Find a speaker by name"),
            "data-count": _l("Shown: {shown} of {total} · chosen: {chosen}"),
            "data-chosen-label": _l("Chosen speakers"),
            "data-none-chosen": _l("No speaker chosen yet."),
            "data-remove": _l("Remove {name}"),
            "data-keys": _l("Arrow down moves into the list, Space picks, Enter picks the first match."),
        },
    )
    seats = IntegerField(
        _l("Seats"),
        description=_l("Only for workshops that need sign-up; empty means open to everyone with a ticket."),
        validators=[Optional(), NumberRange(min=1, max=100000)],
    )
    state = SelectField(
        _l("State"),
        choices=[SelectChoice(s, label) for s, label in zip(CONTRIBUTION_STATES, STATE_LABELS, strict=True)],
    )
    submit = SubmitField(_l("Save contribution"))


class ScheduleForm(Form):
    room_id = SelectField(_l("Room"), coerce=optional_int, validate_choice=False, validators=[InputRequired()])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    submit = SubmitField(_l("Place in timetable"))


class ProgramFilterForm(Form):
    """Search and filters of the contribution table; sent by GET, so a filtered list can be bookmarked (no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), description=_l("Title or speaker"), validators=[Optional(), Length(max=200)])
    state = SelectField(
        _l("State"),
        choices=[SelectChoice("", _l("All states"))]
        + [SelectChoice(s, label) for s, label in zip(CONTRIBUTION_STATES, STATE_LABELS, strict=True)],
        default="",
        validators=[Optional()],
    )
    format = SelectField(
        _l("Format"),
        choices=[SelectChoice("", _l("All formats"))]
        + [SelectChoice(f, label) for f, label in zip(FORMATS, FORMAT_LABELS, strict=True)],
        default="",
        validators=[Optional()],
    )
    track = SelectField(_l("Track"), default="", validators=[Optional()])  # choices: the event's tracks
    room = SelectField(_l("Room"), default="", validators=[Optional()])  # choices: the event's rooms
    scheduled = SelectField(
        _l("Timetable"),
        choices=[
            SelectChoice("", _l("Placed or not")),
            SelectChoice("yes", _l("Placed in the timetable")),
            SelectChoice("no", _l("Not placed")),
        ],
        default="",
        validators=[Optional()],
    )


def program_filter(args, tracks: list, rooms: list) -> tuple[ProgramFilterForm, ProgramFilter]:
    """The filter form read from the query string `args`, and the filter it asks for.

    An invalid value (a stale bookmark, a room of another event) is shown at its field and otherwise ignored, so the
    table still opens.
    """
    form = ProgramFilterForm(formdata=args)
    form.track.choices = [SelectChoice("", _("All tracks"))] + [SelectChoice(str(t.id), t.name) for t in tracks]
    form.room.choices = [SelectChoice("", _("All rooms"))] + [SelectChoice(str(r.id), r.name) for r in rooms]
    form.validate()

    def valid(field):
        return None if field.errors else (field.data or None)

    return form, ProgramFilter(
        q=(valid(form.q) or "").strip(),
        state=valid(form.state),
        format=valid(form.format),
        track_id=int(valid(form.track)) if valid(form.track) else None,
        room_id=int(valid(form.room)) if valid(form.room) else None,
        scheduled={"yes": True, "no": False}.get(valid(form.scheduled) or ""),
    )
