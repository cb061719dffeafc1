"""Writing the exchange format: a Problem or a Plan back to JSON-ready dicts, keys as the format names them."""

from planning.worldcafe.model import Plan, Problem


def problem_to_json(problem: Problem) -> dict:
    """The problem as format data; optional constraints only when present, so a plain café stays plain."""
    data = {
        "name": problem.name,
        "rounds": problem.rounds,
        "participants": [_participant(p) for p in problem.participants],
        "tables": [_table(t) for t in problem.tables],
        "rules": {"balance": problem.balance, "distinct_topics": problem.distinct_topics},
        "weights": _weights(problem),
    }
    if problem.apart:
        data["apart"] = [list(ids) for ids in problem.apart]
    if problem.together:
        data["together"] = [list(ids) for ids in problem.together]
    if problem.fixed:
        data["fixed"] = [{"participant": s.participant, "round": s.round, "table": s.table} for s in problem.fixed]
    if problem.held:
        data["held"] = [dict(r) for r in problem.held]
    if problem.previous is not None:
        data["previous"] = {"rounds": [dict(r) for r in problem.previous]}
    return data


def plan_to_json(plan: Plan, figures: dict | None = None, seed: int | None = None) -> dict:
    """The plan as format data, with the measures under `figures` and the `seed` when given."""
    data: dict = {"rounds": [dict(r) for r in plan.rounds]}
    if figures is not None:
        data["figures"] = dict(figures)
    if seed is not None:
        data["seed"] = seed
    return data


def _participant(person) -> dict:
    data = {"id": person.id}
    if person.group is not None:
        data["group"] = person.group
    data["prefs"] = list(person.prefs)
    return data


def _table(table) -> dict:
    data = {"id": table.id, "topic": table.topic}
    for key in ("topic_title", "host"):
        if getattr(table, key) is not None:
            data[key] = getattr(table, key)
    data["capacity"] = table.capacity
    return data


def _weights(problem: Problem) -> dict:
    weights = problem.weights
    data = {"coincidence": weights.coincidence, "preference": weights.preference, "diversity": weights.diversity}
    if weights.moves:
        data["moves"] = weights.moves
    return data
