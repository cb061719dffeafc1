from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from tests.factories import login, make_event, make_user, submit

BERLIN = ZoneInfo("Europe/Berlin")
VALID = {
    "name": "Regionalkonferenz Smart City",
    "slug": "smart-city-2027",
    "venue": "Rathaus Stralsund",
    "address": "Alter Markt, 18439 Stralsund",
    "timezone": "Europe/Berlin",
    "starts_at": "2027-04-21T13:00",
    "ends_at": "2027-04-21T18:00",
    "registration_opens_at": "2027-01-10T09:00",
    "registration_closes_at": "2027-04-19T23:59",
    "description": "Vorträge, Fablab und World Café.",
    "privacy_text": "Wir verarbeiten Ihre Daten nur für die Konferenz.",
    "media_notice": "Auf der Konferenz wird fotografiert.",
    "max_tickets_per_booking": "5",
    "reminder_days_before": "3",
}


@pytest.fixture
def admin_client(client, app_ctx):
    make_user()
    login(client)
    return client


def event_count() -> int:
    return db.session.scalar(select(func.count(Event.id)))


def test_admin_creates_an_event_as_draft(admin_client):
    response = submit(admin_client, "/manage/events/new", VALID)

    event = db.session.scalar(select(Event))
    assert response.status_code == 302 and response.headers["Location"] == f"/manage/events/{event.id}"
    assert (event.name, event.status) == ("Regionalkonferenz Smart City", "draft")
    assert event.starts_at == datetime(2027, 4, 21, 13, 0, tzinfo=BERLIN)
    assert event.starts_at.utcoffset().total_seconds() == 0  # stored and returned as UTC
    assert admin_client.get("/e/smart-city-2027").status_code == 404  # drafts stay private


def test_admin_publishes_then_archives_an_event(admin_client):
    event = make_event(status="draft")

    submit(admin_client, f"/manage/events/{event.id}/status/published", {}, form_url=f"/manage/events/{event.id}")
    visible = admin_client.get(f"/e/{event.slug}")
    submit(admin_client, f"/manage/events/{event.id}/status/archived", {}, form_url=f"/manage/events/{event.id}")

    assert visible.status_code == 200
    assert event.status == "archived"
    assert event.slug not in admin_client.get("/").text
    assert "archiviert" in admin_client.get(f"/e/{event.slug}").text


def test_edit_form_shows_local_times_and_saves_changes(admin_client):
    event = make_event()
    shown_start = event.local(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    page = admin_client.get(f"/manage/events/{event.id}/edit")

    response = submit(
        admin_client, f"/manage/events/{event.id}/edit", {**VALID, "slug": event.slug, "name": "NØRD 2027"}
    )

    assert f'value="{shown_start}"' in page.text
    assert response.status_code == 302
    assert event.name == "NØRD 2027"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 201, "Feld kann nicht länger als 200 Zeichen sein."),
        ("slug", "Mit Leerzeichen", "Bitte nur Kleinbuchstaben"),
        ("ends_at", "2027-04-21T12:00", "Das Ende muss nach dem Beginn liegen."),
        ("starts_at", "kein Datum", "Kein gültiges Datum mit Zeit."),
        (
            "registration_closes_at",
            "2027-05-01T12:00",
            "Der Anmeldeschluss muss vor dem Ende der Veranstaltung liegen.",
        ),
        ("timezone", "Mars/Olympus", "Keine gültige Auswahl."),
    ],
)
def test_bad_event_input_is_refused_at_its_field(admin_client, field, value, message):
    response = submit(admin_client, "/manage/events/new", {**VALID, field: value})

    assert response.status_code == 200
    assert message in response.text
    assert f'id="{field}-error"' in response.text
    assert event_count() == 0


def test_a_slug_taken_twice_is_refused(admin_client):
    make_event("smart-city-2027")

    response = submit(admin_client, "/manage/events/new", VALID)

    assert response.status_code == 200
    assert "Dieser Kurzname wird schon von einer anderen Veranstaltung verwendet." in response.text
    assert event_count() == 1


def test_failed_edit_changes_nothing(admin_client):
    event = make_event()
    before = (event.name, event.ends_at)

    response = submit(
        admin_client, f"/manage/events/{event.id}/edit", {**VALID, "slug": event.slug, "ends_at": "2020-01-01T00:00"}
    )

    assert response.status_code == 200
    assert (event.name, event.ends_at) == before


def test_admin_adds_edits_and_deletes_questions(admin_client):
    event = make_event()
    url = f"/manage/events/{event.id}/questions/new"

    submit(
        admin_client,
        url,
        {"label": "Woher kommen Sie?", "kind": "choice", "choices_text": "Rostock\nStralsund", "is_required": "y"},
    )
    bad = submit(admin_client, url, {"label": "Nur eine Option", "kind": "choice", "choices_text": "eins"})
    question = event.questions[0]
    submit(
        admin_client,
        f"/manage/events/{event.id}/questions/{question.id}",
        {"label": "Aus welcher Stadt?", "kind": "text"},
    )
    page = admin_client.get(f"/manage/events/{event.id}").text
    submit(
        admin_client,
        f"/manage/events/{event.id}/questions/{question.id}/delete",
        {},
        form_url=f"/manage/events/{event.id}",
    )

    assert "Eine Auswahl braucht mindestens zwei Optionen" in bad.text
    assert "Aus welcher Stadt?" in page
    assert event.questions == []


def test_questions_of_another_event_are_not_reachable(admin_client):
    event, other = make_event("a"), make_event("b")
    submit(admin_client, f"/manage/events/{other.id}/questions/new", {"label": "Frage", "kind": "yesno"})
    question_id = other.questions[0].id

    assert admin_client.get(f"/manage/events/{event.id}/questions/{question_id}").status_code == 404
