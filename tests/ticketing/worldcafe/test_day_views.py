"""What the day needs, through the test client: host sheets and rotation cards (read back by pdftotext and zxing),
the plan as CSV and XLSX, the facilitator's screen; only from a published plan, only for admin and program."""

import io

import openpyxl
import pytest

from core.db import utcnow
from core.extensions import db
from tests.factories import login, make_event, make_user
from tests.ticketing.booking.test_ticket_documents import qr_codes_on_first_page
from tests.ticketing.worldcafe.helpers import ORGANIZER, base, latin_plan, make_cafe
from tests.ticketing.worldcafe.test_cards_pdf import pages_text
from ticketing.worldcafe.attendee.rotation import rotation_url
from ticketing.worldcafe.plan import plans


@pytest.fixture
def published(app_ctx):
    made = make_cafe()
    plans.import_plan(made.cafe, {"rounds": latin_plan(made)})
    plans.publish(made.cafe, now=utcnow(), notify=False)
    db.session.commit()
    return made


def test_host_sheets_give_each_table_a_page_with_its_people_in_every_round(organizer, published, tmp_path):
    response = organizer.get(base(published) + "/host-sheets.pdf")

    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    pages = pages_text(response.data, tmp_path)
    assert len(pages) == 3
    assert pages[0].startswith("Tisch 1 – Nachhaltige Mobilität Gastgeber·in: Host 0")
    # Person 00 sits at table (0 + r) mod 3 in round r: table 1 in round 1 only.
    assert pages[0].count("Person 00 ") == 1
    assert "Runde 1 · 13:30–13:50" in pages[0] and "Runde 3 · 14:20–14:40" in pages[0]
    assert "Person 03 Wirtschaft · Org 3" in pages[0]


def test_rotation_cards_list_each_round_and_carry_the_rotation_link_not_the_ticket_secret(
    organizer, published, tmp_path
):
    response = organizer.get(base(published) + "/rotation-cards.pdf")

    first = published.ticket(0)
    pages = pages_text(response.data, tmp_path)
    assert len(pages) == 12
    assert pages[0].startswith("World Café: Smart-City-Charta Person 00")
    assert "Runde 2 13:55–14:15 Tisch 2 – Bildung" in pages[0]
    [(kind, text)] = qr_codes_on_first_page(response.data, tmp_path)
    assert (kind, text) == ("QRCode", rotation_url(first))
    assert first.secret not in text


def test_the_plan_exports_as_csv_and_xlsx_one_row_per_person_and_round(organizer, published):
    csv = organizer.get(base(published) + "/plan.csv")
    xlsx = organizer.get(base(published) + "/plan.xlsx")

    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Runde;Zeit;Tisch;Thema;Gastgeber·in;Name;Gruppe;Organisation"
    assert len(lines) == 1 + 12 * 3
    assert "1;13:30–13:50;1;Nachhaltige Mobilität;Host 0;Person 00;Zivilgesellschaft;Org 0" in lines
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 1 + 12 * 3
    assert [cell.value for cell in sheet[2]][:3] == [1, "13:30–13:50", 1]


def test_the_facilitator_screen_holds_every_round_with_its_tables_and_the_timer(organizer, published):
    page = organizer.get(base(published) + "/facilitator").text

    assert 'data-rounds="3"' in page and 'data-round-seconds="1200"' in page and 'data-pause-seconds="300"' in page
    assert page.count('<section data-round="') == 3
    assert page.count("Tisch 3 – (Cyber-)Sicherheit") == 3
    assert "js/cafe-timer.js" in page


def test_without_a_published_plan_the_day_pages_lead_back_to_the_planner(organizer, app_ctx):
    made = make_cafe()

    response = organizer.get(base(made) + "/host-sheets.pdf")

    assert response.status_code == 302
    assert response.location.endswith(base(made) + "/planner")
    assert "Veröffentlichen Sie zuerst einen Plan" in organizer.get(response.location).text


@pytest.mark.parametrize("page", ["/host-sheets.pdf", "/rotation-cards.pdf", "/plan.csv", "/facilitator"])
def test_day_pages_need_the_program_role_and_the_cafes_own_event(client, published, page):
    make_user("tuer@example.org", roles=("checkin",))
    other = make_event("andere")
    db.session.commit()

    assert client.get(base(published) + page).status_code == 302  # anonymous: to the login
    login(client, "tuer@example.org")
    assert client.get(base(published) + page).status_code == 403
    make_user(ORGANIZER, roles=("program",))
    login(client, ORGANIZER)
    assert client.get(f"/manage/events/{other.id}/worldcafe/{published.cafe_id}{page}").status_code == 404
