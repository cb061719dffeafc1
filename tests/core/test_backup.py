"""`flask backup create` / `restore`: a round trip, refusals that change nothing, and a backup taken while visitors
book, whose restored copy holds every booking confirmed before the backup started and serves the organizer's list.

Runs on SQLite, and on PostgreSQL when DATABASE_URL is set: there with a source and a target database of its own.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from PIL import Image
from sqlalchemy import create_engine, func, make_url, select, text

from app import database_url
from core.db import utcnow
from core.extensions import db
from core.operations.backup import DATABASE_MEMBERS as DATABASE_MEMBER
from core.operations.backup import BackupError, create_backup, restore_backup
from events.models import Event
from partners.portal.uploads import store_image
from tests.conftest import compile_translations, empty_tables, make_test_app
from tests.factories import login, make_user
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking.bookings import confirm_booking
from ticketing.models import Booking, Quota, Ticket, TicketType

POSTGRES = bool(os.environ.get("DATABASE_URL"))
KIND, OTHER_KIND = ("postgresql", "sqlite") if POSTGRES else ("sqlite", "postgresql")
BOOKERS = 4

if POSTGRES and shutil.which("pg_dump") is None:
    pytest.skip("pg_dump is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def database_uris(tmp_path_factory):
    """A migrated source database and an empty target, both this module's own."""
    compile_translations()
    if POSTGRES:
        base = make_url(database_url(None))
        names = [f"{base.database}_backup_source", f"{base.database}_backup_target"]
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        uris = [base.set(database=name).render_as_string(hide_password=False) for name in names]
    else:
        folder = tmp_path_factory.mktemp("backup")
        uris = [f"sqlite:///{folder / 'source.db'}", f"sqlite:///{folder / 'target.db'}"]
    source = make_app(uris[0], tmp_path_factory.mktemp("migrate"))
    with source.app_context():
        upgrade()
        db.engine.dispose()
    yield uris
    if POSTGRES:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(uri, instance: Path):
    instance.mkdir(exist_ok=True)
    return make_test_app(uri, instance, MIGRATIONS_ENABLED=True)


@pytest.fixture
def source(database_uris, tmp_path):
    app = make_app(database_uris[0], tmp_path / "source")
    yield app
    empty_tables(app)


@pytest.fixture
def target(database_uris, tmp_path):
    app = make_app(database_uris[1], tmp_path / "target")
    yield app
    with app.app_context():
        db.session.remove()
        if POSTGRES:
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
    if not POSTGRES:
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(database_uris[1]).database + suffix).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def seeded_backup(database_uris, tmp_path_factory) -> tuple[Path, list[str], str]:
    """One archive for the tests that only restore: (archive, confirmed emails, logo name)."""
    folder = tmp_path_factory.mktemp("seeded")
    app = make_app(database_uris[0], folder / "source")
    _, emails, logo = seed(app)
    with app.app_context():
        create_backup(folder / "b.tar.gz", now=utcnow())
    empty_tables(app)
    return folder / "b.tar.gz", emails, logo


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 90)).save(out, "PNG")
    return out.getvalue()


def seed(app, bookings=3, first=0, organizer="orga@example.org") -> tuple[int, list[str], str]:
    """An organizer, an event with confirmed bookings and one stored logo: (event id, emails, logo name)."""
    with app.app_context():
        make_user(organizer)
        event, day = event_on_sale(seats=50, slug=f"noerd{first}")
        emails = []
        for n in range(first, first + bookings):
            confirm_booking(book(event, [person(day, n)]), now=utcnow())
            db.session.commit()
            emails.append(f"person{n}@example.org")
        logo = store_image(png(), Path(app.instance_path) / "uploads")
        return event.id, emails, logo


def confirmed_emails(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Booking.buyer_email).where(Booking.state == "confirmed")))


def revision_of(app) -> str:
    with app.app_context():
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))


def run(app, *args):
    return app.test_cli_runner().invoke(args=["backup", *args])


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    return lines[0]


