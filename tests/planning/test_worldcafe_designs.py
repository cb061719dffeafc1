"""The constructions behind zero-repeat plans: finite fields, affine planes, partial spreads, Kirkman, developed
rounds; each checked for what it promises (a field, rounds that partition everyone, no pair twice)."""

from collections import Counter
from itertools import combinations, product

import pytest

from planning.worldcafe.construction.designs import affine_plane, design_rounds, partial_spread
from planning.worldcafe.construction.fields import Field, prime_power
from planning.worldcafe.construction.resolvable import kirkman_15


def most_meetings(rounds: list[list[list[int]]], people: int, size: int) -> int:
    """Asserts every round seats everyone once at tables of `size`; returns how often the most frequent pair meets."""
    meetings: Counter = Counter()
    for blocks in rounds:
        assert sorted(p for block in blocks for p in block) == list(range(people))
        assert {len(block) for block in blocks} == {size}
        for block in blocks:
            meetings.update(combinations(sorted(block), 2))
    return max(meetings.values())


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9])
def test_gf_q_is_a_field(q):
    field = Field(q)
    add, mul, elements = field.add, field.mul, range(q)

    for a, b, c in product(elements, repeat=3):
        assert add[add[a][b]][c] == add[a][add[b][c]]
        assert mul[mul[a][b]][c] == mul[a][mul[b][c]]
        assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]
    for a in elements:
        assert add[a][0] == a and mul[a][1] == a and add[a][field.neg[a]] == 0
        assert a == 0 or sorted(mul[a][b] for b in elements) == list(elements)  # no zero divisors


def test_gf_4_8_9_use_the_expected_irreducible_polynomials():
    assert Field(4).modulus == [1, 1]  # x^2 + x + 1
    assert Field(8).modulus == [1, 0, 1]  # x^3 + x^2 + 1
    assert Field(9).modulus == [1, 0]  # x^2 + 1
    assert (prime_power(9), prime_power(12), prime_power(1)) == ((3, 2), None, None)


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9])
def test_affine_plane_gives_q_plus_one_rounds_without_a_repeat(q):
    rounds = affine_plane(Field(q))

    assert len(rounds) == q + 1
    assert most_meetings(rounds, q * q, q) == 1


def test_partial_spread_of_gf2_to_the_fifth_seats_32_in_fours_for_nine_rounds():
    rounds = partial_spread(Field(2), 5, 2, 9)

    assert len(rounds) == 9
    assert most_meetings(rounds, 32, 4) == 1


def test_kirkman_schoolgirls_walk_seven_days():
    rounds = kirkman_15(7)

    assert len(rounds) == 7
    assert most_meetings(rounds, 15, 3) == 1


@pytest.mark.parametrize(
    ("people", "size", "rounds"),
    [(9, 3, 4), (16, 4, 5), (25, 5, 6), (49, 7, 8), (64, 8, 9), (15, 3, 7), (18, 3, 8), (32, 4, 9), (27, 3, 13)],
)
def test_design_rounds_cover_the_zero_repeat_sizes(people, size, rounds):
    found = design_rounds(people, size, rounds)

    assert len(found) == rounds
    assert most_meetings(found, people, size) == 1


def test_design_rounds_give_what_they_can_when_no_full_design_is_known():
    assert design_rounds(8, 4, 3) == design_rounds(8, 4, 1)  # two planes of GF(2)^3 always share a line
    assert len(design_rounds(8, 4, 3)) == 1
    assert design_rounds(80, 10, 4) == []
