"""A program shaped like NØRD's (15 spaces, ~300 contributions, 120 speakers over two days) and the
Regionalkonferenz afternoon; placed without hard conflicts and published.

NØRD's day has four blocks between coffee and lunch breaks (its program settings); every contribution is seeded in
a block of a room of a suitable kind, starting on the 15-minute grid, workshops only in the workshop rooms. Every
speaker has a home room: their contributions are in that room at different times, so nobody is in two places at
once. Once the attendees' agendas are seeded, the timetable planner improves this timetable (fewer clashes in the
agendas, tracks kept together), the proposal is applied and the timetable published; the planner keeps every hard
rule, so the conflict checker has nothing to report on the demo.
"""

import random
from datetime import datetime, time, timedelta

from core.db import utcnow
from core.extensions import db
from core.models import User
from events.models import Event, Room
from events.program import placing as program
from events.program.models import Contribution, Speaker, Track
from events.program.planner import proposals as planner
from events.program.planner.models import TimetableProposal
from events.program.planner.settings import save_settings

NOERD_ROOMS = [
    ("NØRD Forum", "stage", 800),
    ("NØRD Stage 2", "stage", 300),
    ("NØRD Lounge", "lounge", 120),
    ("NØRD Workzone", "workshop", 40),
    ("NØRD Workzone 2", "workshop", 30),
    ("NØRD Workzone 3", "workshop", 30),
    ("NØRD Workzone 4", "workshop", 30),
    ("NØRD Workzone 5", "workshop", 24),
    ("Deep Dive 1", "lounge", 100),
    ("Deep Dive 2", "lounge", 100),
    ("Ausstellerbühne A", "exhibition", 150),
    ("Ausstellerbühne B", "exhibition", 100),
    ("Ausstellerbühne C", "exhibition", 90),
    ("Start-up Corner", "exhibition", 90),
    ("NØRD Café", "cafe", 80),
]
WORKSHOP_ROOMS = [name for name, kind, _ in NOERD_ROOMS if kind == "workshop"]
TRACKS = [
    ("Technologie & Innovation", "#0b4f6c"),
    ("Digitale Gesellschaft & Teilhabe", "#8a1c7c"),
    ("Wirtschaft & Bildung", "#1e6b34"),
    ("Nachhaltigkeit & ClimateTech", "#5c7c00"),
    ("Smart City & Region", "#a4161a"),
]
TOPICS = [
    "KI in der Verwaltung",
    "Open Data im Landkreis",
    "5G auf dem Land",
    "Digitale Bürgerdienste",
    "Cybersicherheit für KMU",
    "Nachhaltige Rechenzentren",
    "Smarte Häfen",
    "Barrierefreie Websites",
    "Wärmewende digital",
    "Fachkräfte gewinnen",
    "Digitale Schule",
    "Citizen Science",
    "Sensoren im Stadtraum",
    "Mobilität auf dem Land",
    "Start-ups aus MV",
    "Energiedaten nutzen",
    "Digitale Zwillinge",
    "Datensouveränität",
    "Ehrenamt digital",
    "Tourismus 4.0",
    "KI in der Pflege",
    "Telemedizin auf dem Land",
    "Glasfaser für Dörfer",
    "Digitale Landwirtschaft",
    "Offshore-Wind und Daten",
]
# What a contribution asks of its topic: "KI in der Pflege: Was Vorpommern von Skandinavien lernen kann".
ANGLES = [
    "Was Vorpommern von Skandinavien lernen kann",
    "Erfahrungen aus {place}",
    "Ein Praxisbericht aus {place}",
    "Wie {place} es angepackt hat",
    "Erste Schritte für kleine Gemeinden",
    "Was bis 2030 zu tun ist",
    "Lehren aus drei Jahren Praxis",
    "Zwischen Anspruch und Alltag",
    "Chancen für den ländlichen Raum",
    "Was Verwaltung und Wirtschaft gemeinsam schaffen",
    "Von der Idee zum Pilotprojekt in {place}",
    "Mit kleinem Budget viel erreichen",
    "Datenschutz von Anfang an",
    "Barrierefrei für alle",
    "Was Start-ups beitragen",
    "Ein Blick über die Ostsee",
]
PLACES = ["Rostock", "Schwerin", "Stralsund", "Greifswald", "Wismar", "Neubrandenburg", "Rügen", "Usedom", "Güstrow",
          "Waren (Müritz)", "Ludwigslust", "Anklam", "Pasewalk", "Bergen auf Rügen"]  # fmt: skip
