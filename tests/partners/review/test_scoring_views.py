"""The review by several reviewers over HTTP: the program team assigns reviewers on a contribution's page and from
the ranked overview, each reviewer scores from their queue, the overview ranks by mean score and decides several
contributions at once (each with its mail, the refused ones reported); partners never see scores or comments; CSRF
and roles guard every form."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from core.extensions import db
from core.mail.outbox import OutboxMail
from events.program.models import Contribution
from partners.review.scoring.models import ContributionReview
from partners.rules import message_for
from tests.factories import csrf_from, login, make_event, make_user, submit
from tests.partners.factories import make_call, make_member, make_organization

SECRET_COMMENT = "Inhaltlich dünn, Referent*in aber stark."


def text_of(app, code: str) -> str:
    with app.test_request_context():
        return str(escape(message_for(code)))


@pytest.fixture
def world(app_ctx):
    """An event with two organizations, each with a submitted contribution, one already rejected one; reviewers
    Ada (program) and Bo (admin), a check-in user, and the first organization's owner."""
    event = make_event()
    make_call(event)
    ada = make_user("ada@example.org", roles=("program",))
    bo = make_user("bo@example.org", roles=("admin",))
    make_user("door@example.org", roles=("checkin",))
    orgs = [
        make_organization(event, "Hafenwerk eG", contact_email="kontakt@hafenwerk.example"),
        make_organization(event, "Nordnetz GmbH", contact_email="kontakt@nordnetz.example"),
    ]
    make_member(orgs[0], "owner@hafenwerk.example")
    talks = [
        Contribution(event=event, title="Datenräume für Häfen", organization_id=orgs[0].id),
        Contribution(event=event, title="Glasfaser im Dorf", format="workshop", organization_id=orgs[1].id),
        Contribution(event=event, title="Schon abgelehnt", state="rejected", organization_id=orgs[1].id),
    ]
    db.session.add_all(talks)
    db.session.commit()
    return {"event": event, "ada": ada, "bo": bo, "orgs": orgs, "talks": talks}


def manage(world, path=""):
    return f"/manage/events/{world['event'].id}/partners{path}"


def page_of(world, talk):
    return manage(world, f"/contributions/{talk.id}")


def as_user(app, email):
    client = app.test_client()
    login(client, email)
    return client


def assign_on_page(client, world, talk, *users):
    return submit(
        client,
        f"{page_of(world, talk)}/reviewers",
        {"reviewers": [str(u.id) for u in users]},
        form_url=page_of(world, talk),
    )


def score_on_page(client, world, talk, score, comment=""):
    return submit(
        client,
        f"{page_of(world, talk)}/score",
        {"score": str(score), "comment": comment},
        form_url=page_of(world, talk),
    )


def reviews_in_db():
    rows = db.session.execute(
        select(Contribution.title, ContributionReview.reviewer_id, ContributionReview.score, ContributionReview.comment)
        .join(Contribution, Contribution.id == ContributionReview.contribution_id)
        .order_by(Contribution.title, ContributionReview.reviewer_id)
    )
    return [tuple(row) for row in rows]


def test_the_program_team_assigns_reviewers_and_each_scores_from_their_queue(app, world):
    ada, bo, talk = world["ada"], world["bo"], world["talks"][0]
    program = as_user(app, "ada@example.org")
    admin = as_user(app, "bo@example.org")

    assigned = assign_on_page(program, world, talk, ada, bo)
    queue = admin.get(manage(world, "/reviews/mine")).text
    saved_bo = score_on_page(admin, world, talk, 2, SECRET_COMMENT)
    saved_ada = score_on_page(program, world, talk, 5, "Sehr gut.")
    changed = score_on_page(program, world, talk, 4, "Gut.")
    page = program.get(page_of(world, talk)).text

    assert assigned.status_code == saved_bo.status_code == saved_ada.status_code == changed.status_code == 302
    assert "Datenräume für Häfen" in queue
    assert reviews_in_db() == [
        ("Datenräume für Häfen", ada.id, 4, "Gut."),
        ("Datenräume für Häfen", bo.id, 2, SECRET_COMMENT),
    ]
    assert SECRET_COMMENT in page and "3,0" in page  # the mean of 4 and 2, in German


