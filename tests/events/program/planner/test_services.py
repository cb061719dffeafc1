"""The planner's app side without HTTP: settings, the problem built from the database (audience from agendas through
the provider, estimates, pins), proposals through the job runner, the diff, applying, discarding, the mails."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, run_one
from core.mail.outbox import OutboxMail
from events.program import placing as program
from events.program.planner import proposals as planner
from events.program.planner.interest import Move, announce_moves
from events.program.planner.models import ContributionPlanning, TimetableProposal
from events.program.planner.problem import program_problem
from events.program.planner.settings import PlannerError, parse_blocks, save_settings, settings_of
from planning.timetable.planner import ProblemError, check, parse_problem, parse_timetable
from tests.events.program.planner.helpers import mark, planner_program, seat
from tests.ticketing.agenda_helpers import at

DAYS = [date(2027, 5, 26), date(2027, 5, 27)]


@pytest.fixture
def made(app_ctx):
    return planner_program()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# Settings


def test_blocks_for_every_day_and_one_day_of_its_own():
    text = "09:00-10:30, 11:00-12:30,13:30-17:00\n2027-05-27: 10:00-12:30"

    blocks = parse_blocks(text, DAYS)

    assert blocks == {DAYS[0]: [(540, 630), (660, 750), (810, 1020)], DAYS[1]: [(600, 750)]}


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("9-10:30", "block_malformed", {"part": "9-10:30"}),
        ("09:00-10:30, 10:00-11:00", "blocks_overlap", {"first": "09:00-10:30", "second": "10:00-11:00"}),
        ("12:00-11:00", "block_empty", {"part": "12:00-11:00"}),
        ("2027-06-01: 09:00-10:00", "block_day_unknown", {"day": "2027-06-01"}),
        ("09:61-10:00", "block_malformed", {"part": "09:61-10:00"}),
        ("2027-05-26: 09:00-10:00\n2027-05-26: 11:00-12:00", "block_day_twice", {"day": "2027-05-26"}),
    ],
)
def test_a_blocks_text_that_cannot_be_read_names_the_cause(text, code, params):
    with pytest.raises(PlannerError) as raised:
        parse_blocks(text, DAYS)

    assert (raised.value.code, raised.value.field, raised.value.params) == (code, "blocks_text", params)


def test_without_settings_a_day_is_one_block_of_opening_hours_and_workshop_kind_rooms_are_workshop_rooms(app_ctx):
    made = planner_program()
    db.session.delete(settings_row(made))
    db.session.commit()

    settings = settings_of(made.event)

    assert settings.blocks == {made.event.days[0]: [(540, 1080)]}
    assert settings.workshop_room_ids == {made.rooms["workzone"].id}
    assert (settings.time_grid_minutes, settings.attendee_conflict_weight, settings.track_break_weight) == (15, 1, 20)


def settings_row(made):
    from events.program.planner.models import ProgramSettings

    return db.session.get(ProgramSettings, made.event.id)


def test_saving_settings_refuses_a_room_of_another_event_and_a_bad_text(made):
    other = planner_program("andere")

    with pytest.raises(PlannerError) as raised:
        save_settings(
            made.event, blocks_text="", time_grid_minutes=15, workshop_room_ids=[other.rooms["workzone"].id],
            attendee_conflict_weight=1, track_break_weight=20, may_move_published=False, actor=None,
        )  # fmt: skip

    assert raised.value.code == "room_of_other_event"


# The problem


def test_the_problem_holds_rooms_blocks_contributions_and_favourites_as_opaque_ids(made):
    talks, rooms = made.talks, made.rooms
    seat(made.tickets[0], talks["W"])

    data = program_problem(made.event)

    day = made.event.days[0].isoformat()
    assert data["days"] == [
        {"id": day, "blocks": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]}
    ]
    assert data["rooms"] == [
        {"id": f"r{rooms['forum'].id}", "capacity": 200, "workshop_room": False, "kind": "stage"},
        {"id": f"r{rooms['saal'].id}", "capacity": 100, "workshop_room": False, "kind": "stage"},
        {"id": f"r{rooms['workzone'].id}", "capacity": 30, "workshop_room": True, "kind": "workshop"},
    ]
    by_id = {c["id"]: c for c in data["contributions"]}
    workshop = by_id[f"c{talks['W'].id}"]
    assert (workshop["kind"], workshop["duration"], workshop["max_participants"], workshop["room_kinds"]) == (
        "workshop", 90, 20, ["workshop"],
    )  # fmt: skip
    assert by_id[f"c{talks['A1'].id}"]["track"] == f"t{talks['A1'].track_id}"
    assert "expected_audience" not in by_id[f"c{talks['A1'].id}"]  # counted from favourites by the planner
    assert sorted(a["id"] for a in data["attendees"]) == ["a1", "a2", "a3"]
    assert sorted(sorted(a["favourites"]) for a in data["attendees"]) == sorted(
        [sorted([f"c{talks['A1'].id}", f"c{talks['B1'].id}", f"c{talks['W'].id}"])]
        + [sorted([f"c{talks['A1'].id}", f"c{talks['B1'].id}"])] * 2
    )
    text = json.dumps(data, ensure_ascii=False)
    assert "@" not in text and "Person" not in text and "Ada" not in text
    assert parse_problem(data).audience[f"c{talks['A1'].id}"] == 3


def test_nobody_chose_it_yet_estimates_from_its_track_and_the_team_overrides(made):
    talks = made.talks
    db.session.add(ContributionPlanning(contribution_id=talks["A2"].id, expected_audience=150))
    db.session.commit()

    by_id = {c["id"]: c for c in program_problem(made.event)["contributions"]}

    assert by_id[f"c{talks['B2'].id}"]["expected_audience"] == 3  # like B1 of its track
    assert by_id[f"c{talks['A2'].id}"]["expected_audience"] == 150
    assert by_id[f"c{talks['W'].id}"]["expected_audience"] == 20  # a workshop's room must hold its seats


def test_placements_pinned_by_hand_or_published_stay_unless_the_team_allows_moving(made):
    talks, event = made.talks, made.event
    db.session.add(ContributionPlanning(contribution_id=talks["A2"].id, is_pinned=True))
    db.session.commit()
    day = event.days[0].isoformat()

    by_hand = program_problem(event)["pinned"]
    program.publish_schedule(event, now=utcnow(), actor=None)
    published = program_problem(event)["pinned"]
    settings = settings_row(made)
    settings.may_move_published = True
    allowed = program_problem(event)["pinned"]

    forum = f"r{made.rooms['forum'].id}"
    assert by_hand == {f"c{talks['A2'].id}": {"room": forum, "day": day, "start": "09:30"}}
    assert set(published) == {f"c{talks[k].id}" for k in ("A1", "B1", "A2")}
    assert allowed == by_hand


def test_a_day_plans_only_what_is_placed_that_day(made):
    data = program_problem(made.event, day=made.event.days[0])

    assert sorted(c["id"] for c in data["contributions"]) == sorted(f"c{made.talks[k].id}" for k in ("A1", "B1", "A2"))


# Proposals


def test_a_program_that_cannot_be_planned_names_the_cause_and_stores_nothing(made):
    made.talks["B2"].duration_minutes = 300
    db.session.commit()

    with pytest.raises(ProblemError) as raised:
        planner.start_proposal(made.event, day=None, seconds=1, user=None, now=utcnow())

    assert (raised.value.code, raised.value.params["contribution"]) == (
        "longer_than_every_block",
        f"c{made.talks['B2'].id}",
    )
    db.session.rollback()
    assert (count(TimetableProposal), count(Job)) == (0, 0)


def test_no_room_big_enough_for_the_expected_audience_is_named(made):
    db.session.add(ContributionPlanning(contribution_id=made.talks["B2"].id, expected_audience=500))
    db.session.commit()

    with pytest.raises(ProblemError) as raised:
        planner.start_proposal(made.event, day=None, seconds=1, user=None, now=utcnow())

    assert (raised.value.code, raised.value.params["largest"]) == ("no_room_big_enough", 200)


def test_a_pinned_placement_across_a_break_is_named(app_ctx):
    made = planner_program(blocks="09:00-09:15, 09:30-12:00, 13:00-17:00")
    db.session.add(ContributionPlanning(contribution_id=made.talks["A1"].id, is_pinned=True))
    db.session.commit()

    with pytest.raises(ProblemError) as raised:
        planner.start_proposal(made.event, day=None, seconds=1, user=None, now=utcnow())

    assert (raised.value.code, raised.value.params) == (
        "pinned_breaks_rule", {"contribution": f"c{made.talks['A1'].id}", "rule": "outside_block"},
    )  # fmt: skip


def solved(made, **kwargs) -> TimetableProposal:
    """Start a proposal and run the worker's step, as `flask worker` does."""
    proposal = planner.start_proposal(made.event, day=None, seconds=2, user=None, now=utcnow(), seed=7, **kwargs)
    db.session.commit()
    job = run_one("test-worker", now=utcnow())
    assert job is not None and job.state == "done", job and job.error
    return db.session.get(TimetableProposal, proposal.id)


