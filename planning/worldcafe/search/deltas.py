"""What a move would change, before it is made: the objective deltas of swaps, exchanges and moves.

These read the counts that `State` keeps (meetings, topic visits, group mixes, previous seats) and change nothing.
Coincidences: p leaving table a loses one meeting with each of a's people, p joining b gains one with each of b's,
so the change is a difference of meeting sums; `State.S` holds those sums for the tabu search, else they are
summed over the two tables (O(table size)).
"""

HARD = 1_000_000.0  # what one broken hard rule weighs in the objective


class Deltas:
    """Mixed into State: every method here only reads."""

    def swap_delta(self, r: int, p: int, q: int) -> float:
        """Change of `objective` if p and q (at different tables) swap seats in round r.

        Once no hard rule is broken, a move that would break one returns HARD at once, before the costlier terms.
        """
        tabr = self.tab[r]
        a, b = tabr[p], tabr[q]
        d = 0.0
        ta, tb = self.topic_of[a], self.topic_of[b]
        if ta != tb:
            d = self._topics_swapped(p, q, ta, tb)
            if d >= HARD / 2 and not self.violations:
                return HARD
        if self.mates[p] or self.mates[q]:
            broken = self._apart_delta(tabr, p, a, b, q) + self._apart_delta(tabr, q, b, a, p)
            if broken > 0 and not self.violations:
                return HARD
            d += HARD * broken
        return d + self.wc * self._swap_meetings(r, p, q) + self._swap_rest(r, p, q)

    def exchange_delta(self, r1: int, r2: int, p: int, q: int) -> float:
        """Change of `objective` if p and q swap seats in round r1 and again in r2, where each sits at the other's
        r1 table: both keep their topics, so only meetings, groups, moves and apart change.

        The second swap sees the meetings the first one changed: p meets one more of B1 and one less of A1, q the
        other way round, which shifts its sums by the overlaps of the two rounds' tables (`cross`).
        """
        t1 = self.tab[r1]
        a, b = t1[p], t1[q]
        d = 0.0
        if self.mates[p] or self.mates[q]:
            t2 = self.tab[r2]
            broken = self._apart_delta(t1, p, a, b, q) + self._apart_delta(t1, q, b, a, p)
            broken += self._apart_delta(t2, p, b, a, q) + self._apart_delta(t2, q, a, b, p)
            if broken > 0 and not self.violations:
                return HARD
            d += HARD * broken
        cross = 0
        members = self.members[r2]
        for y in members[a]:
            if y != q:
                cross += (t1[y] == b) - (t1[y] == a)
        for y in members[b]:
            if y != p:
                cross += (t1[y] == a) - (t1[y] == b)
        meetings = self._swap_meetings(r1, p, q) + self._swap_meetings(r2, p, q) + 2 * cross
        return d + self.wc * meetings + self._swap_rest(r1, p, q) + self._swap_rest(r2, p, q)

    def _swap_meetings(self, r: int, p: int, q: int) -> int:
        """Change of pair_coincidences if p and q swap seats in round r."""
        tabr, members, mp, mq = self.tab[r], self.members[r], self.meet[p], self.meet[q]
        a, b = tabr[p], tabr[q]
        if self.S is None:
            ma, mb = members[a], members[b]
            ab = sum(map(mp.__getitem__, mb)) - sum(map(mp.__getitem__, ma))
            ba = sum(map(mq.__getitem__, ma)) - sum(map(mq.__getitem__, mb))
        else:
            sp, sq = self.S[r][p], self.S[r][q]
            ab, ba = sp[b] - sp[a], sq[a] - sq[b]
        return len(members[a]) + len(members[b]) - 2 + ab + ba - 2 * mp[q]

    def _swap_rest(self, r: int, p: int, q: int) -> float:
        """Change of the diversity and moves terms if p and q swap seats in round r."""
        tabr = self.tab[r]
        a, b = tabr[p], tabr[q]
        d = 0.0
        gp, gq = self.group_of[p], self.group_of[q]
        if gp != gq and self.wd:
            d += self._group_delta(r, a, gp, gq) + self._group_delta(r, b, gq, gp)
        if self.prev is not None:
            pr = self.prev[r]
            if pr[p] >= 0:
                d += self.wm * ((pr[p] != b) - (pr[p] != a))
            if pr[q] >= 0:
                d += self.wm * ((pr[q] != a) - (pr[q] != b))
        return d

    def _topics_swapped(self, p: int, q: int, ta: int, tb: int) -> float:
        """Preference and distinct-topic change of p going from topic ta to tb and q the other way."""
        cp, cq, pp, pq = self.cnt[p], self.cnt[q], self.points[p], self.points[q]
        earned = repeats = 0
        if ta >= 0:
            earned += (pq[ta] if cq[ta] == 0 else 0) - (pp[ta] if cp[ta] == 1 else 0)
            repeats += (cq[ta] > 0) - (cp[ta] > 1)
        if tb >= 0:
            earned += (pp[tb] if cp[tb] == 0 else 0) - (pq[tb] if cq[tb] == 1 else 0)
            repeats += (cp[tb] > 0) - (cq[tb] > 1)
        return -self.wp * earned + (HARD * repeats if self.distinct else 0.0)

    def move_delta(self, r: int, p: int, b: int) -> float:
        """Change of `objective` if p alone moves to table b in round r (sizes are the caller's to check)."""
        tabr = self.tab[r]
        a = tabr[p]
        d = 0.0
        ta, tb = self.topic_of[a], self.topic_of[b]
        if ta != tb:
            d = self._topic_delta(p, ta, tb)
        if self.mates[p]:
            d += HARD * self._apart_delta(tabr, p, a, b, -1)
        if d >= HARD / 2 and not self.violations:
            return HARD
        members, mp = self.members[r], self.meet[p]
        if self.S is None:
            ab = sum(map(mp.__getitem__, members[b])) - sum(map(mp.__getitem__, members[a]))
        else:
            ab = self.S[r][p][b] - self.S[r][p][a]
        d += self.wc * (len(members[a]) - 1 + ab)
        gp = self.group_of[p]
        if gp >= 0 and self.wd:
            d += self._group_delta(r, a, gp, -1) + self._group_delta(r, b, -1, gp)
        if self.prev is not None and self.prev[r][p] >= 0:
            d += self.wm * ((self.prev[r][p] != b) - (self.prev[r][p] != a))
        return d

    def _topic_delta(self, p: int, ta: int, tb: int) -> float:
        """Preference and distinct-topic change of p leaving topic ta for tb (-1: a mixing table)."""
        counts, points = self.cnt[p], self.points[p]
        earned = repeats = 0
        if ta >= 0:
            if counts[ta] == 1:
                earned -= points[ta]
            else:
                repeats -= 1
        if tb >= 0:
            if counts[tb] == 0:
                earned += points[tb]
            else:
                repeats += 1
        return -self.wp * earned + (HARD * repeats if self.distinct else 0.0)

    def _group_delta(self, r: int, t: int, lose: int, gain: int) -> float:
        """Diversity change at table t when one person of group `lose` leaves and one of `gain` arrives."""
        counts, ng, nd = self.gcount[r][t], self.ng[r][t], self.nd[r][t]
        ng2, nd2 = ng, nd
        if lose >= 0:
            ng2 -= 1
            nd2 -= counts[lose] == 1
        if gain >= 0:
            ng2 += 1
            nd2 += counts[gain] == 0
        g = self.groups
        return self.wd * ((min(g, ng2) - nd2) - (min(g, ng) - nd))

    def _apart_delta(self, tabr: list[int], p: int, a: int, b: int, partner: int) -> int:
        """Apart breaches p adds by going from table a to b while `partner` (or -1) leaves b."""
        change = 0
        for y in self.mates[p]:
            ty = tabr[y]
            if ty == a:
                change -= 1
            elif ty == b and y != partner:
                change += 1
        return change