def test_a_score_out_of_range_is_refused_at_its_field_and_nothing_is_stored(app, world):
    talk = world["talks"][0]
    program = as_user(app, "ada@example.org")
    assign_on_page(program, world, talk, world["ada"])

    responses = [score_on_page(program, world, talk, value) for value in ("7", "0", "drei", "")]

    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert all(text_of(app, "score_out_of_range") in r.text for r in responses)
    assert all('aria-invalid="true"' in r.text for r in responses)
    assert reviews_in_db() == [("Datenräume für Häfen", world["ada"].id, None, "")]


def test_someone_not_assigned_cannot_score(app, world):
    talk = world["talks"][0]
    program = as_user(app, "ada@example.org")
    assign_on_page(program, world, talk, world["bo"])
    token = csrf_from(program.get(page_of(world, talk)).text)

    response = program.post(f"{page_of(world, talk)}/score", data={"csrf_token": token, "score": "5"})

    assert response.status_code == 200
    assert text_of(app, "not_assigned") in response.text
    assert reviews_in_db() == [("Datenräume für Häfen", world["bo"].id, None, "")]


def test_the_partner_never_sees_scores_or_comments(app, client, world):
    talk, org = world["talks"][0], world["orgs"][0]
    program = as_user(app, "ada@example.org")
    assign_on_page(program, world, talk, world["ada"])
    score_on_page(program, world, talk, 1, SECRET_COMMENT)
    login(client, "owner@hafenwerk.example")

    pages = [
        client.get(f"/partner/organizations/{org.id}/contributions"),
        client.get(f"/partner/organizations/{org.id}/contributions/{talk.id}"),
    ]

    assert [p.status_code for p in pages] == [200, 200]
    for page in pages:
        assert "Datenräume für Häfen" in page.text
        assert SECRET_COMMENT not in page.text
        assert "Bewertung" not in page.text and "Punkte" not in page.text
        assert "ada@example.org" not in page.text
    assert client.get(page_of(world, talk)).status_code == 403
    assert client.get(manage(world, "/reviews")).status_code == 403


def ranking_rows(html: str) -> list[str]:
    """The titles of the ranking table's rows, in order."""
    table = html.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', table)


def test_the_overview_ranks_by_mean_and_filters_by_format(app, world):
    first, second, _rejected = world["talks"]
    program, admin = as_user(app, "ada@example.org"), as_user(app, "bo@example.org")
    token = csrf_from(program.get(manage(world, "/reviews")).text)
    program.post(
        manage(world, "/reviews/assign"),
        data={"csrf_token": token, "selected": [str(first.id), str(second.id)],
              "reviewers": [str(world["ada"].id), str(world["bo"].id)]},
    )  # fmt: skip
    for client, talk, value in ((program, first, 2), (admin, first, 3), (program, second, 5)):
        score_on_page(client, world, talk, value)

    page = program.get(manage(world, "/reviews")).text
    workshops = program.get(manage(world, "/reviews?format=workshop")).text

    assert ranking_rows(page) == ["Glasfaser im Dorf", "Datenräume für Häfen", "Schon abgelehnt"]
    assert "2,5" in page and "2–3" in page and "0,50" in page  # mean, spread and standard deviation of (2, 3)
    assert ranking_rows(workshops) == ["Glasfaser im Dorf"]


