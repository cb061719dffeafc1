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


def test_the_demo_program_is_planned_by_the_planner_from_its_agendas(runner, app_ctx):
    from events.program.planner.models import TimetableProposal
    from events.program.planner.settings import settings_of

    runner.invoke(args=["demo", "seed"])
    noerd = db.session.scalar(select(Event).where(Event.slug == "noerd"))
    proposals = list(db.session.scalars(select(TimetableProposal).where(TimetableProposal.event_id == noerd.id)))
    settings = settings_of(noerd)

    assert [p.state for p in proposals] == ["applied", "applied"]  # one a day: one-day holders keep their day
    for proposal in proposals:
        assert proposal.figures_after["penalty"] < proposal.figures_before["penalty"]
    assert set(settings.blocks[noerd.days[0]]) == {(540, 630), (660, 750), (810, 900), (930, 1080)}
    workshop_rooms = {r.id for r in noerd.rooms if r.id in settings.workshop_room_ids}
    for contribution in scheduled_contributions(noerd):
        local = noerd.local(contribution.starts_at)
        assert local.minute % 15 == 0
        assert (contribution.room_id in workshop_rooms) == (contribution.format == "workshop")
