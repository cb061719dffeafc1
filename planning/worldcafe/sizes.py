"""Table sizes for one round: as even as capacities, fixed seats and the balance rule allow."""


def even_sizes(people: int, capacities: list[int], lows: list[int], balance: int) -> list[int] | None:
    """Sizes summing to `people`, each within its capacity and at least its low, largest minus smallest <= balance.

    The smallest table is made as large as possible, so the sizes are the most even ones; None if there are none.
    """
    for floor in range(min(capacities), -1, -1):
        tops = [min(c, floor + balance) for c in capacities]
        sizes = [max(floor, low) for low in lows]
        if any(s > top for s, top in zip(sizes, tops, strict=True)):
            continue
        if sum(sizes) > people or sum(tops) < people:
            continue
        return _fill(sizes, tops, people - sum(sizes))
    return None


def _fill(sizes: list[int], tops: list[int], left: int) -> list[int]:
    """Add the `left` people one by one to the emptiest table still below its top."""
    while left:
        room = [t for t in range(len(sizes)) if sizes[t] < tops[t]]
        table = min(room, key=lambda t: (sizes[t], -tops[t], t))
        sizes[table] += 1
        left -= 1
    return sizes


def spread_pairs(people: int, tables: int) -> int:
    """Pairs that meet again when `people` of one table spread as evenly as possible over `tables` tables."""
    each, extra = divmod(people, tables)
    return extra * (each + 1) * each // 2 + (tables - extra) * each * (each - 1) // 2


def least_repeats(people: int, capacities: list[int], spreads: list[int]) -> int:
    """Fewest pairs of one round that meet again in another, when the people of table t can spread over only
    spreads[t] tables in the other round: tables filled one person at a time where it adds fewest (the cost of a
    table is convex in its size, so this greedy filling is optimal)."""
    sizes = [0] * len(capacities)
    total = 0
    for _ in range(people):
        open_ = [t for t in range(len(sizes)) if sizes[t] < capacities[t]]
        if not open_:
            break
        cost = {
            t: spread_pairs(sizes[t] + 1, max(1, spreads[t])) - spread_pairs(sizes[t], max(1, spreads[t]))
            for t in open_
        }
        table = min(open_, key=lambda t: (cost[t], t))
        sizes[table] += 1
        total += cost[table]
    return total
