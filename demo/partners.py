"""NØRD's partners and exhibitors: a few named ones (one still in review, one on the waiting list) and generated
ones, so the directory holds over 70 partners and 80 exhibitors, each approved with a package, a generated logo
(stored through the upload function, so re-encoded) and topics; exhibitors have booth numbers ("H1-23"). The
named ones' speakers' contributions are theirs in the program."""

import random
from datetime import datetime
from functools import cache
from io import BytesIO

from sqlalchemy import select

from core.extensions import db
from core.models import User
from core.security.guards import hash_password
from demo.partner_program import seed_noerd_submissions
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


# Generated organizations, so the directory looks like a real fair's: about 70 partners, sponsors, institutions and
# media, and 80 exhibitors in all, each with a booth. Names combine regional words, sectors and legal forms.
EXHIBITORS = 80
OTHERS = 72
TOWNS = (
    ("Rostock", "18055"), ("Stralsund", "18439"), ("Greifswald", "17489"), ("Wismar", "23966"), ("Schwerin", "19053"),
    ("Neubrandenburg", "17033"), ("Güstrow", "18273"), ("Bergen auf Rügen", "18528"), ("Waren (Müritz)", "17192"),
    ("Anklam", "17389"), ("Barth", "18356"), ("Parchim", "19370"), ("Ludwigslust", "19288"), ("Pasewalk", "17309"),
)  # fmt: skip
REGIONAL = (
    "Ostsee", "Hanse", "Küsten", "Bodden", "Warnow", "Peene", "Müritz", "Nordlicht", "Leuchtturm", "Seewind",
    "Bernstein", "Darß", "Rügen", "Usedom", "Haff", "Recknitz", "Strelasund", "Mecklenburg", "Pommern", "Kranich",
)  # fmt: skip
SUFFIXES = ("soft", "tec", "werk", "net", "labs", "data", "com", "tronic")
LEGAL_FORMS = ("GmbH", "GmbH", "GmbH", "UG (haftungsbeschränkt)", "GmbH & Co. KG", "AG", "eG", "KG")
# sector word in a name, description (de), description (en), the track numbers it fits
SECTORS = (
    (
        "Data",
        "Rechenzentrum und Cloud-Hosting aus Mecklenburg-Vorpommern.",
        "Data centre and cloud hosting from MV.",
        (0, 3),
    ),
    (
        "Software",
        "Individuelle Software für Mittelstand und Verwaltung.",
        "Custom software for SMEs and administration.",
        (0, 2),
    ),
    ("Energie", "Energiemanagement für Betriebe und Kommunen.", "Energy management for businesses and towns.", (3, 4)),
    (
        "Windtechnik",
        "Service und Datenanalyse für Windparks an Land und auf See.",
        "Service and data analysis for wind farms.",
        (3,),
    ),
    (
        "Logistik",
        "Digitale Lieferketten zwischen Hafen, Schiene und Straße.",
        "Digital supply chains from port to road.",
        (3, 4),
    ),
    (
        "Medizintechnik",
        "Vernetzte Geräte für Praxen und Kliniken im ländlichen Raum.",
        "Connected devices for rural clinics.",
        (0,),
    ),
    (
        "Robotik",
        "Roboter und Automatisierung für Werften und Werkstätten.",
        "Robots and automation for shipyards.",
        (0, 1),
    ),
    ("Agrar-IT", "Sensoren und Software für die Landwirtschaft.", "Sensors and software for farming.", (1, 4)),
    ("Solar", "Solaranlagen mit Monitoring für Dächer und Freiflächen.", "Solar plants with monitoring.", (3,)),
    (
        "Maritime Systeme",
        "Navigation, Sensorik und Software für Schiffe.",
        "Navigation, sensors and software for ships.",
        (0, 3),
    ),
    ("IT-Sicherheit", "Sicherheitsprüfungen und Schulungen für Unternehmen.", "Security audits and training.", (0, 2)),
    ("Sensorik", "Messtechnik für Wasser, Luft und Gebäude.", "Measurement for water, air and buildings.", (1, 4)),
    (
        "Glasfaser",
        "Planung und Bau von Glasfasernetzen im ländlichen Raum.",
        "Planning and building rural fibre networks.",
        (4,),
    ),
    (
        "Mobilität",
        "Apps und Plattformen für Bus, Rad und Fähre.",
        "Apps and platforms for bus, bike and ferry.",
        (2, 4),
    ),
    (
        "Wasserstoff",
        "Elektrolyse und Speicher für grünen Wasserstoff.",
        "Electrolysis and storage for green hydrogen.",
        (3,),
    ),
    ("Lernwerk", "Digitale Bildung für Schulen und Betriebe.", "Digital education for schools and companies.", (1, 2)),
    ("Geodaten", "Karten, Drohnenflüge und digitale Zwillinge.", "Maps, drone flights and digital twins.", (0, 4)),
    ("Design", "UX-Design und barrierefreie Webseiten.", "UX design and accessible websites.", (1, 2)),
    (
        "Tourismus-IT",
        "Buchungssysteme und Gästekarten für Küstenorte.",
        "Booking systems and guest cards for the coast.",
        (2,),
    ),
    ("Games", "Serious Games und Simulationen für Ausbildung.", "Serious games and simulations for training.", (1,)),
)
INSTITUTIONS = (
    "Hochschule Wismar", "Universität Greifswald", "Hochschule Neubrandenburg", "Technologiezentrum {town}",
    "Innovationszentrum {town}", "Gründerhaus {town}", "Volkshochschule {town}", "Stadtbibliothek {town}",
    "Digitalagentur {town}", "Zentrum für Digitalisierung {town}", "Landesforschungsinstitut {sector}",
    "Kompetenzzentrum {sector} MV", "Berufsschule {town}", "Amt für Digitales {town}",
)  # fmt: skip
PARTNERS = (
    "{region} Digital e. V.", "Netzwerk {sector} MV e. V.", "Cluster {sector} MV e. V.", "{region}Hub e. V.",
    "Förderverein Digitales {town} e. V.", "Unternehmerverband {region}", "Initiative {region} vernetzt",
    "{town}er Gründungsnetzwerk", "Offenes Labor {town} e. V.", "Frauen in der IT {region} e. V.",
)  # fmt: skip
SPONSORS = ("Stadtwerke {town}", "{region} Energie AG", "Volksbank {region} eG", "{region} Versicherung AG",
            "{region} Bau GmbH & Co. KG", "Hafengesellschaft {town} mbH")  # fmt: skip
