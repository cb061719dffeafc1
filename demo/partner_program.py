"""NØRD's partner packages and its call for contributions: open now, with a deadline some weeks ahead (and well
before the event), so the demo's partners can submit talks and workshops at once. Some partners have submitted
already; the program team has reviewed most of those submissions (two or three reviewers each, with scores)."""

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from core.extensions import db
from core.models import User
from events.models import Event
from events.program.models import Contribution, Speaker, Track
from partners.models import Organization
from partners.review import packages
from partners.review.scoring import reviews

# name, booth size, booth staff passes, what it includes, how many there are
NOERD_PACKAGES = [
    ("Hauptpartner", "6 × 4 m", 8, "Logo auf allen Medien, Keynote-Slot, Stand in der Halle", 5),
    ("Partner", "4 × 3 m", 5, "Logo auf der Website, Stand in der Halle", 60),
    ("Ausstellerstand M", "3 × 3 m", 3, "Stand mit Strom, Tisch und zwei Stühlen", 50),
    ("Ausstellerstand S", "2 × 2 m", 2, "Stehtisch mit Strom", 45),
    ("Medienpartner", "", 2, "Logo auf der Website, Pressezugang", 12),
]
CALL_WEEKS = 6
CALL_DESCRIPTION = (
    "Wir suchen Vorträge, Workshops und Panels aus der Praxis: Was hat in eurem Unternehmen, eurer Verwaltung oder "
    "eurem Verein mit Digitalisierung funktioniert, und was nicht?"
)


def seed_noerd_partner_program(event: Event, now: datetime, actor: User | None) -> None:
    """Packages and an open call for NØRD; the call closes CALL_WEEKS from now, or three weeks before the event."""
    for position, (name, booth_size, staff_passes, includes, quantity) in enumerate(NOERD_PACKAGES):
        package = packages.save_package(
            event,
            name=name,
            booth_size=booth_size,
            staff_passes=staff_passes,
            includes=includes,
            quantity=quantity,
            actor=actor,
        )
        package.position = position
    three_weeks_before = datetime.combine(event.days[0] - timedelta(weeks=3), time(23, 59), event.tz)
    deadline = min(now + timedelta(weeks=CALL_WEEKS), three_weeks_before)
    packages.save_call(
        event,
        opens_at=now - timedelta(days=7),
        deadline_at=max(deadline, now + timedelta(days=7)),
        formats=("talk", "panel", "workshop", "deep_dive"),
        description=CALL_DESCRIPTION,
        actor=actor,
    )


# organization, title, format, minutes, track number, abstract: submitted to the call, not yet decided
SUBMISSIONS = [
    ("Hochschule Stralsund", "Studierende bauen Apps für die Kreisverwaltung", "talk", 30, 2,
     "Ein Semesterprojekt, drei Ämter, fünf Prototypen: was Verwaltung und Hochschule voneinander lernen."),
    ("Universität Rostock", "Forschungsdaten teilen, ohne den Überblick zu verlieren", "talk", 30, 0,
     "Wie ein Datenraum für Meeresforschung entsteht und wer darin was sehen darf."),
    ("Universität Rostock", "Sprachmodelle im Hörsaal: ein Jahr Erfahrung", "panel", 45, 0,
     "Lehrende und Studierende berichten, was sich verändert hat und was nicht."),
    ("Fraunhofer IGD", "Digitaler Zwilling für den Stadthafen", "deep_dive", 45, 3,
     "Sensoren, 3D-Modell und Simulation: ein Blick in den Werkzeugkasten."),
    ("Stadtwerke Stralsund", "Glasfaser bis ins letzte Dorf: Zwischenbilanz", "talk", 15, 4,
     "Was der Ausbau gekostet hat, wo es hakt und was die Anschlussquote treibt."),
    ("Stadtwerke Stralsund", "Smart Meter für Mieter*innen erklärt", "workshop", 90, 4,
     "Ein Workshop mit echten Geräten: ablesen, verstehen, Strom sparen."),
    ("Nordic Data GmbH", "Abwärme aus dem Rechenzentrum heizt ein Wohnquartier", "talk", 30, 3,
     "Vom Pilotprojekt zum Regelbetrieb: Technik, Verträge und Zahlen."),
    ("MakerPort Stralsund", "Löten für Einsteiger*innen: ein Umweltsensor zum Mitnehmen", "workshop", 90, 1,
     "Sie bauen einen Feinstaubsensor und verbinden ihn mit einer offenen Karte."),
    ("MakerPort Stralsund", "Offene Werkstätten als Lernorte auf dem Land", "panel", 45, 1,
     "Drei Werkstätten aus Vorpommern erzählen, wie sie Jugendliche erreichen."),
    ("Nordic Data GmbH", "Souveräne Cloud für Kommunen in MV", "deep_dive", 45, 0,
     "Welche Dienste eine Kommune wirklich braucht und wo sie laufen sollten."),
]  # fmt: skip
# (score, comment) a reviewer may give
REVIEW_NOTES = [
    (5, "Sehr praxisnah, passt genau in den Call."),
    (4, "Gutes Thema; die Zeit ist knapp bemessen."),
    (4, "Interessant für Kommunen, bitte mit konkreten Zahlen."),
    (3, "Solide, aber ähnlich zu einem Beitrag vom letzten Jahr."),
    (2, "Wirkt eher wie eine Produktvorstellung."),
    (3, ""),
    (5, ""),
    (1, "Passt nicht zum Publikum."),
]
REVIEWED = 8  # submissions with reviews; the last two still wait for reviewers


def seed_noerd_submissions(event: Event, now: datetime) -> None:
    """Contributions the named partners submitted to the open call in the last days, by their own speakers."""
    tracks = list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.id)))
    organizations = {
        o.name: o
        for o in db.session.scalars(
            select(Organization).where(Organization.event_id == event.id, Organization.state == "approved")
        )
    }
    for number, (name, title, fmt, minutes, track, abstract) in enumerate(SUBMISSIONS):
        speakers = db.session.scalars(
            select(Speaker).where(Speaker.event_id == event.id, Speaker.organization == name).order_by(Speaker.id)
        ).all()
        contribution = Contribution(
            event=event, title=title, abstract=abstract, format=fmt, duration_minutes=minutes, state="submitted",
            track=tracks[track] if track < len(tracks) else None, organization_id=organizations[name].id,
            created_at=now - timedelta(days=len(SUBMISSIONS) - number, hours=number),
        )  # fmt: skip
        contribution.speakers = list(speakers[number % 2 :: 5][:2]) or list(speakers[:1])
        db.session.add(contribution)
    db.session.flush()


def seed_noerd_reviews(event: Event, now: datetime) -> None:
    """Two or three of the program team review most submissions; on some, one reviewer has not scored yet."""
    reviewers = reviews.eligible_reviewers()
    if len(reviewers) < 2:
        return
    rng = random.Random(16)
    submitted = db.session.scalars(
        select(Contribution)
        .where(Contribution.event_id == event.id, Contribution.state == "submitted")
        .where(Contribution.organization_id.is_not(None))
        .order_by(Contribution.created_at, Contribution.id)
    ).all()
    for number, contribution in enumerate(submitted[:REVIEWED]):
        chosen = rng.sample(reviewers, k=min(len(reviewers), rng.choice((2, 3))))
        reviews.assign_reviewers(contribution, chosen, actor=None, now=now)
        pending = chosen[-1] if number % 3 == 2 else None
        for reviewer in chosen:
            if reviewer is not pending:
                value, comment = rng.choice(REVIEW_NOTES)
                reviews.score(contribution, reviewer, value, comment, now=now)
