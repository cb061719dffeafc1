import pytest

from tests.factories import login, make_event, make_quota, make_user, submit
from ticketing.booking.capacity import quotas_for, ticket_types_for


@pytest.fixture
def admin_client(client, app_ctx):
    make_user()
    login(client)
    return client


def test_admin_defines_day_quotas_and_a_two_day_ticket(admin_client):
    event = make_event(days=2)
    base = f"/manage/events/{event.id}"

    submit(admin_client, f"{base}/quotas/new", {"name": "Halle Tag 1", "capacity": "2500", "overbooking_percent": "15"})
    submit(admin_client, f"{base}/quotas/new", {"name": "Halle Tag 2", "capacity": "2500", "overbooking_percent": "0"})
    day1, day2 = quotas_for(event)
    response = submit(
        admin_client,
        f"{base}/ticket-types/new",
        {"name": "Beide Tage", "quota_ids": [day1.id, day2.id], "valid_days": [d.isoformat() for d in event.days],
         "is_public": "y"},
    )  # fmt: skip

    (both,) = ticket_types_for(event)
    assert response.status_code == 302
    assert day1.seat_limit == 2875
    assert [q.name for q in both.quotas] == ["Halle Tag 1", "Halle Tag 2"]
    assert both.valid_days == event.days
    assert "2.500 Plätze frei" in admin_client.get(f"/e/{event.slug}").text


def test_ticket_type_form_lists_only_this_events_quotas(admin_client):
    event, other = make_event("a"), make_event("b")
    make_quota(other, "Fremde Halle")
    foreign = quotas_for(other)[0]

    page = admin_client.get(f"/manage/events/{event.id}/ticket-types/new")
    response = submit(
        admin_client,
        f"/manage/events/{event.id}/ticket-types/new",
        {"name": "Trick", "quota_ids": [foreign.id], "valid_days": [event.days[0].isoformat()]},
    )

    assert "Fremde Halle" not in page.text
    assert response.status_code == 200
    assert ticket_types_for(event) == []


def test_ticket_type_without_days_or_with_sale_end_before_start_is_refused(admin_client):
    event = make_event()
    quota = make_quota(event)
    url = f"/manage/events/{event.id}/ticket-types/new"

    no_day = submit(admin_client, url, {"name": "Tag 1", "quota_ids": [quota.id]})
    backwards = submit(
        admin_client,
        url,
        {"name": "Tag 1", "quota_ids": [quota.id], "valid_days": [event.days[0].isoformat()],
         "sale_starts_at": "2027-02-01T10:00", "sale_ends_at": "2027-01-01T10:00"},
    )  # fmt: skip

    assert "Bitte wählen Sie mindestens einen Tag." in no_day.text
    assert "Der Verkauf muss nach seinem Beginn enden." in backwards.text
    assert ticket_types_for(event) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Halle", "capacity": "-1", "overbooking_percent": "0"}, "Zahl muss zwischen 0 und 1000000 liegen."),
        ({"name": "Halle", "capacity": "viele", "overbooking_percent": "0"}, "Keine gültige, ganze Zahl."),
        ({"name": "Halle", "capacity": "10", "overbooking_percent": "150"}, "Zahl muss zwischen 0 und 100 liegen."),
        (
            {"name": "H" * 121, "capacity": "10", "overbooking_percent": "0"},
            "Feld kann nicht länger als 120 Zeichen sein.",
        ),
    ],
)
def test_bad_quota_input_is_refused(admin_client, data, message):
    event = make_event()

    response = submit(admin_client, f"/manage/events/{event.id}/quotas/new", data)

    assert response.status_code == 200
    assert message in response.text
    assert quotas_for(event) == []


def test_quota_of_another_event_is_not_found(admin_client):
    event, other = make_event("a"), make_event("b")
    foreign = make_quota(other)

    assert admin_client.get(f"/manage/events/{event.id}/quotas/{foreign.id}").status_code == 404