def test_backup_and_restore_through_the_cli_carry_database_and_uploads_over(source, target, tmp_path):
    event_id, emails, logo = seed(source)
    archive = tmp_path / "treffpunkt.tar.gz"

    created = run(source, "create", str(archive))
    restored = run(target, "restore", str(archive))

    assert created.exit_code == 0, created.output
    assert restored.exit_code == 0, restored.output
    assert created.stdout.startswith(f"Backup written to {archive} (")
    assert restored.stdout.startswith(f"Restored {archive} (made ")
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds personal data
    assert sorted(path.name for path in tmp_path.iterdir()) == ["source", "target", "treffpunkt.tar.gz"]
    assert confirmed_emails(target) == set(emails)
    assert (tmp_path / "target/uploads" / logo).read_bytes() == (tmp_path / "source/uploads" / logo).read_bytes()
    assert revision_of(target) == revision_of(source)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        sums = {name: hashlib.sha256(tar.extractfile(name).read()).hexdigest() for name in names[1:]}
    assert names == ["manifest.json", DATABASE_MEMBER[KIND], f"uploads/{logo}"]
    assert (manifest["format"], manifest["format_version"], manifest["database"]) == ("treffpunkt-backup", 1, KIND)
    assert manifest["alembic_revision"] == revision_of(source)
    assert manifest["app_version"] == "0.1.0"
    assert {m["name"]: m["sha256"] for m in manifest["members"]} == sums
    assert manifest["members"][1]["size"] == (tmp_path / "source/uploads" / logo).stat().st_size


def test_create_refuses_to_overwrite_an_existing_file(source, tmp_path):
    archive = tmp_path / "old.tar.gz"
    archive.write_bytes(b"yesterday's backup")

    result = run(source, "create", str(archive))

    assert one_line_error(result) == f"Error: {archive} exists already; choose a new file name"
    assert archive.read_bytes() == b"yesterday's backup"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["old.tar.gz", "source"]


def test_restore_takes_a_migrated_instance_without_rows_and_refuses_a_filled_one_unless_forced(
    seeded_backup, target, tmp_path
):
    archive, emails, logo = seeded_backup
    with target.app_context():
        upgrade()  # what a fresh installation has after `flask db upgrade`

    into_empty = run(target, "restore", str(archive))
    seed(target, bookings=1, first=100, organizer="neu@example.org")  # the instance's own booking and logo since
    filled = confirmed_emails(target), sorted(path.name for path in (tmp_path / "target/uploads").iterdir())
    refused = run(target, "restore", str(archive))
    untouched = confirmed_emails(target), sorted(path.name for path in (tmp_path / "target/uploads").iterdir())
    forced = run(target, "restore", "--force", str(archive))

    assert into_empty.exit_code == 0, into_empty.output
    assert one_line_error(refused).startswith("Error: this instance is not empty (table ")
    assert refused.stderr.rstrip().endswith("restore with --force")
    assert untouched == filled
    assert filled[0] == {*emails, "person100@example.org"} and len(filled[1]) == 2
    assert forced.exit_code == 0, forced.output
    assert confirmed_emails(target) == set(emails)
    assert sorted(path.name for path in (tmp_path / "target/uploads").iterdir()) == [logo]


def rewritten(archive: Path, out: Path, change) -> Path:
    """A copy of `archive` with members changed by `change(name, data, manifest) -> (name, data)`; valid gzip."""
    with tarfile.open(archive) as tar:
        members = [(info.name, tar.extractfile(info).read()) for info in tar]
    manifest = json.loads(members[0][1])
    changed = [change(name, data, manifest) for name, data in members[1:]]
    with tarfile.open(out, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *changed]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def assert_target_untouched(target, tmp_path):
    with target.app_context():
        assert db.inspect(db.engine).get_table_names() == []
    assert not (tmp_path / "target/uploads").exists()


