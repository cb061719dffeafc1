"""Simulated annealing over the general penalty: swaps of two people in a round, moves of one person where sizes
allow, and moves of together-units; the temperature falls with the work done, not with the clock.

While hard rules are broken (the greedy start could not avoid it) half the picks go to a person who breaks one;
once none is broken, no move that breaks one is ever taken again.
"""

import math
import random

from planning.worldcafe.search.space import CHUNK, Best, Budget, Space
from planning.worldcafe.search.state import HARD, State

UNIT_SHARE = 0.1  # share of picks that move a unit of several people, when there are any
MOVE_SHARE = 0.2  # share of picks that move one person to another table, when sizes may change
EXCHANGE_SHARE = 0.3  # share of picks that exchange two people's tables in two rounds, with distinct topics
# Work units of one pick, so that a unit of work takes about the same time whatever the move: an exchange weighs
# two swaps at once, a unit move is tried by making it.
EXCHANGE_WORK = 4
UNIT_WORK = 8


def anneal(state: State, space: Space, budget: Budget, best: Best, rng: random.Random, warmth: float = 1.0) -> None:
    """Anneal from `state` until the budget says stop or nothing is left to gain; `warmth` scales the starting
    temperature (below 1 for a start that is good already)."""
    hot, cold = _temperatures(state, space, rng)
    hot = max(cold * 2, hot * warmth)
    stop_at = state.wc * state.model.lower + 1e-9
    while True:
        # cool with the work done, or with the clock where it runs ahead of the work (a slow machine)
        temperature = hot * (cold / hot) ** budget.fraction
        offenders = _offenders(state, space) if state.violations else []
        work = _chunk(state, space, best, rng, temperature, offenders)
        if best.violations == 0 and best.penalty <= stop_at:
            budget.finish("optimal")
        if not budget.spend(work, best):
            return


def _chunk(state: State, space: Space, best: Best, rng: random.Random, temperature: float, offenders) -> int:
    """CHUNK picks at one temperature, returning their work; written flat: it is the hot loop of the planner."""
    rand, rounds, free, tab = rng.random, space.rounds, space.free, state.tab
    swap_delta, move_delta, tables = state.swap_delta, state.move_delta, len(state.model.capacities)
    exchanges = state.distinct and len(rounds) > 1
    work = CHUNK
    for _ in range(CHUNK):
        if offenders and rand() < 0.5:
            r, p = offenders[int(rand() * len(offenders))]
        elif exchanges and rand() < EXCHANGE_SHARE:
            _try_exchange(state, space, best, rng, temperature)
            work += EXCHANGE_WORK - 1
            continue
        else:
            r = rounds[int(rand() * len(rounds))]
            if space.groups[r] and rand() < UNIT_SHARE:
                _try_unit(state, space, best, rng, r, temperature)
                work += UNIT_WORK - 1
                continue
            if not free[r]:
                continue
            p = free[r][int(rand() * len(free[r]))]
        a = tab[r][p]
        if space.resizable and rand() < MOVE_SHARE:
            b = int(rand() * tables)
            if b == a or not space.resize_ok(state.sizes[r], a, b):
                continue
            q, d = -1, move_delta(r, p, b)
        else:
            q = free[r][int(rand() * len(free[r]))]
            b = tab[r][q]
            if b == a:
                continue
            d = swap_delta(r, p, q)
        if d > 0 and (d >= HARD / 2 and not state.violations or rand() >= math.exp(-d / temperature)):
            continue
        if d > 0:
            best.leaving()
        state.relocate(r, p, b)
        if q >= 0:
            state.relocate(r, q, a)
        if d < 0:
            best.note()
    return work


