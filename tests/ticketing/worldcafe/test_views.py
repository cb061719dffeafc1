"""The organizer's World Café pages through the test client: set-up, tables, planner, rules, computing the plan as
a job, moving people (form and JSON), publishing, locking, export and import; roles, other events, bad input and
missing CSRF tokens."""

import io
import json

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, run_one
from core.mail.outbox import OutboxMail
from events.program.models import Contribution
from tests.factories import csrf_from, login, make_event, make_user
from tests.ticketing.worldcafe.helpers import base, latin_plan, make_cafe, plan_of
from ticketing.worldcafe.models import CafeConstraint, CafeTable, WorldCafe
from ticketing.worldcafe.plan import plans
from ticketing.worldcafe.plan.problem import cafe_problem


@pytest.fixture
def made(app_ctx):
    return make_cafe()


def token(client) -> str:
    return csrf_from(client.get("/login").text)


def post(client, url, data=None, **kwargs):
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, **kwargs)


def with_draft(made):
    plans.store_draft(made.cafe, latin_plan(made))
    db.session.commit()


def test_index_lists_world_cafe_contributions_and_sets_one_up(organizer, app_ctx):
    event = make_event()
    contribution = Contribution(event=event, title="World Café: Charta", format="world_cafe", state="accepted")
    db.session.add(contribution)
    db.session.commit()

    page = organizer.get(f"/manage/events/{event.id}/worldcafe")
    created = post(organizer, f"/manage/events/{event.id}/worldcafe/new/{contribution.id}")

    assert page.status_code == 200
    assert "World Café: Charta" in page.text
    cafe = db.session.scalar(select(WorldCafe))
    assert created.headers["Location"] == f"/manage/events/{event.id}/worldcafe/{cafe.id}"


def test_creating_a_cafe_for_a_talk_is_refused_with_a_message(organizer, app_ctx):
    event = make_event()
    talk = Contribution(event=event, title="Vortrag", format="talk", state="accepted")
    db.session.add(talk)
    db.session.commit()

    answer = post(organizer, f"/manage/events/{event.id}/worldcafe/new/{talk.id}", follow_redirects=True)

    assert "Dieser Beitrag ist kein World Café." in answer.text
    assert db.session.scalar(select(func.count()).select_from(WorldCafe)) == 0


@pytest.mark.parametrize("role", ["checkin", None])
def test_organizer_pages_refuse_other_roles_and_anonymous(client, made, role):
    if role:
        make_user("tuer@example.org", roles=(role,))
        login(client, "tuer@example.org")

    answers = [client.get(base(made) + path) for path in ("", "/planner", "/problem.json")]
    moved = post(client, base(made) + "/move", {"round": 1, "ticket_id": made.ticket_ids[0], "table_id": 1})

    expected = 403 if role else 302
    assert [a.status_code for a in answers] == [expected] * 3
    assert moved.status_code == expected


def test_another_events_cafe_is_not_found(organizer, made):
    other = make_event("andere")

    answers = [
        organizer.get(f"/manage/events/{other.id}/worldcafe/{made.cafe_id}/planner").status_code,
        post(organizer, f"/manage/events/{other.id}/worldcafe/{made.cafe_id}/publish").status_code,
        organizer.get(f"{base(made)}/tables/999999").status_code,
    ]

    assert answers == [404, 404, 404]


def test_setup_saves_rounds_deadline_and_participation(organizer, made):
    answer = post(organizer, base(made), {"rounds": 3, "round_minutes": 25, "pause_minutes": 5,
                                          "choice_deadline": "2030-05-01T12:00", "participation": "all"})  # fmt: skip

    assert answer.status_code == 302
    assert made.cafe.round_minutes == 25
    assert made.cafe.choice_deadline.isoformat() == "2030-05-01T10:00:00+00:00"


def test_setup_with_bad_input_shows_the_form_again_and_changes_nothing(organizer, made):
    no_types = post(organizer, base(made), {"rounds": 3, "round_minutes": 20, "pause_minutes": 5,
                                            "participation": "ticket_types"})  # fmt: skip
    too_many = post(organizer, base(made), {"rounds": 99, "round_minutes": 20, "pause_minutes": 5,
                                            "participation": "all"})  # fmt: skip

    assert no_types.status_code == 200
    assert "Bitte wählen Sie mindestens eine Ticketart dieser Veranstaltung." in no_types.text
    assert too_many.status_code == 200
    assert (made.cafe.rounds, made.cafe.participation) == (3, "all")


