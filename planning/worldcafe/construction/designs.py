"""Resolvable designs: rounds in which nobody meets anyone twice, built rather than searched for.

- the affine plane AG(2,q): q^2 people at q tables of q for q+1 rounds, q a prime power (lines of each slope);
- partial spreads of GF(q)^n: q^n people at tables of q^j, one round per j-dimensional subspace, the tables being
  its cosets; two subspaces meeting only in 0 share no pair (32 people, 8 tables of 4, 9 rounds: GF(2)^5);
- the searched designs of `resolvable` (Kirkman's 15 schoolgirls, rounds developed over GF(q)).
Searches are bounded (`NODES`); what they find, possibly fewer rounds than wanted, is used, the rest is searched.
"""

from planning.worldcafe.construction import resolvable
from planning.worldcafe.construction.fields import Field, prime_power

NODES = 20_000  # bound of the partial spread search: the spreads here need far fewer when they exist
SUBSPACES = 3_000  # skip a partial spread search that would first have to list more subspaces than this


def design_rounds(people: int, size: int, rounds: int) -> list[list[list[int]]]:
    """Up to `rounds` rounds of `people // size` tables of `size` without a repeated pair; [] when none is known."""
    if size < 2 or people % size or people == size:
        return []
    found: list[list[list[int]]] = []
    for q in _bases(people, size):
        n, j = _log(people, q), _log(size, q)
        if (n, j) == (2, 1):
            candidate = affine_plane(Field(q))
        elif _gaussian(n, j, q) <= SUBSPACES:
            candidate = partial_spread(Field(q), n, j, rounds)
        else:
            continue
        if len(candidate) > len(found):
            found = candidate
        if len(found) >= rounds:
            break
    if len(found) < rounds:
        searched = resolvable.searched(people, size, rounds)
        found = searched if len(searched) > len(found) else found
    return found[:rounds]


def _bases(people: int, size: int) -> list[int]:
    """Prime powers q with people and size both powers of q, largest first (fewer subspaces to search)."""
    found = prime_power(size)
    if found is None:
        return []
    p, k = found
    return [p**d for d in range(k, 0, -1) if k % d == 0 and _log(people, p**d) is not None]


def _log(value: int, base: int) -> int | None:
    power = 0
    while value > 1 and value % base == 0:
        value //= base
        power += 1
    return power if value == 1 else None


def _gaussian(n: int, j: int, q: int) -> int:
    """How many j-dimensional subspaces GF(q)^n has."""
    top = bottom = 1
    for i in range(j):
        top *= q ** (n - i) - 1
        bottom *= q ** (i + 1) - 1
    return top // bottom


def affine_plane(field: Field) -> list[list[list[int]]]:
    """The q+1 parallel classes of AG(2,q): lines y = m*x + c for each slope m, and the vertical lines x = c."""
    q, add, mul = field.q, field.add, field.mul
    classes = [[[x * q + add[mul[m][x]][c] for x in range(q)] for c in range(q)] for m in range(q)]
    classes.append([[c * q + y for y in range(q)] for c in range(q)])
    return classes


def partial_spread(field: Field, n: int, j: int, rounds: int) -> list[list[list[int]]]:
    """Rounds from j-dimensional subspaces of GF(q)^n pairwise meeting only in 0, each split into its cosets."""
    vectors = _VectorSpace(field, n)
    spaces = vectors.subspaces(j)
    masks = [sum(1 << v for v in space if v) for space in spaces]
    chosen = _disjoint(masks, rounds, (field.q**j - 1), field.q**n - 1)
    return [vectors.cosets(spaces[i]) for i in chosen]


def _disjoint(masks: list[int], wanted: int, weight: int, points: int) -> list[int]:
    """Most (up to `wanted`) pairwise disjoint masks a bounded depth-first search finds, as indices."""
    best: list[int] = []
    chosen: list[int] = []
    nodes = 0
    wanted = min(wanted, points // weight)  # more cannot be disjoint

    def extend(start: int, used: int, free: int) -> bool:
        nonlocal best, nodes
        if len(chosen) > len(best):
            best = chosen[:]
        if len(chosen) == wanted or nodes > NODES:
            return True
        if (wanted - len(chosen)) * weight > free:
            return False
        for i in range(start, len(masks)):
            nodes += 1
            if not masks[i] & used:
                chosen.append(i)
                if extend(i + 1, used | masks[i], free - weight):
                    return True
                chosen.pop()
        return False

    extend(0, 0, points)
    return best


class _VectorSpace:
    """GF(q)^n with vectors as ints whose base-q digits are the coordinates."""

    def __init__(self, field: Field, n: int):
        self.field, self.n, self.size = field, n, field.q**n
        q = field.q
        digits = [[(v // q**i) % q for i in range(n)] for v in range(self.size)]
        encode = {tuple(d): v for v, d in enumerate(digits)}
        self.plus = [
            [encode[tuple(field.add[x][y] for x, y in zip(a, b, strict=True))] for b in digits] for a in digits
        ]
        self.times = [[encode[tuple(field.mul[c][x] for x in a)] for a in digits] for c in range(q)]

    def span(self, space: frozenset[int], vector: int) -> frozenset[int]:
        """The subspace spanned by `space` and `vector`."""
        return frozenset(self.plus[s][self.times[c][vector]] for s in space for c in range(self.field.q))

    def subspaces(self, dimension: int) -> list[frozenset[int]]:
        """All subspaces of that dimension, in a fixed order, grown one basis vector at a time."""
        layer = {frozenset([0])}
        for _ in range(dimension):
            layer = {self.span(s, v) for s in layer for v in range(1, self.size) if v not in s}
        return sorted(layer, key=sorted)

    def cosets(self, space: frozenset[int]) -> list[list[int]]:
        """The translates v + space that partition the whole space: the tables of one round."""
        seen: set[int] = set()
        blocks = []
        for v in range(self.size):
            if v not in seen:
                block = sorted(self.plus[v][s] for s in space)
                seen.update(block)
                blocks.append(block)
        return blocks
