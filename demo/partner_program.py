"""NØRD's partner packages and its call for contributions: open now, with a deadline some weeks ahead (and well
before the event), so the demo's partners can submit talks and workshops at once."""

from datetime import datetime, time, timedelta

from core.models import User
from events.models import Event
from partners.review import packages

# name, booth size, booth staff passes, what it includes, how many there are
NOERD_PACKAGES = [
    ("Hauptpartner", "6 × 4 m", 8, "Logo auf allen Medien, Keynote-Slot, Stand in der Halle", 3),
    ("Partner", "4 × 3 m", 5, "Logo auf der Website, Stand in der Halle", 12),
    ("Ausstellerstand M", "3 × 3 m", 3, "Stand mit Strom, Tisch und zwei Stühlen", 40),
    ("Ausstellerstand S", "2 × 2 m", 2, "Stehtisch mit Strom", 40),
    ("Medienpartner", "", 2, "Logo auf der Website, Pressezugang", 6),
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
