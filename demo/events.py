"""`flask demo seed`: events shaped like the real ones (NØRD, Regionalkonferenz Smart City, an IHK workshop).

Everything sits on one timeline around the day the demo is made ("now"): the coming editions take place a few
months later, their registration opened some weeks ago and their bookings came in between then and now; the
Regionalkonferenz's previous edition took place three weeks ago (demo/past_edition.py).
"""

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from core import services as core_services
from core.db import utcnow
from core.extensions import db
from core.models import User
from core.security.guards import hash_password
from demo import past_edition
from demo.agendas import seed_agendas
from demo.cockpit import messages as cockpit_messages
from demo.cockpit import users as cockpit_users
from demo.cockpit.occupancy import seed_room_counts
from demo.cockpit.series_contacts import seed_series_contacts
from demo.partner_program import seed_noerd_partner_program, seed_noerd_reviews
from demo.partners import DEMO_PARTNER, seed_noerd_partners
from demo.program import plan_noerd_program, seed_noerd_program, seed_smart_city_program
from demo.tickets import CANCELLED_SHARE, cancel_some, seed_ticket_holders, seed_waitlist
from demo.workshops import seed_workshop_signups
from demo.worldcafe import seed_and_show as seed_smart_city_cafe
from events import services
from events.models import Event, Room
from events.program.models import Speaker
from ticketing.booking import capacity
from ticketing.speaker_tickets import sync_speaker_tickets

demo_cli = AppGroup("demo", help="Demo data.")
BERLIN = ZoneInfo("Europe/Berlin")
DEMO_ADMIN = "admin@treffpunkt.example"

NOERD_DESCRIPTION = (
    "Die NØRD ist die Digital Convention Mecklenburg-Vorpommerns: zwei Tage in der HanseMesse Rostock mit über "
    "70 Partnern, 80 Ausstellenden und mehr als 300 Fachbeiträgen – Keynotes, Fachpanels, Workshops und "
    "Deep Dives.\n\n"
    "Themen: Technologie und Innovation, digitale Gesellschaft und Teilhabe, Wirtschaft und Bildung, "
    "Nachhaltigkeit und ClimateTech, smarte Lösungen für Städte und Regionen.\n\n"
    "Der Eintritt ist frei; bitte buchen Sie Ihr Ticket online."
)
SMART_CITY_DESCRIPTION = (
    "Die Regionalkonferenz Smart City Vorpommern-Rügen bringt Zivilgesellschaft, Verwaltung, Politik, Wirtschaft "
    "und Wissenschaft im Stralsunder Rathaus zusammen: Vorträge zu digitaler Verwaltung, 5G, Internet der Dinge "
    "und Virtual Reality, ein Fablab zum Ausprobieren und ein World Café.\n\n"
    "An den World-Café-Tischen arbeiten Sie in mehreren Runden an den Themen nachhaltige Mobilität, Bildung, "
    "(Cyber-)Sicherheit, Versorgung und Energie, Kultur und Freizeit sowie Gesundheit und Soziales. Die "
    "Ergebnisse fließen in eine Smart-City-Charta der Stadt ein."
)
IHK_DESCRIPTION = (
    "Die Ergebnisse des Smart-City-Projekts der Stadt, vorgestellt für Wirtschaft und Verwaltung, mit drei "
    "Workshops, in denen Sie Rückmeldung geben."
)
PRIVACY_TEXT = (
    "Wir verarbeiten Ihren Namen, Ihre E-Mail-Adresse, Ihre Organisation und Ihre Antworten nur, um Ihre "
    "Teilnahme zu organisieren (Art. 6 Abs. 1 lit. b DSGVO). Die Daten liegen auf dem Server der Veranstalter "
    "und werden an niemanden weitergegeben. Sie können Ihre Daten jederzeit über den Link in Ihrer "
    "Bestätigungs-E-Mail löschen; nach Ablauf der Speicherfrist (siehe Datenschutzerklärung) werden sie "
    "anonymisiert."
)


@dataclass
class DemoEvent:
    slug: str
    name: str
    venue: str
    address: str
    first_day: date
    days: int
    hours: tuple[time, time]
    closes_days_before: int
    description: str
    opens_on: date  # registration opened at 10:00 that day
    series: str = ""