def test_a_truncated_archive_is_refused_and_changes_nothing(seeded_backup, target, tmp_path):
    data = seeded_backup[0].read_bytes()
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(data[: len(data) * 2 // 3])

    result = run(target, "restore", str(damaged))

    assert one_line_error(result).startswith(f"Error: {damaged} is damaged or not a Treffpunkt backup: ")
    assert_target_untouched(target, tmp_path)


def test_a_member_that_does_not_match_its_checksum_is_refused(seeded_backup, target, tmp_path):
    def flip_a_pixel_byte(name, data, manifest):
        return name, data[:-20] + bytes([data[-20] ^ 1]) + data[-19:] if name.startswith("uploads/") else data

    tampered = rewritten(seeded_backup[0], tmp_path / "tampered.tar.gz", flip_a_pixel_byte)

    result = run(target, "restore", str(tampered))

    with tarfile.open(tampered) as tar:
        [upload] = [name for name in tar.getnames() if name.startswith("uploads/")]
    assert one_line_error(result) == (
        f"Error: {tampered} is damaged or not a Treffpunkt backup: the checksum of {upload} does not match"
    )
    assert_target_untouched(target, tmp_path)


def test_a_backup_of_the_other_database_kind_is_refused(seeded_backup, target, tmp_path):
    def as_other_kind(name, data, manifest):
        manifest["database"] = OTHER_KIND
        for member in manifest["members"]:
            member["name"] = member["name"].replace(DATABASE_MEMBER[KIND], DATABASE_MEMBER[OTHER_KIND])
        return name.replace(DATABASE_MEMBER[KIND], DATABASE_MEMBER[OTHER_KIND]), data

    other = rewritten(seeded_backup[0], tmp_path / "other.tar.gz", as_other_kind)

    result = run(target, "restore", str(other))

    assert one_line_error(result) == (
        f"Error: {other} is a backup of a {OTHER_KIND} database; this instance uses {KIND}"
    )
    assert_target_untouched(target, tmp_path)


def test_a_backup_of_an_older_release_is_migrated_on_restore(source, target, tmp_path):
    seed(source)
    head = revision_of(source)
    with source.app_context():
        downgrade(revision="-1")
        try:
            manifest = create_backup(tmp_path / "old.tar.gz", now=utcnow())
        finally:
            upgrade()
            db.engine.dispose()

    with target.app_context():
        restore_backup(tmp_path / "old.tar.gz")

    assert manifest.alembic_revision != head
    assert revision_of(target) == head
    assert len(confirmed_emails(target)) == 3


@pytest.mark.skipif(not POSTGRES, reason="SQLite needs no client tools")
def test_create_without_pg_dump_says_so(source, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    result = run(source, "create", str(tmp_path / "b.tar.gz"))

    assert one_line_error(result) == (
        "Error: pg_dump not found on PATH; install the PostgreSQL client tools (e.g. postgresql-client)"
    )
    assert not (tmp_path / "b.tar.gz").exists()


def test_a_backup_during_a_booking_burst_holds_every_booking_confirmed_before_it(source, target, tmp_path):
    with source.app_context():
        make_user()
        event, day = event_on_sale(seats=5000)
        event_id, day_id = event.id, day.id
    confirmed: list[str] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def visitor(n: int) -> None:
        """Books and confirms one ticket after the other through the booking services, as the web views do."""
        for k in range(10_000):
            if stop.is_set():
                return
            try:
                with source.app_context():
                    event, day = db.session.get(Event, event_id), db.session.get(TicketType, day_id)
                    email = f"v{n}-{k}@example.org"
                    confirm_booking(book(event, [person(day, email=email)]), now=utcnow())
                    db.session.commit()
                confirmed.append(email)
            except BaseException as error:  # reported by the test, not lost in a thread
                failures.append(error)
                return

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 20
        while len(confirmed) < count and not failures and time.monotonic() < deadline:
            time.sleep(0.01)

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(BOOKERS)]
    for thread in threads:
        thread.start()
    try:
        wait_for(40)
        before = list(confirmed)
        with source.app_context():
            create_backup(tmp_path / "burst.tar.gz", now=utcnow())
        after_backup = len(confirmed)
        wait_for(after_backup + 10)  # the burst goes on after the backup, too
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    assert failures == []
    assert len(before) >= 40 and len(confirmed) >= after_backup + 10
    with target.app_context():
        restore_backup(tmp_path / "burst.tar.gz")
        restored = set(db.session.scalars(select(Booking.buyer_email).where(Booking.state == "confirmed")))
        valid, held = (
            db.session.scalar(select(func.count(Ticket.id)).where(Ticket.state == state)) for state in ("valid", "held")
        )
        seats_taken = db.session.scalar(select(Quota.seats_taken))
    assert set(before) <= restored <= set(confirmed)
    assert (valid, valid + held) == (len(restored), seats_taken)  # one snapshot: seats and tickets agree
    client = target.test_client()
    login(client)
    export = client.get(f"/manage/events/{event_id}/attendees/export.csv")
    assert (export.status_code, {email for email in before if email not in export.text}) == (200, set())
    assert client.get("/health").json["checks"]["migrations"] == "ok"


def test_restore_of_a_missing_file_says_so(target, tmp_path):
    with target.app_context(), pytest.raises(BackupError) as refused:
        restore_backup(tmp_path / "nothing.tar.gz")

    assert str(refused.value) == f"{tmp_path / 'nothing.tar.gz'} does not exist"
