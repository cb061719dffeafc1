"""`check` names each broken hard rule of the format (rules 1-5) with its data, and nothing on a valid plan."""

from dataclasses import replace

from planning.worldcafe import Participant, Plan, Problem, Seat, Table, Violation, check

PEOPLE = tuple(Participant(p) for p in "abcd")
TABLES = (Table("t1", 2, "x"), Table("t2", 2, "y"), Table("t3", 2, None))
CAFE = Problem(rounds=2, participants=PEOPLE, tables=TABLES, balance=1)
GOOD = Plan(({"a": "t1", "b": "t2", "c": "t3", "d": "t1"}, {"a": "t2", "b": "t1", "c": "t1", "d": "t3"}))


def test_a_valid_plan_has_no_violation():
    assert check(CAFE, GOOD) == []


def test_wrong_number_of_rounds_is_reported_alone():
    assert check(CAFE, Plan(GOOD.rounds[:1])) == [Violation("wrong_rounds", {"count": 1, "rounds": 2})]


def test_everyone_needs_a_seat_at_an_existing_table():
    plan = Plan((GOOD.rounds[0], {"a": "t2", "b": "t9", "c": "t1", "zz": "t3"}))

    assert check(CAFE, plan) == [
        Violation("unknown_participant", {"where": "rounds[1]", "id": "zz"}),
        Violation("unknown_table", {"where": "rounds[1].b", "id": "t9"}),
        Violation("unseated", {"round": 2, "participant": "d"}),
    ]


def test_over_capacity_and_unbalanced_tables():
    plan = Plan((GOOD.rounds[0], {"a": "t3", "b": "t3", "c": "t3", "d": "t1"}))

    found = check(CAFE, plan)

    assert Violation("over_capacity", {"round": 2, "table": "t3", "count": 3, "capacity": 2}) in found
    assert Violation("unbalanced", {"round": 2, "largest": 3, "smallest": 0, "balance": 1}) in found


def test_a_topic_visited_twice_is_reported_with_the_mixing_table_exempt():
    plan = Plan(({"a": "t1", "b": "t2", "c": "t3", "d": "t1"}, {"a": "t1", "b": "t3", "c": "t3", "d": "t2"}))

    assert check(CAFE, plan) == [Violation("topic_repeated", {"participant": "a", "topic": "x", "count": 2})]
    assert check(replace(CAFE, distinct_topics=False), plan) == []


def test_apart_together_and_fixed_are_checked_in_planned_rounds():
    problem = replace(CAFE, apart=(("a", "d"),), together=(("b", "c"),), fixed=(Seat("c", 2, "t2"),))

    found = check(problem, GOOD)

    assert [v.code for v in found] == ["apart_broken", "together_broken", "fixed_broken"]
    assert found[0].params == {"round": 1, "first": "a", "second": "d", "table": "t1"}
    assert found[1].params == {"round": 1, "first": "b", "second": "c"}
    assert found[2].params == {"round": 2, "participant": "c", "table": "t2", "actual": "t1"}


def test_held_rounds_must_stay_as_they_were():
    held = ({"a": "t1", "b": "t2", "c": "t3", "gone": "t1"},)  # d came late, "gone" left
    problem = replace(CAFE, held=held)

    assert check(problem, Plan((held[0], GOOD.rounds[1]))) == []
    assert check(problem, GOOD) == [Violation("held_changed", {"round": 1, "participant": "d"})]


def test_repeats_within_held_rounds_alone_are_facts_not_violations():
    held = ({"a": "t1", "b": "t2", "c": "t3", "d": "t1"}, {"a": "t1", "b": "t3", "c": "t2", "d": "t3"})
    problem = replace(CAFE, rounds=3, held=held, tables=TABLES + (Table("t4", 2, "z"),))
    plan = Plan((*held, {"a": "t4", "b": "t1", "c": "t3", "d": "t2"}))

    assert check(problem, plan) == []
    assert Violation("held_changed", {"round": 1, "participant": "a"}).message == (
        "Round 1 was held, but the plan seats 'a' differently."
    )