def test_the_job_solves_and_stores_a_proposal_that_keeps_every_rule_and_parts_the_clash(made):
    proposal = solved(made)

    problem = parse_problem(proposal.problem)
    timetable = parse_timetable(problem, proposal.timetable)
    assert proposal.state == "ready"
    assert check(problem, timetable) == []
    assert proposal.figures_before["attendee_conflicts"] == 3
    assert proposal.figures_after["attendee_conflicts"] == 0
    assert proposal.figures_after["lost_favourites"] == 0
    assert set(timetable.assignments) == {f"c{c.id}" for c in made.talks.values()}
    assert proposal.search["reason"] in ("done", "time", "trivial")


def test_the_diff_names_moved_and_newly_placed_contributions_with_their_clashes(made):
    proposal = solved(made)

    shown = planner.diff(proposal)

    by_id = {c.problem_id: c for c in shown.changes}
    assert {c.problem_id for c in shown.placed} == {f"c{made.talks['B2'].id}", f"c{made.talks['W'].id}"}
    assert len(shown.moved) + len(shown.placed) + shown.unchanged == 5
    a1 = by_id[f"c{made.talks['A1'].id}"]
    assert (a1.clashes_before, a1.clashes_after) == (3, 0)


def test_applying_places_every_contribution_and_raises_sequences(made):
    proposal = solved(made)
    sequences = {k: c.sequence for k, c in made.talks.items()}

    moves = planner.apply_proposal(proposal, actor=None, now=utcnow())
    db.session.commit()

    assignments = proposal.timetable["assignments"]
    for key, contribution in made.talks.items():
        db.session.refresh(contribution)
        placement = assignments[f"c{contribution.id}"]
        assert f"r{contribution.room_id}" == placement["room"]
        assert made.event.local(contribution.starts_at).strftime("%H:%M") == placement["start"]
        moved = any(m.contribution_id == contribution.id for m in moves)
        assert contribution.sequence == sequences[key] + (1 if moved else 0)
    assert proposal.state == "applied"
    assert [c for c in program.timetable_conflicts(made.event) if c.severity != "warning"] == []


