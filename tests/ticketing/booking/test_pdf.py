"""Ticket and badge PDFs, read back by independent tools: poppler (pdftoppm, pdftotext) and zxing-cpp."""

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm

from ticketing.booking.documents.pdf import TicketPrint, render_badges_pdf, render_ticket_pdf
from ticketing.booking.documents.qr import qr_matrix

SECRET = "Jq3x9KfT0bWmZr7LsVd2Hg"  # the shape of secrets.token_urlsafe(16): 128 bits


def make_ticket(**overrides: object) -> TicketPrint:
    """Return a NØRD ticket with sensible defaults."""
    values: dict = {
        "secret": SECRET,
        "event_name": "NØRD 2026",
        "venue": "Halle 400",
        "address": "Kaistraße 1\n24114 Kiel",
        "attendee_name": "Søren Weiß",
        "organization": "Stadtwerke Kiel AG",
        "ticket_type": "Beide Tage",
        "days": ["Mittwoch, 27. Mai 2026", "Donnerstag, 28. Mai 2026"],
        "times_text": "09:00–18:00",
        "booking_reference": "K7Q2M",
    }
    return TicketPrint(**(values | overrides))


def rasterize(pdf: bytes, tmp_path: Path) -> list[Path]:
    """Render every page to a 150 dpi PNG with pdftoppm and return the files in page order."""
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "doc.pdf", "page"], cwd=tmp_path, check=True)
    return sorted(tmp_path.glob("page-*.png"))


