"""Tabu search for cafés where only pair coincidences count (Social Golfer style), after Dotú & Van Hentenryck.

Each step looks only at people who meet someone again at their table (conflicts) and takes the best swap of one
of them with anyone at another table of that round (or a move, where sizes may change), unless it is tabu: a
person may not go back to the table they left for a random tenure of steps, except to beat the best plan. After
too many steps without a new best, the search restarts from the best plan shaken by a few random swaps.
"""

import random

from planning.worldcafe.search.compiled import Model
from planning.worldcafe.search.space import Best, Budget, Space
from planning.worldcafe.search.state import State

STALL = 300  # steps without a new best before a restart
KICK = 4  # random swaps per restart
TENURE = (2, 0.5)  # tabu tenure: a random number of steps from the first to the second times the people
HUGE = 1 << 30  # keeps a partner at the same table out of the running
CHEAP = 8  # a swap weighed here costs about an eighth of one weighed by the annealing: work counts alike


def coincidences_only(model: Model) -> bool:
    """True when the penalty is pair coincidences alone and no move can break a hard rule."""
    _, wp, wd, wm = model.weights
    others = (wp and model.possible) or (wd and model.groups) or wm
    distinct = model.problem.distinct_topics and model.topics
    return not others and not distinct and not any(model.mates) and all(len(u) == 1 for u in model.units)


def tabu(state: State, space: Space, budget: Budget, best: Best, rng: random.Random) -> State:
    """Search until the budget ends or nobody meets twice; returns the state searched last."""
    tables = len(state.sizes[0]) if state.sizes else 0
    forbidden = {r: [[0] * tables for _ in range(state.model.n)] for r in space.rounds}
    step = stall = 0
    low, high = TENURE[0], max(TENURE[0] + 1, int(TENURE[1] * state.model.n))
    while state.coinc > state.model.lower:
        step += 1
        found, evaluations = _best_move(state, space, forbidden, step, best.coinc, rng)
        if found is not None:
            r, p, q, b = found
            a = state.tab[r][p]
            best.leaving()
            if q >= 0:
                state.swap(r, p, q)
                forbidden[r][q][b] = step + rng.randint(low, high)
            else:
                state.relocate(r, p, b)
            forbidden[r][p][a] = step + rng.randint(low, high)
        if best.note():
            stall = 0
        else:
            stall += 1
        if stall > STALL or found is None:
            state = _restart(state, space, best, rng)
            best.state = state
            forbidden = {r: [[0] * tables for _ in range(state.model.n)] for r in space.rounds}
            stall = 0
        if not budget.spend(evaluations // CHEAP + 1, best):
            return state
    budget.finish("optimal")
    return state


def _best_move(state: State, space: Space, forbidden, step: int, best_coinc: int, rng: random.Random):
    """The best allowed (round, person, partner or -1, table) among conflicts, and how many moves were weighed.

    Ties are broken at random (reservoir sampling), so the search does not circle on plateaus the same way.
    """
    goal = best_coinc - state.coinc  # a tabu move is taken anyway if it beats the best plan
    pick = _Pick(rng.random)
    evaluations = 0
    for r in space.rounds:
        tabr, sizes, sr, free, banned = state.tab[r], state.sizes[r], state.S[r], space.free[r], forbidden[r]
        tables = [tabr[q] for q in free]
        # base[i]: how much free[i]'s current table adds to coincidences (negative: free[i] is in conflict)
        base = [sizes[t] - 1 - sr[q][t] for q, t in zip(free, tables, strict=True)]
        for i, p in enumerate(free):
            if base[i] >= 0 or pick.d is not None and base[i] > pick.d + 2 * state.model.n:
                continue
            a, sp, mp, bp = tables[i], sr[p], state.meet[p], banned[p]
            gains = [
                base[i] + sp[b] - 2 * mp[q] + bq + sr[q][a] + (b == a) * HUGE
                for q, b, bq in zip(free, tables, base, strict=True)
            ]
            evaluations += len(gains)
            for j in sorted(range(len(gains)), key=gains.__getitem__):
                d, q, b = gains[j], free[j], tables[j]
                if b == a or pick.d is not None and d > pick.d:
                    break
                if (bp[b] <= step and banned[q][a] <= step) or d < goal:
                    pick.offer(d, (r, p, q, b))
            if space.resizable:
                evaluations += _offer_moves(state, space, r, p, a, bp, step, goal, pick)
    return pick.move, evaluations


class _Pick:
    """The best offer so far, ties replaced at random with equal chance for each."""

    def __init__(self, rand):
        self.rand, self.d, self.move, self.ties = rand, None, None, 0

    def offer(self, d: int, move: tuple) -> None:
        if self.d is None or d < self.d:
            self.d, self.move, self.ties = d, move, 1
        elif d == self.d:
            self.ties += 1
            if self.rand() * self.ties < 1:
                self.move = move


def _offer_moves(state: State, space: Space, r: int, p: int, a: int, banned: list[int], step: int, goal: int, pick):
    """Offer p's moves to smaller tables (sizes may change); returns how many were weighed."""
    sizes, sp = state.sizes[r], state.S[r][p]
    base = sizes[a] - 1 - sp[a]
    weighed = 0
    for b in range(len(sizes)):
        if b != a and space.resize_ok(sizes, a, b):
            weighed += 1
            d = base + sp[b]
            if banned[b] <= step or d < goal:
                pick.offer(d, (r, p, -1, b))
    return weighed


def _restart(state: State, space: Space, best: Best, rng: random.Random) -> State:
    """The best plan shaken by a few random swaps: out of the valley the tabu list could not leave."""
    fresh = State(state.model, best.plan(), sums=True)
    best.tab, best.at_best = fresh.snapshot(), False
    for _ in range(KICK):
        r = rng.choice(space.rounds)
        p, q = rng.choice(space.free[r]), rng.choice(space.free[r])
        if fresh.tab[r][p] != fresh.tab[r][q]:
            fresh.swap(r, p, q)
    return fresh
