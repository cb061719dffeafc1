"""The copy form: the new edition's first day, short name and name, suggested from the edition copied."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from core.forms import Form
from events.forms import SLUG_HELP
from events.models import Event

YEAR = re.compile(r"(19|20)\d{2}")


class CopyForm(Form):
    first_day = DateField(
        _l("First day of the new edition"),
        validators=[DataRequired()],
        description=_l("Every date and time of the edition moves by the same number of days."),
    )
    slug = StringField(
        _l("Short name for the address"), validators=[DataRequired(), Length(max=80)], description=SLUG_HELP
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Copy edition"))


def suggestion(source: Event) -> dict:
    """The same day a year later, and the short name and name with their year raised by one (or the new year
    added)."""
    first = source.local(source.starts_at).date()
    year = first.year + 1
    day = first.replace(year=year) if (first.month, first.day) != (2, 29) else date(year, 2, 28)
    return {"first_day": day, "slug": _with_year(source.slug, year, "-"), "name": _with_year(source.name, year, " ")}


def _with_year(text: str, year: int, joiner: str) -> str:
    if YEAR.search(text):
        return YEAR.sub(lambda m: str(int(m.group(0)) + 1), text)
    return f"{text}{joiner}{year}"
