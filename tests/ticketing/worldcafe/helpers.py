"""A small World Café to test with: an event, a scheduled World Café contribution, its café with topic tables, and
valid tickets in five stakeholder groups, some with ranked topics."""

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select

from core.extensions import db
from events.program.models import Contribution
from tests.factories import BERLIN, make_event, make_quota, make_ticket_type
from ticketing.models import Ticket
from ticketing.worldcafe import setup
from ticketing.worldcafe.attendee import choices
from ticketing.worldcafe.models import CafePlan, WorldCafe

ORGANIZER = "programm@example.org"
GROUPS = ("civil_society", "administration", "politics", "business", "science")
TOPICS = (("mobility", "Nachhaltige Mobilität"), ("education", "Bildung"), ("security", "(Cyber-)Sicherheit"))


@dataclass
class Cafe:
    event_id: int
    cafe_id: int
    ticket_ids: list[int]
    table_ids: list[int]

    @property
    def cafe(self) -> WorldCafe:
        return db.session.get(WorldCafe, self.cafe_id)

    def ticket(self, index: int) -> Ticket:
        return db.session.get(Ticket, self.ticket_ids[index])


def make_cafe(event=None, *, people=12, seats=4, rounds=3, topics=TOPICS, slug="noerd", now=None) -> Cafe:
    """A café of `people` participants at one table per topic with `seats` seats; person i ranks the topics
    rotated by i; nobody is seated yet."""
    event = event or make_event(slug)
    hall = make_quota(event, "Saal", 500)
    ticket_type = make_ticket_type(event, [hall], "Teilnahme")
    contribution = Contribution(event=event, title="World Café: Smart-City-Charta", format="world_cafe",
                                state="accepted", duration_minutes=90,
                                starts_at=datetime.combine(event.days[0], time(13, 30), BERLIN))  # fmt: skip
    db.session.add(contribution)
    tickets = [
        Ticket(event=event, ticket_type=ticket_type, attendee_name=f"Person {i:02d}", state="valid",
               attendee_email=f"person{i}@example.org", organization=f"Org {i % 4}",
               stakeholder_group=GROUPS[i % len(GROUPS)])
        for i in range(people)
    ]  # fmt: skip
    db.session.add_all(tickets)
    db.session.flush()
    cafe = setup.create_cafe(contribution)
    setup.save_setup(cafe, rounds=rounds, round_minutes=20, pause_minutes=5, choice_deadline=None,
                     participation="all")  # fmt: skip
    tables = [setup.save_table(cafe, title=title, topic_key=key, seats=seats, host_name=f"Host {n}")
              for n, (key, title) in enumerate(topics)]  # fmt: skip
    keys = [key for key, _title in topics]
    for i, ticket in enumerate(tickets):
        choices.rank_topics(cafe, ticket, keys[i % len(keys) :] + keys[: i % len(keys)], now=now or cafe.created_at)
    db.session.commit()
    return Cafe(event.id, cafe.id, [t.id for t in tickets], [t.id for t in tables])


def latin_plan(made: Cafe) -> list[dict]:
    """A plan keeping every rule for make_cafe's default (12 people, 3 topics, 3 rounds): person i sits at table
    (i + r) mod 3 in round r, so every table holds 4 and nobody repeats a topic."""
    return [{str(t): str(made.table_ids[(i + r) % 3]) for i, t in enumerate(made.ticket_ids)} for r in range(3)]


def plan_of(made: Cafe, state: str) -> CafePlan | None:
    db.session.expire_all()
    return db.session.scalar(select(CafePlan).where(CafePlan.cafe_id == made.cafe_id, CafePlan.state == state))


def base(made: Cafe) -> str:
    """The café's organizer pages."""
    return f"/manage/events/{made.event_id}/worldcafe/{made.cafe_id}"
