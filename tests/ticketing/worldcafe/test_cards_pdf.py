"""Host sheets and rotation cards read back by independent tools: pdftotext for the words, zxing-cpp for the QR."""

import subprocess

import pytest

from tests.ticketing.booking.test_ticket_documents import qr_codes_on_first_page
from ticketing.worldcafe.day.cards_pdf import (
    CardRow,
    HostSheet,
    Labels,
    RotationCard,
    RoundList,
    Seat,
    render_host_sheets,
    render_rotation_cards,
)

LABELS = Labels(
    language="de",
    event_name="Regionalkonferenz Smart City",
    cafe_title="World Café",
    host="Gastgeberin",
    nobody="Niemand",
    scan="Ihr Plan online",
    page="Seite {page} von {pages}",
)


def pages_text(pdf: bytes, tmp_path) -> list[str]:
    (tmp_path / "read.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", "read.pdf", "-"], cwd=tmp_path, check=True, capture_output=True)
    return [" ".join(page.split()) for page in out.stdout.decode().split("\f")[:-1]]


def sheet(number: int, people: int) -> HostSheet:
    seats = [Seat(f"Person {number}-{i}", "Verwaltung", "Hansestadt Stralsund") for i in range(people)]
    rounds = [RoundList(f"Runde {r} · 13:{r}0", seats) for r in range(1, 5)]
    return HostSheet(f"Tisch {number} – Nachhaltige Mobilität", "Dr. Ølund Şahin", "stufenlos erreichbar", rounds)


def test_each_table_starts_its_own_sheet_with_every_round_and_person(tmp_path):
    pdf = render_host_sheets([sheet(1, 10), sheet(2, 0)], LABELS)

    pages = pages_text(pdf, tmp_path)

    assert len(pages) == 2
    assert pages[0].startswith("Tisch 1 – Nachhaltige Mobilität Gastgeberin: Dr. Ølund Şahin stufenlos erreichbar")
    assert pages[0].count("Person 1-9 Verwaltung · Hansestadt Stralsund") == 4
    assert "Runde 4 · 13:40" in pages[0]
    assert pages[1].count("Niemand") == 4
    assert pages[1].endswith("Regionalkonferenz Smart City · World Café Seite 2 von 2")


def test_a_rotation_card_lists_each_round_and_its_qr_opens_the_rotation_page(tmp_path):
    url = "https://treffpunkt.example/cafe/r/Zq3-secret-token"
    rows = [CardRow(f"Runde {r}", f"13:{r}0–13:{r}9", f"Tisch {r} – Bildung") for r in range(1, 5)]

    pdf = render_rotation_cards([RotationCard("Anna Müller", rows, url)], LABELS)

    [page] = pages_text(pdf, tmp_path)
    assert "Anna Müller" in page
    assert "Runde 3 13:30–13:39 Tisch 3 – Bildung" in page
    assert qr_codes_on_first_page(pdf, tmp_path) == [("QRCode", url)]


def test_nothing_to_print_is_refused():
    with pytest.raises(ValueError):
        render_host_sheets([], LABELS)
    with pytest.raises(ValueError):
        render_rotation_cards([], LABELS)