def test_tables_are_added_edited_and_removed(organizer, made):
    added = post(organizer, f"{base(made)}/tables/new", {"title": "Kultur und Freizeit", "topic_key": "culture",
                                                          "seats": 5, "notes": "stufenlos"})  # fmt: skip
    table_id = db.session.scalar(select(CafeTable.id).where(CafeTable.topic_key == "culture"))
    taken = post(organizer, f"{base(made)}/tables/{table_id}", {"title": "Kultur", "topic_key": "mobility", "seats": 5})
    removed = post(organizer, f"{base(made)}/tables/{table_id}/delete")

    assert added.status_code == 302
    assert taken.status_code == 200
    assert "Ein anderer Tisch dieses Cafés hat dieses Themenkürzel schon." in taken.text
    assert removed.status_code == 302
    assert db.session.get(CafeTable, table_id) is None


def test_planner_shows_participants_grid_coloured_by_group_and_figures(organizer, made):
    with_draft(made)

    page = organizer.get(f"{base(made)}/planner")

    assert page.status_code == 200
    assert page.text.count('class="cafe-person group-dot group-administration"') == 9  # 3 people × 3 rounds
    assert "Wiederholte Begegnungen" in page.text
    assert "54 (Untergrenze 9)" in page.text
    assert "Der Plan hält alle Regeln ein." in page.text
    assert "style=" not in page.text
    assert "<script>" not in page.text


def test_rules_are_added_and_removed_and_bad_ones_get_a_message(organizer, made):
    a, b = made.ticket_ids[:2]
    added = post(organizer, f"{base(made)}/constraints", {"kind": "together", "ticket_ids": [a, b]})
    contradiction = post(organizer, f"{base(made)}/constraints", {"kind": "apart", "ticket_ids": [a, b]},
                         follow_redirects=True)  # fmt: skip
    unknown = post(organizer, f"{base(made)}/constraints", {"kind": "apart", "ticket_ids": [a, 999999]},
                   follow_redirects=True)  # fmt: skip
    rule = db.session.scalar(select(CafeConstraint))
    removed = post(organizer, f"{base(made)}/constraints/{rule.id}/delete")

    assert added.status_code == 302
    assert "Die Regeln für Person 00, Person 01 widersprechen sich: zugleich zusammen und getrennt." in (
        contradiction.text
    )
    assert "Diese Person nimmt an diesem World Café nicht teil." in unknown.text
    assert removed.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CafeConstraint)) == 0


def test_compute_the_plan_runs_as_a_job_and_stores_the_draft(organizer, made, app):
    app.config["WORLDCAFE_SOLVE_SECONDS"] = 1

    queued = post(organizer, f"{base(made)}/solve")
    job = db.session.scalar(select(Job))
    page = organizer.get(f"{base(made)}/planner")
    ended = run_one("test-worker", now=utcnow())

    assert queued.status_code == 302
    assert (job.kind, job.params["cafe_id"]) == ("worldcafe.solve", made.cafe_id)
    assert f'data-poll-url="/manage/jobs/{job.id}"' in page.text
    assert ended.state == "done"
    draft = plan_of(made, "draft")
    assert draft.job_id == job.id
    assert ended.result == {"plan_id": draft.id, "figures": draft.figures}


def test_a_solve_job_for_a_cafe_that_cannot_be_planned_fails_with_the_reason(organizer, app_ctx):
    crowded = make_cafe(people=13)

    post(organizer, f"{base(crowded)}/solve")
    ended = run_one("test-worker", now=utcnow())

    assert ended.state == "failed"
    assert ended.error == "too_many_participants: Es gibt 13 Teilnehmende, aber nur 12 Plätze."
    assert plan_of(crowded, "draft") is None


def test_replan_needs_a_published_plan(organizer, made):
    answer = post(organizer, f"{base(made)}/replan", follow_redirects=True)

    assert "Es gibt noch keinen veröffentlichten Plan." in answer.text
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_move_by_form_changes_the_draft(organizer, made):
    with_draft(made)
    person = made.ticket_ids[0]

    answer = post(organizer, f"{base(made)}/move", {"round": 1, "ticket_id": person, "table_id": made.table_ids[1]},
                  follow_redirects=True)  # fmt: skip

    assert "Umgesetzt." in answer.text
    assert "Runde 1: Am größten Tisch sitzen 5, am kleinsten 3 Personen." in answer.text
    assert plan_of(made, "draft").table_of(person, 0) == made.table_ids[1]