def test_bulk_decision_decides_the_open_ones_mails_each_and_reports_the_decided_one(app, world):
    first, second, rejected = world["talks"]
    program = as_user(app, "ada@example.org")
    token = csrf_from(program.get(manage(world, "/reviews")).text)

    response = program.post(
        manage(world, "/reviews/decide"),
        data={"csrf_token": token, "selected": [str(t.id) for t in world["talks"]], "decision": "accepted",
              "message": "Herzlich willkommen im Programm!"},
    )  # fmt: skip

    assert response.status_code == 200
    outcomes = response.text.split('id="outcomes"', 1)[1]
    assert outcomes.count('class="outcome-done"') == 2 and outcomes.count('class="outcome-refused"') == 1
    assert text_of(app, "already_decided") in outcomes
    states = dict(db.session.execute(select(Contribution.title, Contribution.state)).all())
    assert states == {
        "Datenräume für Häfen": "accepted",
        "Glasfaser im Dorf": "accepted",
        "Schon abgelehnt": "rejected",
    }
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.to_address)).all()
    assert sorted({m.to_address for m in mails}) == [
        "kontakt@hafenwerk.example", "kontakt@nordnetz.example", "owner@hafenwerk.example"]  # fmt: skip
    assert all("Herzlich willkommen im Programm!" in m.body_text for m in mails)


def test_bulk_decision_without_selection_or_decision_shows_the_overview_again(app, world):
    program = as_user(app, "ada@example.org")
    token = csrf_from(program.get(manage(world, "/reviews")).text)

    nothing = program.post(manage(world, "/reviews/decide"), data={"csrf_token": token, "decision": "rejected"})
    no_state = program.post(
        manage(world, "/reviews/decide"), data={"csrf_token": token, "selected": [str(world["talks"][0].id)]}
    )

    assert nothing.status_code == no_state.status_code == 200
    assert text_of(app, "nothing_selected") in nothing.text
    assert 'id="select-{}" checked'.format(world["talks"][0].id) in no_state.text
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert db.session.get(Contribution, world["talks"][0].id).state == "submitted"


@pytest.mark.parametrize("path", ["/reviews/decide", "/reviews/assign", "/contributions/{id}/score",
                                  "/contributions/{id}/reviewers"])  # fmt: skip
def test_posts_without_a_csrf_token_are_refused_and_change_nothing(app, world, path):
    talk = world["talks"][0]
    program = as_user(app, "ada@example.org")
    assign_on_page(program, world, talk, world["ada"])
    data = {"selected": [str(talk.id)], "decision": "accepted", "reviewers": [str(world["bo"].id)], "score": "5"}

    response = program.post(manage(world, path.format(id=talk.id)), data=data)

    assert response.status_code == 400
    assert reviews_in_db() == [("Datenräume für Häfen", world["ada"].id, None, "")]
    assert db.session.get(Contribution, talk.id).state == "submitted"


def test_only_the_program_team_reaches_the_review_pages(app, client, world):
    talk = world["talks"][0]
    door = as_user(app, "door@example.org")
    admin = as_user(app, "bo@example.org")

    anonymous = client.get(manage(world, "/reviews"))
    refused = [door.get(manage(world, p)).status_code for p in ("/reviews", "/reviews/mine")]
    token = csrf_from(door.get("/login").text)
    refused_post = door.post(f"{page_of(world, talk)}/reviewers", data={"csrf_token": token, "reviewers": "1"})

    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert refused == [403, 403] and refused_post.status_code == 403
    assert admin.get(manage(world, "/reviews")).status_code == 200
    assert reviews_in_db() == []


def test_a_checkin_user_cannot_be_chosen_as_reviewer(app, world):
    talk = world["talks"][0]
    door = db.session.scalar(select(type(world["ada"])).where(type(world["ada"]).email == "door@example.org"))
    program = as_user(app, "ada@example.org")

    response = assign_on_page(program, world, talk, door)

    assert response.status_code == 200
    assert "door@example.org" not in response.text.split('id="reviewers-heading"', 1)[1]
    assert reviews_in_db() == []


def test_reviews_of_a_decided_contribution_can_no_longer_be_changed(app, world):
    talk = world["talks"][0]
    program = as_user(app, "ada@example.org")
    assign_on_page(program, world, talk, world["ada"])
    score_on_page(program, world, talk, 3)
    talk.state = "accepted"
    db.session.commit()
    token = csrf_from(program.get(page_of(world, talk)).text)

    response = program.post(f"{page_of(world, talk)}/score", data={"csrf_token": token, "score": "5"})

    assert text_of(app, "review_closed") in response.text
    assert reviews_in_db() == [("Datenräume für Häfen", world["ada"].id, 3, "")]