def test_applying_is_refused_when_the_program_changed_since(made):
    proposal = solved(made)
    program.schedule(made.talks["A2"], made.rooms["saal"], at(made.event, 11), actor=None)
    db.session.commit()

    with pytest.raises(PlannerError) as raised:
        planner.apply_proposal(proposal, actor=None, now=utcnow())
    db.session.rollback()

    assert (raised.value.code, raised.value.params) == ("program_changed", {"count": 1})
    db.session.refresh(made.talks["B2"])
    assert made.talks["B2"].starts_at is None
    assert db.session.get(TimetableProposal, proposal.id).state == "ready"


def test_discarding_sets_the_proposal_aside_and_it_cannot_be_applied(made):
    proposal = solved(made)

    planner.discard_proposal(proposal, actor=None, now=utcnow())
    db.session.commit()

    assert proposal.state == "discarded"
    with pytest.raises(PlannerError) as raised:
        planner.apply_proposal(proposal, actor=None, now=utcnow())
    assert raised.value.code == "proposal_not_ready"


def test_a_second_solve_waits_for_the_first(made):
    planner.start_proposal(made.event, day=None, seconds=1, user=None, now=utcnow())
    db.session.commit()

    with pytest.raises(PlannerError) as raised:
        planner.start_proposal(made.event, day=None, seconds=1, user=None, now=utcnow())

    assert raised.value.code == "proposal_running"


