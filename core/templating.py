"""What every template may use: language switch, date formatting in the event's timezone."""

from datetime import date, datetime

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal
from flask import Flask, has_request_context, request
from flask_login import current_user

from core.i18n import LANGUAGES, current_language


def template_globals() -> dict:
    values = {"languages": LANGUAGES, "current_language": current_language()}
    if has_request_context():  # emails are rendered by `flask tick` too, where there is no request
        values["here"] = request.full_path.rstrip("?")
        values["is_organizer"] = current_user.is_authenticated
    return values


def register_filters(app: Flask) -> None:
    @app.template_filter("in_tz")
    def in_tz(moment: datetime | None, tz, fmt: str = "medium") -> str:
        """A UTC time shown as wall-clock time in `tz` (the event's timezone), in the page's language."""
        if moment is None:
            return ""
        return format_datetime(moment, fmt, tzinfo=tz, locale=current_language())

    @app.template_filter("time_in_tz")
    def time_in_tz(moment: datetime, tz) -> str:
        return format_time(moment, "short", tzinfo=tz, locale=current_language())

    @app.template_filter("number")
    def number(value: int) -> str:
        return format_decimal(value, locale=current_language())

    @app.template_filter("day")
    def day(value: date, fmt: str = "full") -> str:
        return format_date(value, fmt, locale=current_language())
