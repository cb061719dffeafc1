"""The c3voc schedule XML/JSON and the iCal feeds: valid against the schemas, and read back by a second parser."""

import json
import re
from datetime import datetime, time
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import jsonschema
import pytest
import vobject
from lxml import etree

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Contribution, Speaker, Track
from events.program.schedule import export_views, exports
from tests.factories import BERLIN, make_event

SCHEMAS = Path(__file__).resolve().parents[2] / "fixtures" / "c3voc-schedule"
JSON_ACRONYM = re.compile(json.loads((SCHEMAS / "schema.json").read_text())["definitions"]["Conference"]["properties"]
                          ["acronym"]["pattern"])  # fmt: skip


def at(event, hour, minute=0, day=0):
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


@pytest.fixture
def noerd(app_ctx):
    """A published two-day event with three contributions in two rooms, on both days."""
    event = make_event("noerd-2027", days=2)
    forum = Room(event=event, name="NØRD Forum", kind="stage", capacity=800)
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=24)
    track = Track(event=event, name="Verwaltung & KI", colour="#aa3300")
    anna, ben = Speaker(event=event, name="Anna Becker"), Speaker(event=event, name="Ben Öztürk")
    made = {}
    for title, fmt, minutes, speakers in (
        ("Eröffnung", "keynote", 45, [anna]),
        ("KI im Amt <praktisch> & sicher", "workshop", 90, [anna, ben]),
        ("Tag zwei", "talk", 30, []),
    ):
        made[title] = Contribution(
            event=event, title=title, format=fmt, duration_minutes=minutes, state="accepted", abstract=f"Über {title}"
        )
        made[title].speakers = speakers
    made["KI im Amt <praktisch> & sicher"].track = track
    db.session.add_all([forum, workzone, track, *made.values()])
    db.session.commit()
    program.schedule(made["Eröffnung"], forum, at(event, 9), actor=None)
    program.schedule(made["KI im Amt <praktisch> & sicher"], workzone, at(event, 10, 15), actor=None)
    program.schedule(made["Tag zwei"], forum, at(event, 14, day=1), actor=None)
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()
    return event, made


