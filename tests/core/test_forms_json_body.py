"""Forms read a browser's form data only: a JSON body posted to a form's route is an empty submission, never a
server error (found by tests/fuzz)."""

import pytest

from core.services import legal_page
from tests.factories import csrf_from, login, make_user


@pytest.mark.parametrize("document", [False, 1.5, [1, 2], "text", {"email": 5, "password": ["a", "b"]}])
def test_a_json_body_posted_to_the_login_form_shows_the_form_again(client, app_ctx, document):
    make_user()
    token = csrf_from(client.get("/login").text)

    response = client.post("/login", json=document, headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert "has-error" in response.text


def test_a_json_body_does_not_fill_a_form(client, app_ctx):
    make_user()
    login(client)
    token = csrf_from(client.get("/manage/pages/impressum").text)

    response = client.post(
        "/manage/pages/impressum", json={"body_de": "Aus JSON", "body_en": 7}, headers={"X-CSRFToken": token}
    )

    assert response.status_code < 500
    assert "Aus JSON" not in legal_page("impressum", create=True).body_de
