"""The printable program and the door signs, read back by independent tools: pdftotext for the words and their
order, pdffonts for the fonts, pdftoppm and zxing-cpp for the door signs' QR codes."""

import re
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import zxingcpp
from babel.dates import format_date
from PIL import Image

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Contribution, Speaker, Track
from tests.factories import BERLIN, login, make_event, make_user

LONG_TITLE = (
    "Digitale Souveränität für Kommunen in Mecklenburg-Vorpommern: offene Standards, gemeinsame Rechenzentren, "
    "Datenräume für Verwaltung und Wirtschaft und was Landkreise jetzt konkret tun können, bevor Verträge auslaufen"
)


def at(event, hour, minute=0, day=0):
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


def pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's words in drawing order (pdftotext -raw), whitespace collapsed."""
    (tmp_path / "read.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", "read.pdf", "-"], cwd=tmp_path, check=True, capture_output=True)
    return [" ".join(page.split()) for page in out.stdout.decode().split("\f")[:-1]]


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """(word, x_min, x_max) in points for every word, via pdftotext -bbox."""
    (tmp_path / "bbox.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "bbox.pdf", "-"], cwd=tmp_path, check=True, capture_output=True)
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out.stdout.decode()
    )
    return [(word, float(x0), float(x1)) for x0, x1, word in found]


