"""The format's measures on small hand-made plans, with the numbers worked out by hand, and the lower bound."""

from dataclasses import replace

from planning.worldcafe import Participant, Plan, Problem, Table, Weights, lower_bound, measures
from planning.worldcafe.instances import cafe80, sgp

# a: group g1, wants x then y; b: g1, wants y; c: g2, no wishes; d: no group, wants x.
PEOPLE = (
    Participant("a", "g1", ("x", "y")),
    Participant("b", "g1", ("y",)),
    Participant("c", "g2"),
    Participant("d", None, ("x",)),
)
TABLES = (Table("t1", 2, "x"), Table("t2", 2, "y"), Table("t3", 2, None))
CAFE = Problem(rounds=2, participants=PEOPLE, tables=TABLES, balance=2)
# Round 1: a, b at x; c at y; d at the mixing table. Round 2: a, b at the mixing table; c, d at x.
PLAN = Plan(({"a": "t1", "b": "t1", "c": "t2", "d": "t3"}, {"a": "t3", "b": "t3", "c": "t1", "d": "t1"}))


def test_measures_of_a_hand_made_plan():
    figures = measures(CAFE, PLAN)

    assert figures == {
        "pair_coincidences": 1,  # a and b meet twice
        "repeat_pairs": 1,
        "max_meetings": 2,
        "pref_score": 3 / 5,  # a earns 2 of 3 (x, not y), b 0 of 1, d 1 of 1; c has no wishes
        "first_choice_share": 2 / 3,  # a and d visit their first choice, b does not
        "diversity_deficit": 2,  # a and b (both g1) sit together twice where two groups could
        "penalty": 13,  # 1 * 1 + 1 * (5 - 3) + 5 * 2
    }


def test_moved_counts_changed_seats_against_previous():
    previous = (
        {"a": "t1", "b": "t1", "c": "t2", "d": "t3"},
        {"a": "t1", "b": "t3", "c": "t1", "d": "t2", "gone": "t1"},
    )
    problem = replace(CAFE, previous=previous, weights=Weights(moves=0.5))

    figures = measures(problem, PLAN)

    assert figures["moved"] == 2  # a and d sit elsewhere in round 2
    assert figures["penalty"] == 14  # 13 + 0.5 * 2


def test_held_rounds_count_but_ignore_people_who_left_and_late_arrivals_could_attend_less():
    held = ({"a": "t1", "b": "t1", "gone": "t1", "c": "t2"},)  # "gone" left after round 1, d came for round 2
    people = PEOPLE[:3] + (Participant("d", None, ("x", "y")),)
    problem = replace(CAFE, participants=people, held=held)
    plan = Plan((held[0], PLAN.rounds[1]))

    figures = measures(problem, plan)

    assert figures["pair_coincidences"] == 1  # a and b, again; "gone" is nobody's pair
    # d could attend one round, so only their first wish counts as possible (2 points), earned at x:
    # a 2 of 3, b 0 of 1, d 2 of 2
    assert figures["pref_score"] == 4 / 6


def test_no_wishes_means_no_preference_figures():
    problem = sgp(2, 2, 2)
    plan = Plan(({"p000": "t0", "p001": "t0", "p002": "t1", "p003": "t1"},) * 2)

    figures = measures(problem, plan)

    assert (figures["pref_score"], figures["first_choice_share"]) == (None, None)
    assert (figures["pair_coincidences"], figures["repeat_pairs"], figures["penalty"]) == (2, 2, 2)


def test_triple_meetings_count_three_coincidences():
    problem = sgp(1, 3, 3)
    plan = Plan(({"p000": "t0", "p001": "t0", "p002": "t0"},) * 3)

    figures = measures(problem, plan)

    assert (figures["pair_coincidences"], figures["repeat_pairs"], figures["max_meetings"]) == (9, 3, 3)


def test_lower_bound_of_eighty_people_at_eight_tables_of_ten_over_four_rounds_is_96():
    assert lower_bound(cafe80()) == 96


def test_lower_bound_is_zero_when_tables_are_no_larger_than_their_number():
    assert lower_bound(sgp(4, 4, 5)) == 0
    assert lower_bound(sgp(8, 4, 9)) == 0


def test_lower_bound_spreads_five_people_over_two_tables():
    # each table of 5 splits 3 + 2 in any other round: 3 + 1 pairs meet again, 2 tables, 3 pairs of rounds
    assert lower_bound(sgp(2, 5, 3)) == 24
