"""Backups of a whole installation in one tar.gz: the database (SQLite through its online backup API, PostgreSQL
through `pg_dump`), the uploaded files and a manifest with each member's size and SHA-256; restoring one into an
empty instance.

Copying the SQLite file while the server writes loses committed rows: the online backup API and pg_dump both copy
one consistent snapshot while the server keeps running. Restoring checks the whole archive before it touches
anything, so a damaged archive changes nothing.
"""

import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path

from flask import current_app
from sqlalchemy import Engine, inspect, select, table, text

from core.extensions import db
from core.operations.backup_database import BackupError, dump_postgres, dump_sqlite, restore_postgres, restore_sqlite
from core.operations.health import REVISION_LINE

FORMAT = "treffpunkt-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/treffpunkt.sqlite3", "postgresql": "database/treffpunkt.pgdump"}
UPLOADS = "uploads"  # instance/uploads/, where partners/portal/uploads.py stores logos
# Member names are checked before anything is extracted: no absolute paths, no "..", no hidden files.
UPLOAD_MEMBER = re.compile(r"uploads(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    created_at: str
    database: str
    alembic_revision: str
    app_version: str
    members: tuple[Member, ...]

    @property
    def uploads(self) -> int:
        return sum(1 for member in self.members if member.name.startswith(UPLOADS + "/"))

    def as_json(self) -> str:
        members = [{"name": m.name, "size": m.size, "sha256": m.sha256} for m in self.members]
        fields = {k: getattr(self, k) for k in ("created_at", "database", "alembic_revision", "app_version")}
        return json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, **fields, "members": members}, indent=2)


def create_backup(archive: Path, *, now: datetime) -> Manifest:
    """Write the current app's database and uploads into a new archive at `archive`. :raises BackupError:"""
    archive = Path(archive)
    if archive.exists():
        raise BackupError(f"{archive} exists already; choose a new file name")
    if not archive.parent.is_dir():
        raise BackupError(f"directory {archive.parent} does not exist")
    kind = database_kind(db.engine)
    try:
        with tempfile.TemporaryDirectory(prefix=".treffpunkt-backup-", dir=archive.parent) as work:
            work = Path(work)
            dump = work / DATABASE_MEMBERS[kind]
            dump.parent.mkdir()
            revision = dump_sqlite(db.engine, dump) if kind == "sqlite" else dump_postgres(db.engine, dump)
            # After the database: a logo stored meanwhile is an unused file, never a row pointing at nothing.
            names = [DATABASE_MEMBERS[kind], *copy_uploads(upload_folder(), work)]
            members = tuple(Member(name, (work / name).stat().st_size, sha256_of(work / name)) for name in names)
            manifest = Manifest(now.isoformat(), kind, revision, app_version(), members)
            packed = work / "archive.tar.gz"
            write_archive(packed, manifest, work)
            packed.chmod(0o600)  # names and e-mail addresses of every attendee
            os.link(packed, archive)  # refuses to replace a file that appeared meanwhile, unlike rename
    except FileExistsError:
        raise BackupError(f"{archive} exists already; choose a new file name") from None
    except OSError as error:
        raise BackupError(f"cannot write the backup: {error}") from None
    return manifest


def restore_backup(archive: Path, *, force: bool = False) -> Manifest:
    """Restore `archive` into the current app's database and uploads, then migrate to the newest revision.

    Everything is checked first (manifest, every checksum, the database kind, the revision, an empty instance
    unless `force`), so a refused restore changes nothing. :raises BackupError:
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    instance = Path(current_app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    kind = database_kind(db.engine)
    with tempfile.TemporaryDirectory(prefix=".treffpunkt-restore-", dir=instance) as work:
        work = Path(work)
        manifest = unpack_verified(archive, work)
        if manifest.database != kind:
            raise BackupError(f"{archive} is a backup of a {manifest.database} database; this instance uses {kind}")
        if manifest.alembic_revision not in known_revisions():
            raise BackupError(
                f"{archive} was made by a newer Treffpunkt (revision {manifest.alembic_revision}); update first"
            )
        if not force and (content := instance_content(db.engine, upload_folder())):
            more = f" and {len(content) - 3} more" if len(content) > 3 else ""
            raise BackupError(f"this instance is not empty ({', '.join(content[:3])}{more}); restore with --force")
        dump = work / DATABASE_MEMBERS[kind]
        if kind == "sqlite":
            restore_sqlite(db.engine, dump)
        else:
            restore_postgres(db.engine, dump)
        replace_uploads(work / UPLOADS, upload_folder())
    upgrade_to_head()
    return manifest


def database_kind(engine: Engine) -> str:
    if engine.dialect.name not in DATABASE_MEMBERS:
        raise BackupError(f"cannot back up a {engine.dialect.name} database (only SQLite and PostgreSQL)")
    return engine.dialect.name


def upload_folder() -> Path:
    return Path(current_app.instance_path) / UPLOADS


def app_version() -> str:
    try:
        return version("treffpunkt")
    except PackageNotFoundError:
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_uploads(folder: Path, work: Path) -> list[str]:
    """Copy every file under the uploads folder into `work`; returns their member names."""
    names = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        name = f"{UPLOADS}/{path.relative_to(folder).as_posix()}"
        if path.is_file() and UPLOAD_MEMBER.fullmatch(name):
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, work / name)
            names.append(name)
    return names


def write_archive(packed: Path, manifest: Manifest, work: Path) -> None:
    """The manifest first, so a restore knows every checksum before it reads a member."""
    data = manifest.as_json().encode()
    with tarfile.open(packed, "w:gz") as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
        tar.addfile(info, fileobj=BytesIO(data))
        for member in manifest.members:
            info = tar.gettarinfo(work / member.name, arcname=member.name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with (work / member.name).open("rb") as file:
                tar.addfile(info, fileobj=file)


def unpack_verified(archive: Path, work: Path) -> Manifest:
    """Extract the archive into `work`, checking the manifest and every member's size and SHA-256."""
    damaged = f"{archive} is damaged or not a Treffpunkt backup"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(f"{damaged}: it does not start with {MANIFEST}")
            manifest = parse_manifest(tar.extractfile(first).read(), damaged)
            expected = {member.name: member for member in manifest.members}
            seen = set()
            while (info := tar.next()) is not None:  # streaming on: the manifest is read already
                member = expected.get(info.name)
                if member is None or info.name in seen or not info.isfile():
                    raise BackupError(f"{damaged}: unexpected member {info.name!r}")
                seen.add(info.name)
                extract_checked(tar, info, member, work / info.name, damaged)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"{damaged}: {error}") from None
    if missing := sorted(set(expected) - seen):
        raise BackupError(f"{damaged}: {missing[0]} is missing")
    return manifest