def demo_events(today: date) -> list[DemoEvent]:
    """The demo's coming events, on Wednesdays a few months after `today`, registration open for some weeks."""

    def wednesday_after(days: int) -> date:
        start = today + timedelta(days=days)
        return start + timedelta(days=(2 - start.weekday()) % 7)

    return [
        DemoEvent(
            "noerd", "NØRD – Digital Convention MV", "HanseMesse Rostock", "Zur HanseMesse 1–2, 18106 Rostock",
            wednesday_after(120), 2, (time(9), time(18)), 1, NOERD_DESCRIPTION, today - timedelta(weeks=8),
        ),
        DemoEvent(
            "regionalkonferenz-smart-city", "Regionalkonferenz Smart City Vorpommern-Rügen", "Rathaus Stralsund",
            "Alter Markt, 18439 Stralsund", wednesday_after(60), 1, (time(13), time(18)), 2, SMART_CITY_DESCRIPTION,
            today - timedelta(weeks=4),
        ),
        DemoEvent(
            "ihk-smart-city-werkstatt", "Smart City Werkstatt in der IHK", "IHK zu Rostock",
            "Ernst-Barlach-Straße 1–3, 18055 Rostock", wednesday_after(40), 1, (time(16), time(19, 30)), 3,
            IHK_DESCRIPTION, today - timedelta(weeks=3),
        ),
    ]  # fmt: skip


def past_smart_city(today: date) -> DemoEvent:
    """The Regionalkonferenz's previous edition: same place and hours, three to four weeks before `today`."""
    day = past_edition.past_day(today)
    return DemoEvent(
        past_edition.PAST_SMART_CITY_SLUG, past_edition.PAST_SMART_CITY_NAME, "Rathaus Stralsund",
        "Alter Markt, 18439 Stralsund", day, 1, (time(13), time(18)), 2, SMART_CITY_DESCRIPTION,
        day - timedelta(weeks=5), series="regionalkonferenz-smart-city",
    )  # fmt: skip


def create_demo_event(spec: DemoEvent, actor: User) -> Event:
    last_day = spec.first_day + timedelta(days=spec.days - 1)
    closes = datetime.combine(spec.first_day - timedelta(days=spec.closes_days_before), time(23, 59), BERLIN)
    details = services.EventDetails(
        name=spec.name,
        slug=spec.slug,
        venue=spec.venue,
        address=spec.address,
        timezone="Europe/Berlin",
        starts_at=datetime.combine(spec.first_day, spec.hours[0], BERLIN),
        ends_at=datetime.combine(last_day, spec.hours[1], BERLIN),
        registration_opens_at=datetime.combine(spec.opens_on, time(10), BERLIN),
        registration_closes_at=closes,
        description=spec.description,
        privacy_text=PRIVACY_TEXT,
    )
    event = services.create_event(details, actor=actor, series=spec.series)
    services.set_event_status(event, "published", actor=actor)
    return event


def seed_noerd(event: Event, actor: User) -> None:
    day1, day2 = event.days
    hall1 = capacity.save_quota(event, name="Halle Tag 1", capacity=2500, overbooking_percent=15, actor=actor)
    hall2 = capacity.save_quota(event, name="Halle Tag 2", capacity=2500, overbooking_percent=15, actor=actor)
    db.session.flush()
    for name, quotas, days in (
        ("Tag 1", [hall1], [day1]),
        ("Tag 2", [hall2], [day2]),
        ("Beide Tage", [hall1, hall2], [day1, day2]),
    ):
        capacity.save_ticket_type(event, name=name, quota_ids=[q.id for q in quotas], valid_days=days, actor=actor)
    db.session.add_all(
        [
            Room(
                event=event,
                name="NØRD Forum",
                kind="stage",
                capacity=800,
                access_notes="stufenlos, Induktionsschleife",
            ),
            Room(event=event, name="NØRD Workzone", kind="workshop", capacity=40, access_notes="stufenlos"),
            Room(event=event, name="NØRD Lounge", kind="lounge", capacity=120, access_notes="stufenlos"),
        ]
    )
    services.save_question(
        event, label="Wie haben Sie von der NØRD erfahren?", kind="choice", is_required=True,
        choices_text="Presse\nSoziale Medien\nKolleginnen und Kollegen\nPartner oder Aussteller\nAndere", actor=actor,
    )  # fmt: skip
    services.save_question(event, label="Benötigen Sie einen stufenlosen Zugang?", kind="yesno", actor=actor)