MEDIA = ("{region} Radio", "{town}er Rundschau", "{region} TV", "Digitalmagazin {region}", "Podcast {region} digital",
         "{town} Aktuell")  # fmt: skip
KIND_MIX = ("institution",) * 22 + ("partner",) * 27 + ("sponsor",) * 9 + ("media",) * 9
COLOURS = ("#0b4f6c", "#004a99", "#179c7d", "#a4161a", "#5c7c00", "#8a1c7c", "#1e6b34", "#7a4b00", "#005f73",
           "#9b2226", "#3a0ca3", "#2b2d42", "#6a4c93", "#1d3557", "#386641", "#bc4749")  # fmt: skip
FIRST_NAMES = "Anke Jens Maren Ole Sabine Torben Frauke Hauke Ines Malte Nele Sönke Katrin Lars Wiebke Finn"
LAST_NAMES = "Petersen Kühl Brandt Wendt Jürgens Voß Lange Möller Hansen Schröder Behrens Ahrens Dethloff Saß"


@cache
def logo_font(size: int):
    from PIL import ImageFont  # Pillow only while seeding: the CLI's modules load with every web worker

    return ImageFont.load_default(size=size)


def logo_png(name: str, colour: str, side: int = 160) -> bytes:
    """A simple logo: the initials on a square of the organization's colour (small, so the demo is made fast)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (side, side), colour)
    draw = ImageDraw.Draw(image)
    words = [w for w in name.replace("-", " ").split() if w[0].isalnum()]
    initials = "".join(word[0] for word in words[:2]).upper()
    draw.rounded_rectangle((6, 6, side - 7, side - 7), radius=side // 12, outline="white", width=4)
    draw.text((side / 2, side / 2), initials, fill="white", anchor="mm", font=logo_font(side * 2 // 5))
    out = BytesIO()
    image.save(out, "PNG", compress_level=1)  # store_image compresses it again
    return out.getvalue()


def slug_of(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "&": " "}))
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_name).split())[:40]


def company_name(rng: random.Random) -> tuple[str, tuple]:
    """An exhibitor's name and its sector, in one of four shapes."""
    sector = rng.choice(SECTORS)
    region, town, legal = rng.choice(REGIONAL), rng.choice(TOWNS)[0], rng.choice(LEGAL_FORMS)
    shape = rng.randrange(4)
    if shape == 0:
        return f"{region} {sector[0]} {legal}", sector
    if shape == 1:
        return f"{region}{rng.choice(SUFFIXES)} {legal}", sector
    if shape == 2:
        return f"{sector[0]} {town.split()[0]} {legal}", sector
    last = LAST_NAMES.split()
    return f"{rng.choice(last)} & {rng.choice(last)} {sector[0]} {legal}", sector


def other_name(kind: str, rng: random.Random) -> tuple[str, tuple]:
    """A partner's, sponsor's, institution's or medium's name and the sector it is about."""
    sector = rng.choice(SECTORS)
    pattern = rng.choice({"institution": INSTITUTIONS, "partner": PARTNERS, "sponsor": SPONSORS, "media": MEDIA}[kind])
    name = pattern.format(region=rng.choice(REGIONAL), town=rng.choice(TOWNS)[0].split()[0], sector=sector[0])
    return name, sector


