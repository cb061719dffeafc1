"""Rows of the access table (tests/partners/access_matrix.py) for the World Café's organizer routes: roles admin
and program; a POST answers 302 (it acts, or refuses with a message, and returns to the page)."""

from tests.partners.access_matrix import organizer_row

PROGRAM = ("admin", "program")
CAFES = "/manage/events/<int:event_id>/worldcafe"
CAFE = f"{CAFES}/<int:cafe_id>"


def action(rule: str, path: str | None = None):
    return organizer_row(rule, PROGRAM, 302, method="POST", path=path)


ROWS = [
    organizer_row(CAFES, PROGRAM),
    action(f"{CAFES}/new/<int:contribution_id>"),  # the world's contribution is a talk: refused with a message
    organizer_row(CAFE, PROGRAM),
    organizer_row(f"{CAFE}/tables/new", PROGRAM),
    organizer_row(f"{CAFE}/tables/<int:table_id>", PROGRAM),
    action(f"{CAFE}/tables/<int:table_id>/delete"),
    organizer_row(f"{CAFE}/planner", PROGRAM),
    action(f"{CAFE}/constraints"),
    action(f"{CAFE}/constraints/<int:constraint_id>/delete"),
    action(f"{CAFE}/<any(solve, replan):mode>", "/manage/events/{event}/worldcafe/{cafe}/replan"),
    action(f"{CAFE}/move"),
    action(f"{CAFE}/publish"),
    action(f"{CAFE}/lock"),
    organizer_row(f"{CAFE}/problem.json", PROGRAM),
    action(f"{CAFE}/import"),
    # The day's papers and screen: the world's café has no published plan, so they lead back to the planner.
    organizer_row(f"{CAFE}/host-sheets.pdf", PROGRAM, 302),
    organizer_row(f"{CAFE}/rotation-cards.pdf", PROGRAM, 302),
    organizer_row(
        f"{CAFE}/plan.<any(csv, xlsx):fmt>", PROGRAM, 302, path="/manage/events/{event}/worldcafe/{cafe}/plan.csv"
    ),
    organizer_row(f"{CAFE}/facilitator", PROGRAM, 302),
]


def world_cafe(event, ticket_ids: list[int]) -> dict:
    """A café of the access test's event with one table and one rule, for the rows' placeholders."""
    from core.extensions import db
    from events.program.models import Contribution
    from ticketing.worldcafe.models import CafeConstraint, CafeTable, WorldCafe

    contribution = Contribution(event=event, title="World Café", format="world_cafe", state="accepted")
    cafe = WorldCafe(event=event, contribution=contribution)
    table = CafeTable(cafe=cafe, title="Mobilität", topic_key="mobility", seats=10)
    db.session.add_all([contribution, cafe, table])
    db.session.flush()
    rule = CafeConstraint(cafe_id=cafe.id, kind="apart", ticket_ids=ticket_ids)
    db.session.add(rule)
    db.session.flush()
    return {"cafe": cafe.id, "table": table.id, "constraint": rule.id}
