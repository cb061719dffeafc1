"""A few of NØRD's partners and exhibitors: approved ones with generated logos (in the directory), one
still in review, one on the waiting list; the approved ones' speakers' contributions are theirs in the program."""

import random
from datetime import datetime
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import select

from core.extensions import db
from core.models import User
from core.security.guards import hash_password
from events.models import Event
from events.program.models import Contribution, Speaker, Track
from partners.models import Membership, Organization, OrganizationMessage, Package
from partners.portal.uploads import store_image, upload_dir

DEMO_PARTNER = "partner@treffpunkt.example"
ORGANIZATIONS = [
    # name, kind, package, booth, state, colour, description (de), description (en), track numbers
    ("Hochschule Stralsund", "institution", "Partner", "H1-03", "approved", "#0b4f6c",
     "Forschung und Lehre zu Energie, Digitalisierung und Wirtschaft am Strelasund.",
     "Research and teaching on energy, digitalisation and business by the Strelasund.", (0, 2)),
    ("Universität Rostock", "institution", "Hauptpartner", "H1-01", "approved", "#004a99",
     "Die älteste Universität im Ostseeraum zeigt Projekte aus der Informatik und den Lebenswissenschaften.",
     "The oldest university of the Baltic region shows projects from computer science and life sciences.", (0,)),
    ("Fraunhofer IGD", "partner", "Partner", "H1-07", "approved", "#179c7d",
     "Visual Computing für Häfen, Medizin und die maritime Wirtschaft.", "", (0, 3)),
    ("Stadtwerke Stralsund", "sponsor", "Hauptpartner", "H2-01", "approved", "#a4161a",
     "Energie, Wasser und Glasfaser für die Hansestadt.", "Energy, water and fibre for the Hanseatic city.", (3, 4)),
    ("Nordic Data GmbH", "exhibitor", "Ausstellerstand M", "H2-14", "approved", "#5c7c00",
     "Rechenzentren aus MV, betrieben mit Windstrom.", "Data centres in MV, run on wind power.", (0, 3)),
    ("MakerPort Stralsund", "exhibitor", "Ausstellerstand S", "H2-22", "approved", "#8a1c7c",
     "Offene Werkstatt: 3D-Druck, Lasercutter und Elektronik zum Anfassen.", "", (1, 2)),
    ("Ostsee-Zeitung", "media", "Medienpartner", "", "approved", "#1e6b34",
     "Die Tageszeitung für Rostock und Vorpommern berichtet von der NØRD.", "", (1,)),
    ("Küstencode UG", "exhibitor", "Ausstellerstand S", "", "submitted", "#333333",
     "Apps für Tourismus an der Küste.", "", (2,)),
    ("Hafenlicht GmbH", "exhibitor", "Ausstellerstand M", "", "waitlisted", "#666666",
     "Smarte Beleuchtung für Häfen und Innenstädte.", "", (4,)),
]  # fmt: skip


def logo_png(name: str, colour: str) -> bytes:
    """A simple logo: the initials on the organization's colour."""
    image = Image.new("RGB", (480, 240), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(word[0] for word in name.split()[:3]).upper()
    draw.rounded_rectangle((16, 16, 464, 224), radius=24, outline="white", width=6)
    draw.text((240, 120), initials, fill="white", anchor="mm", font_size=110)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed_noerd_partners(event: Event, instance_path: str, password: str, now: datetime) -> None:
    """Organizations for NØRD, with the packages `demo.partner_program` made; the first approved one belongs to the
    demo partner account, which logs in with the demo organizer's password."""
    packages = {p.name: p for p in db.session.scalars(select(Package).where(Package.event_id == event.id))}
    tracks = list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.id)))
    hashed = hash_password(password)
    rng = random.Random(7)
    for number, (name, kind, package, booth, state, colour, de, en, topics) in enumerate(ORGANIZATIONS):
        email = DEMO_PARTNER if number == 0 else f"kontakt{number}@partner.example"
        user = User(email=email, name=f"Kontakt {name}", password_hash=hashed, email_confirmed_at=now)
        user.roles = ()
        organization = Organization(
            event=event, name=name, kind=kind, state=state, address="Rostock", description_de=de, description_en=en,
            website=f"https://www.{name.split()[0].lower().replace('ü', 'ue')}.example", contact_name=user.name,
            contact_email=email, contact_phone=f"0381 {rng.randint(100000, 999999)}",
            requested_package=packages[package], package=packages[package] if state == "approved" else None,
            booth_number=booth, needs_power=kind == "exhibitor", created_at=now,
            reviewed_at=now if state != "submitted" else None,
            logo=store_image(logo_png(name, colour), upload_dir(instance_path)),
        )  # fmt: skip
        organization.topic_ids = [tracks[i].id for i in topics if i < len(tracks)]
        organization.memberships.append(Membership(user=user, role="owner", created_at=now))
        if state != "submitted":
            organization.messages.append(OrganizationMessage(state=state, body=DECISIONS[state], created_at=now))
        db.session.add(organization)
    db.session.flush()
    link_contributions(event)


DECISIONS = {
    "approved": "Herzlich willkommen auf der NØRD! Die Standunterlagen folgen im April.",
    "waitlisted": "Die Ausstellerfläche ist derzeit voll; wir melden uns, sobald ein Stand frei wird.",
}


def link_contributions(event: Event, per_organization: int = 3) -> None:
    """A few contributions whose speakers come from an approved organization become that organization's."""
    approved = {
        o.name: o
        for o in db.session.scalars(
            select(Organization).where(Organization.event_id == event.id, Organization.state == "approved")
        )
    }
    query = (
        select(Contribution, Speaker.organization)
        .join(Contribution.speakers)
        .where(Contribution.event_id == event.id, Speaker.organization.in_(approved))
        .order_by(Contribution.id)
    )
    linked: dict[str, int] = {}
    for contribution, name in db.session.execute(query):
        if contribution.organization_id is None and linked.get(name, 0) < per_organization:
            contribution.organization_id = approved[name].id
            linked[name] = linked.get(name, 0) + 1