FIRST = (
    "Anna Ben Clara Deniz Emil Frieda Georg Hanna Ilse Jonas Karla Lars Maja Nils Ole Paula Rieke Sven Tomasz Ulrike"
)
LAST = (
    "Becker Schulz Özdemir Nowak Hansen Petersen Krüger Wolff Brandt Lange Möller Jürgens Kowalski Schröder Voß Wendt"
)
ORGANIZATIONS = [
    "Hochschule Stralsund",
    "Universität Rostock",
    "Fraunhofer IGD",
    "Stadtwerke Stralsund",
    "Hansestadt Rostock",
    "Landkreis Vorpommern-Rügen",
    "MakerPort Stralsund",
    "Nordic Data GmbH",
]
# The day between breaks (coffee 10:30, lunch 12:30, coffee 15:00), as the planner's settings say it; the last
# block is not filled to its end, so the planner has room to move things.
BLOCKS = [(time(9), time(10, 30)), (time(11), time(12, 30)), (time(13, 30), time(15)), (time(15, 30), time(18))]
BLOCKS_TEXT = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in BLOCKS)
GRID = timedelta(minutes=15)
# What a room of each kind holds in each block, in order, (format, minutes); each starts on the 15-minute grid.
# Workshops only in the workshop rooms, and nothing else there; the lounges (Deep Dives among them) take panels and
# deep dives.
DAY_PLAN = {
    "stage": [
        [("keynote", 45), ("talk", 15), ("talk", 30)],
        [("talk", 30), ("talk", 15), ("panel", 45)],
        [("talk", 15), ("talk", 30), ("panel", 45)],
        [("talk", 30), ("talk", 15), ("panel", 45), ("talk", 15), ("talk", 15)],
    ],
    "lounge": [
        [("panel", 45), ("deep_dive", 45)],
        [("deep_dive", 45), ("deep_dive", 45)],
        [("panel", 45), ("deep_dive", 45)],
        [("deep_dive", 45), ("deep_dive", 45), ("panel", 45)],
    ],
    "workshop": [[("workshop", 90)], [("workshop", 90)], [("workshop", 90)], [("workshop", 120)]],
    "exhibition": [
        [("talk", 30), ("talk", 15), ("talk", 30), ("talk", 15)],
        [("talk", 30), ("talk", 15), ("talk", 30), ("talk", 15)],
        [("talk", 30), ("talk", 15), ("talk", 30), ("talk", 15)],
        [("talk", 30), ("talk", 15), ("talk", 30), ("talk", 15), ("talk", 15), ("talk", 15)],
    ],
    "cafe": [[("world_cafe", 90)]] * 4,
}
# Speakers per room, so that each gives two to four contributions and the event has 120 in all.
SPEAKERS_PER_ROOM = {"stage": 12, "lounge": 6, "workshop": 4, "exhibition": 12, "cafe": 10}
PLANNER_SECONDS = 4  # the demo's proposal: short, so `make run` stays fast
PLANNER_ITERATIONS = 300_000  # the same proposal every time the demo is made (unless the clock cuts it short)


