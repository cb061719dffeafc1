"""Reading the exchange format: `parse_problem` and `parse_plan` turn JSON data into checked Problem and Plan objects.

Shapes are checked here (keys, types, known ids); whether the problem can be planned at all is `validation`'s job,
which `parse_problem` calls last. Unknown keys are ignored, as the format says.
"""

from planning.worldcafe.messages import ProblemError
from planning.worldcafe.model import Participant, Plan, Problem, Seat, Table, Weights
from planning.worldcafe.validation import validate

MISSING = object()


def parse_problem(data: dict) -> Problem:
    """A Problem from format data; raises ProblemError naming the first thing wrong."""
    _need(isinstance(data, dict), "problem", "the file", "an object")
    rounds = _integer(_required(data, "rounds", "the problem"), "rounds", "the problem", minimum=1)
    participants = _participants(_list(_required(data, "participants", "the problem"), "participants", "the problem"))
    tables = _tables(_list(_required(data, "tables", "the problem"), "tables", "the problem"))
    people = {p.id for p in participants}
    table_ids = {t.id for t in tables}
    _check_prefs(participants)
    rules = _object(data.get("rules", {}), "rules", "the problem")
    name = data.get("name") or ""
    _need(isinstance(name, str), "name", "the problem", "a string")
    held = tuple(_round(r, f"held[{i}]", None, table_ids) for i, r in enumerate(_list(data.get("held", []), "held")))
    _need(len(held) <= rounds, "held", "the problem", f"at most {rounds} rounds")
    problem = Problem(
        name=name,
        rounds=rounds,
        participants=participants,
        tables=tables,
        balance=_integer(rules.get("balance", 1), "balance", "rules", minimum=0),
        distinct_topics=_boolean(rules.get("distinct_topics", True), "distinct_topics", "rules"),
        weights=_weights(_object(data.get("weights", {}), "weights", "the problem")),
        apart=_id_lists(data.get("apart", []), "apart", people),
        together=_id_lists(data.get("together", []), "together", people),
        fixed=_fixed(_list(data.get("fixed", []), "fixed"), rounds, people, table_ids),
        held=held,
        previous=_previous(data.get("previous"), rounds, table_ids),
    )
    validate(problem)
    return problem


def parse_plan(problem: Problem, data: dict) -> Plan:
    """A Plan for `problem` from format data: one object per round, known ids only (held rounds may name leavers)."""
    _need(isinstance(data, dict), "plan", "the file", "an object")
    rounds = _list(_required(data, "rounds", "the plan"), "rounds", "the plan")
    _need(len(rounds) == problem.rounds, "rounds", "the plan", f"{problem.rounds} rounds")
    people = {p.id for p in problem.participants}
    table_ids = {t.id for t in problem.tables}
    held = len(problem.held)
    return Plan(tuple(_round(r, f"rounds[{i}]", None if i < held else people, table_ids) for i, r in enumerate(rounds)))


def _need(ok: bool, key: str, where: str, expected: str) -> None:
    if not ok:
        raise ProblemError("malformed", key=key, where=where, expected=expected)


def _required(data: dict, key: str, where: str):
    value = data.get(key, MISSING)
    if value is MISSING:
        raise ProblemError("missing_key", key=key, where=where)
    return value


def _list(value, key: str, where: str = "the problem") -> list:
    _need(isinstance(value, list), key, where, "a list")
    return value


def _object(value, key: str, where: str) -> dict:
    _need(isinstance(value, dict), key, where, "an object")
    return value


def _integer(value, key: str, where: str, minimum: int) -> int:
    # bool is an int in Python, but `true` is no count in JSON
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= minimum
    _need(ok, key, where, f"an integer of at least {minimum}")
    return value


def _boolean(value, key: str, where: str) -> bool:
    _need(isinstance(value, bool), key, where, "true or false")
    return value


def _text(value, key: str, where: str, optional: bool = False) -> str | None:
    if optional and value is None:
        return None
    _need(isinstance(value, str) and value != "", key, where, "a non-empty string")
    return value


