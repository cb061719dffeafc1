"""Eight browsers send the registration for the same address at the same moment to two gunicorn workers: one
account and one organization come of it, the others hear that the address has an account, and nothing fails with a
server error (on SQLite, and on PostgreSQL when DATABASE_URL is set)."""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from core.extensions import db
from core.models import User
from partners.models import Organization
from tests.factories import make_event
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)

CLIENTS = 8
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FORM = {
    "account_name": "Anna Schulz", "email": "anna@firma.example", "password": "sehr-geheim-123",
    "password_repeat": "sehr-geheim-123", "name": "Nordnetz GmbH", "kind": "exhibitor", "address": "Rostock",
    "description_de": "Glasfaser.", "contact_name": "Kim Berg", "contact_email": "kim@firma.example",
    "consent_privacy": "y",
}  # fmt: skip


def register_at_the_barrier(url: str, barrier: threading.Barrier) -> requests.Response:
    with requests.Session() as browser:
        browser.get(f"{url}/language/en", timeout=30)
        form = browser.get(f"{url}/partner/register?event=noerd", timeout=30)
        data = FORM | {"csrf_token": TOKEN.search(form.text).group(1)}
        barrier.wait(timeout=30)
        return browser.post(f"{url}/partner/register?event=noerd", data=data, allow_redirects=False, timeout=60)


def test_the_same_address_registered_at_once_makes_one_account_and_no_server_error(app_ctx, gunicorn_server):
    make_event()
    barrier = threading.Barrier(CLIENTS)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        responses = list(pool.map(lambda _: register_at_the_barrier(gunicorn_server.url, barrier), range(CLIENTS)))

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {302: 1, 200: CLIENTS - 1}, gunicorn_server.log()
    assert all("An account with this email address exists already" in r.text for r in responses if r.status_code == 200)
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert db.session.scalar(select(func.count(Organization.id))) == 1