def test_move_by_json_answers_figures_and_broken_rules(organizer, made):
    with_draft(made)
    headers = {"X-CSRFToken": token(organizer)}

    answer = organizer.post(f"{base(made)}/move", json={"round": 1, "ticket_id": made.ticket_ids[0],
                                                        "table_id": made.table_ids[1]}, headers=headers)  # fmt: skip
    bad = organizer.post(f"{base(made)}/move", json={"round": 9, "ticket_id": made.ticket_ids[0],
                                                     "table_id": made.table_ids[1]}, headers=headers)  # fmt: skip
    garbage = organizer.post(f"{base(made)}/move", json={"round": "x"}, headers=headers)

    assert answer.status_code == 200
    assert answer.json["violations"][1] == "Runde 1: Am größten Tisch sitzen 5, am kleinsten 3 Personen."
    assert answer.json["figures"]["pair_coincidences"] == plan_of(made, "draft").figures["pair_coincidences"]
    assert (bad.status_code, bad.json["error"], bad.json["message"]) == (400, "round_out_of_range",
                                                                         "Diese Runde gibt es nicht.")  # fmt: skip
    assert (garbage.status_code, garbage.json["error"]) == (400, "ticket_unknown")


@pytest.mark.parametrize("document", [False, [1, 2, 3], "round", 7])
def test_a_json_move_that_is_not_an_object_is_refused(organizer, made, document):
    with_draft(made)

    answer = organizer.post(f"{base(made)}/move", json=document, headers={"X-CSRFToken": token(organizer)})

    assert (answer.status_code, answer.json["error"]) == (400, "ticket_unknown")
    assert plan_of(made, "draft").seats == latin_plan(made)


def test_a_move_without_csrf_token_is_refused(organizer, made):
    with_draft(made)

    form = organizer.post(f"{base(made)}/move", data={"round": 1, "ticket_id": made.ticket_ids[0], "table_id": 1})
    as_json = organizer.post(f"{base(made)}/move", json={"round": 1, "ticket_id": made.ticket_ids[0], "table_id": 1})

    assert (form.status_code, as_json.status_code) == (400, 400)
    assert plan_of(made, "draft").seats == latin_plan(made)


def test_publish_refuses_a_broken_draft_and_publishes_a_valid_one(organizer, made):
    with_draft(made)
    plans.move_seat(made.cafe, 1, made.ticket_ids[0], made.table_ids[1])
    db.session.commit()

    refused = post(organizer, f"{base(made)}/publish", follow_redirects=True)
    plans.move_seat(made.cafe, 1, made.ticket_ids[0], made.table_ids[0])
    db.session.commit()
    published = post(organizer, f"{base(made)}/publish")

    assert "Der Entwurf verletzt eine Regel und kann nicht veröffentlicht werden." in refused.text
    assert published.status_code == 302
    assert plan_of(made, "published").seats == latin_plan(made)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 12


def test_lock_rounds_after_publishing(organizer, made):
    refused = post(organizer, f"{base(made)}/lock", {"count": 1}, follow_redirects=True)
    with_draft(made)
    plans.publish(made.cafe, now=utcnow())
    db.session.commit()

    locked = post(organizer, f"{base(made)}/lock", {"count": 1})
    nonsense = post(organizer, f"{base(made)}/lock", {"count": "viele"}, follow_redirects=True)

    assert "Es gibt noch keinen veröffentlichten Plan." in refused.text
    assert locked.status_code == 302
    assert "Schreiben Sie zwischen 0 und allen Runden des Cafés fest." in nonsense.text
    assert made.cafe.locked_rounds == 1


def test_export_gives_the_cafe_as_a_problem_file(organizer, made):
    answer = organizer.get(f"{base(made)}/problem.json")

    assert answer.headers["Content-Disposition"] == f'attachment; filename="worldcafe-{made.cafe_id}-problem.json"'
    assert json.loads(answer.data) == cafe_problem(made.cafe)


def upload(client, made, content: bytes):
    data = {"csrf_token": token(client), "file": (io.BytesIO(content), "plan.json")}
    return client.post(f"{base(made)}/import", data=data, content_type="multipart/form-data", follow_redirects=True)


def test_import_takes_a_valid_plan_file_as_the_draft(organizer, made):
    answer = upload(organizer, made, json.dumps({"rounds": latin_plan(made)}).encode())

    assert "Der Plan wurde als Entwurf importiert." in answer.text
    assert plan_of(made, "draft").seats == latin_plan(made)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not json", "Die Datei ist keine JSON-Datei im World-Café-Format."),
        (b"[1, 2]", "Die Datei ist keine JSON-Datei im World-Café-Format."),
        (b'{"plan": []}', "In der Datei fehlt der Eintrag „rounds“ (in the plan)."),
        (b'{"rounds": [{}, {}, {}]}', "Der Plan verletzt eine Regel: Runde 1: Person 00 hat keinen Tisch."),
    ],
)
def test_import_refuses_bad_files_with_a_message_and_changes_nothing(organizer, made, content, message):
    with_draft(made)

    answer = upload(organizer, made, content)

    assert answer.status_code == 200
    assert message in answer.text
    assert plan_of(made, "draft").seats == latin_plan(made)
