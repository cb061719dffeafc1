"""Seeded test and benchmark cafés: Social Golfer sizes, the 80-person regional café, a 400-person one, and the
re-plan after no-shows and walk-ins. Generated here, never stored, so tests and the bench share them.
"""

import random
from dataclasses import replace

from planning.worldcafe.model import Participant, Plan, Problem, Table

TOPICS = ["mobility", "energy", "health", "housing", "education", "digital", "climate", "culture", "water", "work"]
GROUPS = ["administration", "business", "science", "civil_society", "politics", "media", "youth", "health_care"]


def sgp(tables: int, size: int, rounds: int) -> Problem:
    """A plain Social Golfer café: tables*size people, tables without topic, nothing but coincidences."""
    people = tuple(Participant(f"p{i:03d}") for i in range(tables * size))
    return Problem(
        name=f"sgp {tables}x{size}x{rounds}",
        rounds=rounds,
        participants=people,
        tables=tuple(Table(f"t{t}", size) for t in range(tables)),
    )


def cafe(
    seed: int, group_sizes: list[int], topics: int, tables_per_topic: int, capacity: int, rounds: int, name: str
) -> Problem:
    """A topical café: groups of the given sizes, each person ranking 5 topics with skewed popularity."""
    rng = random.Random(seed)
    subjects = TOPICS[:topics]
    tables = tuple(
        Table(f"t{i}", capacity, subjects[i % topics], subjects[i % topics].title(), f"h{i}")
        for i in range(topics * tables_per_topic)
    )
    people = []
    for g, count in enumerate(group_sizes):
        for _ in range(count):
            people.append(Participant(f"p{len(people):03d}", GROUPS[g % len(GROUPS)], ranked(rng, subjects, 5)))
    rng.shuffle(people)
    return Problem(name=name, rounds=rounds, participants=tuple(people), tables=tables)


def ranked(rng: random.Random, subjects: list[str], count: int) -> tuple[str, ...]:
    """`count` topics in order of wish; earlier topics are more popular (weight 1/(i+1)^0.7), drawn without
    replacement by the Efraimidis-Spirakis keys."""
    keys = [(rng.random() ** ((i + 1) ** 0.7), topic) for i, topic in enumerate(subjects)]
    return tuple(topic for _, topic in sorted(keys, reverse=True)[:count])


def cafe80(seed: int = 1) -> Problem:
    """80 people in 5 groups (24/20/16/12/8), 8 tables of 10 each with its own topic, 4 rounds."""
    return cafe(seed, [24, 20, 16, 12, 8], 8, 1, 10, 4, "cafe80")


def scale400(seed: int = 1) -> Problem:
    """400 people in 8 groups, 40 tables of 10 (10 topics at 4 tables each), 4 rounds."""
    return cafe(seed, [80, 70, 60, 50, 50, 40, 30, 20], 10, 4, 10, 4, "scale400")


def replan(problem: Problem, published: Plan, seed: int, leave: int = 8, join: int = 5) -> Problem:
    """Before round 2 `leave` people do not come back and `join` walk-ins arrive: plan rounds 2.. again,
    round 1 held as it happened, the published plan as `previous` so few seats change."""
    rng = random.Random(seed)
    gone = set(rng.sample([p.id for p in problem.participants], leave))
    subjects = sorted({t.topic for t in problem.tables if t.topic is not None})
    groups = sorted({p.group for p in problem.participants if p.group is not None})
    walk_ins = [Participant(f"w{i:02d}", rng.choice(groups), ranked(rng, subjects, 5)) for i in range(join)]
    stayed = tuple(p for p in problem.participants if p.id not in gone)
    first = {pid: tid for pid, tid in published.rounds[0].items() if pid not in gone}
    return replace(
        problem,
        name=f"{problem.name} re-plan",
        participants=stayed + tuple(walk_ins),
        held=(first,),
        previous=published.rounds,
        weights=replace(problem.weights, moves=1.0) if problem.weights.moves == 0 else problem.weights,
    )


def without_previous(problem: Problem) -> Problem:
    """The same café planned afresh: no previous plan to stay close to."""
    return replace(problem, previous=None, weights=replace(problem.weights, moves=0.0))