# Mails after the program is published


def test_after_publishing_each_person_gets_one_mail_listing_all_their_moved_contributions(app_ctx):
    made = planner_program(publish=True)
    settings = settings_row(made)
    settings.may_move_published = True
    mark(made.tickets[0], made.talks["A2"])
    db.session.commit()
    proposal = solved(made)

    moves = planner.apply_proposal(proposal, actor=None, now=utcnow())
    db.session.commit()

    moved_ids = {m.contribution_id for m in moves}
    mails = list(db.session.scalars(select(OutboxMail).where(OutboxMail.reference.startswith("program_moved:"))))
    wanted = {t.attendee_email for t in made.tickets if moved_ids & marked_ids(t)}
    assert moved_ids, "the proposal moves something"
    assert sorted(m.to_address for m in mails) == sorted(wanted)
    first = next(m for m in mails if m.to_address == made.tickets[0].attendee_email)
    for contribution in made.talks.values():
        if contribution.id in moved_ids & marked_ids(made.tickets[0]):
            assert contribution.title in first.body_text


def marked_ids(ticket) -> set[int]:
    from ticketing.models import AgendaItem

    return set(db.session.scalars(select(AgendaItem.contribution_id).where(AgendaItem.ticket_id == ticket.id)))


def test_before_publishing_nobody_is_mailed(made):
    proposal = solved(made)

    planner.apply_proposal(proposal, actor=None, now=utcnow())
    db.session.commit()

    assert moved_mails() == []


def moved_mails() -> list[OutboxMail]:
    query = select(OutboxMail).where(OutboxMail.reference.startswith("program_moved:")).order_by(OutboxMail.id)
    return list(db.session.scalars(query))


def test_two_moves_of_one_persons_agenda_make_one_mail_naming_both(app_ctx):
    made = planner_program(publish=True)
    talks, event = made.talks, made.event
    seat(made.tickets[1], talks["W"])
    program.schedule(talks["W"], made.rooms["workzone"], at(event, 13), actor=None)
    db.session.commit()
    moves = [Move(talks[k].id, talks[k].room_id, talks[k].starts_at) for k in ("A1", "B1", "W")]
    program.schedule(talks["A1"], made.rooms["forum"], at(event, 10), actor=None)
    program.schedule(talks["B1"], made.rooms["saal"], at(event, 11), actor=None)
    program.schedule(talks["W"], made.rooms["workzone"], at(event, 14), actor=None)

    announce_moves(event, moves)
    db.session.commit()

    mails = moved_mails()
    assert [m.to_address for m in mails] == [t.attendee_email for t in made.tickets]
    second = mails[1].body_text
    assert all(talks[k].title in second for k in ("A1", "B1", "W"))
    assert "Beitrag A1" in mails[0].body_text and "Beitrag W" not in mails[0].body_text
    assert "10:00" in mails[0].body_text and "09:00" in mails[0].body_text