def seed_one_room_event(event: Event, seats: int, rooms: list[tuple[str, str, int]], actor: User) -> None:
    quota = capacity.save_quota(event, name="Saal", capacity=seats, actor=actor)
    db.session.flush()
    capacity.save_ticket_type(event, name="Teilnahme", quota_ids=[quota.id], valid_days=event.days, actor=actor)
    db.session.add_all([Room(event=event, name=n, kind=k, capacity=c) for n, k, c in rooms])


def seed_smart_city(event: Event, actor: User) -> None:
    rooms = [("Löwenscher Saal", "stage", 90), ("World Café", "cafe", 80), ("Fablab", "workshop", 20)]
    seed_one_room_event(event, SMART_CITY_SEATS, rooms, actor)  # the stakeholder group is the form's own field
    services.save_question(event, label="Möchten Sie im Fablab VR-Brillen ausprobieren?", kind="yesno", actor=actor)


SMART_CITY_SEATS = 80
PROGRAM_SEED = 2026
ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTROLLER_DE = (
    "Digitale Innovationsregion MV (Beispiel), Musterstraße 1, 18055 Rostock, datenschutz@treffpunkt.example, "
    "Telefon 0381 000000"
)
DEMO_CONTROLLER_EN = (
    "Digitale Innovationsregion MV (example), Musterstraße 1, 18055 Rostock, Germany, datenschutz@treffpunkt.example, "
    "phone +49 381 000000"
)


def seed_legal_pages(actor: User) -> None:
    impressum = core_services.legal_page("impressum", create=True)
    impressum.body_de = (
        "Treffpunkt-Demo\n\nVeranstalter: Digitale Innovationsregion MV (Beispiel)\nMusterstraße 1, 18055 Rostock"
        "\n\nKontakt: info@treffpunkt.example"
    )
    impressum.body_en = "Treffpunkt demo\n\nOrganizer: Digital innovation region MV (example)"
    # The privacy policy is the app's default text (its period comes from RETENTION_DAYS), the controller filled in.
    privacy = core_services.legal_page("datenschutz", create=True)
    for lang, controller in (("de", DEMO_CONTROLLER_DE), ("en", DEMO_CONTROLLER_EN)):
        default = (ROOT / "templates" / "core" / f"privacy_default.{lang}.txt").read_text(encoding="utf-8")
        setattr(privacy, f"body_{lang}", re.sub(r"(?m)^\[[^\]]*\]$", controller, default, count=1))


def login_file(instance_path: str) -> Path:
    """Where the demo's password is kept: `demo-login.txt` for the default database (instance/treffpunkt.db), else
    one file per database (`demo-login-<file stem or PostgreSQL database name>.txt`), so a second demo database does
    not overwrite the first one's password."""
    url = db.engine.url
    name = Path(url.database or "").stem if url.get_backend_name() == "sqlite" else (url.database or "")
    default = Path(instance_path) / "treffpunkt.db"
    if url.get_backend_name() == "sqlite" and Path(url.database or "").resolve() == default.resolve():
        return Path(instance_path) / "demo-login.txt"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "memory"
    return Path(instance_path) / f"demo-login-{safe}.txt"


def demo_admin(instance_path: str) -> tuple[User, str]:
    """The demo's organizer account and its password (made once, kept in instance/, never committed)."""
    path = login_file(instance_path)
    user = db.session.scalar(select(User).where(User.email == DEMO_ADMIN))
    if user is None or not path.exists():
        password = core_services.generate_password()
        if user is None:
            user = core_services.create_user(DEMO_ADMIN, "Demo-Admin", password, ["admin", "program", "checkin"])
        else:
            user.password_hash = hash_password(password)
        path.write_text(password)
        path.chmod(0o600)
    return user, path.read_text().strip()