def qr_codes(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """The QR codes zxing-cpp reads on each page, rasterised at 150 dpi by pdftoppm."""
    (tmp_path / "qr.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "qr.pdf", "page"], cwd=tmp_path, check=True)
    found = []
    for png in sorted(tmp_path.glob("page-*.png")):
        with Image.open(png) as image:
            found.append([barcode.text for barcode in zxingcpp.read_barcodes(image)])
    return found


def fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    (tmp_path / "fonts.pdf").write_bytes(pdf)
    out = subprocess.run(["pdffonts", "fonts.pdf"], cwd=tmp_path, check=True, capture_output=True, text=True)
    return {line.split()[0].split("+")[-1] for line in out.stdout.splitlines()[2:]}


def in_order(text: str, parts: list[str]) -> bool:
    """Whether every part occurs in text, each after the one before."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@pytest.fixture
def noerd(app_ctx):
    """A published two-day event: three rooms, talks placed out of time order, one talk moved after publishing."""
    event = make_event("noerd", days=2)
    forum = Room(
        event=event, name="NØRD Forum", kind="stage", capacity=800, access_notes="stufenlos, Induktionsschleife"
    )
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=24, access_notes="stufenlos")
    lounge = Room(event=event, name="NØRD Lounge", kind="lounge", capacity=120)
    ai = Track(event=event, name="KI")
    ada = Speaker(event=event, name="Ada Lovelace", organization="Analytical Engines")
    grace = Speaker(event=event, name="Grace Hopper")
    db.session.add_all([forum, workzone, lounge, ai, ada, grace])
    db.session.flush()

    def place(title, room, starts_at, **fields):
        made = Contribution(event=event, title=title, state="accepted", **fields)
        db.session.add(made)
        db.session.flush()
        program.schedule(made, room, starts_at, actor=None)
        return made

    talks = {
        "ki": place("KI in der Verwaltung", forum, at(event, 11), format="talk", language="en", speakers=[grace]),
        "opening": place(
            "Eröffnung", forum, at(event, 9), format="keynote", duration_minutes=45, track=ai, speakers=[ada, grace]
        ),
        "break": place("Frühstück mit Ødegaard", forum, at(event, 10), format="talk"),
        "workshop": place("Threat Modeling", workzone, at(event, 9, 30), format="workshop", duration_minutes=90),
        "long": place(LONG_TITLE, lounge, at(event, 13), format="panel", duration_minutes=60),
        "closing": place("Abschluss", forum, at(event, 16, day=1), format="talk", speakers=[ada]),
    }
    db.session.add(Contribution(event=event, title="Noch ohne Platz", state="accepted"))
    program.publish_schedule(event, now=utcnow(), actor=None)
    program.schedule(talks["ki"], workzone, at(event, 14), actor=None)  # after publishing: "geändert"
    db.session.commit()
    return event, talks, {"forum": forum, "workzone": workzone, "lounge": lounge}


@pytest.fixture
def program_client(client, noerd):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    return client


def signs_url(event, day=0, room=None) -> str:
    url = f"/manage/events/{event.id}/program/door-signs.pdf?day={event.days[day].isoformat()}"
    return url + (f"&room={room.id}" if room else "")


# The public program ------------------------------------------------------------------------------------------------


def test_program_pdf_lists_each_day_room_by_room_with_sessions_in_time_order(noerd, client, tmp_path):
    event, _, _ = noerd

    response = client.get(f"/e/{event.slug}/program.pdf")

    pages = pages_text(response.data, tmp_path)
    text = " ".join(pages)
    assert (response.status_code, response.mimetype, response.data[:5]) == (200, "application/pdf", b"%PDF-")
    assert response.headers["Content-Disposition"] == 'inline; filename="noerd-programm.pdf"'
    assert pages[0].startswith("NØRD Test Programm · ")
    assert "HanseMesse Rostock, Zur HanseMesse 1, 18106 Rostock" in pages[0]
    assert in_order(
        text,
        [
            format_date(event.days[0], "full", locale="de"),
            "NØRD Forum",
            "09:00–09:45 Eröffnung Keynote · Deutsch · KI Ada Lovelace (Analytical Engines), Grace Hopper",
            "10:00–10:30 Frühstück mit Ødegaard Vortrag · Deutsch",
            "NØRD Lounge",
            "13:00–14:00",
            "NØRD Workzone",
            "09:30–11:00 Threat Modeling Workshop · Deutsch",
            "14:00–14:30 geändert KI in der Verwaltung Vortrag · Englisch Grace Hopper",
            format_date(event.days[1], "full", locale="de"),
            "NØRD Forum",
            "16:00–16:30 Abschluss",
        ],
    )
    assert "stufenlos, Induktionsschleife" in text
    assert "Noch ohne Platz" not in text
    assert "07:00" not in text and "08:00" not in text  # wall-clock times in Berlin, not UTC
    assert pages[-1].startswith(format_date(event.days[1], "full", locale="de"))  # the second day starts a page


def test_program_pdf_in_english_labels_everything_in_english(noerd, client, tmp_path):
    event, _, _ = noerd
    client.get("/language/en")

    response = client.get(f"/e/{event.slug}/program.pdf")

    pages = pages_text(response.data, tmp_path)
    text = " ".join(pages)
    assert response.headers["Content-Disposition"] == 'inline; filename="noerd-program.pdf"'
    assert "09:00–09:45 Eröffnung Keynote · German · KI" in text
    assert "14:00–14:30 changed KI in der Verwaltung Talk · English" in text
    assert "Access: stufenlos, Induktionsschleife" in text
    assert in_order(text, [format_date(event.days[0], "full", locale="en_GB"), "NØRD Forum"])
    assert "“changed”: moved or changed after the timetable was published." in pages[0]
    assert [page.endswith(f"NØRD Test Page {n} of {len(pages)}") for n, page in enumerate(pages, 1)] == [True] * len(
        pages
    )


def test_program_pdf_wraps_long_titles_inside_the_margins_with_the_embedded_font(noerd, client, tmp_path):
    event, _, _ = noerd

    pdf = client.get(f"/e/{event.slug}/program.pdf").data

    text = " ".join(pages_text(pdf, tmp_path))
    boxes = word_boxes(pdf, tmp_path)
    assert LONG_TITLE in text  # every word, nothing cut
    assert "…" not in text
    assert all(x0 > 18 * 2.83 - 1 and x1 < (210 - 18) * 2.83 + 1 for _, x0, x1 in boxes)  # A4 with 18 mm margins
    assert len({round(x0) for word, x0, _ in boxes if word == "Digitale"}) == 1
    assert fonts(pdf, tmp_path) == {"DejaVuSansCondensed", "DejaVuSansCondensed-Bold"}


def test_program_pdf_shows_changes_made_after_it_was_first_downloaded(noerd, client, tmp_path):
    event, talks, rooms = noerd
    before = pages_text(client.get(f"/e/{event.slug}/program.pdf").data, tmp_path)
    program.schedule(talks["break"], rooms["lounge"], at(event, 15), actor=None)
    talks["workshop"].title = "Threat Modeling für Kommunen"
    rooms["lounge"].name = "NØRD Lounge (1. OG)"
    db.session.commit()

    after = " ".join(pages_text(client.get(f"/e/{event.slug}/program.pdf").data, tmp_path))

    assert "10:00–10:30 Frühstück" in " ".join(before)
    assert in_order(after, ["NØRD Lounge (1. OG)", "13:00–14:00", "15:00–15:30 geändert Frühstück mit Ødegaard"])
    assert "Threat Modeling für Kommunen" in after
    assert "10:00–10:30" not in after


def test_program_pdf_of_a_published_timetable_without_sessions_says_so(app_ctx, client, tmp_path):
    event = make_event("leer")
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()
    client.get("/language/en")

    response = client.get(f"/e/{event.slug}/program.pdf")

    assert response.status_code == 200
    assert "No contributions are scheduled yet." in pages_text(response.data, tmp_path)[0]


def test_program_pdf_is_not_found_until_the_timetable_is_published(app_ctx, client):
    unpublished = make_event("entwurf")
    draft_event = make_event("noch-nicht", status="draft")
    withdrawn = make_event("zurueckgezogen")
    for event in (draft_event, withdrawn):
        program.publish_schedule(event, now=utcnow(), actor=None)
    program.withdraw_schedule(withdrawn, actor=None)
    db.session.commit()

    statuses = [client.get(f"/e/{e.slug}/program.pdf").status_code for e in (unpublished, draft_event, withdrawn)]

    assert statuses + [client.get("/e/gibt-es-nicht/program.pdf").status_code] == [404, 404, 404, 404]


def test_public_schedule_links_the_program_pdf(noerd, client):
    event, _, _ = noerd

    html = client.get(f"/e/{event.slug}/schedule").get_data(as_text=True)

    assert f'<a href="/e/{event.slug}/program.pdf">' in html


# Door signs --------------------------------------------------------------------------------------------------------


def test_door_sign_shows_the_rooms_sessions_of_the_day_its_access_notes_and_qr_code(program_client, noerd, tmp_path):
    event, _, rooms = noerd
    forum = rooms["forum"]

    response = program_client.get(signs_url(event, room=forum))

    (page,) = pages_text(response.data, tmp_path)
    day = event.days[0].isoformat()
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert response.headers["Content-Disposition"].startswith('inline; filename="noerd-')
    assert response.headers["Content-Disposition"].endswith(f'-nord-forum-{day}.pdf"')
    assert page.startswith("NØRD Test NØRD Forum ")
    assert "stufenlos, Induktionsschleife" in page
    assert in_order(
        page,
        [
            "09:00–09:45 Eröffnung Ada Lovelace (Analytical Engines), Grace Hopper",
            "10:00–10:30 Frühstück mit Ødegaard",
        ],
    )
    assert "Threat Modeling" not in page and "Abschluss" not in page and "KI in der Verwaltung" not in page
    assert qr_codes(response.data, tmp_path) == [[f"http://127.0.0.1:5000/e/noerd/schedule?day={day}&room={forum.id}"]]


def test_the_door_signs_qr_code_opens_that_rooms_schedule_of_the_day(program_client, noerd, tmp_path):
    event, talks, rooms = noerd
    pdf = program_client.get(signs_url(event, room=rooms["workzone"])).data
    [[url]] = qr_codes(pdf, tmp_path)

    page = program_client.get(url.removeprefix("http://127.0.0.1:5000")).get_data(as_text=True)

    shown = [int(i) for i in re.findall(r'data-contribution="(\d+)"', page)]
    assert shown == [talks["workshop"].id, talks["ki"].id]


def test_a_contribution_moved_to_another_room_is_on_the_new_rooms_sign_only(program_client, noerd, tmp_path):
    event, _, rooms = noerd

    old = pages_text(program_client.get(signs_url(event, room=rooms["forum"])).data, tmp_path)[0]
    new = pages_text(program_client.get(signs_url(event, room=rooms["workzone"])).data, tmp_path)[0]

    assert "KI in der Verwaltung" not in old
    assert in_order(new, ["09:30–11:00 Threat Modeling", "14:00–14:30 geändert KI in der Verwaltung Grace Hopper"])


def test_door_signs_of_a_day_have_one_page_per_room_each_with_its_own_qr_code(program_client, noerd, tmp_path):
    event, _, rooms = noerd
    day = event.days[1].isoformat()
    program_client.get("/language/en")

    response = program_client.get(signs_url(event, day=1))

    pages = pages_text(response.data, tmp_path)
    assert response.headers["Content-Disposition"] == f'inline; filename="noerd-door-signs-{day}.pdf"'
    assert [page.split(" ")[2:4] for page in pages] == [["NØRD", "Forum"], ["NØRD", "Lounge"], ["NØRD", "Workzone"]]
    assert "16:00–16:30 Abschluss Ada Lovelace (Analytical Engines)" in pages[0]
    assert "Eröffnung" not in pages[0]
    expected = [
        [f"http://127.0.0.1:5000/e/noerd/schedule?day={day}&room={rooms[key].id}"]
        for key in ("forum", "lounge", "workzone")
    ]
    assert qr_codes(response.data, tmp_path) == expected


def test_door_signs_page_in_english_says_when_a_room_has_no_sessions(program_client, noerd, tmp_path):
    event, _, rooms = noerd
    program_client.get("/language/en")

    pages = pages_text(program_client.get(signs_url(event, day=1, room=rooms["lounge"])).data, tmp_path)

    assert "No sessions in this room on this day." in pages[0]
    assert "This room's program, always up to date" in pages[0]


def test_program_overview_offers_door_signs_per_day_and_the_program_pdf(program_client, noerd):
    event, _, rooms = noerd

    html = program_client.get(f"/manage/events/{event.id}/program").get_data(as_text=True)

    assert f'<form method="get" action="/manage/events/{event.id}/program/door-signs.pdf">' in html
    assert f'<option value="{event.days[1].isoformat()}">' in html
    assert f'<option value="{rooms["forum"].id}">NØRD Forum</option>' in html
    assert f'href="/e/{event.slug}/program.pdf"' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "day=",
        "day=morgen",
        "day=2027-13-01",
        "day=20270526",
        "day=２０２７-０５-２６",
        "day=1999-01-01",
        "room=abc",
    ],
)
def test_bad_day_or_room_is_a_clear_bad_request(program_client, noerd, query):
    event, _, _ = noerd
    expected = "Wählen Sie einen Tag der Veranstaltung (JJJJ-MM-TT)."
    if query == "room=abc":
        query, expected = f"day={event.days[0].isoformat()}&room=abc", "Wählen Sie einen Raum der Veranstaltung."

    response = program_client.get(f"/manage/events/{event.id}/program/door-signs.pdf?{query}")

    assert response.status_code == 400
    assert expected in response.text


def test_room_of_another_event_or_absurd_id_is_not_found(program_client, noerd):
    event, _, _ = noerd
    other = make_event("andere")
    foreign = Room(event=other, name="Saal", kind="stage", capacity=50)
    db.session.add(foreign)
    db.session.commit()
    day = event.days[0].isoformat()

    statuses = [
        program_client.get(f"/manage/events/{event.id}/program/door-signs.pdf?day={day}&room={room}").status_code
        for room in (foreign.id, 99999999999999999999)
    ]

    assert statuses + [program_client.get(f"/manage/events/999999/program/door-signs.pdf?day={day}").status_code] == [
        404,
        404,
        404,
    ]


def test_door_signs_of_an_event_without_rooms_are_a_bad_request(program_client, app_ctx):
    event = make_event("ohne-raeume")

    response = program_client.get(signs_url(event))

    assert response.status_code == 400


def test_door_signs_are_for_program_and_admin_roles_only(app, client, noerd):
    event, _, _ = noerd
    make_user("einlass@example.org", roles=("checkin",))
    make_user("admin@example.org", roles=("admin",))
    checkin_client, admin_client = app.test_client(), app.test_client()
    login(checkin_client, "einlass@example.org")
    login(admin_client, "admin@example.org")

    anonymous = client.get(signs_url(event))
    checkin_staff = checkin_client.get(signs_url(event))
    admin = admin_client.get(signs_url(event))

    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert (checkin_staff.status_code, admin.status_code) == (403, 200)


# The renderers directly ----------------------------------------------------------------------------------------------


def test_a_crowded_door_sign_stays_on_one_page_and_points_to_the_qr_code_for_the_rest(noerd, tmp_path):
    from events.program.printing.prints import door_sign_pdf

    event, _, rooms = noerd
    forum = rooms["forum"]
    crowded = [
        Contribution(
            event=event, title=f"Kurzvortrag Nummer {n} über {'sehr ' * 8}lange Titel", room=forum, room_id=forum.id,
            starts_at=at(event, 8) + timedelta(minutes=15 * n), duration_minutes=15, format="talk", language="de",
        )
        for n in range(40)
    ]  # fmt: skip

    pdf = door_sign_pdf(event, forum, event.days[0], crowded, url="https://example.org/r", language="en")

    (page,) = pages_text(pdf, tmp_path)
    shown = re.findall(r"Kurzvortrag Nummer (\d+)", page)
    assert shown == [str(n) for n in range(len(shown))] and 15 < len(shown) < 40
    assert page.endswith(f"… and {40 - len(shown)} more: see the QR code. Online: https://example.org/r NØRD Test")


def test_door_sign_keeps_long_names_inside_the_page_and_prints_any_alphabet(noerd, tmp_path):
    from events.program.printing.prints import door_sign_pdf

    event, talks, rooms = noerd
    forum = rooms["forum"]
    forum.name = ("Großer Konferenzsaal der HanseMesse im Obergeschoss Nord " * 3)[:120]  # the longest allowed
    forum.access_notes = ("stufenlos über den Aufzug am Eingang Süd, Induktionsschleife in Reihe 1 bis 4 " * 4)[:300]
    talks["opening"].speakers[0].name = "Łukasz Dvořák-Şahin"

    pdf = door_sign_pdf(event, forum, event.days[0], [talks["opening"]], url="https://example.org/r", language="de")

    (page,) = pages_text(pdf, tmp_path)
    boxes = word_boxes(pdf, tmp_path)
    assert "Łukasz Dvořák-Şahin (Analytical Engines)" in page
    assert page.count("…") == 2  # the room's name and its access notes, each cut after two lines
    assert all(x0 > 14 * 2.83 - 1 and x1 < (210 - 14) * 2.83 + 1 for _, x0, x1 in boxes)  # A4, 14 mm margins
    assert qr_codes(pdf, tmp_path) == [["https://example.org/r"]]
