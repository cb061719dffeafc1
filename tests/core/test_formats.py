"""Dates and times in English follow the event's country: 24-hour clock, day before month, month by name."""

from datetime import UTC, date, datetime

from babel.dates import format_date, format_datetime, format_time

from core.i18n import datetime_format, formatting_locale
from tests.factories import BERLIN


def test_english_uses_the_24_hour_clock_and_names_the_month():
    moment = datetime(2027, 4, 7, 7, 0, tzinfo=UTC)

    short = format_datetime(moment, datetime_format("short", "en"), tzinfo=BERLIN, locale=formatting_locale("en"))
    time = format_time(moment, "short", tzinfo=BERLIN, locale=formatting_locale("en"))
    day = format_date(date(2027, 4, 7), "full", locale=formatting_locale("en"))

    assert (short, time, day) == ("7 Apr 2027, 09:00", "09:00", "Wednesday, 7 April 2027")


def test_german_keeps_its_own_forms():
    moment = datetime(2027, 4, 7, 7, 0, tzinfo=UTC)

    short = format_datetime(moment, datetime_format("short", "de"), tzinfo=BERLIN, locale=formatting_locale("de"))

    assert short == "07.04.27, 09:00"


def test_the_english_pages_show_no_us_times(client, app_ctx):
    from tests.factories import make_event

    event = make_event()
    client.get("/language/en")
    page = client.get(f"/e/{event.slug}")

    assert page.status_code == 200
    assert " AM" not in page.text and " PM" not in page.text