def generated(rng: random.Random, taken: set[str]) -> list[dict]:
    """The generated organizations: exhibitors first, then the others, every name once."""
    wanted = [("exhibitor", None)] * (EXHIBITORS - 2) + [(kind, None) for kind in KIND_MIX]
    rows = []
    for kind, _ in wanted:
        while True:
            name, sector = company_name(rng) if kind == "exhibitor" else other_name(kind, rng)
            if name not in taken:
                taken.add(name)
                break
        rows.append({"name": name, "kind": kind, "sector": sector})
    return rows


def package_for(kind: str, counts: dict[str, int], rng: random.Random) -> str:
    if kind == "exhibitor":
        return "Ausstellerstand M" if rng.random() < 0.5 else "Ausstellerstand S"
    if kind == "media":
        return "Medienpartner"
    if kind == "sponsor" and counts.get("Hauptpartner", 0) < 5:
        return "Hauptpartner"
    return "Partner"


def booth_numbers(rng: random.Random, taken: set[str]) -> list[str]:
    """Free booth numbers of the three halls ("H2-17"), in random order."""
    numbers = [f"H{hall}-{n:02d}" for hall in (1, 2, 3) for n in range(1, 51)]
    free = [b for b in numbers if b not in taken]
    rng.shuffle(free)
    return free


def seed_noerd_partners(event: Event, instance_path: str, password: str, now: datetime) -> None:
    """Organizations for NØRD, with the packages `demo.partner_program` made; the first approved one belongs to the
    demo partner account, which logs in with the demo organizer's password. Then the generated ones, all approved
    with a package, a logo and topics; exhibitors and partners with a booth get a booth number."""
    packages = {p.name: p for p in db.session.scalars(select(Package).where(Package.event_id == event.id))}
    tracks = list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.id)))
    hashed = hash_password(password)
    rng = random.Random(7)
    logos = upload_dir(instance_path)
    counts: dict[str, int] = {}
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
            logo=store_image(logo_png(name, colour), logos),
        )  # fmt: skip
        if state == "approved":
            counts[package] = counts.get(package, 0) + 1
        organization.topic_ids = [tracks[i].id for i in topics if i < len(tracks)]
        organization.memberships.append(Membership(user=user, role="owner", created_at=now))
        if state != "submitted":
            organization.messages.append(OrganizationMessage(state=state, body=DECISIONS[state], created_at=now))
        db.session.add(organization)
    booths = booth_numbers(rng, {row[3] for row in ORGANIZATIONS if row[3]})
    for row in generated(rng, {row[0] for row in ORGANIZATIONS}):
        package = package_for(row["kind"], counts, rng)
        counts[package] = counts.get(package, 0) + 1
        organization = generated_organization(
            event, row, packages[package], booths, tracks, logos, hashed=hashed, now=now, rng=rng
        )
        db.session.add(organization)
    db.session.flush()
    link_contributions(event)
    seed_noerd_submissions(event, now)


def generated_organization(event, row: dict, package, booths: list[str], tracks, logos, *, hashed: str, now, rng):
    """One generated, approved organization with its owner, logo, topics and, where its package has a booth, a
    booth number."""
    name, kind, (_word, de, en, topics) = row["name"], row["kind"], row["sector"]
    slug = slug_of(name)
    town, postcode = rng.choice(TOWNS)
    first, last = rng.choice(FIRST_NAMES.split()), rng.choice(LAST_NAMES.split())
    email = f"{slug_of(first)}.{slug_of(last)}@{slug}.example"
    user = User(email=email, name=f"{first} {last}", password_hash=hashed, email_confirmed_at=now)
    user.roles = ()
    phone = f"0{rng.randint(3800, 3999)} {rng.randint(10000, 999999)}"
    organization = Organization(
        event=event, name=name, kind=kind, state="approved", address=f"{postcode} {town}",
        description_de=de, description_en=en if rng.random() < 0.7 else "", website=f"https://www.{slug}.example",
        contact_name=user.name, contact_email=email, contact_phone=phone,
        requested_package=package, package=package, booth_number=booths.pop() if package.booth_size else "",
        needs_power=kind == "exhibitor", needs_internet=rng.random() < 0.4, created_at=now, reviewed_at=now,
        logo=store_image(logo_png(name, rng.choice(COLOURS)), logos),
    )  # fmt: skip
    extra = rng.sample(range(len(tracks)), k=min(len(tracks), rng.randint(0, 1)))
    organization.topic_ids = [tracks[i].id for i in (*topics, *extra) if i < len(tracks)]
    organization.memberships.append(Membership(user=user, role="owner", created_at=now))
    organization.messages.append(OrganizationMessage(state="approved", body=DECISIONS["approved"], created_at=now))
    return organization


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
