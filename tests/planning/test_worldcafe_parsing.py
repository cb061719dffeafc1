"""Reading the exchange format: every refusal has its code and names its cause; good data round-trips."""

import json
from pathlib import Path

import pytest

from planning.worldcafe import (
    MESSAGES,
    Participant,
    Problem,
    ProblemError,
    Table,
    parse_plan,
    parse_problem,
    plan_to_json,
    problem_to_json,
    solve,
)
from planning.worldcafe import messages as messages_module
from planning.worldcafe.instances import cafe80

ROOT = Path(__file__).resolve().parents[2]


def cafe(**extra) -> dict:
    """Four people, two topic tables and one mixing table, two rounds; `extra` keys replace or add."""
    data = {
        "name": "test",
        "rounds": 2,
        "participants": [
            {"id": "a", "group": "g1", "prefs": ["x", "y"]},
            {"id": "b", "group": "g1", "prefs": ["y"]},
            {"id": "c", "group": "g2"},
            {"id": "d", "prefs": ["x"]},
        ],
        "tables": [
            {"id": "t1", "topic": "x", "capacity": 2},
            {"id": "t2", "topic": "y", "capacity": 2},
            {"id": "t3", "topic": None, "capacity": 2},
        ],
    }
    data.update(extra)
    return data


def refused(data: dict) -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        parse_problem(data)
    return caught.value


def test_parse_problem_reads_defaults_and_ignores_unknown_keys():
    problem = parse_problem(cafe(colour="blue"))

    assert problem.rounds == 2
    assert problem.participants[2] == Participant("c", "g2", ())
    assert problem.tables[2] == Table("t3", 2, None)
    assert (problem.balance, problem.distinct_topics) == (1, True)
    assert (problem.weights.coincidence, problem.weights.preference, problem.weights.diversity) == (1.0, 1.0, 5.0)
    assert problem.weights.moves == 0.0
    assert (problem.apart, problem.together, problem.fixed, problem.held, problem.previous) == ((), (), (), (), None)


def test_problem_round_trips_through_json():
    data = cafe(
        apart=[["a", "c"]],
        together=[["b", "d"]],
        fixed=[{"participant": "a", "round": 2, "table": "t3"}],
        held=[{"a": "t1", "b": "t2", "d": "t2", "gone": "t3"}],
        previous={"rounds": [{"a": "t1"}, {"a": "t3"}]},
        weights={"moves": 2},
    )
    problem = parse_problem(data)

    again = parse_problem(json.loads(json.dumps(problem_to_json(problem))))

    assert again == problem
    assert problem.held[0]["gone"] == "t3"  # people who left stay in the held round as it happened


def test_plan_to_json_writes_rounds_figures_and_seed():
    problem = cafe80()
    result = solve(problem, seconds=5, seed=3, work=2_000)

    data = plan_to_json(result.plan, result.figures, result.seed)

    assert list(data) == ["rounds", "figures", "seed"]
    assert data["seed"] == 3
    assert parse_plan(problem, json.loads(json.dumps(data))) == result.plan
    assert plan_to_json(result.plan) == {"rounds": [dict(r) for r in result.plan.rounds]}


def test_the_format_documents_example_reads_once_its_rounds_fit_its_two_topics():
    text = (ROOT / "docs" / "formats" / "worldcafe.md").read_text()
    example = json.loads(text.split("```json\n")[1].split("```")[0])

    assert refused(example).code == "too_few_topics"  # the excerpt shows two of its tables for four rounds
    problem = parse_problem({**example, "rounds": 2})

    assert [p.id for p in problem.participants] == ["p00", "p01"]
    assert problem.tables[0].topic_title == "Nachhaltige Mobilität"


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        ({"participants": [], "tables": []}, "missing_key", {"key": "rounds", "where": "the problem"}),
        (
            cafe(rounds=0),
            "malformed",
            {"key": "rounds", "where": "the problem", "expected": "an integer of at least 1"},
        ),
        (
            cafe(rounds=True),
            "malformed",
            {"key": "rounds", "where": "the problem", "expected": "an integer of at least 1"},
        ),
        (cafe(tables=[{"id": "t1", "topic": "x"}]), "missing_key", {"key": "capacity", "where": "tables[0]"}),
        (cafe(participants=[{"id": "a"}, {"id": "a"}]), "duplicate_id", {"kind": "participant", "id": "a"}),
        (
            cafe(tables=[{"id": "t", "capacity": 5}, {"id": "t", "capacity": 5}]),
            "duplicate_id",
            {"kind": "table", "id": "t"},
        ),
        (cafe(apart=[["a", "zz"]]), "unknown_participant", {"where": "apart[0]", "id": "zz"}),
        (
            cafe(fixed=[{"participant": "a", "round": 1, "table": "tx"}]),
            "unknown_table",
            {"where": "fixed[0]", "id": "tx"},
        ),
        (cafe(held=[{"a": "nowhere"}]), "unknown_table", {"where": "held[0].a", "id": "nowhere"}),
        (cafe(participants=[{"id": "a", "prefs": ["x", "x"]}]), "duplicate_id", {"kind": "topic", "id": "x"}),
        (
            cafe(weights={"diversity": -1}),
            "malformed",
            {"key": "diversity", "where": "weights", "expected": "a number of at least 0"},
        ),
    ],
)
def test_parse_problem_refuses_bad_shapes_with_their_code(data, code, params):
    error = refused(data)

    assert (error.code, error.params) == (code, params)


def test_prefs_naming_a_topic_without_table_are_kept():
    problem = parse_problem(cafe(participants=[{"id": "a", "prefs": ["gone", "x"]}]))

    assert problem.participants[0].prefs == ("gone", "x")


