"""The problem in indices: participants, tables, topics and groups as numbers, for the construction and the search.

Participants who must sit together form a *unit*; a unit with a fixed seat in a round, and every held round, is
frozen there. Rounds with index below `held` are held; `tab` rows use -1 for "not there".
"""

from dataclasses import dataclass, replace
from math import comb

from planning.worldcafe.measures import lower_bound
from planning.worldcafe.model import Problem
from planning.worldcafe.sizes import even_sizes, least_repeats
from planning.worldcafe.validation import fixed_tables, together_units


@dataclass
class Model:
    problem: Problem
    ids: list[str]
    table_ids: list[str]
    capacities: list[int]
    topic_of: list[int]  # per table, -1 for a mixing table
    topics: list[str]
    group_of: list[int]  # per participant, -1 for none
    groups: int
    points: list[list[int]]  # per participant and topic
    possible: int  # preference points possible, all participants
    units: list[list[int]]
    unit_of: list[int]
    fixed: dict[tuple[int, int], int]  # (round, unit) -> table
    held_tabs: list[list[int]]
    previous: list[list[int]] | None  # per round and participant, -1 for no previous seat
    mates: list[list[int]]  # apart partners of each participant
    weights: tuple[float, float, float, float]  # coincidence, preference, diversity, moves
    lower: int

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def rounds(self) -> int:
        return self.problem.rounds

    @property
    def held(self) -> int:
        return len(self.held_tabs)

    def targets(self, r: int) -> list[int]:
        """Table sizes for planned round `r`: most even, around the fixed units."""
        lows = [0] * len(self.capacities)
        for (fr, u), t in self.fixed.items():
            if fr == r:
                lows[t] += len(self.units[u])
        sizes = even_sizes(self.n, self.capacities, lows, self.problem.balance)
        assert sizes is not None, "validate() admits only problems with feasible sizes"
        return sizes

    def frozen(self, r: int, u: int) -> bool:
        return r < self.held or (r, u) in self.fixed


def compile_problem(problem: Problem) -> Model:
    """The indexed form of a validated problem."""
    ids = [p.id for p in problem.participants]
    index = {pid: i for i, pid in enumerate(ids)}
    table_index = {t.id: i for i, t in enumerate(problem.tables)}
    topics = sorted({t.topic for t in problem.tables if t.topic is not None})
    topic_index = {topic: i for i, topic in enumerate(topics)}
    group_names = sorted({p.group for p in problem.participants if p.group is not None})
    units = [[index[pid] for pid in unit] for unit in together_units(ids, problem.together)]
    unit_of = [0] * len(ids)
    for u, members in enumerate(units):
        for p in members:
            unit_of[p] = u
    fixed = {
        (r, u): table_index[tid] for (r, u), tid in fixed_tables(problem, together_units(ids, problem.together)).items()
    }
    points, possible = _points(problem, topic_index)
    w = problem.weights
    return Model(
        problem=problem,
        ids=ids,
        table_ids=[t.id for t in problem.tables],
        capacities=[t.capacity for t in problem.tables],
        topic_of=[topic_index[t.topic] if t.topic is not None else -1 for t in problem.tables],
        topics=topics,
        group_of=[group_names.index(p.group) if p.group is not None else -1 for p in problem.participants],
        groups=len(group_names),
        points=points,
        possible=possible,
        units=units,
        unit_of=unit_of,
        fixed=fixed,
        held_tabs=[_tab(seats, index, table_index) for seats in problem.held],
        previous=[_tab(seats, index, table_index) for seats in problem.previous] if problem.previous else None,
        mates=_mates(problem, index),
        weights=(w.coincidence, w.preference, w.diversity, w.moves if problem.previous is not None else 0.0),
        lower=_lower(problem),
    )


def _lower(problem: Problem) -> int:
    """A lower bound for pair_coincidences the search may stop at: the format's, or a tighter one when distinct
    topics keep a table's people off the tables of its topic in every other round (one table per topic: they
    spread over T-1 tables, not T). With held rounds only pairs of planned rounds are counted."""
    if problem.held:
        problem = replace(problem, rounds=problem.rounds - len(problem.held), held=())
    if not problem.distinct_topics:
        return lower_bound(problem)
    tables = problem.tables
    spreads = [len(tables) - sum(1 for u in tables if t.topic is not None and u.topic == t.topic) for t in tables]
    per_pair = least_repeats(len(problem.participants), [t.capacity for t in tables], spreads)
    return max(lower_bound(problem), comb(problem.rounds, 2) * per_pair)


def _points(problem: Problem, topic_index: dict[str, int]) -> tuple[list[list[int]], int]:
    """Points per participant and topic (K + 1 - rank), and the total possible as `measures` counts it."""
    planned = problem.rounds - len(problem.held)
    table, possible = [], 0
    for person in problem.participants:
        k = len(person.prefs)
        row = [0] * len(topic_index)
        for rank, topic in enumerate(person.prefs):
            if topic in topic_index:  # a topic no table has earns nothing
                row[topic_index[topic]] = k - rank
        attendable = min(k, planned + sum(1 for r in problem.held if person.id in r))
        possible += sum(k - rank for rank in range(attendable))
        table.append(row)
    return table, possible


def _tab(seats: dict[str, str], index: dict[str, int], table_index: dict[str, int]) -> list[int]:
    row = [-1] * len(index)
    for pid, tid in seats.items():
        if pid in index and tid in table_index:
            row[index[pid]] = table_index[tid]
    return row


def _mates(problem: Problem, index: dict[str, int]) -> list[list[int]]:
    mates: list[set[int]] = [set() for _ in index]
    for ids in problem.apart:
        for a in ids:
            mates[index[a]].update(index[b] for b in ids if b != a)
    return [sorted(m) for m in mates]
