import re
from datetime import datetime, time

import pytest
from playwright.sync_api import expect

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Contribution, Speaker, Track
from tests.factories import BERLIN, make_event

pytestmark = pytest.mark.browser


def published_program():
    """Two rooms, two tracks and three talks on the first day, with the timetable published."""
    event = make_event("noerd", name="NØRD – Digital Convention MV", days=2)
    forum = Room(event=event, name="NØRD Forum", kind="stage", capacity=800, access_notes="stufenlos erreichbar")
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=24)
    ai, security = Track(event=event, name="KI", colour="#ffd23f"), Track(event=event, name="Sicherheit")
    ada = Speaker(event=event, name="Ada Lovelace", organization="Analytical Engines")
    db.session.add_all([forum, workzone, ai, security, ada])
    db.session.flush()
    first_day = event.days[0]
    for title, room, hour, track in [
        ("Eröffnung", forum, 9, ai),
        ("Threat Modeling", workzone, 10, security),
        ("Sichere Verwaltung", forum, 11, security),
    ]:
        made = Contribution(event=event, title=title, state="accepted", track=track, speakers=[ada])
        db.session.add(made)
        db.session.flush()
        program.schedule(made, room, datetime.combine(first_day, time(hour), BERLIN), actor=None)
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()
    return security.id


def test_visitor_on_a_phone_filters_the_schedule_by_track_and_opens_a_contribution(app, live_server, browser):
    with app.app_context():
        security_id = published_program()
    context = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()

    page.goto(live_server + "/language/en?next=/e/noerd/schedule")  # the header's language link
    timetable = page.get_by_role("region", name="Timetable by room")
    expect(timetable.get_by_role("link")).to_have_count(3)
    expect(page.locator(".grid-room").first).to_be_hidden()  # the phone sees a list, not columns

    page.get_by_label("Track").select_option(label="Sicherheit")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(rf"/e/noerd/schedule\?day=[0-9-]+&view=grid&track={security_id}&"))
    expect(timetable.get_by_role("link")).to_have_text(["Threat Modeling", "Sichere Verwaltung"])
    expect(page.get_by_label("Track")).to_have_value(str(security_id))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing runs off the side

    timetable.get_by_role("link", name="Sichere Verwaltung").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sichere Verwaltung")
    expect(page.get_by_text("stufenlos erreichbar")).to_be_visible()
    expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    context.close()