def _try_exchange(state: State, space: Space, best: Best, rng: random.Random, temperature: float) -> None:
    """p sits at A in round r1 and B in r2, q at B in r1 and A in r2: both swap in both rounds.

    Everyone keeps their topics (and so their preference points), only who meets whom changes: the move that
    removes repeated meetings once the topics are well chosen. The first swap alone would break distinct topics,
    so `State.exchange_delta` weighs both at once.
    """
    rand, rounds = rng.random, space.rounds
    r1 = rounds[int(rand() * len(rounds))]
    r2 = rounds[int(rand() * (len(rounds) - 1))]
    r2 = r2 if r2 != r1 else rounds[-1]  # a uniform second round other than r1
    if not space.free[r1]:
        return
    p = space.free[r1][int(rand() * len(space.free[r1]))]
    a, b = state.tab[r1][p], state.tab[r2][p]
    if a == b or p not in space.free_set[r2]:
        return
    free1, free2, tab2 = space.free_set[r1], space.free_set[r2], state.tab[r2]
    partners = [q for q in state.members[r1][b] if tab2[q] == a and q in free1 and q in free2]
    if not partners:
        return
    q = partners[int(rand() * len(partners))]
    d = state.exchange_delta(r1, r2, p, q)
    if d >= HARD / 2 and not state.violations or d > 0 and rng.random() >= math.exp(-d / temperature):
        return
    if d > 0:
        best.leaving()
    state.swap(r1, p, q)
    state.swap(r2, p, q)
    if d < 0:
        best.note()


def _try_unit(state: State, space: Space, best: Best, rng: random.Random, r: int, temperature: float) -> None:
    """Move a unit of several to another table, sending back as many single free people as keeps sizes legal.

    Weighed by trial (make it, compare, undo if refused): units are few, so the general way is cheap enough.
    """
    unit = state.model.units[rng.choice(space.groups[r])]
    a, b = state.tab[r][unit[0]], rng.randrange(len(state.sizes[r]))
    if a == b:
        return
    free = space.free_set[r]
    back = [y for y in state.members[r][b] if y in free]
    rng.shuffle(back)
    back = back[: len(unit)]
    if not space.resize_ok(state.sizes[r], a, b, len(unit) - len(back)):
        return
    best.leaving()  # the trial changes the state: keep the best plan first
    before, feasible = state.objective(), not state.violations
    _relocate_all(state, r, unit, b, back, a)
    d = state.objective() - before
    if (feasible and state.violations) or (d > 0 and rng.random() >= math.exp(-d / temperature)):
        _relocate_all(state, r, unit, a, back, b)
    elif d < 0:
        best.note()


def _relocate_all(state: State, r: int, unit: list[int], to: int, others: list[int], others_to: int) -> None:
    for p in unit:
        state.relocate(r, p, to)
    for y in others:
        state.relocate(r, y, others_to)


def _offenders(state: State, space: Space) -> list[tuple[int, int]]:
    """Free people who break apart or distinct topics in some round."""
    found = []
    for r in space.rounds:
        tabr = state.tab[r]
        for p in space.free[r]:
            t = tabr[p]
            topic = state.topic_of[t]
            repeated = state.distinct and topic >= 0 and state.cnt[p][topic] > 1
            if repeated or any(tabr[y] == t for y in state.mates[p]):
                found.append((r, p))
    return found


def _temperatures(state: State, space: Space, rng: random.Random) -> tuple[float, float]:
    """Start hot enough to take a typical worsening swap half the time; end where only gains pass."""
    rises = []
    for _ in range(200):
        r = rng.choice(space.rounds)
        if len(space.free[r]) < 2:
            continue
        p, q = rng.sample(space.free[r], 2)
        if state.tab[r][p] != state.tab[r][q]:
            d = state.swap_delta(r, p, q)
            if 0 < d < HARD / 2:
                rises.append(d)
    weights = [w for w in (state.wc, state.wp, state.wd, state.wm) if w > 0]
    cold = 0.05 * min(weights, default=1.0)
    if not rises:
        return max(1.0, cold * 2), cold
    hot = sorted(rises)[len(rises) // 2] / math.log(2)
    return max(hot, cold * 2), cold
