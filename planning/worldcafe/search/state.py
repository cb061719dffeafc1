"""The plan under search with the counts that make a move's cost change cheap: the heart of the local search.

`meet[p][q]` counts the rounds p and q share a table. With `sums=True` (the tabu search, which weighs many moves
per move made) `S[r][p][t]` also holds the sum of `meet[p][y]` over the people y at table t in round r, so a swap is
weighed in O(1) while a move updates O(table size x rounds + participants) numbers; without, a swap is weighed in
O(table size) and a move costs O(table size). The deltas themselves are in `deltas`.

Hard rules that a move could break (apart, distinct topics) are counted in `violations`; the search first drives
them to zero, then refuses every move that would add one. Sizes, frozen seats and units are kept by the moves.
"""

from itertools import combinations

from planning.worldcafe.search.compiled import Model
from planning.worldcafe.search.deltas import HARD, Deltas

__all__ = ["HARD", "State"]


class State(Deltas):
    """A plan as table indices per round and participant, with counts kept up to date by `relocate`."""

    def __init__(self, model: Model, tab: list[list[int]], sums: bool = False):
        self.model = model
        n, tables = model.n, len(model.capacities)
        self.tab = [list(row) for row in tab]
        self.members = [[[] for _ in range(tables)] for _ in self.tab]
        for r, row in enumerate(self.tab):
            for p, t in enumerate(row):
                if t >= 0:
                    self.members[r][t].append(p)
        self.sizes = [[len(m) for m in ms] for ms in self.members]
        self.wc, self.wp, self.wd, self.wm = model.weights
        self.topic_of, self.group_of, self.points = model.topic_of, model.group_of, model.points
        self.mates, self.groups = model.mates, model.groups
        self.distinct = model.problem.distinct_topics and bool(model.topics)
        self.prev = model.previous if model.weights[3] else None
        self._count_meetings(n, sums)
        self._count_topics(n)
        self._count_groups()
        self._count_moves_and_apart()

    def _count_meetings(self, n: int, sums: bool) -> None:
        self.meet = meet = [[0] * n for _ in range(n)]
        for ms in self.members:
            for members in ms:
                for a, b in combinations(members, 2):
                    meet[a][b] += 1
                    meet[b][a] += 1
        self.coinc = sum(m * (m - 1) // 2 for row in meet for m in row) // 2
        self.S = [] if sums else None
        for ms in self.members if sums else ():
            self.S.append([[sum(map(meet[p].__getitem__, members)) for members in ms] for p in range(n)])

    def _count_topics(self, n: int) -> None:
        self.cnt = [[0] * len(self.model.topics) for _ in range(n)]
        held_repeats = 0
        for r, row in enumerate(self.tab):
            for p, t in enumerate(row):
                if t >= 0 and self.topic_of[t] >= 0:
                    self.cnt[p][self.topic_of[t]] += 1
            if r + 1 == self.model.held:
                held_repeats = sum(max(0, c - 1) for counts in self.cnt for c in counts)
        self.earned = sum(pts[d] for p, pts in enumerate(self.points) for d, c in enumerate(self.cnt[p]) if c)
        repeats = sum(max(0, c - 1) for counts in self.cnt for c in counts)
        # repeats inside the held rounds are facts the search cannot and need not undo
        self.topic_violations = (repeats - held_repeats) if self.distinct else 0

    def _count_groups(self) -> None:
        g = self.groups
        self.gcount = [[[0] * g for _ in ms] for ms in self.members]
        self.ng = [[0] * len(ms) for ms in self.members]
        self.nd = [[0] * len(ms) for ms in self.members]
        for r, ms in enumerate(self.members):
            for t, members in enumerate(ms):
                for p in members:
                    if self.group_of[p] >= 0:
                        self.gcount[r][t][self.group_of[p]] += 1
                        self.ng[r][t] += 1
                self.nd[r][t] = sum(1 for c in self.gcount[r][t] if c)
        self.deficit = sum(
            min(g, a) - b for r in range(len(self.ng)) for a, b in zip(self.ng[r], self.nd[r], strict=True)
        )

    def _count_moves_and_apart(self) -> None:
        self.moved = 0
        self.apart_violations = 0
        for r in range(self.model.held, len(self.tab)):
            row = self.tab[r]
            if self.prev is not None:
                self.moved += sum(1 for p, t in enumerate(self.prev[r]) if t >= 0 and row[p] != t)
            for p, mates in enumerate(self.mates):
                self.apart_violations += sum(1 for y in mates if y > p and row[y] == row[p])

    @property
    def violations(self) -> int:
        return self.topic_violations + self.apart_violations

    def penalty(self) -> float:
        """The format's penalty of the current plan."""
        return (
            self.wc * self.coinc
            + self.wp * (self.model.possible - self.earned)
            + self.wd * self.deficit
            + self.wm * self.moved
        )

    def objective(self) -> float:
        return self.penalty() + HARD * self.violations

    def relocate(self, r: int, p: int, b: int) -> None:
        """Move p to table b in round r and bring every count up to date."""
        tabr, meet = self.tab[r], self.meet
        a, mp = tabr[p], meet[p]
        leaving = self.members[r][a]
        leaving.remove(p)
        coinc = self.coinc
        for x in leaving:
            coinc -= mp[x] - 1
            mp[x] -= 1
            meet[x][p] -= 1
        if self.S is not None:
            self._resum(r, p, a, b, leaving)
        tabr[p] = b
        joining = self.members[r][b]
        for y in joining:
            coinc += mp[y]
            mp[y] += 1
            meet[y][p] += 1
        if self.S is not None:
            self._shift(p, joining, 1)
        joining.append(p)
        self.coinc = coinc
        self.sizes[r][a] -= 1
        self.sizes[r][b] += 1
        self._relocate_counts(r, p, a, b)

    def _resum(self, r: int, p: int, a: int, b: int, leaving: list[int]) -> None:
        """Sums after p's meetings with `leaving` fell by one, p still at a; then p's share moves from a to b."""
        self._shift(p, leaving, -1)
        sr = self.S[r]
        for y, m in enumerate(self.meet[p]):
            if m:
                row = sr[y]
                row[a] -= m
                row[b] += m

    def _shift(self, p: int, others: list[int], d: int) -> None:
        """meet[p][x] changed by d for each x of `others`: update both sides' sums in every round."""
        for tr, sr in zip(self.tab, self.S, strict=True):
            tp, sp = tr[p], sr[p]
            for x in others:
                tx = tr[x]
                if tx >= 0:
                    sp[tx] += d
                if tp >= 0:
                    sr[x][tp] += d

    def _relocate_counts(self, r: int, p: int, a: int, b: int) -> None:
        ta, tb = self.topic_of[a], self.topic_of[b]
        if ta != tb:
            counts, points = self.cnt[p], self.points[p]
            if ta >= 0:
                counts[ta] -= 1
                if counts[ta] == 0:
                    self.earned -= points[ta]
                elif self.distinct:
                    self.topic_violations -= 1
            if tb >= 0:
                if counts[tb] == 0:
                    self.earned += points[tb]
                elif self.distinct:
                    self.topic_violations += 1
                counts[tb] += 1
        g = self.group_of[p]
        if g >= 0:
            self._regroup(r, a, g, -1)
            self._regroup(r, b, g, 1)
        if self.prev is not None and self.prev[r][p] >= 0:
            self.moved += (self.prev[r][p] != b) - (self.prev[r][p] != a)
        if self.mates[p]:
            tabr = self.tab[r]
            self.apart_violations += sum((tabr[y] == b) - (tabr[y] == a) for y in self.mates[p])

    def _regroup(self, r: int, t: int, g: int, d: int) -> None:
        counts = self.gcount[r][t]
        before = min(self.groups, self.ng[r][t]) - self.nd[r][t]
        counts[g] += d
        self.ng[r][t] += d
        if (d > 0 and counts[g] == 1) or (d < 0 and counts[g] == 0):
            self.nd[r][t] += d
        self.deficit += min(self.groups, self.ng[r][t]) - self.nd[r][t] - before

    def swap(self, r: int, p: int, q: int) -> None:
        a, b = self.tab[r][p], self.tab[r][q]
        self.relocate(r, p, b)
        self.relocate(r, q, a)

    def snapshot(self) -> list[list[int]]:
        return [list(row) for row in self.tab]
