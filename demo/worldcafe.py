"""The Regionalkonferenz's World Café in the demo: six tables with the real topics, its ticket holders with their
stakeholder groups and ranked topics, and a published plan (solved in process, seeded, within two seconds)."""

import random
from datetime import datetime, timedelta

import click
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.urls import external_url
from events.models import Event
from events.program.models import Contribution
from ticketing.models import Ticket
from ticketing.worldcafe import setup
from ticketing.worldcafe.attendee import choices
from ticketing.worldcafe.plan import plans
from ticketing.worldcafe.plan.participants import participants
from ticketing.worldcafe.plan.solving import solve_cafe

TOPICS = [
    ("mobilitaet", "Nachhaltige Mobilität", "Wie kommen alle gut, günstig und klimafreundlich durch die Region?"),
    ("bildung", "Bildung", "Digitale Bildung von der Kita bis zur Volkshochschule."),
    ("sicherheit", "(Cyber-)Sicherheit", "Sichere Verwaltung, sichere Netze, sichere Daten."),
    ("energie", "Versorgung und Energie", "Wärme, Strom und Wasser smart und bezahlbar."),
    ("kultur", "Kultur und Freizeit", "Digitale Angebote für Museen, Vereine und Tourismus."),
    ("gesundheit", "Gesundheit und Soziales", "Telemedizin, Pflege und Teilhabe."),
]
HOSTS = ["Amt für Stadtentwicklung", "Hochschule Stralsund", "Landesamt für Sicherheit", "Stadtwerke Stralsund",
         "Kulturamt", "Sozialamt"]  # fmt: skip
POPULARITY = [6, 3, 2, 4, 1, 3]  # a few topics much wanted, as in real cafés


def seed_smart_city_cafe(event: Event, *, seconds: float = 2.0, at: datetime | None = None) -> Ticket | None:
    """Set up, rank and publish the café of the event's World Café contribution; returns a participant to show.

    Set up, ranked and published now, or at `at` (before the choice deadline: a past edition's café)."""
    contribution = db.session.scalar(
        select(Contribution).where(Contribution.event_id == event.id, Contribution.format == "world_cafe")
    )
    if contribution is None:
        return None
    cafe = setup.create_cafe(contribution)
    if at is not None:
        cafe.created_at = at
    deadline = (contribution.starts_at or utcnow()) - timedelta(days=1)
    setup.save_setup(cafe, rounds=3, round_minutes=20, pause_minutes=5, choice_deadline=deadline, participation="all")
    people = participants(cafe)
    seats = -(-len(people) // len(TOPICS)) + 1
    for (key, title, text), host in zip(TOPICS, HOSTS, strict=True):
        notes = "stufenlos erreichbar" if key in ("gesundheit", "bildung") else ""
        setup.save_table(cafe, title=title, topic_key=key, seats=seats, description=text, host_name=host, notes=notes)
    rank_demo_topics(cafe, people, random.Random(12))
    solve_cafe(cafe, seconds=seconds, seed=2026)
    plans.publish(cafe, now=at or utcnow(), notify=False)  # demo people get no mail
    return people[0] if people else None


def rank_demo_topics(cafe, people: list[Ticket], rng: random.Random) -> None:
    """Most people rank three to five topics, drawn by popularity; a few rank none."""
    keys = [key for key, _title, _text in TOPICS]
    for ticket in people:
        if rng.random() < 0.1:
            continue
        wanted = rng.randint(3, 5)
        ranked: list[str] = []
        while len(ranked) < wanted:
            key = rng.choices(keys, weights=POPULARITY)[0]
            if key not in ranked:
                ranked.append(key)
        choices.rank_topics(cafe, ticket, ranked, now=cafe.created_at)


def seed_and_show(event: Event) -> None:
    """Seed the café and print a participant's ticket link (their page shows the rotation)."""
    attendee = seed_smart_city_cafe(event)
    if attendee is not None:
        link = external_url("ticketing.ticket", token=attendee.access_token)
        click.echo(f"World Café attendee: {attendee.attendee_name}  ({link})")