def seed_noerd_program(event: Event, rng: random.Random) -> None:
    """NØRD's spaces, tracks, speakers and ~300 contributions, placed in the blocks of the day but not yet published:
    `plan_noerd_program` plans them from the agendas and publishes the timetable."""
    existing = {room.name: room for room in event.rooms}
    rooms = []
    for name, kind, seats in NOERD_ROOMS:
        room = existing.get(name) or Room(event=event, name=name)
        room.kind, room.capacity = kind, seats
        rooms.append(room)
    db.session.add_all(rooms)
    tracks = [Track(event=event, name=name, colour=colour) for name, colour in TRACKS]
    db.session.add_all(tracks)
    speakers_by_room = {room.name: make_speakers(event, SPEAKERS_PER_ROOM[room.kind], rng) for room in rooms}
    db.session.flush()
    used: set[str] = set()  # no title twice in one program
    for day in event.days:
        for room in rooms:
            place_day(event, room, day, speakers_by_room[room.name], tracks, rng, used)
    save_settings(
        event,
        blocks_text=BLOCKS_TEXT,
        time_grid_minutes=int(GRID.total_seconds() // 60),
        workshop_room_ids=[room.id for room in rooms if room.name in WORKSHOP_ROOMS],
        attendee_conflict_weight=1.0,
        track_break_weight=20.0,
        may_move_published=False,
        actor=None,
    )


def plan_noerd_program(event: Event, actor: User | None, now: datetime) -> list[TimetableProposal]:
    """Plan NØRD day by day from its attendees' agendas (starting from the placements as seeded), apply each proposal
    and publish the timetable: the planner page shows the proposals with their figures before and after. Day by day,
    because a holder of a one-day ticket chose their agenda from that day: it must stay on it."""
    proposals = []
    for day in event.days:
        proposal = planner.compute_proposal(
            event, day=day, seconds=PLANNER_SECONDS / 2, seed=2026, user=actor, now=now,
            iterations=PLANNER_ITERATIONS // 2,
        )  # fmt: skip
        planner.apply_proposal(proposal, actor=actor, now=now)
        proposals.append(proposal)
    program.publish_schedule(event, now=now, actor=actor)
    return proposals


def make_speakers(event: Event, count: int, rng: random.Random) -> list[Speaker]:
    speakers = [
        Speaker(
            event=event,
            name=f"{rng.choice(FIRST.split())} {rng.choice(LAST.split())}",
            organization=rng.choice(ORGANIZATIONS),
            bio="Arbeitet an der Digitalisierung in Mecklenburg-Vorpommern.",
        )
        for _ in range(count)
    ]
    db.session.add_all(speakers)
    return speakers


def place_day(event, room, day, pool: list[Speaker], tracks: list[Track], rng: random.Random, used: set[str]) -> None:
    """Fill one room's blocks of a day from its plan, speakers taken in turn from the room's own pool."""
    for (opens, closes), plan in zip(BLOCKS, DAY_PLAN[room.kind], strict=True):
        starts, ends = datetime.combine(day, opens, event.tz), datetime.combine(day, closes, event.tz)
        for format_, minutes in plan:
            if starts + timedelta(minutes=minutes) > ends:
                break
            people = [pool.pop(0) for _ in range(3 if format_ == "panel" else 1)]
            pool.extend(people)  # back of the queue: each speaker appears two to four times over the two days
            contribution = Contribution(
                event=event,
                title=title_for(format_, rng, used),
                abstract="Praxisberichte und Diskussion aus der Region.",
                format=format_,
                duration_minutes=minutes,
                language="en" if rng.random() < 0.15 else "de",
                track=rng.choice(tracks),
                state="accepted",
                seats=min(room.capacity, 25) if format_ == "workshop" else None,
            )
            contribution.speakers = people
            db.session.add(contribution)
            program.schedule(contribution, room, starts, actor=None)
            starts += -(-timedelta(minutes=minutes) // GRID) * GRID  # the next start on the grid


def title_for(format_: str, rng: random.Random, used: set[str]) -> str:
    """A title not yet in `used` (which it joins): topic and angle, with the format named for the larger formats."""
    prefix = {"keynote": "Keynote: ", "panel": "Fachpanel: ", "workshop": "Workshop: ", "deep_dive": "Deep Dive: ",
              "world_cafe": "World Café: "}.get(format_, "")  # fmt: skip
    while True:
        angle = rng.choice(ANGLES).format(place=rng.choice(PLACES))
        title = f"{prefix}{rng.choice(TOPICS)}: {angle}"
        if title not in used:
            used.add(title)
            return title


def seed_smart_city_program(event: Event, *, published_at: datetime | None = None) -> None:
    """The Regionalkonferenz afternoon: welcome, talks, a World Café at six tables, fablab demos; published now (or
    at `published_at`, for a past edition)."""
    rooms = {room.name: room for room in event.rooms}
    people = {
        name: Speaker(event=event, name=name, organization=org)
        for name, org in (
            ("Oberbürgermeister", "Hansestadt Stralsund"),
            ("Referatsleitung Digitaler Wandel", "Land MV"),
            ("CTO", "IT-Dienstleister"),
            ("Teamleitung", "Fraunhofer IGD"),
            ("Fablab-Team", "MakerPort Stralsund"),
        )
    }
    plan = [
        ("Begrüßung", "keynote", 15, "Löwenscher Saal", "13:00", ["Oberbürgermeister"]),
        ("Digitalstrategie des Landes", "talk", 30, "Löwenscher Saal", "13:15", ["Referatsleitung Digitaler Wandel"]),
        ("Smart City aus Sicht der Wirtschaft", "talk", 30, "Löwenscher Saal", "13:45", ["CTO"]),
        ("Virtuelle Realität in der Stadtplanung", "talk", 30, "Löwenscher Saal", "14:15", ["Teamleitung"]),
        ("World Café: Ideen für die Smart-City-Charta", "world_cafe", 90, "World Café", "15:00", []),
        ("AR/VR zum Ausprobieren", "workshop", 120, "Fablab", "14:45", ["Fablab-Team"]),
        ("Ergebnisse und Ausblick", "talk", 30, "Löwenscher Saal", "17:00", ["Oberbürgermeister"]),
    ]
    day = event.days[0]
    for title, format_, minutes, room, starts, speakers in plan:
        contribution = Contribution(
            event=event,
            title=title,
            format=format_,
            duration_minutes=minutes,
            state="accepted",
            seats=20 if format_ == "workshop" else None,
        )
        contribution.speakers = [people[name] for name in speakers]
        db.session.add(contribution)
        hour, minute = map(int, starts.split(":"))
        program.schedule(contribution, rooms[room], datetime.combine(day, time(hour, minute), event.tz), actor=None)
    program.publish_schedule(event, now=published_at or utcnow(), actor=None)
