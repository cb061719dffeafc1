"""The demo's Regionalkonferenz has its World Café: six real topics, its ticket holders with choices, a published
plan keeping every rule, and the printed attendee's ticket page showing the rotation."""

import re

from sqlalchemy import select

from core.extensions import db
from events.models import Event
from ticketing.worldcafe.models import WorldCafe
from ticketing.worldcafe.plan.plans import assess
from ticketing.worldcafe.plan.problem import published_plan


def test_demo_cafe_is_published_and_its_attendee_sees_the_rotation(runner, app_ctx, client):
    seeded = runner.invoke(args=["demo", "seed"])

    event = db.session.scalar(select(Event).where(Event.slug == "regionalkonferenz-smart-city"))
    cafe = db.session.scalar(select(WorldCafe).where(WorldCafe.event_id == event.id))
    plan = published_plan(cafe)
    link = re.search(r"World Café attendee: .+\(http://[^/]+(/t/[^)]+)\)", seeded.output)
    page = client.get(link.group(1))

    assert [t.title for t in cafe.tables] == [
        "Nachhaltige Mobilität", "Bildung", "(Cyber-)Sicherheit", "Versorgung und Energie", "Kultur und Freizeit",
        "Gesundheit und Soziales",
    ]  # fmt: skip
    assert len(plan.seats) == 3 and len(plan.seats[0]) >= 60
    assert assess(cafe, plan).is_valid
    assert page.status_code == 200
    assert re.search(r"Runde 1, 15:00: Tisch \d – ", page.text)
    assert re.search(r"Runde 3, 15:50: Tisch \d – ", page.text)
