"""Whether a problem can be planned at all: the checks behind too_many_participants, balance_impossible,
too_few_topics, fixed_breaks_rule and contradicting_constraints. `parse_problem` and `solve` both call `validate`.
"""

from collections import defaultdict

from planning.worldcafe.messages import ProblemError
from planning.worldcafe.model import Problem
from planning.worldcafe.sizes import even_sizes


def validate(problem: Problem) -> None:
    """Raise ProblemError for the first reason the problem cannot be planned; return None if none is found."""
    seats = sum(t.capacity for t in problem.tables)
    if len(problem.participants) > seats:
        raise ProblemError("too_many_participants", participants=len(problem.participants), seats=seats)
    units = together_units([p.id for p in problem.participants], problem.together)
    _check_units(problem, units)
    _check_apart(problem, units)
    _check_fixed(problem, units)
    _check_sizes(problem, units)
    _check_topics(problem)


def together_units(ids: list[str], together) -> list[list[str]]:
    """People who must sit together, merged across lists (A with B and B with C puts all three together)."""
    parent = {pid: pid for pid in ids}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for group in together:
        for pid in group[1:]:
            parent[root(pid)] = root(group[0])
    units = defaultdict(list)
    for pid in ids:
        units[root(pid)].append(pid)
    return list(units.values())


def fixed_tables(problem: Problem, units: list[list[str]]) -> dict[tuple[int, int], str]:
    """(round index, unit index) -> table id for every unit with a fixed seat; contradictions raise."""
    unit_of = {pid: u for u, members in enumerate(units) for pid in members}
    result: dict[tuple[int, int], str] = {}
    for seat in problem.fixed:
        key = (seat.round - 1, unit_of[seat.participant])
        if result.get(key, seat.table) != seat.table:
            others = [s.participant for s in problem.fixed if (s.round - 1, unit_of[s.participant]) == key]
            if len(set(others)) == 1:
                raise ProblemError("fixed_breaks_rule", **_seat(seat), rule="one_table")
            raise ProblemError("contradicting_constraints", ids=", ".join(others), reason="together_fixed_apart")
        result[key] = seat.table
    return result


def _seat(seat) -> dict:
    return {"participant": seat.participant, "round": seat.round, "table": seat.table}


def _check_units(problem: Problem, units: list[list[str]]) -> None:
    largest = max(t.capacity for t in problem.tables)
    for members in units:
        if len(members) > largest:
            raise ProblemError("contradicting_constraints", ids=", ".join(members), reason="together_too_large")


def _check_apart(problem: Problem, units: list[list[str]]) -> None:
    unit_of = {pid: u for u, members in enumerate(units) for pid in members}
    for ids in problem.apart:
        if len(ids) > len(problem.tables):
            raise ProblemError("contradicting_constraints", ids=", ".join(ids), reason="apart_too_large")
        seen: dict[int, str] = {}
        for pid in ids:
            if unit_of[pid] in seen:
                both = f"{seen[unit_of[pid]]}, {pid}"
                raise ProblemError("contradicting_constraints", ids=both, reason="together_and_apart")
            seen[unit_of[pid]] = pid


def _check_fixed(problem: Problem, units: list[list[str]]) -> None:
    """Fixed seats one by one, as given: the seat that first breaks a rule is the one named."""
    fixed_tables(problem, units)
    unit_of = {pid: u for u, members in enumerate(units) for pid in members}
    capacity = {t.id: t.capacity for t in problem.tables}
    mates = {pid: set(ids) - {pid} for ids in problem.apart for pid in ids}
    seated: dict[tuple[int, str], list[str]] = defaultdict(list)
    for seat in problem.fixed:
        r = seat.round - 1
        if r < len(problem.held) and problem.held[r].get(seat.participant) != seat.table:
            raise ProblemError("fixed_breaks_rule", **_seat(seat), rule="held")
        there = seated[r, seat.table]
        if seat.participant not in there:
            there += units[unit_of[seat.participant]]
        if len(there) > capacity[seat.table]:
            raise ProblemError("fixed_breaks_rule", **_seat(seat), rule="capacity")
        if any(other in mates.get(seat.participant, ()) for other in there):
            raise ProblemError("fixed_breaks_rule", **_seat(seat), rule="apart")
    if problem.distinct_topics:
        _check_fixed_topics(problem, {t.id: t.topic for t in problem.tables})


def _check_fixed_topics(problem: Problem, topic: dict[str, str | None]) -> None:
    visits: dict[str, dict[str, int]] = defaultdict(dict)
    for r, seats in enumerate(problem.held):
        for pid, tid in seats.items():
            if topic[tid] is not None:
                visits[pid][topic[tid]] = r
    for seat in sorted(problem.fixed, key=lambda s: s.round):
        subject, r = topic[seat.table], seat.round - 1
        if subject is None or r < len(problem.held):
            continue
        if visits[seat.participant].get(subject, r) != r:
            raise ProblemError("fixed_breaks_rule", **_seat(seat), rule="distinct_topics")
        visits[seat.participant][subject] = r


def _check_sizes(problem: Problem, units: list[list[str]]) -> None:
    """Every round to plan needs table sizes within capacity and balance that hold its fixed seats."""
    fixed = fixed_tables(problem, units)
    capacities = [t.capacity for t in problem.tables]
    index = {t.id: i for i, t in enumerate(problem.tables)}
    for r in range(len(problem.held), problem.rounds):
        lows = [0] * len(capacities)
        for (fr, u), tid in fixed.items():
            if fr == r:
                lows[index[tid]] += len(units[u])
        if even_sizes(len(problem.participants), capacities, lows, problem.balance) is None:
            if any(lows):
                seat = next(s for s in problem.fixed if s.round == r + 1)
                raise ProblemError("fixed_breaks_rule", **_seat(seat), rule="balance")
            raise ProblemError("balance_impossible", participants=len(problem.participants), balance=problem.balance)


def _check_topics(problem: Problem) -> None:
    """With distinct topics, everyone needs a new topic (or a mixing seat) in every round still to plan."""
    if not problem.distinct_topics:
        return
    topic = {t.id: t.topic for t in problem.tables}
    topics = {t for t in topic.values() if t is not None}
    if not topics:
        return
    mixing = sum(t.capacity for t in problem.tables if t.topic is None)
    to_plan = problem.rounds - len(problem.held)
    short, lacking = None, 0
    for person in problem.participants:
        seen = {topic[r[person.id]] for r in problem.held if person.id in r} - {None}
        left = len(topics) - len(seen)
        if to_plan > left:
            short = short or (person.id, left)
            lacking += to_plan - left
    if short and lacking > mixing * to_plan:
        raise ProblemError("too_few_topics", participant=short[0], rounds=to_plan, topics=short[1], mixing_seats=mixing)
