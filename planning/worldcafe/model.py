"""The planner's plain data: a problem, a plan and a solver result, as read from and written to the exchange format."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Participant:
    """One person to seat; `prefs` are topic ids, first = most wanted."""

    id: str
    group: str | None = None
    prefs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table with `capacity` seats for participants; `topic` None is a plain mixing table."""

    id: str
    capacity: int
    topic: str | None = None
    topic_title: str | None = None
    host: str | None = None


@dataclass(frozen=True)
class Seat:
    """A fixed seat: `participant` sits at `table` in `round` (1-based)."""

    participant: str
    round: int
    table: str


@dataclass(frozen=True)
class Weights:
    """Weights of the penalty's soft terms; 0 switches a term off (`moves` counts only with `previous`)."""

    coincidence: float = 1.0
    preference: float = 1.0
    diversity: float = 5.0
    moves: float = 0.0


@dataclass(frozen=True)
class Problem:
    """A World Café to plan; rounds in `held` and `previous` map participant id -> table id (not to be mutated)."""

    rounds: int
    participants: tuple[Participant, ...]
    tables: tuple[Table, ...]
    name: str = ""
    balance: int = 1
    distinct_topics: bool = True
    weights: Weights = field(default_factory=Weights)
    apart: tuple[tuple[str, ...], ...] = ()
    together: tuple[tuple[str, ...], ...] = ()
    fixed: tuple[Seat, ...] = ()
    held: tuple[dict[str, str], ...] = ()
    previous: tuple[dict[str, str], ...] | None = None


@dataclass(frozen=True)
class Plan:
    """One mapping participant id -> table id per round, held rounds included."""

    rounds: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Result:
    """What `solve` found: the best plan, its measures, and how the search went.

    `reason` is "optimal" (nothing left to gain), "done" (the search budget was used), "time" (the clock ran out
    first), "cancelled" (`should_stop` said so) or "trivial" (nothing to search); `stopped_early` is True for all
    but "done". `work` counts the search's work units (about one weighed swap each): the same problem, seed and
    work give the same plan.
    """

    plan: Plan
    figures: dict
    seed: int
    seconds: float
    seconds_to_best: float
    work: int
    reason: str

    @property
    def stopped_early(self) -> bool:
        return self.reason != "done"