def decode(png: Path) -> list[str]:
    """Return the texts of all barcodes zxing-cpp finds in the image."""
    with Image.open(png) as image:
        return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Return each page's text from pdftotext, with whitespace (and so line wrapping) collapsed."""
    (tmp_path / "text.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "text.pdf", "-"], cwd=tmp_path, check=True, capture_output=True, text=True)
    return [" ".join(page.split()) for page in out.stdout.split("\f")[:-1]]


def font_names(pdf: bytes, tmp_path: Path) -> set[str]:
    """Return the names of the fonts the PDF uses, from pdffonts."""
    (tmp_path / "fonts.pdf").write_bytes(pdf)
    out = subprocess.run(["pdffonts", "fonts.pdf"], cwd=tmp_path, check=True, capture_output=True, text=True)
    return {line.split()[0] for line in out.stdout.splitlines()[2:]}


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """Return (word, x_min, y_min, x_max, y_max) in points from the top left, via pdftotext -bbox."""
    (tmp_path / "bbox.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "bbox.pdf", "-"], cwd=tmp_path, check=True, capture_output=True)
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    found = re.findall(pattern, out.stdout.decode())
    return [(word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, word in found]


def test_ticket_pdf_qr_decodes_to_exactly_the_secret(tmp_path: Path) -> None:
    pdf = render_ticket_pdf(make_ticket())

    pages = rasterize(pdf, tmp_path)

    assert pdf.startswith(b"%PDF-")
    assert len(pages) == 1
    assert decode(pages[0]) == [SECRET]


def test_ticket_pdf_shows_attendee_event_ticket_type_days_and_venue(tmp_path: Path) -> None:
    pdf = render_ticket_pdf(make_ticket())

    (text,) = pdf_text(pdf, tmp_path)

    for expected in ("Søren Weiß", "NØRD 2026", "Beide Tage", "Stadtwerke Kiel AG", "Mittwoch, 27. Mai 2026"):
        assert expected in text
    for expected in ("09:00–18:00", "Kaistraße 1 24114 Kiel", "Buchung: K7Q2M", "hier abtrennen"):
        assert expected in text
    assert "Bitte zeigen Sie diesen QR-Code am Eingang." in text
    assert font_names(pdf, tmp_path) == {"Helvetica", "Helvetica-Bold", "ZapfDingbats"}  # WinAnsi covers Ø, ß, –


def test_ticket_pdf_in_english_uses_english_labels(tmp_path: Path) -> None:
    pdf = render_ticket_pdf(make_ticket(language="en"))

    (text,) = pdf_text(pdf, tmp_path)

    assert "Please show this QR code at the entrance." in text
    assert "cut here" in text
    assert "hier abtrennen" not in text


def test_ticket_pdf_prints_names_outside_winansi_with_the_embedded_font(tmp_path: Path) -> None:
    pdf = render_ticket_pdf(make_ticket(attendee_name="Łukasz Dvořák", organization="Şahin Öztürk GmbH"))

    (text,) = pdf_text(pdf, tmp_path)

    assert "Łukasz Dvořák" in text
    assert "Şahin Öztürk GmbH" in text
    embedded = sorted(name.split("+")[-1] for name in font_names(pdf, tmp_path) if "+" in name)
    assert embedded == ["DejaVuSansCondensed", "DejaVuSansCondensed-Bold"]


def test_ticket_pdf_keeps_very_long_texts_inside_the_ticket_area(tmp_path: Path) -> None:
    ticket = make_ticket(
        event_name="Langkonferenz " * 20,
        attendee_name="Maximiliane-Wilhelmine " * 12 + "Donaudampfschifffahrtsgesellschaftskapitänswitwe",
        organization="Organisationsgesellschaft " * 20,
        ticket_type="Dauerkarte " * 10,
        days=["Mittwoch, 27. Mai 2026"] * 9,
        address="Langestraße 1 " * 30,
    )
    left, top = (A4[0] - landscape(A6)[0]) / 2, 22 * mm
    right, bottom = left + landscape(A6)[0], top + landscape(A6)[1]
    qr_right = left + 66 * mm

    pdf = render_ticket_pdf(ticket)

    pages = rasterize(pdf, tmp_path)
    assert decode(pages[0]) == [SECRET]
    prefixes = ("Langkonf", "Maximili", "Donaudam", "Organisa", "Dauerkar", "Mittwoch", "Langestr")
    boxes = [box for box in word_boxes(pdf, tmp_path) if box[0].startswith(prefixes)]
    assert len(boxes) > 10
    assert any(word.endswith("…") for word, *_ in boxes)
    for _, x0, y0, x1, y1 in boxes:
        assert left < x0 and x1 < right and top < y0 and y1 < bottom
        assert y0 < top + 23 * mm or x0 > qr_right  # below the header, text stays right of the QR code


def test_badges_pdf_has_one_page_per_badge_each_decoding_to_its_own_secret(tmp_path: Path) -> None:
    codes = ["AAAAbbbbCCCCddddEEEEfg", "Zy9-Xw8_Vu7tSr6qPo5nMl", "QWERTZUIOPASDFGHJKLYXC"]
    names = ["Jörg Ødegaard", "Ana Łopuszańska", "Maximiliane " * 20 + "Mustermann"]
    badges = [make_ticket(secret=code, attendee_name=name) for code, name in zip(codes, names, strict=True)]

    pdf = render_badges_pdf(iter(badges))

    pages = rasterize(pdf, tmp_path)
    texts = pdf_text(pdf, tmp_path)
    assert pdf.startswith(b"%PDF-")
    assert [decode(page) for page in pages] == [[code] for code in codes]
    assert len(texts) == 3
    assert names[0] in texts[0] and names[1] in texts[1] and "Maximiliane" in texts[2]
    assert all("Stadtwerke Kiel AG" in text and "NØRD 2026" in text for text in texts)


def test_badges_pdf_rejects_an_empty_list() -> None:
    with pytest.raises(ValueError, match="no badges"):
        render_badges_pdf([])


def test_qr_matrix_rejects_secrets_that_are_not_plain_ascii_tokens() -> None:
    for bad in ("", "Müller", "two words", "line\nbreak"):
        with pytest.raises(ValueError):
            qr_matrix(bad)


def test_ticket_print_rejects_unknown_language_and_freezes_days() -> None:
    ticket = make_ticket(days=["Mittwoch, 27. Mai 2026"])

    with pytest.raises(ValueError, match="language"):
        make_ticket(language="fr")
    assert ticket.days == ("Mittwoch, 27. Mai 2026",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ticket.secret = "other"  # type: ignore[misc]
