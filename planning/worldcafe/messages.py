"""English texts for the planner's machine codes, and the error and violation that carry them.

The app translates by `code`; `params` hold only data (ids, numbers, JSON paths, rule words), never English.

ProblemError codes (a problem or plan that cannot be read, or cannot be planned):
    missing_key, malformed, duplicate_id, unknown_participant, unknown_table, too_many_participants,
    balance_impossible, too_few_topics, fixed_breaks_rule, contradicting_constraints, no_plan_found
    `fixed_breaks_rule` names its `rule`: capacity, balance, apart, distinct_topics, held, one_table.
    `contradicting_constraints` names its `reason`: together_and_apart, together_fixed_apart, together_too_large,
    apart_too_large.

Violation codes (a plan that breaks a hard rule, from `check`):
    wrong_rounds, unseated, unknown_participant, unknown_table, over_capacity, unbalanced, topic_repeated,
    apart_broken, together_broken, fixed_broken, held_changed
"""

from planning.coded import CodedError, CodedViolation

MESSAGES: dict[str, str] = {
    # ProblemError
    "missing_key": "The required key {key!r} is missing in {where}.",
    "malformed": "The value of {key!r} in {where} is not valid: expected {expected}.",
    "duplicate_id": "The {kind} id {id!r} appears more than once.",
    "unknown_participant": "{where} names {id!r}, who is not a participant.",
    "unknown_table": "{where} names the table {id!r}, which does not exist.",
    "too_many_participants": "There are {participants} participants but only {seats} seats.",
    "balance_impossible": (
        "{participants} participants cannot be seated at these tables with at most {balance} between the largest "
        "and the smallest table."
    ),
    "too_few_topics": (
        "Nobody may visit a topic twice, but participant {participant!r} has {rounds} rounds to go and only "
        "{topics} topics left, and the {mixing_seats} seats per round at tables without a topic are not enough."
    ),
    "fixed_breaks_rule": (
        "The fixed seat of {participant!r} in round {round} at table {table!r} breaks the rule {rule!r}."
    ),
    "contradicting_constraints": "The constraints on {ids} contradict each other ({reason}).",
    "no_plan_found": "No plan keeping all hard rules was found in {seconds} s; loosen the constraints.",
    # Violation
    "wrong_rounds": "The plan has {count} rounds, the problem {rounds}.",
    "unseated": "Round {round}: participant {participant!r} has no table.",
    "over_capacity": "Round {round}: table {table!r} holds {count} participants but has {capacity} seats.",
    "unbalanced": (
        "Round {round}: the largest table holds {largest} and the smallest {smallest} participants, "
        "more than {balance} apart."
    ),
    "topic_repeated": "Participant {participant!r} visits the topic {topic!r} {count} times.",
    "apart_broken": "Round {round}: {first!r} and {second!r} share table {table!r} but are to be kept apart.",
    "together_broken": "Round {round}: {first!r} and {second!r} sit at different tables but belong together.",
    "fixed_broken": "Round {round}: {participant!r} sits at {actual!r} instead of the fixed table {table!r}.",
    "held_changed": "Round {round} was held, but the plan seats {participant!r} differently.",
}


class ProblemError(CodedError):
    """A problem or plan the planner refuses: `code` from MESSAGES, `params` naming the cause."""

    MESSAGES = MESSAGES


class Violation(CodedViolation):
    """One broken hard rule of a plan, as `check` reports it."""

    MESSAGES = MESSAGES
