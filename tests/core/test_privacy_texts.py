"""The privacy policy states the retention period of the RETENTION_DAYS setting; partners see their own notice."""

import re

from flask_babel import force_locale, gettext

from core.extensions import db
from core.services import legal_page
from tests.factories import login, make_event, make_user, submit


def text_of(html: str) -> str:
    main = html.split('<main id="content"', 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def german(msgid: str, **variables) -> str:
    """The German text of `msgid` (from the catalog; English until the pending translations are merged)."""
    with force_locale("de"):
        return gettext(msgid, **variables)


def test_the_default_privacy_policy_states_the_retention_setting(app, client, app_ctx):
    app.config["RETENTION_DAYS"] = 90
    ninety = text_of(client.get("/datenschutz").text)
    app.config["RETENTION_DAYS"] = 30

    thirty = text_of(client.get("/datenschutz").text)

    assert "30 Tage nach dem Ende der Veranstaltung anonymisiert" in thirty
    assert "30 Tage nach dem Versand gelöscht" in thirty  # the mail outbox too
    assert "90 Tage nach dem Ende der Veranstaltung anonymisiert" in ninety and "90 Tage" not in thirty
    assert "sechs Monate" not in thirty and "{retention_days}" not in thirty


def test_the_default_privacy_policy_covers_what_the_gdpr_asks(client, app_ctx):
    page = client.get("/datenschutz")
    text = text_of(page.text)

    headings = re.findall(r"<h2>([^<]+)</h2>", page.text)
    assert headings == ["Verantwortlich", "Welche Daten wir wofür verarbeiten", "Rechtsgrundlagen", "Empfänger",
                        "Speicherdauer", "Hinweise auf die nächste Ausgabe", "Ihre Rechte"]  # fmt: skip
    assert "Art. 6 Abs. 1 lit. b DSGVO" in text and "lit. a" in text and "lit. f" in text
    assert "Empfänger Keine." in text
    assert "mit Name und E-Mail-Adresse – und sonst nichts – in eine eigene Liste" in text
    assert "Meine Daten löschen" in text and "herunterladen" in text.lower()
    assert "Der Landesbeauftragte für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern" in text
    [to_complete] = re.findall(r'<p class="to-complete">(.*?)</p>', page.text, re.S)
    assert german("To be completed by the organizers:") in to_complete and "verantwortlichen Stelle" in to_complete


def test_the_privacy_policy_in_english_states_the_setting_too(app, client, app_ctx):
    app.config["RETENTION_DAYS"] = 45
    client.get("/language/en")

    text = text_of(client.get("/datenschutz").text)

    assert "anonymised 45 days after the event ends" in text and "deleted 45 days after sending" in text
    assert "Art. 6 (1) (b) GDPR" in text and "Controller" in text
    assert "Der Landesbeauftragte für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern" in text


def test_an_edited_privacy_policy_fills_the_retention_placeholder(app, client, app_ctx):
    make_user()
    login(client)
    app.config["RETENTION_DAYS"] = 14

    form = client.get("/manage/pages/datenschutz")
    saved = submit(client, "/manage/pages/datenschutz", {
        "body_de": "## Verantwortlich\n\nStadt Stralsund, Alter Markt\n\nGelöscht nach {retention_days} Tagen.",
        "body_en": "Deleted after {retention_days} days.",
    })  # fmt: skip
    page = client.get("/datenschutz")

    assert "{retention_days} Tage nach dem Ende" in form.text  # the form starts from the default text
    assert saved.status_code == 302
    assert legal_page("datenschutz").body_de.endswith("Gelöscht nach {retention_days} Tagen.")  # stored as typed
    assert "<h2>Verantwortlich</h2>" in page.text and "Gelöscht nach 14 Tagen." in text_of(page.text)
    assert 'class="to-complete"' not in page.text


def test_the_impressum_has_no_default_text(client, app_ctx):
    db.session.commit()

    text = text_of(client.get("/impressum").text)

    assert "noch nicht geschrieben" in text and "Speicherdauer" not in text


def test_partner_registration_shows_the_partner_notice_not_the_attendees(client, app_ctx):
    make_event(privacy_text="Wir verarbeiten Ihre Daten nur für Ihre Teilnahme als Besucher*in.")

    page = client.get("/partner/register?event=noerd")

    notice = page.text.split('id="privacy-heading"', 1)[1].split("</section>", 1)[0]
    assert page.status_code == 200
    assert "Besucher*in" not in page.text
    assert 'class="privacy-text partner-privacy"' in notice
    assert german("Logo: if you upload one, it is shown publicly in the directory; we remove its metadata and keep "
                  "only a re-encoded copy.") in notice  # fmt: skip
    assert 'href="/datenschutz"' in notice
