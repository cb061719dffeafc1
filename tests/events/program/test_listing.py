"""The organizer's contribution table: search by title and speaker, filters, paging (in SQL), and the page itself."""

import re
from datetime import datetime, time

import pytest

from core.extensions import db
from events.models import Room
from events.program.listing import ProgramFilter, contribution_page, contribution_query
from events.program.models import Contribution, Speaker, Track
from tests.factories import BERLIN, login, make_event, make_user


@pytest.fixture
def program(app_ctx):
    """An event with two rooms, two tracks, three speakers and five contributions (two placed), plus a contribution
    of another event that must never show."""
    event = make_event()
    with db.session.no_autoflush:  # linking to the event loads its rooms: nothing half-made may flush
        forum, lab = (
            Room(event=event, name="Forum", kind="stage", capacity=300),
            Room(event=event, name="Labor", kind="workshop", capacity=20),
        )
        city, energy = Track(event=event, name="Smart City"), Track(event=event, name="Energie")
        anna, ben, jurgen = (Speaker(event=event, name=n) for n in ("Anna Becker", "Ben Adler", "Jürgen Özdemir"))
        at_ten = datetime.combine(event.days[0], time(10), BERLIN)
        made = {
            "daten": Contribution(event=event, title="Offene Daten", format="talk", state="accepted", track=city,
                                  room=forum, starts_at=at_ten, speakers=[anna]),
            "loeten": Contribution(event=event, title="Löten für alle", format="workshop", state="accepted",
                                   track=energy, room=lab, starts_at=at_ten, speakers=[ben, jurgen]),
            "netz": Contribution(event=event, title="Netze der Zukunft", format="panel", state="accepted", track=energy,
                                 speakers=[anna, ben]),
            "rathaus": Contribution(event=event, title="Das digitale Rathaus", format="talk", state="submitted",
                                    track=city),
            "wind": Contribution(event=event, title="Windkraft 100%", format="keynote", state="rejected"),
        }  # fmt: skip
        db.session.add_all([forum, lab, city, energy, anna, ben, jurgen, *made.values()])
    db.session.commit()
    other = make_event(slug="andere")
    db.session.add(Contribution(event=other, title="Offene Daten anderswo", state="accepted"))
    db.session.commit()
    return event, made, {"forum": forum, "lab": lab, "city": city, "energy": energy}


def titles(event, filters: ProgramFilter) -> list[str]:
    return [c.title for c in db.session.scalars(contribution_query(event, filters))]


def test_without_filters_all_of_the_events_contributions_by_title(program):
    event, _made, _things = program

    assert titles(event, ProgramFilter()) == [
        "Das digitale Rathaus", "Löten für alle", "Netze der Zukunft", "Offene Daten", "Windkraft 100%",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("daten", ["Offene Daten"]),
        ("RATHAUS", ["Das digitale Rathaus"]),
        ("anna", ["Netze der Zukunft", "Offene Daten"]),  # by speaker
        ("Becker", ["Netze der Zukunft", "Offene Daten"]),
        ("özdemir", ["Löten für alle"]),  # umlauts ignore case on SQLite too
        ("ÖZDEMIR", ["Löten für alle"]),
        ("100%", ["Windkraft 100%"]),
        ("%", ["Windkraft 100%"]),  # a % is looked for literally
        ("niemand", []),
    ],
)
def test_search_finds_title_or_speaker_name(program, q, expected):
    event, _made, _things = program

    assert titles(event, ProgramFilter(q=q)) == expected


def test_each_filter_narrows_the_list(program):
    event, _made, things = program

    assert titles(event, ProgramFilter(state="accepted")) == ["Löten für alle", "Netze der Zukunft", "Offene Daten"]
    assert titles(event, ProgramFilter(state="rejected")) == ["Windkraft 100%"]
    assert titles(event, ProgramFilter(format="talk")) == ["Das digitale Rathaus", "Offene Daten"]
    assert titles(event, ProgramFilter(track_id=things["energy"].id)) == ["Löten für alle", "Netze der Zukunft"]
    assert titles(event, ProgramFilter(room_id=things["lab"].id)) == ["Löten für alle"]
    assert titles(event, ProgramFilter(scheduled=True)) == ["Löten für alle", "Offene Daten"]
    assert titles(event, ProgramFilter(scheduled=False)) == [
        "Das digitale Rathaus", "Netze der Zukunft", "Windkraft 100%",
    ]  # fmt: skip


def test_filters_combine(program):
    event, _made, things = program

    found = titles(event, ProgramFilter(q="anna", state="accepted", track_id=things["energy"].id, scheduled=False))

    assert found == ["Netze der Zukunft"]


