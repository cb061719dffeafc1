"""The World Café's domain error and one text per code (German and English through the catalog).

Codes of the planner's ProblemError and Violation (`planning.worldcafe`) have texts here too, so a problem the planner
refuses and a rule a plan breaks read the same in every language; their parameters name people and tables.
"""

from flask_babel import lazy_gettext as _l

from core.errors import DomainError


class WorldCafeError(DomainError):
    """A World Café rule was broken; `code` names it, `field` the form field, `params` fill the text."""

    def __init__(self, code: str, field: str | None = None, **params):
        super().__init__(code, field)
        self.params = params

    def __str__(self) -> str:
        return message_for(self.code, self.params)


MESSAGES = {
    # Our own rules
    "not_a_world_cafe": _l("This contribution is not a World Café."),
    "rounds_out_of_range": _l("A World Café has between 1 and 12 rounds."),
    "minutes_out_of_range": _l("A round lasts between 5 and 180 minutes, a pause between 0 and 60."),
    "participation_unknown": _l("Choose who takes part."),
    "ticket_types_required": _l("Choose at least one ticket type of this event."),
    "title_required": _l("Please enter a topic title."),
    "topic_key_invalid": _l("Use only lower-case letters, digits, hyphens and underscores for the topic key."),
    "topic_key_taken": _l("Another table of this café already has this topic key."),
    "seats_out_of_range": _l("A table has between 1 and 100 seats."),
    "table_in_plan": _l("This table is part of a plan; remove it from the plans first by planning again."),
    "deadline_passed": _l("The deadline for topic choices has passed."),
    "not_participant": _l("This ticket does not take part in this World Café."),
    "topic_unknown": _l("Please choose only topics of this World Café."),
    "topic_twice": _l("Please choose each topic only once."),
    "constraint_kind_unknown": _l("This kind of constraint is unknown."),
    "constraint_needs_two": _l("Choose at least two different people."),
    "constraint_needs_one": _l("Choose exactly one person, a round and a table."),
    "round_out_of_range": _l("This round does not exist."),
    "ticket_unknown": _l("This person does not take part in this World Café."),
    "table_unknown": _l("This table does not belong to this World Café."),
    "no_draft": _l("There is no draft plan yet. Please compute one first."),
    "no_published_plan": _l("There is no published plan yet."),
    "plan_invalid": _l("The draft breaks a rule of the plan and cannot be published. See the list of broken rules."),
    "round_locked": _l("This round has already been held and cannot be changed."),
    "locked_out_of_range": _l("Lock between 0 and all rounds of the café."),
    "file_invalid": _l("The file is not a JSON file in the World Café format."),
    "plan_breaks_rules": _l("The plan breaks a rule: %(rules)s"),
    "no_participants": _l("Nobody takes part yet, so there is nothing to plan."),
    "no_tables": _l("The café has no tables yet."),
    # The planner's ProblemError codes
    "missing_key": _l("The file lacks the required entry “%(key)s” (in %(where)s)."),
    "malformed": _l("The entry “%(key)s” (in %(where)s) is not valid."),
    "duplicate_id": _l("The id %(id)s appears more than once."),
    "unknown_participant": _l("%(id)s does not take part in this World Café."),
    "unknown_table": _l("The table %(id)s does not exist."),
    "unknown_topic": _l("%(participant)s chose the topic %(id)s, which no table has."),
    "too_many_participants": _l("There are %(participants)s participants but only %(seats)s seats."),
    "balance_impossible": _l("%(participants)s participants cannot be spread evenly over these tables."),
    "too_few_topics": _l(
        "Nobody may visit a topic twice, but %(participant)s has %(rounds)s rounds to go and only %(topics)s topics "
        "left. Add topics or tables without a topic, or hold fewer rounds."
    ),
    "fixed_breaks_rule": _l(
        "The fixed seat of %(participant)s in round %(round)s at %(table)s breaks a rule: %(rule)s."
    ),
    "contradicting_constraints": _l("The constraints on %(ids)s contradict each other: %(reason)s."),
    "no_plan_found": _l("No plan keeping all rules was found. Please loosen the constraints."),
    # The planner's Violation codes
    "wrong_rounds": _l("The plan has %(count)s rounds, the café %(rounds)s."),
    "unseated": _l("Round %(round)s: %(participant)s has no table."),
    "over_capacity": _l("Round %(round)s: %(table)s holds %(count)s people but has %(capacity)s seats."),
    "unbalanced": _l("Round %(round)s: the largest table holds %(largest)s and the smallest %(smallest)s people."),
    "topic_repeated": _l("%(participant)s visits the topic %(topic)s %(count)s times."),
    "apart_broken": _l("Round %(round)s: %(first)s and %(second)s share %(table)s but are to be kept apart."),
    "together_broken": _l("Round %(round)s: %(first)s and %(second)s sit at different tables but belong together."),
    "fixed_broken": _l("Round %(round)s: %(participant)s sits at %(actual)s instead of the fixed %(table)s."),
    "held_changed": _l("Round %(round)s was held, but the plan seats %(participant)s differently."),
}

# The words the planner uses for a rule or a reason, as people read them.
WORDS = {
    "capacity": _l("the table's seats"),
    "balance": _l("even table sizes"),
    "apart": _l("kept apart"),
    "distinct_topics": _l("no topic twice"),
    "held": _l("a round already held"),
    "one_table": _l("one table per round"),
    "together_and_apart": _l("kept together and kept apart at once"),
    "together_fixed_apart": _l("fixed seats split people who belong together"),
    "together_too_large": _l("more people kept together than a table seats"),
    "apart_too_large": _l("more people kept apart than there are tables"),
}


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def message_for(code: str, params: dict | None = None) -> str:
    """The text of a code in the current language, its %(name)s parts filled from `params` (missing ones as "?")."""
    text = MESSAGES.get(code)
    if text is None:
        from events.messages import message_for as general

        return general(code)
    values = {
        key: str(WORDS.get(value, value)) if isinstance(value, str) else value for key, value in (params or {}).items()
    }
    return str(text) % _Lenient(values)
