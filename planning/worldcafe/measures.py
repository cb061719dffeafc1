"""The format's measures of a plan (pair_coincidences … penalty) and the lower bound for pair_coincidences.

Held rounds count in every measure; there, ids of people who left are ignored, as are absent late arrivals.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from math import comb

from planning.worldcafe.model import Plan, Problem
from planning.worldcafe.sizes import even_sizes, spread_pairs


@dataclass
class Tally:
    """The raw counts behind the measures."""

    meetings: Counter = field(default_factory=Counter)
    earned: int = 0
    possible: int = 0
    with_prefs: int = 0
    first_choices: int = 0
    deficit: int = 0
    moved: int = 0


def measures(problem: Problem, plan: Plan) -> dict:
    """The measures under the format's names; pref_score and first_choice_share are None when nobody has prefs."""
    tally = tally_plan(problem, plan)
    meetings = tally.meetings.values()
    coincidences = sum(m * (m - 1) // 2 for m in meetings)
    figures = {
        "pair_coincidences": coincidences,
        "repeat_pairs": sum(1 for m in meetings if m >= 2),
        "max_meetings": max(meetings, default=0),
        "pref_score": tally.earned / tally.possible if tally.possible else None,
        "first_choice_share": tally.first_choices / tally.with_prefs if tally.with_prefs else None,
        "diversity_deficit": tally.deficit,
    }
    if problem.previous is not None:
        figures["moved"] = tally.moved
    figures["penalty"] = penalty(problem, coincidences, tally)
    return figures


def penalty(problem: Problem, coincidences: int, tally: Tally) -> int | float:
    """The weighted sum the planner minimises; an int when it is a whole number, to read well in figures."""
    w = problem.weights
    total = w.coincidence * coincidences + w.preference * (tally.possible - tally.earned) + w.diversity * tally.deficit
    if problem.previous is not None:
        total += w.moves * tally.moved
    return int(total) if float(total).is_integer() else round(total, 6)


def tally_plan(problem: Problem, plan: Plan) -> Tally:
    """Count meetings, topic visits, group mixes and moves over all rounds of the plan."""
    index = {p.id: i for i, p in enumerate(problem.participants)}
    topic = {t.id: t.topic for t in problem.tables}
    group_ids = sorted({p.group for p in problem.participants if p.group is not None})
    tally = Tally()
    visits: list[set[str]] = [set() for _ in problem.participants]
    present = [0] * len(problem.participants)
    for seats in plan.rounds:
        at: dict[str, list[int]] = defaultdict(list)
        for pid, tid in seats.items():
            if pid in index and tid in topic:
                at[tid].append(index[pid])
                present[index[pid]] += 1
                if topic[tid] is not None:
                    visits[index[pid]].add(topic[tid])
        for members in at.values():
            tally.meetings.update(combinations(sorted(members), 2))
            groups = [problem.participants[i].group for i in members if problem.participants[i].group is not None]
            tally.deficit += min(len(group_ids), len(groups)) - len(set(groups))
    _tally_prefs(problem, plan, tally, visits, present)
    tally.moved = moved(problem, plan)
    return tally


def _tally_prefs(problem: Problem, plan: Plan, tally: Tally, visits: list[set[str]], present: list[int]) -> None:
    """Points earned and possible; a late arrival could attend only the rounds they were there for."""
    planned = len(plan.rounds) - len(problem.held)
    for i, person in enumerate(problem.participants):
        k = len(person.prefs)
        if not k:
            continue
        held_present = sum(1 for r in problem.held if person.id in r)
        attendable = min(k, held_present + planned)
        tally.with_prefs += 1
        tally.possible += sum(k + 1 - rank for rank in range(1, attendable + 1))
        tally.earned += sum(k - rank for rank, t in enumerate(person.prefs) if t in visits[i])
        tally.first_choices += person.prefs[0] in visits[i]


def moved(problem: Problem, plan: Plan) -> int:
    """Seats in non-held rounds that differ from `previous` (people `previous` did not seat do not count)."""
    if problem.previous is None:
        return 0
    count = 0
    for r in range(len(problem.held), min(len(plan.rounds), len(problem.previous))):
        before, now = problem.previous[r], plan.rounds[r]
        count += sum(1 for p in problem.participants if p.id in before and now.get(p.id) != before[p.id])
    return count


def lower_bound(problem: Problem) -> int:
    """Fewest pair_coincidences any plan can have, by the format's argument, on the most even table sizes.

    Between two rounds the people of a table of n spread over at most T tables, so at least `spread_pairs(n, T)`
    pairs meet again; summed over tables and pairs of rounds. Ignores `together` and `held`.
    """
    capacities = [t.capacity for t in problem.tables]
    people = len(problem.participants)
    # The most even sizes minimise the (convex) spread sum, so the bound holds for every size choice.
    sizes = even_sizes(people, capacities, [0] * len(capacities), people) or []
    per_pair_of_rounds = sum(spread_pairs(n, len(capacities)) for n in sizes)
    return comb(problem.rounds, 2) * per_pair_of_rounds
