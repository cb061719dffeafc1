import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import event as sqlalchemy_event

from core.db import utcnow
from core.extensions import db
from events.models import Room
from events.program import placing as program
from events.program.models import Contribution, Speaker, Track
from events.program.schedule import views as schedule_views
from tests.factories import BERLIN, make_event


def at(event, hour, minute=0, day=0):
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


def shown_ids(html: str) -> list[int]:
    """The contributions a schedule page lists, in page order."""
    return [int(i) for i in re.findall(r'data-contribution="(\d+)"', html)]


@pytest.fixture
def noerd(app_ctx):
    """A published event with two rooms, two tracks, three placed talks on day one and one on day two."""
    event = make_event("noerd", days=2)
    forum = Room(
        event=event, name="NØRD Forum", kind="stage", capacity=800, access_notes="stufenlos, Induktionsschleife"
    )
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=24)
    ai, security = Track(event=event, name="KI", colour="#ffd23f"), Track(event=event, name="Sicherheit")
    ada = Speaker(event=event, name="Ada Lovelace", organization="Analytical Engines", bio="Schreibt Programme.")
    db.session.add_all([forum, workzone, ai, security, ada])
    db.session.flush()

    def place(title, room, starts_at, **fields):
        made = Contribution(event=event, title=title, state="accepted", **fields)
        db.session.add(made)
        db.session.flush()
        program.schedule(made, room, starts_at, actor=None)
        return made

    talks = {
        "opening": place("Eröffnung", forum, at(event, 9), format="keynote", track=ai, speakers=[ada]),
        "workshop": place(
            "Threat Modeling", workzone, at(event, 9, 30), format="workshop", language="en", track=security
        ),
        "panel": place("Podium", forum, at(event, 11), format="panel", track=security),
        "day2": place("Abschluss", forum, at(event, 16, day=1), format="talk", speakers=[ada]),
    }
    db.session.add(Contribution(event=event, title="Noch ohne Platz", state="accepted"))
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()
    return event, talks, (forum, workzone), (ai, security), ada


def test_schedule_is_hidden_until_published(app_ctx, client):
    event = make_event("entwurf")
    draft = make_event("noch-nicht", status="draft")
    program.publish_schedule(draft, now=utcnow(), actor=None)
    db.session.commit()

    unpublished_schedule = client.get(f"/e/{event.slug}/schedule")
    draft_event = client.get(f"/e/{draft.slug}/schedule")

    assert (unpublished_schedule.status_code, draft_event.status_code) == (404, 404)


def test_grid_shows_the_days_contributions_in_order_of_time(noerd, client):
    event, talks, _, _, _ = noerd

    response = client.get(f"/e/{event.slug}/schedule")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert shown_ids(html) == [talks["opening"].id, talks["workshop"].id, talks["panel"].id]
    assert 'class="schedule-grid"' in html
    assert "Ada Lovelace" in html
    assert 'lang="en">Threat Modeling</a>' in html


def test_list_view_of_the_second_day_shows_its_contribution_with_room(noerd, client):
    event, talks, _, _, _ = noerd

    response = client.get(f"/e/{event.slug}/schedule?view=list&day={event.days[1].isoformat()}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert shown_ids(html) == [talks["day2"].id]
    assert '<table class="schedule-list">' in html
    assert "<td>NØRD Forum</td>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("track={security}", ["workshop", "panel"]),
        ("format=keynote", ["opening"]),
        ("language=en", ["workshop"]),
        ("room={workzone}", ["workshop"]),
        ("track={security}&room={forum}", ["panel"]),
        ("track=abc&format=unknown&language=fr", ["opening", "workshop", "panel"]),  # nonsense means "all"
    ],
)
def test_each_filter_narrows_the_schedule(noerd, client, query, expected):
    event, talks, (forum, workzone), (_, security), _ = noerd
    query = query.format(security=security.id, forum=forum.id, workzone=workzone.id)

    response = client.get(f"/e/{event.slug}/schedule?{query}")

    assert response.status_code == 200
    assert shown_ids(response.get_data(as_text=True)) == [talks[key].id for key in expected]


def test_filters_keep_their_selection_and_offer_only_what_the_schedule_has(noerd, client):
    event, _, _, (ai, security), _ = noerd

    html = client.get(f"/e/{event.slug}/schedule?track={ai.id}").get_data(as_text=True)

    assert f'<option value="{ai.id}" selected>KI</option>' in html
    assert f'<option value="{security.id}">Sicherheit</option>' in html
    assert '<label for="filter-format">' in html
    assert 'value="deep_dive"' not in html


