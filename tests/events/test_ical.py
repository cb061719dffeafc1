"""iCalendar output, parsed back by icalendar and by an independent parser (vobject)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from events.ical import CalendarEvent, render_calendar

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
SUMMARY = "NØRD 2026, Tag 1; Hauptprogramm"
LOCATION = "Halle 400, Kaistraße 1; 24114 Kiel"
DESCRIPTION = "Einlass ab 08:30; Kaffee, Tee & Brötchen.\nZweite Zeile: Ä Ö Ü ß Ø, \\ Backslash"


def two_day_event() -> list[CalendarEvent]:
    """Return NØRD 2026 as two day blocks, 09:00-18:00 Berlin time, given in UTC as stored."""
    return [
        CalendarEvent(
            uid=f"event-12-day-{day}@treffpunkt.example",
            summary=SUMMARY,
            starts_at=datetime(2026, 5, 26 + day, 7, 0, tzinfo=UTC),
            ends_at=datetime(2026, 5, 26 + day, 16, 0, tzinfo=UTC),
            timezone="Europe/Berlin",
            location=LOCATION,
            description=DESCRIPTION,
            url="https://treffpunkt.example/events/noerd-2026",
            sequence=2,
        )
        for day in (1, 2)
    ]


def test_calendar_has_publish_headers_and_one_vevent_per_day() -> None:
    raw = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)

    calendar = Calendar.from_ical(raw)

    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Treffpunkt//Treffpunkt//DE\r\n")
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar.calendar_name == "NØRD 2026"
    assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [
        "event-12-day-1@treffpunkt.example",
        "event-12-day-2@treffpunkt.example",
    ]


def test_times_are_given_in_berlin_local_time_with_tzid() -> None:
    raw = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)

    events = Calendar.from_ical(raw).walk("VEVENT")

    assert b"DTSTART;TZID=Europe/Berlin:20260527T090000\r\n" in raw
    assert b"DTEND;TZID=Europe/Berlin:20260528T180000\r\n" in raw
    assert [event["DTSTART"].params["TZID"] for event in events] == ["Europe/Berlin", "Europe/Berlin"]
    assert [event.start.replace(tzinfo=None) for event in events] == [
        datetime(2026, 5, 27, 9),
        datetime(2026, 5, 28, 9),
    ]
    assert [event.end for event in events] == [
        datetime(2026, 5, 27, 16, tzinfo=UTC),
        datetime(2026, 5, 28, 16, tzinfo=UTC),
    ]
    assert events[0].DTSTAMP == STAMP
    assert events[0]["SEQUENCE"] == 2
    assert str(events[0]["URL"]) == "https://treffpunkt.example/events/noerd-2026"


def test_calendar_carries_a_vtimezone_for_europe_berlin() -> None:
    raw = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)

    timezones = Calendar.from_ical(raw).walk("VTIMEZONE")

    assert [str(timezone["TZID"]) for timezone in timezones] == ["Europe/Berlin"]
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")


def test_uid_is_stable_and_output_identical_across_renders() -> None:
    first = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)
    second = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)
    later = render_calendar(two_day_event(), name="NØRD 2026")

    uids = [[str(event["UID"]) for event in Calendar.from_ical(raw).walk("VEVENT")] for raw in (first, later)]

    assert first == second
    assert uids[0] == uids[1]


def test_special_characters_round_trip_through_icalendar() -> None:
    raw = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)

    event = Calendar.from_ical(raw).walk("VEVENT")[0]

    assert "SUMMARY:NØRD 2026\\, Tag 1\\; Hauptprogramm\r\n".encode() in raw
    assert str(event["SUMMARY"]) == SUMMARY
    assert str(event["LOCATION"]) == LOCATION
    assert str(event["DESCRIPTION"]) == DESCRIPTION


def test_vobject_reads_the_same_local_times_and_text() -> None:
    raw = render_calendar(two_day_event(), name="NØRD 2026", stamp=STAMP)

    events = vobject.readOne(raw.decode()).vevent_list

    assert [event.uid.value for event in events] == [
        "event-12-day-1@treffpunkt.example",
        "event-12-day-2@treffpunkt.example",
    ]
    assert [event.dtstart.value.replace(tzinfo=None) for event in events] == [
        datetime(2026, 5, 27, 9),
        datetime(2026, 5, 28, 9),
    ]
    assert [event.dtend.value.utcoffset() for event in events] == [timedelta(hours=2), timedelta(hours=2)]
    assert (events[0].summary.value, events[0].location.value) == (SUMMARY, LOCATION)
    assert events[0].description.value == DESCRIPTION


def test_vobject_applies_our_vtimezone_in_winter_and_summer() -> None:
    summer = two_day_event()[0]
    winter_start = datetime(2026, 1, 15, 8, tzinfo=UTC)
    winter = CalendarEvent(
        "w@example", "Winter", winter_start, winter_start + timedelta(hours=1), "Europe/Berlin", "", ""
    )

    raw = render_calendar([winter, summer], name="NØRD", stamp=STAMP)

    events = vobject.readOne(raw.decode()).vevent_list
    assert [(event.dtstart.value.hour, event.dtstart.value.utcoffset()) for event in events] == [
        (9, timedelta(hours=1)),
        (9, timedelta(hours=2)),
    ]


def test_empty_optional_properties_are_left_out() -> None:
    start = datetime(2026, 5, 27, 7, tzinfo=UTC)
    bare = CalendarEvent("bare@example", "Bare", start, start + timedelta(hours=1), "Europe/Berlin", "", "")

    raw = render_calendar([bare], name="NØRD", stamp=STAMP)

    vevent = raw[raw.index(b"BEGIN:VEVENT") :]
    assert [line.split(b":")[0] for line in vevent.splitlines()] == [
        b"BEGIN",
        b"SUMMARY",
        b"DTSTART;TZID=Europe/Berlin",
        b"DTEND;TZID=Europe/Berlin",
        b"DTSTAMP",
        b"UID",
        b"SEQUENCE",
        b"END",
        b"END",
    ]


def test_calendar_event_rejects_naive_or_reversed_times() -> None:
    start = datetime(2026, 5, 27, 7, tzinfo=UTC)

    with pytest.raises(ValueError, match="timezone-aware"):
        CalendarEvent("u", "s", start.replace(tzinfo=None), start, "Europe/Berlin", "", "")
    with pytest.raises(ValueError, match="before"):
        CalendarEvent("u", "s", start, start - timedelta(hours=1), "Europe/Berlin", "", "")


def test_the_same_content_is_served_as_rendered_and_any_change_renders_anew() -> None:
    events = two_day_event()
    first = render_calendar(events, name="NØRD 2026")
    again = render_calendar(two_day_event(), name="NØRD 2026")
    moved = render_calendar([replace(events[0], sequence=events[0].sequence + 1), *events[1:]], name="NØRD 2026")

    assert again == first  # the same DTSTAMP too: this version of the calendar was made once
    sequences = [event.get("SEQUENCE") for event in Calendar.from_ical(moved).walk("VEVENT")]
    assert sequences[0] == events[0].sequence + 1