@pytest.fixture
def vobject_timezones():
    """vobject keeps every VTIMEZONE it reads in a process-wide map by TZID; restore it so that our short
    (2 years) Europe/Berlin does not replace another test's."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    yield
    registry.clear()
    registry.update(saved)


def data_for(event):
    return export_views.schedule_data(event, program.scheduled_contributions(event))


@pytest.mark.parametrize(
    ("slug", "expected"), [("noerd-2027", "noerd_2027"), ("KI", "ki__"), ("tag-der-verwaltung", "tag_der_verwaltung")]
)
def test_acronyms_from_slugs_match_the_schema(slug, expected):
    assert exports.acronym_for(slug) == expected
    assert JSON_ACRONYM.match(expected)


def test_xml_is_valid_against_the_xsd_and_reads_back(noerd):
    event, made = noerd
    body = exports.render_schedule_xml(data_for(event))

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    document = etree.fromstring(body)
    assert schema.validate(document), schema.error_log

    root = ElementTree.fromstring(body)  # the second parser
    assert root.findtext("conference/title") == "NØRD Test"
    assert root.findtext("conference/acronym") == "noerd_2027"
    assert root.findtext("conference/time_zone_name") == "Europe/Berlin"
    days = root.findall("day")
    assert [d.get("date") for d in days] == [d.isoformat() for d in event.days]
    assert [r.get("name") for r in days[0].findall("room")] == ["NØRD Forum", "NØRD Workzone"]
    workshop = days[0].find("room[@name='NØRD Workzone']/event")
    assert workshop.get("id") == str(made["KI im Amt <praktisch> & sicher"].id)
    assert workshop.findtext("title") == "KI im Amt <praktisch> & sicher"
    assert (workshop.findtext("start"), workshop.findtext("duration")) == ("10:15", "01:30")
    assert datetime.fromisoformat(workshop.findtext("date")) == at(event, 10, 15)
    assert workshop.findtext("track") == "Verwaltung & KI"
    assert [p.text for p in workshop.findall("persons/person")] == ["Anna Becker", "Ben Öztürk"]
    assert days[1].find("room[@name='NØRD Forum']/event/title").text == "Tag zwei"


def test_json_is_valid_against_the_schema_and_reads_back(noerd):
    event, made = noerd
    text = exports.render_schedule_json(data_for(event))

    schema = json.loads((SCHEMAS / "schema.json").read_text())
    jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker()).validate(json.loads(text))

    conference = json.loads(text)["schedule"]["conference"]
    assert (conference["acronym"], conference["daysCount"]) == ("noerd_2027", 2)
    assert [r["name"] for r in conference["rooms"]] == ["NØRD Forum", "NØRD Workzone"]
    first = conference["days"][0]["rooms"]
    keynote = first["NØRD Forum"][0]
    assert (keynote["title"], keynote["start"], keynote["duration"], keynote["type"]) == (
        "Eröffnung",
        "09:00",
        "00:45",
        "keynote",
    )
    assert datetime.fromisoformat(keynote["date"]) == at(event, 9)
    assert datetime.fromisoformat(keynote["end"]) == at(event, 9, 45)
    assert keynote["persons"][0]["public_name"] == "Anna Becker"
    assert keynote["id"] == made["Eröffnung"].id


def test_xml_and_json_agree(noerd):
    event, _ = noerd
    data = data_for(event)
    root = ElementTree.fromstring(exports.render_schedule_xml(data))
    conference = json.loads(exports.render_schedule_json(data))["schedule"]["conference"]

    from_xml = {(e.get("guid"), e.findtext("title"), e.findtext("date")) for e in root.iter("event")}
    from_json = {
        (e["guid"], e["title"], e["date"])
        for day in conference["days"]
        for events in day["rooms"].values()
        for e in events
    }
    assert from_xml == from_json
    assert len(from_xml) == 3


def test_guids_and_slugs_are_stable_and_distinct(noerd):
    event, _ = noerd
    first, second = data_for(event), data_for(event)

    assert [e.guid for e in first.events] == [e.guid for e in second.events]
    assert len({e.guid for e in first.events}) == len({e.slug for e in first.events}) == 3


def test_ical_has_tzid_vtimezone_and_stable_uids(noerd, vobject_timezones):
    event, made = noerd
    body = exports.schedule_calendar(data_for(event), "treffpunkt.example")

    calendar = icalendar.Calendar.from_ical(body)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    vevents = {str(v["UID"]): v for v in calendar.walk("VEVENT")}
    keynote = vevents[f"contribution-{made['Eröffnung'].id}@treffpunkt.example"]
    assert keynote["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert keynote.decoded("DTSTART") == at(event, 9)
    assert "NØRD Forum" in str(keynote["LOCATION"])

    parsed = vobject.readOne(body.decode())  # the second parser
    assert sorted(v.uid.value for v in parsed.vevent_list) == sorted(vevents)
    starts = {v.summary.value: v.dtstart.value for v in parsed.vevent_list}
    assert starts["Tag zwei"] == at(event, 14, day=1)
    assert starts["Tag zwei"].utcoffset() == at(event, 14, day=1).utcoffset()
    assert b"DTSTART;TZID=Europe/Berlin:" in body


def test_sequence_is_raised_when_a_contribution_moves(noerd):
    event, made = noerd
    talk = made["Tag zwei"]
    before = icalendar.Calendar.from_ical(exports.schedule_calendar(data_for(event), "h", only=[talk.id]))

    program.schedule(talk, talk.room, at(event, 16, day=1), actor=None)
    db.session.commit()
    after = icalendar.Calendar.from_ical(exports.schedule_calendar(data_for(event), "h", only=[talk.id]))

    (old,), (new,) = before.walk("VEVENT"), after.walk("VEVENT")
    assert old["UID"] == new["UID"] == f"contribution-{talk.id}@h"
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new.decoded("DTSTART") == at(event, 16, day=1)
    assert data_for(event).events[-1].is_changed