def test_a_contribution_with_two_matching_speakers_shows_once(program):
    event, _made, _things = program

    page = contribution_page(event, ProgramFilter(q="e"), 1)  # "Ben Adler" and "Jürgen Özdemir" both match

    assert [c.title for c in page.items] == [
        "Das digitale Rathaus", "Löten für alle", "Netze der Zukunft", "Offene Daten",
    ]  # fmt: skip
    assert page.total == 4


def test_paging_splits_the_list_and_out_of_range_pages_show_the_nearest(program):
    event, _made, _things = program

    first, second, third = (contribution_page(event, ProgramFilter(), n, per_page=2) for n in (1, 2, 3))
    beyond, before = (
        contribution_page(event, ProgramFilter(), 99, per_page=2),
        contribution_page(event, ProgramFilter(), -4, per_page=2),
    )

    assert [c.title for c in first.items] == ["Das digitale Rathaus", "Löten für alle"]
    assert [c.title for c in second.items] == ["Netze der Zukunft", "Offene Daten"]
    assert [c.title for c in third.items] == ["Windkraft 100%"]
    assert (first.total, first.pages, first.has_previous, first.has_next) == (5, 3, False, True)
    assert (third.has_previous, third.has_next) == (True, False)
    assert beyond.number == 3 and before.number == 1
    assert [s.name for s in second.items[0].speakers] == ["Anna Becker", "Ben Adler"]


def test_the_filter_as_arguments_keeps_only_what_is_set():
    assert ProgramFilter().as_args() == {}
    assert ProgramFilter(q="x", track_id=3, scheduled=False).as_args() == {"q": "x", "track": 3, "scheduled": "no"}


# The page


@pytest.fixture
def program_client(client, program):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    return client


def url(event) -> str:
    return f"/manage/events/{event.id}/program"


def rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]*)</a></th>', html)


def test_the_page_filters_by_get_and_shows_the_count(program_client, program):
    event, _made, things = program

    page = program_client.get(url(event), query_string={"q": "anna", "track": things["energy"].id})
    everything = program_client.get(url(event))

    assert page.status_code == 200
    assert rows(page.text) == ["Netze der Zukunft"]
    assert "1 Beitrag" in page.text
    assert rows(everything.text) == [
        "Das digitale Rathaus", "Löten für alle", "Netze der Zukunft", "Offene Daten", "Windkraft 100%",
    ]  # fmt: skip
    assert "5 Beiträge" in everything.text
    assert "Anna Becker, Ben Adler" in everything.text  # the speakers column
    assert '<label for="q">' in page.text and '<label for="scheduled">' in page.text
    assert 'role="search"' in page.text


def test_the_page_filters_by_state_format_room_and_placing(program_client, program):
    event, _made, things = program

    found = {
        name: rows(program_client.get(url(event), query_string=args).text)
        for name, args in {
            "state": {"state": "submitted"},
            "format": {"format": "keynote"},
            "room": {"room": things["forum"].id},
            "placed": {"scheduled": "yes"},
            "unplaced": {"scheduled": "no", "format": "panel"},
        }.items()
    }

    assert found == {
        "state": ["Das digitale Rathaus"],
        "format": ["Windkraft 100%"],
        "room": ["Offene Daten"],
        "placed": ["Löten für alle", "Offene Daten"],
        "unplaced": ["Netze der Zukunft"],
    }


def test_page_links_keep_the_filters(program_client, program):
    event, _made, _things = program
    db.session.add_all(Contribution(event=event, title=f"Vortrag {n:02d}", state="accepted") for n in range(60))
    db.session.commit()

    first = program_client.get(url(event), query_string={"state": "accepted"})
    second = program_client.get(url(event), query_string={"state": "accepted", "page": 2})

    assert len(rows(first.text)) == 50
    assert "63 Beiträge · Seite 1 von 2" in first.text
    assert f'href="{url(event)}?page=2&amp;state=accepted#contributions-heading" rel="next"' in first.text
    assert rows(second.text) == [f"Vortrag {n:02d}" for n in range(47, 60)]
    assert "Seite 2 von 2" in second.text


def test_invalid_filter_values_are_ignored_and_the_page_still_opens(program_client, program):
    event, _made, _things = program

    page = program_client.get(url(event), query_string={"state": "gelöscht", "room": "999999", "track": "x"})

    assert page.status_code == 200
    assert len(rows(page.text)) == 5
    assert 'aria-invalid="true"' in page.text


def test_a_contribution_of_another_event_never_shows(program_client, program):
    event, _made, _things = program

    page = program_client.get(url(event), query_string={"q": "anderswo"})

    assert rows(page.text) == []
    assert "Keine passenden Beiträge." in page.text


def test_checkin_staff_may_not_open_the_table(client, program):
    event, _made, _things = program
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")

    assert client.get(url(event), query_string={"q": "daten"}).status_code == 403
