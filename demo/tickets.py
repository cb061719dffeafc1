"""Confirmed ticket holders for the demo events, so the attendee list, exports and the scanner have people to show.

They are written directly as confirmed tickets (no emails): this is demo data, not bookings people made.
"""

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import insert

from core.extensions import db
from events.models import Event
from ticketing.booking import capacity
from ticketing.booking.capacity import ticket_types_for
from ticketing.models import Booking, Ticket

FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "Deniz",
    "Emil",
    "Frieda",
    "Georg",
    "Hanna",
    "Ilse",
    "Jonas",
    "Karla",
    "Lars",
    "Maja",
    "Nils",
    "Ole",
    "Paula",
    "Rieke",
    "Sven",
    "Tomasz",
    "Ulrike",
    "Vivien",
    "Wiebke",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Becker",
    "Schulz",
    "Özdemir",
    "Nowak",
    "Hansen",
    "Petersen",
    "Krüger",
    "Wolff",
    "Brandt",
    "Lange",
    "Möller",
    "Jürgens",
    "Kowalski",
    "Schröder",
    "Voß",
    "Wendt",
    "Bartels",
    "Dąbrowski",
    "Ahrens",
    "Lüth",
]
ORGANIZATIONS = {
    "administration": ["Hansestadt Stralsund", "Landkreis Vorpommern-Rügen", "Hanse- und Universitätsstadt Rostock"],
    "business": ["Stadtwerke Stralsund", "Nordic Data GmbH", "Ostsee Software AG", "Hafenlogistik Rostock"],
    "science": ["Hochschule Stralsund", "Universität Rostock", "Fraunhofer IGD Rostock"],
    "civil_society": ["Digitalwerkstatt e. V.", "Seniorenbeirat Stralsund", "Jugendring Vorpommern"],
    "politics": ["Bürgerschaft Stralsund", "Kreistag Vorpommern-Rügen"],
    "other": [""],
}


def seed_ticket_holders(event: Event, count: int, rng: random.Random) -> None:
    """`count` confirmed ticket holders spread over the event's public ticket types, in bookings of one to three.

    Written in bulk (one multi-row INSERT for the bookings, one for the tickets) and the seats taken once per ticket
    type: NØRD's 3,000 holders would otherwise take most of the seed's time.
    """
    types = ticket_types_for(event, public_only=True)
    bookings, holders, seats = [], [], Counter()
    made = 0
    while made < count:
        group = rng.choice(list(ORGANIZATIONS))
        organization = rng.choice(ORGANIZATIONS[group])
        ticket_type = rng.choice(types)
        people = min(rng.choice((1, 1, 1, 2, 3)), count - made)
        seats[ticket_type] += people
        created = event.registration_opens_at + timedelta(hours=rng.randint(1, 24 * 20))
        names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(people)]
        bookings.append(
            dict(
                event_id=event.id, submission_key=f"demo-{event.slug}-{made}", buyer_name=names[0],
                buyer_email=email_for(names[0], made), state="confirmed", created_at=created, confirmed_at=created,
                consent_at=created, consent_privacy_version=event.privacy_version, consent_media=True,
            )
        )  # fmt: skip
        holders.append(
            [
                dict(
                    event_id=event.id, ticket_type_id=ticket_type.id, attendee_name=name,
                    attendee_email=email_for(name, made + offset), organization=organization,
                    stakeholder_group=group, state="valid", created_at=created,
                )
                for offset, name in enumerate(names)
            ]
        )  # fmt: skip
        made += people
    for ticket_type, taken in seats.items():
        capacity.take_seats(ticket_type, taken)
    booking_ids = db.session.scalars(insert(Booking).returning(Booking.id, sort_by_parameter_order=True), bookings)
    tickets = [
        dict(row, booking_id=booking_id) for booking_id, rows in zip(booking_ids, holders, strict=True) for row in rows
    ]
    db.session.execute(insert(Ticket), tickets)


def email_for(name: str, n: int) -> str:
    local = name.lower().translate(str.maketrans({" ": ".", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ą": "a"}))
    return f"{local}.{n}@example.org"
