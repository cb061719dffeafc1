from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from events.program.models import Speaker
from events.program.placing import scheduled_contributions, timetable_conflicts


def test_the_demo_program_is_noerd_sized_published_and_free_of_hard_conflicts(runner, app_ctx):
    runner.invoke(args=["demo", "seed"])
    noerd = db.session.scalar(select(Event).where(Event.slug == "noerd"))
    smart_city = db.session.scalar(select(Event).where(Event.slug == "regionalkonferenz-smart-city"))

    placed = scheduled_contributions(noerd)
    speakers = db.session.scalar(select(func.count(Speaker.id)).where(Speaker.event_id == noerd.id))
    conflicts = timetable_conflicts(noerd) + timetable_conflicts(smart_city)

    assert 280 <= len(placed) <= 320 and len(noerd.rooms) == 15 and speakers == 120
    assert noerd.schedule_published_at is not None and smart_city.schedule_published_at is not None
    assert {c.format for c in scheduled_contributions(smart_city)} >= {"keynote", "talk", "world_cafe", "workshop"}
    assert [c for c in conflicts if c.severity == "error"] == []
