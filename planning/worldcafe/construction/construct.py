"""The search's starting plan: a combinatorial design when the café is a plain one that fits, topics chosen by
`topics` when every table has one, greedy otherwise.

The greedy seats round after round, frozen units first, then the larger units, then everybody else in random order,
each at the table where they add the least penalty, breaking no hard rule where it can (with chosen topics: among
that topic's tables). Sizes follow `Model.targets`, so the search starts balanced; what breaks apart or distinct
topics is left to the search to mend.
"""

import random

from planning.worldcafe.construction.designs import design_rounds
from planning.worldcafe.construction.topics import topic_rounds, topical
from planning.worldcafe.messages import ProblemError
from planning.worldcafe.search.compiled import Model
from planning.worldcafe.search.state import HARD


def initial_plan(model: Model, rng: random.Random) -> tuple[list[list[int]], str]:
    """Table per participant per round (held rounds as held), every planned round within capacity and balance,
    and how it was made: "design", "topics", "previous" or "greedy"."""
    tabs = [list(row) for row in model.held_tabs]
    tabs += _designed(model)
    kind = "design" if len(tabs) > model.held else "greedy"
    chosen = topic_rounds(model, rng) if topical(model) else None
    kind = "topics" if chosen else kind
    kind = "previous" if model.previous is not None and model.weights[3] > 0 else kind
    seater = _Greedy(model, tabs)
    for r in range(len(tabs), model.rounds):
        tabs.append(seater.seat_round(r, rng, chosen[r] if chosen else None))
    return tabs, kind


def plain(model: Model) -> bool:
    """A Social Golfer café: nothing but coincidences to optimise, no constraint, equal full tables."""
    problem = model.problem
    people, tables = model.n, len(model.capacities)
    if model.held or problem.apart or problem.fixed or any(len(u) > 1 for u in model.units):
        return False
    if model.topics and (problem.distinct_topics or any(any(row) for row in model.points)):
        return False
    return tables > 0 and people % tables == 0 and min(model.capacities) >= people // tables


def _designed(model: Model) -> list[list[int]]:
    """Rounds from a design where the café is plain: block i of a round becomes table i."""
    if not plain(model):
        return []
    tables = len(model.capacities)
    rounds = design_rounds(model.n, model.n // tables, model.rounds)
    tabs = []
    for blocks in rounds:
        row = [-1] * model.n
        for t, block in enumerate(blocks):
            for p in block:
                row[p] = t
        tabs.append(row)
    return tabs


class _Greedy:
    """Seats one round at a time against the meetings and topic visits of the rounds before it."""

    def __init__(self, model: Model, tabs: list[list[int]]):
        self.model = model
        self.meet = [[0] * model.n for _ in range(model.n)]
        self.visited: list[set[int]] = [set() for _ in range(model.n)]
        for row in tabs:
            self._record(row)

    def _record(self, row: list[int]) -> None:
        at: dict[int, list[int]] = {}
        for p, t in enumerate(row):
            if t >= 0:
                at.setdefault(t, []).append(p)
                if self.model.topic_of[t] >= 0:
                    self.visited[p].add(self.model.topic_of[t])
        for members in at.values():
            for p in members:
                for q in members:
                    self.meet[p][q] += p != q

    def seat_round(self, r: int, rng: random.Random, topics: list[int] | None = None) -> list[int]:
        model = self.model
        targets = model.targets(r)
        row = [-1] * model.n
        members: list[list[int]] = [[] for _ in targets]
        order = [u for u in range(len(model.units)) if (r, u) not in model.fixed]
        rng.shuffle(order)
        order.sort(key=lambda u: -len(model.units[u]))  # stable: random among equal sizes
        keep = model.previous is not None and model.weights[3] > 0
        if keep:  # a re-plan: who had a seat keeps it where they can, the others fill the gaps
            order.sort(key=lambda u: model.previous[r][model.units[u][0]] < 0)
        for u in [u for (fr, u) in model.fixed if fr == r] + order:
            table = model.fixed.get((r, u))
            if table is None and keep:
                table = self._previous_table(r, u, members, targets, row)
            if table is None:
                wanted = topics[model.units[u][0]] if topics else None
                table = self._best_table(r, u, members, targets, row, rng, wanted)
            for p in model.units[u]:
                row[p] = table
                members[table].append(p)
        sizes = [len(m) for m in members]
        if max(sizes) - min(sizes) > model.problem.balance:
            raise ProblemError("no_plan_found", seconds=0)
        self._record(row)
        return row

    def _previous_table(self, r: int, u: int, members, targets: list[int], row: list[int]) -> int | None:
        """The unit's seat in the previous plan, if it is still open and breaks no hard rule."""
        model, unit = self.model, self.model.units[u]
        t = model.previous[r][unit[0]]
        if t < 0 or len(members[t]) + len(unit) > targets[t]:
            return None
        topic = model.topic_of[t]
        repeats = topic >= 0 and model.problem.distinct_topics and any(topic in self.visited[p] for p in unit)
        if repeats or any(row[y] == t for p in unit for y in model.mates[p]):
            return None
        return t

    def _best_table(self, r: int, u: int, members, targets: list[int], row: list[int], rng, topic: int | None) -> int:
        model, unit = self.model, self.model.units[u]
        fits = [t for t in range(len(targets)) if len(members[t]) + len(unit) <= targets[t]]
        if topic is not None:  # the topic is chosen already; only its tables are open
            fits = [t for t in fits if model.topic_of[t] == topic] or fits
        if not fits:  # units did not pack into the even sizes: overfill the emptiest table that has the seats
            fits = [t for t in range(len(targets)) if len(members[t]) + len(unit) <= model.capacities[t]]
            if not fits:
                raise ProblemError("no_plan_found", seconds=0)
            least = min(len(members[t]) for t in fits)
            fits = [t for t in fits if len(members[t]) == least]
        rng.shuffle(fits)  # ties go to a random table, not always the first
        return min(fits, key=lambda t: self._cost(r, unit, t, members[t], row))

    def _cost(self, r: int, unit: list[int], t: int, there: list[int], row: list[int]) -> float:
        model = self.model
        wc, wp, wd, wm = model.weights
        topic = model.topic_of[t]
        groups_there = {model.group_of[y] for y in there}
        cost = 0.0
        for p in unit:
            meet = self.meet[p]
            cost += wc * sum(meet[y] for y in there)
            if topic >= 0:
                if topic in self.visited[p]:
                    cost += HARD if model.problem.distinct_topics else 0.0
                else:
                    cost -= wp * model.points[p][topic]
            if model.group_of[p] >= 0 and model.group_of[p] in groups_there:
                cost += wd
            if model.previous is not None and model.previous[r][p] >= 0 and model.previous[r][p] != t:
                cost += wm
            cost += HARD * sum(1 for y in model.mates[p] if row[y] == t)
        return cost
