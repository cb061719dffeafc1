"""`flask demo seed`: events shaped like the real ones (NØRD, Regionalkonferenz Smart City, an IHK workshop).

Dates are set a few months after the day the demo is made, so booking is open whenever someone tries it.
"""

import random
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
from demo import cockpit_messages, cockpit_users
from demo.agendas import seed_agendas
from demo.partner_program import seed_noerd_partner_program
from demo.partners import DEMO_PARTNER, seed_noerd_partners
from demo.program import plan_noerd_program, seed_noerd_program, seed_smart_city_program
from demo.tickets import seed_ticket_holders
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
    "Bestätigungs-E-Mail löschen; sechs Monate nach der Veranstaltung werden sie anonymisiert."
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


def demo_events(today: date) -> list[DemoEvent]:
    """The demo's events, on Wednesdays a few months after `today`."""

    def wednesday_after(days: int) -> date:
        start = today + timedelta(days=days)
        return start + timedelta(days=(2 - start.weekday()) % 7)

    return [
        DemoEvent(
            "noerd", "NØRD – Digital Convention MV", "HanseMesse Rostock", "Zur HanseMesse 1–2, 18106 Rostock",
            wednesday_after(120), 2, (time(9), time(18)), 1, NOERD_DESCRIPTION,
        ),
        DemoEvent(
            "regionalkonferenz-smart-city", "Regionalkonferenz Smart City Vorpommern-Rügen", "Rathaus Stralsund",
            "Alter Markt, 18439 Stralsund", wednesday_after(60), 1, (time(13), time(18)), 2, SMART_CITY_DESCRIPTION,
        ),
        DemoEvent(
            "ihk-smart-city-werkstatt", "Smart City Werkstatt in der IHK", "IHK zu Rostock",
            "Ernst-Barlach-Straße 1–3, 18055 Rostock", wednesday_after(40), 1, (time(16), time(19, 30)), 3,
            IHK_DESCRIPTION,
        ),
    ]  # fmt: skip


def create_demo_event(spec: DemoEvent, now: datetime, actor: User) -> Event:
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
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=closes,
        description=spec.description,
        privacy_text=PRIVACY_TEXT,
    )
    event = services.create_event(details, actor=actor)
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
        event, label="Wie haben Sie von der NØRD erfahren?", kind="choice",
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
    seed_one_room_event(event, 80, rooms, actor)
    services.save_question(
        event, label="Aus welchem Bereich kommen Sie?", kind="choice", is_required=True,
        choices_text="Zivilgesellschaft\nVerwaltung\nPolitik\nWirtschaft\nWissenschaft\nAndere", actor=actor,
    )  # fmt: skip
    services.save_question(event, label="Möchten Sie im Fablab VR-Brillen ausprobieren?", kind="yesno", actor=actor)


def seed_legal_pages(actor: User) -> None:
    impressum = core_services.legal_page("impressum", create=True)
    impressum.body_de = (
        "Treffpunkt-Demo\n\nVeranstalter: Digitale Innovationsregion MV (Beispiel)\nMusterstraße 1, 18055 Rostock"
        "\n\nKontakt: info@treffpunkt.example"
    )
    impressum.body_en = "Treffpunkt demo\n\nOrganizer: Digital innovation region MV (example)"
    privacy = core_services.legal_page("datenschutz", create=True)
    privacy.body_de = PRIVACY_TEXT + "\n\nTreffpunkt lädt keine Inhalte von Dritten: keine Schriften, keine Tracker."
    privacy.body_en = (
        "We process your name, email address, organization and answers only to organize your participation. "
        "The data stays on the organizers' server and is shared with nobody. Treffpunkt loads nothing from third "
        "parties: no fonts, no trackers."
    )


def demo_admin(instance_path: str) -> tuple[User, str]:
    """The demo's organizer account and its password (made once, kept in instance/, never committed)."""
    path = Path(instance_path) / "demo-login.txt"
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
    seeders = {"noerd": seed_noerd, "regionalkonferenz-smart-city": seed_smart_city}
    for spec in demo_events(now.astimezone(BERLIN).date()):
        event = create_demo_event(spec, now, admin)
        if spec.slug in seeders:
            seeders[spec.slug](event, admin)
        else:
            seed_one_room_event(event, 70, [("Saal", "stage", 70), ("Workshopraum", "workshop", 25)], admin)
    seed_legal_pages(admin)
    db.session.flush()
    rng = random.Random(2026)  # the same people every time the demo is made
    for slug, holders in (("noerd", 3000), ("regionalkonferenz-smart-city", 62), ("ihk-smart-city-werkstatt", 41)):
        seed_ticket_holders(db.session.scalar(select(Event).where(Event.slug == slug)), holders, rng)
    seed_noerd_program(db.session.scalar(select(Event).where(Event.slug == "noerd")), rng)
    seed_agendas(db.session.scalar(select(Event).where(Event.slug == "noerd")), rng)
    plan_noerd_program(db.session.scalar(select(Event).where(Event.slug == "noerd")), admin, now)
    seed_smart_city_program(db.session.scalar(select(Event).where(Event.slug == "regionalkonferenz-smart-city")))
    seed_smart_city_cafe(db.session.scalar(select(Event).where(Event.slug == "regionalkonferenz-smart-city")))
    seed_workshop_signups(rng)
    seed_noerd_partner_program(db.session.scalar(select(Event).where(Event.slug == "noerd")), now, admin)
    seed_noerd_partners(db.session.scalar(select(Event).where(Event.slug == "noerd")), instance_path, password, now)
    db.session.flush()
    for event in db.session.scalars(select(Event)).all():
        speakers = db.session.scalars(select(Speaker).where(Speaker.event_id == event.id)).all()
        sync_speaker_tickets(event, speakers, now=now)
    cockpit_users.seed_team(admin, password, now)
    cockpit_messages.seed_messages(admin, now)
    return admin, password, True


@demo_cli.command("seed")
def seed_command():
    """Fill an empty database with the demo and print the organizer login."""
    admin, password, created = seed_demo(utcnow(), current_app.instance_path)
    db.session.commit()
    click.echo("Demo data created." if created else "Demo data already present.")
    click.echo(f"Organizer login: {admin.email} / {password}  (http://127.0.0.1:5000/login)")
    click.echo(f"Partner login:   {DEMO_PARTNER} / {password}  (the partner portal of Hochschule Stralsund)")
    click.echo(f"Program / door:  {cockpit_users.DEMO_PROGRAM}, {cockpit_users.DEMO_CHECKIN} / {password}")