def test_too_many_participants_names_the_counts():
    error = refused(cafe(tables=[{"id": "t1", "capacity": 3}]))

    assert (error.code, error.params) == ("too_many_participants", {"participants": 4, "seats": 3})
    assert str(error) == "There are 4 participants but only 3 seats."


def test_balance_impossible_when_small_tables_cannot_keep_up():
    tables = [{"id": "small", "capacity": 1}, {"id": "large", "capacity": 5}]

    error = refused(cafe(tables=tables, participants=[{"id": f"p{i}"} for i in range(6)]))

    assert (error.code, error.params) == ("balance_impossible", {"participants": 6, "balance": 1})


def test_too_few_topics_without_mixing_tables():
    tables = [{"id": "t1", "topic": "x", "capacity": 2}, {"id": "t2", "topic": "y", "capacity": 2}]

    error = refused(cafe(rounds=3, tables=tables))

    assert error.code == "too_few_topics"
    assert error.params == {"participant": "a", "rounds": 3, "topics": 2, "mixing_seats": 0}


def test_mixing_tables_make_more_rounds_than_topics_possible():
    tables = [
        {"id": "t1", "topic": "x", "capacity": 2},
        {"id": "t2", "topic": "y", "capacity": 2},
        {"id": "t3", "capacity": 4},
    ]

    problem = parse_problem(cafe(rounds=3, tables=tables))

    assert problem.rounds == 3


def test_fixed_seats_that_break_capacity_are_refused():
    fixed = [{"participant": p, "round": 1, "table": "t1"} for p in "abc"]

    error = refused(cafe(fixed=fixed))

    assert (error.code, error.params) == (
        "fixed_breaks_rule",
        {"participant": "c", "round": 1, "table": "t1", "rule": "capacity"},
    )


def test_fixed_seats_that_seat_apart_people_together_are_refused():
    fixed = [{"participant": "a", "round": 2, "table": "t3"}, {"participant": "c", "round": 2, "table": "t3"}]

    error = refused(cafe(fixed=fixed, apart=[["a", "c"]]))

    assert (error.code, error.params["rule"]) == ("fixed_breaks_rule", "apart")


def test_fixed_seat_repeating_a_topic_is_refused():
    fixed = [{"participant": "a", "round": 1, "table": "t1"}, {"participant": "a", "round": 2, "table": "t1"}]

    error = refused(cafe(fixed=fixed))

    assert (error.code, error.params) == (
        "fixed_breaks_rule",
        {"participant": "a", "round": 2, "table": "t1", "rule": "distinct_topics"},
    )


def test_fixed_seat_in_a_held_round_must_match_it():
    error = refused(cafe(held=[{"a": "t2"}], fixed=[{"participant": "a", "round": 1, "table": "t1"}]))

    assert (error.code, error.params["rule"]) == ("fixed_breaks_rule", "held")


@pytest.mark.parametrize(
    ("extra", "ids", "reason"),
    [
        ({"together": [["a", "b"]], "apart": [["b", "a"]]}, "b, a", "together_and_apart"),
        (
            {
                "together": [["a", "b"]],
                "fixed": [
                    {"participant": "a", "round": 1, "table": "t1"},
                    {"participant": "b", "round": 1, "table": "t2"},
                ],
            },
            "a, b",
            "together_fixed_apart",
        ),
        ({"together": [["a", "b", "c"]]}, "a, b, c", "together_too_large"),
        ({"apart": [["a", "b", "c", "d"]]}, "a, b, c, d", "apart_too_large"),
    ],
)
def test_contradicting_constraints_name_the_people_and_the_reason(extra, ids, reason):
    error = refused(cafe(**extra))

    assert (error.code, error.params) == ("contradicting_constraints", {"ids": ids, "reason": reason})


def test_together_lists_sharing_a_person_merge_into_one_group():
    error = refused(cafe(together=[["a", "b"], ["b", "c"]]))

    assert (error.code, error.params["reason"]) == ("contradicting_constraints", "together_too_large")


def test_no_plan_found_when_groups_cannot_fill_even_tables():
    people = tuple(Participant(p) for p in "abcdef")
    problem = Problem(
        rounds=1,
        participants=people,
        tables=(Table("t1", 3), Table("t2", 3)),
        balance=0,
        together=(("a", "b"), ("c", "d"), ("e", "f")),
    )

    with pytest.raises(ProblemError) as caught:
        solve(problem, seconds=1, seed=1)

    assert caught.value.code == "no_plan_found"


def test_parse_plan_checks_rounds_people_and_tables():
    problem = parse_problem(cafe(held=[{"a": "t1", "gone": "t2"}]))
    good = {"rounds": [{"a": "t1", "gone": "t2"}, {"a": "t2", "b": "t1", "c": "t3", "d": "t3"}]}

    assert parse_plan(problem, good).rounds[0] == {"a": "t1", "gone": "t2"}
    for data, code, params in [
        ({}, "missing_key", {"key": "rounds", "where": "the plan"}),
        ({"rounds": [{}]}, "malformed", {"key": "rounds", "where": "the plan", "expected": "2 rounds"}),
        ({"rounds": [{}, {"zz": "t1"}]}, "unknown_participant", {"where": "rounds[1]", "id": "zz"}),
        ({"rounds": [{}, {"a": "t9"}]}, "unknown_table", {"where": "rounds[1].a", "id": "t9"}),
    ]:
        with pytest.raises(ProblemError) as caught:
            parse_plan(problem, data)
        assert (caught.value.code, caught.value.params) == (code, params)


def test_every_code_has_an_english_message_listed_in_the_docstring():
    for code in MESSAGES:
        assert code in messages_module.__doc__
    assert str(ProblemError("duplicate_id", kind="table", id="t1")) == "The table id 't1' appears more than once."