def seed_demo(now: datetime, instance_path: str) -> tuple[User, str, bool]:
    """Create the demo once; return the organizer login and whether anything was created."""
    admin, password = demo_admin(instance_path)
    if db.session.scalar(select(Event.id).limit(1)) is not None:
        return admin, password, False
    today = now.astimezone(BERLIN).date()
    seeders = {"noerd": seed_noerd, "regionalkonferenz-smart-city": seed_smart_city}
    for spec in demo_events(today):
        event = create_demo_event(spec, admin)
        if spec.slug in seeders:
            seeders[spec.slug](event, admin)
        else:
            seed_one_room_event(event, 70, [("Saal", "stage", 70), ("Workshopraum", "workshop", 25)], admin)
    past = create_demo_event(past_smart_city(today), admin)
    seed_smart_city(past, admin)
    seed_legal_pages(admin)
    db.session.flush()
    rng = random.Random(2026)  # the same people every time the demo is made
    seed_coming_bookings(now, rng)
    # The program's own draws, whatever time of day the demo is made (the bookings' draws depend on it).
    seed_noerd_program(event_of("noerd"), random.Random(PROGRAM_SEED))
    seed_agendas(event_of("noerd"), rng)
    plan_noerd_program(event_of("noerd"), admin, now)
    seed_smart_city_program(event_of("regionalkonferenz-smart-city"))
    seed_smart_city_cafe(event_of("regionalkonferenz-smart-city"))
    past_edition.seed_past_edition(past, admin, rng)
    seed_room_counts(past, rng)
    seed_series_contacts(past, rng)
    seed_workshop_signups(rng)
    # The call opens and closes on the full hour, as an organizer would set it.
    call_now = now.replace(minute=0, second=0, microsecond=0)
    seed_noerd_partner_program(event_of("noerd"), call_now, admin)
    seed_noerd_partners(event_of("noerd"), instance_path, password, now)
    db.session.flush()
    for event in db.session.scalars(select(Event)).all():
        speakers = db.session.scalars(select(Speaker).where(Speaker.event_id == event.id)).all()
        sync_speaker_tickets(event, speakers, now=now)
    cockpit_users.seed_team(admin, password, now)
    seed_noerd_reviews(event_of("noerd"), now)  # rev: the program team (seeded just above) reviews submissions
    cockpit_messages.seed_messages(admin, now)
    return admin, password, True


def event_of(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def seed_coming_bookings(now: datetime, rng: random.Random) -> None:
    """The coming editions' bookings from their opening until now, a few cancelled since. The Regionalkonferenz
    (about 80 people, as the real one) sold out after some weeks: people joined its waiting list, and those first
    in line took the seats that cancellations freed."""
    for slug, holders in (("noerd", 3000), ("ihk-smart-city-werkstatt", 41)):
        event = event_of(slug)
        seed_ticket_holders(event, round(holders / (1 - CANCELLED_SHARE)), rng, until=now)  # `holders` remain
        cancel_some(event, rng, now=now)
    smart_city = event_of("regionalkonferenz-smart-city")
    sold_out_at = smart_city.registration_opens_at + (now - smart_city.registration_opens_at) * 0.6
    seed_ticket_holders(smart_city, SMART_CITY_SEATS, rng, until=sold_out_at)
    joined_until = sold_out_at + (now - sold_out_at) / 2
    seed_waitlist(smart_city, 7, rng, sold_out_at=sold_out_at, until=joined_until)
    cancel_some(smart_city, rng, now=now, after=joined_until)


@demo_cli.command("seed")
def seed_command():
    """Fill an empty database with the demo and print the organizer login."""
    admin, password, created = seed_demo(utcnow(), current_app.instance_path)
    db.session.commit()
    click.echo("Demo data created." if created else "Demo data already present.")
    click.echo(f"Organizer login: {admin.email} / {password}  (http://127.0.0.1:5000/login)")
    click.echo(f"Partner login:   {DEMO_PARTNER} / {password}  (the partner portal of Hochschule Stralsund)")
    click.echo(f"Program / door:  {cockpit_users.DEMO_PROGRAM}, {cockpit_users.DEMO_CHECKIN} / {password}")
    click.echo(f"Password kept in {login_file(current_app.instance_path)}")
