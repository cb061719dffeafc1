"""World Café services on the session: set-up, participants, choices, rules, the problem, plans, publishing,
locking and re-planning. Every refusal names its code and changes nothing."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.mail.outbox import OutboxMail
from events.program.models import Contribution
from planning.worldcafe import check, parse_plan, parse_problem
from tests.ticketing.worldcafe.helpers import latin_plan, make_cafe, plan_of
from ticketing.checkin.scans import check_in
from ticketing.models import CheckInList, Ticket
from ticketing.worldcafe import setup
from ticketing.worldcafe.attendee import choices
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import CafeChoice, CafeConstraint, CafeTable
from ticketing.worldcafe.plan import constraints, participants, plans
from ticketing.worldcafe.plan.problem import cafe_problem
from ticketing.worldcafe.plan.solving import solve_cafe


@pytest.fixture(autouse=True)
def english(app_ctx):
    """Texts in English (services run outside a request, as in the worker)."""
    with force_locale("en"):
        yield


@pytest.fixture
def made(app_ctx):
    return make_cafe()


def refused(code, action, *args, **kwargs):
    with pytest.raises(WorldCafeError) as caught:
        action(*args, **kwargs)
    db.session.rollback()
    assert caught.value.code == code
    return caught.value


def test_create_cafe_refuses_a_contribution_of_another_format(made):
    talk = Contribution(event_id=made.event_id, title="Vortrag", format="talk")
    db.session.add(talk)
    db.session.commit()

    refused("not_a_world_cafe", setup.create_cafe, talk)

    assert setup.create_cafe(made.cafe.contribution).id == made.cafe_id


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"rounds": 0}, "rounds_out_of_range"),
        ({"rounds": 13}, "rounds_out_of_range"),
        ({"round_minutes": 2}, "minutes_out_of_range"),
        ({"pause_minutes": 61}, "minutes_out_of_range"),
        ({"participation": "everyone"}, "participation_unknown"),
        ({"participation": "ticket_types", "ticket_type_ids": []}, "ticket_types_required"),
        ({"participation": "ticket_types", "ticket_type_ids": [999999]}, "ticket_types_required"),
    ],
)
def test_save_setup_refuses_bad_values_and_changes_nothing(made, values, code):
    good = dict(rounds=4, round_minutes=20, pause_minutes=5, choice_deadline=None, participation="all")

    refused(code, setup.save_setup, made.cafe, **(good | values))

    assert (made.cafe.rounds, made.cafe.participation) == (3, "all")


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"title": "  "}, "title_required"),
        ({"topic_key": "Groß"}, "topic_key_invalid"),
        ({"topic_key": "mobility"}, "topic_key_taken"),
        ({"seats": 0}, "seats_out_of_range"),
    ],
)
def test_save_table_refuses_bad_values(made, values, code):
    good = dict(title="Kultur und Freizeit", topic_key="culture", seats=4)

    refused(code, setup.save_table, made.cafe, **(good | values))

    assert db.session.scalar(select(func.count()).select_from(CafeTable)) == 3


def test_delete_table_refuses_a_table_seated_in_a_plan(made):
    plans.store_draft(made.cafe, latin_plan(made))
    db.session.commit()

    refused("table_in_plan", setup.delete_table, db.session.get(CafeTable, made.table_ids[0]))

    assert len(made.cafe.tables) == 3


def test_participants_are_valid_tickets_by_rule(made):
    made.ticket(0).state = "cancelled"
    made.ticket(1).is_complimentary = True
    db.session.commit()

    everyone = [t.id for t in participants.participants(made.cafe)]
    setup.save_setup(made.cafe, rounds=3, round_minutes=20, pause_minutes=5, choice_deadline=None,
                     participation="opt_in")  # fmt: skip
    participants.set_opt_in(made.cafe, made.ticket(5), True, now=utcnow())

    assert everyone == made.ticket_ids[2:]
    assert [t.id for t in participants.participants(made.cafe)] == [made.ticket_ids[5]]


def test_opt_in_is_refused_after_the_deadline_and_where_nobody_opts_in(made):
    refused("not_participant", participants.set_opt_in, made.cafe, made.ticket(0), True, now=utcnow())
    made.cafe.participation, made.cafe.choice_deadline = "opt_in", utcnow() - timedelta(minutes=1)
    db.session.commit()

    refused("deadline_passed", participants.set_opt_in, made.cafe, made.ticket(0), True, now=utcnow())


def test_rank_topics_stores_the_ranking_without_empty_ranks(made):
    choices.rank_topics(made.cafe, made.ticket(0), ["security", "", "mobility"], now=utcnow())
    db.session.commit()

    assert choices.choice_of(made.cafe, made.ticket(0)) == ["security", "mobility"]


@pytest.mark.parametrize(("ranked", "code"), [(["mobility", "mobility"], "topic_twice"), (["energy"], "topic_unknown")])
def test_rank_topics_refuses_bad_rankings(made, ranked, code):
    refused(code, choices.rank_topics, made.cafe, made.ticket(0), ranked, now=utcnow())

    assert choices.choice_of(made.cafe, made.ticket(0)) == ["mobility", "education", "security"]


def test_rank_topics_is_refused_after_the_deadline_and_for_others(made):
    made.cafe.choice_deadline = utcnow() - timedelta(minutes=1)
    made.ticket(1).state = "cancelled"
    db.session.commit()

    refused("deadline_passed", choices.rank_topics, made.cafe, made.ticket(0), ["security"], now=utcnow())
    refused("not_participant", choices.rank_topics, made.cafe, made.ticket(1), ["security"], now=utcnow())

    assert db.session.get(CafeChoice, 1) is None or choices.choice_of(made.cafe, made.ticket(0))[0] == "mobility"


def test_cafe_problem_is_the_exchange_format_with_ticket_and_table_ids(made):
    data = cafe_problem(made.cafe)

    assert data["rounds"] == 3
    assert data["participants"][1] == {
        "id": str(made.ticket_ids[1]), "group": "administration", "prefs": ["education", "security", "mobility"],
    }  # fmt: skip
    assert data["tables"][0] == {
        "id": str(made.table_ids[0]), "topic": "mobility", "topic_title": "Nachhaltige Mobilität", "capacity": 4,
        "host": "Host 0",
    }  # fmt: skip
    assert "held" not in data and "previous" not in data
    assert parse_problem(data).rounds == 3


def test_add_constraint_keeps_people_apart_and_together(made):
    a, b, c = made.ticket_ids[:3]

    constraints.add_constraint(made.cafe, "apart", [a, b])
    constraints.add_constraint(made.cafe, "together", [b, c])
    constraints.add_constraint(made.cafe, "fixed", [a], round_number=2, table_id=made.table_ids[1])
    db.session.commit()

    data = cafe_problem(made.cafe)
    assert data["apart"] == [[str(a), str(b)]]
    assert data["together"] == [[str(b), str(c)]]
    assert data["fixed"] == [{"participant": str(a), "round": 2, "table": str(made.table_ids[1])}]


@pytest.mark.parametrize(
    ("kind", "people", "extra", "code"),
    [
        ("nearby", [0, 1], {}, "constraint_kind_unknown"),
        ("apart", [0], {}, "constraint_needs_two"),
        ("apart", [0, 0], {}, "constraint_needs_two"),
        ("fixed", [0, 1], {"round_number": 1, "table_id": "t0"}, "constraint_needs_one"),
        ("fixed", [0], {"round_number": 4, "table_id": "t0"}, "round_out_of_range"),
        ("fixed", [0], {"round_number": 1, "table_id": 999999}, "table_unknown"),
    ],
)
def test_add_constraint_refuses_malformed_rules(made, kind, people, extra, code):
    extra = {k: (made.table_ids[0] if v == "t0" else v) for k, v in extra.items()}

    refused(code, constraints.add_constraint, made.cafe, kind, [made.ticket_ids[i] for i in people], **extra)

    assert db.session.scalar(select(func.count()).select_from(CafeConstraint)) == 0


def test_add_constraint_refuses_unknown_people(made):
    error = refused("ticket_unknown", constraints.add_constraint, made.cafe, "apart", [made.ticket_ids[0], 999999])

    assert error.field == "ticket_ids"


def test_add_constraint_refuses_a_contradiction_naming_the_people(made):
    a, b = made.ticket_ids[:2]
    constraints.add_constraint(made.cafe, "together", [a, b])
    db.session.commit()

    error = refused("contradicting_constraints", constraints.add_constraint, made.cafe, "apart", [a, b])

    assert "Person 00, Person 01" in str(error)
    assert db.session.scalar(select(func.count()).select_from(CafeConstraint)) == 1


def test_add_constraint_refuses_a_fixed_seat_that_breaks_a_rule(made):
    a, b = made.ticket_ids[:2]
    constraints.add_constraint(made.cafe, "apart", [a, b])
    constraints.add_constraint(made.cafe, "fixed", [a], round_number=1, table_id=made.table_ids[0])
    db.session.commit()

    error = refused("fixed_breaks_rule", constraints.add_constraint, made.cafe, "fixed", [b], round_number=1,
                    table_id=made.table_ids[0])  # fmt: skip

    assert (error.params["participant"], error.params["rule"]) == ("Person 01", "apart")


def test_remove_constraint_drops_it(made):
    rule = constraints.add_constraint(made.cafe, "apart", made.ticket_ids[:2])
    db.session.commit()

    constraints.remove_constraint(rule)
    db.session.commit()

    assert "apart" not in cafe_problem(made.cafe)


def test_store_draft_keeps_the_plan_with_its_figures(made):
    draft = plans.store_draft(made.cafe, latin_plan(made), seed=7)
    db.session.commit()

    assessment = plans.assess(made.cafe, draft)
    assert assessment.violations == []
    assert draft.figures["pair_coincidences"] == assessment.figures["pair_coincidences"]
    assert assessment.lower_bound == 9
    assert (draft.state, draft.seed) == ("draft", 7)


def test_move_seat_shows_the_rules_the_draft_now_breaks(made):
    plans.store_draft(made.cafe, latin_plan(made))
    db.session.commit()
    person = made.ticket_ids[0]  # round 1 at table 0

    assessment = plans.move_seat(made.cafe, 1, person, made.table_ids[1])
    db.session.commit()

    assert plan_of(made, "draft").table_of(person, 0) == made.table_ids[1]
    assert assessment.violations == [
        "Round 1: Table 2 – Bildung holds 5 people but has 4 seats.",
        "Round 1: the largest table holds 5 and the smallest 3 people.",
        "Person 00 visits the topic education 2 times.",
    ]


@pytest.mark.parametrize(
    ("where", "code"),
    [((4, 0, 0), "round_out_of_range"), ((1, None, 0), "ticket_unknown"), ((1, 0, None), "table_unknown")],
)
def test_move_seat_refuses_unknown_rounds_people_and_tables(made, where, code):
    plans.store_draft(made.cafe, latin_plan(made))
    db.session.commit()
    round_number, person, table = where

    refused(code, plans.move_seat, made.cafe, round_number, made.ticket_ids[person] if person is not None else 999999,
            made.table_ids[table] if table is not None else 999999)  # fmt: skip

    assert plan_of(made, "draft").seats == latin_plan(made)


def test_move_seat_needs_a_plan(made):
    refused("no_draft", plans.move_seat, made.cafe, 1, made.ticket_ids[0], made.table_ids[0])


def test_publish_refuses_a_draft_that_breaks_a_rule(made):
    plans.store_draft(made.cafe, latin_plan(made))
    plans.move_seat(made.cafe, 1, made.ticket_ids[0], made.table_ids[1])
    db.session.commit()

    refused("plan_invalid", plans.publish, made.cafe, now=utcnow())

    assert plan_of(made, "published") is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_publish_makes_the_draft_public_and_mails_each_participant(made):
    refused("no_draft", plans.publish, made.cafe, now=utcnow())
    plans.store_draft(made.cafe, latin_plan(made))
    db.session.commit()

    plans.publish(made.cafe, now=utcnow())
    db.session.commit()

    assert plan_of(made, "draft") is None
    assert plan_of(made, "published").seats == latin_plan(made)
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert len(mails) == 12
    assert mails[0].to_address == "person0@example.org"
    assert "Runde 1, 13:30: Tisch 1 – Nachhaltige Mobilität" in mails[0].body_text
    assert "Runde 2, 13:55: Tisch 2 – Bildung" in mails[0].body_text


def test_a_move_after_publishing_edits_a_copy_until_it_is_published(made):
    plans.store_draft(made.cafe, latin_plan(made))
    plans.publish(made.cafe, now=utcnow())
    db.session.commit()

    plans.move_seat(made.cafe, 2, made.ticket_ids[0], made.table_ids[0])
    db.session.commit()

    assert plan_of(made, "published").seats == latin_plan(made)
    assert plan_of(made, "draft").table_of(made.ticket_ids[0], 1) == made.table_ids[0]


def test_lock_rounds_needs_a_published_plan_and_a_round_count_of_the_cafe(made):
    refused("no_published_plan", plans.lock_rounds, made.cafe, 1)
    plans.store_draft(made.cafe, latin_plan(made))
    plans.publish(made.cafe, now=utcnow())
    db.session.commit()
    refused("locked_out_of_range", plans.lock_rounds, made.cafe, 4)

    plans.lock_rounds(made.cafe, 1)
    db.session.commit()

    assert made.cafe.locked_rounds == 1
    refused("round_locked", plans.move_seat, made.cafe, 1, made.ticket_ids[0], made.table_ids[1])


def test_import_plan_takes_a_valid_file_as_the_draft(made):
    plans.import_plan(made.cafe, {"rounds": latin_plan(made), "seed": 3})
    db.session.commit()

    assert plan_of(made, "draft").seats == latin_plan(made)
    assert plan_of(made, "draft").seed == 3


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"rounds": []}, "malformed"),
        ({}, "missing_key"),
        ("rounds", "malformed"),
    ],
)
def test_import_plan_refuses_malformed_files(made, data, code):
    refused(code, plans.import_plan, made.cafe, data)

    assert plan_of(made, "draft") is None


def test_import_plan_refuses_a_plan_that_breaks_rules_naming_them(made):
    rounds = latin_plan(made)
    rounds[0][str(made.ticket_ids[0])] = str(made.table_ids[1])

    error = refused("plan_breaks_rules", plans.import_plan, made.cafe, {"rounds": rounds})

    assert "Round 1: the largest table holds 5 and the smallest 3 people." in str(error)
    assert plan_of(made, "draft") is None


def test_solve_cafe_stores_a_plan_that_keeps_every_rule(made):
    draft = solve_cafe(made.cafe, seconds=1, seed=5)
    db.session.commit()

    problem = parse_problem(cafe_problem(made.cafe))
    assert check(problem, parse_plan(problem, {"rounds": draft.seats})) == []
    assert draft.figures["first_choice_share"] == 1.0


def test_solve_cafe_refuses_a_cafe_without_participants_or_tables(app_ctx):
    empty = make_cafe(people=0)

    refused("no_participants", solve_cafe, empty.cafe, seconds=1)


def test_solve_cafe_refuses_more_people_than_seats(app_ctx):
    crowded = make_cafe(people=13)

    error = refused("too_many_participants", solve_cafe, crowded.cafe, seconds=1)

    assert str(error) == "There are 13 participants but only 12 seats."


def checked_in(made, indexes, walk_ins=()):
    gate = CheckInList(event_id=made.event_id, name="Eingang")
    db.session.add(gate)
    db.session.flush()
    now = utcnow()
    tickets = [made.ticket(i) for i in indexes] + list(walk_ins)
    for n, ticket in enumerate(tickets):
        check_in(gate, ticket, client_id=f"c{n}", gate="A", scanned_at=now, now=now, user=None)
    db.session.commit()


def test_replan_keeps_held_rounds_drops_no_shows_seats_walk_ins_and_lists_moves(made):
    plans.store_draft(made.cafe, latin_plan(made))
    plans.publish(made.cafe, now=utcnow())
    plans.lock_rounds(made.cafe, 1)
    walk_in = Ticket(event_id=made.event_id, ticket_type_id=made.ticket(0).ticket_type_id, attendee_name="Walk In",
                     state="valid", stakeholder_group="science")  # fmt: skip
    db.session.add(walk_in)
    db.session.commit()
    checked_in(made, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [walk_in])  # 10 and 11 did not come

    draft = solve_cafe(made.cafe, seconds=1, seed=1, from_checkins=True)
    db.session.commit()

    assert draft.seats[0] == latin_plan(made)[0]
    later = draft.seats[1]
    assert set(later) == {str(i) for i in made.ticket_ids[:10]} | {str(walk_in.id)}
    assert plans.assess(made.cafe, draft).violations == []
    assert draft.figures["moved"] == len(draft.moves)
    assert all(move["round"] in (2, 3) for move in draft.moves)
