"""The series' domain error and its texts (in the reader's language)."""

from flask_babel import lazy_gettext as _l

from core.errors import DomainError
from events.messages import message_for

TEXTS = {
    "source_missing": _l("The edition to copy does not exist (any more)."),
    "day_not_future": _l("Choose a first day after today."),
    "name_empty": _l("Please give the new edition a name."),
}


class SeriesError(DomainError):
    """An edition that cannot be copied as asked."""


def text_for(code: str) -> str:
    """The series' own text for `code`, else the events' (a taken or invalid short name)."""
    return str(TEXTS[code]) if code in TEXTS else message_for(code)