def extract_checked(tar: tarfile.TarFile, info: tarfile.TarInfo, member: Member, path: Path, damaged: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with tar.extractfile(info) as source, path.open("wb") as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    if size != member.size or digest.hexdigest() != member.sha256:
        raise BackupError(f"{damaged}: the checksum of {member.name} does not match")


def parse_manifest(data: bytes, damaged: str) -> Manifest:
    try:
        raw = json.loads(data)
        if raw["format"] != FORMAT:
            raise ValueError("unknown format")
        if raw["format_version"] > FORMAT_VERSION:
            raise BackupError(f"this backup has format {raw['format_version']}; update Treffpunkt to restore it")
        members = tuple(Member(str(m["name"]), int(m["size"]), str(m["sha256"])) for m in raw["members"])
        manifest = Manifest(
            str(raw["created_at"]), str(raw["database"]), str(raw["alembic_revision"]), str(raw["app_version"]), members
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{damaged}: unreadable manifest ({error})") from None
    names = [member.name for member in members]
    database = DATABASE_MEMBERS.get(manifest.database)
    uploads_ok = all(UPLOAD_MEMBER.fullmatch(name) for name in names if name != database)
    if database is None or names.count(database) != 1 or not uploads_ok or len(set(names)) != len(names):
        raise BackupError(f"{damaged}: the manifest lists unexpected members")
    return manifest


def known_revisions() -> set[str]:
    """Every Alembic revision this code knows (read without loading Alembic, as the health check does)."""
    found = set()
    for path in current_app.config["MIGRATIONS_FOLDER"].glob("*.py"):
        found.update(match["id"] for match in REVISION_LINE.finditer(path.read_text()) if not match["down"])
    return found


BOOKKEEPING_TABLES = ("alembic_version", "content_version")  # rows a fresh `flask db upgrade` writes


def instance_content(engine: Engine, uploads: Path) -> list[str]:
    """What makes an instance not empty: tables with rows (besides the migrations' bookkeeping: Alembic's revision,
    the page cache's content version) and uploaded files."""
    with engine.connect() as connection:
        names = [name for name in inspect(connection).get_table_names() if name not in BOOKKEEPING_TABLES]
        filled = [f"table {name}" for name in names if has_rows(connection, name)]
        connection.rollback()
    files = [path for path in uploads.rglob("*") if path.is_file()] if uploads.is_dir() else []
    return filled + ([f"{len(files)} uploaded files"] if files else [])


def has_rows(connection, name: str) -> bool:
    return connection.execute(select(text("1")).select_from(table(name)).limit(1)).first() is not None


def replace_uploads(restored: Path, folder: Path) -> None:
    """The uploads folder becomes the backup's: files of the replaced instance go."""
    if folder.exists():
        shutil.rmtree(folder)
    if restored.is_dir():
        shutil.move(restored, folder)
    else:
        folder.mkdir(parents=True)


def upgrade_to_head() -> None:
    """Migrate a restored database of an older release to this code's revision."""
    from flask_migrate import Migrate, upgrade

    if "migrate" not in current_app.extensions:
        Migrate(current_app, db, directory=str(current_app.config["MIGRATIONS_FOLDER"].parent))
    db.engine.dispose()
    upgrade()
