"""`check`: the hard rules 1–5 of the format, each broken one reported as a Violation with its data.

Held rounds are facts: they must equal `held`, and their visits count for distinct topics, but their sizes and the
constraints are not checked again there.
"""

from collections import Counter, defaultdict

from planning.worldcafe.messages import Violation
from planning.worldcafe.model import Plan, Problem


def check(problem: Problem, plan: Plan) -> list[Violation]:
    """Every broken hard rule of `plan`; an empty list means the plan is valid."""
    if len(plan.rounds) != problem.rounds:
        return [Violation("wrong_rounds", {"count": len(plan.rounds), "rounds": problem.rounds})]
    found: list[Violation] = []
    for r, seats in enumerate(plan.rounds):
        if r < len(problem.held):
            found += _held(r, seats, problem.held[r])
        else:
            found += _seating(problem, r, seats) + _sizes(problem, r, seats) + _constraints(problem, r, seats)
    return found + _topics(problem, plan)


def _held(r: int, seats: dict, held: dict) -> list[Violation]:
    changed = sorted(pid for pid in held.keys() | seats.keys() if held.get(pid) != seats.get(pid))
    return [Violation("held_changed", {"round": r + 1, "participant": changed[0]})] if changed else []


def _seating(problem: Problem, r: int, seats: dict) -> list[Violation]:
    """Rule 1: everyone at exactly one existing table, nobody else."""
    people = {p.id for p in problem.participants}
    tables = {t.id for t in problem.tables}
    found = [
        Violation("unknown_participant", {"where": f"rounds[{r}]", "id": pid}) for pid in seats if pid not in people
    ]
    found += [
        Violation("unknown_table", {"where": f"rounds[{r}].{pid}", "id": tid})
        for pid, tid in seats.items()
        if tid not in tables
    ]
    found += [
        Violation("unseated", {"round": r + 1, "participant": p.id}) for p in problem.participants if p.id not in seats
    ]
    return found


def _sizes(problem: Problem, r: int, seats: dict) -> list[Violation]:
    """Rules 2 and 3: capacity and balance, empty tables counting as size 0."""
    count = Counter(seats.values())
    found = [
        Violation("over_capacity", {"round": r + 1, "table": t.id, "count": count[t.id], "capacity": t.capacity})
        for t in problem.tables
        if count[t.id] > t.capacity
    ]
    sizes = [count[t.id] for t in problem.tables]
    if max(sizes) - min(sizes) > problem.balance:
        found.append(
            Violation(
                "unbalanced",
                {"round": r + 1, "largest": max(sizes), "smallest": min(sizes), "balance": problem.balance},
            )
        )
    return found


def _constraints(problem: Problem, r: int, seats: dict) -> list[Violation]:
    """Rule 5 in a planned round: apart, together and fixed."""
    found = []
    for ids in problem.apart:
        by_table = defaultdict(list)
        for pid in ids:
            if pid in seats:
                by_table[seats[pid]].append(pid)
        for tid, there in by_table.items():
            found += [
                Violation("apart_broken", {"round": r + 1, "first": there[0], "second": other, "table": tid})
                for other in there[1:]
            ]
    for ids in problem.together:
        first = ids[0]
        found += [
            Violation("together_broken", {"round": r + 1, "first": first, "second": other})
            for other in ids[1:]
            if first in seats and other in seats and seats[first] != seats[other]
        ]
    for seat in problem.fixed:
        actual = seats.get(seat.participant)
        if seat.round == r + 1 and actual != seat.table:
            found.append(
                Violation(
                    "fixed_broken",
                    {"round": r + 1, "participant": seat.participant, "table": seat.table, "actual": actual},
                )
            )
    return found


def _topics(problem: Problem, plan: Plan) -> list[Violation]:
    """Rule 4: nobody visits a topic twice; repeats inside the held rounds alone are facts, not violations."""
    if not problem.distinct_topics:
        return []
    topic = {t.id: t.topic for t in problem.tables}
    held = len(problem.held)
    found = []
    for person in problem.participants:
        visits = Counter(topic.get(r.get(person.id)) for r in plan.rounds)
        in_held = Counter(topic.get(r.get(person.id)) for r in plan.rounds[:held])
        for subject, count in visits.items():
            if subject is not None and count > max(1, in_held[subject]):
                found.append(Violation("topic_repeated", {"participant": person.id, "topic": subject, "count": count}))
    return found
