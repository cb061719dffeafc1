"""The organizer's badge order: which tickets, sorted how, on which paper. Reading the form into a Selection and a
layout happens here, with a message at the field for every mistake."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, IntegerField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from cockpit.badges.layouts import LABEL_LAYOUTS, LayoutError, custom_layout
from cockpit.badges.selection import Selection
from core.forms import Form
from ticketing.booking.forms import STAKEHOLDER_LABELS
from ticketing.models import STAKEHOLDER_GROUPS

LAYOUT_LABELS = {
    "A6": _l("A6 pages, one badge each"),
    "L4785": _l("Avery Zweckform L4785: 80 × 50 mm, 10 per A4 sheet"),
    "3422": _l("Avery Zweckform 3422: 70 × 35 mm, 24 per A4 sheet"),
    "L7165": _l("Avery Zweckform L7165: 99.1 × 67.7 mm, 8 per A4 sheet"),
    "custom": _l("Other labels on A4 (measure them below)"),
}
LAYOUT_ERRORS = {
    "overlap": _l("The labels overlap: the gaps cannot be negative."),
    "off_sheet": _l("These labels do not fit on an A4 sheet (210 × 297 mm). Please check columns, rows and sizes."),
    "too_small": _l(
        "These labels are too small for a badge: the name and a QR code of at least 15 mm need a label of about "
        "55 × 25 mm or more."
    ),
    "unknown": _l("Please choose a layout."),
}
CUSTOM_FIELDS = ("columns", "rows", "width", "height", "gap_x", "gap_y")


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (a fieldset for screen readers) instead of a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BadgeForm(Form):
    ticket_type_ids = MultiCheckboxField(
        _l("Ticket types"), description=_l("None ticked: all ticket types."), coerce=int
    )
    groups = MultiCheckboxField(
        _l("Stakeholder groups"),
        description=_l("None ticked: all groups."),
        choices=[SelectChoice(group, STAKEHOLDER_LABELS[group]) for group in STAKEHOLDER_GROUPS],
    )
    booked_since = StringField(
        _l("Booked on or after"),
        description=_l("A date such as 2026-11-20; empty: all bookings."),
        validators=[Optional(), Length(max=10)],
        render_kw={"type": "date"},
    )
    sort = RadioField(
        _l("Sorted by"),
        choices=[SelectChoice("name", _l("Name")), SelectChoice("organization", _l("Organization"))],
        default="name",
    )
    layout = RadioField(
        _l("Paper"), choices=[SelectChoice(name, label) for name, label in LAYOUT_LABELS.items()], default="A6"
    )
    columns = IntegerField(_l("Labels across"), validators=[Optional(), NumberRange(min=1, max=10)])
    rows = IntegerField(_l("Labels down"), validators=[Optional(), NumberRange(min=1, max=20)])
    width = FloatField(_l("Label width (mm)"), validators=[Optional(), NumberRange(min=1, max=210)])
    height = FloatField(_l("Label height (mm)"), validators=[Optional(), NumberRange(min=1, max=297)])
    gap_x = FloatField(_l("Gap between columns (mm)"), default=0, validators=[Optional(), NumberRange(min=0, max=100)])
    gap_y = FloatField(_l("Gap between rows (mm)"), default=0, validators=[Optional(), NumberRange(min=0, max=100)])
    count = SubmitField(_l("Count badges"))
    start = SubmitField(_l("Print badges"))

    def read(self) -> tuple[Selection, dict] | None:
        """The selection and the layout params, or None with messages at the fields (call after validate())."""
        since = None
        if self.booked_since.data:
            try:
                since = date.fromisoformat(self.booked_since.data.strip())
            except ValueError:
                self.booked_since.errors.append(_l("Please enter the date as year-month-day, e.g. 2026-11-20."))
        layout = {"layout": self.layout.data, "custom": None}
        if self.layout.data == "custom":
            values = {name: getattr(self, name).data for name in CUSTOM_FIELDS}
            missing = [name for name in ("columns", "rows", "width", "height") if values[name] is None]
            for name in missing:
                getattr(self, name).errors.append(_l("Please enter this measure for other labels."))
            if not missing:
                values = {name: values[name] or 0 for name in CUSTOM_FIELDS}
                try:
                    custom_layout(**values)
                    layout["custom"] = values
                except LayoutError as error:
                    self.layout.errors.append(LAYOUT_ERRORS[error.code])
        elif self.layout.data not in ("A6", *LABEL_LAYOUTS):
            self.layout.errors.append(LAYOUT_ERRORS["unknown"])
        if self.errors:
            return None
        selection = Selection(
            ticket_type_ids=tuple(self.ticket_type_ids.data or ()),
            groups=tuple(self.groups.data or ()),
            booked_since=since,
            sort=self.sort.data if self.sort.data in ("name", "organization") else "name",
        )
        return selection, layout


def badge_form(ticket_types, **kwargs) -> BadgeForm:
    form = BadgeForm(**kwargs)
    form.ticket_type_ids.choices = [SelectChoice(t.id, t.name) for t in ticket_types]
    return form