def test_contribution_page_shows_time_room_access_and_speakers(noerd, client):
    event, talks, _, _, ada = noerd

    response = client.get(f"/e/{event.slug}/contributions/{talks['opening'].id}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Eröffnung</h1>" in html
    assert '<time datetime="' in html and ">09:00</time>–" in html and ">09:30</time>" in html
    assert "stufenlos, Induktionsschleife" in html
    assert f'href="/e/{event.slug}/speakers/{ada.id}">Ada Lovelace</a>, Analytical Engines' in html


def test_contribution_of_another_event_or_unscheduled_is_not_found(noerd, client):
    event, _, _, _, _ = noerd
    other = make_event("andere")
    room = Room(event=other, name="Saal", kind="stage", capacity=50)
    foreign = Contribution(event=other, title="Fremd", state="accepted")
    db.session.add_all([room, foreign])
    db.session.flush()
    program.schedule(foreign, room, at(other, 10), actor=None)
    program.publish_schedule(other, now=utcnow(), actor=None)
    unplaced = db.session.query(Contribution).filter_by(title="Noch ohne Platz").one()
    db.session.commit()

    via_wrong_event = client.get(f"/e/{event.slug}/contributions/{foreign.id}")
    not_placed = client.get(f"/e/{event.slug}/contributions/{unplaced.id}")
    via_its_event = client.get(f"/e/{other.slug}/contributions/{foreign.id}")

    assert (via_wrong_event.status_code, not_placed.status_code, via_its_event.status_code) == (404, 404, 200)


def test_speaker_page_lists_their_scheduled_contributions(noerd, client):
    event, talks, _, _, ada = noerd

    response = client.get(f"/e/{event.slug}/speakers/{ada.id}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Ada Lovelace</h1>" in html
    assert "Schreibt Programme." in html
    assert shown_ids(html) == [talks["opening"].id, talks["day2"].id]


def test_speaker_of_another_event_is_not_found(noerd, client):
    _, _, _, _, ada = noerd
    other = make_event("andere")
    program.publish_schedule(other, now=utcnow(), actor=None)
    db.session.commit()

    response = client.get(f"/e/{other.slug}/speakers/{ada.id}")

    assert response.status_code == 404


def test_withdrawn_schedule_hides_contribution_and_speaker_pages(noerd, client):
    event, talks, _, _, ada = noerd
    program.withdraw_schedule(event, actor=None)
    db.session.commit()

    pages = [f"/e/{event.slug}/schedule", f"/e/{event.slug}/contributions/{talks['opening'].id}"]
    pages.append(f"/e/{event.slug}/speakers/{ada.id}")

    assert [client.get(url).status_code for url in pages] == [404, 404, 404]


def test_a_move_after_publishing_shows_as_changed(noerd, client):
    event, talks, (forum, _), _, _ = noerd
    program.schedule(talks["panel"], forum, at(event, 14), actor=None)
    db.session.commit()

    grid = client.get(f"/e/{event.slug}/schedule").get_data(as_text=True)
    moved = client.get(f"/e/{event.slug}/contributions/{talks['panel'].id}").get_data(as_text=True)
    unmoved = client.get(f"/e/{event.slug}/contributions/{talks['opening'].id}").get_data(as_text=True)

    changed_slots = re.findall(r'data-contribution="(\d+)"(?:(?!</li>).)*badge-changed', grid, re.DOTALL)
    assert changed_slots == [str(talks["panel"].id)]
    assert ('class="badge badge-changed"' in moved, 'class="badge badge-changed"' in unmoved) == (True, False)


def test_english_schedule_labels_after_switching_language(noerd, client):
    event, _, _, _, _ = noerd

    client.get(f"/language/en?next=/e/{event.slug}/schedule")
    html = client.get(f"/e/{event.slug}/schedule").get_data(as_text=True)

    assert "<title>Schedule · NØRD Test · Treffpunkt</title>" in html
    assert '<label for="filter-track">Track</label>' in html


def test_schedule_page_loads_in_a_fixed_number_of_queries_and_then_only_reads_the_content_version(noerd, client):
    event, _, _, _, _ = noerd
    statements = []

    url = f"/e/{event.slug}/schedule"

    def count(conn, cursor, statement, *args):
        if statement.startswith("SELECT"):
            statements.append(statement)

    sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
    try:
        first = client.get(url)
        rendered = len(statements)
        again = client.get(url)
    finally:
        sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)

    assert first.status_code == again.status_code == 200
    # The content version, the event, the contributions with rooms and tracks, their speakers; then the version.
    assert (rendered, len(statements) - rendered) == (4, 1)
    without_nonce = [re.sub(r'nonce="[^"]+"', "", r.text) for r in (first, again)]
    assert without_nonce[0] == without_nonce[1]


def test_event_page_links_the_schedule_once_published(noerd, client):
    event, _, _, _, _ = noerd
    unpublished = make_event("ohne-programm")

    with_schedule = client.get(f"/e/{event.slug}").get_data(as_text=True)
    without = client.get(f"/e/{unpublished.slug}").get_data(as_text=True)

    assert (f'href="/e/{event.slug}/schedule"' in with_schedule, "/schedule" in without) == (True, False)


@pytest.mark.parametrize(
    ("track_colour", "ink"),
    [("#ffd23f", "#000000"), ("#0b4f6c", "#ffffff"), ("#777777", "#000000"), ("rot", "#ffffff")],
)
def test_track_text_colour_is_the_one_with_more_contrast(track_colour, ink):
    assert schedule_views.text_colour(track_colour) == ink


def test_schedule_opens_on_today_while_the_event_runs(app_ctx, client):
    event = make_event("laeuft", days=2, starts_in_days=-1, registration_opens_at=utcnow() - timedelta(days=9))
    room = Room(event=event, name="Saal", kind="stage", capacity=50)
    yesterday, today = (Contribution(event=event, title=t, state="accepted") for t in ("Gestern", "Heute"))
    db.session.add_all([room, yesterday, today])
    db.session.flush()
    program.schedule(yesterday, room, at(event, 10), actor=None)
    program.schedule(today, room, at(event, 10, day=1), actor=None)
    program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()

    default = client.get("/e/laeuft/schedule").get_data(as_text=True)
    first_day = client.get(f"/e/laeuft/schedule?day={event.days[0].isoformat()}").get_data(as_text=True)

    assert (shown_ids(default), shown_ids(first_day)) == ([today.id], [yesterday.id])