def _participants(rows: list) -> tuple[Participant, ...]:
    seen, result = set(), []
    for i, row in enumerate(rows):
        where = f"participants[{i}]"
        row = _object(row, where, "the problem")
        pid = _text(_required(row, "id", where), "id", where)
        if pid in seen:
            raise ProblemError("duplicate_id", kind="participant", id=pid)
        seen.add(pid)
        prefs = _list(row.get("prefs") or [], "prefs", where)
        for rank, topic in enumerate(prefs):
            _text(topic, f"prefs[{rank}]", where)
        group = _text(row.get("group"), "group", where, optional=True)
        result.append(Participant(pid, group, tuple(prefs)))
    return tuple(result)


def _tables(rows: list) -> tuple[Table, ...]:
    seen, result = set(), []
    for i, row in enumerate(rows):
        where = f"tables[{i}]"
        row = _object(row, where, "the problem")
        tid = _text(_required(row, "id", where), "id", where)
        if tid in seen:
            raise ProblemError("duplicate_id", kind="table", id=tid)
        seen.add(tid)
        capacity = _integer(_required(row, "capacity", where), "capacity", where, minimum=1)
        texts = {key: _text(row.get(key), key, where, optional=True) for key in ("topic", "topic_title", "host")}
        result.append(Table(tid, capacity, **texts))
    return tuple(result)


def _check_prefs(participants: tuple[Participant, ...]) -> None:
    """A topic twice in one ranking is an error; a topic no table has is kept (it earns nothing, but counts in the
    points possible: the person wanted it), so a café whose table was dropped still reads."""
    for person in participants:
        if len(set(person.prefs)) != len(person.prefs):
            twice = next(t for t in person.prefs if person.prefs.count(t) > 1)
            raise ProblemError("duplicate_id", kind="topic", id=twice)


def _weights(data: dict) -> Weights:
    values = {}
    for key, default in vars(Weights()).items():
        value = data.get(key, default)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        _need(ok, key, "weights", "a number of at least 0")
        values[key] = float(value)
    return Weights(**values)


def _id_lists(value, key: str, people: set[str]) -> tuple[tuple[str, ...], ...]:
    result = []
    for i, ids in enumerate(_list(value, key)):
        where = f"{key}[{i}]"
        for pid in _list(ids, key, where):
            if _text(pid, key, where) not in people:
                raise ProblemError("unknown_participant", where=where, id=pid)
        result.append(tuple(dict.fromkeys(ids)))  # a name twice in one list means nothing more
    return tuple(result)


def _fixed(rows: list, rounds: int, people: set[str], table_ids: set[str]) -> tuple[Seat, ...]:
    seats = []
    for i, row in enumerate(rows):
        where = f"fixed[{i}]"
        row = _object(row, where, "the problem")
        pid = _text(_required(row, "participant", where), "participant", where)
        tid = _text(_required(row, "table", where), "table", where)
        number = _integer(_required(row, "round", where), "round", where, minimum=1)
        _need(number <= rounds, "round", where, f"a round from 1 to {rounds}")
        if pid not in people:
            raise ProblemError("unknown_participant", where=where, id=pid)
        if tid not in table_ids:
            raise ProblemError("unknown_table", where=where, id=tid)
        seats.append(Seat(pid, number, tid))
    return tuple(seats)


def _round(value, where: str, people: set[str] | None, table_ids: set[str]) -> dict[str, str]:
    """One plan round; with `people` None (a held round) ids of people who left are kept but not checked."""
    seats = _object(value, where, "the plan")
    for pid, tid in seats.items():
        if people is not None and pid not in people:
            raise ProblemError("unknown_participant", where=where, id=pid)
        if not isinstance(tid, str) or tid not in table_ids:
            raise ProblemError("unknown_table", where=f"{where}.{pid}", id=tid)
    return dict(seats)


def _previous(value, rounds: int, table_ids: set[str]) -> tuple[dict[str, str], ...] | None:
    if value is None:
        return None
    plan = _object(value, "previous", "the problem")
    rows = _list(_required(plan, "rounds", "previous"), "rounds", "previous")
    _need(len(rows) == rounds, "rounds", "previous", f"{rounds} rounds")
    return tuple(_round(r, f"previous.rounds[{i}]", None, table_ids) for i, r in enumerate(rows))
