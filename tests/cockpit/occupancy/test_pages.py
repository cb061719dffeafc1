"""Room occupancy over HTTP: a steward counts with + and − (forms, and the script's JSON), a − at zero is refused,
roles and CSRF are checked, and the overview's charts, table and CSV show the same numbers."""

import csv
import io
from datetime import datetime, time

import pytest
from lxml import html as lxml_html
from sqlalchemy import func, select

from cockpit.occupancy import counts
from cockpit.occupancy.models import DoorCount
from core.extensions import db
from events.models import Room
from tests.cockpit.dashboard.reading import chart_numbers
from tests.factories import BERLIN, csrf_from, login, make_event, make_user


@pytest.fixture
def world(app_ctx):
    event = make_event()
    forum = Room(event=event, name="Forum", kind="stage", capacity=2)
    cafe = Room(event=event, name="Café", kind="cafe", capacity=40)
    db.session.add_all([forum, cafe])
    for role in ("admin", "program", "checkin"):
        make_user(f"{role}@example.org", roles=(role,))
    db.session.commit()
    return {"event": event, "forum": forum, "cafe": cafe}


def door_url(world, room="forum") -> str:
    return f"/manage/events/{world['event'].id}/occupancy/rooms/{world[room].id}"


def press(client, world, button: str, room="forum"):
    """Press + ("entry") or − ("exit") as a browser without script does: the form on the page, then its redirect."""
    token = csrf_from(client.get(door_url(world, room)).text)
    return client.post(f"{door_url(world, room)}/{button}", data={"csrf_token": token}, follow_redirects=True)


def shown_count(page: str) -> int:
    return int(lxml_html.fromstring(page).find(".//*[@data-occupancy-count]").text_content())


def full_warning_shown(page: str) -> bool:
    return lxml_html.fromstring(page).find(".//*[@data-occupancy-full]").get("hidden") is None


def stored(world, room="forum") -> tuple[int, int]:
    query = select(func.coalesce(func.sum(DoorCount.entries), 0), func.coalesce(func.sum(DoorCount.exits), 0))
    return tuple(db.session.execute(query.where(DoorCount.room_id == world[room].id)).one())


def test_steward_counts_in_and_out_and_sees_the_number_and_the_full_warning(client, world):
    login(client, "checkin@example.org")
    client.get("/language/en")

    first = press(client, world, "entry")
    second = press(client, world, "entry")
    third = press(client, world, "exit")

    assert (first.status_code, shown_count(first.text), full_warning_shown(first.text)) == (200, 1, False)
    assert (shown_count(second.text), full_warning_shown(second.text)) == (2, True)
    assert "Full: let nobody else in" in second.text
    assert (shown_count(third.text), full_warning_shown(third.text)) == (1, False)
    assert stored(world) == (2, 1)


def test_minus_in_an_empty_room_is_refused_with_a_message_and_changes_nothing(client, world):
    login(client, "checkin@example.org")
    client.get("/language/en")

    response = press(client, world, "exit")

    assert response.status_code == 200
    assert "Nobody is counted in Forum: an exit cannot be counted." in response.text
    assert shown_count(response.text) == 0
    assert db.session.scalar(select(func.count()).select_from(DoorCount)) == 0


def test_the_script_counts_by_json_with_the_token_in_a_header(client, world):
    login(client, "admin@example.org")
    client.get("/language/en")
    token = csrf_from(client.get(door_url(world)).text)
    headers = {"X-CSRFToken": token, "Accept": "application/json"}

    plus = client.post(f"{door_url(world)}/entry", headers=headers)
    minus = client.post(f"{door_url(world)}/exit", headers=headers)
    refused = client.post(f"{door_url(world)}/exit", headers=headers)

    assert (plus.status_code, plus.json["count"], plus.json["capacity"], plus.json["percent"]) == (200, 1, 2, 50)
    assert (minus.status_code, minus.json["count"], minus.json["ok"]) == (200, 0, True)
    assert (refused.status_code, refused.json["count"], refused.json["ok"]) == (409, 0, False)
    assert refused.json["message"] == "Nobody is counted in Forum: an exit cannot be counted."
    assert stored(world) == (1, 1)


def test_a_post_without_csrf_token_is_refused(client, world):
    login(client, "checkin@example.org")

    response = client.post(f"{door_url(world)}/entry", headers={"Accept": "application/json"})

    assert response.status_code == 400
    assert stored(world) == (0, 0)


