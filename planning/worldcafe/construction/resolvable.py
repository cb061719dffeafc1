"""Designs found by bounded backtracking: Kirkman's 15 schoolgirls, and rounds developed from one base round.

Development: the people are GF(q) x {0..L-1} plus e extra people; a subgroup H of GF(q)* of order h acts by
multiplying the field part (the extra people and those with field part 0 stay put), turning one base round into
h rounds. No pair repeats if the base round's pairs lie in different orbits of H, all of full length. 18 people
at 6 tables of 3 for 8 rounds (GF(17) plus one, H of order 8, and the like) is the case the tabu search finds hard.
"""

from planning.worldcafe.construction.fields import Field, prime_power

NODES = 20_000  # bound of each search; the designs here need far fewer when they exist
CANDIDATES = 8  # group actions tried for one size at most
LARGEST = 64  # more people than this: the search would be slow and the tabu search copes well enough


def searched(people: int, size: int, rounds: int) -> list[list[list[int]]]:
    """Rounds without a repeated pair from the searches below, [] if none applies or none was found.

    Only for tight cafés (rounds near the most a design can have), where the tabu search struggles most.
    """
    if (people, size) == (15, 3):
        return kirkman_15(rounds)
    if people > LARGEST or rounds < (people - 1) // (size - 1) - 1:
        return []
    for q, levels, extra, order in list(_actions(people, rounds))[:CANDIDATES]:
        found = developed(_action(Field(q), levels, extra, order), size, rounds)
        if found:
            return found
    return []


def _actions(people: int, rounds: int):
    """(q, levels, extra people, group order) that fit `people`: one fixed extra person first (the classical
    "1-rotational" shape), larger fields and groups first; a group smaller than `rounds` needs more base rounds."""
    for extra in (1, 0, 2):
        for q in range(people - extra, 2, -1):
            if (people - extra) % q or not prime_power(q):
                continue
            for order in sorted((h for h in range(2, q) if (q - 1) % h == 0), reverse=True):
                if -(-rounds // order) <= 2:
                    yield q, (people - extra) // q, extra, order


def _action(field: Field, levels: int, extra: int, order: int) -> list[list[int]]:
    """The group as permutations of the people (identity first): x -> g^j x on each level, extras fixed."""
    q = field.q
    generator = next(w for w in range(1, q) if _order(field, w) == q - 1)
    step = _power(field, generator, (q - 1) // order)  # generates the subgroup of that order
    perms = []
    for j in range(order):
        factor = _power(field, step, j)
        perm = [level * q + field.mul[factor][x] for level in range(levels) for x in range(q)]
        perms.append(perm + list(range(levels * q, levels * q + extra)))
    return perms


def _power(field: Field, w: int, j: int) -> int:
    result = 1
    for _ in range(j):
        result = field.mul[result][w]
    return result


def _order(field: Field, w: int) -> int:
    j, x = 1, w
    while x != 1:
        x, j = field.mul[x][w], j + 1
    return j


def developed(perms: list[list[int]], size: int, rounds: int) -> list[list[list[int]]]:
    """`rounds` rounds as the images of searched base rounds under the group `perms`; [] if none was found."""
    people = len(perms[0])
    orbit = [[-1] * people for _ in range(people)]
    for a in range(people):
        for b in range(a + 1, people):
            images = {tuple(sorted((g[a], g[b]))) for g in perms}
            if len(images) == len(perms):  # a full orbit: no group element but the identity keeps the pair
                orbit[a][b] = orbit[b][a] = min(x * people + y for x, y in images)
    bases = _partitions(people, size, orbit, -(-rounds // len(perms)))
    if bases is None:
        return []
    return [[sorted(g[p] for p in block) for block in base] for base in bases for g in perms][:rounds]


def _partitions(people: int, size: int, orbit: list[list[int]], count: int) -> list[list[list[int]]] | None:
    """`count` base rounds (blocks of `size` covering everyone) whose pairs all lie in distinct full orbits."""
    used: set[int] = set()
    placed = [False] * people
    rounds: list[list[list[int]]] = []
    blocks: list[list[int]] = []
    nodes = 0

    def fill(block: list[int], start: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > NODES:
            return False
        if len(block) == size:
            blocks.append(block[:])
            if grow():
                return True
            blocks.pop()
            return False
        for p in range(start, people):
            if placed[p]:
                continue
            orbits = [orbit[x][p] for x in block]
            if -1 in orbits or used.intersection(orbits) or len(set(orbits)) < len(orbits):
                continue
            placed[p] = True
            used.update(orbits)
            block.append(p)
            if fill(block, p + 1):
                return True
            block.pop()
            used.difference_update(orbits)
            placed[p] = False
        return False

    def grow() -> bool:
        nonlocal blocks, placed
        if all(placed):  # a base round is complete: keep it and start the next one
            rounds.append(blocks)
            saved = blocks, placed
            blocks, placed = [], [False] * people
            if len(rounds) == count or grow():
                return True
            blocks, placed = saved
            rounds.pop()
            return False
        first = placed.index(False)
        placed[first] = True
        if fill([first], first + 1):
            return True
        placed[first] = False
        return False

    return rounds if grow() else None


def kirkman_15(rounds: int) -> list[list[list[int]]]:
    """Up to 7 rounds for 15 people in threes: disjoint spreads of PG(3,2), whose 35 lines are {a, b, a xor b}."""
    lines = sorted({tuple(sorted((a, b, a ^ b))) for a in range(1, 16) for b in range(1, 16) if a != b})
    through = {point: [i for i, line in enumerate(lines) if point in line] for point in range(1, 16)}
    classes: list[list[int]] = []
    used = [False] * len(lines)
    nodes = 0

    def cover(current: list[int], covered: int) -> bool:
        nonlocal nodes
        nodes += 1
        if len(current) == 5:
            classes.append(current[:])
            if len(classes) == rounds or cover([], 0) or nodes > NODES:
                return True
            classes.pop()
            return False
        point = next(p for p in range(1, 16) if not covered >> p & 1)
        for i in through[point]:
            mask = sum(1 << p for p in lines[i])
            # the first line of each class (through point 1) in rising order: classes come in one order only
            if used[i] or mask & covered or (not current and classes and i < classes[-1][0]):
                continue
            used[i] = True
            current.append(i)
            if cover(current, covered | mask):
                return True
            current.pop()
            used[i] = False
        return False

    cover([], 0)
    return [[[p - 1 for p in lines[i]] for i in spread] for spread in classes]
