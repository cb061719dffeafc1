"""The dashboard over HTTP: every chart shows its table's numbers, the CSV has them too, each role sees its part,
and `/manage/` gives the overview across events."""

import csv
import io

import pytest

from tests.cockpit.dashboard.reading import chart_numbers, table_numbers
from tests.cockpit.dashboard.world import dashboard_world
from tests.factories import login, make_event, make_user

PLANNER_CHARTS = {"bookings", "quotas", "seats", "groups", "organizations", "cancellations", "workshops", "partners",
                  "contributions"}  # fmt: skip
DOOR_CHARTS = {"attendance"}


@pytest.fixture
def world(app_ctx):
    world = dashboard_world()
    for role in ("admin", "program", "checkin"):
        make_user(f"{role}@example.org", roles=(role,))
    return world


def dashboard_of(client, world, role: str):
    login(client, f"{role}@example.org")
    return client.get(f"/manage/events/{world['event'].id}/dashboard")


def test_every_chart_shows_the_numbers_of_its_table(client, world):
    response = dashboard_of(client, world, "admin")

    assert response.status_code == 200
    drawn, written = chart_numbers(response.text), table_numbers(response.text)
    arrivals = {key for key in drawn if key.startswith("arrivals-")}
    assert set(drawn) == PLANNER_CHARTS | DOOR_CHARTS | arrivals and len(arrivals) == 1
    assert drawn == written
    assert drawn["groups"][(0, 4)] == 3  # science: the fifth group
    (day,) = arrivals
    assert drawn[day] == {(0, 0): 1, (0, 1): 1, (0, 2): 0, (1, 0): 0, (1, 1): 0, (1, 2): 1}  # Nord, Süd per slot


def test_charts_are_images_with_a_name_and_description_and_no_style_attributes(client, world):
    page = dashboard_of(client, world, "admin").text

    assert page.count('role="img"') == len(chart_numbers(page))
    assert 'aria-labelledby="chart-bookings-title chart-bookings-desc"' in page
    assert '<title id="chart-bookings-title">' in page and '<desc id="chart-bookings-desc">' in page
    assert " style=" not in page and " fill=" not in page


def test_the_csv_of_a_chart_has_the_tables_rows(client, world):
    page = dashboard_of(client, world, "admin").text
    response = client.get(f"/manage/events/{world['event'].id}/dashboard/seats.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == 4
    assert rows[1:] == [["Halle Tag 1", "5", "0", "3"], ["Halle Tag 2", "2", "2", "1"]]
    written = table_numbers(page)["seats"]
    assert {(c, r): int(v) for r, row in enumerate(rows[1:]) for c, v in enumerate(row[1:])} == written


def test_the_door_staff_see_the_door_figures_only(client, world):
    response = dashboard_of(client, world, "checkin")
    event_id = world["event"].id

    drawn = chart_numbers(response.text)
    assert response.status_code == 200
    assert set(drawn) == DOOR_CHARTS | {key for key in drawn if key.startswith("arrivals-")} and len(drawn) == 2
    assert client.get(f"/manage/events/{event_id}/dashboard/bookings.csv").status_code == 403
    assert client.get(f"/manage/events/{event_id}/dashboard/attendance.csv").status_code == 200


def test_the_program_team_sees_everything(client, world):
    drawn = chart_numbers(dashboard_of(client, world, "program").text)

    assert set(drawn) >= PLANNER_CHARTS | DOOR_CHARTS


def test_unknown_charts_and_events_are_not_found(client, world):
    login(client, "admin@example.org")
    event_id = world["event"].id

    assert client.get(f"/manage/events/{event_id}/dashboard/nothing.csv").status_code == 404
    assert client.get(f"/manage/events/{event_id}/dashboard/arrivals-19990101.csv").status_code == 404
    assert client.get(f"/manage/events/{event_id + 99}/dashboard").status_code == 404


def test_an_empty_event_has_a_dashboard_without_figures(client, world):
    empty = make_event("leer")
    login(client, "admin@example.org")
    client.get("/language/en")  # the German texts come with the lead's merge of translations/pending

    response = client.get(f"/manage/events/{empty.id}/dashboard")

    assert response.status_code == 200 and "No figures yet." in response.text
    drawn, written = chart_numbers(response.text), table_numbers(response.text)
    assert drawn == {key: numbers for key, numbers in written.items() if key in drawn}
    assert {key for key, numbers in written.items() if key not in drawn} == {
        "bookings", "quotas", "seats", "organizations", "cancellations", "workshops"
    }  # fmt: skip
    assert all(value == 0 for numbers in drawn.values() for value in numbers.values())


def test_the_overview_shows_each_events_figures_to_planners(client, world):
    make_event("leer", name="Leere Werkstatt")
    login(client, "program@example.org")
    client.get("/language/en")

    page = client.get("/manage/").text

    assert "Leere Werkstatt" in page and f"/manage/events/{world['event'].id}/dashboard" in page
    assert '<meter min="0" max="9" value="7"' in page
    assert "2 partners, 2 contributions" in page


def test_the_overview_shows_the_door_staff_the_events_without_figures(client, world):
    login(client, "checkin@example.org")

    page = client.get("/manage/").text

    assert world["event"].name in page and "<meter" not in page
    assert f"/manage/events/{world['event'].id}/checkin" in page
