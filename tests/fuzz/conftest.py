"""One app and one world for the whole fuzz module: built once, its forms read once, and put back after every
request that changed it (tests/fuzz/fingerprint.py), so each role meets the same world."""

from dataclasses import dataclass

import pytest

from app import create_app
from core.extensions import db, limiter
from tests.conftest import IsolatedClient
from tests.factories import login
from tests.fuzz.fingerprint import Saved, WriteWatch, changed_tables, fingerprint, tables
from tests.fuzz.forms import FormFields, crawl
from tests.fuzz.routes import Target, targets
from tests.fuzz.world import ACCOUNTS, build_fuzz_world


@dataclass
class Fuzzing:
    app: object
    world: dict
    targets: list[Target]
    forms: dict[tuple[str, str], FormFields]
    saved: Saved
    crawl_failures: dict[str, str]
    writes: WriteWatch


def log_in(client, role: str) -> None:
    if role != "anonymous":
        limiter.reset()  # the login limit counts the fuzzed logins too
        login(client, ACCOUNTS[role])


@pytest.fixture(scope="module")
def fuzzing(database_uri, tmp_path_factory):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "fuzz", "SERVER_NAME": "localhost"}
    )
    app.instance_path = str(tmp_path_factory.mktemp("fuzz-instance"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        world = build_fuzz_world()
        found = targets(app, world)
        forms: dict[tuple[str, str], FormFields] = {}
        failures: dict[str, str] = {}
        pages = [t.path for t in found if t.method == "GET"]
        before = fingerprint()
        for role in ("admin", "owner"):  # between them they see every form
            client = app.test_client()
            log_in(client, role)
            failures |= {f"GET {path} as {role}": why for path, why in crawl(client, app, pages, forms).items()}
        if changed := changed_tables(before, fingerprint()):
            failures["opening the pages as admin and owner"] = f"a GET changed {changed}"
        saved, writes = Saved(), WriteWatch(db.engine)
        yield Fuzzing(app, world, found, forms, saved, failures, writes)
        writes.close()
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(tables()):
                conn.execute(table.delete())
        db.engine.dispose()
