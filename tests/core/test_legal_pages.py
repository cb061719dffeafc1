from tests.factories import login, make_user, submit


def test_empty_legal_page_still_answers(client, app_ctx):
    page = client.get("/impressum")

    assert page.status_code == 200
    assert "noch nicht geschrieben" in page.text


def test_admin_edits_impressum_in_both_languages(client, app_ctx):
    make_user()
    login(client)

    response = submit(
        client,
        "/manage/pages/impressum",
        {"body_de": "Verantwortlich: Stadt Stralsund", "body_en": "Responsible: City of Stralsund"},
    )
    german = client.get("/impressum").text
    client.get("/language/en")
    english = client.get("/impressum").text

    assert response.status_code == 302
    assert "Verantwortlich: Stadt Stralsund" in german
    assert "Responsible: City of Stralsund" in english and "Legal notice" in english


def test_program_user_cannot_edit_legal_pages(client, app_ctx):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")

    assert client.get("/manage/pages/datenschutz").status_code == 403


def test_unknown_legal_page_is_not_found(client, app_ctx):
    make_user()
    login(client)

    assert client.get("/manage/pages/agb").status_code == 404


def test_over_long_legal_text_is_refused(client, app_ctx):
    make_user()
    login(client)

    response = submit(client, "/manage/pages/impressum", {"body_de": "x" * 50001, "body_en": ""})

    assert response.status_code == 200
    assert "noch nicht geschrieben" in client.get("/impressum").text
