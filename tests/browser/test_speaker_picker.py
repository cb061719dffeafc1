"""The contribution form's searchable speaker picker in Debian's Chromium: type part of a name, pick the speaker with
the keyboard, save; the contribution has the speaker. Without JavaScript the plain multiple select does the same
(tested through HTTP at the end)."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from events.program.models import Contribution, Speaker
from tests.factories import PASSWORD, login, make_event, make_user, submit

ORGANIZER = "programm@example.org"


def many_speakers(event, names=("Anna Becker", "Ben Adler", "Jürgen Özdemir")) -> dict[str, int]:
    """The named speakers among 120 others, as at NØRD."""
    speakers = [Speaker(event=event, name=f"Person {n:03d}") for n in range(120)]
    speakers += [Speaker(event=event, name=name) for name in names]
    db.session.add_all(speakers)
    db.session.commit()
    return {s.name: s.id for s in speakers}


@pytest.fixture
def form_page(app, live_server, page):
    """120+ speakers; the program organizer logged in on the new contribution form (in English)."""
    with app.app_context():
        event = make_event()
        ids = many_speakers(event)
        make_user(ORGANIZER, roles=("program",))
        event_id = event.id
    path = f"/manage/events/{event_id}/program/contributions/new"
    page.goto(f"{live_server}/login?next={quote(path)}")
    page.get_by_label("E-Mail").fill(ORGANIZER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(live_server + path)
    page.goto(f"{live_server}/language/en?next={quote(path)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("New contribution")
    return {"event": event_id, "speakers": ids}


@pytest.mark.browser
def test_organizer_types_a_name_picks_it_with_the_keyboard_and_saves(app, form_page, page):
    problems = []  # a Content-Security-Policy refusal or a script error shows up here
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.reload()
    filter_box = page.get_by_label("Find a speaker by name")
    count = page.locator(".speaker-picker-count")
    expect(page.locator("select#speaker_ids")).to_be_hidden()  # the plain select stays in the form, hidden
    expect(count).to_have_text("Shown: 123 of 123 · chosen: 0")
    expect(count).to_have_attribute("aria-live", "polite")
    page.get_by_label("Title").fill("Offene Daten für Rostock")

    filter_box.fill("ozdem")  # without the umlaut, in lower case
    expect(count).to_have_text("Shown: 1 of 123 · chosen: 0")
    filter_box.press("ArrowDown")
    expect(page.get_by_role("checkbox", name="Jürgen Özdemir")).to_be_focused()
    page.keyboard.press("Space")
    filter_box.fill("Becker")
    filter_box.press("Enter")  # picks the first match and does not send the form
    expect(count).to_have_text("Shown: 1 of 123 · chosen: 2")
    expect(page.locator(".speaker-picker-chip")).to_have_text([re.compile("Anna Becker"), re.compile("Jürgen Özdemir")])
    page.get_by_role("button", name="Remove Anna Becker").click()
    expect(count).to_have_text("Shown: 1 of 123 · chosen: 1")
    page.get_by_role("button", name="Save contribution").click()

    expect(page).to_have_url(re.compile(rf"/manage/events/{form_page['event']}/program$"))
    with app.app_context():
        saved = db.session.scalar(select(Contribution).where(Contribution.title == "Offene Daten für Rostock"))
        assert [s.name for s in saved.speakers] == ["Jürgen Özdemir"]
    assert problems == []


@pytest.mark.browser
def test_editing_shows_the_chosen_speakers_as_chips_and_keeps_them(app, form_page, page, live_server):
    with app.app_context():
        contribution = Contribution(event_id=form_page["event"], title="Netze", state="submitted")
        contribution.speakers = [db.session.get(Speaker, form_page["speakers"]["Ben Adler"])]
        db.session.add(contribution)
        db.session.commit()
        contribution_id = contribution.id

    page.goto(f"{live_server}/manage/events/{form_page['event']}/program/contributions/{contribution_id}")
    expect(page.locator(".speaker-picker-chip")).to_have_text([re.compile("Ben Adler")])
    expect(page.get_by_role("checkbox", name="Ben Adler")).to_be_checked()
    page.get_by_label("Find a speaker by name").fill("anna")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Save contribution").click()

    expect(page).to_have_url(re.compile(rf"/manage/events/{form_page['event']}/program$"))
    with app.app_context():
        assert [s.name for s in db.session.get(Contribution, contribution_id).speakers] == ["Anna Becker", "Ben Adler"]


def test_without_javascript_the_multiple_select_sends_the_speakers(client, app_ctx):
    event = make_event()
    ids = many_speakers(event)
    make_user(ORGANIZER, roles=("program",))
    login(client, ORGANIZER)
    url = f"/manage/events/{event.id}/program/contributions/new"

    form = client.get(url).text
    response = submit(
        client,
        url,
        {
            "title": "Ohne Skript",
            "format": "talk",
            "duration_minutes": "30",
            "language": "de",
            "track_id": "",
            "state": "submitted",
            "speaker_ids": [str(ids["Anna Becker"]), str(ids["Jürgen Özdemir"])],
        },
    )

    assert re.search(r"<select[^>]*data-speaker-picker[^>]*multiple|<select[^>]*multiple[^>]*data-speaker-picker", form)
    assert form.count("<option ") >= 123
    assert '<script src="/static/js/speaker-picker.js" defer></script>' in form
    assert response.status_code == 302
    saved = db.session.scalar(select(Contribution).where(Contribution.title == "Ohne Skript"))
    assert [s.name for s in saved.speakers] == ["Anna Becker", "Jürgen Özdemir"]
