"""Rows of the access table (tests/partners/access_matrix.py) for the timetable planner's routes: roles admin and
program; a POST answers 302 (it acts, or refuses with a message, and returns to a page)."""

from tests.partners.access_matrix import organizer_row

PROGRAM = ("admin", "program")
PLANNER = "/manage/events/<int:event_id>/program/planner"
PROPOSAL = f"{PLANNER}/proposals/<int:proposal_id>"


def action(rule: str):
    return organizer_row(rule, PROGRAM, 302, method="POST")


ROWS = [
    organizer_row(PLANNER, PROGRAM),
    organizer_row(f"{PLANNER}/settings", PROGRAM),
    organizer_row(f"{PLANNER}/audience", PROGRAM),
    action(f"{PLANNER}/proposals"),
    organizer_row(PROPOSAL, PROGRAM),
    action(f"{PROPOSAL}/apply"),
    action(f"{PROPOSAL}/discard"),
]


def proposal(event) -> dict:
    """A proposal of the access test's event, for the rows' placeholder."""
    from core.extensions import db
    from events.program.planner.models import TimetableProposal

    made = TimetableProposal(event=event, state="failed", problem={}, basis={}, error_code="no_timetable_found")
    db.session.add(made)
    db.session.flush()
    return {"proposal": made.id}