def test_the_program_team_may_look_but_not_count(client, world):
    login(client, "program@example.org")
    page = client.get(door_url(world))
    token = csrf_from(client.get("/login").text)

    refused = client.post(f"{door_url(world)}/entry", data={"csrf_token": token})

    assert page.status_code == 200
    assert "data-occupancy-form" not in page.text
    assert refused.status_code == 403
    assert stored(world) == (0, 0)


def test_a_room_of_another_event_is_not_found(client, world):
    other = make_event("andere")
    room = Room(event=other, name="Saal", kind="stage", capacity=10)
    db.session.add(room)
    db.session.commit()
    login(client, "checkin@example.org")
    token = csrf_from(client.get(door_url(world)).text)

    page = client.get(f"/manage/events/{world['event'].id}/occupancy/rooms/{room.id}")
    post = client.post(
        f"/manage/events/{world['event'].id}/occupancy/rooms/{room.id}/entry", data={"csrf_token": token}
    )

    assert (page.status_code, post.status_code) == (404, 404)
    assert db.session.scalar(select(func.count()).select_from(DoorCount)) == 0


def counted_day(world):
    """Forum: 2 in at 9:00, 1 out at 9:40; Café: 3 in at 14:00."""
    day = world["event"].days[0]
    for minute in (0, 10):
        counts.count_entry(world["forum"], now=datetime.combine(day, time(9, minute), BERLIN))
    counts.count_exit(world["forum"], now=datetime.combine(day, time(9, 40), BERLIN))
    for _ in range(3):
        counts.count_entry(world["cafe"], now=datetime.combine(day, time(14, 5), BERLIN))
    db.session.commit()
    return day


def test_the_overview_shows_each_room_now_and_charts_with_the_numbers_of_the_table(client, world):
    day = counted_day(world)
    login(client, "program@example.org")

    response = client.get(f"/manage/events/{world['event'].id}/occupancy/?day={day.isoformat()}")

    assert response.status_code == 200
    tree = lxml_html.fromstring(response.text)
    now = [
        [c.text_content().strip() for c in tr]
        for tr in tree.find(".//table[@data-occupancy-now]").iterfind(".//tbody/tr")
    ]
    assert now == [["Café", "3", "40", "7 %"], ["Forum", "1", "2", "50 %"]]
    table = tree.find(".//table[@data-occupancy-slices]")
    names = [th.text_content() for th in table.iterfind("./thead/tr/th")][1:]
    cells = [[int(td.text_content()) for td in tr.findall("td")] for tr in table.iterfind("./tbody/tr")]
    times = [tr.find("th").text_content() for tr in table.iterfind("./tbody/tr")]
    drawn = chart_numbers(response.text)
    for column, name in enumerate(names):
        key = f"room-{world['forum' if name == 'Forum' else 'cafe'].id}"
        assert drawn[key] == {(0, row): values[column] for row, values in enumerate(cells)}
    forum = names.index("Forum")
    assert (times[0], times[-1]) == ("09:00", "17:45")
    assert [values[forum] for values in cells[:4]] == [2, 2, 1, 1]
    assert cells[-1][names.index("Café")] == 3


def test_the_csv_has_entries_exits_and_occupancy_of_every_slice(client, world):
    day = counted_day(world)
    login(client, "checkin@example.org")
    client.get("/language/en")

    response = client.get(f"/manage/events/{world['event'].id}/occupancy/slices.csv?day={day.isoformat()}")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f'occupancy-{day.isoformat()}.csv"')
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Slice start", "Room", "Entries", "Exits", "In the room at the end"]
    forum = [row[2:] for row in rows[1:] if row[1] == "Forum"]
    assert forum[:4] == [["2", "0", "2"], ["0", "0", "2"], ["0", "1", "1"], ["0", "0", "1"]]
    assert rows[1][0] == f"{day.isoformat()} 09:00"
    assert len(rows) == 1 + 36 * 2
    assert sum(int(row[2]) for row in rows[1:]) == 5


def test_the_event_page_links_the_overview_and_a_bad_day_falls_back_to_the_counted_one(client, world):
    day = counted_day(world)
    login(client, "admin@example.org")
    client.get("/language/en")

    event_page = client.get(f"/manage/events/{world['event'].id}")
    overview = client.get(f"/manage/events/{world['event'].id}/occupancy/?day=2027-13-45")

    assert f'href="/manage/events/{world["event"].id}/occupancy/"' in event_page.text
    assert overview.status_code == 200
    assert f'<option value="{day.isoformat()}" selected>' in overview.text
