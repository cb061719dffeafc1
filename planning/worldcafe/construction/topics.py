"""A start for topical cafés: first everyone's topics, then the round of each topic.

When every table has a topic and nobody may visit one twice, each round is a perfect assignment of people to
topics, and a person's preference points depend only on *which* topics they get. So the topics are chosen first,
as a transportation problem (people need one topic per round, topics have the seats of their tables over all
rounds) solved by prices: everyone takes their best topics net of price, over-asked topics get dearer, and what is
still over-full at the end goes to the cheapest free alternative. Then round by round everyone gets one of their
remaining topics with each topic exactly as full as its tables, found greedily and completed by augmenting paths.
"""

import random

from planning.worldcafe.search.compiled import Model

PRICE_STEPS = 60  # rounds of price adjustment; the repair after them makes the choice feasible anyway


def topical(model: Model) -> bool:
    """Whether this start applies: all tables topical, distinct topics, preferences, nothing held or fixed."""
    problem = model.problem
    return (
        bool(model.topics)
        and problem.distinct_topics
        and min(model.topic_of) >= 0
        and model.possible > 0
        and model.weights[1] > 0
        and not model.held
        and not model.fixed
        and all(len(u) == 1 for u in model.units)
        and len(model.topics) >= model.rounds
    )


def topic_rounds(model: Model, rng: random.Random) -> list[list[int]] | None:
    """Per round, the topic of each participant; None if the rounds could not be filled exactly."""
    seats = [[0] * len(model.topics) for _ in range(model.rounds)]
    for r in range(model.rounds):
        for t, size in enumerate(model.targets(r)):
            seats[r][model.topic_of[t]] += size
    totals = [sum(row[d] for row in seats) for d in range(len(model.topics))]
    chosen = _choose(model, totals, rng)
    if chosen is None:
        return None
    rounds = []
    for r in range(model.rounds):
        row = _one_round(chosen, seats[r], rng)
        if row is None:
            return None
        for p, d in enumerate(row):
            chosen[p].remove(d)
        rounds.append(row)
    return rounds


def _choose(model: Model, totals: list[int], rng: random.Random) -> list[list[int]] | None:
    """Each person's topics (one per round): best net of prices, then repaired to fit the totals exactly."""
    topics, rounds = len(totals), model.rounds
    noise = [[rng.random() * 0.01 for _ in range(topics)] for _ in range(model.n)]  # breaks ties at random
    prices = [0.0] * topics
    step = max(1.0, max(max(row) for row in model.points))
    for _ in range(PRICE_STEPS):
        chosen = [_best(model.points[p], noise[p], prices, rounds) for p in range(model.n)]
        load = [0] * topics
        for picks in chosen:
            for d in picks:
                load[d] += 1
        if load == totals:
            return chosen
        for d in range(topics):
            prices[d] += step * ((load[d] > totals[d]) - (load[d] < totals[d]))
        step *= 0.9
    return _repair(model, chosen, load, totals)


def _best(points: list[int], noise: list[float], prices: list[float], count: int) -> list[int]:
    order = sorted(range(len(points)), key=lambda d: points[d] + noise[d] - prices[d], reverse=True)
    return order[:count]


def _repair(model: Model, chosen: list[list[int]], load: list[int], totals: list[int]) -> list[list[int]] | None:
    """Move people from over-full topics to under-full ones, always the move that loses fewest points."""
    while True:
        over = [d for d in range(len(totals)) if load[d] > totals[d]]
        under = [d for d in range(len(totals)) if load[d] < totals[d]]
        if not over:
            return chosen
        moves = [
            (model.points[p][d] - model.points[p][u], p, d, u)
            for p, picks in enumerate(chosen)
            for d in picks
            if d in over
            for u in under
            if u not in picks
        ]
        if not moves:
            return None
        _, p, d, u = min(moves)
        chosen[p][chosen[p].index(d)] = u
        load[d] -= 1
        load[u] += 1


def _one_round(chosen: list[list[int]], seats: list[int], rng: random.Random) -> list[int] | None:
    """One topic from each person's remaining ones, topic d taken by exactly seats[d] people."""
    people = list(range(len(chosen)))
    rng.shuffle(people)
    people.sort(key=lambda p: len(chosen[p]))  # the least choice first
    topic = [-1] * len(chosen)
    holders: list[list[int]] = [[] for _ in seats]
    for p in people:
        free = [d for d in chosen[p] if len(holders[d]) < seats[d]]
        if free:
            d = max(free, key=lambda d: seats[d] - len(holders[d]))
            topic[p] = d
            holders[d].append(p)
        elif not _augment(p, chosen, seats, topic, holders):
            return None
    return topic


def _augment(p: int, chosen: list[list[int]], seats: list[int], topic: list[int], holders: list[list[int]]) -> bool:
    """Seat p by a chain of moves: p takes topic d, someone at d moves to another of theirs, … until a free seat."""
    reached = {d: (p, -1) for d in chosen[p]}  # topic -> (person who would take it, topic they come from)
    queue = list(chosen[p])
    while queue:
        d = queue.pop(0)
        if len(holders[d]) < seats[d]:
            while d != -1:  # walk the chain back, moving each person one step
                person, came = reached[d]
                if came != -1:
                    holders[came].remove(person)
                holders[d].append(person)
                topic[person] = d
                d = came
            return True
        for other in holders[d]:
            for e in chosen[other]:
                if e not in reached:
                    reached[e] = (other, d)
                    queue.append(e)
    return False
