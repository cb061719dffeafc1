"""Fuzzing every form and JSON endpoint, for each role: hostile input never makes a server error, and a refused
request leaves the database as it was.

Targets come from `app.url_map` at run time (tests/fuzz/routes.py): every rule taking POST, PUT, PATCH or DELETE
and every GET rule, path parts filled from one seeded world (tests/fuzz/world.py). Bodies are drawn by hypothesis
(tests/fuzz/strategies.py): form fields named as on the real page (tests/fuzz/forms.py reads every page's HTML as an
admin and as a partner owner), with the values the page offers or hostile ones, fields left out, extra fields, a
valid CSRF token; or a JSON document (with the CSRF token in `X-CSRFToken`), for the JSON endpoints and for every
other state-changing route too. GET targets get query strings of the names the app reads (`request.args.get`
in the code, the fields of the page's GET forms) with hostile values.

What is checked for every request:

- no 5xx, and no exception escaping the view (the test app propagates them);
- a GET never changes the database (GET never changes state);
- a refused request changes nothing. Refused means: any 4xx; a redirect to the login page; a redirect that
  flashes an error; an HTML page answering a POST that shows a form error, an error summary or an error flash (the
  form re-rendered). A redirect without an error flash, a 2xx JSON answer or a page without an error is accepted:
  it may change data (and does, often: the tally shows it), and is not judged here.

So the check is not vacuous, each role must see requests accepted and requests refused; the tally of both is
printed (`pytest -s`). The database content is a fingerprint (row count and a hash of the rows, per table); after
every request that changed it, the changed tables are put back, so every example meets the same world, runs are
reproducible (derandomized) and hypothesis can shrink a failure to a small body.
"""

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core.extensions import limiter
from tests.factories import csrf_from
from tests.fuzz.conftest import log_in
from tests.fuzz.forms import FormFields
from tests.fuzz.strategies import form_body, json_document, query
from tests.fuzz.world import ROLES

ROOT = Path(__file__).resolve().parents[2]
# About 4,000 requests for the six roles; FUZZ_DEPTH=5 runs five times as many (a deeper search, not for CI).
DEPTH = int(os.environ.get("FUZZ_DEPTH", "1"))
EXAMPLES = {"POST": 4 * DEPTH, "GET": 2 * DEPTH}
SETTINGS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    print_blob=False,
)
ERROR_MARKS = ("has-error", "error-summary", "flash-error")
# Views that store what they could do and flash an error about the rest: their error flash is no refusal.
PARTIAL_SUCCESS = {"program_manage.auto_schedule": "places what it can, flashes the contributions left unplaced"}


def names_read_from_query() -> set[str]:
    """Every name the code reads with `request.args.get(...)`."""
    found = set()
    for package in ("core", "events", "ticketing", "partners", "cockpit"):
        for source in (ROOT / package).rglob("*.py"):
            found |= set(re.findall(r"request\.args\.get(?:list)?\(\"(\w+)\"", source.read_text()))
    return found


QUERY_NAMES = names_read_from_query()


def verdict(client, target, response) -> str:
    """One of "refused", "accepted" or "error" (see the module's docstring)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if 400 <= status < 500:
        return "refused"
    if 300 <= status < 400:
        location = urlsplit(response.headers.get("Location", ""))
        if location.path == "/login" and parse_qs(location.query).get("next") == [target.path]:
            return "refused"  # the guard's answer to an anonymous request; other redirects to login follow success
        with client.session_transaction() as session:
            categories = [category for category, _ in session.get("_flashes", [])]
        if "error" in categories and target.endpoint not in PARTIAL_SUCCESS:
            return "refused"
        return "accepted"
    if target.method != "GET" and response.mimetype == "text/html" and any(m in response.text for m in ERROR_MARKS):
        return "refused"
    return "accepted"


def send(client, target, body, token: str):
    kind, payload = body
    if kind == "json":
        return client.open(target.path, method=target.method, json=payload, headers={"X-CSRFToken": token})
    if kind == "query":
        return client.get(target.path, query_string=payload)
    return client.open(target.path, method=target.method, data=payload)


def bodies(target, form: FormFields | None, token: str, world_values: list):
    if target.method == "GET":
        names = {name: set() for name in QUERY_NAMES} | (dict(form.names) if form else {})
        return st.tuples(st.just("query"), query(names))
    forms = st.tuples(st.just("form"), form_body(form, token))
    documents = st.tuples(st.just("json"), json_document(world_values))
    return st.one_of(forms, forms, forms, documents) if form else st.one_of(forms, documents)


@dataclass
class Session:
    """One role's client, its saved login and CSRF token, and the tally of answers."""

    fuzzing: object
    role: str
    client: object
    cookie: str
    token: str
    tally: Counter = field(default_factory=Counter)

    def check(self, target, body) -> None:
        fuzzing, client = self.fuzzing, self.client
        client.set_cookie("session", self.cookie, domain="localhost")  # a fuzzed logout must not stick
        limiter.reset()  # rate limits would make answers depend on the requests before
        fuzzing.writes.take()
        try:
            response = send(client, target, body, self.token)
            outcome = verdict(client, target, response)
        finally:
            changed = fuzzing.saved.changed(fuzzing.writes.take())
            if changed:
                fuzzing.saved.restore(changed)
        self.tally[outcome] += 1
        request = f"{self.role}: {target.method} {target.path} {body!r}"
        assert outcome != "error", f"{response.status_code} for {request}"
        assert not (changed and (outcome == "refused" or target.method == "GET")), (
            f"{outcome} ({response.status_code}) changed {changed}: {request}"
        )

    def fuzz(self, target) -> str | None:
        """Hypothesis' examples for one target; the failure (shrunk to a small body), if any."""
        form = self.fuzzing.forms.get((target.rule, target.method))
        world_values = [v for v in self.fuzzing.world.values() if isinstance(v, int | str)]

        @settings(SETTINGS, max_examples=EXAMPLES.get(target.method, EXAMPLES["POST"]))
        @given(body=bodies(target, form, self.token, world_values))
        def run(body):
            self.check(target, body)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - collected, so one run reports every failing route
            notes = "\n".join(getattr(error, "__notes__", []))
            return f"{type(error).__name__}: {str(error)[:600]}\n{notes}"
        return None


@pytest.mark.parametrize("role", ROLES)
def test_hostile_requests_never_fail_and_refused_ones_change_nothing(fuzzing, role):
    client = fuzzing.app.test_client()
    with fuzzing.app.app_context():
        log_in(client, role)
        token = csrf_from(client.get("/login").text)
        session = Session(fuzzing, role, client, client.get_cookie("session", domain="localhost").value, token)
        failures = {f"{t.method} {t.path}": why for t in fuzzing.targets if (why := session.fuzz(t))}

    print(f"\n{role}: {dict(session.tally)}")
    assert failures == {}, "\n\n".join(f"{where}\n{why}" for where, why in failures.items())
    assert session.tally["refused"] > 0 and session.tally["accepted"] > 0, session.tally


def test_every_page_opens_for_the_form_reader(fuzzing):
    """The pages whose forms are read (as admin and as partner owner) open without an exception and change
    nothing."""
    assert fuzzing.crawl_failures == {}
