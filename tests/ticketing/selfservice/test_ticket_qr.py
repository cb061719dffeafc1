"""The ticket page shows the ticket's QR code, drawn server-side as SVG: the same code the PDF prints, read back
by zxing-cpp."""

import pytest

from core.db import utcnow
from core.extensions import db
from tests.ticketing.booking_helpers import event_on_sale
from tests.ticketing.selfservice.helpers import confirmed_ticket, decode, matrix_of, qr_svg_on
from ticketing.booking import bookings as booking
from ticketing.booking.documents import pdf
from ticketing.selfservice.qr_svg import qr_svg


@pytest.fixture
def ticket(app_ctx):
    event, tag1 = event_on_sale()
    return confirmed_ticket(event, tag1, name="Søren Weiß", organization="Stadtwerke Kiel")


def test_ticket_page_shows_a_qr_code_of_exactly_the_ticket_secret(client, ticket):
    page = client.get(f"/t/{ticket.access_token}")
    svg = qr_svg_on(page.text)

    assert page.status_code == 200
    assert decode(matrix_of(svg)) == [ticket.secret]
    assert 'role="img"' in svg and "Søren Weiß" in svg and "style=" not in svg


def test_ticket_page_qr_is_the_code_the_pdf_draws(client, ticket, monkeypatch):
    drawn = []
    monkeypatch.setattr(pdf, "draw_qr", lambda canvas, matrix, *args: drawn.append(matrix))

    page = client.get(f"/t/{ticket.access_token}")
    download = client.get(f"/t/{ticket.access_token}/ticket.pdf")

    assert download.status_code == 200
    assert drawn == [matrix_of(qr_svg_on(page.text))]


def test_ticket_page_shows_holder_and_ticket_type_beside_the_code(client, ticket):
    page = client.get(f"/t/{ticket.access_token}").text
    pass_section = page[page.index('<section class="ticket-pass"') : page.index("</section>")]

    assert '<p class="ticket-pass-name" id="ticket-pass-name">Søren Weiß</p>' in pass_section
    assert '<p class="ticket-pass-organization">Stadtwerke Kiel</p>' in pass_section
    assert '<p class="ticket-pass-type">Tag 1</p>' in pass_section


def test_cancelled_ticket_shows_no_qr_code(client, ticket):
    booking.cancel_ticket(ticket, now=utcnow())
    db.session.commit()

    page = client.get(f"/t/{ticket.access_token}")

    assert page.status_code == 200
    assert qr_svg_on(page.text) is None and ticket.secret not in page.text


def test_qr_svg_escapes_its_label_and_refuses_a_secret_that_is_not_a_token():
    svg = qr_svg("ABCDEF234567", label='<script>"x"</script>')

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    with pytest.raises(ValueError):
        qr_svg("two words", label="x")
